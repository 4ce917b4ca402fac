import type { Simulation } from "../engine";
import { type Act, describeAct, type Moment, type OpeningArgs, perform } from "./acts";

/**
 * Time travel without snapshots. The engine is deterministic under its seed, so a run is its
 * setup (the simulation at time 0) and its moments: the acts with their simulated times. Going
 * back to a moment builds a fresh simulation from the setup and plays the moments again up to
 * it; going forward plays on. Either way each act happens at its exact simulated time, which is
 * what makes the replay the same run, event for event (tests/store/timeline.test.ts).
 */

/** One line of history: its moments in time order, and the furthest time it has been played to. */
export interface Line {
  readonly moments: readonly Moment[];
  /** Simulated ms: how far this line has been played (the scrubber's end). */
  readonly head: number;
}

/** The line not on screen, kept when acting in the past started a new one. */
export interface OtherLine extends Line {
  /** Where the two lines part (simulated ms). */
  readonly parted: number;
  /** What the line on screen did there that this one did not ("kill mysql"), or "" if nothing. */
  readonly without: string;
  /** What this line did after `parted` that the one on screen does not ("" if nothing). */
  readonly had: string;
}

/** Called at each whole simulated second of a replay (and at its end), to read what is sampled. */
export type OnSecond = (sim: Simulation) => void;

/** Runs `sim` to `until` (simulated ms), stopping at each whole second for `onSecond`. */
export function advanceBySeconds(sim: Simulation, until: number, onSecond?: OnSecond): void {
  if (!onSecond) {
    sim.advanceTo(until);
    return;
  }
  for (let second = Math.floor(sim.now / 1000) + 1; second * 1000 < until; second++) {
    sim.advanceTo(second * 1000);
    onSecond(sim);
  }
  sim.advanceTo(until);
  onSecond(sim);
}

/**
 * Plays `sim` from its time to `until`, doing each moment from index `next` on when its time
 * comes (moments at `until` itself included). Returns the index of the first moment not done.
 * A moment refused now (a link's bad act) changes nothing and is reported to `refused`.
 */
export function playMoments(
  sim: Simulation,
  moments: readonly Moment[],
  next: number,
  until: number,
  opening: OpeningArgs,
  onSecond?: OnSecond,
  refused?: (moment: Moment, message: string) => void,
): number {
  let i = next;
  for (let m = moments[i]; m !== undefined && m.at <= until; m = moments[++i]) {
    if (m.at > sim.now) advanceBySeconds(sim, m.at, onSecond);
    const result = perform(sim, m.act, opening);
    if (!result.ok) refused?.(m, result.message);
  }
  if (until > sim.now) advanceBySeconds(sim, until, onSecond);
  return i;
}

/** Where `at` goes among `moments` (after every moment at the same time: acts keep their order). */
export function insertionIndex(moments: readonly Moment[], at: number): number {
  let i = moments.length;
  while (i > 0 && (moments[i - 1] as Moment).at > at) i--;
  return i;
}

/**
 * Records `act`, done at `at`, on `line`. Done before the line's head (after a seek back), it
 * starts a new line: the moments up to `at` (and the scene's scheduled ones) plus this act; the
 * old line is returned as `other`, to switch back to.
 */
export function record(
  line: Line,
  at: number,
  act: Act,
  scheduled = false,
): { line: Line; other?: OtherLine } {
  if (at >= line.head || scheduled) {
    const moments = line.moments.slice();
    moments.splice(
      insertionIndex(moments, at),
      0,
      scheduled ? { at, act, scheduled } : { at, act },
    );
    return { line: { moments, head: Math.max(line.head, at) } };
  }
  const kept = line.moments.filter((m) => m.at <= at || m.scheduled);
  kept.splice(insertionIndex(kept, at), 0, { at, act });
  const dropped = line.moments.filter((m) => m.at > at && !m.scheduled);
  return {
    line: { moments: kept, head: at },
    other: {
      ...line,
      parted: at,
      without: describeAct(act),
      had: dropped.length > 0 ? describeAct((dropped[0] as Moment).act) : "",
    },
  };
}

/** The line `other` as the one on screen, and the current one as the other (parted at the same time). */
export function swapLines(current: Line, other: OtherLine): { line: Line; other: OtherLine } {
  return {
    line: { moments: other.moments, head: other.head },
    other: { ...current, parted: other.parted, without: other.had, had: other.without },
  };
}

/** Simulated time of a trace entry: a hop's departure, a note's moment. */
const timeOf = (e: Simulation["trace"][number]) => (e.type === "hop" ? e.depart : e.at);

/**
 * Where Step back goes from `now`: the time of the latest trace entry before it (Step forward
 * from there stops at the next entry, which brings the run back to `now`), or 0 when there is
 * none; undefined at time 0.
 */
export function previousEntryTime(sim: Simulation, now: number): number | undefined {
  if (now <= 0) return undefined;
  const { trace } = sim;
  for (let i = trace.length - 1; i >= 0; i--) {
    const t = timeOf(trace[i] as Simulation["trace"][number]);
    if (t < now) return t;
  }
  return 0;
}
