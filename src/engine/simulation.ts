import { CompletionLog } from "./completions";
import { createContext } from "./context";
import { createCpus } from "./cpu";
import { type DeployRunner, startDeploy } from "./deploy";
import { Callback, Delivery, type SimEvent, SPARES_KEEP } from "./events";
import { IdTable } from "./idTable";
import type { HopInfo, Kernel } from "./kernel";
import { type ComponentState, type KindDefinition, SLOW_KINDS_NAMED, settingOf } from "./kinds";
import { createLoop } from "./loop";
import type { Message } from "./messages";
import type { PacketTable } from "./packets";
import type { VisitCounts } from "./records";
import { type CompiledTopology, TopologyError } from "./topology";
import { createTrace, summaryOf } from "./trace";
import {
  type CommandResult,
  type ComponentSpec,
  type DeployMode,
  type DeployState,
  type Health,
  HopKind,
  type Incident,
  OUTCOME_TEXT,
  OUTCOMES,
  type Outcome,
  type RequestRecord,
  type Stats,
  type Topology,
  type TraceEntry,
  type TrafficSample,
  type VisitRecord,
} from "./types";
import { authorityOf, inRange, isHostName, isUrlPath, own, shown } from "./validate";

/**
 * What a live machine's kernel answers for a process that is not running: a
 * reset for a browser's SYN or its request on an open connection, a refused
 * connection for a proxy or a database client. Undefined: nothing (answers).
 */
function refusalOf(
  msg: Message,
  where: string,
): { answer: Message; request: RequestRecord; summary: string } | undefined {
  switch (msg.type) {
    case "tcp.syn":
      return {
        answer: { type: "tcp.rst", conn: msg.conn, request: msg.request, why: "refused" },
        request: msg.request,
        summary: `RST: nothing listens on ${where}`,
      };
    case "http.request": {
      const { exchange } = msg;
      return exchange.conn
        ? {
            answer: {
              type: "tcp.rst",
              conn: exchange.conn,
              request: exchange.request,
              why: "reset",
            },
            request: exchange.request,
            summary: `RST: nothing listens on ${where}`,
          }
        : {
            answer: { type: "upstream.error", exchange, why: "refused" },
            request: exchange.request,
            summary: `RST: connection refused on ${where}`,
          };
    }
    case "upstream.syn":
      return {
        answer: { type: "upstream.error", exchange: msg.exchange, why: "refused" },
        request: msg.exchange.request,
        summary: `RST: nothing listens on ${where}`,
      };
    case "upstream.synack":
      // The connecting process is gone: its kernel resets the half-open connection.
      return {
        answer: { type: "upstream.reset", exchange: msg.exchange },
        request: msg.exchange.request,
        summary: "RST (connection already closed)",
      };
    case "tcp.keepalive":
      return {
        answer: { type: "tcp.rst", conn: msg.conn, request: msg.request, why: "reset" },
        request: msg.request,
        summary: `RST: nothing listens on ${where}`,
      };
    case "sql.query":
      return {
        answer: { type: "sql.error", exchange: msg.exchange, why: "refused" },
        request: msg.exchange.request,
        summary: `RST: connection refused on ${where}`,
      };
    default:
      return undefined;
  }
}

/** `http://host/path` strings, built once per host and path: every generated visit asks for the same few. */
const urls = new Map<string, Map<string, string>>();
function urlOf(host: string, path: string): string {
  let byPath = urls.get(host);
  if (!byPath) {
    byPath = new Map();
    if (urls.size < 1024) urls.set(host, byPath);
  }
  let url = byPath.get(path);
  if (url === undefined) {
    url = `http://${host}${path}`;
    if (byPath.size < 1024) byPath.set(path, url);
  }
  return url;
}

/** The request ids of every untraced visit: never written to. */
const NO_REQUEST_IDS: number[] = Object.freeze([]) as unknown as number[];

