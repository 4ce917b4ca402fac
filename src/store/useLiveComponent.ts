import type { ComponentSpec, Simulation } from "../engine";
import { type ComponentStatus, componentStatus } from "./componentStatus";
import { useHopscope } from "./context";
import {
  selectActions,
  selectCommands,
  selectNow,
  selectSelected,
  selectSim,
  selectTraceLength,
} from "./selectors";

export interface LiveComponent {
  sim: Simulation;
  spec: ComponentSpec;
  status: ComponentStatus;
  /** Simulated time of the last published update. */
  now: number;
  selected: boolean;
  /** Opens this component's details, or closes them when they are open. */
  toggleSelected(): void;
}

/**
 * One component as the views show it, re-read from the engine whenever
 * progress or a command is published (never per frame). Undefined for an id
 * the topology does not have.
 */
export function useLiveComponent(id: string): LiveComponent | undefined {
  const sim = useHopscope(selectSim);
  const now = useHopscope(selectNow);
  useHopscope(selectTraceLength);
  useHopscope(selectCommands);
  const selected = useHopscope(selectSelected) === id;
  const { select } = useHopscope(selectActions);
  const spec = sim.topology.specs.find((c) => c.id === id);
  if (!spec) return undefined;
  return {
    sim,
    spec,
    status: componentStatus(sim, id),
    now,
    selected,
    toggleSelected: () => select(selected ? undefined : id),
  };
}
