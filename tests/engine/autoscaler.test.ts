import { describe, expect, it } from "vitest";
import { type AutoscalingPolicy, createSimulation, OUTCOMES } from "../../src/engine";
import { checkPolicy, decide } from "../../src/engine/scaling/autoscaler";
import { scalingTopology } from "../../src/scenes/scalingScenes";

const policy: AutoscalingPolicy = {
  targetCpu: 50,
  min: 2,
  max: 5,
  scaleOutCooldownMs: 30_000,
  scaleInCooldownMs: 60_000,
};

describe("the target-tracking decision", () => {
  it("asks for ceil(in service × CPU / target) servers, within min and max", () => {
    const o = { now: 100_000, inService: 2, pending: 0 };
    expect(decide(policy, { ...o, cpu: 0.9 })).toMatchObject({ kind: "out", add: 2, desired: 4 });
    // ceil(2 × 0.5 / 0.5) is exactly 2: no change.
    expect(decide(policy, { ...o, cpu: 0.5 })).toMatchObject({ kind: "hold", desired: 2 });
    expect(decide(policy, { ...o, cpu: 1 }).why).toMatch(/ceil\(2 × 100 \/ 50\) = 4/);
    // Bounded by max: 4 × 100 % / 50 % = 8, but at most 5.
    expect(decide(policy, { ...o, inService: 4, cpu: 1 })).toMatchObject({
      kind: "out",
      add: 1,
      desired: 5,
    });
    // Booting servers count: 2 in service and 2 booting already make the 4 it wants.
    expect(decide(policy, { ...o, pending: 2, cpu: 1 })).toMatchObject({ kind: "hold" });
    // No server in service: nothing to measure.
    expect(decide(policy, { ...o, inService: 0, pending: 2, cpu: undefined }).kind).toBe("hold");
  });

  it("keeps the cooldowns: scale-out again within it only for more, scale-in one at a time after it", () => {
    const last = { at: 90_000, desired: 4 };
    const o = { now: 100_000, inService: 4, pending: 0, lastScaleOut: last };
    // Within the scale-out cooldown, 4 → 5 is more than the 4 asked for: it goes ahead.
    expect(decide(policy, { ...o, cpu: 0.6 })).toMatchObject({ kind: "out", desired: 5 });
    // After a server was lost, back to 4 is not more than 4: it waits for the cooldown.
    const lost = decide(policy, { ...o, inService: 3, cpu: 0.6 });
    expect(lost.kind).toBe("hold");
    expect(lost.why).toMatch(/scale-out cooldown/);
    expect(decide(policy, { ...o, now: 120_000, inService: 3, cpu: 0.6 }).kind).toBe("out");
    // Scale-in: not within 60 s of the last change, not while one is booting; one at a time.
    expect(decide(policy, { ...o, now: 140_000, cpu: 0.1 }).why).toMatch(/scale-in cooldown/);
    expect(decide(policy, { ...o, now: 150_000, pending: 1, cpu: 0.1 }).why).toMatch(
      /still starting/,
    );
    expect(decide(policy, { ...o, now: 150_000, cpu: 0.1 })).toMatchObject({
      kind: "in",
      desired: 3,
    });
    expect(decide(policy, { ...o, now: 150_000, lastScaleInAt: 120_000, cpu: 0.1 }).why).toMatch(
      /scale-in cooldown/,
    );
  });

  it("goes back within min and max at once when the policy changes", () => {
    const o = { now: 0, pending: 0, cpu: 0.5 };
    expect(decide(policy, { ...o, inService: 1 })).toMatchObject({ kind: "out", add: 1 });
    expect(decide(policy, { ...o, inService: 7 })).toMatchObject({ kind: "in", desired: 6 });
  });

  it("checks a policy: min > max, min 0, max above the slots are refused", () => {
    expect(checkPolicy(policy, { min: 6 }, 10).ok).toBe(false);
    expect(checkPolicy(policy, { min: 0 }, 10).ok).toBe(false);
    expect(checkPolicy(policy, { max: 12 }, 10).ok).toBe(false);
    expect(checkPolicy(policy, { min: 1.5 }, 10).ok).toBe(false);
    expect(checkPolicy(policy, { targetCpu: 101 }, 10).ok).toBe(false);
    expect(checkPolicy(policy, { targetCpu: 70, max: 10 }, 10)).toEqual({
      ok: true,
      policy: { ...policy, targetCpu: 70, max: 10 },
    });
  });
});

