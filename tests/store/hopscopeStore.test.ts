import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type HopEntry, OUTCOMES, Outcome, type TraceEntry } from "../../src/engine";
import { oneServerTopology } from "../../src/scenes/oneServer";
import { hopRealMs } from "../../src/store/clock";
import { createHopscopeStore, type HopscopeStore } from "../../src/store/hopscopeStore";
import { SPEEDS, type SpeedId } from "../../src/store/speed";

const FRAME_MS = 16;

function fresh(): HopscopeStore {
  return createHopscopeStore({ topology: oneServerTopology, seed: 1 });
}

/** Ticks in 16 ms frames for `realMs` of wall time (the last frame may be shorter). */
function run(store: HopscopeStore, realMs: number): void {
  for (let t = 0; t < realMs; t += FRAME_MS) {
    store.getState().actions.tick(Math.min(FRAME_MS, realMs - t));
  }
}

function hops(store: HopscopeStore): HopEntry[] {
  return store.getState().sim.trace.filter((e): e is HopEntry => e.type === "hop");
}

/** The plain playback fields, for compact assertions. */
function playback(store: HopscopeStore) {
  const { playing, speed, stepping, selected, now, traceLength, busy, seed } = store.getState();
  return { playing, speed, stepping, selected, now, traceLength, busy, seed };
}

const timeOf = (e: TraceEntry): number => (e.type === "hop" ? e.depart : e.at);

/** Ticks in 16 ms frames until playback stops; returns the number of frames. */
function untilStopped(store: HopscopeStore, maxFrames = 2000): number {
  let frames = 0;
  while (store.getState().playing && frames < maxFrames) {
    store.getState().actions.tick(FRAME_MS);
    frames++;
  }
  return frames;
}

function firstHop(store: HopscopeStore): HopEntry {
  const hop = hops(store)[0];
  if (!hop) throw new Error("no hop yet");
  return hop;
}

describe("createHopscopeStore", () => {
  it("starts stopped, in slow motion, with an empty engine", () => {
    const store = fresh();
    expect(playback(store)).toEqual({
      playing: false,
      speed: "slow",
      stepping: false,
      selected: undefined,
      now: 0,
      traceLength: 0,
      busy: false,
      seed: 1,
    });
    expect(store.getState().notices).toEqual([]);
    expect(store.getState().sim.trace).toHaveLength(0);
  });

  it("turns start-up messages into warning notices with distinct ids", () => {
    const store = createHopscopeStore({
      topology: oneServerTopology,
      seed: 1,
      notices: ["one", "two"],
    });
    const { notices } = store.getState();
    expect(notices.map((n) => [n.text, n.tone])).toEqual([
      ["one", "warning"],
      ["two", "warning"],
    ]);
    expect(new Set(notices.map((n) => n.id)).size).toBe(2);
  });
});

describe("visit", () => {
  it("starts playing and publishes the first hop at once", () => {
    const store = fresh();
    let updates = 0;
    store.subscribe(() => updates++);
    store.getState().actions.visit();
    const s = store.getState();
    expect(updates).toBeGreaterThan(0);
    expect(s.playing).toBe(true);
    expect(s.busy).toBe(true);
    expect(s.traceLength).toBe(s.sim.trace.length);
    expect(s.traceLength).toBeGreaterThan(0);
    expect(s.stats.visitsInFlight).toBe(1);
    expect(firstHop(store)).toMatchObject({
      from: "browser",
      to: "resolver",
      summary: "A? www.foobar.com.",
    });
  });

  it("sends the visit to the host it is given", () => {
    const store = fresh();
    store.getState().actions.visit("foobar.com");
    expect(store.getState().sim.visits[0]?.url).toBe("http://foobar.com/");
  });
});

describe("a page at rest asks for no frames", () => {
  it("tick says whether another frame is needed: playing, or notices still counting down", () => {
    const store = fresh();
    const { actions } = store.getState();
    expect(actions.tick(16)).toBe(false); // paused, nothing to expire
    actions.notify("Something to read.");
    expect(actions.tick(16)).toBe(true); // the notice counts down to expire
    actions.holdNotices(true);
    expect(actions.tick(16)).toBe(false); // held under the pointer: no count, no frame needed
    actions.holdNotices(false);
    actions.dismissNotice(store.getState().notices[0]?.id ?? -1);
    expect(actions.tick(16)).toBe(false);
    actions.visit();
    expect(actions.tick(16)).toBe(true); // playing
    actions.pause();
    expect(actions.tick(16)).toBe(false);
  });
});

