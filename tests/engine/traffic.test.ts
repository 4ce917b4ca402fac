import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createSimulation, OUTCOMES, type Simulation } from "../../src/engine";
import { oneServerTopology } from "../../src/scenes/oneServer";

function withTraffic(rps: number, seconds: number, seed = 1): Simulation {
  const sim = createSimulation({ topology: oneServerTopology, seed });
  sim.setTraffic(rps);
  sim.advanceTo(seconds * 1000);
  return sim;
}

/** Visits that ended after `from` (ms): count, outcomes, and latency percentiles. */
function window(sim: Simulation, from: number) {
  const durations: number[] = [];
  const outcomes = new Map<string, number>();
  sim.completions.forEachSince(from, (_t, d, o) => {
    durations.push(d);
    outcomes.set(o, (outcomes.get(o) ?? 0) + 1);
  });
  durations.sort((a, b) => a - b);
  const p = (q: number) =>
    durations[Math.min(durations.length - 1, Math.floor(q * durations.length))] ?? 0;
  return { count: durations.length, outcomes, p50: p(0.5), p95: p(0.95) };
}

describe("generated traffic", () => {
  it("arrives at about the asked rate, from new users, without filling the trace", () => {
    const sim = withTraffic(50, 20);
    const visits = sim.stats().visitsSent;
    expect(visits).toBeGreaterThan(50 * 20 * 0.85);
    expect(visits).toBeLessThan(50 * 20 * 1.15);
    expect(sim.visits).toEqual([]); // not traced
    // Only one line a second about the traffic as a whole, never a line per request.
    expect(sim.trace.map((e) => e.step)).toEqual(new Array(20).fill("traffic.sample"));
    // Every new user has an empty DNS cache, so the resolver is asked every time.
    const resolver = sim.componentState("resolver");
    expect(resolver.kind).toBe("resolver");
  });

  it("below capacity: no errors and a flat latency", () => {
    const sim = withTraffic(80, 30);
    const early = window(sim, 5_000);
    expect(early.outcomes.get("ok")).toBe(early.count);
    sim.advanceTo(60_000);
    const late = window(sim, 45_000);
    expect(late.outcomes.get("ok")).toBe(late.count);
    expect(Math.abs(late.p50 - early.p50)).toBeLessThan(30);
  });

  it("well above capacity, at Debian's defaults: Nginx runs out of worker_connections first", () => {
    // PHP-FPM serves about 118 pages a second (2 cores, ~17 ms of CPU a page). Its listen
    // backlog (4096) is longer than Nginx can feed it: 768 connections per worker, two per request.
    const sim = withTraffic(600, 30);
    const nginx = sim.componentState("nginx");
    const app = sim.componentState("app");
    expect(nginx.kind === "nginx" && nginx.state.dropped).toBeGreaterThan(1_000);
    expect(app.kind === "app" && app.state.dropped).toBe(0); // the backlog never filled
    const late = window(sim, 15_000);
    expect(late.outcomes.get("ERR_CONNECTION_RESET") ?? 0).toBeGreaterThan(late.count * 0.3);
    // Those that get in wait behind hundreds of others: well over a second.
    expect(late.p95).toBeGreaterThan(1_000);
    expect(late.outcomes.get("http_502") ?? 0).toBe(0);
  });

  it("with a long enough queue, requests wait past fastcgi_read_timeout: Nginx answers 504", () => {
    const topology = {
      ...oneServerTopology,
      // Nginx needs enough worker_connections to hold thousands of waiting requests.
      components: oneServerTopology.components.map((c) =>
        c.kind === "app"
          ? { ...c, workers: 1, listenBacklog: 100_000 }
          : c.kind === "nginx"
            ? { ...c, workerConnections: 100_000 }
            : c,
      ),
    };
    // One worker: about 70 pages a second; at 300 a second the wait passes 60 s within 20 s.
    const sim = createSimulation({ topology, seed: 2 });
    sim.setTraffic(300);
    sim.advanceTo(90_000);
    const late = window(sim, 75_000);
    expect(late.outcomes.get("http_504") ?? 0).toBeGreaterThan(0);
    expect(late.p50).toBeGreaterThan(30_000);
  });

  it("a full listen backlog drops SYNs: no 502, connections get in late or time out (504)", () => {
    const topology = {
      ...oneServerTopology,
      components: oneServerTopology.components.map((c) =>
        c.kind === "app"
          ? { ...c, listenBacklog: 5 }
          : c.kind === "nginx"
            ? { ...c, workerConnections: 100_000 }
            : c,
      ),
    };
    const sim = createSimulation({ topology, seed: 3 });
    sim.setTraffic(600);
    sim.advanceTo(90_000);
    const all = window(sim, 0);
    const app = sim.componentState("app");
    expect(app.kind === "app" && app.state.dropped).toBeGreaterThan(1_000);
    expect(all.outcomes.get("http_502") ?? 0).toBe(0);
    expect(all.outcomes.get("http_504") ?? 0).toBeGreaterThan(0);
    expect(all.p95).toBeGreaterThan(3_000); // in after a SYN retransmission or more
  });

  it("recovers after a surge: calm traffic is fast and clean again", () => {
    const sim = createSimulation({ topology: oneServerTopology, seed: 5 });
    sim.setTraffic(1_000);
    sim.advanceTo(10_000);
    sim.setTraffic(50);
    sim.advanceTo(200_000); // the queue drains, timeouts pass
    const calm = window(sim, 180_000);
    expect(calm.count).toBeGreaterThan(500);
    expect(calm.outcomes.get("ok")).toBe(calm.count);
    expect(calm.p95).toBeLessThan(1_000);
  });

  it("refuses an impossible rate and changes nothing", () => {
    const sim = createSimulation({ topology: oneServerTopology, seed: 1 });
    for (const rps of [-1, Number.NaN, Number.POSITIVE_INFINITY, 1e9]) {
      expect(sim.setTraffic(rps).ok).toBe(false);
      expect(sim.trafficRps()).toBe(0);
    }
  });

  it("keeps the counters adding up over long runs (property, over seeds and rates)", () => {
    fc.assert(
      fc.property(
        fc.integer(),
        fc.integer({ min: 1, max: 400 }),
        fc.integer({ min: 1, max: 15 }),
        (seed, rps, seconds) => {
          const sim = withTraffic(rps, seconds, seed);
          const check = () => {
            const s = sim.stats();
            const ended = OUTCOMES.reduce((sum, o) => sum + s.finished[o], 0);
            expect(ended + s.requestsInFlight).toBe(s.requestsSent);
          };
          check();
          sim.setTraffic(0);
          sim.runUntilIdle();
          check();
          expect(sim.stats()).toMatchObject({ requestsInFlight: 0, visitsInFlight: 0 });
          expect(sim.packets.count).toBe(0);
        },
      ),
      { numRuns: 15 },
    );
  });
});

