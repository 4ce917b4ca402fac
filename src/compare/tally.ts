import type { Simulation } from "../engine";
import { createOutageTally, METRICS_WINDOW_MS, type OutageView, sampleMetrics } from "../store";

export { BUCKET_MS } from "../store";

/** One side's figures as the comparison shows them, copied for React a few times a second. */
export interface SideResults extends OutageView {
  /** Over the last METRICS_WINDOW_MS (5 s): the share failed, the 95th percentile page time (ms). */
  window: { errorRate: number; p95?: number; finished: number };
  /** Requests in flight now (every hop's request, not only pages). */
  requestsInFlight: number;
}

/** One side's tally: its outage buckets (the store's), the 5 s window and what is in flight. */
export function createTally(sim: Simulation) {
  const outage = createOutageTally(sim);
  return {
    /** The figures now (the buckets up to the simulated clock). */
    results(): SideResults {
      const view = outage.view();
      const sample = sampleMetrics(sim, sim.now);
      return {
        ...view,
        window: {
          errorRate: sample.errorRate,
          ...(sample.p95 !== undefined ? { p95: sample.p95 } : {}),
          finished: Math.round((sample.throughput * METRICS_WINDOW_MS) / 1000),
        },
        requestsInFlight: sim.stats().requestsInFlight,
      };
    },
  };
}

export type Tally = ReturnType<typeof createTally>;

/** Availability: the share of finished visits answered (undefined before any has finished). */
export function availability(r: Pick<SideResults, "finished" | "answered">): number | undefined {
  return r.finished === 0 ? undefined : r.answered / r.finished;
}
