import { probeKill, type Simulation, type SpofVerdict, type Topology } from "../engine";

/** The finder's findings for one setup, as they come in. */
export interface SpofReport {
  /** The setup tested (see the store's `setupKey`): when it changes, the report is stale. */
  key: string;
  /** One per component tried so far, in the topology's order. */
  verdicts: SpofVerdict[];
  /** Components to try in all. */
  total: number;
  running: boolean;
  /** The visits per second each copy carried besides the probes (the setup's, capped). */
  rps: number;
}

/** Components the finder tries: every one but the users' browsers. */
export function spofCandidates(topology: Topology): string[] {
  return topology.components.filter((c) => c.kind !== "browser").map((c) => c.id);
}

/**
 * Runs the engine's finder one component at a time, each in its own task (`schedule`), so the
 * page stays responsive while it runs (a component takes tens of ms: a copy of the setup run for
 * six simulated minutes). Calls `update` after each; returns a function that stops it.
 */
export function runFinder(
  topology: Topology,
  options: { seed: number; key: string; rps?: number; prepare: (sim: Simulation) => void },
  update: (report: SpofReport) => void,
  schedule: (fn: () => void) => unknown = (fn) => setTimeout(fn, 0),
): () => void {
  const candidates = spofCandidates(topology);
  const verdicts: SpofVerdict[] = [];
  let stopped = false;
  const report = (running: boolean) =>
    update({
      key: options.key,
      verdicts: [...verdicts],
      total: candidates.length,
      running,
      rps: options.rps ?? 0,
    });
  const next = () => {
    if (stopped) return;
    const id = candidates[verdicts.length];
    if (id === undefined) {
      report(false);
      return;
    }
    verdicts.push(probeKill(topology, id, { seed: options.seed, prepare: options.prepare }));
    report(verdicts.length < candidates.length);
    if (verdicts.length < candidates.length) schedule(next);
  };
  report(candidates.length > 0);
  schedule(next);
  return () => {
    stopped = true;
  };
}