describe("slow motion", () => {
  it("takes about hopRealMs(duration) of real time for a hop to cross", () => {
    const store = fresh();
    store.getState().actions.visit();
    const hop = firstHop(store);
    const real = hopRealMs(hop.arrive - hop.depart);
    expect(real).toBeGreaterThan(800);
    expect(real).toBeLessThan(1000);

    run(store, real / 2);
    const halfway = store.getState().sim.now;
    expect(halfway).toBeLessThan(hop.arrive);
    // Half the real time, about half the hop.
    expect(halfway / hop.arrive).toBeGreaterThan(0.4);
    expect(halfway / hop.arrive).toBeLessThan(0.6);
    expect(store.getState().sim.packets.count).toBe(1);

    run(store, real / 2 + 100);
    const s = store.getState();
    expect(s.sim.now).toBeGreaterThanOrEqual(hop.arrive);
    // The query has reached the resolver: nothing is in flight while it works.
    expect(s.sim.packets.count).toBe(0);
    const resolver = s.sim.componentState("resolver");
    expect(resolver.kind === "resolver" ? resolver.state.pending : -1).toBe(1);
  });

  it("crosses a 0.05 ms loopback hop slowly enough to see: half a second", () => {
    const store = fresh();
    // A first visit warms the DNS caches and leaves a kept-alive connection.
    store.getState().actions.visit();
    store.getState().sim.runUntilIdle();
    store.getState().actions.visit();
    // Run until the first loopback hop nginx→app (the SYN to PHP-FPM) departs.
    let proxied: HopEntry | undefined;
    for (let i = 0; i < 2000 && !proxied; i++) {
      store.getState().actions.tick(FRAME_MS);
      proxied = hops(store).find((h) => h.visitId === 2 && h.from === "nginx" && h.to === "app");
    }
    expect(proxied).toBeDefined();
    const hop = proxied as HopEntry;
    expect(hop.arrive - hop.depart).toBeLessThan(0.1);
    expect(hopRealMs(hop.arrive - hop.depart)).toBeCloseTo(500, 6);
    run(store, 400);
    expect(store.getState().sim.now).toBeLessThan(hop.arrive);
    run(store, 200);
    expect(store.getState().sim.now).toBeGreaterThanOrEqual(hop.arrive);
  });

  it("does nothing while paused", () => {
    const store = fresh();
    const { actions } = store.getState();
    actions.visit();
    actions.pause();
    const before = store.getState().sim.now;
    run(store, 500);
    expect(store.getState().sim.now).toBe(before);
    expect(store.getState().playing).toBe(false);
  });
});

describe("play, pause and togglePlay", () => {
  it("toggle between playing and paused", () => {
    const store = fresh();
    const { actions } = store.getState();
    actions.play();
    expect(store.getState().playing).toBe(true);
    actions.togglePlay();
    expect(store.getState().playing).toBe(false);
    actions.togglePlay();
    expect(store.getState().playing).toBe(true);
    actions.pause();
    expect(store.getState().playing).toBe(false);
  });

  it("pause publishes progress made by the engine outside the store", () => {
    const store = fresh();
    const { actions } = store.getState();
    actions.visit();
    store.getState().sim.runUntilIdle();
    expect(store.getState().traceLength).toBeLessThan(store.getState().sim.trace.length);
    actions.pause();
    const s = store.getState();
    expect(s.traceLength).toBe(s.sim.trace.length);
    expect(s.now).toBe(s.sim.now);
    expect(s.busy).toBe(false);
    expect(s.stats.visitsInFlight).toBe(0);
  });
});

