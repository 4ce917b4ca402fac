import type { CompletionLog } from "./completions";
import { createConfigure } from "./configure";
import { type Context, createContext } from "./context";
import { createCpus } from "./cpu";
import { createDeploys, type DeployedVersion, type DeployOptions } from "./deploys/commands";
import { createFaults } from "./faults";
import type { Kernel } from "./kernel";
import type { ComponentState } from "./kinds";
import { createLoop } from "./loop";
import { createNetwork } from "./network";
import type { PacketTable } from "./packets";
import type { VisitCounts } from "./records";
import { createScaling, type Scaling } from "./scaling/group";
import { copyInto, type Memo, type Part } from "./snapshot";
import { type CompiledTopology, TopologyError } from "./topology";
import { createTrace } from "./trace";
import { createTraffic } from "./traffic";
import type {
  CommandResult,
  ComponentSpec,
  DeployMode,
  DeployState,
  Health,
  Incident,
  RequestMix,
  RequestRecord,
  Stats,
  Topology,
  TraceEntry,
  TrafficSample,
  VisitRecord,
} from "./types";
import { createVisits, type VisitOptions } from "./visits";

export type { VisitOptions } from "./visits";

export interface SimulationOptions {
  topology: Topology;
  /** Any integer; the same seed and the same commands give the same trace. */
  seed: number;
}

/**
 * A discrete-event simulation of a web infrastructure.
 *
 * Time only moves when the caller says so (`advanceTo`, `step`), so the same
 * seed and the same calls always give the same trace.
 *
 * @example
 * const sim = createSimulation({ topology: oneServer, seed: 1 });
 * sim.visit("www.foobar.com");
 * sim.runUntilIdle();
 * sim.trace.filter((e) => e.type === "hop").map((e) => e.summary);
 */