/**
 * The timeline worked out by hand: two servers of ~143 pages/s each (2 cores, 14 ms of CPU a
 * page) under 400 visits/s are saturated, so at 10 s the average CPU is about 100 % and the
 * autoscaler asks for ceil(2 × 100 / 50) = 4: web3 and web4 boot for 60 s, run at 70 s and join
 * 2 checks (2 s) later. At 80 s the window still holds 20 s of two saturated servers and 10 s of
 * four at 400 × 14 ms = 5.6 cores of 8 (70 %): over 50 % in any case, so ceil(4 × CPU / 50) is
 * at least 6, bounded to 5: web5 (the scale-out cooldown of 30 s is long over); it joins at about
 * 142 s. The traffic stops at 150 s. At 160 s the window holds 20 s of about 62 % (4 then 5
 * servers) and 10 s of nothing: about 41 %, and ceil(5 × 41 / 50) = 5: hold. At 170 s it holds
 * 10 s of about 56 % (5.6 cores of 10) and 20 s of nothing: about 19 %, and
 * ceil(5 × 19 / 50) = 2: web5 drains (the last change was 90 s ago, more than the 60 s scale-in
 * cooldown). Then one a cooldown: web4 at 230 s, web3 at 290 s; then the minimum of 2 holds.
 */
describe("the autoscaler under a hand-computed load", () => {
  it("launches, joins and removes servers at the times worked out by hand", () => {
    const sim = createSimulation({
      topology: scalingTopology({ initial: 2, autoscaling: policy }),
      seed: 7,
    });
    sim.setTraffic(400);
    sim.advanceTo(150_000);
    sim.setTraffic(0);
    sim.advanceTo(400_000);
    const decisions = sim.scaling
      .events()
      .filter((e) => e.kind === "decision")
      .map((e) => `${e.at / 1000}: ${e.text.replace(/.*: (launching|removing)/, "$1")}`);
    expect(decisions).toEqual([
      "10: launching web3, web4",
      "80: launching web5",
      "170: removing web5",
      "230: removing web4",
      "290: removing web3",
    ]);
    const at = (kind: string, server: string) =>
      sim.scaling.events().find((e) => e.kind === kind && e.server === server)?.at as number;
    expect(at("running", "web3")).toBe(70_000);
    expect(at("join", "web3")).toBeGreaterThanOrEqual(72_000);
    expect(at("join", "web3")).toBeLessThanOrEqual(74_000);
    expect(at("join", "web5")).toBeGreaterThanOrEqual(142_000);
    expect(at("join", "web5")).toBeLessThanOrEqual(144_000);
    for (const [server, drained] of [
      ["web5", 170_000],
      ["web4", 230_000],
      ["web3", 290_000],
    ] as const) {
      expect(at("drain", server)).toBe(drained);
      expect(at("off", server) - drained).toBeLessThanOrEqual(2_000);
    }
    expect(sim.scaling.view().slots.filter((s) => s.phase === "in-service")).toHaveLength(2);
    // Cost: 2 servers for 400 s; web3 from 10 s to 290 s, web4 to 230 s, web5 from 80 s to 170 s.
    const minutes = sim.scaling.view().costMs / 60_000;
    expect(minutes).toBeGreaterThan((800 + 280 + 220 + 90) / 60 - 0.01);
    expect(minutes).toBeLessThan((800 + 283 + 223 + 93) / 60);
    const s = sim.stats();
    expect(OUTCOMES.reduce((n, o) => n + s.finished[o], 0) + s.requestsInFlight).toBe(
      s.requestsSent,
    );
  }, 120_000);
});
