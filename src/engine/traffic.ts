import type { Context } from "./context";
import { Call, type SimEvent } from "./events";
import type { Part } from "./snapshot";
import type { Trace } from "./trace";
import type { CommandResult, Outcome, TrafficSample } from "./types";
import { inRange, isHostName, own, shown } from "./validate";
import type { GeneratedVisits, Visits } from "./visits";

/** The most visits per second the traffic generator accepts. */
export const MAX_RPS = 100_000;
/** The smallest rate of traffic other than none: one visit in about 17 minutes. */
export const MIN_RPS = 0.001;

/** The longest a surge may hold or ease back, and the longest gap between repeated visits (ms). */
const MAX_COMMAND_MS = 3_600_000;

interface TrafficState {
  baseRps: number;
  host: string;
  event?: SimEvent;
  surge?: { from: number; factor: number; holdMs: number; easeMs: number };
}

/** The traffic's rate at `t`: the base rate, times the surge's factor while it holds, easing back linearly. */
function trafficRate(t: TrafficState, at: number): number {
  const s = t.surge;
  if (!s || at < s.from) return t.baseRps;
  const into = at - s.from;
  if (into <= s.holdMs) return t.baseRps * s.factor;
  if (into >= s.holdMs + s.easeMs) return t.baseRps; // also when easeMs is 0
  return t.baseRps * (s.factor - ((s.factor - 1) * (into - s.holdMs)) / s.easeMs);
}

/**
 * Generated traffic (new users arriving at random, surges), its once-a-second samples, and
 * repeated visits of the watched user. The commands are `Simulation`'s (see there).
 */
export interface Traffic extends GeneratedVisits, Part {
  setTraffic(rps: number, host?: string): CommandResult;
  trafficRps(): number;
  surge(options?: {
    factor?: number;
    holdMs?: number;
    easeMs?: number;
    afterMs?: number;
  }): CommandResult;
  /** `surged`: a surge has begun since the traffic was set (it may be over: the traffic recovers). */
  trafficState(): { baseRps: number; rps: number; surging: boolean; surged: boolean };
  trafficSample(): TrafficSample | undefined;
  /** The share of the traffic's visits that write (POST a comment), 0 to 1. */
  setWriteShare(share: number): CommandResult;
  writeShare(): number;
  setRepeatVisits(intervalMs: number | undefined, host?: string): CommandResult;
  repeatVisitsMs(): number | undefined;
  /** Traffic or repeated visits are on: the simulation is never idle. */
  neverIdle(): boolean;
}

