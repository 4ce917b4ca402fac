import type { Behaviour, Kernel, KillHook } from "./kernel";
import { LinkedSet } from "./linkedSet";
import type { Connection, Exchange, Message, PageBody } from "./messages";
import { HopKind, type NginxSpec, type RequestRecord } from "./types";

export interface NginxState {
  /** Client connections accepted since start. */
  accepted: number;
  /** Browser requests being served now (from disk, or waiting on the upstream). */
  active: LinkedSet<Exchange>;
  /** Connections open to the upstream now: one per proxied request waiting for its answer. */
  upstream: number;
  /** Client connections dropped since start because worker_connections ran out. */
  dropped: number;
}

export function createNginxState(): NginxState {
  return { accepted: 0, active: new LinkedSet(), upstream: 0, dropped: 0 };
}

/** Debian's packaged nginx.conf (the compiled-in default is 512). */
export const DEFAULT_WORKER_CONNECTIONS = 768;

/**
 * How many connections Nginx may have in use at once: `worker_connections` per
 * worker, and one worker per core (`worker_processes auto`).
 */
export function connectionLimit(k: Kernel, self: number, spec: NginxSpec): number {
  return (spec.workerConnections ?? DEFAULT_WORKER_CONNECTIONS) * k.cores(self);
}

/**
 * Connections in use: one per browser request being served, plus one per
 * upstream connection (so a proxied request uses two). Idle keep-alive
 * connections and ones still waiting for their first request do not count:
 * Nginx closes those to make room when it runs short.
 */
export function connectionsInUse(state: NginxState): number {
  return state.active.size + state.upstream;
}

const EMPTY_BODY: PageBody = { version: "", links: [], bytes: 0, contentType: "" };

// Bodies are never changed once sent, so the frequent ones are built once and shared.
const fileBodies = new WeakMap<object, PageBody>();
const refusedBodies = new WeakMap<NginxSpec, PageBody>();
const RESET_BODY: PageBody = {
  ...EMPTY_BODY,
  reason: "The application server stopped while handling the request, so Nginx answered 502.",
};

function fileBody(file: { contentType: string; bytes: number }): PageBody {
  let body = fileBodies.get(file);
  if (!body) {
    body = { ...EMPTY_BODY, bytes: file.bytes, contentType: file.contentType };
    fileBodies.set(file, body);
  }
  return body;
}

function refusedBody(spec: NginxSpec): PageBody {
  let body = refusedBodies.get(spec);
  if (!body) {
    body = {
      ...EMPTY_BODY,
      reason: `Nginx could not connect to the application server at ${spec.proxyPass} (connection refused: it is not running), so it answered 502.`,
    };
    refusedBodies.set(spec, body);
  }
  return body;
}

/**
 * Nginx as a web server and reverse proxy: files that exist under `root` are
 * served from disk (`try_files $uri @app`); everything else is passed to the
 * application server with `proxy_pass`, over HTTP/1.0 as nginx does by default.
 * An upstream that refuses gives 502; one that does not answer within
 * `proxy_read_timeout` gives 504.
 */
export const nginxBehaviour =
  (spec: NginxSpec): Behaviour<NginxState> =>
  (k, self, state, from, msg) => {
    switch (msg.type) {
      case "tcp.syn":
        if (connectionsInUse(state) >= connectionLimit(k, self, spec)) {
          dropClient(k, self, spec, state, from, msg.conn, msg.request, false);
          return;
        }
        state.accepted++;
        msg.conn.serverEpoch = k.epochOf(self);
        return k.send(
          self,
          from,
          { type: "tcp.synack", conn: msg.conn, request: msg.request },
          "tcp.synack",
          HopKind.Tcp,
          msg.request,
          "SYN-ACK",
        );
      case "http.request": {
        // An idle connection that Nginx had to close to make room: the request finds it gone.
        const conn = msg.exchange.conn;
        if (conn && connectionsInUse(state) >= connectionLimit(k, self, spec)) {
          dropClient(k, self, spec, state, from, conn, msg.exchange.request, true);
          return;
        }
        state.active.add(msg.exchange);
        k.later(self, k.vary(spec.processMs), route, spec, state, msg.exchange);
        return;
      }
      case "http.response":
        return onUpstreamResponse(k, self, state, msg);
      case "upstream.error":
        return onUpstreamError(k, self, spec, state, msg.exchange, msg.why);
      default:
        return;
    }
  };

