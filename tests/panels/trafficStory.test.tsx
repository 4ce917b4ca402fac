// @vitest-environment jsdom
import { act, cleanup, render, screen, within } from "@testing-library/react";
import { ReactFlowProvider } from "@xyflow/react";
import { afterEach, describe, expect, it } from "vitest";
import { Legend } from "../../src/canvas/Legend";
import { narrateTraffic } from "../../src/content/narration";
import { Caption } from "../../src/panels/Caption";
import { EventLog } from "../../src/panels/EventLog";
import { OutcomeBanner } from "../../src/panels/OutcomeBanner";
import { sceneById } from "../../src/scenes/catalog";
import { oneServerTopology } from "../../src/scenes/oneServer";
import {
  createHopscopeStore,
  HopscopeProvider,
  type HopscopeStore,
  setupOfScene,
} from "../../src/store";

afterEach(cleanup);

function storeOf(scene: string, autoplay = true): HopscopeStore {
  const found = sceneById(scene);
  if (!found) throw new Error(scene);
  return createHopscopeStore({
    topology: oneServerTopology,
    seed: 1,
    setup: setupOfScene(found, 1),
    autoplay,
  });
}

/** Runs the engine to `ms` of simulated time and publishes, as a pause does. */
function runTo(store: HopscopeStore, ms: number) {
  act(() => {
    store.getState().sim.advanceTo(ms);
    store.getState().actions.pause();
  });
}

function show(store: HopscopeStore, ui: React.ReactNode) {
  return render(<HopscopeProvider store={store}>{ui}</HopscopeProvider>);
}

