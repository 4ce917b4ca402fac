import { OUTCOMES, type Outcome, type Simulation } from "../engine";

/** One point of the metrics charts: a sliding window ending at `t` (simulated ms). */
export interface MetricsSample {
  t: number;
  /** Visits finished per second over the window. */
  throughput: number;
  /** Share of those that failed (0..1), and the count by outcome. */
  errorRate: number;
  byOutcome: Partial<Record<Outcome, number>>;
  /** Page-load latency percentiles (ms); undefined with nothing finished. */
  p50?: number;
  p95?: number;
  p99?: number;
  /** Messages per second that reached each component during the last step, by component id. */
  rates: Record<string, number>;
}

/** Width of the sliding window (simulated ms). */
export const METRICS_WINDOW_MS = 5_000;
/** One sample per this much simulated time. */
export const METRICS_STEP_MS = 1_000;
/** Samples kept for the charts. */
export const METRICS_KEEP = 120;

/** Measures the window (t - METRICS_WINDOW_MS, t] from the engine's completion log. */
export function sampleMetrics(sim: Simulation, t: number): MetricsSample {
  const from = t - METRICS_WINDOW_MS;
  const durations: number[] = [];
  const byOutcome: Partial<Record<Outcome, number>> = {};
  sim.completions.forEachSince(from, (ended, duration, outcome) => {
    if (ended > t) return;
    durations.push(duration);
    byOutcome[outcome] = (byOutcome[outcome] ?? 0) + 1;
  });
  durations.sort((a, b) => a - b);
  const n = durations.length;
  const q = (p: number) => (n === 0 ? undefined : durations[Math.min(n - 1, Math.floor(p * n))]);
  const failed = n - (byOutcome.ok ?? 0);
  const sample: MetricsSample = {
    t,
    throughput: n / (METRICS_WINDOW_MS / 1000),
    errorRate: n === 0 ? 0 : failed / n,
    byOutcome,
    rates: {},
  };
  const p50 = q(0.5);
  const p95 = q(0.95);
  const p99 = q(0.99);
  if (p50 !== undefined) sample.p50 = p50;
  if (p95 !== undefined) sample.p95 = p95;
  if (p99 !== undefined) sample.p99 = p99;
  return sample;
}

/** The message counters when rates were last computed; each store keeps its own. */
export interface RateBase {
  at?: number;
  counts: number[];
}

/** Adds samples for every whole step of simulated time up to `now`; keeps the newest. */
export function extendSamples(
  sim: Simulation,
  samples: readonly MetricsSample[],
  now: number,
  previous: RateBase,
): MetricsSample[] {
  const last = samples[samples.length - 1]?.t ?? 0;
  const first = Math.max(
    last + METRICS_STEP_MS,
    Math.floor(now / METRICS_STEP_MS - METRICS_KEEP) * METRICS_STEP_MS,
  );
  if (first > now) return samples as MetricsSample[];
  const out = samples.slice();
  for (let t = first; t <= now; t += METRICS_STEP_MS) out.push(sampleMetrics(sim, t));
  // Per-component rates: the counters' growth since the previous publish, over the time it covered.
  const newest = out[out.length - 1];
  if (newest && newest.t !== last) {
    const seconds = Math.max((now - (previous.at ?? now - METRICS_STEP_MS)) / 1000, 1e-3);
    sim.topology.specs.forEach((spec, i) => {
      const count = sim.received[i] ?? 0;
      newest.rates[spec.id] = (count - (previous.counts[i] ?? count)) / seconds;
    });
    previous.at = now;
    previous.counts = Array.from(sim.received);
  }
  return out.slice(-METRICS_KEEP);
}

export const FAILURE_OUTCOMES: readonly Outcome[] = OUTCOMES.filter((o) => o !== "ok");
