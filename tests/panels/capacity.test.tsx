// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen, within } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import { Inspector } from "../../src/panels/Inspector";
import { Notices } from "../../src/panels/Notices";
import { oneServerTopology } from "../../src/scenes/oneServer";
import { createHopscopeStore, HopscopeProvider } from "../../src/store";

afterEach(cleanup);

function setup(selected: string) {
  const store = createHopscopeStore({ topology: oneServerTopology, seed: 1 });
  act(() => store.getState().actions.select(selected));
  render(
    <HopscopeProvider store={store}>
      <Inspector />
      <Notices />
    </HopscopeProvider>,
  );
  return store;
}

const setting = (sim: { topology: { specs: readonly unknown[] } }, id: string, key: string) =>
  (sim.topology.specs.find((c) => (c as { id: string }).id === id) as Record<string, unknown>)[key];

describe("capacities in the details panel", () => {
  it("shows the app server's limits and applies a new value", () => {
    const store = setup("app");
    const details = within(screen.getByRole("region", { name: "Application server" }));
    const workers = details.getByRole("spinbutton", { name: "Workers (pm.max_children)" });
    expect(workers).toHaveValue(5);
    fireEvent.change(workers, { target: { value: "12" } });
    fireEvent.blur(workers);
    expect(setting(store.getState().sim, "app", "workers")).toBe(12);
    expect(details.getByRole("spinbutton", { name: "Workers (pm.max_children)" })).toHaveValue(12);
  });

  it("refuses an out-of-range value with a notice and keeps the old one", () => {
    const store = setup("mysql");
    const details = within(screen.getByRole("region", { name: "MySQL" }));
    const max = details.getByRole("spinbutton", { name: "max_connections" });
    expect(max).toHaveValue(151);
    fireEvent.change(max, { target: { value: "0" } });
    fireEvent.blur(max);
    expect(setting(store.getState().sim, "mysql", "maxConnections")).toBe(151);
    expect(details.getByRole("spinbutton", { name: "max_connections" })).toHaveValue(151);
    expect(
      within(screen.getByRole("status", { name: "Notices" })).getByText(/between 1 and 10000/),
    ).toBeInTheDocument();
  });

  it("the server's CPU cores", () => {
    const store = setup("server");
    const cores = within(screen.getByRole("region", { name: "Server 8.8.8.8" })).getByRole(
      "spinbutton",
      {
        name: "CPU cores",
      },
    );
    fireEvent.change(cores, { target: { value: "4" } });
    fireEvent.blur(cores);
    expect(store.getState().sim.cpu("server")?.cores).toBe(4);
  });
});
