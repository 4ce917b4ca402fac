import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { sceneById } from "../../src/scenes/catalog";
import { createHopscopeStore, type HopscopeStore } from "../../src/store/hopscopeStore";
import { setupOfScene } from "../../src/store/setup";

/** A store on `scene`, with a wall clock that stands still (the pace never adapts). */
function storeOn(scene: string, seed = 1): HopscopeStore {
  const found = sceneById(scene);
  if (!found) throw new Error(scene);
  return createHopscopeStore({ seed, setup: setupOfScene(found, seed), wallClock: () => 0 });
}

/**
 * Everything the run shows, in one string: every kept trace entry, the totals, each component's
 * health, the packets in flight, the traffic, the metrics and the outage timeline.
 */
function snapshot(store: HopscopeStore): string {
  const { sim, metrics, outage } = store.getState();
  const health = sim.topology.specs.map((s) => sim.health(s.id));
  const packets = Array.from({ length: sim.packets.count }, (_, i) => [
    sim.packets.depart[i],
    sim.packets.arrive[i],
  ]);
  return JSON.stringify({
    now: sim.now,
    total: sim.traceTotal,
    trace: sim.trace,
    stats: sim.stats(),
    counts: sim.visitCounts(),
    health,
    packets,
    traffic: sim.trafficState(),
    events: sim.eventsProcessed,
    metrics: metrics.map((m) => ({ ...m, rates: undefined })),
    outage,
  });
}

/** What a test may do to the run, and when. */
type Step = { at: number; act: (s: HopscopeStore) => void; name: string };

const ACTS_ONE_SERVER: readonly [string, (s: HopscopeStore) => void][] = [
  ["visit", (s) => s.getState().actions.visit()],
  ["kill mysql", (s) => s.getState().actions.kill("mysql")],
  ["revive mysql", (s) => s.getState().actions.revive("mysql")],
  ["slow app", (s) => s.getState().actions.toggleSlow("app")],
  ["traffic 40", (s) => s.getState().actions.setRps(40)],
  ["traffic 0", (s) => s.getState().actions.setRps(0)],
  ["kill nginx", (s) => s.getState().actions.kill("nginx")],
  ["revive nginx", (s) => s.getState().actions.revive("nginx")],
  ["workers 2", (s) => s.getState().actions.configure("app", "workers", 2)],
  ["deploy", (s) => s.getState().actions.deploy()],
  ["surge", (s) => s.getState().actions.surge()],
];

/** Plays the steps at their times with the clock's own `advanceTo`, then on to `end`. */
function playStraight(store: HopscopeStore, steps: readonly Step[], end: number): void {
  const { actions } = store.getState();
  actions.play();
  for (const step of steps) {
    actions.advanceTo(step.at);
    step.act(store);
  }
  actions.advanceTo(end);
}

const stepsArb = fc
  .array(
    fc.record({
      at: fc.integer({ min: 0, max: 8_000 }),
      which: fc.integer({ min: 0, max: ACTS_ONE_SERVER.length - 1 }),
    }),
    { maxLength: 6 },
  )
  .map((raw) =>
    raw
      .sort((a, b) => a.at - b.at)
      .map(({ at, which }) => {
        const [name, act] = ACTS_ONE_SERVER[which] as [string, (s: HopscopeStore) => void];
        return { at, act, name };
      }),
  );