describe("the traffic's users", () => {
  it("come from the Users component, each with a browser of their own, not from your browser", () => {
    const sim = createSimulation({ topology: oneServerTopology, seed: 3 });
    sim.setTraffic(50);
    const users = sim.topology.indexOf("users");
    const yours = sim.topology.indexOf("browser");
    const from = new Set<number>();
    for (let t = 50; t <= 3_000; t += 50) {
      sim.advanceTo(t);
      for (let i = 0; i < sim.packets.count; i++) {
        from.add(sim.packets.from[i] as number);
        from.add(sim.packets.to[i] as number);
      }
    }
    expect(from.has(users)).toBe(true);
    expect(from.has(yours)).toBe(false);
    // Your own visit still starts from your browser, with its own cache.
    const visit = sim.visit("www.foobar.com");
    sim.advanceTo(4_000);
    expect(visit.outcome).toBe("ok");
    expect(sim.trace.some((e) => e.type === "hop" && e.from === "browser")).toBe(true);
    const mine = sim.componentState("browser");
    expect(mine.kind === "browser" && mine.state).toBeTruthy();
  });

  it("are sampled once a second: arrivals, pages loaded and failed, users waiting", () => {
    const sim = createSimulation({ topology: oneServerTopology, seed: 4 });
    sim.setTraffic(100);
    sim.advanceTo(10_000);
    const samples = sim.trace.filter((e) => e.step === "traffic.sample");
    expect(samples.map((e) => (e.type === "note" ? e.at : -1))).toEqual(
      Array.from({ length: 10 }, (_, i) => (i + 1) * 1000),
    );
    expect(samples.every((e) => e.type === "note" && e.component === "users")).toBe(true);
    const last = sim.trafficSample();
    expect(last).toMatchObject({ at: 10_000, rps: 100, surging: false, failed: 0 });
    expect(last?.arrived).toBeGreaterThan(70);
    expect(last?.loaded).toBeGreaterThan(70);
    expect(samples.at(-1)?.summary).toBe(
      `Traffic: 100 visits/s; last second: ${last?.arrived} arrived, ${last?.loaded} loaded, 0 failed; ${last?.inFlight} waiting`,
    );
    // Traffic off: the samples go on until the last user is done, then stop.
    sim.setTraffic(0);
    sim.advanceTo(20_000);
    expect(sim.trafficSample()?.inFlight).toBe(0);
    expect(sim.nextEventTime()).toBe(Number.POSITIVE_INFINITY);
  });
});

