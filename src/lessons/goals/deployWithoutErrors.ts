import type { DeployOptions } from "../../engine";
import { sceneById } from "../../scenes/catalog";
import {
  count,
  finishVisits,
  outcomesInWords,
  playRun,
  seconds,
  settle,
  tallyVisits,
  visits,
  webServers,
} from "./engineRun";
import type { ChallengeRun, Goal, GoalResult } from "./types";

/** The check's traffic (visits per second). */
export const CHECK_RPS = 100;
/** Traffic before the deploy (ms): the site must work before it. */
export const WARM_MS = 5_000;
/**
 * The longest the check waits for the deploy to end (ms). On two servers at 100 visits a second
 * (seed 1): all at once 11 s, rolling 28 s, canary 58 s (its 30 s of judging included), blue-green
 * 13 s on the blue-green architecture; about 3,000 visits a rolling deploy.
 */
export const DEPLOY_LIMIT_MS = 180_000;
/** Traffic after the deploy ends (ms): a server just put back must serve as well. */
export const AFTER_MS = 5_000;

const STRATEGY_WORDS = {
  "all-at-once": "all at once",
  rolling: "rolling",
  "blue-green": "blue-green",
  canary: "canary",
} as const;

/**
 * Deploy v2 with no failed request under 100 visits/s. On what the student built (their own
 * deploys and rollbacks left out, so the site still runs v1), 100 visits a second, then the
 * deploy the student has chosen (strategy, release, restart or reload) until it ends and 5 s
 * more: every visit under way meanwhile must load, and every server taking traffic at the end
 * must run the new version.
 */
export const deployWithoutErrors: Goal = {
  id: "deploy-without-errors",
  title: "Deploy v2 with no failed request under 100 visits/s.",
  check(run: ChallengeRun): GoalResult {
    const opensWithDeploy = ["deploy", "reload"].includes(
      sceneById(run.setup.scene)?.opening ?? "",
    );
    const sim = playRun(
      run,
      (act) =>
        act.op === "deploy" || act.op === "rollback" || (act.op === "opening" && opensWithDeploy),
    );
    settle(sim);
    sim.setTraffic(CHECK_RPS);
    sim.advanceTo(sim.now + WARM_MS);
    const lines: string[] = [];
    const calmFrom = sim.now - WARM_MS;
    const calm = tallyVisits(sim, { from: calmFrom, to: sim.now, endedAfter: calmFrom });
    if (calm.failed > 0)
      lines.push(
        `Before the deploy, ${count(calm.failed)} of ${count(calm.total)} visits already failed (${outcomesInWords(calm.byOutcome)}): make the site work first.`,
      );
    const { deployStrategy: strategy, deployRelease: release, mode } = run.deploy;
    const options: DeployOptions = { strategy, release, mode };
    const how = `${STRATEGY_WORDS[strategy]}, ${mode === "reload" ? "with graceful reloads" : "with restarts"}`;
    const started = sim.now;
    const result = sim.deploy(undefined, options);
    if (!result.ok) {
      lines.push(`The deploy you chose (${how}) was refused: ${result.message}`);
      return { met: false, lines };
    }
    while (sim.deployState()?.endedAt === undefined && sim.now < started + DEPLOY_LIMIT_MS)
      sim.advanceTo(Math.min(started + DEPLOY_LIMIT_MS, sim.now + 1_000));
    const deploy = sim.deployState();
    const ended = deploy?.endedAt;
    const version = deploy?.version ?? "v2";
    sim.advanceTo((ended ?? sim.now) + AFTER_MS);
    const servers = webServers(sim).filter((s) => s.serving);
    const stale = servers.filter((s) => s.app && sim.codeVersion(s.app) !== version);
    finishVisits(sim);
    const during = tallyVisits(sim, {
      from: started,
      to: (ended ?? sim.now) + AFTER_MS,
      endedAfter: started,
    });

    lines.push(
      ended === undefined
        ? `The deploy of ${version} (${how}) had not ended after ${seconds(DEPLOY_LIMIT_MS)} at ${CHECK_RPS} visits/s.`
        : `The deploy of ${version} (${how}) took ${seconds(ended - started)} at ${CHECK_RPS} visits/s.`,
    );
    lines.push(
      during.failed > 0
        ? `${visits(during.failed)} failed during the deploy, of ${count(during.total)} (${outcomesInWords(during.byOutcome)}).`
        : `No visit failed during the deploy: all ${count(during.total)} loaded.`,
    );
    if (deploy?.phase === "stopped" || deploy?.phase === "aborted")
      lines.push(
        `The deploy ${deploy.phase === "stopped" ? "stopped" : "was aborted"}: ${(deploy.stopped ?? deploy.label).replace(/\.$/, "")}.`,
      );
    if (release !== "good")
      lines.push(
        `The release chosen is a bad one (${release}): the goal is the good release of ${version}.`,
      );
    if (servers.length === 0) lines.push("At the end no web server takes traffic.");
    else if (stale.length > 0)
      lines.push(
        `At the end ${stale.map((s) => `${s.host} still serves ${s.app ? sim.codeVersion(s.app) : "old code"}`).join(", ")}: not every server runs ${version}.`,
      );
    else
      lines.push(
        `At the end every server taking traffic runs ${version} (${servers.map((s) => s.host).join(", ")}).`,
      );
    const met =
      calm.failed === 0 &&
      during.failed === 0 &&
      deploy?.phase === "done" &&
      release === "good" &&
      servers.length > 0 &&
      stale.length === 0;
    return { met, lines };
  },
};
