import type { Simulation } from "../engine";
import type { MetricsSample, RateBase } from "./metrics";
import type { TallyState } from "./outage";

/**
 * Time travel's keyframes: copies of the run (Simulation.fork) at moments along it, so that going
 * back replays from the nearest one instead of from the start. A keyframe's simulation is never
 * played itself: it is copied again to be used.
 */
export interface Keyframe {
  /** Its simulated time. */
  at: number;
  /** Acts of the run done by then (the index of the next one). */
  cursor: number;
  sim: Simulation;
  /** What the store reads beside the engine, as it was then. */
  tally: TallyState;
  metrics: MetricsSample[];
  rateBase: RateBase;
}

/** Simulated ms between keyframes, at least (they thin out as the run grows: see `add`). */
export const KEYFRAME_EVERY_MS = 5_000;
/** Most keyframes kept. */
export const MAX_KEYFRAMES = 48;
/**
 * Most objects all keyframes may hold (Simulation.copiedObjects; about 100 bytes each in V8, so
 * about 60 MB): a heavy run keeps fewer, further apart.
 */
export const MAX_KEYFRAME_OBJECTS = 480_000;

/** The keyframes of the line on screen, in time order. */
export class Keyframes {
  private list: Keyframe[] = [];
  private objects = 0;
  /** Simulated ms between keyframes now: doubles each time the list is thinned. */
  every = KEYFRAME_EVERY_MS;

  get count(): number {
    return this.list.length;
  }

  /** Objects held, all keyframes together (see MAX_KEYFRAME_OBJECTS). */
  get size(): number {
    return this.objects;
  }

  /** Whether one is due at `at`: none within `every` before it. */
  due(at: number): boolean {
    const last = this.before(at);
    return !last || at - last.at >= this.every;
  }

  /** Keeps `frame`; past the limits, every other keyframe goes (the first stays) and `every` doubles. */
  add(frame: Keyframe): void {
    const i = this.list.findIndex((k) => k.at > frame.at);
    if (i < 0) this.list.push(frame);
    else this.list.splice(i, 0, frame);
    this.objects += frame.sim.copiedObjects;
    while (
      this.list.length > 1 &&
      (this.list.length > MAX_KEYFRAMES || this.objects > MAX_KEYFRAME_OBJECTS)
    ) {
      this.list = this.list.filter((k, n) => n % 2 === 0 || k === frame);
      this.objects = this.list.reduce((sum, k) => sum + k.sim.copiedObjects, 0);
      this.every *= 2;
    }
  }

  /** The latest keyframe at or before `at`. */
  before(at: number): Keyframe | undefined {
    let found: Keyframe | undefined;
    for (const k of this.list) {
      if (k.at > at) break;
      found = k;
    }
    return found;
  }

  /** Forgets those after `at` (another line of history goes on from there). */
  dropAfter(at: number): void {
    this.list = this.list.filter((k) => k.at <= at);
    this.objects = this.list.reduce((sum, k) => sum + k.sim.copiedObjects, 0);
  }

  clear(): void {
    this.list = [];
    this.objects = 0;
    this.every = KEYFRAME_EVERY_MS;
  }
}
