import { OUTCOME_TEXT, type Outcome, type Simulation, type TraceEntry } from "../engine";
import type { Fact } from "./types";

/** Why `n` is out of [min, max], in words about `what`, or undefined when it is within. */
function outside(n: number, what: string, min?: number, max?: number): string | undefined {
  if (min !== undefined && n < min) return `${what}: ${n}, fewer than ${min}`;
  if (max !== undefined && n > max) return `${what}: ${n}, more than ${max}`;
  return undefined;
}

/** Visits that ended after `fromMs` and by `toMs` (default: now) whose outcome passes `which`. */
function ended(
  sim: Simulation,
  which: (o: Outcome) => boolean,
  fromMs = -1,
  toMs = Number.POSITIVE_INFINITY,
): number {
  let n = 0;
  sim.completions.forEachSince(fromMs, (at, _took, outcome) => {
    if (at <= toMs && which(outcome)) n++;
  });
  return n;
}

/** The moment a trace entry happened: a hop's departure, a note's time. */
const timeOf = (e: TraceEntry) => (e.type === "hop" ? e.depart : e.at);

/**
 * Each kind of fact: whether the simulation shows it now, and what it shows instead. A lesson's
 * reveal says what happens; the tests play each step and hold it to these.
 */
const CHECKS: {
  [K in Fact["kind"]]: (sim: Simulation, fact: Extract<Fact, { kind: K }>) => string | undefined;
} = {
  visit(sim, f) {
    const visit = sim.visits[sim.visits.length - 1];
    if (!visit) return "no visit was sent";
    if (visit.outcome === undefined) return `the visit had not ended at ${sim.now} ms`;
    return visit.outcome === f.outcome
      ? undefined
      : `the visit ended with ${OUTCOME_TEXT[visit.outcome]}, not ${OUTCOME_TEXT[f.outcome]}`;
  },
  "visit-took"(sim, f) {
    const visit = sim.visits[sim.visits.length - 1];
    if (visit?.endedAt === undefined) return "no visit had ended";
    const took = visit.endedAt - visit.startedAt;
    if (f.minMs !== undefined && took < f.minMs)
      return `the visit took ${took} ms, under ${f.minMs}`;
    if (f.maxMs !== undefined && took > f.maxMs)
      return `the visit took ${took} ms, over ${f.maxMs}`;
    return undefined;
  },
  failed(sim, f) {
    const n = ended(sim, (o) => (f.outcome ? o === f.outcome : o !== "ok"), f.fromMs, f.toMs);
    return outside(
      n,
      f.outcome ? `visits ended ${OUTCOME_TEXT[f.outcome]}` : "visits failed",
      f.min,
      f.max,
    );
  },
  loaded(sim, f) {
    return outside(
      ended(sim, (o) => o === "ok", f.fromMs, f.toMs),
      "pages loaded",
      f.min,
      f.max,
    );
  },
  health(sim, f) {
    const up = sim.health(f.component).up;
    return up === (f.state === "up") ? undefined : `${f.component} is ${up ? "up" : "down"}`;
  },
  trace(sim, f) {
    const found = sim.trace.some(
      (e) =>
        e.step === f.step &&
        (f.from === undefined || (e.type === "hop" && e.from === f.from)) &&
        (f.to === undefined || (e.type === "hop" && e.to === f.to)) &&
        (f.component === undefined || (e.type === "note" && e.component === f.component)) &&
        (f.includes === undefined || e.summary.includes(f.includes)) &&
        timeOf(e) > (f.fromMs ?? -1) &&
        timeOf(e) <= (f.toMs ?? Number.POSITIVE_INFINITY),
    );
    if (found === !f.absent) return undefined;
    const what = `${f.step}${f.includes ? ` "${f.includes}"` : ""}`;
    return f.absent ? `the trace has ${what}` : `the trace has no ${what}`;
  },
  version(sim, f) {
    const version = f.component
      ? sim.codeVersion(f.component)
      : sim.visits[sim.visits.length - 1]?.version;
    const whose = f.component ?? "the latest visit's page";
    return version === f.version ? undefined : `${whose} is ${version ?? "no version"}`;
  },
  "lb-server"(sim, f) {
    const state = sim.componentState(f.haproxy);
    if (state.kind !== "haproxy") return `${f.haproxy} is not an HAProxy`;
    const server = state.state.servers.find((s) => s.name === f.server);
    if (!server) return `${f.haproxy} has no server ${f.server}`;
    if (server.statusText.split(" ")[0] !== f.status) return `${f.server} is ${server.statusText}`;
    if (f.check !== undefined && server.lastCheck !== f.check)
      return `${f.server}'s last check was ${server.lastCheck ?? "none"}`;
    return undefined;
  },
  vrrp(sim, f) {
    const state = sim.componentState(f.component);
    if (state.kind !== "keepalived") return `${f.component} is not keepalived`;
    return state.state.state === f.state ? undefined : `${f.component} is ${state.state.state}`;
  },
  database(sim, f) {
    const state = sim.componentState(f.component);
    if (state.kind !== "mysql") return `${f.component} is not a MySQL`;
    if (f.role !== undefined && state.state.role !== f.role)
      return `${f.component} is a ${state.state.role}`;
    return outside(state.state.data.lost, "transactions lost", f.lostMin, f.lostMax);
  },
  requests(sim, f) {
    const { finished } = sim.requestMix()[f.method];
    const failed = Object.entries(finished).reduce((n, [o, c]) => (o === "ok" ? n : n + c), 0);
    return (
      outside(failed, `${f.method} failed`, f.failedMin, f.failedMax) ??
      outside(finished.ok, `${f.method} answered`, f.okMin)
    );
  },
  cpu(sim, f) {
    const cpu = sim.cpu(f.component);
    if (!cpu) return `${f.component} has no CPU modelled`;
    return (
      outside(cpu.busy, `${f.component}'s cores busy`, f.busyMin, f.busyMax) ??
      outside(cpu.waiting, `jobs waiting for ${f.component}'s cores`, f.waitingMin)
    );
  },
  queued(sim, f) {
    const state = sim.componentState(f.component);
    if (state.kind !== "app") return `${f.component} is not an application server`;
    return outside(
      state.state.backlog.size,
      `connections in ${f.component}'s backlog`,
      f.min,
      f.max,
    );
  },
  servers(sim, f) {
    if (!sim.scaling.available) return "there is no scaling group";
    const n = sim.scaling.view().slots.filter((s) => s.phase === "in-service").length;
    return outside(n, "web servers in service", f.min, f.max);
  },
  deploy(sim, f) {
    const phase = sim.deployState()?.phase;
    return phase === f.phase ? undefined : `the deploy is ${phase ?? "not started"}`;
  },
};

/** Why `fact` does not hold in `sim` now, or undefined when it does. */
export function checkFact(sim: Simulation, fact: Fact): string | undefined {
  const check = CHECKS[fact.kind] as (s: Simulation, f: Fact) => string | undefined;
  return check(sim, fact);
}
