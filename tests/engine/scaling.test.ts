import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  createSimulation,
  type HaproxyServer,
  OUTCOMES,
  type Simulation,
  type Topology,
} from "../../src/engine";
import type { HaproxyState } from "../../src/engine/haproxy";
import { takesTraffic } from "../../src/engine/lb/healthCheck";
import { SCALING_BOOT_MS, scalingTopology } from "../../src/scenes/scalingScenes";

function lb(sim: Simulation): HaproxyState {
  const s = sim.componentState("haproxy");
  if (s.kind !== "haproxy") throw new Error("not an haproxy");
  return s.state;
}
const server = (sim: Simulation, name: string) =>
  lb(sim).servers.find((s) => s.name === name) as HaproxyState["servers"][number];
const phase = (sim: Simulation, host: string) =>
  sim.scaling.view().slots.find((s) => s.host === host)?.phase;
const phases = (sim: Simulation) =>
  sim.scaling
    .view()
    .slots.map((s) => s.phase)
    .join(",");

function addsUp(sim: Simulation): void {
  const s = sim.stats();
  const ended = OUTCOMES.reduce((n, o) => n + s.finished[o], 0);
  expect(ended + s.requestsInFlight).toBe(s.requestsSent);
}

const group = (initial = 2): Topology => scalingTopology({ initial });

describe("a scaling group of web servers", () => {
  it("starts with its first servers running; the other slots are off and MAINT in HAProxy", () => {
    const sim = createSimulation({ topology: group(2), seed: 1 });
    expect(phases(sim)).toBe("in-service,in-service,off,off,off,off,off,off,off,off");
    expect(sim.health("web3").killed).toBe(true);
    expect(server(sim, "web3").statusText).toBe("MAINT");
    // No outage is recorded for servers that were never provisioned.
    expect(sim.incidents).toHaveLength(0);
    sim.setTraffic(50);
    sim.advanceTo(10_000);
    expect(server(sim, "web1").sent).toBeGreaterThan(100);
    expect(server(sim, "web3").sent).toBe(0);
    expect(sim.stats().finished.ok).toBeGreaterThan(0);
    addsUp(sim);
  });

  it("a launched server boots for bootMs, and gets traffic only after 2 good health checks", () => {
    const sim = createSimulation({ topology: group(2), seed: 2 });
    sim.setTraffic(50);
    sim.advanceTo(5_000);
    expect(sim.scaling.add().ok).toBe(true);
    expect(phase(sim, "web3")).toBe("booting");
    const launched = sim.now;
    sim.advanceTo(launched + SCALING_BOOT_MS - 1);
    expect(sim.health("web3").killed).toBe(true);
    expect(server(sim, "web3").statusText).toBe("MAINT");
    sim.advanceTo(launched + SCALING_BOOT_MS);
    expect(sim.health("web3").up).toBe(true);
    expect(phase(sim, "web3")).toBe("joining");
    // init-state fully-down: DOWN, and no request, until rise (2) checks, inter (2 s) apart.
    let upAt: number | undefined;
    for (let t = sim.now; t <= launched + SCALING_BOOT_MS + 6_000; t += 50) {
      sim.advanceTo(t);
      const s = server(sim, "web3");
      if (takesTraffic(s.health, lb(sim).settings)) {
        upAt ??= t;
      } else {
        expect(s.sent).toBe(0);
      }
    }
    expect(upAt).toBeDefined();
    const joinedAfter = (upAt as number) - (launched + SCALING_BOOT_MS);
    expect(joinedAfter).toBeGreaterThanOrEqual(2_000);
    expect(joinedAfter).toBeLessThanOrEqual(2_100);
    sim.advanceTo(sim.now + 2_000);
    expect(phase(sim, "web3")).toBe("in-service");
    expect(server(sim, "web3").sent).toBeGreaterThan(10);
    const before = sim.stats().finished;
    expect(OUTCOMES.filter((o) => o !== "ok").every((o) => before[o] === 0)).toBe(true);
    addsUp(sim);
  });

  it("a removed server is drained: no new request, those under way finish, then it is powered off", () => {
    const sim = createSimulation({ topology: group(2), seed: 3 });
    // Pages on web2 take about 3 s of CPU: they are under way when it is removed.
    expect(sim.configure("web2-app", "cpuMs", 3_000).ok).toBe(true);
    sim.advanceTo(1_000);
    for (let i = 0; i < 4; i++) sim.visit("www.foobar.com");
    sim.advanceTo(1_400);
    const busy = server(sim, "web2").active;
    expect(busy).toBeGreaterThan(0);
    const sentBefore = server(sim, "web2").sent;
    expect(sim.scaling.remove("web2").ok).toBe(true);
    expect(phase(sim, "web2")).toBe("draining");
    expect(server(sim, "web2").statusText).toMatch(/^DRAIN/);
    // More visits meanwhile: all to web1.
    for (let i = 0; i < 4; i++) sim.visit("www.foobar.com");
    sim.advanceTo(3_000);
    expect(sim.health("web2").up).toBe(true);
    expect(server(sim, "web2").sent).toBe(sentBefore);
    sim.advanceTo(30_000);
    expect(phase(sim, "web2")).toBe("off");
    expect(sim.health("web2").killed).toBe(true);
    expect(server(sim, "web2").statusText).toBe("MAINT");
    const off = sim.scaling.events().find((e) => e.kind === "off");
    expect(off?.text).toMatch(/drained/);
    // Every visit loaded: the requests web2 had finished before it went off.
    expect(sim.visits.every((v) => v.outcome === "ok")).toBe(true);
    expect(sim.visitCounts().finished.ok).toBe(8);
    addsUp(sim);
  });
});

