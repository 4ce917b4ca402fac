import { answerExchange } from "./httpAnswer";
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

/** Linux's first SYN retransmission timeout (TCP_TIMEOUT_INIT): 1 s, doubling after each retry. */
export const SYN_RTO_MS = 1_000;

// Bodies are never changed once sent, so the frequent ones are built once and shared.
const fileBodies = new WeakMap<object, PageBody>();

function fileBody(file: { contentType: string; bytes: number }): PageBody {
  let body = fileBodies.get(file);
  if (!body) {
    body = {
      origin: "web",
      version: "",
      links: NO_LINKS,
      bytes: file.bytes,
      contentType: file.contentType,
    };
    fileBodies.set(file, body);
  }
  return body;
}

const NO_LINKS: readonly string[] = Object.freeze([]);

/** What Nginx appends to an error page for MSIE and Chrome (`msie_padding on`), six times. */
const CHROME_PADDING = "<!-- a padding to disable MSIE and Chrome friendly error page -->\r\n";

/**
 * Nginx's own error page (ngx_http_special_response.c): a title and heading with the
 * status, a rule, and `nginx/<version>` under it (`server_tokens on`, the default), then,
 * for a Chrome user agent, six lines of padding so that Chrome shows the page itself.
 */
export function nginxErrorPage(status: number, reason: string, serverHeader: string): string {
  const line = `${status} ${reason}`;
  return `<html>\r\n<head><title>${line}</title></head>\r\n<body>\r\n<center><h1>${line}</h1></center>\r\n<hr><center>${serverHeader}</center>\r\n</body>\r\n</html>\r\n${CHROME_PADDING.repeat(6)}`;
}

/** Why Nginx answered with one of its own error pages. */
type ErrorKind =
  | "no-upstream"
  | "no-connection"
  | "refused"
  | "reset"
  | "connect-timeout"
  | "read-timeout";

const ERRORS: Record<
  ErrorKind,
  { status: number; reason: string; why: (spec: NginxSpec) => string }
> = {
  "no-upstream": {
    status: 502,
    reason: "Bad Gateway",
    why: (spec) => `Nginx has no upstream at ${spec.fastcgiPass}.`,
  },
  "no-connection": {
    status: 500,
    reason: "Internal Server Error",
    why: () =>
      "Nginx had no free connection to reach PHP-FPM (worker_connections are not enough while connecting to upstream), so it answered 500.",
  },
  refused: {
    status: 502,
    reason: "Bad Gateway",
    why: (spec) =>
      `Nginx could not connect to PHP-FPM at ${spec.fastcgiPass} (connection refused: it is not running), so it answered 502.`,
  },
  reset: {
    status: 502,
    reason: "Bad Gateway",
    why: () => "PHP-FPM stopped while handling the request, so Nginx answered 502.",
  },
  "connect-timeout": {
    status: 504,
    reason: "Gateway Time-out",
    why: (spec) =>
      `PHP-FPM's listen queue was full, so its kernel dropped Nginx's SYNs without a word; after fastcgi_connect_timeout (${seconds(spec.fastcgiConnectTimeoutMs)} s) Nginx gave up and answered 504.`,
  },
  "read-timeout": {
    status: 504,
    reason: "Gateway Time-out",
    why: (spec) =>
      `PHP-FPM did not answer within Nginx's fastcgi_read_timeout (${seconds(spec.fastcgiReadTimeoutMs)} s), so Nginx answered 504.`,
  },
};

/** `WWW.foobar.com.:8080` → `www.foobar.com`: the Host header's name as server_name compares it. */
function hostnameOf(host: string): string {
  const colon = host.lastIndexOf(":");
  const name = (colon < 0 ? host : host.slice(0, colon)).toLowerCase();
  return name.endsWith(".") ? name.slice(0, -1) : name;
}

/** `/style.css?v=2` → `/style.css`: a path without its query string (Nginx's $uri). */
export function uriOf(path: string): string {
  const q = path.indexOf("?");
  return q < 0 ? path : path.slice(0, q);
}

function seconds(ms: number): string {
  return (ms / 1000).toFixed(0);
}

/**
 * One of Nginx's own error pages, built once per configuration (a setting changed at run
 * time is a new spec) and kind: under overload thousands of them are sent each second.
 */
const errorBodies = new WeakMap<NginxSpec, Map<ErrorKind, PageBody>>();
function errorBody(spec: NginxSpec, kind: ErrorKind): PageBody {
  let bodies = errorBodies.get(spec);
  if (!bodies) {
    bodies = new Map();
    errorBodies.set(spec, bodies);
  }
  let body = bodies.get(kind);
  if (!body) {
    const e = ERRORS[kind];
    body = {
      origin: "web",
      version: "",
      links: NO_LINKS,
      bytes: nginxErrorPage(e.status, e.reason, spec.serverHeader).length,
      contentType: "text/html",
      reason: e.why(spec),
    };
    bodies.set(kind, body);
  }
  return body;
}

