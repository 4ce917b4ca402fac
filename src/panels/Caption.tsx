import { narrate, narrateTraffic, SPOKEN_NAMES, type TrafficPicture } from "../content/narration";
import type { Simulation, TraceEntry } from "../engine";
import { selectSim, selectTraceLength, useHopscope, useHopscopeStore } from "../store";
import { OUTCOME_LOOK } from "./outcomes";

/** How long (simulated ms) a step's sentence stays before the traffic's takes over again. */
const STEP_HOLD_MS = 2_000;

/**
 * One line over the canvas saying, in words, what is happening: the newest step of a
 * visit, or what the traffic is doing (from the engine's once-a-second sample, so it
 * changes at most once a second of simulated time). Fixed height: it never moves the canvas.
 */
export function Caption({ className = "caption" }: { className?: string }) {
  const sim = useHopscope(selectSim);
  const length = useHopscope(selectTraceLength);
  const store = useHopscopeStore();
  const text = captionText(sim, length, () => store.getState().metrics.at(-1)?.p50);
  return (
    <p className={className}>
      <span className="caption-tag">Now</span>
      <span className="caption-text">{text}</span>
    </p>
  );
}

/** The caption for a trace of `length` entries (pure apart from reading the engine). */
export function captionText(
  sim: Simulation,
  length: number,
  p50: () => number | undefined = () => undefined,
): string {
  const last = length > 0 ? sim.entry(length - 1) : undefined;
  if (!last) return "Press “Visit www.foobar.com” to watch a request travel, hop by hop.";
  if (last.step !== "traffic.sample") return stepText(sim, last);
  // A visit's step or a deploy's, just before this sample, keeps the line a little longer.
  for (let seq = length - 2; seq >= Math.max(0, length - 6); seq--) {
    const e = sim.entry(seq);
    if (!e || e.step === "traffic.sample") continue;
    if (last.type === "note" && last.at - timeOf(e) < STEP_HOLD_MS) return stepText(sim, e);
    break;
  }
  return narrateTraffic(trafficPicture(sim, p50()));
}

function timeOf(e: TraceEntry): number {
  return e.type === "hop" ? e.depart : e.at;
}

function stepText(sim: Simulation, e: TraceEntry): string {
  const name = (id: string) => SPOKEN_NAMES[id] ?? labelOf(sim, id);
  return e.type === "hop"
    ? narrate(e.step, { from: name(e.from), to: name(e.to) })
    : narrate(e.step, { at: name(e.component) });
}

/** The numbers the traffic's sentence needs: the last sample and the application server now. */
function trafficPicture(sim: Simulation, p50Ms: number | undefined): TrafficPicture {
  const sample = sim.trafficSample();
  const state = sim.trafficState();
  // Every application server (one on the one-server stack, one per web server behind a load balancer).
  let workers = 0;
  let busy = 0;
  let queued = 0;
  for (const spec of sim.topology.specs) {
    if (spec.kind !== "app") continue;
    const app = sim.componentState(spec.id);
    workers += spec.workers;
    if (app.kind === "app") {
      busy += app.state.working.size;
      queued += app.state.backlog.size;
    }
  }
  let mainFailure: string | undefined;
  let most = 0;
  for (const [outcome, count] of Object.entries(sample?.failures ?? {})) {
    if ((count ?? 0) > most) {
      most = count ?? 0;
      mainFailure = OUTCOME_LOOK[outcome as keyof typeof OUTCOME_LOOK]?.label;
    }
  }
  return {
    rps: sample?.rps ?? state.rps,
    baseRps: state.baseRps,
    surging: sample?.surging ?? state.surging,
    afterSurge: state.surged && !(sample?.surging ?? state.surging),
    loaded: sample?.loaded ?? 0,
    failed: sample?.failed ?? 0,
    ...(mainFailure ? { mainFailure } : {}),
    waiting: sample?.inFlight ?? 0,
    workers,
    busy,
    queued,
    ...(p50Ms !== undefined ? { p50Ms } : {}),
  };
}

function labelOf(sim: Simulation, id: string): string {
  return sim.topology.specs[sim.topology.indexOf(id)]?.label ?? id;
}
