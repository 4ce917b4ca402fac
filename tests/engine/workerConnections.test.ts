import { describe, expect, it } from "vitest";
import { createSimulation, OUTCOMES, type Simulation, type Topology } from "../../src/engine";
import { oneServerTopology } from "../../src/scenes/oneServer";

/** The one-server stack with Nginx's worker_connections set to `n`. */
function withWorkerConnections(n: number): Topology {
  return {
    ...oneServerTopology,
    components: oneServerTopology.components.map((c) =>
      c.kind === "nginx" ? { ...c, workerConnections: n } : c,
    ),
  };
}

/** Everything observable about a run, to compare two runs. */
function summary(sim: Simulation) {
  const completions: number[] = [];
  sim.completions.forEachSince(-1, (t, d) => completions.push(t, d));
  return { stats: sim.stats(), events: sim.eventsProcessed, completions, trace: sim.trace };
}

function nginxState(sim: Simulation) {
  const s = sim.componentState("nginx");
  if (s.kind !== "nginx") throw new Error("not nginx");
  return s.state;
}

/** Sent = finished + in flight, for requests and visits. */
function expectCountersAddUp(sim: Simulation) {
  const s = sim.stats();
  const finished = OUTCOMES.reduce((n, o) => n + s.finished[o], 0);
  expect(s.requestsSent).toBe(finished + s.requestsInFlight);
  expect(s.visitsInFlight).toBeGreaterThanOrEqual(0);
  expect(s.visitsInFlight).toBeLessThanOrEqual(s.visitsSent);
}

describe("Nginx worker_connections", () => {
  it("below the limit changes nothing: 768 per worker behaves like no limit at all", () => {
    // Just above what PHP-FPM can serve (about 118 pages a second): a queue, but never 1,536 connections.
    const run = (topology: Topology) => {
      const sim = createSimulation({ topology, seed: 4 });
      sim.setTraffic(140);
      sim.visit("www.foobar.com");
      for (let t = 100; t <= 8_000; t += 100) sim.advanceTo(t);
      return sim;
    };
    const limited = run(oneServerTopology);
    const unlimited = run(withWorkerConnections(100_000));
    expect(nginxState(limited).dropped).toBe(0);
    expect(summary(limited)).toEqual(summary(unlimited));
  });

  it("past the limit, new connections are reset and every request still ends exactly once", () => {
    const sim = createSimulation({ topology: oneServerTopology, seed: 5 });
    expect(sim.configure("nginx", "workerConnections", 10).ok).toBe(true);
    sim.setTraffic(1_000);
    for (let t = 100; t <= 10_000; t += 100) {
      sim.advanceTo(t);
      const nginx = nginxState(sim);
      // 2 cores: 2 workers × 10 connections.
      expect(nginx.active.size + nginx.upstream).toBeLessThanOrEqual(20);
      expectCountersAddUp(sim);
    }
    const s = sim.stats();
    expect(s.finished.ERR_CONNECTION_RESET).toBeGreaterThan(0);
    expect(nginxState(sim).dropped).toBeGreaterThan(0);
    // Some still get through.
    expect(s.finished.ok).toBeGreaterThan(0);
    // Stop the traffic: everything in flight ends, once.
    sim.setTraffic(0);
    sim.runUntilIdle(300_000);
    expectCountersAddUp(sim);
    expect(sim.stats().requestsInFlight).toBe(0);
    expect(sim.stats().visitsInFlight).toBe(0);
    expect(nginxState(sim).upstream).toBe(0);
    expect(nginxState(sim).active.size).toBe(0);
  });

  it("a dropped visit says why: the trace notes 'worker_connections are not enough'", () => {
    const sim = createSimulation({ topology: withWorkerConnections(1), seed: 2 });
    sim.setSlow("app", true); // requests hang at the app and hold their connections
    sim.setTraffic(200);
    sim.advanceTo(2_000);
    const visit = sim.visit("www.foobar.com");
    sim.advanceTo(3_000);
    expect(visit.outcome).toBe("ERR_CONNECTION_RESET");
    expect(visit.reason).toMatch(/worker_connections/);
    const notes = sim.trace.filter((e) => e.type === "note" && e.component === "nginx");
    expect(notes.some((e) => e.summary.includes("worker_connections are not enough"))).toBe(true);
    // Its own step (not tcp.rst, which means nothing listens), and a new connection is not retried.
    const entries = sim.trace.filter((e) => e.visitId === visit.id);
    expect(entries.filter((e) => e.step === "nginx.drop").map((e) => e.type)).toEqual([
      "note",
      "hop",
    ]);
    expect(entries.some((e) => e.step === "tcp.rst" || e.step === "browser.retry")).toBe(false);
  });

  it("a request on a reclaimed keep-alive connection is retried once, like Chromium does", () => {
    const sim = createSimulation({ topology: withWorkerConnections(1), seed: 3 });
    const first = sim.visit("www.foobar.com");
    sim.advanceTo(2_000);
    expect(first.outcome).toBe("ok");
    // The page and its files left two idle keep-alive connections in the browser's pool.
    // Requests that hang at the app fill both of Nginx's connection slots (2 workers × 1).
    sim.setSlow("app", true);
    sim.setTraffic(50);
    sim.advanceTo(2_500);
    sim.setTraffic(0);
    expect(nginxState(sim).active.size + nginxState(sim).upstream).toBe(2);
    const visit = sim.visit("www.foobar.com");
    sim.advanceTo(4_000);
    expect(visit.outcome).toBe("ERR_CONNECTION_RESET");
    expect(visit.reason).toMatch(/worker_connections.*idle keep-alive/);
    const entries = sim.trace.filter((e) => e.visitId === visit.id);
    // Sent on one idle connection, closed; retried once on the other, closed too: then it fails.
    expect(entries.filter((e) => e.type === "hop" && e.step === "http.request")).toHaveLength(2);
    expect(entries.filter((e) => e.step === "browser.retry")).toHaveLength(1);
    expect(entries.filter((e) => e.type === "hop" && e.step === "nginx.drop")).toHaveLength(2);
    expectCountersAddUp(sim);
  });

  it("is a capacity that can be changed at run time, as an integer from 1 to 100,000", () => {
    const sim = createSimulation({ topology: oneServerTopology, seed: 1 });
    expect(sim.configure("nginx", "workerConnections", 0).ok).toBe(false);
    expect(sim.configure("nginx", "workerConnections", 100_001).ok).toBe(false);
    expect(sim.configure("nginx", "workerConnections", 5.4).ok).toBe(true);
    const nginx = sim.topology.specs.find((c) => c.id === "nginx");
    expect(nginx?.kind === "nginx" && nginx.workerConnections).toBe(5);
  });
});
