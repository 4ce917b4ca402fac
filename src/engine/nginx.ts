import type { Behaviour, Kernel } from "./kernel";
import type { Exchange, Message } from "./messages";
import { HopKind, type NginxSpec } from "./types";

export interface NginxState {
  /** Client connections open now. */
  connections: number;
  /** Requests being served or waiting on the upstream. */
  active: number;
}

export function createNginxState(): NginxState {
  return { connections: 0, active: 0 };
}

const EMPTY_BODY = { version: "", links: [], bytes: 0, contentType: "" } as const;

/**
 * Nginx as a web server and reverse proxy: files that exist under `root` are
 * served from disk (`try_files $uri @app`); everything else is passed to the
 * application server with `proxy_pass`, over HTTP/1.0 as nginx does by default.
 */
export const nginxBehaviour =
  (spec: NginxSpec): Behaviour<NginxState> =>
  (k, self, state, from, msg) => {
    switch (msg.type) {
      case "tcp.syn":
        state.connections++;
        return k.send(
          self,
          from,
          { type: "tcp.synack", conn: msg.conn, request: msg.request },
          { step: "tcp.synack", kind: HopKind.Tcp, summary: "SYN-ACK", request: msg.request },
        );
      case "http.request":
        state.active++;
        return k.after(k.vary(spec.processMs), () => route(k, self, spec, state, msg.exchange));
      case "http.response":
        return onUpstreamResponse(k, self, state, msg);
      default:
        return;
    }
  };

function route(
  k: Kernel,
  self: number,
  spec: NginxSpec,
  state: NginxState,
  exchange: Exchange,
): void {
  const file = spec.staticFiles[exchange.path];
  if (file) {
    k.note(
      self,
      "http.static",
      `try_files: ${spec.root}${exchange.path} is on disk, serve it`,
      exchange.request,
    );
    k.after(k.vary(spec.diskMs), () => {
      state.active--;
      respond(k, self, exchange, 200, "OK", {
        ...EMPTY_BODY,
        bytes: file.bytes,
        contentType: file.contentType,
      });
    });
    return;
  }
  const upstream = k.topology.resolveAddress(self, spec.proxyPass);
  if (upstream === undefined) {
    state.active--;
    respond(k, self, exchange, 502, "Bad Gateway", EMPTY_BODY);
    return;
  }
  const leg: Exchange = {
    request: exchange.request,
    method: exchange.method,
    path: exchange.path,
    httpVersion: "1.0",
    client: self,
    parent: exchange,
  };
  k.send(
    self,
    upstream,
    { type: "http.request", exchange: leg },
    {
      step: "http.proxy",
      kind: HopKind.HttpRequest,
      summary: `GET ${exchange.path} HTTP/1.0 → ${spec.proxyPass}`,
      request: exchange.request,
    },
  );
}

function onUpstreamResponse(
  k: Kernel,
  self: number,
  state: NginxState,
  msg: Extract<Message, { type: "http.response" }>,
): void {
  const parent = msg.exchange.parent;
  if (!parent) return;
  state.active--;
  respond(k, self, parent, msg.status, msg.reason, msg.body);
}

function respond(
  k: Kernel,
  self: number,
  exchange: Exchange,
  status: number,
  reason: string,
  body: Extract<Message, { type: "http.response" }>["body"],
): void {
  const size = body.bytes > 0 ? ` (${body.contentType}, ${formatBytes(body.bytes)})` : "";
  k.send(
    self,
    exchange.client,
    { type: "http.response", exchange, status, reason, body },
    {
      step: "http.response",
      kind: status < 400 ? HopKind.HttpResponse : HopKind.Error,
      summary: `HTTP/1.1 ${status} ${reason}${size}`,
      request: exchange.request,
    },
  );
}

export function formatBytes(bytes: number): string {
  return bytes >= 1000 ? `${(bytes / 1000).toFixed(1)} kB` : `${bytes} B`;
}
