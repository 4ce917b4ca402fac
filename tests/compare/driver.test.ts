import { describe, expect, it } from "vitest";
import {
  type CompareStore,
  comparableArchitectures,
  createCompareStore,
  sideSetup,
} from "../../src/compare/driver";
import {
  adHocScene,
  COMPARE_SCENES,
  type CompareScene,
  compareSceneById,
  sideOf,
} from "../../src/compare/scenes";
import { availability } from "../../src/compare/tally";
import type { ArchitectureId } from "../../src/scenes/architectures";

const surge = compareSceneById("compare-surge") as CompareScene;

/** A fake wall clock that never reports work, so the pace stays 1 (no timed tests). */
const still = () => 0;

function frames(store: CompareStore, ms: readonly number[]): void {
  for (const dt of ms) store.getState().actions.tick(dt);
}

const simsOf = (store: CompareStore) => store.getState().stores.map((s) => s.getState().sim);

describe("compare mode's one clock", () => {
  it("keeps both sides at the same simulated time on every frame", () => {
    const store = createCompareStore({ scene: surge, seed: 3, wallClock: still });
    store.getState().actions.play();
    // Uneven frames, as a browser gives them (and one long one, capped).
    const dts = [16, 17, 33, 4, 16.7, 250, 8, 16, 16, 50];
    let expected = 0;
    for (let round = 0; round < 3; round++)
      for (const dt of dts) {
        store.getState().actions.tick(dt);
        expected += Math.min(dt, 100) * 10;
        const [left, right] = simsOf(store);
        expect(left?.now).toBe(right?.now);
        expect(left?.now).toBeCloseTo(expected, 6);
      }
  });

  it("stops both sides together: paused, no frame moves either", () => {
    const store = createCompareStore({ scene: surge, seed: 1, wallClock: still, autoplay: true });
    frames(store, [16, 16]);
    store.getState().actions.pause();
    const before = simsOf(store).map((s) => s.now);
    expect(store.getState().actions.tick(16)).toBe(false);
    expect(simsOf(store).map((s) => s.now)).toEqual(before);
  });

  it("runs the same script from the same seed on both sides, at each step's exact time", () => {
    const store = createCompareStore({ scene: surge, seed: 7, wallClock: still, autoplay: true });
    store.getState().actions.setSpeed("100");
    frames(store, Array(20).fill(16)); // 32 s of simulated time: past the surge's start
    const [left, right] = simsOf(store);
    expect(left?.seed).toBe(7);
    expect(right?.seed).toBe(7);
    const steps = store.getState().applied.filter((a) => a.step >= 0);
    expect(steps.map(({ side, step, at, ok }) => ({ side, step, at, ok }))).toEqual([
      { side: 0, step: 0, at: 10_000, ok: true },
      { side: 1, step: 0, at: 10_000, ok: true },
    ]);
    for (const sim of [left, right]) {
      expect(sim?.trafficState()).toMatchObject({ baseRps: 60, surging: true, surged: true });
      expect(sim?.writeShare()).toBe(0);
    }
  });

  it("gives the same two runs however the frames fall (the seed decides, not the frame rate)", () => {
    const run = (dts: readonly number[]) => {
      const store = createCompareStore({ scene: surge, seed: 5, wallClock: still, autoplay: true });
      store.getState().actions.setSpeed("100");
      let total = 0;
      for (let i = 0; total < 450; i++) {
        const dt = Math.min(dts[i % dts.length] as number, 450 - total);
        store.getState().actions.tick(dt);
        total += dt;
      }
      return simsOf(store).map((s) => ({ now: s.now, stats: s.stats() }));
    };
    expect(run([16])).toEqual(run([7, 33, 16.7, 90]));
  });

  it("starts over with Reset: both sides at 0, paused, the same seed", () => {
    const store = createCompareStore({ scene: surge, seed: 2, wallClock: still, autoplay: true });
    frames(store, [16, 16, 16]);
    store.getState().actions.reset();
    expect(store.getState().playing).toBe(false);
    expect(simsOf(store).map((s) => [s.now, s.seed])).toEqual([
      [0, 2],
      [0, 2],
    ]);
    expect(store.getState().results.map((r) => r.finished)).toEqual([0, 0]);
  });

  it("refuses a speed it does not have, with a notice, and keeps its own", () => {
    const store = createCompareStore({ scene: surge, seed: 1, wallClock: still });
    store.getState().actions.setSpeed("slow");
    expect(store.getState().speed).toBe("10");
    expect(store.getState().notices.map((n) => n.text)).toEqual([
      "slow is not a speed of compare mode: use 0.1, 1, 10, 100.",
    ]);
  });
});

