import { OUTCOMES, type Outcome } from "./types";

const OUTCOME_INDEX = new Map<Outcome, number>(OUTCOMES.map((o, i) => [o, i]));

/**
 * The most recent finished visits, as a ring of typed arrays: when each ended,
 * how long it took, and how. Metrics (throughput, latency percentiles, error
 * rates over a sliding window) are computed from it without keeping every visit.
 */
export class CompletionLog {
  /** The most kept; the ring starts small and doubles up to this (a short run holds little). */
  readonly capacity: number;
  endedAt: Float64Array;
  duration: Float64Array;
  outcome: Uint8Array;
  /** How many have ever been recorded; the newest is at `(total - 1) % capacity`. */
  total = 0;

  constructor(capacity = 1 << 17) {
    this.capacity = capacity;
    const first = Math.min(capacity, 1024);
    this.endedAt = new Float64Array(first);
    this.duration = new Float64Array(first);
    this.outcome = new Uint8Array(first);
  }

  record(endedAt: number, duration: number, outcome: Outcome): void {
    // Until the ring is full-size, entries sit at their own number: grow before the end.
    if (this.total === this.endedAt.length && this.total < this.capacity) this.grow();
    const i = this.total % this.capacity;
    this.endedAt[i] = endedAt;
    this.duration[i] = duration;
    this.outcome[i] = OUTCOME_INDEX.get(outcome) ?? 0;
    this.total++;
  }

  private grow(): void {
    const n = Math.min(this.capacity, this.endedAt.length * 2);
    const endedAt = new Float64Array(n);
    const duration = new Float64Array(n);
    const outcome = new Uint8Array(n);
    endedAt.set(this.endedAt);
    duration.set(this.duration);
    outcome.set(this.outcome);
    this.endedAt = endedAt;
    this.duration = duration;
    this.outcome = outcome;
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
