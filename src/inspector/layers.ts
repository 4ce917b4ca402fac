import type { CompiledTopology, HopEntry, TraceEntry } from "../engine";
import { addressOf } from "./addresses";
import { type Connections, TCP_STEPS, trackConnections, type WireOf } from "./connections";
import { createContext, type InspectContext, kindOf } from "./context";
import type { Decoder, Stack } from "./decoder";
import { dnsDecoder } from "./dns";
import { fastcgiDecoder } from "./fastcgi";
import { healthDecoder } from "./health";
import { httpDecoder } from "./http";
import { IpProtocol, ipLayer } from "./ip";
import { mysqlDecoder } from "./mysql";
import { segmentAddresses, tcpLayer, udpLayer } from "./tcp";
import { field, type Layer } from "./types";

export type { Field, Layer } from "./types";

/** VRRP adverts go to this multicast group (RFC 5798). */
const VRRP_GROUP = "224.0.0.18";

/** A hop whose protocol the inspector does not decode: the engine's summary as it is. */
function rawLayer(hop: HopEntry, why: string): Layer {
  return {
    name: "Data",
    summary: `Data: ${hop.summary}`,
    fields: [field("Summary", hop.summary), field("Note", why)],
  };
}

/** TCP alone (a handshake, a reset, a keep-alive): no application data. */
const tcpOnly: Decoder = {
  wire: () => ({ len: 0 }),
  decode: () => ({ transport: "tcp", app: [] }),
};

/** Anything else (VRRP adverts, replication's stream…): addresses and the summary. */
const other: Decoder = {
  decode(hop, ctx) {
    const vrrp = hop.step === "vrrp.state";
    return {
      transport: "none",
      protocol: vrrp ? IpProtocol.vrrp : IpProtocol.tcp,
      src: addressOf(ctx.topology, hop.from).ip,
      dst: vrrp ? VRRP_GROUP : addressOf(ctx.topology, hop.to).ip,
      bytes: 0,
      app: [
        rawLayer(
          hop,
          vrrp
            ? "A VRRP advertisement, multicast to the group; its fields are not decoded here"
            : "This hop's protocol is not decoded: the engine's one-line summary as it is",
        ),
      ],
    };
  },
};

/** One decoder per protocol family: the table `familyOf` picks from. */
const DECODERS = {
  dns: dnsDecoder,
  http: httpDecoder,
  fastcgi: fastcgiDecoder,
  mysql: mysqlDecoder,
  health: healthDecoder,
  tcp: tcpOnly,
  other,
} as const satisfies Record<string, Decoder>;
type Family = keyof typeof DECODERS;

/** Which family a hop belongs to: by its step, and by who is at each end. */
function familyOf(hop: HopEntry, ctx: InspectContext): Family {
  const { step } = hop;
  const tcp = TCP_STEPS.includes(step);
  if (
    tcp &&
    hop.requestId === 0 &&
    (kindOf(ctx, hop.from) === "haproxy" || kindOf(ctx, hop.to) === "haproxy")
  )
    return "health";
  if (step.startsWith("dns.")) return "dns";
  if (step.startsWith("fastcgi.")) return "fastcgi";
  if (step.startsWith("sql.")) return "mysql";
  if (step === "http.request" || step === "http.response" || step === "tcp.retransmit")
    return "http";
  if (step === "tcp.rst" && (kindOf(ctx, hop.from) === "mysql" || kindOf(ctx, hop.to) === "mysql"))
    return "mysql";
  return tcp ? "tcp" : "other";
}

/** The hop itself, as a protocol analyser's "Frame" line: when, where, which step. */
function hopLayer(hop: HopEntry): Layer {
  return {
    name: "Hop",
    summary: `Packet #${hop.seq}: ${hop.from} → ${hop.to}, ${hop.step}`,
    fields: [
      field("Departs", `${hop.depart.toFixed(2)} ms`),
      field(
        "Arrives",
        `${hop.arrive.toFixed(2)} ms (${(hop.arrive - hop.depart).toFixed(2)} ms on the way)`,
      ),
      field("Step", hop.step),
      field(
        "Request",
        hop.requestId === 0
          ? "none (no visit's request)"
          : `#${hop.requestId} of visit #${hop.visitId}`,
      ),
      field("Summary", hop.summary),
      field("Note", "One packet per message: the engine draws each message as one hop"),
    ],
  };
}

function transportLayers(hop: HopEntry, stack: Stack, tracker: Connections): Layer[] {
  if (stack.transport === "udp")
    return [
      ipLayer(stack.src.ip, stack.dst.ip, IpProtocol.udp, 8 + stack.bytes),
      udpLayer(stack.src.port, stack.dst.port, stack.bytes),
    ];
  if (stack.transport === "none")
    return [ipLayer(stack.src, stack.dst, stack.protocol, stack.bytes)];
  const segment = tracker.segment(hop.seq);
  if (!segment) throw new Error(`INSPECTOR_NO_SEGMENT: packet #${hop.seq}`);
  const { src, dst } = segmentAddresses(segment);
  return [ipLayer(src, dst, IpProtocol.tcp, 20 + segment.len), tcpLayer(segment)];
}

/**
 * A protocol analyser's view of one hop: the hop, IPv4, TCP or UDP, and the application's
 * message (DNS, HTTP, FastCGI, MySQL, an HAProxy check), reconstructed from the trace before
 * it and the topology. Deterministic, plain text, and it never throws: a hop it cannot decode
 * gets its summary as it is.
 *
 * @example
 * const hop = sim.trace.find((e) => e.type === "hop" && e.step === "http.request");
 * layersOf(hop, sim.trace, sim.topology).map((l) => l.summary);
 * // ["Packet #12: browser → nginx, http.request", "Internet Protocol Version 4, Src: 198.51.100.10, Dst: 8.8.8.8", …]
 */
export function layersOf(
  entry: HopEntry,
  trace: readonly TraceEntry[],
  topology: CompiledTopology,
): Layer[] {
  try {
    const ctx = createContext(entry, trace, topology);
    const wireOf: WireOf = (hop, tracker) =>
      DECODERS[familyOf(hop, ctx)].wire?.(hop, ctx, tracker) ?? { len: 0 };
    const tracker = trackConnections(ctx, wireOf);
    const stack = DECODERS[familyOf(entry, ctx)].decode(entry, ctx, tracker);
    return [hopLayer(entry), ...transportLayers(entry, stack, tracker), ...stack.app];
  } catch (error) {
    return fallback(entry, topology, error);
  }
}

/** When decoding failed: the addresses the topology gives, and the summary as is. */
function fallback(entry: HopEntry, topology: CompiledTopology, error: unknown): Layer[] {
  const why = `Not decoded (${error instanceof Error ? error.message : String(error)}): the engine's summary as it is`;
  let ip: Layer[] = [];
  try {
    ip = [
      ipLayer(
        addressOf(topology, entry.from).ip,
        addressOf(topology, entry.to).ip,
        IpProtocol.tcp,
        0,
      ),
    ];
  } catch {
    ip = [];
  }
  return [hopLayer(entry), ...ip, rawLayer(entry, why)];
}