/**
 * Nginx as a web server in front of PHP-FPM: files that exist under `root` are served
 * from disk (`try_files $uri /index.php`); everything else goes to PHP-FPM with
 * `fastcgi_pass 127.0.0.1:9000`. For each such request Nginx opens a new TCP connection
 * to PHP-FPM (no upstream keep-alive by default): a refused one gives 502; one whose
 * SYNs are dropped (PHP-FPM's listen queue is full) is retried until
 * `fastcgi_connect_timeout` and gives 504; an answer that takes longer than
 * `fastcgi_read_timeout` gives 504 too.
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
      case "upstream.synack":
        return onUpstreamAccepted(k, self, spec, state, from, msg.exchange);
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

const NO_FREE_CONNECTION =
  "Nginx had no free connection (worker_connections are not enough), so it closed the connection at once.";

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
  // The sentence is built for the requests someone reads (the traffic's are only counted).
  const reason = request.traced
    ? `Nginx had no free connection (worker_connections are not enough: ${workers} × ${perWorker} in use), so it closed the ${reclaimed ? "idle keep-alive" : "new"} connection at once.`
    : NO_FREE_CONNECTION;
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
  if (exchange.request.traced && spec.serverNames !== undefined) {
    // Server selection by the Host header (ngx_http_find_virtual_server): a name that matches
    // no server_name, such as an IP address, goes to the default server of the listening port.
    const host = hostnameOf(exchange.request.host);
    if (!spec.serverNames.includes(host))
      k.note(
        self,
        "http.server",
        `Host: ${exchange.request.host} matches no server_name: the default server of port ${spec.port} (server_name ${spec.serverNames.join(" ")}) answers`,
        exchange.request,
      );
  }
  // Own properties only: the path comes from outside, and "/constructor" is no file.
  // try_files looks up $uri: the path without its query string.
  const uri = uriOf(exchange.path);
  const file = Object.hasOwn(spec.staticFiles, uri) ? spec.staticFiles[uri] : undefined;
  if (file) {
    if (exchange.request.traced)
      k.note(
        self,
        "http.static",
        `try_files: ${spec.root}${uri} is on disk, serve it`,
        exchange.request,
      );
    k.later(self, k.vary(spec.diskMs), serveFile, state, exchange, fileBody(file));
    return;
  }
  const upstream = k.topology.resolveAddress(self, spec.fastcgiPass);
  if (upstream === undefined) {
    respond(k, self, spec, state, exchange, "no-upstream");
    return;
  }
  if (connectionsInUse(state) >= connectionLimit(k, self, spec)) {
    // No connection left to open one to the upstream: ngx_get_connection() fails, and the
    // request ends with 500 (ngx_http_upstream_connect → NGX_HTTP_INTERNAL_SERVER_ERROR).
    if (exchange.request.traced)
      k.note(
        self,
        "http.upstream.error",
        `${spec.workerConnections ?? DEFAULT_WORKER_CONNECTIONS} worker_connections are not enough while connecting to upstream`,
        exchange.request,
      );
    respond(k, self, spec, state, exchange, "no-connection");
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
    phase: "connecting",
    syns: 0,
    since: k.now,
    arrived: false,
    timer: undefined,
    openIn: state,
    linkedIn: undefined,
    linkPrev: undefined,
    linkNext: undefined,
  };
  sendUpstreamSyn(k, self, spec, state, leg, upstream);
}

// Hop summaries, declared once: they read the message (see HopInfo.summary).
function upstreamSynSummary(msg: Message): string {
  const leg = (msg as Extract<Message, { type: "upstream.syn" }>).exchange;
  return leg.syns > 1 ? `SYN (retransmission ${leg.syns - 1})` : "SYN";
}
function fastcgiRequestSummary(msg: Message): string {
  const leg = (msg as Extract<Message, { type: "http.request" }>).exchange;
  return `FastCGI request: ${leg.method} ${leg.path} (BEGIN_REQUEST, PARAMS, STDIN)`;
}

/**
 * Sends a SYN to the upstream, and arms the one timer the leg has while it connects: the
 * next retransmission (1 s, then 2 s, 4 s… later: SYNs at 1, 3, 7, 15 and 31 s), or
 * `fastcgi_connect_timeout`, whichever comes first. The delays are exact integers, as
 * the timer fires exactly on time: a timeout lane is found by its delay (see EventQueue).
 */
