import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createSimulation } from "../../src/engine";
import { oneServerTopology } from "../../src/scenes/oneServer";
import { engineProperty, settle } from "../fuzz/engineFuzz";

describe("the engine under random commands (model-based fuzzing; npm run fuzz runs 10,000)", () => {
  it("never throws, keeps its counters, refuses without changing anything, and settles", () => {
    // A fixed seed: npm test runs the same 200 sequences every time (CI stays deterministic);
    // npm run fuzz explores new seeds by the ten thousand.
    fc.assert(engineProperty(40), { numRuns: 200, seed: 20261130 });
  }, 120_000);

  it("issue 11, defect 1: slow app, 7 visits, the server killed and revived: every visit ends", () => {
    const sim = createSimulation({ topology: oneServerTopology, seed: 1 });
    sim.setSlow("app", true);
    for (let i = 0; i < 7; i++) {
      sim.visit("www.foobar.com");
      sim.advanceTo(sim.now + 200);
    }
    sim.advanceTo(sim.now + 2_000);
    sim.kill("server");
    sim.advanceTo(sim.now + 5_000);
    sim.revive("server");
    settle(sim);
    expect(sim.visits).toHaveLength(7);
    expect(sim.visits.every((v) => v.outcome !== undefined)).toBe(true);
  });
});