/** The most visits per second the traffic generator accepts. */
export const MAX_RPS = 100_000;

/** A visit in flight, with the engine's own bookkeeping. */
interface LiveVisit {
  readonly id: number;
  readonly user: number;
  readonly traced: boolean;
  readonly startedAt: number;
  /** The page's outcome, once its document request has ended. */
  outcome: Outcome | undefined;
  /** The record `Simulation.visit` returned; the traffic's visits have none (nothing would read it). */
  readonly record: VisitRecord | undefined;
  /** Requests not ended yet, including announced follow-ups not started yet. */
  awaiting: number;
  /** Follow-ups announced by a finished page and not started yet. */
  announced: number;
  /** Component index of its browser. */
  browser: number;
  /** A generated user's own browser state, while the visit lasts. */
  browserState: unknown;
}

interface Traffic {
  baseRps: number;
  host: string;
  event?: SimEvent;
  surge?: { from: number; factor: number; holdMs: number; easeMs: number };
}

/** The traffic's rate at `t`: the base rate, times the surge's factor while it holds, easing back linearly. */
function trafficRate(t: Traffic, at: number): number {
  const s = t.surge;
  if (!s || at < s.from) return t.baseRps;
  const into = at - s.from;
  if (into <= s.holdMs) return t.baseRps * s.factor;
  if (into >= s.holdMs + s.easeMs) return t.baseRps; // also when easeMs is 0
  return t.baseRps * (s.factor - ((s.factor - 1) * (into - s.holdMs)) / s.easeMs);
}

/** The longest a surge may hold or ease back, and the longest gap between repeated visits (ms). */
const MAX_COMMAND_MS = 3_600_000;

