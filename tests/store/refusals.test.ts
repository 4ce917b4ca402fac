import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createSimulation, type Topology } from "../../src/engine";
import { distributedTopology } from "../../src/scenes/distributed";
import { oneServerTopology } from "../../src/scenes/oneServer";
import { deployRefusal, killRefusal, reviveRefusal } from "../../src/store/refusals";

/** One thing a user can do to the stack, or time passing (a deploy runs for 11 s or more). */
const stepOf = (topology: Topology) => {
  const ids = topology.components.map((c) => c.id).filter((id) => id !== "browser");
  return fc.oneof(
    fc.record({ kind: fc.constant("kill" as const), id: fc.constantFrom(...ids) }),
    fc.record({ kind: fc.constant("revive" as const), id: fc.constantFrom(...ids) }),
    fc.record({ kind: fc.constant("deploy" as const), mode: fc.constantFrom("restart", "reload") }),
    fc.record({ kind: fc.constant("wait" as const), ms: fc.integer({ min: 1, max: 6_000 }) }),
  );
};

describe("a button's refusal, known before the click", () => {
  const stacks: [string, Topology][] = [
    ["the one-server stack", oneServerTopology],
    // Several web servers: the toolbar's deploy is a rolling one through HAProxy.
    ["the distributed stack", distributedTopology({ webServers: 2 })],
  ];
  for (const [name, topology] of stacks)
    it(`agrees with the engine on ${name}: refused exactly when the engine refuses, with the engine's words`, () => {
      fc.assert(
        fc.property(fc.array(stepOf(topology), { minLength: 1, maxLength: 40 }), (steps) => {
          const sim = createSimulation({ topology, seed: 1 });
          for (const s of steps) {
            if (s.kind === "wait") {
              sim.advanceTo(sim.now + s.ms);
              continue;
            }
            const before = sim.trace.length;
            const predicted =
              s.kind === "kill"
                ? killRefusal(sim, s.id)
                : s.kind === "revive"
                  ? reviveRefusal(sim, s.id)
                  : deployRefusal(sim);
            // Asking changes nothing: no deploy started, nothing traced.
            expect(sim.trace.length).toBe(before);
            const result =
              s.kind === "kill"
                ? sim.kill(s.id)
                : s.kind === "revive"
                  ? sim.revive(s.id)
                  : sim.deploy(undefined, { mode: s.mode });
            expect(predicted).toBe(result.ok ? undefined : result.message);
          }
        }),
        { seed: 13, numRuns: 150 },
      );
    });

  it("says why MySQL cannot be revived while its server is off, and why a deploy must wait", () => {
    const sim = createSimulation({ topology: oneServerTopology, seed: 1 });
    expect(deployRefusal(sim)).toBeUndefined();
    sim.kill("server");
    expect(reviveRefusal(sim, "mysql")).toBe("Start Server 8.8.8.8 first: MySQL runs on it.");
    expect(reviveRefusal(sim, "server")).toBeUndefined();
    expect(deployRefusal(sim)).toMatch(/^Deploying needs everything on Server 8\.8\.8\.8 running/);
    sim.revive("server");
    sim.deploy();
    expect(killRefusal(sim, "nginx")).toBe(
      "A deploy is running on Server 8.8.8.8: wait for it to finish, or kill the whole server.",
    );
    expect(killRefusal(sim, "server")).toBeUndefined();
    expect(deployRefusal(sim)).toBe("A deploy (v2) is already running.");
  });
});