export function createTraffic(ctx: Context, trace: Trace, visits: Visits): Traffic {
  const { queue, clock, rng } = ctx;
  const now = (): number => clock[0] as number;
  const { trafficSource } = visits;
  let traffic: TrafficState | undefined;
  let repeat: { intervalMs: number; host: string; event: SimEvent } | undefined;
  /** Generated visits not ended yet, and what the traffic did since the last sample. */
  let generatedInFlight = 0;
  let sampleArrived = 0;
  let sampleLoaded = 0;
  let sampleFailures: Partial<Record<Outcome, number>> = {};
  let lastSample: TrafficSample | undefined;
  let sampler: SimEvent | undefined;
  /** The share of visits that write, and the page they POST to (the topology's, at first). */
  let writeShare = ctx.writes?.share ?? 0;
  const writePath = ctx.writes?.path ?? "/comment";

  const refused = (message: string): CommandResult => ({ ok: false, message });
  const done = (message: string): CommandResult => ({ ok: true, message });

  /** The next arrival of a Poisson process: exponential gaps with mean 1/rps. */
  function scheduleArrival(t: TrafficState): void {
    // One event per traffic, rescheduled after each arrival rather than allocated anew.
    const event = t.event ?? new Call(handlers, "arrive", t);
    t.event = event;
    // Memoryless: the gap is drawn at the current rate (a surge reschedules at once).
    const rate = trafficRate(t, now());
    const at = now() + (-Math.log(1 - rng.next()) * 1000) / rate;
    // A rate so small (5e-324 visits/s) that the next visit would come after the end of time:
    // none comes (a surge that raises the rate draws again).
    if (Number.isFinite(at)) queue.push(at, event);
  }

  /** Draws the next arrival again at the rate now (a surge begins). */
  function restartArrivals(): void {
    if (!traffic) return;
    if (traffic.event) queue.remove(traffic.event);
    scheduleArrival(traffic);
  }

  /** Takes a sample at the next whole second, unless one is already due. */
  function scheduleSample(): void {
    if (sampler?.queueId !== undefined && sampler.queueId >= 0) return;
    sampler ??= new Call(handlers, "sample");
    queue.push((Math.floor(now() / 1000) + 1) * 1000, sampler);
  }

  /** One line a second about the generated traffic; stops once it is off and every user is done. */
  function takeSample(): void {
    let failed = 0;
    for (const n of Object.values(sampleFailures)) failed += n ?? 0;
    const rate = traffic ? trafficRate(traffic, now()) : 0;
    lastSample = {
      at: now(),
      rps: rate,
      surging: traffic !== undefined && rate > traffic.baseRps,
      arrived: sampleArrived,
      loaded: sampleLoaded,
      failed,
      failures: sampleFailures,
      inFlight: generatedInFlight,
    };
    trace.note(
      trafficSource,
      "traffic.sample",
      `Traffic: ${Math.round(rate)} visits/s; last second: ${sampleArrived} arrived, ${sampleLoaded} loaded, ${failed} failed; ${generatedInFlight} waiting`,
      0,
      0,
    );
    sampleArrived = 0;
    sampleLoaded = 0;
    sampleFailures = {};
    if (traffic || generatedInFlight > 0) scheduleSample();
  }

  /** What the traffic's events call (data, not closures: see Simulation.fork). */
  const handlers = {
    arrive(t: TrafficState): void {
      // No draw without writes: the traffic of a topology without them is what it was.
      if (writeShare > 0 && rng.next() < writeShare)
        visits.start(t.host, writePath, trafficSource, true, false, "POST");
      else visits.start(t.host, "/", trafficSource, true, false);
      scheduleArrival(t);
    },
    sample: takeSample,
    repeat(): void {
      if (!repeat) return;
      visits.visit(repeat.host);
      scheduleRepeat(repeat.intervalMs, repeat.host);
    },
    restart: restartArrivals,
  };

  function scheduleRepeat(intervalMs: number, host: string): void {
    const event = new Call(handlers, "repeat");
    repeat = { intervalMs, host, event };
    queue.push(now() + intervalMs, event);
  }

  const save = () => ({
    handlers,
    traffic,
    repeat,
    generatedInFlight,
    sampleArrived,
    sampleLoaded,
    sampleFailures,
    lastSample,
    sampler,
    writeShare,
  });

  return {
    save,
    restore(saved) {
      const v = saved as ReturnType<typeof save>;
      ({ traffic, repeat, generatedInFlight, sampleArrived, sampleLoaded } = v);
      ({ sampleFailures, lastSample, sampler, writeShare } = v);
    },
    started() {
      generatedInFlight++;
      sampleArrived++;
      scheduleSample();
    },
    ended(outcome) {
      generatedInFlight--;
      if (outcome === "ok") sampleLoaded++;
      else sampleFailures[outcome] = (sampleFailures[outcome] ?? 0) + 1;
    },
    setTraffic(rps, host = "www.foobar.com") {
      if (!inRange(rps, 0, MAX_RPS)) {
        return refused(
          `${shown(rps)} visits per second is not possible here: use 0 to ${MAX_RPS}.`,
        );
      }
      // Below one visit in about 17 minutes a rate means nothing here, and a tiny one (1e-75)
      // left a step() walking through the traffic's once-a-second samples for ever.
      if (rps !== 0 && rps < MIN_RPS) {
        return refused(
          `${shown(rps)} visits per second is too few: use 0 (no traffic), or ${MIN_RPS} to ${MAX_RPS}.`,
        );
      }
      if (!isHostName(host)) return refused(`${shown(host)} is not a host name.`);
      const surge = traffic?.surge;
      if (traffic?.event) queue.remove(traffic.event);
      traffic = undefined;
      if (rps === 0) return done("Traffic stopped.");
      traffic = { baseRps: rps, host, ...(surge ? { surge } : {}) };
      scheduleArrival(traffic);
      return done(`Traffic: about ${rps} visits per second.`);
    },
    trafficRps: () => (traffic ? trafficRate(traffic, now()) : 0),
    surge(options) {
      if (options !== undefined && (typeof options !== "object" || options === null))
        return refused(`The options of a surge must be an object, not ${shown(options)}.`);
      const factor = own(options, "factor") ?? 10;
      const holdMs = own(options, "holdMs") ?? 20_000;
      const easeMs = own(options, "easeMs") ?? 10_000;
      const afterMs = own(options, "afterMs") ?? 0;
      if (!inRange(factor, 1, MAX_RPS) || factor === 1)
        return refused(`A surge multiplies the traffic by more than 1, not ${shown(factor)}.`);
      if (!inRange(holdMs, 0, MAX_COMMAND_MS))
        return refused(`A surge holds for 0 to ${MAX_COMMAND_MS} ms, not ${shown(holdMs)}.`);
      if (!inRange(easeMs, 0, MAX_COMMAND_MS))
        return refused(`A surge eases back over 0 to ${MAX_COMMAND_MS} ms, not ${shown(easeMs)}.`);
      if (!inRange(afterMs, 0, MAX_COMMAND_MS))
        return refused(`A surge starts 0 to ${MAX_COMMAND_MS} ms from now, not ${shown(afterMs)}.`);
      if (!traffic) return refused("Turn the traffic up first: a surge multiplies it.");
      if (
        traffic.surge &&
        (trafficRate(traffic, now()) > traffic.baseRps || now() < traffic.surge.from)
      ) {
        return refused("A surge is already under way.");
      }
      if (traffic.baseRps * factor > MAX_RPS) {
        return refused(
          `A surge of ×${factor} is not possible at ${traffic.baseRps} visits per second: at most ${MAX_RPS}.`,
        );
      }
      traffic.surge = { from: now() + afterMs, factor, holdMs, easeMs };
      const hold = `×${factor} for ${(holdMs / 1000).toFixed(0)} s`;
      if (afterMs > 0) {
        // The next arrival was drawn at the calm rate: draw it again when the surge begins.
        queue.push(now() + afterMs, new Call(handlers, "restart"));
        return done(`Surge: ${hold} in ${(afterMs / 1000).toFixed(0)} s, then easing back.`);
      }
      restartArrivals();
      return done(`Surge: ${hold}, then easing back.`);
    },
    trafficSample: () => lastSample,
    trafficState: () =>
      traffic
        ? {
            baseRps: traffic.baseRps,
            rps: trafficRate(traffic, now()),
            surging: trafficRate(traffic, now()) > traffic.baseRps,
            surged: traffic.surge !== undefined && now() >= traffic.surge.from,
          }
        : { baseRps: 0, rps: 0, surging: false, surged: false },
    setRepeatVisits(intervalMs, host = "www.foobar.com") {
      if (intervalMs !== undefined && !inRange(intervalMs, 10, MAX_COMMAND_MS)) {
        return refused(
          `A visit every ${shown(intervalMs)} ms is not possible: use 10 to ${MAX_COMMAND_MS} ms.`,
        );
      }
      if (!isHostName(host)) return refused(`${shown(host)} is not a host name.`);
      if (repeat) queue.remove(repeat.event);
      repeat = undefined;
      if (intervalMs === undefined) return done("Repeated visits stopped.");
      scheduleRepeat(intervalMs, host);
      return done(`A visit every ${intervalMs} ms.`);
    },
    repeatVisitsMs: () => repeat?.intervalMs,
    setWriteShare(share) {
      if (!inRange(share, 0, 1))
        return refused(
          `The share of visits that write is from 0 to 1 (0.1 is one visit in ten), not ${shown(share)}.`,
        );
      if (share === writeShare)
        return refused(`${Math.round(share * 100)} % of the visits write already.`);
      writeShare = share;
      return done(
        share === 0
          ? "The traffic only reads now."
          : `${+(share * 100).toFixed(1)} % of the traffic's visits now POST a comment to ${writePath}.`,
      );
    },
    writeShare: () => writeShare,
    neverIdle: () => repeat !== undefined || traffic !== undefined,
  };
}
