// @vitest-environment jsdom
import { act, cleanup, render, screen, within } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import { Timeline } from "../../src/panels/Timeline";
import { oneServerTopology } from "../../src/scenes/oneServer";
import { createHopscopeStore, HopscopeProvider } from "../../src/store";

afterEach(cleanup);

function setup() {
  const store = createHopscopeStore({ topology: oneServerTopology, seed: 1 });
  const { container } = render(
    <HopscopeProvider store={store}>
      <Timeline />
    </HopscopeProvider>,
  );
  const region = screen.getByRole("region", { name: "Outage timeline" });
  const finish = () =>
    act(() => {
      store.getState().sim.runUntilIdle();
      store.getState().actions.pause();
    });
  return { store, region, container, finish };
}

describe("the outage timeline", () => {
  it("counts failures under the words a user reads", () => {
    const { store, region, finish } = setup();
    act(() => {
      store.getState().sim.kill("mysql");
      store.getState().actions.visit();
    });
    finish();
    act(() => {
      store.getState().sim.revive("mysql");
      store.getState().sim.kill("nginx");
      store.getState().actions.visit();
    });
    finish();
    const count = (term: string) =>
      within(region).getByText(term).closest("div")?.querySelector("dd")?.textContent;
    expect(count("500 Internal Server Error")).toBe("1");
    expect(count("ERR_CONNECTION_REFUSED")).toBe("1");
    expect(region.textContent).not.toMatch(/http_\d|Connection refused/);
  });

  it("labels bands with whole words, a short name first: MySQL down, Nginx down, App slow", () => {
    const { store, container, region, finish } = setup();
    act(() => {
      const { sim } = store.getState();
      sim.kill("mysql");
      sim.kill("nginx");
      sim.setSlow("app", true);
      store.getState().actions.visit();
    });
    finish();
    const bands = [...container.querySelectorAll(".band")].map((b) =>
      [...b.querySelectorAll(".band-word")].map((w) => w.textContent),
    );
    expect(bands).toEqual([
      ["MySQL", "down"],
      ["Nginx", "down"],
      ["App", "slow"],
    ]);
    // The full names stay in the text a screen reader reads.
    expect(region).toHaveTextContent("MySQL down from");
    expect(region).toHaveTextContent("Application server slow from");
  });
});
