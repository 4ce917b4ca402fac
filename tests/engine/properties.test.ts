import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type CommandResult, createSimulation, OUTCOMES } from "../../src/engine";
import { oneServerTopology } from "../../src/scenes/oneServer";

/** A plan of visits: when each starts (ms) and which name it asks for. */
const visitPlan = fc.array(
  fc.record({
    at: fc.integer({ min: 0, max: 400_000 }),
    host: fc.constantFrom(
      "www.foobar.com",
      "foobar.com",
      "WWW.FOOBAR.COM",
      "nope.com",
      "x.foobar.com",
    ),
  }),
  { minLength: 1, maxLength: 40 },
);

describe("every request ends exactly once", () => {
  it("over random seeds, visit counts and timings", () => {
    fc.assert(
      fc.property(fc.integer(), visitPlan, (seed, plan) => {
        const engine = createSimulation({ topology: oneServerTopology, seed });
        const sorted = [...plan].sort((a, b) => a.at - b.at);
        for (const { at, host } of sorted) {
          engine.advanceTo(at);
          engine.visit(host);
          // The counters add up at every moment, not only at the end.
          const s = engine.stats();
          const ended = OUTCOMES.reduce((sum, o) => sum + s.finished[o], 0);
          expect(ended + s.requestsInFlight).toBe(s.requestsSent);
        }
        engine.runUntilIdle();
        const s = engine.stats();
        expect(s.requestsInFlight).toBe(0);
        expect(s.visitsInFlight).toBe(0);
        expect(
          engine.requests.every((r) => r.outcome !== undefined && r.endedAt !== undefined),
        ).toBe(true);
        // One "request.end" note per request: nothing ended twice, nothing was dropped.
        const ends = engine.trace.filter((e) => e.step === "request.end").map((e) => e.requestId);
        expect(ends.sort((a, b) => a - b)).toEqual(engine.requests.map((r) => r.id));
        expect(engine.visits.every((v) => v.endedAt !== undefined && v.outcome !== undefined)).toBe(
          true,
        );
        expect(engine.packets.count).toBe(0);
      }),
      { numRuns: 150 },
    );
  });

  it("keeps every hop's arrival after its departure, and the trace in time order", () => {
    fc.assert(
      fc.property(fc.integer(), visitPlan, (seed, plan) => {
        const engine = createSimulation({ topology: oneServerTopology, seed });
        for (const { at, host } of [...plan].sort((a, b) => a.at - b.at)) {
          engine.advanceTo(at);
          engine.visit(host);
        }
        engine.runUntilIdle();
        let last = 0;
        for (const e of engine.trace) {
          const t = e.type === "hop" ? e.depart : e.at;
          expect(t).toBeGreaterThanOrEqual(last);
          last = t;
          if (e.type === "hop") expect(e.arrive).toBeGreaterThan(e.depart);
        }
      }),
      { numRuns: 60 },
    );
  });

  it("is deterministic: replaying the same plan with the same seed gives the same trace", () => {
    fc.assert(
      fc.property(fc.integer(), visitPlan, (seed, plan) => {
        const run = () => {
          const engine = createSimulation({ topology: oneServerTopology, seed });
          for (const { at, host } of [...plan].sort((a, b) => a.at - b.at)) {
            engine.advanceTo(at);
            engine.visit(host);
          }
          engine.runUntilIdle();
          return engine.trace;
        };
        expect(run()).toEqual(run());
      }),
      { numRuns: 30 },
    );
  });
});

/** Commands a class might click in any order, at any time. */
const ids = [
  "resolver",
  "root",
  "tld",
  "auth",
  "server",
  "nginx",
  "app",
  "mysql",
  "browser",
  "nope",
] as const;
const command = fc.oneof(
  fc.record({
    at: fc.integer({ min: 0, max: 200_000 }),
    op: fc.constant("visit" as const),
    id: fc.constant(""),
  }),
  fc.record({
    at: fc.integer({ min: 0, max: 200_000 }),
    op: fc.constantFrom(
      "kill" as const,
      "revive" as const,
      "slow" as const,
      "unslow" as const,
      "deploy" as const,
      "reload" as const,
    ),
    id: fc.constantFrom(...ids),
  }),
);

type Op = "visit" | "kill" | "revive" | "slow" | "unslow" | "deploy" | "reload";

function apply(engine: ReturnType<typeof createSimulation>, op: Op, id: string): CommandResult {
  switch (op) {
    case "visit":
      engine.visit("www.foobar.com");
      return { ok: true, message: "" };
    case "kill":
      return engine.kill(id);
    case "revive":
      return engine.revive(id);
    case "slow":
    case "unslow":
      return engine.setSlow(id, op === "slow");
    case "deploy":
      return engine.deploy();
    case "reload":
      return engine.deploy(undefined, { mode: "reload" });
  }
}