describe("a surge", () => {
  it("can start after a calm phase: the base rate first, then ×10", () => {
    const sim = createSimulation({ topology: oneServerTopology, seed: 5 });
    sim.setTraffic(60);
    expect(sim.surge({ afterMs: 10_000 })).toMatchObject({
      ok: true,
      message: "Surge: ×10 for 20 s in 10 s, then easing back.",
    });
    sim.advanceTo(9_000);
    expect(sim.trafficState()).toMatchObject({ rps: 60, surging: false });
    const calm = sim.stats().visitsSent; // about 540
    expect(calm).toBeLessThan(700);
    expect(sim.surge().message).toMatch(/already under way/);
    sim.advanceTo(20_000);
    expect(sim.trafficState()).toMatchObject({ rps: 600, surging: true });
    expect(sim.stats().visitsSent - calm).toBeGreaterThan(5_000); // 1 s calm + 10 s at 600
  });

  it("multiplies the arrivals for a while, then eases back to the base rate", () => {
    const sim = createSimulation({ topology: oneServerTopology, seed: 9 });
    sim.setTraffic(20);
    sim.advanceTo(10_000);
    const before = sim.stats().visitsSent;
    expect(sim.surge().ok).toBe(true);
    expect(sim.trafficState()).toMatchObject({ baseRps: 20, rps: 200, surging: true });
    sim.advanceTo(20_000);
    const during = sim.stats().visitsSent - before; // 10 s at ×10: about 2,000
    expect(during).toBeGreaterThan(1_700);
    expect(during).toBeLessThan(2_300);
    sim.advanceTo(35_000); // halfway through the ease: ×5.5
    expect(sim.trafficRps()).toBeCloseTo(110, 0);
    sim.advanceTo(45_000);
    expect(sim.trafficState()).toMatchObject({ rps: 20, surging: false });
  });

  it("is refused without traffic, or while one is under way", () => {
    const sim = createSimulation({ topology: oneServerTopology, seed: 1 });
    expect(sim.surge().message).toMatch(/Turn the traffic up first/);
    sim.setTraffic(10);
    expect(sim.surge().ok).toBe(true);
    expect(sim.surge().message).toMatch(/already under way/);
    expect(sim.surge({ factor: 1e9 }).ok).toBe(false);
  });
});

describe("the server's shared CPU", () => {
  const withCores = (cores: number) => ({
    ...oneServerTopology,
    components: oneServerTopology.components.map((c) => (c.kind === "host" ? { ...c, cores } : c)),
  });

  it("makes the app server and MySQL compete for cores: fewer cores, slower pages at the same load", () => {
    const run = (cores: number) => {
      const sim = createSimulation({ topology: withCores(cores), seed: 4 });
      sim.setTraffic(90);
      sim.advanceTo(30_000);
      return window(sim, 10_000);
    };
    const two = run(2);
    const one = run(1);
    // One core: 90 pages/s × 17 ms of CPU = 1.5 cores of work; the queue grows without end.
    expect(one.p95).toBeGreaterThan(two.p95 * 5);
    expect(two.outcomes.get("ok")).toBe(two.count);
  });

  it("reports its cores, the busy ones and the waiting work", () => {
    const sim = createSimulation({ topology: oneServerTopology, seed: 1 });
    expect(sim.cpu("server")).toEqual({ cores: 2, busy: 0, waiting: 0 });
    sim.setTraffic(400);
    sim.advanceTo(5_000);
    const cpu = sim.cpu("server");
    expect(cpu?.busy).toBe(2);
    expect(cpu?.waiting).toBeGreaterThan(0);
    expect(sim.cpu("resolver")).toBeUndefined();
  });
});

describe("capacities changed at run time", () => {
  it("more workers than MySQL's max_connections: ERROR 1040 Too many connections becomes the app's 500", () => {
    const sim = createSimulation({ topology: oneServerTopology, seed: 6 });
    expect(sim.configure("app", "workers", 200).ok).toBe(true);
    expect(sim.configure("mysql", "maxConnections", 10).ok).toBe(true);
    expect(sim.configure("mysql", "queryMs", 200).ok).toBe(true); // a slow query holds its connection
    expect(sim.configure("server", "cores", 8).ok).toBe(true);
    sim.setTraffic(150);
    sim.advanceTo(20_000);
    const w = window(sim, 10_000);
    expect(w.outcomes.get("http_500") ?? 0).toBeGreaterThan(0);
    expect(sim.componentState("mysql").kind).toBe("mysql");
  });

  it("refuses unknown settings and out-of-range values, changing nothing", () => {
    const sim = createSimulation({ topology: oneServerTopology, seed: 1 });
    expect(sim.configure("app", "workers", 0).message).toMatch(/between 1 and 1000/);
    expect(sim.configure("app", "workers", Number.NaN).ok).toBe(false);
    expect(sim.configure("nginx", "workers", 4).message).toMatch(/no setting/);
    expect(sim.configure("nope", "workers", 4).ok).toBe(false);
    const app = sim.topology.specs.find((c) => c.id === "app");
    expect(app?.kind === "app" && app.workers).toBe(5);
    // The scene's data is never changed.
    expect(sim.configure("app", "workers", 9).ok).toBe(true);
    const original = oneServerTopology.components.find((c) => c.id === "app");
    expect(original?.kind === "app" && original.workers).toBe(5);
  });
});
