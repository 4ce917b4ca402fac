import { fqdn } from "./dns";
import { FewMap } from "./fewMap";
import type { Behaviour, Kernel, Timer } from "./kernel";
import type { Connection, DnsLookupRef, Exchange, Message } from "./messages";
import {
  type BrowserSpec,
  HopKind,
  Outcome,
  type RequestRecord,
  type ResourceRecord,
} from "./types";

/** A lookup sent to the resolver; it is also the reference its query carries (a DnsLookupRef). */
interface Lookup extends DnsLookupRef {
  host: string;
  /** Requests that came for the same name while it was looked up, after `request` (which started it). */
  others: RequestRecord[] | undefined;
  attempts: number;
  done: boolean;
  timer: Timer | undefined;
}

export interface BrowserState {
  /** Chromium's own host cache: name → address, until `expires`. */
  hostCache: FewMap<string, { ip: string; expires: number; records: ResourceRecord[] }>;
  /** Lookups sent to the resolver (an array, not a Map: rarely more than one, and every generated user has its own). */
  lookups: Lookup[];
  /** Open connections, by `ip:port`. */
  pools: FewMap<string, Connection[]>;
  /** Requests waiting for a free connection, by `ip:port` (created when first needed). */
  queued?: FewMap<string, RequestRecord[]>;
  /** Requests already retried once after a reset of a reused connection (created when first needed). */
  retried?: Set<RequestRecord>;
  nextId: number;
}

/** No lookups under way (shared, never written to: the first lookup replaces it). */
const NO_LOOKUPS: Lookup[] = Object.freeze([]) as unknown as Lookup[];

export function createBrowserState(): BrowserState {
  return {
    hostCache: new FewMap(),
    lookups: NO_LOOKUPS,
    pools: new FewMap(),
    nextId: 1,
  };
}

const HTTP_PORT = 80;

/** A URL's host and port as the browser uses them: `www.foobar.com:8080`, `8.8.8.8`. */
interface Authority {
  /** The name to look up, fully qualified (`www.foobar.com.`); undefined for an IP address. */
  name: string | undefined;
  /** The IPv4 address when the URL names one: the browser connects to it without DNS. */
  ip: string | undefined;
  port: number;
}

/** Authorities by URL host, parsed once (a visit's requests all share one). */
const authorities = new Map<string, Authority>();
const IPV4 =
  /^(?:(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])\.){3}(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])$/;

/** `www.foobar.com:8080` → the name to look up and port 8080; `8.8.8.8` → an address, port 80. */
export function authorityParts(host: string): Authority {
  let found = authorities.get(host);
  if (found === undefined) {
    const colon = host.lastIndexOf(":");
    const hostname = colon < 0 ? host : host.slice(0, colon);
    const port = colon < 0 ? HTTP_PORT : Number(host.slice(colon + 1));
    const ip = IPV4.test(hostname) ? hostname : undefined;
    found = { name: ip === undefined ? fqdn(hostname) : undefined, ip, port };
    if (authorities.size < 1024) authorities.set(host, found);
  }
  return found;
}

/** `ip:port` pool keys, built once per address rather than once per request. */
const poolKeys = new Map<string, string>();
function poolKey(ip: string, port: number): string {
  if (port !== HTTP_PORT) return `${ip}:${port}`;
  let key = poolKeys.get(ip);
  if (key === undefined) {
    key = `${ip}:${HTTP_PORT}`;
    if (poolKeys.size < 1024) poolKeys.set(ip, key);
  }
  return key;
}

/** No requests (shared, never written to). */
const NO_REQUESTS: readonly RequestRecord[] = Object.freeze([]);

/** The links of anything but a page: none (shared, never written to). */
const NO_LINKS: readonly string[] = Object.freeze([]);

/** The pool of a host the browser has no connection to yet; never written to. */
const NO_CONNECTIONS: Connection[] = Object.freeze([]) as unknown as Connection[];

