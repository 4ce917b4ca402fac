import type { CompletionLog } from "./completions";
import { createContext } from "./context";
import { createCpus } from "./cpu";
import { type DeployRunner, startDeploy } from "./deploy";
import type { Kernel } from "./kernel";
import { type ComponentState, type KindDefinition, SLOW_KINDS_NAMED, settingOf } from "./kinds";
import { createLoop } from "./loop";
import { createNetwork } from "./network";
import type { PacketTable } from "./packets";
import type { VisitCounts } from "./records";
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
  RequestRecord,
  Stats,
  Topology,
  TraceEntry,
  TrafficSample,
  VisitRecord,
} from "./types";
import { inRange, own, shown } from "./validate";
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
   * Changes a capacity at run time (see CAPACITY_LIMITS): workers, listen backlog,
   * CPU time, max_connections, query time, fastcgi_connect_timeout, fastcgi_read_timeout,
   * worker_connections, cores. Out of range
   * or unknown settings are refused and change nothing.
   */
  configure(id: string, setting: string, value: number): CommandResult;
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
  trafficState(): { baseRps: number; rps: number; surging: boolean };
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
  /** Turns the "slow" fault on or off for an app server or a database. */
  setSlow(id: string, slow: boolean): CommandResult;
  /**
   * Visits `host` every `intervalMs` of simulated time from now on (a steady
   * trickle of users); `undefined` stops. While on, the simulation is never idle.
   */
  setRepeatVisits(intervalMs: number | undefined, host?: string): CommandResult;
  /** The interval of the repeated visits, when on. */
  repeatVisitsMs(): number | undefined;
  /**
   * Deploys the next code version on a host: upload, then restart the app server and the web
   * server (`restart`, the default: downtime), or reload them gracefully (`reload`).
   */
  deploy(hostId?: string, options?: { mode?: DeployMode }): CommandResult;
  /** The deploy in progress, or the last one. */
  deployState(): DeployState | undefined;
  health(id: string): Health;
  /** The code version an app server runs now. */
  codeVersion(id: string): string;
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
}

