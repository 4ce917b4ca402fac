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

/**
 * Moves the simulation clock forward for `realMs` of wall time at `speed`.
 *
 * Slow motion is exact: between two events the set of packets in flight does
 * not change, so the rate is constant there and every packet's position stays a
 * pure function of simulated time. When `stopWhen` is given, it is checked
 * after each event, and the clock stops at the first event that makes it true.
 */
export function advanceClock(
  sim: Simulation,
  realMs: number,
  speed: Speed,
  segmentStart: number,
  stopWhen?: () => boolean,
): { segmentStart: number; stopped: boolean } {
  let remaining = realMs;
  let start = segmentStart;
  for (let guard = 0; remaining > 1e-9 && guard < 10_000; guard++) {
    const next = sim.nextEventTime();
    const rate = speed.rate ?? pacedRate(sim, next, start);
    const target = Math.min(sim.now + rate * remaining, next);
    remaining -= (target - sim.now) / rate;
    sim.advanceTo(target);
    if (target === next) {
      start = target;
      if (stopWhen?.()) return { segmentStart: start, stopped: true };
    }
  }
  return { segmentStart: start, stopped: false };
}

/** Simulated ms per real ms in slow motion. */
function pacedRate(sim: Simulation, next: number, segmentStart: number): number {
  const { packets } = sim;
  if (packets.count > 0) {
    // The slowest rate any packet in flight asks for, so each gets at least its time on screen.
    let rate = Number.POSITIVE_INFINITY;
    for (let i = 0; i < packets.count; i++) {
      const duration = (packets.arrive[i] as number) - (packets.depart[i] as number);
      rate = Math.min(rate, Math.max(duration, 1e-6) / hopRealMs(duration));
    }
    return rate;
  }
  // Nothing scheduled: the world goes on at real time (caches age, as they would).
  if (next === Number.POSITIVE_INFINITY) return 1;
  // Work inside a component: show the pause, but briefly.
  return Math.max(next - segmentStart, 1e-6) / GAP_REAL_MS;
}
