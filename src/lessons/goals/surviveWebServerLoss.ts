import type { Simulation } from "../../engine";
import {
  copyOf,
  count,
  finishVisits,
  outcomesInWords,
  playRun,
  settle,
  tallyVisits,
  visits,
  webServers,
} from "./engineRun";
import type { ChallengeRun, Goal, GoalResult } from "./types";

/** The check's steady traffic (visits per second): the server-failover scene's. */
export const CHECK_RPS = 20;
/** Traffic before the first kill (ms): the site must work with every server up. */
export const WARM_MS = 5_000;
/**
 * How long HAProxy takes to stop sending visits to a dead machine (ms), with its defaults (check
 * inter 2s fall 3 rise 2, the check's timeout being `inter`): each check of a machine that
 * answers nothing fails only when its 2 s timeout runs out, so three in a row mark it DOWN 10 to
 * 12 s after it died (src/engine/lb/healthCheck.ts). The visits sent to it before that wait for
 * `timeout connect` (5 s) and 3 retries to the same server, and end with HAProxy's 503 about 20 s
 * after they asked: they are the price of any health check, and are reported, not judged.
 */
export const REACTION_MS = 12_000;
/**
 * The visits judged (ms): those begun from REACTION_MS to REACTION_MS + JUDGED_MS after the kill
 * (about 200 at 20 a second), played until each has ended. Each server costs about 24 s of
 * simulated time and 460 visits.
 */
export const JUDGED_MS = 10_000;

/**
 * Make the site survive the loss of any one web server. On a copy of what the student built
 * (servers still starting are let finish first), with 20 visits a second: for each web server
 * taking traffic in turn, its machine is killed, and every visit begun once HAProxy's checks
 * have marked it DOWN must load.
 */
export const surviveWebServerLoss: Goal = {
  id: "survive-web-server-loss",
  title: "Make the site survive the loss of any one web server.",
  check(run: ChallengeRun): GoalResult {
    const ready = (): Simulation => {
      const sim = playRun(run);
      sim.setTraffic(CHECK_RPS);
      settle(sim);
      sim.advanceTo(sim.now + WARM_MS);
      return sim;
    };
    const base = ready();
    const warmFrom = base.now - WARM_MS;
    const servers = webServers(base).filter((s) => s.serving);
    const lines: string[] = [];
    const calm = tallyVisits(base, { from: warmFrom, to: base.now, endedAfter: warmFrom });
    if (calm.failed > 0)
      lines.push(
        `Before any server died, ${count(calm.failed)} of ${count(calm.total)} visits already failed (${outcomesInWords(calm.byOutcome)}): make the site work first.`,
      );
    if (servers.length === 0) {
      lines.push("No web server takes traffic: HAProxy answers every visit with its 503 page.");
      return { met: false, lines };
    }
    lines.push(
      `The check sent ${CHECK_RPS} visits a second and killed each web server's machine in turn (${servers.map((s) => s.host).join(", ")}).`,
    );
    let survived = true;
    for (const server of servers) {
      const sim = copyOf(base, ready);
      const diedAt = sim.now;
      sim.kill(server.host);
      const from = diedAt + REACTION_MS;
      const to = from + JUDGED_MS;
      sim.advanceTo(to);
      finishVisits(sim);
      const judged = tallyVisits(sim, { from, to });
      const before = tallyVisits(sim, { from: diedAt, to: from, endedAfter: diedAt });
      const window = `visits begun ${REACTION_MS / 1000} to ${(REACTION_MS + JUDGED_MS) / 1000} s after it died, once HAProxy's checks had marked it DOWN`;
      if (judged.failed > 0) {
        survived = false;
        lines.push(
          judged.failed === judged.total
            ? `Losing ${server.host} takes the site down: ${count(judged.failed)} of ${count(judged.total)} visits failed after it died (${window}: ${outcomesInWords(judged.byOutcome)}).`
            : `Losing ${server.host} still hurts: ${count(judged.failed)} of ${count(judged.total)} visits failed after it died (${window}: ${outcomesInWords(judged.byOutcome)}).`,
        );
      } else {
        const after = `all ${count(judged.total)} visits begun from ${REACTION_MS / 1000} s after it died loaded`;
        lines.push(
          before.failed > 0
            ? `Losing ${server.host}: the site survives. ${visits(before.failed)} sent to it before its checks marked it DOWN failed (${outcomesInWords(before.byOutcome)}); ${after}.`
            : `Losing ${server.host}: the site survives: ${after}.`,
        );
      }
    }
    if (servers.length === 1)
      lines.push(
        `${servers[0]?.host} is the only web server taking traffic: nothing is left to serve when it dies.`,
      );
    return { met: survived && calm.failed === 0, lines };
  },
};