// Predicates as constants: an arrow written inline is a new closure on every call.
const isIdle = (c: Connection) => c.state === "idle";
const isA = (r: ResourceRecord) => r.type === "A";

/** Starts a request: resolve the name, get a connection, send the request. */
export function browserFetch(
  k: Kernel,
  self: number,
  spec: BrowserSpec,
  state: BrowserState,
  request: RequestRecord,
): void {
  const authority = authorityParts(request.host);
  if (authority.ip !== undefined) {
    // An IP address in the URL: nothing to look up (Chromium connects to it directly).
    if (request.traced)
      k.note(self, "browser.ip", `${authority.ip} is an IP address: no DNS lookup`, request);
    connect(k, self, spec, state, request, authority.ip);
    return;
  }
  const host = authority.name as string;
  const cached = state.hostCache.get(host);
  if (cached && cached.expires > k.now) {
    // Notes on the path of every request are only built for traced requests.
    if (request.traced) {
      const left = Math.round((cached.expires - k.now) / 1000);
      k.note(self, "browser.cache.hit", `${host} → ${cached.ip} (cached, ${left} s left)`, request);
    }
    connect(k, self, spec, state, request, cached.ip);
    return;
  }
  if (cached) state.hostCache.delete(host);
  if (request.traced)
    k.note(self, "browser.cache.miss", `${host} not in the browser's DNS cache`, request);
  if (state.lookups.length > 0) {
    for (const pending of state.lookups) {
      if (pending.host === host) {
        if (pending.others) pending.others.push(request);
        else pending.others = [request];
        return;
      }
    }
  }
  const lookup: Lookup = {
    id: state.nextId++,
    request,
    host,
    others: undefined,
    attempts: 0,
    done: false,
    timer: undefined,
  };
  // Usually the only one: a one-element array rather than a push (which makes room for 16).
  if (state.lookups.length === 0) state.lookups = [lookup];
  else state.lookups.push(lookup);
  askResolver(k, self, spec, state, lookup);
}

function lookupById(state: BrowserState, id: number): Lookup | undefined {
  for (const lookup of state.lookups) if (lookup.id === id) return lookup;
  return undefined;
}

function forgetLookup(state: BrowserState, lookup: Lookup): void {
  if (state.lookups.length === 1 && state.lookups[0] === lookup) {
    state.lookups = NO_LOOKUPS;
    return;
  }
  const i = state.lookups.indexOf(lookup);
  if (i >= 0) state.lookups.splice(i, 1);
}

/** Sends (or re-sends) the stub query, and gives up after `dnsAttempts` silent tries. */
function askResolver(
  k: Kernel,
  self: number,
  spec: BrowserSpec,
  state: BrowserState,
  lookup: Lookup,
): void {
  const resolver = k.topology.atIp(spec.resolver);
  const request = lookup.request;
  if (resolver === undefined) {
    failLookup(k, self, state, lookup, `no DNS resolver is configured at ${spec.resolver}`);
    return;
  }
  lookup.attempts++;
  k.send(
    self,
    resolver,
    { type: "dns.query", qname: lookup.host, lookup },
    "dns.query.stub",
    HopKind.Dns,
    request,
    lookup.attempts === 1 ? stubQuerySummary : () => `A? ${lookup.host} (try ${lookup.attempts})`,
  );
  lookup.timer = k.timeout(self, spec.dnsTimeoutMs, dnsTimedOut, spec, state, lookup);
}

/**
 * No answer in time: ask again, or give up. (Each try's timer is cancelled when the
 * lookup ends, and a new try is only sent from here, so the timer is always the latest try's.)
 */
