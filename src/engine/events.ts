import type { Context } from "./context";
import type { Deferred, HopInfo, Timer } from "./kernel";
import type { Message } from "./messages";
import type { Queued } from "./queue";
import type { HopKind, RequestRecord, Step } from "./types";

export const noop = () => {};

/** Spare events kept for reuse, at most (of each pool). */
export const SPARES_KEEP = 4096;

/**
 * Anything on the event queue. Events are small classes rather than closures: one object is
 * both the queue entry and (for timers) the handle that cancels it. Each knows who handles it
 * when it fires, so the loop only calls `fire()`.
 */
export abstract class SimEvent implements Queued {
  queueId = -1;
  abstract fire(): void;
}

/** A plain scheduled callback (traffic arrivals, repeated visits, deploy steps). */
export class Callback extends SimEvent {
  constructor(private readonly fn: () => void) {
    super();
  }
  fire(): void {
    this.fn();
  }
}

/**
 * A scheduled call of a part's handler with its argument: like `Callback`, but data (the
 * handlers' object, a name and an argument), so a copy of the simulation (Simulation.fork)
 * calls its own part's handler, not the original's.
 */
export class Call extends SimEvent {
  constructor(
    public handlers: Record<string, (arg: never) => void>,
    public method: string,
    public arg?: unknown,
  ) {
    super();
  }
  fire(): void {
    (this.handlers[this.method] as (arg: unknown) => void)(this.arg);
  }
}

/**
 * Work for later on behalf of a component (a timer, a CPU job): a function and its
 * arguments instead of a closure (see Kernel.after), dropped if its owner was killed.
 */
export abstract class Work extends SimEvent {
  owner = 0;
  epoch = 0;
  fn: Deferred<unknown, unknown, unknown> = noop;
  a: unknown = undefined;
  b: unknown = undefined;
  c: unknown = undefined;
  /** Gives it its work: a new one, or a spare. */
  assign(
    owner: number,
    epoch: number,
    fn: Deferred<unknown, unknown, unknown>,
    a: unknown,
    b: unknown,
    c: unknown,
  ): void {
    this.owner = owner;
    this.epoch = epoch;
    this.fn = fn;
    this.a = a;
    this.b = b;
    this.c = c;
  }
  /** Lets go of the work and what it would have worked on (a spare keeps nothing alive). */
  letGo(): void {
    this.fn = noop;
    this.a = this.b = this.c = undefined;
  }
}

/** `Kernel.after`: runs `fn` later unless its owner was killed meanwhile. */
export class TimerEvent extends Work implements Timer {
  constructor(
    private readonly ctx: Context,
    /** Timers of `Kernel.later` and `Kernel.timeout` that have fired or been cancelled, for reuse. */
    private readonly spares: TimerEvent[],
    /**
     * Set by `Kernel.later` (nothing holds the timer) and `Kernel.timeout` (only its holder,
     * `c`, does): reused once it has fired or been cancelled. Not by `Kernel.after`.
     */
    readonly reusable: boolean,
  ) {
    super();
  }
  fire(): void {
    const { owner, fn, a, b, c, ctx } = this;
    const alive = ctx.epoch[owner] === this.epoch && ctx.isUp(owner);
    if (this.reusable) {
      // Let go of the work first: `fn` may schedule a later timer, which may be this one.
      this.letGo();
      if (this.spares.length < SPARES_KEEP) this.spares.push(this);
    }
    if (alive) fn(ctx.kernel, owner, a, b, c);
  }
  cancel(holder?: object): void {
    // A reused timeout belongs to its holder (its `c`): a reference that an earlier holder kept
    // must not call off the timer it has become (see Kernel.timeout).
    if (this.reusable && this.c !== holder) return;
    // Out of the heap at once, so a 15-minute timeout cancelled after 50 ms holds no memory.
    if (this.ctx.queue.remove(this)) {
      this.letGo();
      if (this.reusable && this.spares.length < SPARES_KEEP) this.spares.push(this);
    }
  }
}

/** The most common event: a packet arriving. */
export class Delivery extends SimEvent implements HopInfo {
  /** Its packet's handle in the packet table. */
  handle = -1;
  constructor(
    /** Where it is handed over when it arrives (see network.ts). */
    private readonly network: { arrived(d: Delivery): void },
    public from: number,
    public to: number,
    public msg: Message,
    public step: Step,
    public kind: HopKind,
    public request: RequestRecord,
    public summary: HopInfo["summary"],
  ) {
    super();
  }
  fire(): void {
    this.network.arrived(this);
  }
}

/** Work for a CPU core: it waits in its machine's queue, then is its own "done" event. */
export class CpuJob extends Work {
  machine = 0;
  /** CPU time it needs (ms). */
  ms = 0;
  /** The machine's generation when the job got a core. */
  generation = 0;
  constructor(
    /** What frees its core when it is done (see cpu.ts). */
    private readonly cpus: { done(job: CpuJob): void },
  ) {
    super();
  }
  fire(): void {
    this.cpus.done(this);
  }
}
