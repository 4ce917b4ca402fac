// @vitest-environment jsdom
import { act, cleanup, render, screen, within } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import { BrowserView } from "../../src/panels/BrowserView";
import { oneServerTopology } from "../../src/scenes/oneServer";
import { createHopscopeStore, HopscopeProvider, type HopscopeStore } from "../../src/store";

afterEach(cleanup);

function setup(): HopscopeStore {
  const store = createHopscopeStore({ topology: oneServerTopology, seed: 1 });
  render(
    <HopscopeProvider store={store}>
      <BrowserView />
    </HopscopeProvider>,
  );
  return store;
}

const view = () => within(screen.getByRole("region", { name: "Browser view" }));

/**
 * Plays the engine one event at a time, publishing after each (as the clock does on every
 * frame), until nothing is scheduled; then publishes a few more times. Returns each text
 * the live region held, with repeats folded: what a screen reader was given to say.
 */
function playRecording(store: HopscopeStore): string[] {
  const said: string[] = [];
  const record = () => {
    const text = view().getByRole("status").textContent ?? "";
    if (said.at(-1) !== text) said.push(text);
  };
  record();
  for (let i = 0; i < 10_000 && store.getState().sim.nextEventTime() !== Infinity; i++) {
    act(() => {
      store.getState().sim.step();
      store.getState().actions.pause(); // publishes, as a clock update does
    });
    record();
  }
  for (let i = 0; i < 3; i++) {
    act(() => store.getState().actions.pause());
    record();
  }
  return said;
}

describe("the browser view's outcome, for screen readers", () => {
  it("is said once per visit, in a polite live region that the clock does not touch", () => {
    const store = setup();
    // The one live region in the view; "Waiting for www.foobar.com… (0.3 s)" is not live.
    expect(view().getAllByRole("status")).toHaveLength(1);
    expect(view().getByRole("status")).toHaveTextContent(/^$/);

    act(() => store.getState().actions.visit());
    act(() => store.getState().actions.pause());
    expect(view().getByText(/Waiting for www\.foobar\.com/)).toBeInTheDocument();
    expect(view().getAllByRole("status")).toHaveLength(1);

    const first = playRecording(store);
    const visit = store.getState().sim.visits[0];
    const ms = Math.round((visit?.endedAt ?? 0) - (visit?.startedAt ?? 0));
    expect(ms).toBeGreaterThan(0);
    expect(first).toEqual(["", `Loaded www.foobar.com in ${ms} ms (visit 1)`]);

    // MySQL down: the application's error page, said once, for the second visit.
    act(() => store.getState().actions.kill("mysql"));
    act(() => store.getState().actions.visit());
    const second = playRecording(store);
    expect(second).toHaveLength(2);
    expect(second[1]).toMatch(
      /^500 Internal Server Error: Error establishing a database connection, after \d+ ms \(visit 2\)$/,
    );
  });

  it("says Chrome's error for a refused connection, and nothing for a visit that ended before it appeared", () => {
    const store = createHopscopeStore({ topology: oneServerTopology, seed: 1 });
    act(() => {
      store.getState().actions.kill("nginx");
      store.getState().actions.visit();
      store.getState().sim.runUntilIdle();
      store.getState().actions.pause();
    });
    render(
      <HopscopeProvider store={store}>
        <BrowserView />
      </HopscopeProvider>,
    );
    // The page shows the refusal, but it is old news: the region starts empty.
    expect(view().getByText("ERR_CONNECTION_REFUSED")).toBeInTheDocument();
    expect(view().getByRole("status")).toHaveTextContent(/^$/);
    act(() => store.getState().actions.visit());
    expect(playRecording(store)).toEqual([
      "",
      "ERR_CONNECTION_REFUSED: www.foobar.com refused to connect. (visit 2)",
    ]);
  });
});