describe("step", () => {
  it("stops exactly at the event that adds the next trace entry, then pauses", () => {
    const store = fresh();
    const { actions } = store.getState();
    actions.visit();
    actions.pause();
    const before = store.getState().sim.trace.length;
    const hop = firstHop(store);

    actions.step();
    expect(playback(store)).toMatchObject({ playing: true, stepping: true });
    const frames = untilStopped(store);
    const s = store.getState();
    expect(playback(store)).toMatchObject({ playing: false, stepping: false });
    const added = s.sim.trace.slice(before);
    expect(added.length).toBeGreaterThan(0);
    // Everything added happened at the moment the clock stopped: not a frame later.
    for (const e of added) expect(timeOf(e)).toBe(s.sim.now);
    expect(s.now).toBe(s.sim.now);
    expect(s.traceLength).toBe(s.sim.trace.length);
    // The query had to reach the resolver, which then acted (after its short pause).
    expect(s.sim.now).toBeGreaterThan(hop.arrive);
    expect(s.sim.now).toBeLessThan(hop.arrive + 1);
    // A hop (900 ms) and a pause inside the resolver (350 ms) of real time.
    expect(frames * FRAME_MS).toBeGreaterThanOrEqual(1250 - FRAME_MS);
    expect(frames * FRAME_MS).toBeLessThanOrEqual(1250 + 2 * FRAME_MS);

    // Ticking once stopped does not move the clock.
    run(store, 500);
    expect(store.getState().sim.now).toBe(s.now);
  });

  it("steps one entry-producing event at a time, even with a huge frame at high speed", () => {
    const store = fresh();
    const { actions } = store.getState();
    actions.setSpeed("100");
    actions.visit();
    actions.pause();
    for (let i = 0; i < 5; i++) {
      const before = store.getState().sim.trace.length;
      const was = store.getState().sim.now;
      actions.step();
      actions.tick(10_000);
      const s = store.getState();
      expect(s.playing).toBe(false);
      expect(s.sim.now).toBeGreaterThan(was);
      const added = s.sim.trace.slice(before);
      expect(added.length).toBeGreaterThan(0);
      for (const e of added) expect(timeOf(e)).toBe(s.sim.now);
    }
  });

  it("adds an info notice and stays stopped when nothing is scheduled", () => {
    const store = fresh();
    store.getState().actions.step();
    const s = store.getState();
    expect(s.playing).toBe(false);
    expect(s.stepping).toBe(false);
    expect(s.notices).toHaveLength(1);
    expect(s.notices[0]?.tone).toBe("info");
    expect(s.notices[0]?.text).toMatch(/Nothing to step through/);
  });

  it("play() ends a step and keeps playing", () => {
    const store = fresh();
    const { actions } = store.getState();
    actions.visit();
    actions.pause();
    actions.step();
    actions.play();
    expect(playback(store)).toMatchObject({ playing: true, stepping: false });
    run(store, 3000);
    expect(store.getState().playing).toBe(true);
  });
});

describe("speeds", () => {
  it('at "1", 100 ms of real time is 100 ms of simulated time when idle', () => {
    const store = fresh();
    const { actions } = store.getState();
    actions.setSpeed("1");
    actions.play();
    actions.tick(100);
    expect(store.getState().sim.now).toBeCloseTo(100, 9);
    // A frame of 100 ms or more publishes.
    expect(store.getState().now).toBeCloseTo(100, 9);
  });

  it("publishes ten times a second on a smooth page, four times a second when frames come late", () => {
    const publishes = (frameMs: number): number => {
      const store = fresh();
      const { actions } = store.getState();
      actions.setSpeed("1");
      actions.play();
      let count = 0;
      const off = store.subscribe((s, prev) => {
        if (s.now !== prev.now) count += 1;
      });
      // Ten seconds of real time, nothing but the clock moving.
      for (let t = 0; t < 10_000; t += frameMs) actions.tick(frameMs);
      off();
      return count;
    };
    expect(publishes(16)).toBeGreaterThanOrEqual(85);
    expect(publishes(16)).toBeLessThanOrEqual(101);
    // 40 ms frames: slow after the first few frames, then every 250 ms (7 frames, 280 ms).
    expect(publishes(40)).toBeGreaterThanOrEqual(33);
    expect(publishes(40)).toBeLessThanOrEqual(45);
  });

  it('at "0.1", 100 ms of real time is 10 ms of simulated time', () => {
    const store = fresh();
    const { actions } = store.getState();
    actions.setSpeed("0.1");
    actions.play();
    actions.tick(100);
    expect(store.getState().sim.now).toBeCloseTo(10, 9);
  });

  it("caps a huge frame at 100 ms of real time (a hidden tab coming back)", () => {
    const store = fresh();
    const { actions } = store.getState();
    actions.setSpeed("1");
    actions.play();
    actions.tick(60_000);
    expect(store.getState().sim.now).toBeCloseTo(100, 9);
    actions.tick(Number.POSITIVE_INFINITY);
    expect(store.getState().sim.now).toBeCloseTo(200, 9);
  });

  it("ignores negative and NaN frames", () => {
    const store = fresh();
    const { actions } = store.getState();
    actions.setSpeed("1");
    actions.play();
    actions.tick(-50);
    actions.tick(Number.NaN);
    expect(store.getState().sim.now).toBe(0);
  });

  it("refuses an unknown speed id", () => {
    const store = fresh();
    store.getState().actions.setSpeed("10");
    store.getState().actions.setSpeed("warp" as SpeedId);
    expect(store.getState().speed).toBe("10");
  });

  it('completes a whole visit at "100"', () => {
    const store = fresh();
    const { actions } = store.getState();
    actions.setSpeed("100");
    actions.visit();
    for (let i = 0; i < 20; i++) actions.tick(FRAME_MS);
    const s = store.getState();
    expect(s.stats.visitsInFlight).toBe(0);
    expect(s.stats.requestsInFlight).toBe(0);
    expect(s.stats.requestsSent).toBe(3);
    expect(s.stats.finished[Outcome.Ok]).toBe(3);
    expect(s.busy).toBe(false);
    expect(s.traceLength).toBe(s.sim.trace.length);
  });
});