function dnsTimedOut(
  k: Kernel,
  self: number,
  spec: BrowserSpec,
  state: BrowserState,
  lookup: Lookup,
): void {
  if (lookup.done) return;
  const waited = (spec.dnsTimeoutMs / 1000).toFixed(0);
  const request = lookup.request;
  k.note(self, "dns.timeout", `no answer from the DNS resolver in ${waited} s`, request);
  if (lookup.attempts < spec.dnsAttempts) askResolver(k, self, spec, state, lookup);
  else {
    failLookup(
      k,
      self,
      state,
      lookup,
      `The DNS resolver (${spec.resolver}) never answered: ${spec.dnsAttempts} tries of ${waited} s each.`,
    );
  }
}

function failLookup(
  k: Kernel,
  self: number,
  state: BrowserState,
  lookup: Lookup,
  reason: string,
): void {
  lookup.done = true;
  lookup.timer?.cancel(lookup);
  forgetLookup(state, lookup);
  fail(k, self, lookup.request, Outcome.NameNotResolved, reason);
  for (const request of lookup.others ?? NO_REQUESTS)
    fail(k, self, request, Outcome.NameNotResolved, reason);
}

export const browserBehaviour =
  (spec: BrowserSpec): Behaviour<BrowserState> =>
  (k, self, state, from, msg) => {
    switch (msg.type) {
      case "dns.response":
        return onDnsResponse(k, self, spec, state, msg);
      case "tcp.synack":
        return onSynAck(k, self, spec, state, msg.conn);
      case "tcp.rst":
        return onReset(k, self, spec, state, msg.conn, msg.why, msg.reason);
      case "tcp.ack":
        // The server is alive and still has the connection: keep waiting.
        if (msg.conn.request === msg.request) msg.conn.probes = 0;
        return;
      case "http.response":
        return onHttpResponse(k, self, spec, state, from, msg);
      default:
        return;
    }
  };

function onDnsResponse(
  k: Kernel,
  self: number,
  spec: BrowserSpec,
  state: BrowserState,
  msg: Extract<Message, { type: "dns.response" }>,
): void {
  const lookup = lookupById(state, msg.lookup.id);
  if (!lookup || lookup.done) return;
  const a = msg.response.answer.find(isA);
  if (msg.response.rcode !== "NOERROR" || !a) {
    const why =
      msg.response.rcode === "NXDOMAIN"
        ? `${bare(lookup.host)} does not exist: the DNS answered NXDOMAIN.`
        : msg.response.rcode === "SERVFAIL"
          ? `The DNS resolver answered SERVFAIL: it could not reach the name servers for ${bare(lookup.host)}.`
          : `The DNS has no address (A record) for ${bare(lookup.host)}.`;
    failLookup(k, self, state, lookup, why);
    return;
  }
  lookup.done = true;
  lookup.timer?.cancel(lookup);
  forgetLookup(state, lookup);
  // Through the system resolver (getaddrinfo) Chromium never sees the TTLs: it keeps
  // every answer for its own fixed time, 60 s.
  state.hostCache.set(lookup.host, {
    ip: a.value,
    expires: k.now + spec.hostCacheSeconds * 1000,
    records: msg.response.answer,
  });
  connect(k, self, spec, state, lookup.request, a.value);
  for (const request of lookup.others ?? NO_REQUESTS)
    connect(k, self, spec, state, request, a.value);
}

