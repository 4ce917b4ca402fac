import { OUTCOMES, type Outcome } from "./types";

const OUTCOME_INDEX = new Map<Outcome, number>(OUTCOMES.map((o, i) => [o, i]));

/**
 * The most recent finished visits, as a ring of typed arrays: when each ended,
 * how long it took, and how. Metrics (throughput, latency percentiles, error
 * rates over a sliding window) are computed from it without keeping every visit.
 */
export class CompletionLog {
  readonly capacity: number;
  readonly endedAt: Float64Array;
  readonly duration: Float64Array;
  readonly outcome: Uint8Array;
  /** How many have ever been recorded; the newest is at `(total - 1) % capacity`. */
  total = 0;

  constructor(capacity = 1 << 17) {
    this.capacity = capacity;
    this.endedAt = new Float64Array(capacity);
    this.duration = new Float64Array(capacity);
    this.outcome = new Uint8Array(capacity);
  }

  record(endedAt: number, duration: number, outcome: Outcome): void {
    const i = this.total % this.capacity;
    this.endedAt[i] = endedAt;
    this.duration[i] = duration;
    this.outcome[i] = OUTCOME_INDEX.get(outcome) ?? 0;
    this.total++;
  }

  /** Calls `fn` for each visit that ended in (from, to], newest first, while it is kept. */
  forEachSince(
    from: number,
    fn: (endedAt: number, duration: number, outcome: Outcome) => void,
  ): void {
    const oldest = Math.max(0, this.total - this.capacity);
    for (let n = this.total - 1; n >= oldest; n--) {
      const i = n % this.capacity;
      const t = this.endedAt[i] as number;
      if (t <= from) break;
      fn(t, this.duration[i] as number, OUTCOMES[this.outcome[i] as number] as Outcome);
    }
  }
}
