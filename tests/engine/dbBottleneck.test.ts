import { describe, expect, it } from "vitest";
import { OUTCOMES, type Simulation, type Topology } from "../../src/engine";
import type { DatabaseState } from "../../src/engine/database";
import { architectureOf } from "../../src/scenes/architectures";
import { sceneById } from "../../src/scenes/catalog";
import { distributedTopology } from "../../src/scenes/distributed";
import {
  DB_BOTTLENECK_WORKERS,
  scalingTopology,
  withReadReplicas,
} from "../../src/scenes/scalingScenes";
import { runOpening, setupOfScene, startSetup } from "../../src/store/setup";

/**
 * The db-bottleneck scene's lesson, from the engine: ten web servers are not faster than six when
 * one 2-core MySQL answers every page; its connections reach max_connections and the excess gets
 * ERROR 1040 (a 500); a bigger database server (vertical scaling) cures it.
 */
const scene = sceneById("db-bottleneck");
if (!scene) throw new Error("no db-bottleneck scene");

function start(topology: Topology = architectureOf(scene as NonNullable<typeof scene>).topology) {
  const setup = setupOfScene(scene as NonNullable<typeof scene>, 3);
  const { sim, refusals, opening } = startSetup(topology, setup);
  expect(refusals).toEqual([]);
  runOpening(sim, opening);
  return sim;
}

/** Pages loaded and visits failed per second, by outcome, over [from, to). */
function perSecond(sim: Simulation, from: number, to: number) {
  let loaded = 0;
  let failed = 0;
  const outcomes: Record<string, number> = {};
  for (let t = from + 1_000; t <= to; t += 1_000) {
    sim.advanceTo(t);
    const s = sim.trafficSample();
    loaded += s?.loaded ?? 0;
    failed += s?.failed ?? 0;
    for (const [o, n] of Object.entries(s?.failures ?? {}))
      outcomes[o] = (outcomes[o] ?? 0) + (n ?? 0);
  }
  const seconds = (to - from) / 1_000;
  return { loaded: loaded / seconds, failed: failed / seconds, outcomes };
}

function mysql(sim: Simulation): DatabaseState {
  const s = sim.componentState("mysql");
  if (s.kind !== "mysql") throw new Error("not a mysql");
  return s.state;
}

function addsUp(sim: Simulation): void {
  const s = sim.stats();
  const ended = OUTCOMES.reduce((n, o) => n + s.finished[o], 0);
  expect(ended + s.requestsInFlight).toBe(s.requestsSent);
}

