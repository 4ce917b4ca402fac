import { answerExchange } from "./httpAnswer";
import type { Behaviour, Kernel, KillHook, Timer } from "./kernel";
import type { BalancedServer } from "./kinds/definition";
import { type Algorithm, type Balancer, createBalancer } from "./lb/balance";
import {
  type AdminState,
  applyCheck,
  type CheckResult,
  type CheckSettings,
  createServerHealth,
  type InitState,
  initialHealth,
  isUp,
  nextCheckIn,
  type ServerHealth,
  statusText,
  takesTraffic,
  transitionLog,
} from "./lb/healthCheck";
import { LinkedSet } from "./linkedSet";
import type { Connection, Exchange, Message, PageBody } from "./messages";
import { backgroundRequest } from "./records";
import { rebindable } from "./snapshot";
import { type HaproxySpec, HopKind, type RequestRecord } from "./types";

/**
 * HAProxy's built-in error pages (src/http.c), byte for byte: the status line, then the body
 * (`content-length` 107, 107 and 92).
 */
export const HAPROXY_PAGES = {
  502: {
    reason: "Bad Gateway",
    body: "<html><body><h1>502 Bad Gateway</h1>\nThe server returned an invalid or incomplete response.\n</body></html>\n",
  },
  503: {
    reason: "Service Unavailable",
    body: "<html><body><h1>503 Service Unavailable</h1>\nNo server is available to handle this request.\n</body></html>\n",
  },
  504: {
    reason: "Gateway Time-out",
    body: "<html><body><h1>504 Gateway Time-out</h1>\nThe server didn't respond in time.\n</body></html>\n",
  },
} as const;

/** One server of the backend, as HAProxy keeps it (and its stats page shows it). */
export interface HaproxyServerState {
  name: string;
  address: string;
  health: ServerHealth;
  /** The stats page's status: "UP", "UP 2/3", "DOWN", "DOWN 1/2", "DRAIN", "MAINT". */
  statusText: string;
  /** The last check's code (`L4OK`, `L4TOUT`, `L4CON`, `L7OK`, `L7STS`…), undefined before the first. */
  lastCheck: string | undefined;
  /** The last check's info: "Connection refused", "Bad Gateway". */
  lastCheckInfo: string | undefined;
  /** A check is running now (the stats page shows `* L4OK`). */
  checking: boolean;
  /** Connections open to it now (connecting, or waiting for its answer). */
  active: number;
  /** Requests sent to it since start. */
  sent: number;
  /** Connections that failed (refused, timed out) and answers that never came (reset, timeout). */
  errors: number;
  /** Answers from it with a 5xx status. */
  http5xx: number;
  /**
   * Answers from it, and the sum of their response times (HAProxy's Tr: from the request sent to
   * the answer's headers, in ms): the stats page's `rtime` is their average.
   */
  answered: number;
  responseMs: number;
  /** Checks scheduled for an older generation are dropped (maint stops them, leaving it restarts them). */
  checkGen: number;
  /** The component its address leads to (-2: not looked up yet; -1: none). */
  target: number;
  /** Its weight now (`set server … weight`), and as the configuration gives it. */
  weight: number;
  readonly configWeight: number;
  /** Checks finished since start, and good (bad) ones in a row: what a deploy waits on. */
  checksDone: number;
  goodStreak: number;
  badStreak: number;
  /** Its `init-state`: the health it has when HAProxy starts or it leaves maintenance. */
  initState: InitState | undefined;
}

/** A request on its way through HAProxy: the browser's exchange, and the server it tries. */
interface Stream {
  client: Exchange;
  server: number;
  retriesLeft: number;
  /** Retries that went to another server (`option redispatch`). */
  redispatched: number;
  conn: Connection | undefined;
  phase: "connecting" | "sent" | "turnaround" | "done";
  timer: Timer | undefined;
  /** When the request went to the server: its answer's time is HAProxy's Tr. */
  sentAt: number;
}

/** A health check in progress. */
interface Check {
  server: number;
  gen: number;
  startedAt: number;
  conn: Connection;
  phase: "connecting" | "sent";
  timer: Timer | undefined;
}

