// @vitest-environment jsdom
import { act, cleanup, render } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import { oneServerTopology } from "../../src/scenes/oneServer";
import { createHopscopeStore, HopscopeProvider, useNodeView } from "../../src/store";

afterEach(cleanup);

const renders = new Map<string, number>();

/** Renders what a node would show, and counts its renders. */
function Probe({ id }: { id: string }) {
  renders.set(id, (renders.get(id) ?? 0) + 1);
  const view = useNodeView(id);
  return (
    <p>
      {id}: {view?.status.word} · {view?.status.activity}
    </p>
  );
}

describe("a node re-renders when what it shows changes, not on every update", () => {
  it("under 2,000 visits/s, an idle root server's node does not render again; the app server's does", () => {
    renders.clear();
    const store = createHopscopeStore({ topology: oneServerTopology, seed: 1 });
    const ids = ["root", "tld", "auth", "app", "nginx"];
    const { container } = render(
      <HopscopeProvider store={store}>
        {ids.map((id) => (
          <Probe key={id} id={id} />
        ))}
      </HopscopeProvider>,
    );
    // A first visit warms the resolver's cache (it asks the root and .com servers once).
    act(() => {
      store.getState().actions.visit();
      store.getState().sim.runUntilIdle();
      store.getState().actions.pause();
    });
    for (const id of ids) renders.set(id, 0);
    act(() => store.getState().actions.setRps(2_000));
    // Two seconds of real time at 1×, frame by frame (each its own task, as in the browser):
    // about twenty published updates.
    for (let t = 0; t < 2_000; t += 16) act(() => store.getState().actions.tick(16));
    // The resolver answers the new users from its cache: the root and .com servers stay idle.
    expect(renders.get("root")).toBe(0);
    expect(renders.get("tld")).toBe(0);
    expect(renders.get("app")).toBeGreaterThan(5);
    expect(container.textContent).toMatch(/app: Working · 5\/5 workers, \d+ waiting/);
  });

  it("renders again when the component's own state changes (killed)", () => {
    renders.clear();
    const store = createHopscopeStore({ topology: oneServerTopology, seed: 1 });
    const { container } = render(
      <HopscopeProvider store={store}>
        <Probe id="root" />
      </HopscopeProvider>,
    );
    act(() => store.getState().actions.kill("root"));
    expect(renders.get("root")).toBe(2);
    expect(container.textContent).toBe("root: Down · killed");
  });
});
