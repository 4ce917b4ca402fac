import { describe, expect, it } from "vitest";
import type { DeployMode } from "../../src/engine";
import { CHALLENGES, type ChallengeId } from "../../src/lessons/challenges";
import { type ChallengeRun, GOALS, goalById } from "../../src/lessons/goals";
import { MAX_COST_MS, measureSurge } from "../../src/lessons/goals/surgeP95Cheap";
import { sceneOfStep, setupOfStep, startStep } from "../../src/lessons/run";
import { stepProblems } from "../../src/lessons/validate";
import type { Act, Moment } from "../../src/store/acts";
import { choicesFor, type DeployChoices } from "../../src/store/deploys";

/** The run a student has when they press Check: the challenge's start, what they did, when. */
function runOf(
  id: ChallengeId,
  moments: readonly Moment[] = [],
  now = 0,
  choices: Partial<DeployChoices> & { mode?: DeployMode } = {},
): ChallengeRun {
  const step = CHALLENGES[id];
  const { sim } = startStep(step);
  return {
    setup: setupOfStep(step),
    moments,
    now,
    deploy: { ...choicesFor(sceneOfStep(step), sim), mode: "restart", ...choices },
  };
}

const at = (ms: number, act: Act): Moment => ({ at: ms, act });
const check = (id: ChallengeId, run: ChallengeRun) => {
  const goal = goalById(id);
  if (!goal) throw new Error(`no goal ${id}`);
  return goal.check(run);
};
const SLOW = 60_000;

describe("the challenges", () => {
  it("are sound steps, each with its goal registered under its own id", () => {
    for (const [id, step] of Object.entries(CHALLENGES)) {
      expect(step.id).toBe(id);
      expect(step.goal).toBe(id);
      expect(GOALS[id]?.id).toBe(id);
      expect(stepProblems(step)).toEqual([]);
    }
  });
});

describe("survive-web-server-loss", () => {
  const id = "survive-web-server-loss";
  it("fails with one web server: losing it takes the site down", { timeout: SLOW }, () => {
    const result = check(id, runOf(id));
    expect(result.met).toBe(false);
    expect(result.lines).toContainEqual(
      expect.stringMatching(
        /^Losing web1 takes the site down: (\d[\d,]*) of \1 visits failed after it died/,
      ),
    );
  });

  it("passes once a second server is added, in service or still booting", { timeout: SLOW }, () => {
    // Added 5 s in, Check after it joined (60 s to boot, 2 good checks)…
    const joined = check(id, runOf(id, [at(5_000, { op: "addServer" })], 75_000));
    expect(joined.met).toBe(true);
    expect(joined.lines).toContainEqual(expect.stringMatching(/^Losing web1: the site survives/));
    expect(joined.lines).toContainEqual(expect.stringMatching(/^Losing web2: the site survives/));
    // …or Check pressed at once: the check lets it boot first.
    expect(check(id, runOf(id, [at(5_000, { op: "addServer" })], 5_000)).met).toBe(true);
  });

  it("fails again when the second server is killed before Check", { timeout: SLOW }, () => {
    const moments = [at(5_000, { op: "addServer" }), at(80_000, { op: "kill", id: "web2" })];
    const result = check(id, runOf(id, moments, 85_000));
    expect(result.met).toBe(false);
    expect(result.lines).toContainEqual(expect.stringMatching(/^Losing web1 takes the site down/));
  });
});