function sendUpstreamSyn(
  k: Kernel,
  self: number,
  spec: NginxSpec,
  state: NginxState,
  leg: Exchange,
  upstream: number,
): void {
  leg.syns++;
  k.send(
    self,
    upstream,
    { type: "upstream.syn", exchange: leg },
    leg.syns > 1 ? "tcp.syn.retry" : "tcp.syn",
    HopKind.Tcp,
    leg.request,
    upstreamSynSummary,
  );
  const gap = SYN_RTO_MS * 2 ** (leg.syns - 1); // to the next SYN
  const elapsed = SYN_RTO_MS * (2 ** (leg.syns - 1) - 1); // since the first
  const delay = Math.min(gap, spec.fastcgiConnectTimeoutMs - elapsed);
  leg.timer = k.timeout(self, delay, connectTimerFired, spec, state, leg);
}

/** No SYN-ACK yet: send the SYN again, or give up when fastcgi_connect_timeout has run out. */
function connectTimerFired(
  k: Kernel,
  self: number,
  spec: NginxSpec,
  state: NginxState,
  leg: Exchange,
): void {
  if (leg.settled || leg.phase !== "connecting") return;
  if (SYN_RTO_MS * (2 ** leg.syns - 1) < spec.fastcgiConnectTimeoutMs) {
    const upstream = k.topology.resolveAddress(self, spec.fastcgiPass) as number;
    sendUpstreamSyn(k, self, spec, state, leg, upstream);
    return;
  }
  const exchange = leg.parent as Exchange;
  closeUpstream(leg);
  if (exchange.request.traced)
    k.note(
      self,
      "http.upstream.timeout",
      `upstream timed out (110: Connection timed out) while connecting to upstream, after ${leg.syns} SYNs in ${seconds(spec.fastcgiConnectTimeoutMs)} s`,
      exchange.request,
    );
  respond(k, self, spec, state, exchange, "connect-timeout");
}

/** PHP-FPM's kernel accepted the connection: send the FastCGI request, and wait for the answer. */
function onUpstreamAccepted(
  k: Kernel,
  self: number,
  spec: NginxSpec,
  state: NginxState,
  upstream: number,
  leg: Exchange,
): void {
  if (leg.settled || leg.openIn !== state) {
    // Nginx gave up on this connection already (or it is a restarted Nginx that never had
    // it): its kernel answers the SYN-ACK with a reset, and PHP-FPM's forgets the connection.
    k.send(
      self,
      upstream,
      { type: "upstream.reset", exchange: leg },
      "tcp.rst",
      HopKind.Error,
      leg.request,
      "RST (connection already closed)",
    );
    return;
  }
  leg.phase = "open";
  leg.timer?.cancel(leg);
  k.send(
    self,
    upstream,
    { type: "http.request", exchange: leg },
    "fastcgi.request",
    HopKind.HttpRequest,
    leg.request,
    fastcgiRequestSummary,
  );
  leg.timer = k.timeout(self, spec.fastcgiReadTimeoutMs, upstreamTimedOut, spec, state, leg);
}

/** The disk read is done: the file goes back to the browser. */
function serveFile(
  k: Kernel,
  self: number,
  state: NginxState,
  exchange: Exchange,
  body: PageBody,
): void {
  send(k, self, state, exchange, 200, "OK", body);
}

/** fastcgi_read_timeout ran out before the upstream answered: 504. */
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
  if (exchange.request.traced)
    k.note(
      self,
      "http.upstream.timeout",
      `upstream timed out (110: Connection timed out) while reading response header from upstream, after ${seconds(spec.fastcgiReadTimeoutMs)} s`,
      exchange.request,
    );
  respond(k, self, spec, state, exchange, "read-timeout");
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
      "PHP-FPM's late answer is discarded: the client already got its 504",
      parent.request,
    );
    return;
  }
  if (leg.openIn !== state) return; // a restarted Nginx never had this connection
  closeUpstream(leg);
  leg.timer?.cancel(leg);
  send(k, self, state, parent, msg.status, msg.reason, msg.body);
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
  if (!parent || leg.settled || leg.openIn !== state) return;
  closeUpstream(leg);
  leg.timer?.cancel(leg);
  k.note(
    self,
    "http.upstream.error",
    why === "refused"
      ? "connect() failed (111: Connection refused) while connecting to upstream"
      : "upstream prematurely closed FastCGI stdout while reading response header from upstream",
    parent.request,
  );
  respond(k, self, spec, state, parent, why);
}

/** Nginx answers with one of its own error pages. */
function respond(
  k: Kernel,
  self: number,
  spec: NginxSpec,
  state: NginxState,
  exchange: Exchange,
  kind: ErrorKind,
): void {
  const e = ERRORS[kind];
  send(k, self, state, exchange, e.status, e.reason, errorBody(spec, kind));
}

function send(
  k: Kernel,
  self: number,
  state: NginxState,
  exchange: Exchange,
  status: number,
  reason: string,
  body: PageBody,
): void {
  answerExchange(k, self, state.active, exchange, status, reason, body);
}