describe("compare-deploy", () => {
  it("all at once leaves a gap of failed visits; rolling fails none, on the same stack, traffic and seed", () => {
    const scene = compareSceneById("compare-deploy") as CompareScene;
    const store = createCompareStore({ scene, seed: 1, wallClock: still, autoplay: true });
    store.getState().actions.setSpeed("10");
    frames(store, Array(60).fill(100)); // 60 s: the deploy at 10 s, both finished by 45 s
    const [allAtOnce, rolling] = store.getState().results;
    const [left, right] = simsOf(store);
    expect(left?.deployState()?.strategy).toBe("all-at-once");
    expect(right?.deployState()?.strategy).toBe("rolling");
    expect(left?.deployState()?.phase).toBe("done");
    expect(right?.deployState()?.phase).toBe("done");
    expect(rolling.failed).toBe(0);
    expect(allAtOnce.failed).toBeGreaterThan(20);
    // The all-at-once failures fall within the deploy's restarts, 10 s to about 25 s.
    const failedSeconds = allAtOnce.failedPerSecond.flatMap((n, i) => (n > 0 ? [i] : []));
    expect(Math.min(...failedSeconds)).toBeGreaterThanOrEqual(10);
    expect(Math.max(...failedSeconds)).toBeLessThan(30);
  });
});

describe("compare-surge", () => {
  it("the one server fails visits under the surge; the three servers fail far fewer", () => {
    const store = createCompareStore({ scene: surge, seed: 1, wallClock: still, autoplay: true });
    store.getState().actions.setSpeed("100");
    frames(store, Array(60).fill(20)); // 120 s
    const [one, three] = store.getState().results;
    expect(one.failed).toBeGreaterThan(1000);
    expect(three.failed).toBeLessThan(one.failed / 4);
    expect(availability(three) ?? 0).toBeGreaterThan(availability(one) ?? 1);
    // The counts add up, and the timeline's buckets hold every visit.
    for (const r of [one, three]) {
      expect(r.answered + r.failed).toBe(r.finished);
      const sum = (a: readonly number[]) => a.reduce((n, x) => n + x, 0);
      expect(sum(r.answeredPerSecond)).toBe(r.answered);
      expect(sum(r.failedPerSecond)).toBe(r.failed);
    }
  });

  it("a link's two architectures get the same steady traffic, and nothing else", () => {
    const scene = adHocScene("one-server", "distributed", 20);
    const store = createCompareStore({ scene, seed: 1, wallClock: still, autoplay: true });
    frames(store, Array(10).fill(100)); // 10 s at 1×
    expect(simsOf(store).map((s) => s.now)).toEqual([1_000, 1_000]);
    store.getState().actions.setSpeed("10");
    frames(store, Array(10).fill(100)); // 10 s more
    expect(simsOf(store).map((s) => s.trafficState())).toEqual([
      { baseRps: 20, rps: 20, surging: false, surged: false },
      { baseRps: 20, rps: 20, surging: false, surged: false },
    ]);
    const [one, three] = store.getState().results;
    expect(one.failed + three.failed).toBe(0);
    expect(one.finished).toBeGreaterThan(100);
  });
});

describe("compare scenes", () => {
  it("compare two different things, and every architecture a link may name can start a side", () => {
    for (const scene of COMPARE_SCENES) {
      const [a, b] = scene.sides.map((side) => JSON.stringify(side));
      expect(a).not.toBe(b);
      expect(scene.script.map((s) => s.at)).toEqual(
        [...scene.script.map((s) => s.at)].sort((x, y) => x - y),
      );
    }
    expect(comparableArchitectures()).toEqual(
      expect.arrayContaining(["one-server", "distributed"]),
    );
    for (const a of comparableArchitectures())
      expect(sideSetup(surge, sideOf(a as ArchitectureId), 1).scene).toBeTruthy();
  });
});