export interface HaproxyState {
  algorithm: Algorithm;
  checkType: "tcp" | "http";
  settings: CheckSettings;
  servers: HaproxyServerState[];
  balancer: Balancer;
  /** Browser requests being served now. */
  active: LinkedSet<Exchange>;
  /** Client connections accepted since start. */
  accepted: number;
  /** Requests it answered with its own 503 / 502 / 504 page since start. */
  errorPages: { 502: number; 503: number; 504: number };
  /** Connections to servers, by connection: the request or the check they carry. */
  streams: Map<Connection, Stream>;
  checks: Map<Connection, Check>;
  nextConn: number;
  /** What the checks carry on the wire (they are no one's visit, and never traced). */
  probe: RequestRecord;
  eligible: (i: number) => boolean;
  connections: (i: number) => number;
  /** Each server's weight, when the weights differ (undefined: all equal, the plain rotation). */
  weights: ((i: number) => number) | undefined;
}

export function createHaproxyState(spec: HaproxySpec): HaproxyState {
  const settings: CheckSettings = { interMs: spec.interMs, fall: spec.fall, rise: spec.rise };
  const servers = spec.servers.map((s): HaproxyServerState => {
    const health = createServerHealth(settings);
    const weight = s.weight ?? 1;
    if (s.initState !== undefined) health.health = initialHealth(s.initState, settings);
    if (s.disabled) health.admin = "maint";
    return {
      name: s.name,
      address: s.address,
      health,
      statusText: statusText(health, settings),
      lastCheck: undefined,
      lastCheckInfo: undefined,
      checking: false,
      active: 0,
      sent: 0,
      errors: 0,
      http5xx: 0,
      answered: 0,
      responseMs: 0,
      checkGen: 0,
      target: -2,
      weight,
      configWeight: weight,
      checksDone: 0,
      goodStreak: 0,
      badStreak: 0,
      initState: s.initState,
    };
  });
  const state: HaproxyState = rebindable<HaproxyState>(
    {
      algorithm: spec.algorithm,
      checkType: spec.check,
      settings,
      servers,
      balancer: createBalancer(spec.algorithm),
      active: new LinkedSet(),
      accepted: 0,
      errorPages: { 502: 0, 503: 0, 504: 0 },
      streams: new Map(),
      checks: new Map(),
      nextConn: 0,
      probe: backgroundRequest("/health", "/health"),
      eligible: () => false,
      connections: () => 0,
      weights: undefined,
    },
    bindPool,
  );
  bindPool(state);
  return state;
}

/** The state's functions over its own servers (made again for a copy: see snapshot.ts). */
function bindPool(state: HaproxyState): void {
  const { servers, settings } = state;
  state.eligible = (i) => {
    const s = servers[i];
    return s !== undefined && s.weight > 0 && takesTraffic(s.health, settings);
  };
  state.connections = (i) => servers[i]?.active ?? 0;
  updateWeights(state);
}

/** The balancer weighs servers only while their weights differ (equal weights: a plain rotation). */
function updateWeights(state: HaproxyState): void {
  const first = state.servers[0]?.weight;
  const differ = state.servers.some((s) => s.weight !== first);
  state.weights = differ ? (i) => state.servers[i]?.weight ?? 0 : undefined;
}

const specOf = (k: Kernel, self: number): HaproxySpec => k.topology.specs[self] as HaproxySpec;

/** Servers UP now (maint excluded; drain counts, as HAProxy's "active servers" does). */
function upCount(state: HaproxyState): number {
  let n = 0;
  for (const s of state.servers) if (isUp(s.health, state.settings)) n++;
  return n;
}

/** The component at a server's `ip:port`: its Nginx, or its machine (whose kernel refuses). */
function targetOf(k: Kernel, self: number, server: HaproxyServerState): number {
  if (server.target === -2) {
    const colon = server.address.lastIndexOf(":");
    const machine = k.topology.atIp(server.address.slice(0, colon));
    const port = Number(server.address.slice(colon + 1));
    const found = machine === undefined ? undefined : k.topology.entrance(self, machine, port);
    server.target = found ?? -1;
  }
  return server.target;
}

function newConnection(
  state: HaproxyState,
  address: string,
  server: number,
  request: RequestRecord,
): Connection {
  return {
    id: ++state.nextConn,
    key: address,
    port: Number(address.slice(address.lastIndexOf(":") + 1)),
    server,
    state: "connecting",
    idleSince: 0,
    uses: 1,
    synsSent: 1,
    closed: false,
    serverEpoch: undefined,
    request,
    probes: 0,
    retransmits: 0,
    timer: undefined,
  };
}

