import type { Message } from "./messages";
import type { Rng } from "./random";
import type { CompiledTopology } from "./topology";
import type { HopKind, Outcome, Release, RequestRecord, Step } from "./types";

/** What a hop is, for the trace (the kernel's packet in flight carries it). */
export interface HopInfo {
  step: Step;
  kind: HopKind;
  /**
   * One line as it would look on the wire. A function for summaries that cost
   * something to build: it is only called when the hop is traced, at once when
   * the hop is sent (so it may read state that changes later). It is given the
   * message, so a summary can be a function declared once rather than a closure
   * allocated per hop (most hops are never traced).
   */
  summary: string | ((msg: Message) => string);
  request: RequestRecord;
  msg: Message;
}

/**
 * What component behaviours may do: read the clock, send messages, wait, and
 * write notes. Behaviours never touch the queue or the trace directly.
 */
export interface Kernel {
  readonly now: number;
  readonly rng: Rng;
  readonly topology: CompiledTopology;
  /**
   * Sends `msg` from one component to another over the cheapest route. The
   * rest says what the hop is, for the trace (see HopInfo); they are separate
   * arguments so that a hop costs no extra object.
   */
  send(
    from: number,
    to: number,
    msg: Message,
    step: Step,
    kind: HopKind,
    request: RequestRecord,
    summary: HopInfo["summary"],
  ): void;
  /**
   * Runs `fn` after `delayMs` of simulated time, on behalf of component `owner`.
   * If the owner is killed in the meantime, `fn` never runs: a dead process's
   * pending work vanishes with it.
   *
   * `fn` is called as `fn(kernel, owner, a, b, c)`: on hot paths, pass a function
   * declared once and the values it needs, rather than a new closure per timer
   * (a closure and its context are two allocations that the timer keeps alive).
   */
  after<A, B, C>(owner: number, delayMs: number, fn: Deferred<A, B, C>, a: A, b: B, c: C): Timer;
  after(owner: number, delayMs: number, fn: () => void): Timer;
  /**
   * Like `after`, for work that is never called off (a processing delay): no timer is
   * returned, so the engine reuses the event once it has fired.
   */
  later<A, B, C>(owner: number, delayMs: number, fn: Deferred<A, B, C>, a: A, b: B, c: C): void;
  /**
   * Like `after`, for a timeout of a fixed length that is usually cancelled (a
   * protocol timeout): timeouts of one length wait in a FIFO lane outside the
   * event heap (see EventQueue.pushTimeout). Same order of events as `after`.
   *
   * `holder` is the object that keeps the timer in a field (`holder.timer = k.timeout(…, holder)`)
   * and is given to `fn` as its last argument; it cancels with `holder.timer?.cancel(holder)`.
   * The engine reuses a timeout once it has fired or been cancelled, and a reference kept
   * after that may then point to another holder's timer: `cancel` does nothing unless it
   * comes from the timer's holder.
   */
  timeout<A, B, H extends object>(
    owner: number,
    delayMs: number,
    fn: Deferred<A, B, H>,
    a: A,
    b: B,
    holder: H,
  ): Timer;
  /**
   * Bumped when a process's sockets are closed: it stopped on a running machine
   * (its kernel sends FIN), or its machine booted again. Connections accepted
   * in an older epoch are gone. A machine that merely died tells no one.
   */
  epochOf(index: number): number;
  /**
   * Runs `fn` after `ms` of CPU time on the owner's machine. The machine's
   * processes share its cores: when all are busy, the work waits its turn.
   * Like `after`, nothing runs if the owner is killed meanwhile.
   */
  compute<A, B, C>(owner: number, ms: number, fn: Deferred<A, B, C>, a: A, b: B, c: C): void;
  compute(owner: number, ms: number, fn: () => void): void;
  /** CPU cores of the machine a component runs on (1 when cores are not modelled). */
  cores(index: number): number;
  /** Whether a component is running (not killed, and its machine running). */
  isUp(index: number): boolean;
  /** Whether the "slow" fault is on for a component. */
  isSlow(index: number): boolean;
  /** The code version deployed on an app server now. */
  codeVersion(index: number): string;
  /** The defect of the release an app server runs ("good" for most code; see Release). */
  codeRelease(index: number): Release;
  /**
   * Records something that happened inside one component, when the request is
   * traced. Pass a function for a summary that costs something to build: it is
   * only called (at once) for traced requests.
   */
  note(
    component: number,
    step: Step,
    summary: string | (() => string),
    request: RequestRecord,
  ): void;
  /**
   * Records something a component did on its own, not for any request (a load balancer marking a
   * server DOWN): always in the trace, as a command's note is.
   */
  log(component: number, step: Step, summary: string): void;
  /** A processing time around `ms`, varied by the seeded PRNG (±`spread`, default 20%). */
  vary(ms: number, spread?: number): number;
  /** Starts a browser request (the page, or one of its static files). */
  startRequest(
    visitId: number,
    host: string,
    path: string,
    role: RequestRecord["role"],
  ): RequestRecord;
  /**
   * Ends a browser request. Called exactly once per request. (Separate arguments rather
   * than an object of details: one object less per request.)
   */
  finishRequest(
    request: RequestRecord,
    outcome: Outcome,
    /** The component that gave the answer (the browser itself for a failure it saw). */
    servedBy: number,
    /** For a failure: one sentence saying which component did what. */
    reason: string | undefined,
    /** The HTTP status, when there was an answer. */
    status?: number,
    /** The code version that built the page, when there was one. */
    version?: string,
    /** Requests the browser will make next for the same visit (the page's static files). */
    followUps?: number,
  ): void;
}

/** Work for later (`Kernel.after`, `Kernel.compute`): called with the kernel, its owner and the values given. */
export type Deferred<A, B, C> = (k: Kernel, self: number, a: A, b: B, c: C) => void;

/** How one kind of component reacts to a message. */
export type Behaviour<State> = (
  k: Kernel,
  self: number,
  state: State,
  from: number,
  msg: Message,
) => void;

/**
 * What happens to a process's clients when it is killed while it works: the
 * host's kernel resets their connections. (A whole machine going down tells
 * no one: that hook is not called.)
 */
export type KillHook<State> = (k: Kernel, self: number, state: State) => void;

/** A scheduled callback that can be called off (a timeout that is no longer needed). */
export interface Timer {
  /**
   * Takes it off the queue, if it has not fired yet. For a `Kernel.timeout`, pass its holder:
   * the call does nothing otherwise (see there). A timer from `after` ignores the argument.
   */
  cancel(holder?: object): void;
}