describe("deploy-without-errors", () => {
  const id = "deploy-without-errors";
  it("fails all at once: visits fail while both servers restart", { timeout: SLOW }, () => {
    const run = runOf(id);
    expect(run.deploy.deployStrategy).toBe("all-at-once");
    const result = check(id, run);
    expect(result.met).toBe(false);
    expect(result.lines).toContainEqual(
      expect.stringMatching(
        /^[\d,]+ visits failed during the deploy, of [\d,]+ \(.*502 Bad Gateway/,
      ),
    );
  });

  it("passes rolling, after a try the check leaves out", { timeout: SLOW }, () => {
    const tried = at(3_000, {
      op: "deploy",
      options: { mode: "restart", strategy: "rolling", release: "good" },
    });
    for (const run of [
      runOf(id, [], 0, { deployStrategy: "rolling" }),
      runOf(id, [tried], 45_000, { deployStrategy: "rolling" }),
    ]) {
      const result = check(id, run);
      expect(result.met).toBe(true);
      expect(result.lines).toContainEqual(
        expect.stringMatching(/^No visit failed during the deploy: all [\d,]+ loaded\.$/),
      );
      expect(result.lines).toContain(
        "At the end every server taking traffic runs v2 (web1, web2).",
      );
    }
  });

  it("passes canary; blue-green is refused here (no idle servers)", { timeout: SLOW }, () => {
    expect(check(id, runOf(id, [], 0, { deployStrategy: "canary" })).met).toBe(true);
    const blueGreen = check(id, runOf(id, [], 0, { deployStrategy: "blue-green" }));
    expect(blueGreen.met).toBe(false);
    expect(blueGreen.lines[0]).toMatch(/was refused: A blue-green deploy needs an idle half/);
  });

  it("a graceful reload fails busy workers unless they may finish", { timeout: SLOW }, () => {
    const reload = check(id, runOf(id, [], 0, { mode: "reload" }));
    expect(reload.met).toBe(false);
    const patient = ["web1-app", "web2-app"].map((app) =>
      at(0, { op: "configure", id: app, setting: "processControlTimeoutMs", value: 10_000 }),
    );
    expect(check(id, runOf(id, patient, 0, { mode: "reload" })).met).toBe(true);
  });

  it("fails with a bad release, which the rolling deploy stops", { timeout: SLOW }, () => {
    const result = check(
      id,
      runOf(id, [], 0, { deployStrategy: "rolling", deployRelease: "bad-500" }),
    );
    expect(result.met).toBe(false);
    expect(result.lines).toContainEqual(expect.stringMatching(/^The deploy stopped: web1 failed/));
    expect(result.lines).toContain("At the end web2 still serves v1: not every server runs v2.");
  });
});

describe("surge-p95-cheap", () => {
  const id = "surge-p95-cheap";
  /** Set up paused at 0, Play (the scene's surge after 70 s of calm), Check once it is over. */
  const played = (...acts: Act[]) => [...acts.map((a) => at(0, a)), at(0, { op: "opening" })];

  it("fails as it starts: two servers are too slow, and pay for late ones", {
    timeout: SLOW,
  }, () => {
    const result = check(id, runOf(id));
    expect(result.met).toBe(false);
    expect(result.lines).toContainEqual(expect.stringMatching(/^p95 \d+(\.\d)? s: too slow/));
    // The autoscaler's servers arrive after the surge, and are paid for all the same.
    expect(result.lines).toContainEqual(
      expect.stringMatching(/the autoscaler launched \d during it, \d still booting at its end/),
    );
    expect(result.lines).toContainEqual(
      `Cost 100 server-s, the goal is at most ${MAX_COST_MS / 1000} server-s: too costly.`,
    );
  });

  it("passes with a third server and autoscaling off", { timeout: SLOW }, () => {
    const moments = played({ op: "autoscaling", on: false }, { op: "addServer" });
    const result = check(id, runOf(id, moments, 120_000));
    expect(result.met).toBe(true);
    expect(result.lines).toContainEqual(expect.stringMatching(/^p95 0\.\d s: fast enough/));
    expect(result.lines).toContainEqual(
      expect.stringMatching(/^Cost 90 server-s: within the goal/),
    );
    // The same with the autoscaler kept, its minimum raised to three.
    const kept = played({ op: "policy", change: { min: 3, targetCpu: 90 } });
    expect(check(id, runOf(id, kept, 120_000)).met).toBe(true);
  });

  it("fails fast but too costly: five servers", { timeout: SLOW }, () => {
    const add = { op: "addServer" } as const;
    const moments = played({ op: "autoscaling", on: false }, add, add, add);
    const result = check(id, runOf(id, moments, 120_000));
    expect(result.met).toBe(false);
    expect(result.lines).toContainEqual(expect.stringMatching(/^p95 0\.\d s: fast enough/));
    expect(result.lines).toContain(
      `Cost 150 server-s, the goal is at most ${MAX_COST_MS / 1000} server-s: too costly.`,
    );
  });

  it("leaves the student's own surges out: Check mid-surge measures the same", {
    timeout: SLOW,
  }, () => {
    const moments = played({ op: "autoscaling", on: false }, { op: "addServer" });
    const mid = measureSurge(runOf(id, [...moments, at(110_000, { op: "surge" })], 115_000));
    const calm = measureSurge(runOf(id, moments.slice(0, -1), 115_000));
    expect(mid).toEqual(calm);
  });
});

describe("determinism", () => {
  it("the same run gives the same verdict twice", { timeout: SLOW }, () => {
    const runs: [ChallengeId, ChallengeRun][] = [
      [
        "survive-web-server-loss",
        runOf("survive-web-server-loss", [at(1_000, { op: "addServer" })], 2_000),
      ],
      ["deploy-without-errors", runOf("deploy-without-errors")],
      ["surge-p95-cheap", runOf("surge-p95-cheap")],
    ];
    for (const [id, run] of runs) expect(check(id, run)).toEqual(check(id, run));
  });
});