function newLeg(
  request: RequestRecord,
  path: string,
  httpVersion: "1.0" | "1.1",
  self: number,
  parent: Exchange | undefined,
  conn: Connection,
): Exchange {
  return {
    request,
    method: request.method ?? "GET",
    path,
    httpVersion,
    client: self,
    parent,
    conn,
    settled: false,
    phase: "open",
    syns: 0,
    since: 0,
    arrived: false,
    timer: undefined,
    openIn: undefined,
    linkedIn: undefined,
    linkPrev: undefined,
    linkNext: undefined,
  };
}

// ---------------------------------------------------------------------------------------------
// Requests

/**
 * HAProxy in `mode http`: it accepts the browser's connection, picks a server for each request
 * (`balance`, among the servers UP and not draining) and opens a connection to it. A refused
 * connection is tried again after min(timeout connect, 1 s) on the same server, a connect
 * timeout at once, up to `retries` times, then HAProxy answers its own 503; with
 * `option redispatch` every retry goes at once to another server. A request once sent is never
 * sent again: a server that closes the connection before answering gives 502, one that does not
 * answer within `timeout server` gives 504. With no server UP, 503 at once.
 */
export const haproxyBehaviour =
  (spec: HaproxySpec): Behaviour<HaproxyState> =>
  (k, self, state, from, msg) => {
    switch (msg.type) {
      case "tcp.syn":
        state.accepted++;
        msg.conn.serverEpoch = k.epochOf(self);
        k.send(
          self,
          from,
          { type: "tcp.synack", conn: msg.conn, request: msg.request },
          "tcp.synack",
          HopKind.Tcp,
          msg.request,
          "SYN-ACK",
        );
        return;
      case "http.request":
        if (msg.exchange.client === self) return;
        onRequest(k, self, spec, state, msg.exchange);
        return;
      case "tcp.synack": {
        const stream = state.streams.get(msg.conn);
        if (stream) return onConnected(k, self, spec, state, stream);
        const check = state.checks.get(msg.conn);
        if (check) return onCheckConnected(k, self, state, check);
        return;
      }
      case "tcp.rst": {
        const stream = state.streams.get(msg.conn);
        if (stream) return onServerError(k, self, spec, state, stream, msg.why);
        const check = state.checks.get(msg.conn);
        if (check)
          return checkDone(
            k,
            self,
            state,
            check,
            check.phase === "connecting"
              ? fail("L4CON", k.now - check.startedAt, "Connection refused")
              : fail("L7RSP", k.now - check.startedAt, "Connection reset by peer"),
          );
        return;
      }
      case "http.response": {
        const conn = msg.exchange.conn;
        if (!conn) return;
        const stream = state.streams.get(conn);
        if (stream) return onServerResponse(k, self, state, stream, msg);
        const check = state.checks.get(conn);
        if (check) {
          const ok = msg.status >= 200 && msg.status < 400;
          const took = k.now - check.startedAt;
          checkDone(
            k,
            self,
            state,
            check,
            ok
              ? { ok: true, code: "L7OK", durationMs: took }
              : {
                  ok: false,
                  code: "L7STS",
                  durationMs: took,
                  info: msg.reason,
                  status: msg.status,
                },
          );
        }
        return;
      }
      default:
        return;
    }
  };

/** HAProxy stops: its kernel resets the browsers' connections it was serving. */
export const haproxyKilled: KillHook<HaproxyState> = (k, self, state) => {
  for (const exchange of state.active) {
    const conn = exchange.conn;
    if (!conn) continue;
    exchange.settled = true;
    k.send(
      self,
      exchange.client,
      { type: "tcp.rst", conn, request: exchange.request, why: "reset" },
      "tcp.rst",
      HopKind.Error,
      exchange.request,
      "RST (haproxy stopped)",
    );
  }
};

