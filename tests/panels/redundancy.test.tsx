// @vitest-environment jsdom
import { act, cleanup, render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it } from "vitest";
import { App } from "../../src/app/App";
import { createHopscopeStore, HopscopeProvider, type HopscopeStore } from "../../src/store";

afterEach(cleanup);

/** The whole app on a scene, paused; `advance` moves the simulated clock (speed 1×). */
function setup(scene: string): { store: HopscopeStore; advance: (ms: number) => void } {
  const store = createHopscopeStore({ seed: 1, schedule: () => {} });
  store.getState().actions.loadScene(scene);
  store.getState().actions.setSpeed("1");
  render(
    <HopscopeProvider store={store}>
      <App />
    </HopscopeProvider>,
  );
  const advance = (ms: number) =>
    act(() => {
      for (let t = 0; t < ms; t += 100) store.getState().actions.tick(100);
    });
  return { store, advance };
}

/** A node's drawn text (its button's name plus its status), found by its component id. */
const node = (id: string) =>
  document.querySelector(`.react-flow__node[data-id='${id}']`) as HTMLElement;

describe("keepalived on the diagram", () => {
  it("the overview names the pair of load balancers and the virtual IP", () => {
    setup("ha-pair");
    const overview = within(screen.getByRole("region", { name: "Component details" }));
    expect(overview.getByText(/Two load balancers/)).toBeInTheDocument();
    expect(overview.getByText(/lb2\s+takes the address/)).toBeInTheDocument();
  });

  it("says MASTER / BACKUP and the priority in words, and where 8.8.8.8 is; after lb1 dies, lb2 is MASTER and holds it", () => {
    const { store, advance } = setup("ha-pair");
    const lb1 = within(node("lb1-keepalived"));
    const lb2 = within(node("lb2-keepalived"));
    expect(lb1.getByRole("button", { name: /MASTER · priority 150/ })).toBeInTheDocument();
    expect(node("lb1-keepalived")).toHaveTextContent(/Up · holds 8\.8\.8\.8/);
    expect(lb2.getByRole("button", { name: /BACKUP · priority 100/ })).toBeInTheDocument();
    expect(node("lb2-keepalived")).toHaveTextContent(/Up · 8\.8\.8\.8 on lb1/);
    // The machine's frame says it too, in words.
    expect(node("lb1")).toHaveTextContent("Holds 8.8.8.8");
    expect(node("lb2")).not.toHaveTextContent("Holds 8.8.8.8");

    act(() => store.getState().actions.play());
    act(() => store.getState().actions.kill("lb1"));
    advance(5_000);
    expect(lb2.getByRole("button", { name: /MASTER · priority 100/ })).toBeInTheDocument();
    expect(node("lb2-keepalived")).toHaveTextContent(/holds 8\.8\.8\.8/);
    expect(node("lb2")).toHaveTextContent("Holds 8.8.8.8");
    expect(lb1.getByRole("button", { name: /stopped/ })).toBeInTheDocument();
    expect(node("lb1-keepalived")).toHaveTextContent(/Down/);
  });
});

describe("the traffic strip on the pair", () => {
  it("shows the balancer that carries the traffic: lb1 at first, lb2 after the failover", () => {
    const { store, advance } = setup("ha-pair");
    act(() => store.getState().actions.play());
    advance(3_000);
    const cell = () =>
      screen.getByRole("region", { name: /^HAProxy \(lb\d\): requests per server$/ });
    expect(cell()).toHaveAccessibleName("HAProxy (lb1): requests per server");
    expect(within(cell()).getByRole("heading")).toHaveTextContent(/^Per serverlb1$/);
    act(() => store.getState().actions.kill("lb1"));
    advance(8_000);
    expect(cell()).toHaveAccessibleName("HAProxy (lb2): requests per server");
    const lines = within(cell()).getAllByRole("listitem");
    expect(lines.map((l) => l.textContent)).toEqual([
      expect.stringMatching(/^web1\d+% · 0 errUP$/),
      expect.stringMatching(/^web2\d+% · 0 errUP$/),
    ]);
  });
});

describe("a replicated MySQL", () => {
  it("shows its role, read-only and replication on the node", () => {
    const { store, advance } = setup("distributed");
    // At start the replica is still connecting to its source.
    expect(node("web2-mysql")).toHaveTextContent(/not replicating \(IO Connecting\)/);
    act(() => store.getState().actions.play());
    advance(1_000);
    expect(node("web1-mysql")).toHaveTextContent(/^MySQLprimary(?! ·)/);
    expect(node("web2-mysql")).toHaveTextContent(/replica · read-only/);
    expect(node("web2-mysql")).toHaveTextContent(/replicating, lag 0 s/);
  });

  it("Promote replica: refused with a notice while the primary runs; after the primary dies it promotes, and says what was lost", async () => {
    const { store, advance } = setup("db-failover");
    const user = userEvent.setup();
    act(() => store.getState().actions.select("web2-mysql"));
    const details = screen.getByRole("region", { name: "MySQL (web2)" });
    const promote = within(details).getByRole("button", { name: "Promote replica" });
    await user.click(promote);
    expect(screen.getByRole("status", { name: "Notices" })).toHaveTextContent(
      /still running as the primary/,
    );
    expect(store.getState().sim.componentState("web2-mysql").state).toMatchObject({
      role: "replica",
    });

    act(() => store.getState().actions.kill("web1-mysql"));
    await user.click(within(details).getByRole("button", { name: "Promote replica" }));
    act(() => store.getState().actions.play());
    advance(2_000);
    expect(node("web2-mysql")).toHaveTextContent(/^MySQLprimary(?! ·)/);
    expect(within(details).queryByRole("button", { name: "Promote replica" })).toBeNull();
    expect(
      within(details).getByRole("list", { name: "MySQL (web2): replication" }),
    ).toHaveTextContent(
      /Promoted at [\d.]+ s: (no write was lost|\d+ writes? (was|were) committed on the old primary and never replicated: lost)/,
    );
  });
});