export interface VisitOptions {
  /** The URL path, `/` by default. */
  path?: string;
  /** The id of the browser that visits (the first one by default). */
  browser?: string;
  /** A visit by a new, anonymous user (traffic): its own browser, not traced. */
  generated?: boolean;
}

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
  const { topology, specs, rng, queue, clock, packets, records, kinds, states, behaviours } = ctx;
  const { clients, killed, slow, epoch, connEpoch, restarting, versions } = ctx;
  const { isUp, machineUp, idOf, labelOf, indexFor, processesOn, initialState } = ctx;
  const { trace, requests, visits, incidents } = records;
  const traceWriter = createTrace(ctx);
  const { note, startIncident, endIncident, commandNote } = traceWriter;
  const loop = createLoop(ctx);
  const cpus = createCpus(ctx, loop);
  const finished = Object.fromEntries(OUTCOMES.map((o) => [o, 0])) as Record<Outcome, number>;
  const now = (): number => clock[0] as number;
  let requestsInFlight = 0;
  let visitsInFlight = 0;
  let requestsSent = 0;
  let visitsSent = 0;
  /** Visits in flight, traced or not, by id. */
  const live = new IdTable<LiveVisit>();
  /** Traced requests by id (generated traffic is not kept), while their visit is kept. */
  const requestById = records.requestById;
  /** Browser state of each generated user while their visit lasts; user 0 is the component's own. */
  let nextUser = 1;
  const completions = new CompletionLog();
  /** Requests (HTTP, SQL, DNS queries) that reached each component since the start, for rates. */
  const received = new Float64Array(specs.length);
  let traffic: Traffic | undefined;
  /** Generated visits not ended yet, and what the traffic did since the last sample. */
  let generatedInFlight = 0;
  let sampleArrived = 0;
  let sampleLoaded = 0;
  let sampleFailures: Partial<Record<Outcome, number>> = {};
  let lastSample: TrafficSample | undefined;
  let sampler: SimEvent | undefined;

  let deploy: DeployRunner | undefined;
  let repeat: { intervalMs: number; host: string; event: SimEvent } | undefined;

  /** The next arrival of a Poisson process: exponential gaps with mean 1/rps. */
  function scheduleArrival(t: Traffic): void {
    // One event per traffic, rescheduled after each arrival rather than allocated anew.
    const event =
      t.event ??
      new Callback(() => {
        startVisit(t.host, "/", trafficSource, true, false);
        scheduleArrival(t);
      });
    t.event = event;
    // Memoryless: the gap is drawn at the current rate (a surge reschedules at once).
    const rate = trafficRate(t, now());
    queue.push(now() + (-Math.log(1 - rng.next()) * 1000) / rate, event);
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
    sampler ??= new Callback(takeSample);
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
    note(
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

  function scheduleRepeat(intervalMs: number, host: string): void {
    const event = new Callback(() => {
      sim.visit(host);
      scheduleRepeat(intervalMs, host);
    });
    repeat = { intervalMs, host, event };
    queue.push(now() + intervalMs, event);
  }

  /** Each route's links as (latency, jitter) pairs, by `from * specs.length + to`: `send` reads numbers, not link objects. */
  const hopTerms: (Float64Array | undefined)[] = new Array(specs.length * specs.length).fill(
    undefined,
  );
  function routeTerms(from: number, to: number): Float64Array {
    const route = topology.route(from, to);
    if (route === undefined) {
      throw new TopologyError(
        "TOPOLOGY_NO_ROUTE",
        `no link path from ${specs[from]?.id} to ${specs[to]?.id}`,
      );
    }
    const links = route.flatMap((l) => topology.links[l] ?? []);
    const terms = new Float64Array(links.length * 2);
    links.forEach((link, i) => {
      terms[2 * i] = link.latencyMs;
      terms[2 * i + 1] = link.jitter;
    });
    hopTerms[from * specs.length + to] = terms;
    return terms;
  }

  const kernel: Kernel = {
    get now() {
      return now();
    },
    rng,
    topology,
    send(from, to, msg, step, kind, request, summary) {
      const terms = hopTerms[from * specs.length + to] ?? routeTerms(from, to);
      // Per hop, in route order: the same draws and the same arithmetic as walking the links.
      let latency = 0;
      for (let i = 0; i < terms.length; i += 2)
        latency += (terms[i] as number) * (1 + (terms[i + 1] as number) * rng.next());
      const arrive = now() + latency;
      // The packet in flight is also the hop's record: no separate HopInfo object.
      const d =
        spareDeliveries.pop() ?? new Delivery(network, from, to, msg, step, kind, request, summary);
      d.from = from;
      d.to = to;
      d.msg = msg;
      d.step = step;
      d.kind = kind;
      d.request = request;
      d.summary = summary;
      const seq = request.traced ? traceWriter.hop(from, to, arrive, d) : -1;
      d.handle = packets.add(from, to, now(), arrive, kind, seq);
      queue.push(arrive, d);
    },
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
    startRequest(visitId, host, path, role) {
      const lv = live.get(visitId);
      const request: RequestRecord = {
        id: ++requestsSent,
        visitId,
        user: lv?.user ?? 0,
        traced: lv?.traced ?? true,
        url: urlOf(host, path),
        host,
        path,
        role,
        startedAt: now(),
        // Set when it ends (see VisitRecord above).
        outcome: undefined,
        endedAt: undefined,
        servedBy: undefined,
        origin: undefined,
        status: undefined,
        version: undefined,
        reason: undefined,
      };
      if (request.traced) {
        records.addRequest(request);
        lv?.record?.requestIds.push(request.id);
      }
      requestsInFlight++;
      if (lv) {
        if (lv.announced > 0) lv.announced--;
        else lv.awaiting++;
      }
      return request;
    },
    finishRequest(request, outcome, servedBy, reason, status, version, followUps = 0) {
      if (request.outcome !== undefined) {
        throw new Error(
          `ENGINE_DOUBLE_END: request ${request.id} already ended as ${request.outcome}`,
        );
      }
      request.outcome = outcome;
      request.endedAt = now();
      request.servedBy = idOf(servedBy);
      if (status !== undefined) request.status = status;
      if (version !== undefined) request.version = version;
      if (reason !== undefined) request.reason = reason;
      finished[outcome]++;
      requestsInFlight--;
      const lv = live.get(request.visitId);
      if (!lv) return;
      const visit = lv.record;
      if (request.role === "document") {
        lv.outcome = outcome;
        if (visit) {
          visit.outcome = outcome;
          if (request.status !== undefined) visit.status = request.status;
          if (request.version !== undefined) visit.version = request.version;
          if (request.reason !== undefined) visit.reason = request.reason;
        }
      }
      lv.announced += followUps;
      lv.awaiting += followUps - 1;
      if (lv.awaiting === 0) {
        if (visit) visit.endedAt = now();
        visitsInFlight--;
        live.delete(lv.id);
        if (lv.user !== 0) {
          generatedInFlight--;
          const ended = lv.outcome ?? outcome;
          if (ended === "ok") sampleLoaded++;
          else sampleFailures[ended] = (sampleFailures[ended] ?? 0) + 1;
        }
        completions.record(now(), now() - lv.startedAt, lv.outcome ?? outcome);
        if (lv.traced) {
          records.visitEnded(lv.outcome ?? outcome);
          const took = (now() - lv.startedAt).toFixed(1);
          note(
            lv.browser,
            "visit.end",
            lv.outcome === "ok"
              ? `page loaded in ${took} ms`
              : `visit failed: ${OUTCOME_TEXT[lv.outcome ?? outcome]}`,
            request.id,
            request.visitId,
          );
        }
      }
    },
  };
  ctx.kernel = kernel;

  /** The first browser of the topology that is one user's: where visits start unless told otherwise. */
  const isCrowd = (s: ComponentSpec) => "crowd" in s && s.crowd === true;
  const ownBrowser = specs.findIndex((s, i) => clients[i] === 1 && !isCrowd(s));
  const firstBrowser = ownBrowser >= 0 ? ownBrowser : clients.indexOf(1);
  /** Where the traffic's users come from: the crowd of other users, or else the first browser. */
  const crowd = specs.findIndex((s, i) => clients[i] === 1 && isCrowd(s));
  const trafficSource = crowd >= 0 ? crowd : firstBrowser;

  /**
   * Starts a visit from browser `browserIndex`. A generated visit is a new user's, with a
   * browser of its own, and untraced. `withRecord`: whether to return a record of it (the
   * traffic generator needs none: the visit is counted, and its own bookkeeping says the rest).
   */
  function startVisit(
    host: string,
    path: string,
    browserIndex: number,
    generated: boolean,
    withRecord: boolean,
  ): VisitRecord | undefined {
    const spec = specs[browserIndex];
    const state = states[browserIndex];
    const client = kinds[browserIndex]?.client;
    if (!spec || !state || !client) {
      throw new TopologyError("TOPOLOGY_NO_BROWSER", "a visit needs a browser component");
    }
    const id = ++visitsSent;
    const user = generated ? nextUser++ : 0;
    const traced = !generated;
    const startedAt = now();
    const visit: VisitRecord | undefined = withRecord
      ? {
          id,
          user,
          traced,
          url: urlOf(host, path),
          startedAt,
          // Only traced visits list their requests: the others share one empty list.
          requestIds: generated ? NO_REQUEST_IDS : [],
          // Set when it ends; declared now (in the order they are set, which JSON keeps) so that
          // setting them does not change the object's shape or allocate room for more properties.
          outcome: undefined,
          status: undefined,
          version: undefined,
          reason: undefined,
          endedAt: undefined,
        }
      : undefined;
    if (visit && traced) records.addVisit(visit);
    const browserState = generated
      ? (kinds[browserIndex] as KindDefinition).initialState(spec)
      : state.state;
    live.set({
      id,
      user,
      traced,
      startedAt,
      outcome: undefined,
      record: visit,
      awaiting: 0,
      announced: 0,
      browser: browserIndex,
      browserState: generated ? browserState : undefined,
    });
    visitsInFlight++;
    if (generated) {
      generatedInFlight++;
      sampleArrived++;
      scheduleSample();
    }
    const request = kernel.startRequest(id, host, path, "document");
    client.fetch(kernel, browserIndex, spec, browserState, request);
    return visit;
  }

  const network = { arrived };

  /** A packet's arrival: it leaves the table and its message is handed over. */
  /** Deliveries that have arrived, for reuse: the most common object is not allocated per hop. */
  const spareDeliveries: Delivery[] = [];

  function arrived(d: Delivery): void {
    packets.remove(d.handle);
    const type = d.msg.type;
    if (type === "http.request" || type === "sql.query" || type === "dns.query") {
      received[d.to] = (received[d.to] as number) + 1;
    }
    deliver(d.from, d.to, d.msg, d);
    // Nothing keeps a delivery once it has arrived: reuse it for a later hop (last in, first out,
    // so the message it still points to is let go of soon).
    if (spareDeliveries.length < SPARES_KEEP) spareDeliveries.push(d);
  }

  /** Hands a message over, unless a failure stops it on the way in. */
  function deliver(from: number, to: number, msg: Message, hop: HopInfo): void {
    if (!machineUp(to)) {
      const machine = topology.machineOf(to);
      if (hop.request.traced)
        note(
          to,
          "packet.lost",
          `${summaryOf(hop)}: lost, ${labelOf(machine)} is down`,
          hop.request.id,
          hop.request.visitId,
        );
      // A lost request is never acknowledged: the sender's TCP will send it again.
      if (msg.type === "http.request" && msg.exchange.conn) segmentLost(from, msg, hop.request);
      return;
    }
    const behaviour = behaviours[to];
    const state = states[to];
    // A SYN for a port nothing listens on from outside (8.8.8.8:8080): the kernel resets it.
    const unheard = msg.type === "tcp.syn" && topology.publicPort(to) !== msg.conn.port;
    if (killed[to] || !behaviour || !state || unheard) {
      refuse(from, to, msg);
      return;
    }
    if (msg.type === "tcp.keepalive" || (msg.type === "http.request" && msg.exchange.conn)) {
      if (answeredByKernel(from, to, msg)) return;
    }
    if (clients[to] === 1 && hop.request.user !== 0) {
      // Generated users each have their own browser; one whose visit has ended hears nothing more.
      const user = browserStateOf(hop.request);
      if (user) behaviour(kernel, to, user, from, msg);
      return;
    }
    behaviour(kernel, to, state.state, from, msg);
  }

  /** The browser state a request belongs to: a generated user's own, or the component's. */
  function browserStateOf(request: RequestRecord): unknown {
    if (request.user !== 0) return live.get(request.visitId)?.browserState;
    return clients[firstBrowser] === 1 ? states[firstBrowser]?.state : undefined;
  }

  /** A browser's request was lost on the way: its TCP retransmits it (see browserSegmentLost). */
  function segmentLost(from: number, msg: Message, request: RequestRecord): void {
    const spec = specs[from];
    const client = kinds[from]?.client;
    if (!spec || !client || !isUp(from)) return;
    const state = request.user !== 0 ? browserStateOf(request) : states[from]?.state;
    if (state) client.segmentLost(kernel, from, spec, state, msg);
  }

  /**
   * What the receiving host's TCP answers by itself, before any process sees the segment:
   * a keep-alive probe gets an ACK, and a segment of a connection the host does not know
   * (it was opened before the process or the machine restarted) gets a reset.
   */
  function answeredByKernel(
    from: number,
    to: number,
    msg: Extract<Message, { type: "tcp.keepalive" | "http.request" }>,
  ): boolean {
    const conn = msg.type === "tcp.keepalive" ? msg.conn : msg.exchange.conn;
    const request = msg.type === "tcp.keepalive" ? msg.request : msg.exchange.request;
    if (!conn || conn.serverEpoch === undefined) return false;
    if (conn.serverEpoch !== connEpoch[to]) {
      const machine = topology.machineOf(to);
      const reason = `${labelOf(machine)} no longer knows this connection (${machine === to ? "it" : labelOf(to)} restarted since it was opened), so its kernel answered with a reset.`;
      kernel.send(
        to,
        from,
        { type: "tcp.rst", conn, request, why: "reset", reason },
        "tcp.rst",
        HopKind.Error,
        request,
        "RST: no such connection",
      );
      return true;
    }
    if (msg.type !== "tcp.keepalive") return false;
    kernel.send(
      to,
      from,
      { type: "tcp.ack", conn, request },
      "tcp.ack",
      HopKind.Tcp,
      request,
      "ACK",
    );
    return true;
  }

  /** The machine is up but the process is not: its kernel refuses new connections and resets old ones. */
  function refuse(from: number, to: number, msg: Message): void {
    const port =
      msg.type === "tcp.syn" ? msg.conn.port : (specs[to] as { port?: number } | undefined)?.port;
    const refusal = refusalOf(msg, port === undefined ? labelOf(to) : `port ${port}`);
    if (!refusal) return; // answers to a process that has stopped go nowhere
    kernel.send(
      to,
      from,
      refusal.answer,
      "tcp.rst",
      HopKind.Error,
      refusal.request,
      refusal.summary,
    );
  }

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
    visit(host, visitOptions) {
      const result = sim.tryVisit(host, visitOptions);
      if (!result.visit) throw new RangeError(`ENGINE_BAD_ARGUMENT: ${result.message}`);
      return result.visit;
    },
    tryVisit(typedHost, visitOptions) {
      const host = authorityOf(typedHost);
      if (host === undefined)
        return refused(`${shown(typedHost)} is not a host name (with a port from 1 to 65535).`);
      if (visitOptions !== undefined && (typeof visitOptions !== "object" || visitOptions === null))
        return refused(`The options of a visit must be an object, not ${shown(visitOptions)}.`);
      const path = own(visitOptions, "path") ?? "/";
      if (!isUrlPath(path)) return refused(`${shown(path)} is not a URL path (it starts with /).`);
      const browser = own(visitOptions, "browser");
      let browserIndex = firstBrowser;
      if (browser !== undefined) {
        const i = typeof browser === "string" ? indexFor(browser) : undefined;
        if (i === undefined || clients[i] !== 1)
          return refused(`There is no browser ${shown(browser)}.`);
        browserIndex = i;
      }
      const generated = own(visitOptions, "generated") ?? false;
      if (typeof generated !== "boolean")
        return refused(`generated must be true or false, not ${shown(generated)}.`);
      const visit = startVisit(host, path, browserIndex, generated, true) as VisitRecord;
      return { ok: true, message: `Visiting http://${host}${path}.`, visit };
    },
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
    requestById: (id) => requestById.get(id),
    received,
    completions,
    setTraffic(rps, host = "www.foobar.com") {
      if (!inRange(rps, 0, MAX_RPS)) {
        return refused(
          `${shown(rps)} visits per second is not possible here: use 0 to ${MAX_RPS}.`,
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
        queue.push(now() + afterMs, new Callback(restartArrivals));
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
          }
        : { baseRps: 0, rps: 0, surging: false },
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
      if ((repeat || traffic) && limitMs === Number.POSITIVE_INFINITY) {
        throw new RangeError(
          "ENGINE_NEVER_IDLE: traffic or repeated visits are on; give runUntilIdle a limit",
        );
      }
      loop.runFor(limitMs);
    },
    stats: () => ({
      requestsSent,
      requestsInFlight,
      finished: { ...finished },
      visitsSent,
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