describe("the caption narrates the traffic", () => {
  it("calm, then a surge with a full queue, in live numbers, then recovering", () => {
    const store = storeOf("surge");
    show(store, <Caption />);
    runTo(store, 8_000);
    expect(
      screen.getByText(/^Calm: 60 visits\/s, every page loads in about 0\.\d s\.$/),
    ).toBeTruthy();
    runTo(store, 25_000);
    const surge = screen.getByText(
      /^Surge: 600 visits\/s: the application server's 5 workers are all busy and [\d,]+ connections wait in its queue, pages in about [\d.]+ s\.$/,
    );
    expect(surge).toBeTruthy();
    runTo(store, 60_000);
    expect(
      screen.getByText(/^Recovering: back to 60 visits\/s, and the queue is draining/),
    ).toBeTruthy();
  });

  it("words for failures and for traffic that stopped", () => {
    const base = {
      rps: 600,
      baseRps: 60,
      surging: true,
      afterSurge: false,
      loaded: 100,
      waiting: 5_000,
      workers: 5,
    };
    expect(
      narrateTraffic({
        ...base,
        failed: 188,
        mainFailure: "504 Gateway Time-out",
        busy: 5,
        queued: 4096,
      }),
    ).toBe(
      "Surge: 600 visits/s: the application server's 5 workers are all busy and 4,096 connections wait in its queue. 188 visits failed in the last second (504 Gateway Time-out).",
    );
    expect(
      narrateTraffic({
        ...base,
        rps: 0,
        baseRps: 0,
        surging: false,
        failed: 0,
        busy: 5,
        queued: 10,
      }),
    ).toBe("No new users; 5,000 still wait for a page.");
    // A queue at the base rate is a surge's draining only after a surge: a burst of arrivals
    // at 60 visits/s queues a few connections too, and that is calm.
    const calmQueue = { ...base, rps: 60, surging: false, failed: 0, busy: 5, queued: 3 };
    expect(narrateTraffic(calmQueue)).toMatch(/^60 visits\/s: the application server's 5 workers/);
    expect(narrateTraffic({ ...calmQueue, afterSurge: true })).toMatch(/^Recovering: back to 60/);
    // Users arrive and wait, and nothing loads or fails: the site hangs, which is not calm.
    const hanging = { ...base, rps: 20, surging: false, failed: 0, busy: 0, queued: 0 };
    expect(narrateTraffic({ ...hanging, loaded: 0, waiting: 73, p50Ms: 400 })).toBe(
      "20 visits/s, but no page loaded in the last second: 73 users wait for one.",
    );
    expect(narrateTraffic({ ...hanging, loaded: 20, waiting: 8, p50Ms: 400 })).toBe(
      "Calm: 20 visits/s, every page loads in about 0.4 s.",
    );
  });

  it("a visit's own step is not drowned by the traffic's line", () => {
    const store = storeOf("deploy");
    show(store, <Caption />);
    runTo(store, 3_000);
    expect(screen.getByText(/^Calm: 20 visits\/s, every page loads/)).toBeTruthy();
    runTo(store, 5_500); // the upload ends at 5 s: a deploy step, then a traffic sample
    expect(screen.getByText(/^A step of the deploy on the server/)).toBeTruthy();
  });
});

describe("the event log samples the traffic", () => {
  it("one line a second, not one per request, and a run of them folded into its newest", () => {
    const store = storeOf("surge");
    show(store, <EventLog />);
    runTo(store, 5_000);
    const log = screen.getByRole("log", { name: "Event log" });
    // Five seconds of traffic in the trace, one line each…
    const samples = store
      .getState()
      .sim.trace.filter((e) => e.type === "note" && e.step === "traffic.sample");
    expect(samples).toHaveLength(5);
    // …shown as one line that says how long it stands for, after the scene's one setting.
    const items = within(log).getAllByRole("listitem");
    expect(items).toHaveLength(2);
    expect(items[1]).toHaveTextContent(
      /Users · the last 5 s, newest shown\s*Traffic: 60 visits\/s; last second: \d+ arrived, \d+ loaded, 0 failed; \d+ waiting/,
    );
    expect(items[1]).toHaveTextContent(samples[4]?.type === "note" ? samples[4].summary : "?");
    // Something else in between breaks the run: a visit's lines, then the traffic's again.
    act(() => store.getState().actions.visit());
    runTo(store, 7_000);
    const after = within(log).getAllByRole("listitem");
    expect(after.filter((li) => li.textContent?.includes("Traffic:")).length).toBe(2);
  });
});

describe("the outcome banner (embeds)", () => {
  it("shows the latest visit's result and keeps it: a 500 with the page's words", () => {
    const store = storeOf("mysql-down");
    show(store, <OutcomeBanner />);
    const banner = screen.getByRole("region", { name: "Outcome" });
    expect(within(banner).getByRole("status")).toHaveTextContent("Loading www.foobar.com/…");
    runTo(store, 2_000);
    expect(within(banner).getByRole("status")).toHaveTextContent(
      "500 Internal Server Error · Error establishing a database connection",
    );
    runTo(store, 60_000); // long after: still there
    expect(within(banner).getByRole("status")).toHaveTextContent("500 Internal Server Error");
    // With the caption line under it.
    expect(within(banner).getByText("Now")).toBeTruthy();
  });

  it("Chrome's error code, or the load time", () => {
    const refused = storeOf("nginx-down");
    const { unmount } = show(refused, <OutcomeBanner />);
    runTo(refused, 2_000);
    expect(screen.getByRole("status")).toHaveTextContent(
      "ERR_CONNECTION_REFUSED · www.foobar.com refused to connect.",
    );
    unmount();
    const fine = storeOf("first-visit");
    show(fine, <OutcomeBanner />);
    runTo(fine, 5_000);
    expect(screen.getByRole("status")).toHaveTextContent(
      /^Loaded in 0\.\d s · 200 OK: the page and its files$/,
    );
  });
});

describe("the packet legend", () => {
  it("pairs each packet colour with a word", () => {
    render(
      <ReactFlowProvider>
        <Legend />
      </ReactFlowProvider>,
    );
    const list = screen.getByRole("list", { name: "Packet colours" });
    expect(
      within(list)
        .getAllByRole("listitem")
        .map((li) => li.textContent),
    ).toEqual(["DNS", "TCP", "Request", "Response", "SQL", "Error", "×Lost"]);
  });
});