export function createSimulation(options: SimulationOptions): Simulation {
  const ctx = createContext(options.topology, options.seed);
  const { topology, specs, rng, clock, packets, records, kinds, states, behaviours } = ctx;
  const { killed, slow, epoch, connEpoch, restarting, versions } = ctx;
  const { isUp, machineUp, idOf, labelOf, indexFor, processesOn, initialState } = ctx;
  const { trace, requests, visits, incidents } = records;
  const traceWriter = createTrace(ctx);
  const { note, startIncident, endIncident, commandNote } = traceWriter;
  const loop = createLoop(ctx);
  const cpus = createCpus(ctx, loop);
  const now = (): number => clock[0] as number;
  /** Traced requests by id (generated traffic is not kept), while their visit is kept. */
  const requestById = records.requestById;
  let deploy: DeployRunner | undefined;

  // Visits report generated ones to the traffic, made next (it starts them).
  const visitsPart = createVisits(ctx, traceWriter, {
    started: () => traffic.started(),
    ended: (outcome) => traffic.ended(outcome),
  });
  const traffic = createTraffic(ctx, traceWriter, visitsPart);
  const network = createNetwork(ctx, traceWriter, visitsPart);

  const kernel: Kernel = {
    get now() {
      return now();
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
    note(component, step, summary, request) {
      if (!request.traced) return;
      const text = typeof summary === "function" ? summary() : summary;
      note(component, step, text, request.id, request.visitId);
    },
    vary(ms, spread = 0.2) {
      return ms * (1 - spread + 2 * spread * rng.next());
    },
    startRequest: visitsPart.startRequest,
    finishRequest: visitsPart.finishRequest,
  };
  ctx.kernel = kernel;

  function stopProcess(i: number, notify: boolean): void {
    epoch[i] = (epoch[i] ?? 0) + 1;
    const state = states[i];
    const kind = kinds[i] as KindDefinition;
    if (notify && state && kind.killed) kind.killed(kernel, i, state.state);
    states[i] = initialState(i);
  }

  /** Kills a component; used by commands and by deploys. */
  function stop(i: number, label: string, byDeploy: boolean): void {
    const spec = specs[i] as ComponentSpec;
    killed[i] = true;
    restarting[i] = byDeploy;
    if (kinds[i]?.machine) {
      // The whole machine: nothing tells anyone, its processes just vanish.
      for (const p of processesOn(i)) stopProcess(p, false);
      stopProcess(i, false);
      cpus.reboot(i);
      if (deploy?.host === i) deploy.abort(`${label} went down`);
    } else {
      const notify = machineUp(i);
      if (notify) connEpoch[i] = (connEpoch[i] ?? 0) + 1;
      stopProcess(i, notify);
    }
    startIncident(spec.id, "down", `${label} down`);
  }

  function start(i: number): void {
    // A booting machine has no connections: its processes' old ones are gone.
    for (const p of [i, ...(kinds[i]?.machine ? processesOn(i) : [])])
      connEpoch[p] = (connEpoch[p] ?? 0) + 1;
    killed[i] = false;
    restarting[i] = false;
    epoch[i] = (epoch[i] ?? 0) + 1;
    states[i] = initialState(i);
    endIncident(idOf(i), "down");
  }

  const refused = (message: string): CommandResult => ({ ok: false, message });
  const done = (message: string): CommandResult => ({ ok: true, message });

  const runner = {
    get now() {
      return now();
    },
    specs,
    processesOn,
    isUp,
    stop: (i: number) => stop(i, `${labelOf(i)}`, true),
    start,
    setVersion: (i: number, v: string) => {
      versions[i] = v;
    },
    deployRole: (i: number) => kinds[i]?.deploy?.role,
    reload: (i: number, ready: () => void) => {
      const spec = specs[i];
      const state = states[i];
      const deploy = kinds[i]?.deploy;
      if (spec && state && deploy?.role === "code")
        deploy.reload(kernel, i, spec, state.state, ready);
      else ready();
    },
    versionOf: (i: number) => versions[i] ?? "",
    schedule: loop.schedule,
    note: (i: number, summary: string) => commandNote(i, "deploy.step", summary),
    startIncident,
    endIncident,
  };

  const sim: Simulation = {
    seed: options.seed,
    topology,
    get now() {
      return now();
    },
    packets,
    trace,
    get traceTotal() {
      return records.traceTotal;
    },
    get traceDropped() {
      return records.traceDropped;
    },
    entry: (seq) => records.entry(seq),
    requests,
    get requestsDropped() {
      return records.requestsDropped;
    },
    visits,
    visitCounts: () => ({
      started: records.counts.started,
      inFlight: records.counts.inFlight,
      finished: { ...records.counts.finished },
    }),
    incidents,
    visit: visitsPart.visit,
    tryVisit: visitsPart.tryVisit,
    kill(id) {
      const i = typeof id === "string" ? indexFor(id) : undefined;
      if (i === undefined) return refused(`There is no component ${shown(id)}.`);
      const spec = specs[i] as ComponentSpec;
      const unkillable = kinds[i]?.unkillable;
      if (unkillable !== undefined) return refused(unkillable);
      if (restarting[i])
        return refused(`${spec.label} is being restarted by the deploy: wait for it to finish.`);
      if (killed[i]) return refused(`${spec.label} is already down.`);
      if (!machineUp(i)) return refused(`${spec.label} is already down: its machine is off.`);
      if (deploy?.running && deploy.host !== i && topology.machineOf(i) === deploy.host) {
        return refused(
          `A deploy is running on ${labelOf(deploy.host)}: wait for it to finish, or kill the whole server.`,
        );
      }
      stop(i, spec.label, false);
      commandNote(i, "fault.kill", `${spec.label} was killed`);
      return done(`${spec.label} is down.`);
    },
    revive(id) {
      const i = typeof id === "string" ? indexFor(id) : undefined;
      if (i === undefined) return refused(`There is no component ${shown(id)}.`);
      const spec = specs[i] as ComponentSpec;
      if (!killed[i]) {
        return refused(
          machineUp(i)
            ? `${spec.label} is already running.`
            : `Start ${labelOf(topology.machineOf(i))} first: ${spec.label} runs on it.`,
        );
      }
      if (restarting[i])
        return refused(
          `${spec.label} is being restarted by the deploy: it will come back by itself.`,
        );
      if (topology.machineOf(i) !== i && !machineUp(i)) {
        return refused(`Start ${labelOf(topology.machineOf(i))} first: ${spec.label} runs on it.`);
      }
      start(i);
      commandNote(i, "fault.revive", `${spec.label} was started again`);
      return done(`${spec.label} is running again.`);
    },
    setSlow(id, on) {
      const i = typeof id === "string" ? indexFor(id) : undefined;
      if (i === undefined) return refused(`There is no component ${shown(id)}.`);
      if (typeof on !== "boolean") return refused(`Slow must be true or false, not ${shown(on)}.`);
      const spec = specs[i] as ComponentSpec;
      if (!kinds[i]?.slow) return refused(`Only ${SLOW_KINDS_NAMED} can be made slow.`);
      if (slow[i] === on)
        return refused(`${spec.label} is already ${on ? "slow" : "at normal speed"}.`);
      slow[i] = on;
      if (on) startIncident(spec.id, "slow", `${spec.label} slow`);
      else endIncident(spec.id, "slow");
      commandNote(
        i,
        "fault.slow",
        on
          ? `${spec.label} is now very slow (every request hangs)`
          : `${spec.label} is back to normal speed`,
      );
      return done(on ? `${spec.label} is slow.` : `${spec.label} is back to normal speed.`);
    },
    deploy(hostId, deployOptions) {
      if (
        deployOptions !== undefined &&
        (typeof deployOptions !== "object" || deployOptions === null)
      )
        return refused(`The options of a deploy must be an object, not ${shown(deployOptions)}.`);
      const mode = own(deployOptions, "mode") ?? "restart";
      if (mode !== "restart" && mode !== "reload")
        return refused(`${shown(mode)} is not a way to deploy: use restart or reload.`);
      if (hostId !== undefined && typeof hostId !== "string")
        return refused(`There is no server ${shown(hostId)}.`);
      const host =
        hostId === undefined ? kinds.findIndex((d) => d.machine !== undefined) : indexFor(hostId);
      if (host === undefined || host < 0 || !kinds[host]?.machine)
        return refused("There is no server to deploy to.");
      if (deploy?.running) return refused(`A deploy (${deploy.state.version}) is already running.`);
      const down = [host, ...processesOn(host)].filter((i) => !isUp(i));
      if (down.length > 0) {
        return refused(
          `Deploying needs everything on ${labelOf(host)} running: revive ${down.map(labelOf).join(", ")} first.`,
        );
      }
      deploy = startDeploy(runner, host, options.topology.deploy, mode);
      return done(
        `Deploying ${deploy.state.version} to ${labelOf(host)}${mode === "reload" ? " with a graceful reload" : ""}.`,
      );
    },
    setRepeatVisits: traffic.setRepeatVisits,
    repeatVisitsMs: traffic.repeatVisitsMs,
    requestById: (id) => requestById.get(id),
    received: network.received,
    completions: visitsPart.completions,
    setTraffic: traffic.setTraffic,
    trafficRps: traffic.trafficRps,
    configure(id, setting, value) {
      const i = typeof id === "string" ? indexFor(id) : undefined;
      if (i === undefined) return refused(`There is no component ${shown(id)}.`);
      const spec = specs[i] as ComponentSpec;
      const known = settingOf(spec.kind, setting);
      if (!known)
        return refused(`${spec.label} has no setting ${shown(setting)} that can be changed here.`);
      const [min, max] = known.range;
      if (!inRange(value, min, max)) {
        return refused(
          `${setting} of ${spec.label} must be between ${min} and ${max}, not ${shown(value)}.`,
        );
      }
      const v = known.integer ? Math.round(value) : value;
      const next = { ...spec, [setting]: v } as ComponentSpec;
      (specs as ComponentSpec[])[i] = next;
      const kind = kinds[i] as KindDefinition;
      behaviours[i] = kind.behaviour?.(next);
      cpus.configured(i);
      commandNote(i, "config.change", `${spec.label}: ${setting} set to ${v}`);
      return done(`${spec.label}: ${setting} is now ${v}.`);
    },
    cpu: (id) => cpus.view(topology.indexOf(id)),
    surge: traffic.surge,
    trafficSample: traffic.trafficSample,
    trafficState: traffic.trafficState,
    get eventsProcessed() {
      return loop.eventsProcessed;
    },
    deployState: () => (deploy ? { ...deploy.state } : undefined),
    health(id) {
      const i = topology.indexOf(id);
      return {
        up: isUp(i),
        killed: killed[i] === true,
        slow: slow[i] === true,
        restarting: restarting[i] === true,
      };
    },
    codeVersion: (id) => versions[topology.indexOf(id)] ?? "",
    nextEventTime: loop.nextTime,
    advanceTo: loop.advanceTo,
    step: loop.step,
    runUntilIdle(limitMs = Number.POSITIVE_INFINITY) {
      if (traffic.neverIdle() && limitMs === Number.POSITIVE_INFINITY) {
        throw new RangeError(
          "ENGINE_NEVER_IDLE: traffic or repeated visits are on; give runUntilIdle a limit",
        );
      }
      loop.runFor(limitMs);
    },
    stats: visitsPart.stats,
    componentState(id) {
      const state = states[topology.indexOf(id)];
      if (!state) throw new TopologyError("TOPOLOGY_UNKNOWN_ID", id);
      return state;
    },
  };
  return sim;
}

export type DeployHost = {
  readonly now: number;
  readonly specs: readonly ComponentSpec[];
  processesOn(machine: number): number[];
  isUp(i: number): boolean;
  stop(i: number): void;
  start(i: number): void;
  setVersion(i: number, version: string): void;
  /** Its part in a deploy (see KindDefinition.deploy). */
  deployRole(i: number): "code" | "web" | undefined;
  /** Reloads a process gracefully; `ready` runs when it serves again (see reloadAppServer). */
  reload(i: number, ready: () => void): void;
  versionOf(i: number): string;
  schedule(delayMs: number, fn: () => void): void;
  note(i: number, summary: string): void;
  startIncident(id: string, kind: Incident["kind"], label: string): void;
  endIncident(id: string, kind: Incident["kind"]): void;
};