function connect(
  k: Kernel,
  self: number,
  spec: BrowserSpec,
  state: BrowserState,
  request: RequestRecord,
  ip: string,
): void {
  const port = authorityParts(request.host).port;
  const key = poolKey(ip, port);
  // No pool yet: a shared empty one until a connection is opened (then a one-element array).
  const pool = state.pools.get(key) ?? NO_CONNECTIONS;
  // Drop connections the server has closed (keep-alive timeout, or its process stopped).
  for (let i = pool.length - 1; i >= 0; i--) {
    const c = pool[i] as Connection;
    if (c.state !== "idle") continue;
    const restarted = c.serverEpoch !== undefined && c.serverEpoch !== k.epochOf(c.server);
    if (c.closed || restarted || k.now - c.idleSince >= k.topology.keepaliveTimeoutMs) {
      pool.splice(i, 1);
      const why =
        c.closed || restarted
          ? "the server closed it"
          : "idle past the server's keep-alive timeout";
      k.note(
        self,
        "tcp.idle-closed",
        () => `connection #${c.id} to ${key} is gone (${why})`,
        request,
      );
    }
  }
  const idle = pool.find(isIdle);
  if (idle) {
    if (request.traced)
      k.note(
        self,
        "tcp.reuse",
        `reuse open connection #${idle.id} to ${key} (keep-alive)`,
        request,
      );
    sendRequest(k, self, spec, state, idle, request);
    return;
  }
  if (pool.length >= spec.maxConnectionsPerHost) {
    state.queued ??= new FewMap();
    const queue = state.queued.get(key) ?? [];
    queue.push(request);
    state.queued.set(key, queue);
    return;
  }
  const machine = k.topology.atIp(ip);
  // With nothing listening on the port from outside, the SYN still reaches the machine, whose
  // kernel answers it with a reset (see the simulation's delivery).
  const server = machine === undefined ? undefined : k.topology.entrance(self, machine, port);
  if (server === undefined) {
    fail(
      k,
      self,
      request,
      Outcome.ConnectionTimedOut,
      `Nothing on the internet has the address ${ip}.`,
    );
    return;
  }
  const conn: Connection = {
    id: state.nextId++,
    key,
    port,
    server,
    state: "connecting",
    idleSince: 0,
    uses: 0,
    synsSent: 0,
    closed: false,
    // Declared up front, so that setting them later does not change the object's shape.
    serverEpoch: undefined,
    request: undefined,
    probes: 0,
    retransmits: 0,
    timer: undefined,
  };
  if (pool === NO_CONNECTIONS) state.pools.set(key, [conn]);
  else pool.push(conn);
  conn.request = request;
  sendSyn(k, self, spec, state, conn, request);
}

// Hop summaries, declared once: they read the message (see HopInfo.summary).
function synSummary(msg: Message): string {
  const conn = (msg as Extract<Message, { type: "tcp.syn" }>).conn;
  return conn.synsSent > 1
    ? `SYN → ${conn.key} (retransmission ${conn.synsSent - 1})`
    : `SYN → ${conn.key}`;
}
function stubQuerySummary(msg: Message): string {
  return `A? ${(msg as Extract<Message, { type: "dns.query" }>).qname}`;
}
function requestSummary(msg: Message): string {
  const { exchange } = msg as Extract<Message, { type: "http.request" }>;
  return `${exchange.method} ${exchange.path} HTTP/1.1`;
}
function retransmitSummary(msg: Message): string {
  const { exchange } = msg as Extract<Message, { type: "http.request" }>;
  return `${exchange.method} ${exchange.path} HTTP/1.1 (retransmission ${exchange.conn?.retransmits ?? 0})`;
}
function keepAliveSummary(msg: Message): string {
  const { conn } = msg as Extract<Message, { type: "tcp.keepalive" }>;
  return `keep-alive probe ${conn.probes} → ${conn.key}`;
}

/** Sends a SYN, and retransmits it with exponential backoff while nothing answers. */
function sendSyn(
  k: Kernel,
  self: number,
  spec: BrowserSpec,
  state: BrowserState,
  conn: Connection,
  request: RequestRecord,
): void {
  conn.synsSent++;
  const retry = conn.synsSent > 1;
  k.send(
    self,
    conn.server,
    { type: "tcp.syn", conn, request },
    retry ? "tcp.syn.retry" : "tcp.syn",
    HopKind.Tcp,
    request,
    synSummary,
  );
  const rto = spec.synRtoMs * 2 ** (conn.synsSent - 1);
  conn.timer?.cancel(conn);
  conn.timer = k.timeout(self, rto, synTimedOut, spec, state, conn);
}

