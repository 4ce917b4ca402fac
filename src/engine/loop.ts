import type { Context } from "./context";
import { Callback, TimerEvent } from "./events";
import type { Deferred, Kernel } from "./kernel";
import type { Part } from "./snapshot";
import { shown } from "./validate";

/** The event loop: the kernel's timers, and running the events in order as the clock moves. */
export interface Loop extends Part {
  /** `Kernel.after`: a timer that may be cancelled, and is never reused. */
  after: Kernel["after"];
  /** `Kernel.later`: never called off, so the event is reused once it has fired. */
  later: Kernel["later"];
  /** `Kernel.timeout`: in the queue's lane for its delay, reused once fired or cancelled by its holder. */
  timeout: Kernel["timeout"];
  /** Runs `fn` in `delayMs` on behalf of no component (the steps of a deploy). */
  schedule(delayMs: number, fn: () => void): void;
  /** Time of the next event, or `Infinity` when nothing is scheduled. */
  nextTime(): number;
  /** Runs every event up to and including `time`, then sets the clock to `time`. */
  advanceTo(time: number): void;
  /** Runs all events of the next event time; returns that time, or undefined when idle. */
  step(): number | undefined;
  /** Runs events for up to `limitMs` of simulated time, or until none is left. */
  runFor(limitMs: number): void;
  /** Events fired so far. A cancelled event has left the queue, so it is never counted. */
  readonly eventsProcessed: number;
  /** `schedule`'s callbacks still waiting: closures, which a copy cannot take (see Simulation.fork). */
  readonly closuresPending: number;
}

export function createLoop(ctx: Context): Loop {
  const { queue, clock, epoch } = ctx;
  const now = (): number => clock[0] as number;
  /** Timers of `later` and `timeout` that have fired or been cancelled, for reuse. */
  const spareTimers: TimerEvent[] = [];
  let eventsRun = 0;
  let closures = 0;

  function reusableTimer(
    owner: number,
    fn: Deferred<unknown, unknown, unknown>,
    a: unknown,
    b: unknown,
    c: unknown,
  ): TimerEvent {
    const timer = spareTimers.pop() ?? new TimerEvent(ctx, spareTimers, true);
    timer.assign(owner, epoch[owner] ?? 0, fn, a, b, c);
    return timer;
  }

  function nextTime(): number {
    return queue.peekTime();
  }

  function runNext(): void {
    clock[0] = queue.peekTime();
    eventsRun++;
    queue.pop().fire();
  }

  return {
    save: () => ({ spareTimers, eventsRun }),
    restore(saved) {
      eventsRun = saved.eventsRun as number;
    },
    after(
      owner: number,
      delayMs: number,
      fn: Deferred<unknown, unknown, unknown>,
      a?: unknown,
      b?: unknown,
      c?: unknown,
    ) {
      const timer = new TimerEvent(ctx, spareTimers, false);
      timer.assign(owner, epoch[owner] ?? 0, fn, a, b, c);
      queue.push(now() + Math.max(0, delayMs), timer);
      return timer;
    },
    later(owner, delayMs, fn, a, b, c) {
      const timer = reusableTimer(owner, fn as Deferred<unknown, unknown, unknown>, a, b, c);
      queue.push(now() + Math.max(0, delayMs), timer);
    },
    timeout(owner, delayMs, fn, a, b, holder) {
      const timer = reusableTimer(owner, fn as Deferred<unknown, unknown, unknown>, a, b, holder);
      queue.pushTimeout(now() + Math.max(0, delayMs), delayMs, timer);
      return timer;
    },
    schedule(delayMs, fn) {
      closures++;
      queue.push(
        now() + delayMs,
        new Callback(() => {
          closures--;
          fn();
        }),
      );
    },
    nextTime,
    advanceTo(time) {
      if (!(time >= now()))
        throw new RangeError(`ENGINE_TIME_BACKWARDS: ${shown(time)} < ${now()}`);
      if (time === Number.POSITIVE_INFINITY)
        throw new RangeError("ENGINE_TIME_NOT_FINITE: advanceTo needs a finite time");
      while (nextTime() <= time) runNext();
      clock[0] = time;
    },
    step() {
      const time = nextTime();
      if (time === Number.POSITIVE_INFINITY) return undefined;
      while (nextTime() === time) runNext();
      return time;
    },
    runFor(limitMs) {
      const end = now() + limitMs;
      for (let t = nextTime(); t !== Number.POSITIVE_INFINITY && t <= end; t = nextTime())
        runNext();
    },
    get eventsProcessed() {
      return eventsRun;
    },
    get closuresPending() {
      return closures;
    },
  };
}