describe("reset", () => {
  it("gives a fresh engine with an empty trace and stopped playback", () => {
    const store = fresh();
    const { actions } = store.getState();
    actions.setSpeed("10");
    actions.visit();
    run(store, 200);
    const old = store.getState().sim;
    expect(old.trace.length).toBeGreaterThan(0);

    actions.step();
    actions.reset();
    const s = store.getState();
    expect(s.sim).not.toBe(old);
    expect(s.sim.trace).toHaveLength(0);
    expect(s.sim.now).toBe(0);
    expect(playback(store)).toMatchObject({
      playing: false,
      stepping: false,
      now: 0,
      traceLength: 0,
      busy: false,
      seed: 1,
    });
    expect(s.stats.requestsSent).toBe(0);
  });

  it("replays the same trace for the same seed", () => {
    const store = fresh();
    const { actions } = store.getState();
    actions.visit();
    store.getState().sim.runUntilIdle();
    const first = store.getState().sim.trace.map((e) => e.summary);
    actions.reset();
    actions.visit();
    store.getState().sim.runUntilIdle();
    expect(store.getState().sim.trace.map((e) => e.summary)).toEqual(first);
  });
});

describe("selection and notices", () => {
  it("selects and clears a component", () => {
    const store = fresh();
    store.getState().actions.select("nginx");
    expect(store.getState().selected).toBe("nginx");
    store.getState().actions.select(undefined);
    expect(store.getState().selected).toBeUndefined();
  });

  it("adds and dismisses notices by id", () => {
    const store = fresh();
    const { actions } = store.getState();
    actions.notify("first");
    actions.notify("second", "info");
    const [a, b] = store.getState().notices;
    expect(a).toMatchObject({ text: "first", tone: "warning" });
    expect(b).toMatchObject({ text: "second", tone: "info" });
    actions.dismissNotice(a?.id ?? -1);
    expect(store.getState().notices.map((n) => n.text)).toEqual(["second"]);
    actions.dismissNotice(12345);
    expect(store.getState().notices).toHaveLength(1);
  });
});

describe("publishing", () => {
  it("keeps traceLength equal to the engine's trace after every publish", () => {
    const store = fresh();
    const { actions } = store.getState();
    let checked = 0;
    store.subscribe((s, prev) => {
      if (s.traceLength !== prev.traceLength || s.now !== prev.now) {
        expect(s.traceLength).toBe(s.sim.trace.length);
        expect(s.now).toBe(s.sim.now);
        checked++;
      }
    });
    actions.visit();
    run(store, 3000);
    expect(checked).toBeGreaterThan(3);
  });

  it("publishes new trace entries in the same frame they happen", () => {
    const store = fresh();
    const { actions } = store.getState();
    actions.visit();
    for (let i = 0; i < 200; i++) {
      const before = store.getState().sim.trace.length;
      actions.tick(FRAME_MS);
      const s = store.getState();
      if (s.sim.trace.length !== before) expect(s.traceLength).toBe(s.sim.trace.length);
    }
    expect(store.getState().traceLength).toBeGreaterThan(2);
  });
});

type Action =
  | { type: "visit" | "play" | "pause" | "step" | "reset" | "togglePlay" }
  | { type: "setSpeed"; speed: SpeedId }
  | { type: "tick"; ms: number };