/*
 * A connection has one timer at a time (`conn.timer`), and whatever changes what it waits for
 * (a new SYN, a request, an answer, a reset) cancels it first: when one fires, the connection
 * is still in the state that set it, carrying the same request.
 */

/** No SYN-ACK within the retransmission timeout: send the SYN again, or give up. */
function synTimedOut(
  k: Kernel,
  self: number,
  spec: BrowserSpec,
  state: BrowserState,
  conn: Connection,
): void {
  const request = conn.request;
  if (conn.state !== "connecting" || !request) return;
  if (conn.synsSent <= spec.synRetries) {
    sendSyn(k, self, spec, state, conn, request);
    return;
  }
  const total = ((spec.synRtoMs * (2 ** (spec.synRetries + 1) - 1)) / 1000).toFixed(0);
  dropConnection(state, conn);
  fail(
    k,
    self,
    request,
    Outcome.ConnectionTimedOut,
    `Nothing answered ${conn.synsSent} SYNs to ${conn.key} in ${total} s: the server is unreachable.`,
  );
  nextQueued(k, self, spec, state, conn.key);
}

/** The RTO after `n` retransmissions: `rtoMinMs`, doubling, at most 120 s (Linux's TCP_RTO_MAX). */
function rto(spec: BrowserSpec, n: number): number {
  return Math.min(spec.rtoMinMs * 2 ** n, 120_000);
}

/**
 * The connection has waited `keepAliveMs` without a word from the server: send a
 * keep-alive probe, or give up after `keepAliveProbes` unanswered ones. A live server's
 * kernel answers a probe with an ACK; a rebooted one, which has forgotten the
 * connection, with a reset; a switched-off one not at all.
 */
function keepAliveDue(
  k: Kernel,
  self: number,
  spec: BrowserSpec,
  state: BrowserState,
  conn: Connection,
): void {
  const request = conn.request;
  if (!request || request.outcome !== undefined) return;
  if (conn.probes >= spec.keepAliveProbes) {
    const waited = Math.round((spec.keepAliveMs * (spec.keepAliveProbes + 1)) / 1000);
    dropConnection(state, conn);
    fail(
      k,
      self,
      request,
      Outcome.TimedOut,
      `The request reached ${conn.key}, which then fell silent: ${spec.keepAliveProbes} TCP keep-alive probes, one every ${spec.keepAliveMs / 1000} s, went unanswered, so the connection was given up after ${waited} s.`,
    );
    nextQueued(k, self, spec, state, conn.key);
    return;
  }
  conn.probes++;
  k.send(
    self,
    conn.server,
    { type: "tcp.keepalive", conn, request },
    "tcp.keepalive",
    HopKind.Tcp,
    request,
    keepAliveSummary,
  );
  conn.timer = k.timeout(self, spec.keepAliveMs, keepAliveDue, spec, state, conn);
}

/**
 * The request was lost on the way (its server's machine is off), so no ACK comes: TCP
 * sends it again after the retransmission timeout. Called by the kernel when the
 * segment is lost (which is when the missing ACK decides everything).
 */
export function browserSegmentLost(
  k: Kernel,
  self: number,
  spec: BrowserSpec,
  state: BrowserState,
  msg: Message,
): void {
  if (msg.type !== "http.request") return;
  const conn = msg.exchange.conn;
  if (!conn || conn.request !== msg.exchange.request) return;
  conn.timer?.cancel(conn);
  conn.timer = k.timeout(self, rto(spec, conn.retransmits), retransmit, spec, state, conn);
}