function onRequest(
  k: Kernel,
  self: number,
  spec: HaproxySpec,
  state: HaproxyState,
  exchange: Exchange,
): void {
  state.active.add(exchange);
  const n = state.servers.length;
  const server = state.balancer.pick(n, state.eligible, state.connections, -1, state.weights);
  if (server < 0) {
    if (exchange.request.traced)
      k.note(
        self,
        "lb.error",
        `backend ${spec.backend} has no server available: 503 at once (${spec.backend}/<NOSRV> SC--)`,
        exchange.request,
      );
    errorPage(k, self, spec, state, exchange, "no-server");
    return;
  }
  const stream: Stream = {
    client: exchange,
    server,
    retriesLeft: spec.retries,
    redispatched: 0,
    conn: undefined,
    phase: "connecting",
    timer: undefined,
    sentAt: 0,
  };
  connect(k, self, spec, state, stream);
}

/** Opens a connection to the stream's server; `timeout connect` runs from now. */
function connect(
  k: Kernel,
  self: number,
  spec: HaproxySpec,
  state: HaproxyState,
  stream: Stream,
): void {
  const server = state.servers[stream.server] as HaproxyServerState;
  const request = stream.client.request;
  const conn = newConnection(state, server.address, stream.server, request);
  stream.conn = conn;
  stream.phase = "connecting";
  server.active++;
  state.streams.set(conn, stream);
  const target = targetOf(k, self, server);
  if (target < 0) {
    onServerError(k, self, spec, state, stream, "refused");
    return;
  }
  k.send(
    self,
    target,
    { type: "tcp.syn", conn, request },
    "tcp.syn",
    HopKind.Tcp,
    request,
    synSummary,
  );
  stream.timer = k.timeout(self, spec.timeoutConnectMs, connectTimedOut, spec, state, stream);
}

function synSummary(msg: Message): string {
  const conn = (msg as Extract<Message, { type: "tcp.syn" }>).conn;
  return `SYN (to ${conn.key})`;
}

function requestSummary(msg: Message): string {
  const leg = (msg as Extract<Message, { type: "http.request" }>).exchange;
  return `${leg.method} ${leg.path} HTTP/${leg.httpVersion}`;
}

/** The server accepted: the request goes to it, and `timeout server` runs. */
function onConnected(
  k: Kernel,
  self: number,
  spec: HaproxySpec,
  state: HaproxyState,
  stream: Stream,
): void {
  if (stream.phase !== "connecting") return;
  stream.timer?.cancel(stream);
  const conn = stream.conn as Connection;
  conn.state = "busy";
  stream.phase = "sent";
  const server = state.servers[stream.server] as HaproxyServerState;
  server.sent++;
  stream.sentAt = k.now;
  const parent = stream.client;
  const leg = newLeg(parent.request, parent.path, "1.1", self, parent, conn);
  k.send(
    self,
    server.target,
    { type: "http.request", exchange: leg },
    "http.request",
    HopKind.HttpRequest,
    parent.request,
    requestSummary,
  );
  stream.timer = k.timeout(self, spec.timeoutServerMs, serverTimedOut, spec, state, stream);
}

function closeStream(state: HaproxyState, stream: Stream): void {
  const conn = stream.conn;
  if (conn) {
    state.streams.delete(conn);
    const server = state.servers[stream.server];
    if (server) server.active--;
  }
  stream.conn = undefined;
}

/** timeout connect ran out: a connection failure (retried at once, no turn-around wait). */
function connectTimedOut(
  k: Kernel,
  self: number,
  spec: HaproxySpec,
  state: HaproxyState,
  stream: Stream,
): void {
  if (stream.phase !== "connecting") return;
  stream.timer = undefined;
  connectionFailed(k, self, spec, state, stream, "timeout");
}

/** The server's kernel refused or reset the connection. */
function onServerError(
  k: Kernel,
  self: number,
  spec: HaproxySpec,
  state: HaproxyState,
  stream: Stream,
  why: "refused" | "reset",
): void {
  if (stream.phase === "connecting") {
    stream.timer?.cancel(stream);
    stream.timer = undefined;
    connectionFailed(k, self, spec, state, stream, "refused");
    return;
  }
  if (stream.phase !== "sent") return;
  // Sent already: never retried. The server closed before answering (SH--).
  stream.timer?.cancel(stream);
  const server = state.servers[stream.server] as HaproxyServerState;
  server.errors++;
  closeStream(state, stream);
  stream.phase = "done";
  if (stream.client.request.traced)
    k.note(
      self,
      "lb.error",
      `${spec.backend}/${server.name} closed the connection before answering (${why === "reset" ? "RST" : "refused"}): 502 (SH--)`,
      stream.client.request,
    );
  errorPage(k, self, spec, state, stream.client, "closed");
}

