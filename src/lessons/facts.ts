import { OUTCOME_TEXT, type Simulation } from "../engine";
import type { Fact } from "./types";

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
    let failed = 0;
    sim.completions.forEachSince(f.fromMs ?? -1, (_at, _took, outcome) => {
      if (outcome !== "ok") failed++;
    });
    if (f.min !== undefined && failed < f.min)
      return `${failed} visits failed, fewer than ${f.min}`;
    if (f.max !== undefined && failed > f.max) return `${failed} visits failed, more than ${f.max}`;
    return undefined;
  },
  health(sim, f) {
    const up = sim.health(f.component).up;
    return up === (f.state === "up") ? undefined : `${f.component} is ${up ? "up" : "down"}`;
  },
};

/** Why `fact` does not hold in `sim` now, or undefined when it does. */
export function checkFact(sim: Simulation, fact: Fact): string | undefined {
  const check = CHECKS[fact.kind] as (s: Simulation, f: Fact) => string | undefined;
  return check(sim, fact);
}
