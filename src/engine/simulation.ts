import { type AppServerState, appServerBehaviour, createAppServerState } from "./appServer";
import { type BrowserState, browserBehaviour, browserFetch, createBrowserState } from "./browser";
import { createDatabaseState, type DatabaseState, databaseBehaviour } from "./database";
import type { Behaviour, HopInfo, Kernel } from "./kernel";
import type { Message } from "./messages";
import { nameServerBehaviour } from "./nameServer";
import { createNginxState, type NginxState, nginxBehaviour } from "./nginx";
import { PacketTable } from "./packets";
import { EventQueue } from "./queue";
import { createRng } from "./random";
import { createResolverState, type ResolverState, resolverBehaviour } from "./resolver";
import { type CompiledTopology, compileTopology, TopologyError } from "./topology";
import {
  type BrowserSpec,
  type ComponentSpec,
  OUTCOMES,
  type Outcome,
  type RequestRecord,
  type Stats,
  type Topology,
  type TraceEntry,
  type VisitRecord,
} from "./types";

export interface SimulationOptions {
  topology: Topology;
  /** Any integer; the same seed and the same commands give the same trace. */
  seed: number;
}

/** Runtime state of every component, by kind. */
export type ComponentState =
  | { kind: "browser"; state: BrowserState }
  | { kind: "resolver"; state: ResolverState }
  | { kind: "nginx"; state: NginxState }
  | { kind: "app"; state: AppServerState }
  | { kind: "mysql"; state: DatabaseState }
  | { kind: "nameserver" | "host"; state: null };

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
  /** Every hop and note so far, in order. */
  readonly trace: readonly TraceEntry[];
  readonly requests: readonly RequestRecord[];
  readonly visits: readonly VisitRecord[];
  /** Starts a visit of `http://<host><path>` from a browser (the first one by default). */
  visit(host: string, options?: { path?: string; browser?: string }): VisitRecord;
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

type Event = () => void;