function connectionFailed(
  k: Kernel,
  self: number,
  spec: HaproxySpec,
  state: HaproxyState,
  stream: Stream,
  why: "refused" | "timeout",
): void {
  const failed = state.servers[stream.server] as HaproxyServerState;
  failed.errors++;
  closeStream(state, stream);
  const request = stream.client.request;
  if (stream.retriesLeft <= 0) {
    stream.phase = "done";
    if (request.traced)
      k.note(
        self,
        "lb.error",
        `${spec.backend}/${failed.name}: ${why === "refused" ? "connection refused" : "connect timeout"}, ${spec.retries} retries used: 503 (${why === "refused" ? "SC--" : "sC--"})`,
        request,
      );
    errorPage(k, self, spec, state, stream.client, why === "refused" ? "refused" : "timeout");
    return;
  }
  stream.retriesLeft--;
  // option redispatch (stream_choose_redispatch): the retry goes to another server at once when
  // the server is no longer UP, on the last retry, or whenever more than one server is active
  // (roundrobin and leastconn are not hash-based, and Hopscope has no persistence cookie).
  if (
    spec.redispatch &&
    (!isUp(failed.health, state.settings) || stream.retriesLeft === 0 || upCount(state) > 1)
  ) {
    const other = state.balancer.pick(
      state.servers.length,
      state.eligible,
      state.connections,
      stream.server,
      state.weights,
    );
    if (other >= 0 && other !== stream.server) {
      stream.redispatched++;
      if (request.traced)
        k.note(
          self,
          "lb.retry",
          `${spec.backend}/${failed.name}: ${why === "refused" ? "connection refused" : "connect timeout"}; redispatched to ${spec.backend}/${(state.servers[other] as HaproxyServerState).name}`,
          request,
        );
      stream.server = other;
      connect(k, self, spec, state, stream);
      return;
    }
  }
  if (why === "timeout") {
    if (request.traced)
      k.note(
        self,
        "lb.retry",
        `${spec.backend}/${failed.name}: connect timeout (${spec.timeoutConnectMs} ms); retry ${spec.retries - stream.retriesLeft} of ${spec.retries} at once`,
        request,
      );
    connect(k, self, spec, state, stream);
    return;
  }
  const wait = Math.min(spec.timeoutConnectMs, 1_000);
  if (request.traced)
    k.note(
      self,
      "lb.retry",
      `${spec.backend}/${failed.name}: connection refused; retry ${spec.retries - stream.retriesLeft} of ${spec.retries} on the same server in ${wait} ms`,
      request,
    );
  stream.phase = "turnaround";
  stream.timer = k.timeout(self, wait, retryNow, spec, state, stream);
}

function retryNow(
  k: Kernel,
  self: number,
  spec: HaproxySpec,
  state: HaproxyState,
  stream: Stream,
): void {
  if (stream.phase !== "turnaround") return;
  stream.timer = undefined;
  connect(k, self, spec, state, stream);
}

/** timeout server ran out: 504 (sH--). */
function serverTimedOut(
  k: Kernel,
  self: number,
  spec: HaproxySpec,
  state: HaproxyState,
  stream: Stream,
): void {
  if (stream.phase !== "sent") return;
  stream.timer = undefined;
  const server = state.servers[stream.server] as HaproxyServerState;
  server.errors++;
  closeStream(state, stream);
  stream.phase = "done";
  if (stream.client.request.traced)
    k.note(
      self,
      "lb.error",
      `${spec.backend}/${server.name} did not answer within timeout server (${spec.timeoutServerMs} ms): 504 (sH--)`,
      stream.client.request,
    );
  errorPage(k, self, spec, state, stream.client, "server-timeout");
}

function onServerResponse(
  k: Kernel,
  self: number,
  state: HaproxyState,
  stream: Stream,
  msg: Extract<Message, { type: "http.response" }>,
): void {
  if (stream.phase !== "sent") return;
  stream.timer?.cancel(stream);
  stream.timer = undefined;
  const server = state.servers[stream.server] as HaproxyServerState;
  if (msg.status >= 500) server.http5xx++;
  server.answered++;
  server.responseMs += k.now - stream.sentAt;
  closeStream(state, stream);
  stream.phase = "done";
  answer(k, self, state, stream.client, msg.status, msg.reason, msg.body);
}