/** The retransmission timeout ran out: send the request again, or give up (tcp_retries2). */
function retransmit(
  k: Kernel,
  self: number,
  spec: BrowserSpec,
  state: BrowserState,
  conn: Connection,
): void {
  const request = conn.request;
  if (!request || request.outcome !== undefined) return;
  if (conn.retransmits >= spec.dataRetries) {
    let total = 0;
    for (let n = 0; n <= spec.dataRetries; n++) total += rto(spec, n);
    dropConnection(state, conn);
    fail(
      k,
      self,
      request,
      Outcome.TimedOut,
      `The request was sent to ${conn.key} but never acknowledged: TCP sent it ${spec.dataRetries + 1} times over ${Math.round(total / 1000)} s (about ${(total / 60_000).toFixed(0)} min, tcp_retries2) and gave up.`,
    );
    nextQueued(k, self, spec, state, conn.key);
    return;
  }
  conn.retransmits++;
  sendOn(k, self, spec, state, conn, request, "tcp.retransmit");
}

function onSynAck(
  k: Kernel,
  self: number,
  spec: BrowserSpec,
  state: BrowserState,
  conn: Connection,
): void {
  if (conn.state !== "connecting") return;
  const request = conn.request;
  if (!request) return;
  sendRequest(k, self, spec, state, conn, request);
}

function sendRequest(
  k: Kernel,
  self: number,
  spec: BrowserSpec,
  state: BrowserState,
  conn: Connection,
  request: RequestRecord,
): void {
  conn.state = "busy";
  conn.uses++;
  conn.request = request;
  conn.probes = 0;
  conn.retransmits = 0;
  sendOn(k, self, spec, state, conn, request, "http.request");
}

/** Sends the request on the connection (first time, or again), and waits for the answer. */
function sendOn(
  k: Kernel,
  self: number,
  spec: BrowserSpec,
  state: BrowserState,
  conn: Connection,
  request: RequestRecord,
  step: "http.request" | "tcp.retransmit",
): void {
  const exchange: Exchange = {
    request,
    method: request.method ?? "GET",
    path: request.path,
    httpVersion: "1.1",
    client: self,
    parent: undefined,
    conn,
    settled: false,
    phase: "open",
    syns: 0,
    since: k.now,
    arrived: false,
    timer: undefined,
    openIn: undefined,
    linkedIn: undefined,
    linkPrev: undefined,
    linkNext: undefined,
  };
  k.send(
    self,
    conn.server,
    { type: "http.request", exchange },
    step,
    HopKind.HttpRequest,
    request,
    step === "http.request" ? requestSummary : retransmitSummary,
  );
  // Waiting for the answer: TCP keep-alive probes the connection after 45 s of silence.
  // (If the request is lost on the way, the kernel says so: see browserSegmentLost.)
  conn.timer?.cancel(conn);
  conn.timer = k.timeout(self, spec.keepAliveMs, keepAliveDue, spec, state, conn);
}

function onReset(
  k: Kernel,
  self: number,
  spec: BrowserSpec,
  state: BrowserState,
  conn: Connection,
  why: "refused" | "reset",
  reason: string | undefined,
): void {
  const request = conn.request;
  const wasConnecting = conn.state === "connecting";
  const reused = conn.uses > 1;
  dropConnection(state, conn);
  if (!request || request.outcome !== undefined) return;
  if (reason === undefined && (wasConnecting || why === "refused")) {
    fail(
      k,
      self,
      request,
      Outcome.ConnectionRefused,
      conn.port === HTTP_PORT
        ? `${conn.key} answered the SYN with a reset: nothing listens on port ${HTTP_PORT} (the web server is not running).`
        : `${conn.key} answered the SYN with a reset: nothing listens on port ${conn.port}.`,
    );
  } else if (!wasConnecting && reused && !state.retried?.has(request)) {
    // Chromium retries a request once when a reused keep-alive connection fails before any answer
    // (its web server stopped, or Nginx reclaimed the idle connection for want of worker_connections).
    state.retried ??= new Set();
    state.retried.add(request);
    k.note(
      self,
      "browser.retry",
      `connection #${conn.id} was reset before any answer: retry the request once`,
      request,
    );
    connect(k, self, spec, state, request, conn.key.slice(0, conn.key.lastIndexOf(":")));
    return;
  } else {
    // `reason`: the server accepted the connection and closed it at once, and said why (in its log).
    fail(
      k,
      self,
      request,
      Outcome.ConnectionReset,
      reason ?? `The server reset the connection before answering (its web server stopped).`,
    );
  }
  nextQueued(k, self, spec, state, conn.key);
}