export function createSimulation(options: SimulationOptions): Simulation {
  const topology = compileTopology(options.topology);
  const rng = createRng(options.seed);
  const queue = new EventQueue<Event>();
  const visitBrowser = new Map<number, string>();
  const packets = new PacketTable();
  const trace: TraceEntry[] = [];
  const requests: RequestRecord[] = [];
  const visits: VisitRecord[] = [];
  /** Requests of each visit not ended yet, including announced follow-ups not started yet. */
  const awaiting = new Map<number, number>();
  /** Follow-ups announced by a finished page and not started yet, per visit. */
  const announced = new Map<number, number>();
  const finished = Object.fromEntries(OUTCOMES.map((o) => [o, 0])) as Record<Outcome, number>;
  let now = 0;
  let requestsInFlight = 0;
  let visitsInFlight = 0;

  const states: ComponentState[] = topology.specs.map(initialState);
  const behaviours = topology.specs.map(
    (spec) => behaviourOf(spec) as Behaviour<unknown> | undefined,
  );

  const kernel: Kernel = {
    get now() {
      return now;
    },
    rng,
    topology,
    send(from, to, msg, hop) {
      const route = topology.route(from, to);
      if (route === undefined) {
        throw new TopologyError(
          "TOPOLOGY_NO_ROUTE",
          `no link path from ${topology.specs[from]?.id} to ${topology.specs[to]?.id}`,
        );
      }
      let latency = 0;
      for (const l of route) {
        const link = topology.links[l];
        if (link) latency += link.latencyMs * (1 + link.jitter * rng.next());
      }
      const arrive = now + latency;
      const seq = recordHop(from, to, arrive, hop);
      const handle = packets.add(from, to, now, arrive, hop.kind, seq);
      queue.push(arrive, () => {
        packets.remove(handle);
        deliver(from, to, msg);
      });
    },
    after(delayMs, fn) {
      queue.push(now + Math.max(0, delayMs), fn);
    },
    note(component, step, summary, request) {
      trace.push({
        type: "note",
        seq: trace.length,
        step,
        component: idOf(component),
        summary,
        at: now,
        requestId: request.id,
        visitId: request.visitId,
      });
    },
    vary(ms, spread = 0.2) {
      return ms * (1 - spread + 2 * spread * rng.next());
    },
    startRequest(visitId, host, path, role) {
      const request: RequestRecord = {
        id: requests.length + 1,
        visitId,
        url: `http://${host}${path}`,
        host,
        path,
        role,
        startedAt: now,
      };
      requests.push(request);
      requestsInFlight++;
      const reserved = announced.get(visitId) ?? 0;
      if (reserved > 0) announced.set(visitId, reserved - 1);
      else awaiting.set(visitId, (awaiting.get(visitId) ?? 0) + 1);
      visits[visitId - 1]?.requestIds.push(request.id);
      return request;
    },
    finishRequest(request, outcome, detail) {
      if (request.outcome !== undefined) {
        throw new Error(
          `ENGINE_DOUBLE_END: request ${request.id} already ended as ${request.outcome}`,
        );
      }
      request.outcome = outcome;
      request.endedAt = now;
      request.servedBy = idOf(detail.servedBy);
      if (detail.status !== undefined) request.status = detail.status;
      if (detail.version !== undefined) request.version = detail.version;
      finished[outcome]++;
      requestsInFlight--;
      const visit = visits[request.visitId - 1];
      if (!visit) return;
      if (request.role === "document") visit.outcome = outcome;
      const followUps = detail.followUps ?? 0;
      if (followUps > 0) announced.set(visit.id, (announced.get(visit.id) ?? 0) + followUps);
      const left = (awaiting.get(visit.id) ?? 1) - 1 + followUps;
      awaiting.set(visit.id, left);
      if (left === 0) {
        awaiting.delete(visit.id);
        announced.delete(visit.id);
        visit.endedAt = now;
        visitsInFlight--;
        const took = (now - visit.startedAt).toFixed(1);
        kernel.note(
          topology.indexOf(visitBrowser.get(visit.id) ?? ""),
          "visit.end",
          visit.outcome === "ok" ? `page loaded in ${took} ms` : `visit failed: ${visit.outcome}`,
          request,
        );
      }
    },
  };

  function idOf(index: number): string {
    return topology.specs[index]?.id ?? `#${index}`;
  }

  function recordHop(from: number, to: number, arrive: number, hop: HopInfo): number {
    const seq = trace.length;
    trace.push({
      type: "hop",
      seq,
      step: hop.step,
      kind: hop.kind,
      from: idOf(from),
      to: idOf(to),
      summary: hop.summary,
      depart: now,
      arrive,
      requestId: hop.request.id,
      visitId: hop.request.visitId,
    });
    return seq;
  }

  function deliver(from: number, to: number, msg: Message): void {
    const behaviour = behaviours[to];
    const state = states[to];
    if (behaviour && state) behaviour(kernel, to, state.state, from, msg);
  }

  function runNext(): void {
    const time = queue.peekTime();
    now = time;
    queue.pop()();
  }

  const sim: Simulation = {
    seed: options.seed,
    topology,
    get now() {
      return now;
    },
    packets,
    trace,
    requests,
    visits,
    visit(host, visitOptions = {}) {
      const browserIndex =
        visitOptions.browser !== undefined
          ? topology.indexOf(visitOptions.browser)
          : topology.specs.findIndex((s) => s.kind === "browser");
      const spec = topology.specs[browserIndex];
      const state = states[browserIndex];
      if (spec?.kind !== "browser" || state?.kind !== "browser") {
        throw new TopologyError("TOPOLOGY_NO_BROWSER", "a visit needs a browser component");
      }
      const path = visitOptions.path ?? "/";
      const visit: VisitRecord = {
        id: visits.length + 1,
        url: `http://${host}${path}`,
        startedAt: now,
        requestIds: [],
      };
      visits.push(visit);
      visitsInFlight++;
      visitBrowser.set(visit.id, spec.id);
      const request = kernel.startRequest(visit.id, host, path, "document");
      browserFetch(kernel, browserIndex, spec as BrowserSpec, state.state, request);
      return visit;
    },
    nextEventTime: () => queue.peekTime(),
    advanceTo(time) {
      if (!(time >= now)) throw new RangeError(`ENGINE_TIME_BACKWARDS: ${time} < ${now}`);
      while (queue.size > 0 && queue.peekTime() <= time) runNext();
      now = time;
    },
    step() {
      if (queue.size === 0) return undefined;
      const time = queue.peekTime();
      while (queue.size > 0 && queue.peekTime() === time) runNext();
      return time;
    },
    runUntilIdle(limitMs = Number.POSITIVE_INFINITY) {
      const end = now + limitMs;
      while (queue.size > 0 && queue.peekTime() <= end) runNext();
    },
    stats: () => ({
      requestsSent: requests.length,
      requestsInFlight,
      finished: { ...finished },
      visitsSent: visits.length,
      visitsInFlight,
    }),
    componentState(id) {
      const state = states[topology.indexOf(id)];
      if (!state) throw new TopologyError("TOPOLOGY_UNKNOWN_ID", id);
      return state;
    },
  };
  return sim;
}

function initialState(spec: ComponentSpec): ComponentState {
  switch (spec.kind) {
    case "browser":
      return { kind: "browser", state: createBrowserState() };
    case "resolver":
      return { kind: "resolver", state: createResolverState() };
    case "nginx":
      return { kind: "nginx", state: createNginxState() };
    case "app":
      return { kind: "app", state: createAppServerState() };
    case "mysql":
      return { kind: "mysql", state: createDatabaseState() };
    default:
      return { kind: spec.kind, state: null };
  }
}

function behaviourOf(spec: ComponentSpec): Behaviour<never> | undefined {
  switch (spec.kind) {
    case "browser":
      return browserBehaviour(spec);
    case "resolver":
      return resolverBehaviour(spec);
    case "nameserver":
      return nameServerBehaviour(spec);
    case "nginx":
      return nginxBehaviour(spec);
    case "app":
      return appServerBehaviour(spec);
    case "mysql":
      return databaseBehaviour(spec);
    default:
      return undefined;
  }
}
