import { narrate, SPOKEN_NAMES } from "../content/narration";
import type { Simulation } from "../engine";
import { selectSim, selectTraceLength, useHopscope } from "../store";

/** One line over the canvas saying, in words, what the newest step was. */
export function Caption() {
  const sim = useHopscope(selectSim);
  const length = useHopscope(selectTraceLength);
  const last = length > 0 ? sim.entry(length - 1) : undefined;
  const name = (id: string) => SPOKEN_NAMES[id] ?? labelOf(sim, id);
  const text = !last
    ? "Press “Visit www.foobar.com” to watch a request travel, hop by hop."
    : last.type === "hop"
      ? narrate(last.step, { from: name(last.from), to: name(last.to) })
      : narrate(last.step, { at: name(last.component) });
  return (
    <p className="caption">
      <span className="caption-tag">Now</span>
      {text}
    </p>
  );
}

function labelOf(sim: Simulation, id: string): string {
  return sim.topology.specs[sim.topology.indexOf(id)]?.label ?? id;
}