type ErrorKind = "no-server" | "refused" | "timeout" | "closed" | "server-timeout";

const ERROR_STATUS: Record<ErrorKind, 502 | 503 | 504> = {
  "no-server": 503,
  refused: 503,
  timeout: 503,
  closed: 502,
  "server-timeout": 504,
};

function errorWhy(spec: HaproxySpec, kind: ErrorKind): string {
  switch (kind) {
    case "no-server":
      return `HAProxy has no server UP in backend ${spec.backend}, so it answered 503 at once.`;
    case "refused":
      return `HAProxy's connections to the server were refused ${spec.retries + 1} times (its web server is not running), so it answered 503.`;
    case "timeout":
      return `HAProxy's connections to the server went unanswered ${spec.retries + 1} times (timeout connect, ${spec.timeoutConnectMs / 1000} s each: the machine is down), so it answered 503.`;
    case "closed":
      return "The server closed the connection before answering, so HAProxy answered 502.";
    case "server-timeout":
      return `The server did not answer within timeout server (${spec.timeoutServerMs / 1000} s), so HAProxy answered 504.`;
  }
}

const NO_LINKS: readonly string[] = Object.freeze([]);
const errorBodies = new WeakMap<HaproxySpec, Map<ErrorKind, PageBody>>();

function errorBody(spec: HaproxySpec, kind: ErrorKind): PageBody {
  let bodies = errorBodies.get(spec);
  if (!bodies) {
    bodies = new Map();
    errorBodies.set(spec, bodies);
  }
  let body = bodies.get(kind);
  if (!body) {
    body = {
      origin: "web",
      version: "",
      links: NO_LINKS,
      bytes: HAPROXY_PAGES[ERROR_STATUS[kind]].body.length,
      contentType: "text/html",
      reason: errorWhy(spec, kind),
    };
    bodies.set(kind, body);
  }
  return body;
}

function errorPage(
  k: Kernel,
  self: number,
  spec: HaproxySpec,
  state: HaproxyState,
  exchange: Exchange,
  kind: ErrorKind,
): void {
  const status = ERROR_STATUS[kind];
  state.errorPages[status]++;
  answer(k, self, state, exchange, status, HAPROXY_PAGES[status].reason, errorBody(spec, kind));
}

function answer(
  k: Kernel,
  self: number,
  state: HaproxyState,
  exchange: Exchange,
  status: number,
  reason: string,
  body: PageBody,
): void {
  answerExchange(k, self, state.active, exchange, status, reason, body);
}

// ---------------------------------------------------------------------------------------------
// Health checks

/**
 * HAProxy starts: the first check of server k of n runs k·inter/n from now (spread evenly over one
 * `inter`, src/check.c), and every server starts UP at `rise` (one failure marks it DOWN).
 */
export function haproxyStarted(
  k: Kernel,
  self: number,
  spec: HaproxySpec,
  state: HaproxyState,
  atStart = false,
): void {
  const n = state.servers.length;
  state.servers.forEach((server, i) => {
    // At the simulation's start HAProxy has long been running: its servers' init-state is past.
    if (atStart && server.initState !== undefined) {
      server.health.health = state.settings.rise;
      server.statusText = statusText(server.health, state.settings);
    }
    k.later(self, (i * spec.interMs) / n, checkDue, state, i, server.checkGen);
  });
}

function fail(
  code: "L4CON" | "L4TOUT" | "L7STS" | "L7RSP" | "L7TOUT",
  durationMs: number,
  info?: string,
): CheckResult {
  return info === undefined
    ? { ok: false, code, durationMs }
    : { ok: false, code, durationMs, info };
}

function checkDue(k: Kernel, self: number, state: HaproxyState, i: number, gen: number): void {
  const server = state.servers[i];
  if (!server || server.checkGen !== gen || server.health.admin === "maint") return;
  const spec = specOf(k, self);
  const conn = newConnection(state, server.address, i, state.probe);
  const check: Check = {
    server: i,
    gen,
    startedAt: k.now,
    conn,
    phase: "connecting",
    timer: undefined,
  };
  server.checking = true;
  const target = targetOf(k, self, server);
  if (target < 0) {
    checkDone(k, self, state, check, fail("L4CON", 0, "Connection refused"));
    return;
  }
  state.checks.set(conn, check);
  k.send(
    self,
    target,
    { type: "tcp.syn", conn, request: state.probe },
    "tcp.syn",
    HopKind.Tcp,
    state.probe,
    "SYN",
  );
  // Without `timeout check`, `inter` bounds the whole check (connect and response).
  check.timer = k.timeout(self, spec.interMs, checkTimedOut, state, 0, check);
}

