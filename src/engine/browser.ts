import { describeResponse, fqdn } from "./dns";
import type { Behaviour, Kernel } from "./kernel";
import type { Connection, Exchange, Message } from "./messages";
import {
  type BrowserSpec,
  HopKind,
  Outcome,
  type RequestRecord,
  type ResourceRecord,
} from "./types";

export interface BrowserState {
  /** Chromium's own host cache: name → address, until `expires`. */
  hostCache: Map<string, { ip: string; expires: number; records: ResourceRecord[] }>;
  /** Lookups sent to the resolver, by id, with the requests waiting on each. */
  lookups: Map<number, { host: string; waiting: RequestRecord[] }>;
  lookupByHost: Map<string, number>;
  /** Open connections, by `ip:port`. */
  pools: Map<string, Connection[]>;
  /** Requests waiting for a free connection, by `ip:port`. */
  queued: Map<string, RequestRecord[]>;
  /** The request each busy connection carries. */
  carrying: Map<Connection, RequestRecord>;
  nextId: number;
}

export function createBrowserState(): BrowserState {
  return {
    hostCache: new Map(),
    lookups: new Map(),
    lookupByHost: new Map(),
    pools: new Map(),
    queued: new Map(),
    carrying: new Map(),
    nextId: 1,
  };
}

const HTTP_PORT = 80;

/** Starts a request: resolve the name, get a connection, send the request. */
export function browserFetch(
  k: Kernel,
  self: number,
  spec: BrowserSpec,
  state: BrowserState,
  request: RequestRecord,
): void {
  const host = fqdn(request.host);
  const cached = state.hostCache.get(host);
  if (cached && cached.expires > k.now) {
    const left = Math.round((cached.expires - k.now) / 1000);
    k.note(self, "browser.cache.hit", `${host} → ${cached.ip} (cached, ${left} s left)`, request);
    connect(k, self, spec, state, request, cached.ip);
    return;
  }
  if (cached) state.hostCache.delete(host);
  k.note(self, "browser.cache.miss", `${host} not in the browser's DNS cache`, request);
  const pending = state.lookupByHost.get(host);
  if (pending !== undefined) {
    state.lookups.get(pending)?.waiting.push(request);
    return;
  }
  const resolver = k.topology.atIp(spec.resolver);
  if (resolver === undefined) {
    k.finishRequest(request, Outcome.NameNotResolved, { servedBy: self });
    return;
  }
  const id = state.nextId++;
  state.lookups.set(id, { host, waiting: [request] });
  state.lookupByHost.set(host, id);
  k.send(
    self,
    resolver,
    { type: "dns.query", qname: host, lookup: { id, request } },
    { step: "dns.query.stub", kind: HopKind.Dns, summary: `A? ${host}`, request },
  );
}