function dropConnection(state: BrowserState, conn: Connection): void {
  conn.timer?.cancel(conn);
  conn.request = undefined;
  const pool = state.pools.get(conn.key);
  const i = pool?.indexOf(conn) ?? -1;
  if (pool && i >= 0) pool.splice(i, 1);
  conn.closed = true;
}

function onHttpResponse(
  k: Kernel,
  self: number,
  spec: BrowserSpec,
  state: BrowserState,
  from: number,
  msg: Extract<Message, { type: "http.response" }>,
): void {
  const { exchange } = msg;
  const request = exchange.request;
  const conn = exchange.conn;
  if (conn) {
    if (conn.request !== request) return; // given up on already
    conn.timer?.cancel(conn);
    conn.state = "idle";
    conn.idleSince = k.now;
    conn.request = undefined;
  }
  if (request.outcome !== undefined) return;
  const ok = msg.status === 200;
  // Any HTML document's links are fetched: a page, or an error page in the site's layout.
  const links = request.role === "document" ? msg.body.links : NO_LINKS;
  if (request.traced) {
    const took = (k.now - request.startedAt).toFixed(1);
    k.note(
      self,
      "request.end",
      `${request.path}: ${msg.status} ${msg.reason} in ${took} ms`,
      request,
    );
  }
  request.origin = msg.body.origin;
  k.finishRequest(
    request,
    outcomeOf(msg.status),
    from,
    ok ? undefined : (msg.body.reason ?? `The server answered ${msg.status} ${msg.reason}.`),
    msg.status,
    msg.body.version || undefined,
    links.length,
  );
  if (links.length > 0) {
    k.after(self, k.vary(spec.parseMs), pageParsed, spec, state, { request, links });
  }
  if (conn) {
    const next = state.queued?.get(conn.key)?.shift();
    if (next) sendRequest(k, self, spec, state, conn, next);
  }
}

/** The page is parsed: the browser fetches the files it links. */
function pageParsed(
  k: Kernel,
  self: number,
  spec: BrowserSpec,
  state: BrowserState,
  { request, links }: { request: RequestRecord; links: readonly string[] },
): void {
  if (request.traced)
    k.note(self, "page.parse", `HTML parsed: it links ${links.join(" and ")}`, request);
  for (const path of links) {
    const sub = k.startRequest(request.visitId, request.host, path, "subresource");
    browserFetch(k, self, spec, state, sub);
  }
}

/** A connection was lost: let a queued request try for its own. */
function nextQueued(
  k: Kernel,
  self: number,
  spec: BrowserSpec,
  state: BrowserState,
  key: string,
): void {
  const next = state.queued?.get(key)?.shift();
  if (next) connect(k, self, spec, state, next, key.slice(0, key.lastIndexOf(":")));
}

function fail(
  k: Kernel,
  self: number,
  request: RequestRecord,
  outcome: Outcome,
  reason: string,
): void {
  if (request.traced)
    k.note(self, "request.end", `${request.path}: ${outcome}. ${reason}`, request);
  k.finishRequest(request, outcome, self, reason);
}

function outcomeOf(status: number): Outcome {
  switch (status) {
    case 200:
      return Outcome.Ok;
    case 404:
      return Outcome.NotFound;
    case 502:
      return Outcome.BadGateway;
    case 503:
      return Outcome.ServiceUnavailable;
    case 504:
      return Outcome.GatewayTimeout;
    default:
      return Outcome.ServerError;
  }
}

/** `www.foobar.com.` → `www.foobar.com`, for sentences. */
function bare(name: string): string {
  return name.replace(/\.$/, "");
}
