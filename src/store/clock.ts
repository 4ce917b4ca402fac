import type { Simulation } from "../engine";
import type { Speed } from "./speed";

/**
 * Real milliseconds a hop of `durationMs` simulated time takes to cross the
 * screen in slow motion: never under half a second, and a little longer for
 * slower hops, so a 40 ms internet hop (about 1 s) still looks longer than a
 * 0.05 ms loopback hop (0.5 s).
 */
export function hopRealMs(durationMs: number): number {
  return 500 + 180 * Math.log10(Math.max(durationMs, 0.05) / 0.05);
}
/** Real milliseconds a pause inside a component (processing, no packet moving) takes in slow motion. */
export const GAP_REAL_MS = 350;

/** A quiet stretch longer than this (simulated ms) is fast-forwarded. */
export const FAST_FORWARD_OVER_MS = 2_000;
/** How long (real ms) a fast-forwarded wait takes on screen, however long it is. */
export const FAST_FORWARD_REAL_MS = 1_500;

/**
 * Moves the simulation clock forward for `realMs` of wall time at `speed`.
 *
 * Slow motion is exact: between two events the set of packets in flight does
 * not change, so the rate is constant there and every packet's position stays a
 * pure function of simulated time. Long quiet waits (a 60 s timeout, TCP
 * retransmissions) are fast-forwarded: the clock still shows the true time.
 * When `stopWhen` is given, it is checked after each event, and the clock stops
 * at the first event that makes it true. `due` gives what the caller must do next at an exact
 * simulated time (the run's next act, a scene's scheduled kill): the clock stops there, runs
 * it, asks again, and goes on, so the same seed gives the same run however the frames fall.
 */
/** What must happen at an exact simulated time: `at()` (Infinity when nothing), and doing it. */
export interface Due {
  at(): number;
  run(): void;
}

export function advanceClock(
  sim: Simulation,
  realMs: number,
  speed: Speed,
  segmentStart: number,
  stopWhen?: () => boolean,
  due?: Due,
): { segmentStart: number; stopped: boolean; fastForward: boolean } {
  let remaining = realMs;
  let start = segmentStart;
  let fastForward = false;
  for (let guard = 0; remaining > 1e-9 && guard < 10_000; guard++) {
    const dueAt = due?.at() ?? Number.POSITIVE_INFINITY;
    const next = Math.min(sim.nextEventTime(), dueAt);
    const pace = rateFor(sim, speed, next, start);
    fastForward ||= pace.fastForward;
    const target = Math.max(sim.now, Math.min(sim.now + pace.rate * remaining, next));
    remaining -= (target - sim.now) / pace.rate;
    sim.advanceTo(target);
    // Everything due by now, in order (several acts may share one time).
    while (due && due.at() <= sim.now) due.run();
    if (target === next) {
      start = target;
      if (stopWhen?.()) return { segmentStart: start, stopped: true, fastForward };
    }
  }
  return { segmentStart: start, stopped: false, fastForward };
}

/** Simulated ms per real ms for the stretch up to the next event. */
function rateFor(
  sim: Simulation,
  speed: Speed,
  next: number,
  segmentStart: number,
): { rate: number; fastForward: boolean } {
  const { packets } = sim;
  if (packets.count > 0) {
    if (speed.rate !== undefined) return { rate: speed.rate, fastForward: false };
    // The slowest rate any packet in flight asks for, so each gets at least its time on screen.
    let rate = Number.POSITIVE_INFINITY;
    for (let i = 0; i < packets.count; i++) {
      const duration = (packets.arrive[i] as number) - (packets.depart[i] as number);
      rate = Math.min(rate, Math.max(duration, 1e-6) / hopRealMs(duration));
    }
    return { rate, fastForward: false };
  }
  // Nothing scheduled: the world goes on (caches age, as they would).
  if (next === Number.POSITIVE_INFINITY) return { rate: speed.rate ?? 1, fastForward: false };
  const gap = Math.max(next - segmentStart, 1e-6);
  const normal = speed.rate ?? gap / GAP_REAL_MS;
  if (gap > FAST_FORWARD_OVER_MS && gap / FAST_FORWARD_REAL_MS > (speed.rate ?? 0)) {
    return { rate: Math.max(normal, gap / FAST_FORWARD_REAL_MS), fastForward: true };
  }
  return { rate: normal, fastForward: false };
}
