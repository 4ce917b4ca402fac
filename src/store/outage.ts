import { OUTCOMES, type Outcome, type Simulation } from "../engine";

/** Width of one bucket of an outage timeline (simulated ms). */
export const BUCKET_MS = 1_000;
/** Buckets kept (the newest ten minutes). */
export const BUCKETS_KEPT = 600;

const OK = OUTCOMES.indexOf("ok");

/** Every visit that ended, the traffic's and your own: totals and per-second buckets. */
export interface OutageView {
  /** Visits ended since the start, those answered (2xx/3xx: the engine's `ok`) and those failed. */
  finished: number;
  answered: number;
  failed: number;
  /** Failed visits since the start, by outcome (504, ERR_CONNECTION_REFUSED…). */
  byOutcome: Partial<Record<Outcome, number>>;
  /**
   * Visits answered and failed per second, from `firstBucket` (bucket n covers [n, n+1) seconds
   * of simulated time), up to the simulated clock.
   */
  firstBucket: number;
  answeredPerSecond: readonly number[];
  failedPerSecond: readonly number[];
}

/**
 * Reads a simulation's finished visits as they come (its completion log, in the order they
 * ended) into totals and per-second buckets. Nothing is read twice; call `read` often enough
 * that the log's ring is not overwritten first (the store does after every step of the clock).
 */
export function createOutageTally(sim: Simulation, from?: TallyState) {
  let seen = from?.seen ?? 0;
  let finished = from?.finished ?? 0;
  let answered = from?.answered ?? 0;
  const byOutcome: Partial<Record<Outcome, number>> = { ...from?.byOutcome };
  let firstBucket = from?.firstBucket ?? 0;
  const ok: number[] = from ? from.ok.slice() : [];
  const bad: number[] = from ? from.bad.slice() : [];

  const grow = (bucket: number) => {
    while (ok.length <= bucket) {
      ok.push(0);
      bad.push(0);
    }
  };

  /** Counts the visits that ended since the last read. */
  const read = () => {
    const log = sim.completions;
    // Entries the ring has overwritten are lost to the timeline (not at the rates shown).
    const from = Math.max(seen, log.total - log.capacity);
    for (let n = from; n < log.total; n++) {
      const i = n % log.capacity;
      const outcome = log.outcome[i] as number;
      const bucket = Math.floor((log.endedAt[i] as number) / BUCKET_MS) - firstBucket;
      grow(bucket);
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
    read,
    /** What it has counted so far: a copy of a simulation (a keyframe) goes on from it. */
    state(): TallyState {
      read();
      return {
        seen,
        finished,
        answered,
        byOutcome: { ...byOutcome },
        firstBucket,
        ok: ok.slice(),
        bad: bad.slice(),
      };
    },
    /** The figures now (the buckets up to the simulated clock), copied. */
    view(): OutageView {
      read();
      grow(Math.floor(sim.now / BUCKET_MS) - firstBucket);
      return {
        finished,
        answered,
        failed: finished - answered,
        byOutcome: { ...byOutcome },
        firstBucket,
        answeredPerSecond: ok.slice(),
        failedPerSecond: bad.slice(),
      };
    },
  };
}

export type OutageTally = ReturnType<typeof createOutageTally>;

/** A tally's counts, to go on from in a copy of its simulation (see createOutageTally). */
export interface TallyState {
  seen: number;
  finished: number;
  answered: number;
  byOutcome: Partial<Record<Outcome, number>>;
  firstBucket: number;
  ok: number[];
  bad: number[];
}

/** Stretches of seconds in which some visits failed (gaps of a second or two are bridged). */
export function failingSpans(
  r: Pick<OutageView, "firstBucket" | "failedPerSecond">,
): { from: number; to: number; failed: number }[] {
  const spans: { from: number; to: number; failed: number }[] = [];
  r.failedPerSecond.forEach((failed, i) => {
    if (failed === 0) return;
    const from = (r.firstBucket + i) * BUCKET_MS;
    const last = spans[spans.length - 1];
    if (last && from - last.to <= 2 * BUCKET_MS) {
      last.to = from + BUCKET_MS;
      last.failed += failed;
    } else spans.push({ from, to: from + BUCKET_MS, failed });
  });
  return spans;
}

/**
 * Each second of [from, to) in which visits failed, as a bar: its x in seconds from `from` and
 * its height, the share of that second's ended visits that failed (1: all of them).
 */
export function failedShareBars(
  r: Pick<OutageView, "firstBucket" | "failedPerSecond" | "answeredPerSecond">,
  from: number,
  to: number,
): { x: number; h: number }[] {
  const bars: { x: number; h: number }[] = [];
  r.failedPerSecond.forEach((failed, i) => {
    const t = (r.firstBucket + i) * BUCKET_MS;
    if (failed === 0 || t < from || t >= to) return;
    const all = failed + (r.answeredPerSecond[i] ?? 0);
    bars.push({ x: (t - from) / BUCKET_MS, h: failed / all });
  });
  return bars;
}