describe("time travel", () => {
  it("seeking to any moment and playing on gives the same run as playing straight through", () => {
    fc.assert(
      fc.property(stepsArb, fc.integer({ min: 0, max: 10_000 }), (steps, seekTo) => {
        const end = 10_000;
        const straight = storeOn("first-visit");
        playStraight(straight, steps, end);
        const expected = snapshot(straight);

        const travelled = storeOn("first-visit");
        playStraight(travelled, steps, end);
        travelled.getState().actions.seek(seekTo);
        expect(travelled.getState().sim.now).toBe(seekTo);
        expect(travelled.getState().playing).toBe(false);
        travelled.getState().actions.play();
        travelled.getState().actions.advanceTo(end);
        expect(snapshot(travelled)).toBe(expected);
      }),
      { numRuns: 25 },
    );
  });

  it("a seek shows the moment exactly as it was when it was played", () => {
    const store = storeOn("mysql-down");
    const { actions } = store.getState();
    actions.play();
    actions.advanceTo(150);
    const then = snapshot(store);
    actions.advanceTo(2_500);
    expect(store.getState().sim.visitCounts().finished.http_500).toBe(1);
    actions.seek(150);
    expect(snapshot(store)).toBe(then);
    // Forward again, without rebuilding, to where it was.
    actions.seek(2_500);
    expect(store.getState().sim.now).toBe(2_500);
    expect(store.getState().history.head).toBe(2_500);
  });

  it("on a load-balanced scene with traffic and a timed kill, a seek back replays it exactly", () => {
    const straight = storeOn("server-failover");
    straight.getState().actions.play();
    straight.getState().actions.advanceTo(20_000);
    const expected = snapshot(straight);
    expect(straight.getState().sim.health("web1").killed).toBe(true);

    const travelled = storeOn("server-failover");
    travelled.getState().actions.play();
    travelled.getState().actions.advanceTo(20_000);
    travelled.getState().actions.seek(4_000);
    // Before the scene's kill at 10 s: web1 is up again.
    expect(travelled.getState().sim.health("web1").killed).toBe(false);
    travelled.getState().actions.play();
    travelled.getState().actions.advanceTo(20_000);
    expect(snapshot(travelled)).toBe(expected);
  });

  it("plays on through the frames after a seek back (the scheduled acts happen at their times)", () => {
    const straight = storeOn("first-visit");
    playStraight(
      straight,
      [
        { at: 0, act: (s) => s.getState().actions.visit(), name: "visit" },
        { at: 400, act: (s) => s.getState().actions.kill("mysql"), name: "kill" },
        { at: 900, act: (s) => s.getState().actions.visit(), name: "visit" },
      ],
      3_000,
    );
    const expected = snapshot(straight);
    const { actions } = straight.getState();
    actions.seek(100);
    actions.setSpeed("10");
    actions.play();
    for (let i = 0; i < 400 && straight.getState().sim.now < 3_000; i++) actions.tick(16);
    actions.pause();
    // The frames stop where they stop; the run up to 3 s is the same one.
    expect(straight.getState().sim.now).toBeGreaterThanOrEqual(3_000);
    actions.seek(3_000);
    expect(snapshot(straight)).toBe(expected);
  });

  it("Step back, then Step, returns to the identical state", () => {
    const store = storeOn("first-visit");
    const { actions } = store.getState();
    actions.visit();
    actions.pause();
    // Step forward a few entries, then look at the state there.
    for (let n = 0; n < 8; n++) {
      actions.step();
      for (let i = 0; i < 2_000 && store.getState().playing; i++) actions.tick(16);
    }
    const here = snapshot(store);
    const hereTotal = store.getState().sim.traceTotal;
    actions.stepBack();
    expect(store.getState().sim.traceTotal).toBeLessThan(hereTotal);
    expect(store.getState().playing).toBe(false);
    actions.step();
    for (let i = 0; i < 2_000 && store.getState().playing; i++) actions.tick(16);
    expect(snapshot(store)).toBe(here);
  });

  it("acting in the past starts a new line and keeps the old one to switch back to", () => {
    const store = storeOn("first-visit");
    const { actions } = store.getState();
    actions.setRps(20);
    actions.advanceTo(6_000);
    const before = snapshot(store);
    actions.seek(2_000);
    actions.kill("mysql");
    const { history } = store.getState();
    expect(history.head).toBe(2_000);
    expect(history.other).toMatchObject({ parted: 2_000, head: 6_000, without: "kill mysql" });
    actions.play();
    actions.advanceTo(6_000);
    const withKill = snapshot(store);
    expect(withKill).not.toBe(before);
    expect(store.getState().sim.stats().finished.http_500).toBeGreaterThan(0);
    // Back to the old line, at the same moment: the run without the kill.
    actions.switchLine();
    expect(store.getState().sim.now).toBe(6_000);
    expect(snapshot(store)).toBe(before);
    expect(store.getState().history.other).toMatchObject({ parted: 2_000, had: "kill mysql" });
    // And forth again.
    actions.switchLine();
    expect(snapshot(store)).toBe(withKill);
  });

  it("keyframes taken while playing: going back starts from the nearest copy, and gives the same run", () => {
    const played = storeOn("server-failover");
    const { actions } = played.getState();
    actions.setSpeed("10");
    actions.play();
    for (let i = 0; i < 5_000 && played.getState().sim.now < 30_000; i++) actions.tick(16);
    actions.pause();
    // Straight to 12 s with the clock's own advanceTo: no keyframe, no copy.
    const straight = storeOn("server-failover");
    straight.getState().actions.play();
    straight.getState().actions.advanceTo(12_000);
    expect(straight.getState().sim.copiedObjects).toBe(0);

    actions.seek(12_000);
    // A copy of the keyframe at 10 s, played on for 2 s.
    expect(played.getState().sim.copiedObjects).toBeGreaterThan(0);
    expect(snapshot(played)).toBe(snapshot(straight));

    // Step back from there starts from the keyframe kept at the last whole second before 12 s.
    actions.stepBack();
    const back = played.getState().sim.now;
    expect(back).toBeLessThan(12_000);
    expect(played.getState().sim.copiedObjects).toBeGreaterThan(0);
    const straightBack = storeOn("server-failover");
    straightBack.getState().actions.play();
    straightBack.getState().actions.advanceTo(back);
    expect(snapshot(played)).toBe(snapshot(straightBack));
    actions.seek(12_000);
    expect(snapshot(played)).toBe(snapshot(straight));

    // Acting there starts a new line from the keyframe's copy; it plays as a straight run does.
    actions.kill("web2");
    actions.play();
    actions.advanceTo(20_000);
    straight.getState().actions.kill("web2");
    straight.getState().actions.advanceTo(20_000);
    expect(snapshot(played)).toBe(snapshot(straight));
  });

  it("scrubbing into a rolling deploy (no keyframe can be taken while it runs) replays it exactly", () => {
    const played = storeOn("rolling-deploy");
    const { actions } = played.getState();
    actions.setSpeed("10");
    actions.play();
    for (let i = 0; i < 8_000 && played.getState().sim.now < 60_000; i++) actions.tick(16);
    actions.pause();
    const straight = storeOn("rolling-deploy");
    straight.getState().actions.play();
    straight.getState().actions.advanceTo(23_456);
    expect(straight.getState().sim.deployState()?.phase).toBe("upload");
    actions.seek(23_456);
    expect(played.getState().sim.deployState()?.host).toBe("web2");
    expect(snapshot(played)).toBe(snapshot(straight));
    // And on to the end of the deploy, as it went.
    actions.play();
    actions.advanceTo(60_000);
    straight.getState().actions.advanceTo(60_000);
    expect(snapshot(played)).toBe(snapshot(straight));
  });

  it("refuses what is not a moment, and says there is nothing before time 0", () => {
    const store = storeOn("first-visit");
    const { actions } = store.getState();
    actions.stepBack();
    expect(store.getState().notices.map((n) => n.text)).toContain(
      "Already at the start: there is nothing before time 0.",
    );
    actions.visit();
    actions.advanceTo(300);
    const here = snapshot(store);
    actions.seek(Number.NaN);
    expect(store.getState().notices.map((n) => n.text)).toContain(
      "NaN is not a moment of this run.",
    );
    expect(snapshot(store)).toBe(here);
    // Beyond the run's end goes to its end; before 0 goes to 0.
    actions.seek(1e12);
    expect(store.getState().sim.now).toBe(300);
    actions.seek(-5);
    expect(store.getState().sim.now).toBe(0);
    actions.switchLine();
    expect(store.getState().notices.map((n) => n.text)).toContain(
      "There is no other line of history: act in the past to start one.",
    );
  });

  it("a run's acts can be loaded into a fresh store (a shared link) and give the same moment", () => {
    const a = storeOn("first-visit");
    playStraight(
      a,
      [
        { at: 0, act: (s) => s.getState().actions.setRps(30), name: "rps" },
        { at: 1_500, act: (s) => s.getState().actions.kill("app"), name: "kill" },
      ],
      4_000,
    );
    const expected = snapshot(a);
    const moments = JSON.parse(JSON.stringify(a.getState().actions.moments()));
    const b = storeOn("first-visit");
    b.getState().actions.loadRun(moments, 4_000);
    expect(snapshot(b)).toBe(expected);
  });
});