export interface Simulation {
  readonly seed: number;
  readonly topology: CompiledTopology;
  /** Current simulated time (ms). */
  readonly now: number;
  /** Packets in flight now, for drawing. */
  readonly packets: PacketTable;
  /**
   * The newest hops and notes, in order (at most TRACE_KEEP: a lesson can run for hours).
   * Each entry's `seq` counts from the start; `entry(seq)` finds one while it is kept.
   */
  readonly trace: readonly TraceEntry[];
  /** Entries recorded since the start, kept or not. */
  readonly traceTotal: number;
  /** Entries dropped from the front of `trace` so far (the first kept entry's `seq`). */
  readonly traceDropped: number;
  /** The trace entry with this `seq`, while it is kept. */
  entry(seq: number): TraceEntry | undefined;
  /** The newest traced requests and visits (at most VISITS_KEEP visits, with their requests). */
  readonly requests: readonly RequestRecord[];
  /** Requests dropped from the front of `requests` so far. */
  readonly requestsDropped: number;
  readonly visits: readonly VisitRecord[];
  /** The watched user's visits since the start: started, in flight, finished by outcome. */
  visitCounts(): VisitCounts;
  /** Failures, slowdowns and deploys, in the order they started (the newest closed ones, and every open one). */
  readonly incidents: readonly Incident[];
  /**
   * Starts a visit of `http://<host><path>` from a browser (the first one by default), for
   * callers whose arguments are known to be good (scenes, tests): a bad one throws
   * `ENGINE_BAD_ARGUMENT`. Input from outside goes through `tryVisit`.
   */
  visit(host: string, options?: VisitOptions): VisitRecord;
  /** Like `visit`, but refuses bad arguments with a reason instead of throwing (the command form). */
  tryVisit(host: string, options?: VisitOptions): CommandResult & { visit?: VisitRecord };
  /** Requests (HTTP, SQL, DNS queries) that reached each component, by index, since the start. */
  readonly received: Float64Array;
  /** A traced request by id (generated traffic is not kept). */
  requestById(id: number): RequestRecord | undefined;
  /** The most recent finished visits, traced or not, for metrics. */
  readonly completions: CompletionLog;
  /**
   * Steady traffic: new users arrive at random (a Poisson process from the
   * seeded PRNG) at `rps` visits per second of simulated time; 0 stops it.
   */
  setTraffic(rps: number, host?: string): CommandResult;
  /**
   * Changes a capacity at run time, one its kind accepts (`KindDefinition.settings`, listed in
   * CAPACITY_LIMITS): workers, listen backlog, CPU time, max_connections, query time,
   * fastcgi_connect_timeout, fastcgi_read_timeout, worker_connections, cores. Out of range
   * or unknown settings are refused and change nothing.
   */
  configure(id: string, setting: string, value: number): CommandResult;
  /**
   * A command of a component's own kind (KindDefinition.commands): for an HAProxy, `server`
   * ({ name, state: "ready" | "drain" | "maint" }), `check` ("tcp" | "http") and `algorithm`
   * ("roundrobin" | "leastconn"); for a MySQL replica, `promote`. Bad input is refused and
   * changes nothing.
   */
  command(id: string, name: string, argument?: unknown): CommandResult;
  /** A machine's CPU now: cores, cores busy, jobs waiting for one; undefined when not modelled. */
  cpu(id: string): { cores: number; busy: number; waiting: number } | undefined;
  /** Visits per second of the traffic now, surge included (0 when off). */
  trafficRps(): number;
  /**
   * Multiplies the traffic by `factor` (10) for `holdMs` (20 s), then eases back over `easeMs`
   * (10 s); with `afterMs`, the surge starts that long from now (a calm phase first).
   */
  surge(options?: {
    factor?: number;
    holdMs?: number;
    easeMs?: number;
    afterMs?: number;
  }): CommandResult;
  /** `surged`: a surge has begun since the traffic was set (it may be over). */
  trafficState(): { baseRps: number; rps: number; surging: boolean; surged: boolean };
  /**
   * The generated traffic's last whole second: arrivals, pages loaded and failed, users
   * waiting. One is taken at every whole second while there is traffic or a generated visit
   * is in flight, and noted in the trace (`traffic.sample`, at the traffic's source).
   */
  trafficSample(): TrafficSample | undefined;
  /** Events run since the start (deliveries and timers; cancelled ones are not counted). */
  readonly eventsProcessed: number;
  /** Stops a component (a process, or a whole machine with its processes). */
  kill(id: string): CommandResult;
  /** Starts a stopped component again, with empty caches and no work in progress. */
  revive(id: string): CommandResult;
  /** Turns the "slow" fault on or off for a component whose kind has it (`KindDefinition.slow`: the app server, MySQL). */
  setSlow(id: string, slow: boolean): CommandResult;
  /**
   * Visits `host` every `intervalMs` of simulated time from now on (a steady
   * trickle of users); `undefined` stops. While on, the simulation is never idle.
   */
  setRepeatVisits(intervalMs: number | undefined, host?: string): CommandResult;
  /** The interval of the repeated visits, when on. */
  repeatVisitsMs(): number | undefined;
  /**
   * The share of the traffic's visits that write, from 0 to 1: each such user POSTs a comment
   * (Topology.writes' path) instead of reading the home page. The topology sets it at first (0
   * without `writes`).
   */
  setWriteShare(share: number): CommandResult;
  writeShare(): number;
  /** Requests by method since the start: reads (GET) and writes (POST), each adding up as `stats()` does. */
  requestMix(): RequestMix;
  /**
   * Deploys the next code version on a host: upload, then restart the app server and the web
   * server (`restart`, the default: downtime), or reload them gracefully (`reload`).
   */
  deploy(hostId?: string, options?: DeployOptions): CommandResult;
  /**
   * Puts back the version the last deploy replaced, with its strategy (see Deploys.rollback);
   * refused while a deploy runs, and when there is nothing to roll back to.
   */
  rollback(options?: { mode?: DeployMode }): CommandResult;
  /** What `deploy` would answer now, without deploying: its refusal, or ok (nothing changes). */
  deployCheck(hostId?: string, options?: DeployOptions): CommandResult;
  /** The versions deployed, oldest first (the first is the one the site started with). */
  deployHistory(): readonly DeployedVersion[];
  /** The deploy in progress, or the last one. */
  deployState(): DeployState | undefined;
  health(id: string): Health;
  /** The code version an app server runs now. */
  codeVersion(id: string): string;
  /**
   * The web servers' group (Topology.scaling): add and remove servers at run time (a launch
   * boots, then joins after HAProxy's health checks; a removal drains first), and the
   * autoscaler's target-tracking policy. Without a group, every command is refused.
   */
  readonly scaling: Scaling;
  /** Time of the next event, or `Infinity` when nothing is scheduled. */
  nextEventTime(): number;
  /** Runs every event up to and including `time`, then sets the clock to `time`. */
  advanceTo(time: number): void;
  /** Runs all events of the next event time; returns that time, or undefined when idle. */
  step(): number | undefined;
  /** Runs until nothing is scheduled (or `limitMs` of simulated time have passed). */
  runUntilIdle(limitMs?: number): void;
  stats(): Stats;
  /** Runtime state of a component, for inspection. Read-only by convention. */
  componentState(id: string): ComponentState;
  /**
   * A copy of this simulation as it is now, which goes on exactly as this one would (a keyframe
   * of time travel). Undefined while a deploy's steps are scheduled: they are closures, which a
   * copy cannot take (snapshot.ts); the caller keeps an older copy and plays on from it.
   */
  fork(): Simulation | undefined;
  /** How many objects `fork` copied to make this simulation (0 for one built anew): its size, roughly. */
  readonly copiedObjects: number;
}