describe("bad input to the group", () => {
  it("refuses to remove the last server, to add past the slots, a bad policy, a zero boot time; nothing changes", () => {
    const sim = createSimulation({ topology: group(1), seed: 4 });
    sim.setTraffic(20);
    sim.advanceTo(2_000);
    const snapshot = () => JSON.stringify(sim.scaling.view());
    const before = snapshot();
    const last = sim.scaling.remove();
    expect(last.ok).toBe(false);
    expect(last.message).toMatch(/web1 is the last web server/);
    expect(sim.scaling.remove("web9").message).toMatch(/web9 is not running/);
    expect(sim.scaling.remove("nope").message).toMatch(/no web server “nope”/);
    expect(sim.scaling.remove(42 as unknown as string).ok).toBe(false);
    const minMax = sim.scaling.setPolicy({ min: 5, max: 3 });
    expect(minMax.ok).toBe(false);
    expect(minMax.message).toMatch(/minimum \(5\) is more than the maximum \(3\)/);
    expect(sim.scaling.setPolicy({ min: 0 }).message).toMatch(/at least 1 server/);
    expect(sim.scaling.setPolicy({ max: 11 }).message).toMatch(/at most 10 servers/);
    expect(sim.scaling.setPolicy({ targetCpu: 0 }).ok).toBe(false);
    expect(sim.scaling.setPolicy({ targetCpu: Number.NaN }).ok).toBe(false);
    expect(sim.scaling.setPolicy({ scaleInCooldownMs: -1 }).ok).toBe(false);
    expect(sim.scaling.setPolicy({ nonsense: 1 }).ok).toBe(false);
    expect(sim.scaling.setPolicy(null).ok).toBe(false);
    const zero = sim.scaling.setBootTime(0);
    expect(zero.ok).toBe(false);
    expect(zero.message).toMatch(/cannot boot in no time/);
    expect(sim.scaling.setBootTime(-5).ok).toBe(false);
    expect(sim.scaling.setAutoscaling("yes" as unknown as boolean).ok).toBe(false);
    expect(sim.scaling.setAutoscaling(false).message).toMatch(/already off/);
    expect(snapshot()).toBe(before);
    // Above the policy's maximum, and below its minimum, while autoscaling is on.
    expect(sim.scaling.setPolicy({ min: 1, max: 2 }).ok).toBe(true);
    expect(sim.scaling.setAutoscaling(true).ok).toBe(true);
    expect(sim.scaling.add().ok).toBe(true);
    const third = sim.scaling.add();
    expect(third.ok).toBe(false);
    expect(third.message).toMatch(/maximum is 2/);
    expect(sim.scaling.setPolicy({ min: 2 }).ok).toBe(true);
    expect(sim.scaling.remove().message).toMatch(/minimum is 2/);
    // Every slot in use: with autoscaling off and nine launched.
    expect(sim.scaling.setAutoscaling(false).ok).toBe(true);
    for (let i = 0; i < 8; i++) expect(sim.scaling.add().ok).toBe(true);
    const full = sim.scaling.add();
    expect(full.ok).toBe(false);
    expect(full.message).toMatch(/no more slots/);
    addsUp(sim);
  });

  it("an architecture without a group refuses every scaling command", async () => {
    const { oneServerTopology } = await import("../../src/scenes/oneServer");
    const sim = createSimulation({ topology: oneServerTopology, seed: 1 });
    expect(sim.scaling.available).toBe(false);
    expect(sim.scaling.add().message).toMatch(/no group of web servers/);
    expect(sim.scaling.remove().ok).toBe(false);
  });

  it("a HAProxy server line with init-state fully-down leaves maintenance DOWN", () => {
    const topology = group(2);
    const servers = (
      topology.components.find((c) => c.kind === "haproxy") as { servers: HaproxyServer[] }
    ).servers;
    expect(servers[0]?.initState).toBe("fully-down");
    expect(servers[2]?.disabled).toBe(true);
  });
});

