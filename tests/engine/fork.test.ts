import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createSimulation, type Simulation, type Topology } from "../../src/engine";
import { ARCHITECTURES } from "../../src/scenes/architectures";

/** Everything a run shows, in one string. */
function fingerprint(sim: Simulation): string {
  return JSON.stringify({
    now: sim.now,
    total: sim.traceTotal,
    trace: sim.trace,
    stats: sim.stats(),
    counts: sim.visitCounts(),
    incidents: sim.incidents,
    health: sim.topology.specs.map((s) => sim.health(s.id)),
    received: Array.from(sim.received),
    packets: Array.from({ length: sim.packets.count }, (_, i) => [
      sim.packets.from[i],
      sim.packets.to[i],
      sim.packets.depart[i],
      sim.packets.arrive[i],
    ]),
    events: sim.eventsProcessed,
    sample: sim.trafficSample(),
    deploy: sim.deployState(),
    scaling: sim.scaling.available ? sim.scaling.view() : undefined,
  });
}

type Command = { at: number; run: ((sim: Simulation) => void) & { toString(): string } };

/** A command with a name, for a counterexample that reads. */
const named = (name: string, run: (sim: Simulation) => unknown) =>
  Object.assign((sim: Simulation) => void run(sim), { toString: () => name });

const architectures = Object.values(ARCHITECTURES).map((a) => a.topology as Topology);

/** Commands any architecture takes (a refused one changes nothing, by the engine's rule). */
function commandArb(topology: Topology) {
  const ids = topology.components.map((c) => c.id);
  return fc.record({
    at: fc.integer({ min: 0, max: 12_000 }),
    run: fc.oneof(
      fc
        .integer({ min: 1, max: 300 })
        .map((rps) => named(`traffic ${rps}`, (s) => s.setTraffic(rps))),
      fc.constant(named("traffic 0", (s) => s.setTraffic(0))),
      fc.constant(named("visit", (s) => s.tryVisit("www.foobar.com"))),
      fc.constantFrom(...ids).map((id) => named(`kill ${id}`, (s) => s.kill(id))),
      fc.constantFrom(...ids).map((id) => named(`revive ${id}`, (s) => s.revive(id))),
      fc.constantFrom(...ids).map((id) => named(`slow ${id}`, (s) => s.setSlow(id, true))),
      fc.constant(named("surge", (s) => s.surge({ holdMs: 2_000, easeMs: 1_000 }))),
      fc.constant(named("deploy", (s) => s.deploy())),
      fc.constant(named("add a server", (s) => s.scaling.add())),
    ),
  });
}

/** Runs `sim` through the commands due in (from, to], each at its time, then to `to`. */
function play(sim: Simulation, commands: readonly Command[], from: number, to: number): void {
  for (const c of commands) {
    if (c.at <= from || c.at > to) continue;
    sim.advanceTo(c.at);
    c.run(sim);
  }
  sim.advanceTo(to);
}

describe("Simulation.fork (time travel's keyframes)", () => {
  it("a copy goes on exactly as the original would, and the original is untouched", () => {
    const scenario = fc.integer({ min: 0, max: architectures.length - 1 }).chain((a) =>
      fc.record({
        architecture: fc.constant(Object.keys(ARCHITECTURES)[a]),
        topology: fc.constant(architectures[a] as Topology),
        seed: fc.integer({ min: 1, max: 1_000 }),
        commands: fc.array(commandArb(architectures[a] as Topology), { maxLength: 6 }),
        forkAt: fc.integer({ min: 0, max: 15_000 }),
      }),
    );
    let forked = 0;
    fc.assert(
      fc.property(
        scenario.map(({ topology, ...rest }) => ({
          ...rest,
          topology: { toString: () => "", value: topology },
        })),
        ({ topology: { value: topology }, seed, commands, forkAt }) => {
          const sorted = commands.sort((x, y) => x.at - y.at);
          const end = 16_000;
          const straight = createSimulation({ topology, seed });
          straight.setTraffic(40);
          play(straight, sorted, -1, end);

          const original = createSimulation({ topology, seed });
          original.setTraffic(40);
          play(original, sorted, -1, forkAt);
          const copy = original.fork();
          if (copy) {
            forked++;
            expect(copy.now).toBe(original.now);
            play(copy, sorted, forkAt, end);
            expect(fingerprint(copy)).toBe(fingerprint(straight));
          }
          play(original, sorted, forkAt, end);
          expect(fingerprint(original)).toBe(fingerprint(straight));
        },
      ),
      { numRuns: 40 },
    );
    // Most moments can be copied (not those in the middle of a deploy).
    expect(forked).toBeGreaterThan(20);
  }, 60_000);

  it("a copy of a copy, and copies taken mid-visit, in slow motion on the one-server stack", () => {
    const topology = ARCHITECTURES["one-server"].topology;
    const straight = createSimulation({ topology, seed: 9 });
    straight.visit("www.foobar.com");
    straight.runUntilIdle();
    const a = createSimulation({ topology, seed: 9 });
    a.visit("www.foobar.com");
    a.advanceTo(150);
    const b = a.fork()?.fork();
    if (!b) throw new Error("no copy");
    expect(b.packets.count).toBe(a.packets.count);
    b.runUntilIdle();
    a.runUntilIdle();
    expect(fingerprint(b)).toBe(fingerprint(straight));
    expect(fingerprint(a)).toBe(fingerprint(straight));
  });

  it("no copy while a deploy's steps are scheduled (closures), one again after it", () => {
    const sim = createSimulation({ topology: ARCHITECTURES["one-server"].topology, seed: 1 });
    expect(sim.deploy().ok).toBe(true);
    sim.advanceTo(100);
    expect(sim.fork()).toBeUndefined();
    sim.runUntilIdle();
    expect(sim.fork()).toBeDefined();
  });
});