/**
 * Assembles a simulation from its parts, each a factory over the shared context (context.ts):
 * the event loop and the kernel's timers (loop.ts), CPU cores (cpu.ts), visits and their
 * requests (visits.ts), packets and their delivery (network.ts), generated traffic (traffic.ts),
 * faults (faults.ts), deploys (deploy.ts) and settings (configure.ts); the trace is written by
 * trace.ts. What each kind of component does comes from its definition in kinds/.
 */
export function createSimulation(options: SimulationOptions): Simulation {
  const ctx = createContext(options.topology, options.seed);
  const { topology, rng, clock, records, isUp, connEpoch, slow, versions, states } = ctx;
  const trace = createTrace(ctx);
  const loop = createLoop(ctx);
  const cpus = createCpus(ctx, loop);
  // Visits report generated ones to the traffic, made next (it starts them).
  const visits = createVisits(ctx, trace, {
    started: () => traffic.started(),
    ended: (outcome) => traffic.ended(outcome),
  });
  const traffic = createTraffic(ctx, trace, visits);
  const network = createNetwork(ctx, trace, visits);
  // Faults abort a deploy whose machine stops; deploys stop and start processes.
  const faults = createFaults(ctx, trace, cpus, () => deploys.current);
  const deploys = createDeploys(ctx, trace, loop, faults, options.topology.deploy);
  const configure = createConfigure(ctx, trace, cpus);

  /** What behaviours may do (see Kernel): the parts' own functions, no layer between. */
  const kernel: Kernel = {
    get now() {
      return clock[0] as number;
    },
    rng,
    topology,
    send: network.send,
    after: loop.after,
    later: loop.later,
    timeout: loop.timeout,
    isUp,
    cores: cpus.cores,
    compute: cpus.compute,
    epochOf: (i) => connEpoch[i] ?? 0,
    isSlow: (i) => slow[i] === true,
    codeVersion: (i) => versions[i] ?? "",
    codeRelease: (i) => ctx.releases[i] ?? "good",
    note(component, step, summary, request) {
      if (!request.traced) return;
      const text = typeof summary === "function" ? summary() : summary;
      trace.note(component, step, text, request.id, request.visitId);
    },
    log: trace.commandNote,
    vary(ms, spread = 0.2) {
      return ms * (1 - spread + 2 * spread * rng.next());
    },
    startRequest: visits.startRequest,
    finishRequest: visits.finishRequest,
  };
  ctx.kernel = kernel;
  // Components with work of their own (health checks) start it now: the queue is then never empty.
  const background = ctx.kinds.some(
    (d, i) => d.started !== undefined && (d.background?.(ctx.specs[i] as ComponentSpec) ?? true),
  );
  // The group powers off the slots not provisioned before anything starts.
  const scaling = createScaling(
    ctx,
    trace,
    faults,
    cpus,
    traffic.trafficRps,
    options.topology.scaling,
  );
  for (let i = 0; i < ctx.specs.length; i++) faults.started(i, true);

  const sim: Simulation = {
    seed: options.seed,
    topology,
    get now() {
      return clock[0] as number;
    },
    packets: ctx.packets,
    trace: records.trace,
    get traceTotal() {
      return records.traceTotal;
    },
    get traceDropped() {
      return records.traceDropped;
    },
    entry: (seq) => records.entry(seq),
    requests: records.requests,
    get requestsDropped() {
      return records.requestsDropped;
    },
    visits: records.visits,
    visitCounts: () => ({
      started: records.counts.started,
      inFlight: records.counts.inFlight,
      finished: { ...records.counts.finished },
    }),
    incidents: records.incidents,
    visit: visits.visit,
    tryVisit: visits.tryVisit,
    kill: faults.kill,
    revive: faults.revive,
    setSlow: faults.setSlow,
    deploy: deploys.deploy,
    rollback: deploys.rollback,
    deployCheck: deploys.check,
    deployHistory: deploys.history,
    setRepeatVisits: traffic.setRepeatVisits,
    repeatVisitsMs: traffic.repeatVisitsMs,
    setWriteShare: traffic.setWriteShare,
    writeShare: traffic.writeShare,
    requestMix: visits.requestMix,
    requestById: (id) => records.requestById.get(id),
    received: network.received,
    completions: visits.completions,
    setTraffic: traffic.setTraffic,
    trafficRps: traffic.trafficRps,
    configure,
    command: faults.command,
    cpu: (id) => cpus.view(topology.indexOf(id)),
    surge: traffic.surge,
    trafficSample: traffic.trafficSample,
    trafficState: traffic.trafficState,
    get eventsProcessed() {
      return loop.eventsProcessed;
    },
    deployState: () => {
      const state = deploys.current?.state;
      if (!state) return undefined;
      return state.progress
        ? { ...state, hosts: [...(state.hosts ?? [])], progress: [...state.progress] }
        : { ...state };
    },
    health: faults.health,
    codeVersion: (id) => versions[topology.indexOf(id)] ?? "",
    scaling,
    nextEventTime: loop.nextTime,
    advanceTo: loop.advanceTo,
    step: loop.step,
    runUntilIdle(limitMs = Number.POSITIVE_INFINITY) {
      if (traffic.neverIdle() && limitMs === Number.POSITIVE_INFINITY) {
        throw new RangeError(
          "ENGINE_NEVER_IDLE: traffic or repeated visits are on; give runUntilIdle a limit",
        );
      }
      if (limitMs === Number.POSITIVE_INFINITY && background) {
        // Health checks run for ever: "idle" is then every visit ended and no deploy running.
        while (
          (visits.stats().visitsInFlight > 0 || deploys.current?.running) &&
          loop.step() !== undefined
        );
        return;
      }
      loop.runFor(limitMs);
    },
    stats: visits.stats,
    fork,
    copiedObjects: 0,
    componentState(id) {
      const state = states[topology.indexOf(id)];
      if (!state) throw new TopologyError("TOPOLOGY_UNKNOWN_ID", id);
      return state;
    },
  };
  const parts: Record<string, Part> = {
    loop,
    cpus,
    visits,
    traffic,
    network,
    deploys,
    trace,
    scaling,
  };
  INTERNALS.set(sim, { ctx, parts, others: [kernel, faults, configure] });
  return sim;

  function fork(): Simulation | undefined {
    if (loop.closuresPending > 0 || states.some(closesOver)) return undefined;
    const copy = createSimulation(options);
    const theirs = INTERNALS.get(copy);
    if (!theirs) return undefined;
    const memo: Memo = new Map();
    // Parts and the kernel are the copy's own (their functions close over its context).
    for (const [name, part] of Object.entries(parts)) memo.set(part, theirs.parts[name]);
    for (const [i, other] of [kernel, faults, configure].entries())
      memo.set(other, theirs.others[i]);
    memo.set(rng, theirs.ctx.rng);
    // A part's handlers (what its scheduled events call) are the copy's own too.
    for (const [name, part] of Object.entries(parts)) {
      const handlers = part.save().handlers;
      if (handlers) memo.set(handlers as object, (theirs.parts[name] as Part).save().handlers);
    }
    theirs.ctx.rng.restore(rng.state());
    copyInto(theirs.ctx, ctx, memo);
    for (const [name, part] of Object.entries(parts)) {
      const target = theirs.parts[name] as Part;
      const saved = target.save();
      copyInto(saved, part.save(), memo);
      target.restore(saved);
    }
    (copy as { copiedObjects: number }).copiedObjects = memo.size;
    return copy;
  }
}

/**
 * A component in the middle of something whose next step is a closure (an application server
 * reloading, a replica being promoted): a copy could not take it (Simulation.fork).
 */
function closesOver(c: ComponentState): boolean {
  const s = c.state as { drained?: unknown; promoting?: unknown } | null;
  return (
    typeof s === "object" && s !== null && (typeof s.drained === "function" || s.promoting === true)
  );
}

/** Each simulation's context and parts, for copying it (Simulation.fork); never for behaviour. */
/** For tests and benchmarks that look inside a simulation. */
export const INTERNALS_FOR_TESTS = (sim: Simulation) => INTERNALS.get(sim);

const INTERNALS = new WeakMap<
  Simulation,
  { ctx: Context; parts: Record<string, Part>; others: readonly object[] }
>();