function checkTimedOut(
  k: Kernel,
  self: number,
  state: HaproxyState,
  _: number,
  check: Check,
): void {
  if (state.checks.get(check.conn) !== check) return;
  check.timer = undefined;
  const took = k.now - check.startedAt;
  checkDone(
    k,
    self,
    state,
    check,
    check.phase === "connecting" ? fail("L4TOUT", took) : fail("L7TOUT", took),
  );
}

function onCheckConnected(k: Kernel, self: number, state: HaproxyState, check: Check): void {
  if (check.phase !== "connecting") return;
  const spec = specOf(k, self);
  if (spec.check === "tcp") {
    // Connected: the check passed; HAProxy closes it at once with a RST (no request is sent).
    checkDone(k, self, state, check, {
      ok: true,
      code: "L4OK",
      durationMs: k.now - check.startedAt,
    });
    return;
  }
  check.phase = "sent";
  check.conn.state = "busy";
  const server = state.servers[check.server] as HaproxyServerState;
  const leg = newLeg(state.probe, "/health", "1.0", self, undefined, check.conn);
  k.send(
    self,
    server.target,
    { type: "http.request", exchange: leg },
    "http.request",
    HopKind.HttpRequest,
    state.probe,
    "GET /health HTTP/1.0",
  );
}

function checkDone(
  k: Kernel,
  self: number,
  state: HaproxyState,
  check: Check,
  result: CheckResult,
): void {
  state.checks.delete(check.conn);
  check.timer?.cancel(check);
  check.timer = undefined;
  const server = state.servers[check.server];
  if (!server || server.checkGen !== check.gen) return;
  server.checking = false;
  server.checksDone++;
  if (result.ok) {
    server.goodStreak++;
    server.badStreak = 0;
  } else {
    server.badStreak++;
    server.goodStreak = 0;
  }
  const spec = specOf(k, self);
  const change = applyCheck(server.health, result, state.settings);
  server.lastCheck = result.code;
  server.lastCheckInfo = result.ok
    ? undefined
    : (result.info ?? (result.status !== undefined ? String(result.status) : undefined));
  server.statusText = statusText(server.health, state.settings);
  if (change) {
    const active = upCount(state);
    k.log(
      self,
      "lb.check",
      transitionLog(spec.backend, server.name, change, result, active, server.active),
    );
    if (change === "down" && active === 0)
      k.log(self, "lb.check", `backend ${spec.backend} has no server available!`);
  }
  // The next check, `inter` after this one ENDED.
  k.later(
    self,
    nextCheckIn(server.health, state.settings),
    checkDue,
    state,
    check.server,
    server.checkGen,
  );
}

// ---------------------------------------------------------------------------------------------
// Commands

const ADMIN_STATES: readonly AdminState[] = ["ready", "drain", "maint"];

/** The backend's server called `name` (a runtime command's argument, not checked yet). */
function serverNamed(state: HaproxyState, name: unknown): HaproxyServerState | undefined {
  return state.servers.find((s) => s.name === name);
}

function noSuchServer(
  spec: HaproxySpec,
  state: HaproxyState,
  name: unknown,
): { ok: false; message: string } {
  return {
    ok: false,
    message: `Backend ${spec.backend} has no server ${JSON.stringify(name) ?? String(name)}: it has ${state.servers.map((s) => s.name).join(", ")}.`,
  };
}

/** HAProxy's log line when a server enters drain state. */
function drainLine(spec: HaproxySpec, state: HaproxyState, server: HaproxyServerState): string {
  return `Server ${spec.backend}/${server.name} enters drain state. ${upCount(state)} active and 0 backup servers online. 0 sessions requeued, 0 total in queue.`;
}

