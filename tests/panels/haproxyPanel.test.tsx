// @vitest-environment jsdom
import { act, cleanup, render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it } from "vitest";
import type { ComponentState } from "../../src/engine";
import { Caption } from "../../src/panels/Caption";
import { Inspector } from "../../src/panels/Inspector";
import { Traffic } from "../../src/panels/Traffic";
import { sceneById } from "../../src/scenes/catalog";
import { createHopscopeStore, HopscopeProvider, setupOfScene } from "../../src/store";

afterEach(cleanup);

type Lb = Extract<ComponentState, { kind: "haproxy" }>["state"];

/** HAProxy's details open on the distributed scene, with the traffic strip. */
function setup(scene = "distributed") {
  const found = sceneById(scene);
  if (!found) throw new Error(scene);
  const store = createHopscopeStore({ seed: 1, setup: setupOfScene(found, 1) });
  const user = userEvent.setup();
  render(
    <HopscopeProvider store={store}>
      <Inspector />
      <Traffic />
    </HopscopeProvider>,
  );
  act(() => store.getState().actions.select("haproxy"));
  const lb = (): Lb => {
    const s = store.getState().sim.componentState("haproxy");
    if (s.kind !== "haproxy") throw new Error("no haproxy");
    return s.state;
  };
  return { store, user, lb, details: screen.getByRole("region", { name: "HAProxy" }) };
}

describe("HAProxy's details", () => {
  it("show the backend table: each server, its address and its state in words", () => {
    const { details } = setup();
    const table = within(details).getByRole("table", { name: "Backend web" });
    const rows = within(table).getAllByRole("row");
    expect(rows).toHaveLength(3);
    expect(within(table).getByRole("rowheader", { name: /web1/ })).toHaveTextContent(
      "10.0.0.11:80",
    );
    expect(rows[1]).toHaveTextContent("UP");
    expect(rows[1]).toHaveTextContent("none yet");
    expect(within(table).getByRole("columnheader", { name: "Last check" })).toBeTruthy();
  });

  it("switch the health check to HTTP", async () => {
    const { user, lb, details } = setup();
    const http = within(details).getByRole("radio", { name: /HTTP/ });
    expect(within(details).getByRole("radio", { name: /TCP/ })).toBeChecked();
    await user.click(http);
    expect(lb().checkType).toBe("http");
    expect(within(details).getByRole("radio", { name: /HTTP/ })).toBeChecked();
  });

  it("change the algorithm to leastconn", async () => {
    const { user, lb, details } = setup();
    const group = within(details).getByRole("group", { name: "Algorithm (balance)" });
    await user.click(within(group).getByRole("radio", { name: /leastconn/ }));
    expect(lb().algorithm).toBe("leastconn");
    expect(within(group).getByRole("radio", { name: /leastconn/ })).toBeChecked();
  });

  it("drain a server: its state reads DRAIN; draining it again is refused with a notice", async () => {
    const { store, user, lb, details } = setup();
    const drain = within(details).getByRole("button", { name: "Drain web1" });
    expect(drain).toHaveAttribute("aria-pressed", "false");
    await user.click(drain);
    expect(lb().servers[0]?.health.admin).toBe("drain");
    expect(within(details).getByRole("button", { name: "Drain web1" })).toHaveAttribute(
      "aria-pressed",
      "true",
    );
    expect(within(details).getByRole("table", { name: "Backend web" })).toHaveTextContent("DRAIN");
    await user.click(within(details).getByRole("button", { name: "Drain web1" }));
    expect(store.getState().notices.map((n) => n.text)).toContain(
      "web/web1 is already in drain state.",
    );
    await user.click(within(details).getByRole("button", { name: "Maint web2" }));
    expect(lb().servers[1]?.statusText).toBe("MAINT");
    await user.click(within(details).getByRole("button", { name: "Ready web1" }));
    expect(lb().servers[0]?.health.admin).toBe("ready");
  });

  it("are refused while HAProxy is stopped, and say so", async () => {
    const { store, user, lb, details } = setup();
    act(() => store.getState().actions.kill("haproxy"));
    await user.click(within(details).getByRole("button", { name: "Maint web1" }));
    expect(lb().servers[0]?.health.admin).toBe("ready");
    expect(store.getState().notices.map((n) => n.text)).toContain("HAProxy is not running.");
  });

  it("the traffic strip shows the distribution per backend", () => {
    const { store } = setup();
    act(() => {
      const { sim } = store.getState();
      sim.setTraffic(20);
      sim.advanceTo(5_000);
      store.getState().actions.pause();
    });
    const region = screen.getByRole("region", { name: "HAProxy: requests per server" });
    const items = within(region).getAllByRole("listitem");
    expect(items).toHaveLength(2);
    for (const item of items) expect(item.textContent).toMatch(/^web\d\d+% · 0 errUP$/);
    const sent = lb0(store).servers.map((s) => s.sent);
    expect(sent[0]).toBeGreaterThan(20);
    const share = Math.round(((sent[0] ?? 0) / sent.reduce((a, b) => a + b, 0)) * 100);
    expect(items[0]).toHaveTextContent(`web1${share}% · 0 err`);
  });

  it("the caption narrates the traffic over every application server", () => {
    cleanup();
    const store = createHopscopeStore({
      seed: 1,
      setup: setupOfScene(sceneById("tcp-check-trap") as never, 1),
    });
    render(
      <HopscopeProvider store={store}>
        <Caption />
      </HopscopeProvider>,
    );
    act(() => {
      store.getState().actions.play();
      for (let i = 0; i < 40; i++) store.getState().actions.tick(100);
      store.getState().actions.pause();
    });
    expect(document.body.textContent).toMatch(/visits\/s/);
  });

  it("the one-server stack has no distribution", () => {
    cleanup();
    const store = createHopscopeStore({ seed: 1 });
    render(
      <HopscopeProvider store={store}>
        <Traffic />
      </HopscopeProvider>,
    );
    expect(screen.queryByRole("region", { name: /requests per server/ })).toBeNull();
  });
});

function lb0(store: ReturnType<typeof createHopscopeStore>): Lb {
  const s = store.getState().sim.componentState("haproxy");
  if (s.kind !== "haproxy") throw new Error("no haproxy");
  return s.state;
}
