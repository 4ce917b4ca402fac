import { OUTCOME_TEXT, type Outcome, type Simulation } from "../../engine";
import { takesTraffic } from "../../engine/lb/healthCheck";
import type { Act } from "../../store/acts";
import { playSetup } from "../run";
import type { ChallengeRun } from "./types";

/**
 * What the goals share: the student's run rebuilt in a fresh engine, copies of it to try things
 * on, and the visits counted. Nothing here reads the graph to judge: every verdict comes from
 * visits the engine played.
 */

/**
 * The student's run as it is at `run.now`: the setup, with the acts done at their times (a
 * refused one changes nothing, as in the app). `leaveOut` drops acts the check replaces with its
 * own (a deploy goal's own deploy, a surge goal's own surge).
 */
export function playRun(run: ChallengeRun, leaveOut?: (act: Act) => boolean): Simulation {
  const moments = leaveOut ? run.moments.filter((m) => !leaveOut(m.act)) : run.moments;
  return playSetup(run.setup, moments, run.now);
}

/**
 * A copy of `from` to try something on: an exact fork, or, while a closure is scheduled (a
 * deploy's steps) and the engine cannot copy, `rebuild()`, which must make the same state again
 * (the engine is deterministic under its seed, so replaying the same acts does).
 */
export function copyOf(from: Simulation, rebuild: () => Simulation): Simulation {
  return from.fork() ?? rebuild();
}

/** The longest `settle` waits (ms): a server that boots in the scene's 60 s, its checks, and room. */
export const SETTLE_LIMIT_MS = 120_000;

/**
 * Plays on until nothing the student started is still under way: no server of the scaling group
 * booting or joining, no deploy running (at most `limitMs`, by whole seconds). What a student
 * built counts once it is built: a server added a moment before Check is judged as a server.
 */
export function settle(sim: Simulation, limitMs = SETTLE_LIMIT_MS): void {
  const until = sim.now + limitMs;
  while (underWay(sim) && sim.now < until)
    sim.advanceTo(Math.min(until, (Math.floor(sim.now / 1000) + 1) * 1000));
}

/** A server of the group booting or joining, or a deploy running. */
function underWay(sim: Simulation): boolean {
  const deploy = sim.deployState();
  return (
    (deploy !== undefined && deploy.endedAt === undefined) ||
    sim.scaling.view().slots.some((s) => s.phase === "booting" || s.phase === "joining")
  );
}

/**
 * Stops the traffic and plays on until every visit under way has ended (at most `limitMs`), so
 * that the visits begun before are all counted with their outcome.
 */
export function finishVisits(sim: Simulation, limitMs = 120_000): void {
  sim.setTraffic(0);
  const until = sim.now + limitMs;
  while (sim.stats().visitsInFlight > 0 && sim.now < until) {
    const next = sim.step();
    if (next === undefined) break;
  }
}

/** Visits counted: how many, how many failed and how, and their durations (ms). */
export interface VisitTally {
  total: number;
  failed: number;
  byOutcome: Partial<Record<Outcome, number>>;
  /** Every counted visit's duration; a failed one is Infinity (it never loaded its page). */
  durations: number[];
}

/**
 * The visits that began in [from, to) and have ended (ended after `endedAfter`, when given: a
 * visit under way when something happened). Durations are kept only with `durations`.
 */
export function tallyVisits(
  sim: Simulation,
  range: { from: number; to: number; endedAfter?: number },
  durations = false,
): VisitTally {
  const tally: VisitTally = { total: 0, failed: 0, byOutcome: {}, durations: [] };
  const since = Math.min(range.from, range.endedAfter ?? range.from) - 1;
  sim.completions.forEachSince(since, (endedAt, took, outcome) => {
    const began = endedAt - took;
    if (began >= range.to) return;
    if (range.endedAfter !== undefined ? endedAt <= range.endedAfter : began < range.from) return;
    tally.total++;
    if (outcome !== "ok") {
      tally.failed++;
      tally.byOutcome[outcome] = (tally.byOutcome[outcome] ?? 0) + 1;
    }
    if (durations) tally.durations.push(outcome === "ok" ? took : Number.POSITIVE_INFINITY);
  });
  return tally;
}

/** "395 × 502 Bad Gateway and 96 × 503 Service Unavailable", the most frequent first. */
export function outcomesInWords(byOutcome: VisitTally["byOutcome"]): string {
  const parts = (Object.entries(byOutcome) as [Outcome, number][])
    .sort((a, b) => b[1] - a[1])
    .map(([o, n]) => `${count(n)} × ${OUTCOME_TEXT[o]}`);
  return parts.length <= 1
    ? (parts[0] ?? "")
    : `${parts.slice(0, -1).join(", ")} and ${parts[parts.length - 1]}`;
}

/** A whole number as a class reads it: 1,240. */
export const count = (n: number): string => Math.round(n).toLocaleString("en-US");

/** "1 visit", "1,240 visits". */
export const visits = (n: number): string => `${count(n)} visit${n === 1 ? "" : "s"}`;

/** Seconds with one decimal below 10 (2.4 s, 1 s), whole from 10 on (38 s). */
export function seconds(ms: number): string {
  const s = ms / 1000;
  return `${s < 10 ? s.toFixed(1).replace(/\.0$/, "") : Math.round(s).toString()} s`;
}

/** A web server behind the load balancer: its machine, its code, and whether it takes traffic. */
export interface WebServer {
  /** The machine's id (web1). */
  host: string;
  /** The application server on it (web1-app), whose code version a deploy changes. */
  app: string | undefined;
  /** Running, and HAProxy sends it traffic (ready and UP on every load balancer that has it). */
  serving: boolean;
}

/**
 * The machines behind the load balancers (HAProxy's servers, found by their address), in the
 * backend's order. A server is serving when its machine runs and every running HAProxy that has
 * it would send it a request now.
 */
export function webServers(sim: Simulation): WebServer[] {
  const { specs } = sim.topology;
  const byIp = new Map<string, string>();
  for (const s of specs) if (s.kind === "host" && s.ip) byIp.set(s.ip, s.id);
  const found = new Map<string, boolean>();
  for (const lb of specs) {
    if (lb.kind !== "haproxy" || !sim.health(lb.id).up) continue;
    const state = sim.componentState(lb.id);
    if (state.kind !== "haproxy") continue;
    const h = state.state;
    for (const server of h.servers) {
      const host = byIp.get(server.address.split(":")[0] ?? "");
      if (!host) continue;
      const takes = takesTraffic(server.health, h.settings) && sim.health(host).up;
      found.set(host, (found.get(host) ?? true) && takes);
    }
  }
  return [...found].map(([host, serving]) => ({
    host,
    app: specs.find((s) => s.kind === "app" && "host" in s && s.host === host)?.id,
    serving,
  }));
}
