import type { HaproxySpec, HopEntry } from "../engine";
import { configuredAddress, specOf } from "./addresses";
import type { InspectContext } from "./context";
import type { Decoder } from "./decoder";
import { type HttpMessage, httpLayer, messageBytes, responseOf } from "./http";
import { field, type Layer } from "./types";

/** HAProxy's check request for `option httpchk GET /health`: HTTP/1.0, so no Host header. */
export const CHECK_REQUEST: HttpMessage = {
  startLine: "GET /health HTTP/1.0",
  headers: [],
  body: "",
  bodyBytes: 0,
  chunked: false,
  notes: [
    "HAProxy's check request: HTTP/1.0 with no headers; a 2xx or 3xx status passes the check",
  ],
};

/** The HAProxy end of a check's hop, and the server at the other end. */
function partsOf(hop: HopEntry, ctx: InspectContext) {
  const from = specOf(ctx.topology, hop.from);
  const haproxy = (from?.kind === "haproxy" ? from : specOf(ctx.topology, hop.to)) as
    | HaproxySpec
    | undefined;
  const server = haproxy?.id === hop.from ? hop.to : hop.from;
  const address = haproxy ? configuredAddress(ctx.topology, haproxy.id, server) : undefined;
  const line = haproxy?.servers.find((s) => `server ${s.name}` === address?.setting);
  return { haproxy, line };
}

function checkLayer(hop: HopEntry, ctx: InspectContext): Layer {
  const { haproxy, line } = partsOf(hop, ctx);
  const kind = haproxy?.check ?? "tcp";
  const what =
    kind === "tcp"
      ? "check (a TCP connect only): it passes when the SYN-ACK comes back (L4OK); HAProxy then closes the connection with a RST and sends nothing"
      : "option httpchk GET /health: once connected, HAProxy sends the request; a 2xx or 3xx status passes (L7OK), another fails (L7STS)";
  return {
    name: "HAProxy health check",
    summary: `HAProxy health check of ${haproxy?.backend ?? "?"}/${line?.name ?? "?"} (${line?.address ?? "?"}): ${kind === "tcp" ? "TCP connect" : "HTTP GET /health"}`,
    fields: [
      field("Backend", haproxy?.backend ?? "unknown"),
      field("Server", line ? `${line.name} ${line.address}` : "unknown"),
      field("Check", what),
      field(
        "Timing",
        haproxy
          ? `inter ${haproxy.interMs / 1000}s fall ${haproxy.fall} rise ${haproxy.rise}: every ${haproxy.interMs / 1000} s; ${haproxy.fall} failures in a row mark it DOWN, ${haproxy.rise} successes UP`
          : "unknown",
      ),
      field(
        "Note",
        "A check belongs to no visit (request id 0): the engine does not put its packets in the trace",
      ),
    ],
  };
}

function messageOf(hop: HopEntry, ctx: InspectContext): HttpMessage | undefined {
  if (hop.step === "http.request") return CHECK_REQUEST;
  if (hop.step === "http.response") return responseOf(hop, ctx);
  return undefined;
}

/** HAProxy's health checks: TCP connects, or `GET /health` and its answer. */
export const healthDecoder: Decoder = {
  wire(hop, ctx) {
    const message = messageOf(hop, ctx);
    return { len: message ? messageBytes(message) : 0 };
  },
  decode(hop, ctx) {
    const message = messageOf(hop, ctx);
    return {
      transport: "tcp",
      app: [...(message ? [httpLayer(message)] : []), checkLayer(hop, ctx)],
    };
  },
};