/** Nginx stops: the kernel resets every connection it had open. */
export const nginxKilled: KillHook<NginxState> = (k, self, state) => {
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
      "RST (nginx stopped)",
    );
  }
  // Idle keep-alive connections are closed too: their server epoch no longer matches,
  // and browsers find out when they next use them.
};

/**
 * No free connection: Nginx logs "worker_connections are not enough" and closes
 * the connection: a new one (its kernel completed the handshake, which is not
 * drawn), or an idle keep-alive one it reclaimed (`reclaimed`), which the next
 * request finds gone (the browser then retries that request once).
 */
function dropClient(
  k: Kernel,
  self: number,
  spec: NginxSpec,
  state: NginxState,
  client: number,
  conn: Connection,
  request: RequestRecord,
  reclaimed: boolean,
): void {
  state.dropped++;
  const perWorker = spec.workerConnections ?? DEFAULT_WORKER_CONNECTIONS;
  const workers = k.cores(self);
  const inUse = connectionsInUse(state);
  if (request.traced)
    k.note(
      self,
      "nginx.drop",
      `${perWorker} worker_connections are not enough (${workers} worker${workers === 1 ? "" : "s"}, ${inUse} connections in use): ${reclaimed ? "the idle keep-alive connection was closed to make room" : "the new connection is closed"}`,
      request,
    );
  const reason = `Nginx had no free connection (worker_connections are not enough: ${workers} × ${perWorker} in use), so it closed the ${reclaimed ? "idle keep-alive" : "new"} connection at once.`;
  k.send(
    self,
    client,
    { type: "tcp.rst", conn, request, why: "reset", reason },
    "nginx.drop",
    HopKind.Error,
    request,
    "RST: worker_connections are not enough",
  );
}

function route(
  k: Kernel,
  self: number,
  spec: NginxSpec,
  state: NginxState,
  exchange: Exchange,
): void {
  const file = spec.staticFiles[exchange.path];
  if (file) {
    if (exchange.request.traced)
      k.note(
        self,
        "http.static",
        `try_files: ${spec.root}${exchange.path} is on disk, serve it`,
        exchange.request,
      );
    k.later(self, k.vary(spec.diskMs), serveFile, state, exchange, fileBody(file));
    return;
  }
  const upstream = k.topology.resolveAddress(self, spec.proxyPass);
  if (upstream === undefined) {
    respond(k, self, state, exchange, 502, "Bad Gateway", {
      ...EMPTY_BODY,
      reason: `Nginx has no upstream at ${spec.proxyPass}.`,
    });
    return;
  }
  if (connectionsInUse(state) >= connectionLimit(k, self, spec)) {
    // No connection left to open one to the upstream.
    const perWorker = spec.workerConnections ?? DEFAULT_WORKER_CONNECTIONS;
    k.note(
      self,
      "http.upstream.error",
      `${perWorker} worker_connections are not enough while connecting to upstream`,
      exchange.request,
    );
    respond(k, self, state, exchange, 502, "Bad Gateway", {
      ...EMPTY_BODY,
      reason: `Nginx had no free connection to reach the application server (worker_connections are not enough), so it answered 502.`,
    });
    return;
  }
  state.upstream++;
  const leg: Exchange = {
    request: exchange.request,
    method: exchange.method,
    path: exchange.path,
    httpVersion: "1.0",
    client: self,
    parent: exchange,
    conn: undefined,
    settled: false,
    timer: undefined,
    openIn: state,
    linkedIn: undefined,
    linkPrev: undefined,
    linkNext: undefined,
  };
  k.send(
    self,
    upstream,
    { type: "http.request", exchange: leg },
    "http.proxy",
    HopKind.HttpRequest,
    exchange.request,
    // No closure for an untraced hop: its summary is never read.
    exchange.request.traced ? () => `GET ${exchange.path} HTTP/1.0 → ${spec.proxyPass}` : "",
  );
  leg.timer = k.timeout(self, spec.proxyReadTimeoutMs, upstreamTimedOut, spec, state, leg);
}