describe("faults never lose a request", () => {
  it("random kills, revivals, slowdowns, deploys and visits: every request ends exactly once", () => {
    fc.assert(
      fc.property(
        fc.integer(),
        fc.array(command, { minLength: 1, maxLength: 60 }),
        (seed, plan) => {
          const engine = createSimulation({ topology: oneServerTopology, seed });
          for (const { at, op, id } of [...plan].sort((a, b) => a.at - b.at)) {
            engine.advanceTo(Math.max(at, engine.now));
            const result = apply(engine, op, id);
            // Every refusal says why.
            if (!result.ok) expect(result.message.length).toBeGreaterThan(10);
            const s = engine.stats();
            const ended = OUTCOMES.reduce((sum, o) => sum + s.finished[o], 0);
            expect(ended + s.requestsInFlight).toBe(s.requestsSent);
          }
          // Whatever is still down, everything in flight ends (timeouts are finite).
          engine.runUntilIdle();
          const s = engine.stats();
          expect(s.requestsInFlight).toBe(0);
          expect(s.visitsInFlight).toBe(0);
          const ends = engine.trace.filter((e) => e.step === "request.end").map((e) => e.requestId);
          expect(ends.sort((a, b) => a - b)).toEqual(engine.requests.map((r) => r.id));
          expect(engine.requests.every((r) => r.outcome !== undefined)).toBe(true);
          expect(engine.packets.count).toBe(0);
          // A failed request always says why.
          for (const r of engine.requests)
            if (r.outcome !== "ok") expect(r.reason ?? "").not.toBe("");
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe("faults under traffic never lose a request", () => {
  it("random kills, revivals, slowdowns, deploys, capacity changes and a surge, with traffic: every request ends", () => {
    // Timers and CPU jobs are reused once done; a kill leaves stale references to them behind
    // (a dead Nginx's proxy timeouts, a browser's SYN timer). Any wrong reuse would show here as
    // a request that never ends, or one that ends twice (the engine throws).
    // Small queues and limits, so that SYNs are dropped and retried and Nginx runs short.
    const settings: Record<string, string[]> = {
      app: ["workers", "listenBacklog", "processControlTimeoutMs"],
      mysql: ["maxConnections"],
      nginx: ["workerConnections", "fastcgiConnectTimeoutMs"],
      server: ["cores"],
    };
    const change = fc.record({
      at: fc.integer({ min: 0, max: 8_000 }),
      op: fc.constant("configure" as const),
      id: fc.constantFrom("app", "mysql", "nginx", "server"),
      value: fc.integer({ min: 1, max: 40 }),
      pick: fc.nat(),
    });
    const faultsSoon = command.map((c) => ({ ...c, at: c.at % 8_000, value: 0, pick: 0 }));
    fc.assert(
      fc.property(
        fc.integer(),
        fc.integer({ min: 20, max: 400 }),
        fc.array(fc.oneof(faultsSoon, change), { minLength: 1, maxLength: 30 }),
        (seed, rps, plan) => {
          const engine = createSimulation({ topology: oneServerTopology, seed });
          engine.setTraffic(rps);
          engine.advanceTo(500);
          engine.surge({ factor: 5, holdMs: 2_000, easeMs: 1_000 });
          for (const { at, op, id, value, pick } of [...plan].sort((a, b) => a.at - b.at)) {
            engine.advanceTo(Math.max(at, engine.now));
            if (op === "configure") {
              const choices = settings[id] as string[];
              const setting = choices[pick % choices.length] as string;
              // Timeouts in ms: from 1 s (the least allowed) up.
              const scaled = setting.endsWith("Ms") ? value * 250 + 1_000 : value;
              engine.configure(id, setting, scaled);
            } else apply(engine, op, id);
            const s = engine.stats();
            const ended = OUTCOMES.reduce((sum, o) => sum + s.finished[o], 0);
            expect(ended + s.requestsInFlight).toBe(s.requestsSent);
          }
          engine.advanceTo(Math.max(engine.now, 9_000));
          engine.setTraffic(0);
          engine.runUntilIdle();
          const s = engine.stats();
          expect(s.visitsSent).toBeGreaterThan(0);
          expect(s.requestsInFlight).toBe(0);
          expect(s.visitsInFlight).toBe(0);
          expect(OUTCOMES.reduce((sum, o) => sum + s.finished[o], 0)).toBe(s.requestsSent);
          expect(engine.packets.count).toBe(0);
        },
      ),
      { numRuns: 40 },
    );
  });
});