describe("scaling under traffic, kills and revivals (property)", () => {
  const command = fc.oneof(
    fc.constant({ kind: "add" as const }),
    fc.record({ kind: fc.constant("remove" as const), n: fc.integer({ min: 0, max: 10 }) }),
    fc.record({ kind: fc.constant("kill" as const), n: fc.integer({ min: 1, max: 10 }) }),
    fc.record({ kind: fc.constant("revive" as const), n: fc.integer({ min: 1, max: 10 }) }),
    fc.record({ kind: fc.constant("auto" as const), on: fc.boolean() }),
    fc.record({ kind: fc.constant("boot" as const), s: fc.integer({ min: 0, max: 90 }) }),
  );
  const plan = fc.array(fc.record({ wait: fc.integer({ min: 0, max: 20_000 }), command }), {
    minLength: 1,
    maxLength: 14,
  });

  function run(seed: number, steps: Step[]) {
    const sim = createSimulation({ topology: group(2), seed });
    sim.setTraffic(40);
    for (const { wait, command: c } of steps) {
      sim.advanceTo(sim.now + wait);
      if (c.kind === "add") sim.scaling.add();
      else if (c.kind === "remove") sim.scaling.remove(c.n === 0 ? undefined : `web${c.n}`);
      else if (c.kind === "kill") sim.kill(`web${c.n}`);
      else if (c.kind === "revive") sim.revive(`web${c.n}`);
      else if (c.kind === "auto") sim.scaling.setAutoscaling(c.on);
      else sim.scaling.setBootTime(c.s * 1000);
      addsUp(sim);
    }
    sim.setTraffic(0);
    // Long enough for every visit to end (a SYN to a dead machine gives up after 127 s).
    sim.advanceTo(sim.now + 400_000);
    return sim;
  }
  type Step = { wait: number; command: Cmd };
  type Cmd =
    | { kind: "add" }
    | { kind: "remove"; n: number }
    | { kind: "kill"; n: number }
    | { kind: "revive"; n: number }
    | { kind: "auto"; on: boolean }
    | { kind: "boot"; s: number };

  it("every request ends exactly once, and the same seed gives the same trace", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1_000 }), plan, (seed, steps) => {
        const a = run(seed, steps);
        const s = a.stats();
        expect(s.requestsInFlight).toBe(0);
        expect(s.visitsInFlight).toBe(0);
        addsUp(a);
        const b = run(seed, steps);
        expect(b.traceTotal).toBe(a.traceTotal);
        expect(b.stats()).toEqual(s);
        expect(b.scaling.events()).toEqual(a.scaling.events());
        expect(b.scaling.view()).toEqual(a.scaling.view());
      }),
      { numRuns: 6 },
    );
  }, 120_000);
});