/** The disk read is done: the file goes back to the browser. */
function serveFile(
  k: Kernel,
  self: number,
  state: NginxState,
  exchange: Exchange,
  body: PageBody,
): void {
  respond(k, self, state, exchange, 200, "OK", body);
}

/** proxy_read_timeout ran out before the upstream answered: 504. */
function upstreamTimedOut(
  k: Kernel,
  self: number,
  spec: NginxSpec,
  state: NginxState,
  leg: Exchange,
): void {
  if (leg.settled) return;
  const exchange = leg.parent as Exchange;
  closeUpstream(leg);
  const seconds = (spec.proxyReadTimeoutMs / 1000).toFixed(0);
  k.note(
    self,
    "http.upstream.timeout",
    `upstream timed out (110: Connection timed out) while reading response header from upstream, after ${seconds} s`,
    exchange.request,
  );
  respond(k, self, state, exchange, 504, "Gateway Time-out", {
    ...EMPTY_BODY,
    reason: `The application server did not answer within Nginx's proxy_read_timeout (${seconds} s), so Nginx answered 504.`,
  });
}

/** An upstream leg is done (answered, failed or timed out): its connection is closed. */
function closeUpstream(leg: Exchange): void {
  leg.settled = true;
  // Counted by the Nginx that opened it (not a restarted one, whose state is new).
  if (leg.openIn) leg.openIn.upstream--;
  leg.openIn = undefined;
}

function onUpstreamResponse(
  k: Kernel,
  self: number,
  state: NginxState,
  msg: Extract<Message, { type: "http.response" }>,
): void {
  const leg = msg.exchange;
  const parent = leg.parent;
  if (!parent) return;
  if (leg.settled) {
    // Too late: Nginx already answered the browser (504) and closed this upstream connection.
    k.note(
      self,
      "http.upstream.late",
      "the application server's late answer is discarded: the client already got its 504",
      parent.request,
    );
    return;
  }
  closeUpstream(leg);
  leg.timer?.cancel(leg);
  respond(k, self, state, parent, msg.status, msg.reason, msg.body);
}

function onUpstreamError(
  k: Kernel,
  self: number,
  spec: NginxSpec,
  state: NginxState,
  leg: Exchange,
  why: "refused" | "reset",
): void {
  const parent = leg.parent;
  if (!parent || leg.settled) return;
  closeUpstream(leg);
  leg.timer?.cancel(leg);
  const log =
    why === "refused"
      ? "connect() failed (111: Connection refused) while connecting to upstream"
      : "upstream prematurely closed connection while reading response header from upstream";
  k.note(self, "http.upstream.error", log, parent.request);
  respond(
    k,
    self,
    state,
    parent,
    502,
    "Bad Gateway",
    why === "refused" ? refusedBody(spec) : RESET_BODY,
  );
}

function respond(
  k: Kernel,
  self: number,
  state: NginxState,
  exchange: Exchange,
  status: number,
  reason: string,
  body: PageBody,
): void {
  if (exchange.settled) return;
  exchange.settled = true;
  state.active.delete(exchange);
  k.send(
    self,
    exchange.client,
    { type: "http.response", exchange, status, reason, body },
    "http.response",
    status < 400 ? HopKind.HttpResponse : HopKind.Error,
    exchange.request,
    responseSummary,
  );
}

/** A response's summary, declared once: it reads the message (see HopInfo.summary). */
function responseSummary(msg: Message): string {
  const { status, reason, body } = msg as Extract<Message, { type: "http.response" }>;
  const size = body.bytes > 0 ? ` (${body.contentType}, ${formatBytes(body.bytes)})` : "";
  return `HTTP/1.1 ${status} ${reason}${size}`;
}

export function formatBytes(bytes: number): string {
  return bytes >= 1000 ? `${(bytes / 1000).toFixed(1)} kB` : `${bytes} B`;
}