describe("db-bottleneck: the database is the next bottleneck", () => {
  it("ten servers at 900 visits/s: the database's CPU is full, max_connections is reached, the excess gets 500s", () => {
    const sim = start();
    expect(sim.scaling.view().slots.every((s) => s.phase === "in-service")).toBe(true);
    const app = sim.topology.specs.find((c) => c.id === "web7-app");
    expect(app?.kind === "app" && app.workers).toBe(DB_BOTTLENECK_WORKERS);
    sim.advanceTo(40_000);
    let atLimit = 0;
    let dbFull = 0;
    let webBusy = 0;
    let samples = 0;
    for (let t = 40_500; t <= 60_000; t += 500) {
      sim.advanceTo(t);
      samples++;
      if (mysql(sim).running.size >= 145) atLimit++;
      if (sim.cpu("db")?.busy === 2) dbFull++;
      for (let k = 1; k <= 10; k++) webBusy += sim.cpu(`web${k}`)?.busy ?? 0;
    }
    // MySQL holds about max_connections (151) connections, and its 2 cores never rest…
    expect(atLimit / samples).toBeGreaterThan(0.9);
    expect(dbFull).toBe(samples);
    expect(mysql(sim).running.size).toBeLessThanOrEqual(151);
    // …while the web servers' 20 cores have room to spare (about 58 % busy, the 500s included).
    expect(webBusy / (samples * 20)).toBeLessThan(0.75);
    const w = perSecond(sim, 60_000, 80_000);
    // About 690 pages a second (2 cores / ~2.9 ms a query), and the rest fail as 500s.
    expect(w.loaded).toBeGreaterThan(620);
    expect(w.loaded).toBeLessThan(760);
    expect(w.failed).toBeGreaterThan(150);
    expect(Object.keys(w.outcomes)).toEqual(["http_500"]);
    // A traced visit that fails shows why: MySQL's ERROR 1040, which PHP turns into the 500.
    let seen1040 = false;
    for (let i = 0; i < 20 && !seen1040; i++) {
      const v = sim.visit("www.foobar.com");
      sim.advanceTo(sim.now + 2_000);
      if (v.outcome === "http_500")
        seen1040 = sim.trace.some(
          (e) => e.visitId === v.id && /ERROR 1040 \(HY000\): Too many connections/.test(e.summary),
        );
    }
    expect(seen1040).toBe(true);
    addsUp(sim);
  }, 60_000);

  it("six web servers serve as many pages as ten: adding servers does not help", () => {
    const ten = perSecond(start(), 40_000, 60_000);
    const six = perSecond(start(scalingTopology({ initial: 6 })), 40_000, 60_000);
    expect(Math.abs(six.loaded - ten.loaded) / ten.loaded).toBeLessThan(0.08);
  }, 60_000);

  it("a bigger database server (8 cores) is the cure: every visit loads, at the rate asked", () => {
    const sim = start();
    sim.advanceTo(40_000);
    expect(sim.configure("db", "cores", 8).ok).toBe(true);
    const w = perSecond(sim, 70_000, 90_000);
    expect(w.failed).toBe(0);
    expect(w.loaded).toBeGreaterThan(900 * 0.9);
    expect(w.loaded).toBeLessThan(900 * 1.1);
    expect(mysql(sim).running.size).toBeLessThan(50);
    addsUp(sim);
  }, 60_000);

  it("read replicas are the other cure: reads go to db-r1 and db-r2, writes to the primary, every visit loads", () => {
    const replicas = sceneById("read-replicas");
    if (!replicas) throw new Error("no read-replicas scene");
    const setup = setupOfScene(replicas, 3);
    const { sim, refusals } = startSetup(architectureOf(replicas).topology, setup);
    expect(refusals).toEqual([]);
    const count = (id: string) => {
      const s = sim.componentState(id);
      return s.kind === "mysql" ? s.state : undefined;
    };
    const w = perSecond(sim, 0, 60_000);
    // Where the SQL goes, from the machines' CPUs: the SELECTs keep the replicas busy, the
    // INSERTs (one visit in ten) leave the primary's mostly idle.
    const busy: Record<string, number> = { db: 0, "db-r1": 0, "db-r2": 0 };
    for (let t = 60_250; t <= 80_000; t += 250) {
      sim.advanceTo(t);
      for (const id of Object.keys(busy)) busy[id] = (busy[id] ?? 0) + (sim.cpu(id)?.busy ?? 0);
    }
    const late = perSecond(sim, 80_000, 90_000);
    expect(late.failed).toBe(0);
    expect(late.loaded).toBeGreaterThan(900 * 0.9);
    expect(w.failed).toBe(0);
    expect(busy["db-r1"]).toBeGreaterThan(2 * (busy.db ?? 0));
    expect(busy["db-r2"]).toBeGreaterThan(2 * (busy.db ?? 0));
    // The replicas replicate, and their connections stay far below max_connections.
    for (const id of ["mysql-r1", "mysql-r2"]) {
      const r = count(id);
      expect(r?.replica?.ioRunning).toBe("Yes");
      expect(r?.replica?.sqlRunning).toBe("Yes");
      expect(r?.running.size ?? 999).toBeLessThan(151);
    }
    // Web servers take the replicas in turn.
    const app1 = sim.topology.specs.find((c) => c.id === "web1-app");
    const app2 = sim.topology.specs.find((c) => c.id === "web2-app");
    expect(app1?.kind === "app" && app1.replica).toBe("10.0.0.22:3306");
    expect(app2?.kind === "app" && app2.replica).toBe("10.0.0.23:3306");
    addsUp(sim);
  }, 60_000);

  it("refuses a number of read replicas it cannot build, and a topology without the database server", () => {
    const base = scalingTopology({ initial: 2 });
    expect(() => scalingTopology({ initial: 2, readReplicas: 3 })).toThrow(/from 0 to 2, not 3/);
    expect(() => scalingTopology({ initial: 2, readReplicas: 1.5 })).toThrow(RangeError);
    expect(withReadReplicas(base, 0)).toBe(base);
    expect(() => withReadReplicas(distributedTopology({ webServers: 2 }), 1)).toThrow(
      /needs the database server's MySQL/,
    );
  });
});