/** `set server <backend>/<server> state ready|drain|maint`, as HAProxy's runtime API does it. */
export function setServerState(
  k: Kernel,
  self: number,
  spec: HaproxySpec,
  state: HaproxyState,
  name: unknown,
  to: unknown,
  note: (line: string) => void,
): { ok: boolean; message: string } {
  const server = serverNamed(state, name);
  if (!server) return noSuchServer(spec, state, name);
  if (typeof to !== "string" || !ADMIN_STATES.includes(to as AdminState))
    return {
      ok: false,
      message: `A server's state is ready, drain or maint, not ${JSON.stringify(to) ?? String(to)}.`,
    };
  if (!k.isUp(self)) return { ok: false, message: `${spec.label} is not running.` };
  const from = server.health.admin;
  if (from === to)
    return { ok: false, message: `${spec.backend}/${server.name} is already in ${to} state.` };
  const h = server.health;
  h.admin = to as AdminState;
  const i = state.servers.indexOf(server);
  if (to === "maint") {
    // No more checks (a new generation), and no more requests; requests under way go on.
    server.checkGen++;
    server.checking = false;
    note(
      `Server ${spec.backend}/${server.name} is going DOWN for maintenance. ${upCount(state)} active and 0 backup servers left. ${server.active} sessions active, 0 requeued, 0 remaining in queue.`,
    );
  } else if (from === "maint") {
    // Its init-state, and a check now: by default "start OK but check immediately" (UP 1/3
    // at once); with `init-state fully-down`, DOWN until `rise` good checks.
    h.health = initialHealth(server.initState, state.settings);
    server.checkGen++;
    k.later(self, 0, checkDue, state, i, server.checkGen);
    const up = isUp(h, state.settings);
    note(
      to === "drain"
        ? drainLine(spec, state, server)
        : up
          ? `Server ${spec.backend}/${server.name} is UP/READY (leaving forced maintenance).`
          : `Server ${spec.backend}/${server.name} is DOWN (leaving forced maintenance): init-state ${server.initState}, it takes traffic after ${state.settings.rise} good checks.`,
    );
  } else if (to === "drain") {
    note(drainLine(spec, state, server));
  } else {
    note(`Server ${spec.backend}/${server.name} is UP/READY (leaving forced drain).`);
  }
  server.statusText = statusText(h, state.settings);
  return { ok: true, message: `${spec.backend}/${server.name} is now ${server.statusText}.` };
}

/**
 * `set server <backend>/<server> weight <0-256>`, as HAProxy's runtime API does it: the server's
 * share of new requests changes at once (0: none, as `drain`); requests under way go on.
 */
export function setServerWeight(
  k: Kernel,
  self: number,
  spec: HaproxySpec,
  state: HaproxyState,
  name: unknown,
  weight: unknown,
  note: (line: string) => void,
): { ok: boolean; message: string } {
  const server = serverNamed(state, name);
  if (!server) return noSuchServer(spec, state, name);
  if (typeof weight !== "number" || !Number.isInteger(weight) || weight < 0 || weight > 256)
    return {
      ok: false,
      message: `A server's weight is a whole number from 0 to 256, not ${JSON.stringify(weight) ?? String(weight)}.`,
    };
  if (!k.isUp(self)) return { ok: false, message: `${spec.label} is not running.` };
  if (server.weight === weight)
    return { ok: false, message: `${spec.backend}/${server.name} already has weight ${weight}.` };
  server.weight = weight;
  updateWeights(state);
  note(`set server ${spec.backend}/${server.name} weight ${weight}`);
  return { ok: true, message: `${spec.backend}/${server.name} now has weight ${weight}.` };
}

/** The pool as a deploy reads it (KindDefinition.balancer): each server and the machine it leads to. */
export function poolOf(k: Kernel, self: number, state: HaproxyState): BalancedServer[] {
  return state.servers.map((s) => {
    const target = targetOf(k, self, s);
    return {
      name: s.name,
      machine: target < 0 ? -1 : k.topology.machineOf(target),
      admin: s.health.admin,
      up: isUp(s.health, state.settings),
      status: s.statusText,
      active: s.active,
      weight: s.weight,
      configWeight: s.configWeight,
      checksDone: s.checksDone,
      checking: s.checking,
      goodStreak: s.goodStreak,
      badStreak: s.badStreak,
      lastCheck: s.lastCheck,
      lastCheckInfo: s.lastCheckInfo,
      sent: s.sent,
      failed: s.errors + s.http5xx,
      answered: s.answered,
      responseMs: s.responseMs,
    };
  });
}