const actionArb: fc.Arbitrary<Action> = fc.oneof(
  fc.constantFrom<Action>(
    { type: "visit" },
    { type: "play" },
    { type: "pause" },
    { type: "step" },
    { type: "reset" },
    { type: "togglePlay" },
  ),
  fc.constantFrom(...SPEEDS.map((s) => s.id)).map((speed): Action => ({ type: "setSpeed", speed })),
  fc.integer({ min: 0, max: 200 }).map((ms): Action => ({ type: "tick", ms })),
);

describe("any sequence of actions", () => {
  it("never throws, and every request ends exactly once", () => {
    fc.assert(
      fc.property(fc.array(actionArb, { maxLength: 60 }), (plan) => {
        const store = fresh();
        const { actions } = store.getState();
        for (const a of plan) {
          if (a.type === "setSpeed") actions.setSpeed(a.speed);
          else if (a.type === "tick") actions.tick(a.ms);
          else actions[a.type]();
          const s = store.getState();
          expect(s.traceLength).toBeLessThanOrEqual(s.sim.trace.length);
          if (s.stepping) expect(s.playing).toBe(true);
        }
        const { sim } = store.getState();
        sim.runUntilIdle();
        store.getState().actions.pause();
        const s = store.getState();
        expect(s.traceLength).toBe(sim.trace.length);
        expect(sim.requests.every((r) => r.outcome !== undefined)).toBe(true);
        const ends = sim.trace.filter((e) => e.step === "request.end").map((e) => e.requestId);
        expect(ends.sort((x, y) => x - y)).toEqual(sim.requests.map((r) => r.id));
        const finished = OUTCOMES.reduce((sum, o) => sum + s.stats.finished[o], 0);
        expect(finished + s.stats.requestsInFlight).toBe(s.stats.requestsSent);
        expect(s.stats.requestsInFlight).toBe(0);
        expect(s.stats.visitsInFlight).toBe(0);
      }),
      { numRuns: 100 },
    );
  });
});

describe("when the browser cannot keep up", () => {
  it("the simulated clock slows down and says so, then recovers", () => {
    let wall = 0;
    let cost = 20; // ms of real time each engine slice seems to take
    const store = createHopscopeStore({
      topology: oneServerTopology,
      seed: 1,
      speed: "1",
      wallClock: () => {
        wall += cost / 2; // called twice per frame: before and after
        return wall;
      },
    });
    const { actions } = store.getState();
    actions.setRps(100);
    for (let i = 0; i < 60; i++) actions.tick(16);
    expect(store.getState().lagging).toBe(true);
    const slowed = store.getState().sim.now;
    expect(slowed).toBeLessThan(60 * 16 * 0.5); // far less than the 960 ms asked for
    cost = 0;
    for (let i = 0; i < 120; i++) actions.tick(16);
    expect(store.getState().lagging).toBe(false);
  });
});

describe("per-component request rates", () => {
  it("follow the traffic: each visit is 3 HTTP requests to Nginx, 1 to the app, 1 query to MySQL", () => {
    const store = createHopscopeStore({ topology: oneServerTopology, seed: 2, speed: "1" });
    const { actions } = store.getState();
    actions.setRps(50);
    for (let i = 0; i < 400; i++) actions.tick(16); // 6.4 s of simulated time
    const rates = store.getState().metrics.at(-1)?.rates ?? {};
    expect(rates.nginx).toBeGreaterThan(100);
    expect(rates.nginx).toBeLessThan(200);
    expect(rates.app).toBeGreaterThan(30);
    expect(rates.app).toBeLessThan(70);
    expect(rates.mysql).toBeGreaterThan(30);
    expect(rates.mysql).toBeLessThan(70);
    expect(rates.root ?? 0).toBe(0); // the resolver caches the delegations
  });
});

describe("notices", () => {
  it("an info notice and a warning alike go away by themselves after 8 s of real time", () => {
    const store = createHopscopeStore({ topology: oneServerTopology, seed: 1 });
    const { actions } = store.getState();
    actions.notify("Traffic plays in real time.", "info");
    actions.notify("Ignored speed=“warp”.");
    for (let i = 0; i < 400; i++) actions.tick(16); // 6.4 s, paused: notices still expire
    expect(store.getState().notices.map((n) => n.tone)).toEqual(["info", "warning"]);
    for (let i = 0; i < 200; i++) actions.tick(16);
    expect(store.getState().notices).toEqual([]);
  });
});