export const browserBehaviour =
  (spec: BrowserSpec): Behaviour<BrowserState> =>
  (k, self, state, from, msg) => {
    switch (msg.type) {
      case "dns.response":
        return onDnsResponse(k, self, spec, state, msg);
      case "tcp.synack":
        return onSynAck(k, self, state, msg.conn, msg.request);
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
  const lookup = state.lookups.get(msg.lookup.id);
  if (!lookup) return;
  state.lookups.delete(msg.lookup.id);
  state.lookupByHost.delete(lookup.host);
  const a = msg.response.answer.find((r) => r.type === "A");
  if (msg.response.rcode !== "NOERROR" || !a) {
    for (const request of lookup.waiting) {
      k.note(
        self,
        "request.end",
        `ERR_NAME_NOT_RESOLVED (${describeResponse(msg.response)})`,
        request,
      );
      k.finishRequest(request, Outcome.NameNotResolved, { servedBy: self });
    }
    return;
  }
  // Chromium keeps the answer for the shorter of the record TTLs and its own cache time.
  const ttl = Math.min(spec.hostCacheSeconds, ...msg.response.answer.map((r) => r.ttl));
  state.hostCache.set(lookup.host, {
    ip: a.value,
    expires: k.now + ttl * 1000,
    records: msg.response.answer,
  });
  for (const request of lookup.waiting) connect(k, self, spec, state, request, a.value);
}

function connect(
  k: Kernel,
  self: number,
  spec: BrowserSpec,
  state: BrowserState,
  request: RequestRecord,
  ip: string,
): void {
  const key = `${ip}:${HTTP_PORT}`;
  const pool = state.pools.get(key) ?? [];
  state.pools.set(key, pool);
  // Drop connections the server has closed after its keep-alive timeout.
  for (let i = pool.length - 1; i >= 0; i--) {
    const c = pool[i] as Connection;
    if (c.state === "idle" && k.now - c.idleSince >= keepaliveMs(k)) {
      pool.splice(i, 1);
      k.note(
        self,
        "tcp.idle-closed",
        `connection #${c.id} to ${key} was closed by the server (idle)`,
        request,
      );
    }
  }
  const idle = pool.find((c) => c.state === "idle");
  if (idle) {
    k.note(self, "tcp.reuse", `reuse open connection #${idle.id} to ${key} (keep-alive)`, request);
    sendRequest(k, self, state, idle, request);
    return;
  }
  if (pool.length >= spec.maxConnectionsPerHost) {
    const queue = state.queued.get(key) ?? [];
    queue.push(request);
    state.queued.set(key, queue);
    return;
  }
  const machine = k.topology.atIp(ip);
  const server = machine === undefined ? undefined : k.topology.listener(machine, HTTP_PORT);
  if (server === undefined) {
    k.note(self, "request.end", `nothing answers at ${key}`, request);
    k.finishRequest(request, Outcome.ConnectionRefused, { servedBy: self });
    return;
  }
  const conn: Connection = { id: state.nextId++, key, server, state: "connecting", idleSince: 0 };
  pool.push(conn);
  k.send(
    self,
    server,
    { type: "tcp.syn", conn, request },
    { step: "tcp.syn", kind: HopKind.Tcp, summary: `SYN → ${key}`, request },
  );
}

function keepaliveMs(k: Kernel): number {
  return k.topology.keepaliveTimeoutMs;
}

function onSynAck(
  k: Kernel,
  self: number,
  state: BrowserState,
  conn: Connection,
  request: RequestRecord,
): void {
  conn.state = "idle";
  conn.idleSince = k.now;
  sendRequest(k, self, state, conn, request);
}

function sendRequest(
  k: Kernel,
  self: number,
  state: BrowserState,
  conn: Connection,
  request: RequestRecord,
): void {
  conn.state = "busy";
  state.carrying.set(conn, request);
  const exchange: Exchange = {
    request,
    method: "GET",
    path: request.path,
    httpVersion: "1.1",
    client: self,
    conn,
  };
  k.send(
    self,
    conn.server,
    { type: "http.request", exchange },
    {
      step: "http.request",
      kind: HopKind.HttpRequest,
      summary: `GET ${request.path} HTTP/1.1`,
      request,
    },
  );
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
    conn.state = "idle";
    conn.idleSince = k.now;
    state.carrying.delete(conn);
  }
  const ok = msg.status === 200;
  const isPage = ok && request.role === "document";
  const links = isPage ? msg.body.links : [];
  k.note(
    self,
    "request.end",
    `${request.path}: ${msg.status} ${msg.reason} in ${(k.now - request.startedAt).toFixed(1)} ms`,
    request,
  );
  k.finishRequest(request, outcomeOf(msg.status), {
    status: msg.status,
    version: msg.body.version || undefined,
    servedBy: from,
    followUps: links.length,
  });
  if (isPage && links.length > 0) {
    k.after(k.vary(spec.parseMs), () => {
      k.note(self, "page.parse", `HTML parsed: it links ${links.join(" and ")}`, request);
      for (const path of links) {
        const sub = k.startRequest(request.visitId, request.host, path, "subresource");
        browserFetch(k, self, spec, state, sub);
      }
    });
  }
  // A connection came free: give it to a request waiting for one.
  if (conn) {
    const next = state.queued.get(conn.key)?.shift();
    if (next) sendRequest(k, self, state, conn, next);
  }
}

function outcomeOf(status: number): Outcome {
  switch (status) {
    case 200:
      return Outcome.Ok;
    case 404:
      return Outcome.NotFound;
    case 502:
      return Outcome.BadGateway;
    case 504:
      return Outcome.GatewayTimeout;
    default:
      return Outcome.ServerError;
  }
}
