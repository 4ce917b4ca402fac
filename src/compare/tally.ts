import { OUTCOMES, type Outcome, type Simulation } from "../engine";
import { METRICS_WINDOW_MS, sampleMetrics } from "../store";

/** Width of one bucket of the outage timeline (simulated ms). */
export const BUCKET_MS = 1_000;
/** Buckets kept for the timeline (the newest ten minutes). */
export const BUCKETS_KEPT = 600;

const OK = OUTCOMES.indexOf("ok");

/** One side's figures as the comparison shows them, copied for React a few times a second. */
export interface SideResults {
  /** Visits ended since the start, those answered (2xx/3xx: the engine's `ok`) and those failed. */
  finished: number;
  answered: number;
  failed: number;
  /** Failed visits since the start, by outcome (504, ERR_CONNECTION_REFUSED…). */
  byOutcome: Partial<Record<Outcome, number>>;
  /** Over the last METRICS_WINDOW_MS (5 s): the share failed, the 95th percentile page time (ms). */
  window: { errorRate: number; p95?: number; finished: number };
  /** Requests in flight now (every hop's request, not only pages). */
  requestsInFlight: number;
  /**
   * The outage timeline: visits answered and failed per second, from `firstBucket`
   * (bucket n covers [n, n+1) seconds of simulated time).
   */
  firstBucket: number;
  answeredPerSecond: readonly number[];
  failedPerSecond: readonly number[];
}

/**
 * Reads a simulation's finished visits as they come (its completion log, in the order they
 * ended) and keeps the totals and per-second buckets of one side. Nothing is read twice.
 */
export function createTally(sim: Simulation) {
  let seen = 0;
  let finished = 0;
  let answered = 0;
  const byOutcome: Partial<Record<Outcome, number>> = {};
  let firstBucket = 0;
  const ok: number[] = [];
  const bad: number[] = [];

  /** Counts the visits that ended since the last read. */
  const read = () => {
    const log = sim.completions;
    // Entries the ring has overwritten are lost to the timeline (not at the rates shown).
    const from = Math.max(seen, log.total - log.capacity);
    for (let n = from; n < log.total; n++) {
      const i = n % log.capacity;
      const outcome = log.outcome[i] as number;
      const bucket = Math.floor((log.endedAt[i] as number) / BUCKET_MS) - firstBucket;
      while (ok.length <= bucket) {
        ok.push(0);
        bad.push(0);
      }
      finished++;
      if (outcome === OK) {
        answered++;
        ok[bucket] = (ok[bucket] ?? 0) + 1;
      } else {
        const name = OUTCOMES[outcome] as Outcome;
        byOutcome[name] = (byOutcome[name] ?? 0) + 1;
        bad[bucket] = (bad[bucket] ?? 0) + 1;
      }
    }
    seen = log.total;
    if (ok.length > BUCKETS_KEPT) {
      const drop = ok.length - BUCKETS_KEPT;
      ok.splice(0, drop);
      bad.splice(0, drop);
      firstBucket += drop;
    }
  };

  return {
    /** The figures now (the buckets up to the simulated clock). */
    results(): SideResults {
      read();
      const sample = sampleMetrics(sim, sim.now);
      const lastBucket = Math.floor(sim.now / BUCKET_MS) - firstBucket;
      while (ok.length <= lastBucket) {
        ok.push(0);
        bad.push(0);
      }
      return {
        finished,
        answered,
        failed: finished - answered,
        byOutcome: { ...byOutcome },
        window: {
          errorRate: sample.errorRate,
          ...(sample.p95 !== undefined ? { p95: sample.p95 } : {}),
          finished: Math.round((sample.throughput * METRICS_WINDOW_MS) / 1000),
        },
        requestsInFlight: sim.stats().requestsInFlight,
        firstBucket,
        answeredPerSecond: ok.slice(),
        failedPerSecond: bad.slice(),
      };
    },
  };
}

export type Tally = ReturnType<typeof createTally>;

/** Availability: the share of finished visits answered (undefined before any has finished). */
export function availability(r: Pick<SideResults, "finished" | "answered">): number | undefined {
  return r.finished === 0 ? undefined : r.answered / r.finished;
}
