import type { Segment } from "./connections";
import { seqAdd } from "./hash";
import { field, type Layer } from "./types";

export const TCP_HEADER_BYTES = 20;
/** A typical Ethernet path: 1500-byte MTU, less 40 bytes of IP and TCP headers. */
export const MSS = 1460;

/** Linux's receive window as a SYN announces it (64240 = 44 × 1460). */
const WINDOW = 64_240;

/** The source and destination ports of a segment, from the connection's ends. */
export function segmentPorts(segment: Segment): { src: number; dst: number } {
  const { conn } = segment;
  return segment.toServer
    ? { src: conn.clientPort, dst: conn.endpoints.serverPort }
    : { src: conn.endpoints.serverPort, dst: conn.clientPort };
}

/** The addresses of a segment, from the connection's ends. */
export function segmentAddresses(segment: Segment): { src: string; dst: string } {
  const { clientIp, serverIp } = segment.conn.endpoints;
  return segment.toServer ? { src: clientIp, dst: serverIp } : { src: serverIp, dst: clientIp };
}

/**
 * The TCP header: ports, flags, and sequence and acknowledgement numbers, absolute and relative
 * to each side's initial sequence number (as Wireshark shows them), which add up over the
 * connection: each side's next number is its last plus the bytes it sent (a SYN or FIN counts one).
 */
export function tcpLayer(segment: Segment): Layer {
  const { conn, flags, seq, ack, len } = segment;
  const { src, dst } = segmentPorts(segment);
  const ownIsn = segment.toServer ? conn.clientIsn : conn.serverIsn;
  const peerIsn = segment.toServer ? conn.serverIsn : conn.clientIsn;
  const relative = (n: number, base: number) => (n - base) >>> 0;
  const syn = flags.includes("SYN");
  const refused = flags === "RST, ACK" && seq === 0;
  const fields = [
    field("Source Port", src),
    field("Destination Port", dst),
    field(
      "Connection",
      conn.opened !== undefined
        ? `${conn.client} → ${conn.server}, opened by packet #${conn.opened}${conn.number !== undefined ? ` (the browser's connection #${conn.number})` : ""}`
        : conn.implicit === "sql"
          ? `${conn.client} → ${conn.server} (its opening is not drawn: see the note)`
          : `${conn.client} → ${conn.server} (opened before the kept trace starts: numbers count from its first packet kept)`,
    ),
    field("Sequence Number", refused ? "0" : `${seq} (relative ${relative(seq, ownIsn)})`),
    field(
      "Acknowledgment Number",
      ack === undefined ? "0 (ACK flag not set)" : `${ack} (relative ${relative(ack, peerIsn)})`,
    ),
    field("Header Length", `${TCP_HEADER_BYTES} bytes (5)`),
    field("Flags", flags),
    field("Window", syn ? WINDOW : "not modelled"),
    field("Checksum", "not computed"),
    field(
      "Options",
      "not modelled (a real SYN carries MSS, SACK permitted, timestamps, window scale)",
    ),
    field("TCP Segment Len", len),
  ];
  if (len > 0 || syn) {
    const next = seqAdd(seq, len + (syn || flags.includes("FIN") ? 1 : 0));
    fields.push(field("Next Sequence Number", `${next} (relative ${relative(next, ownIsn)})`));
  }
  if (len > MSS)
    fields.push(
      field(
        "Segmentation",
        `Simplified: shown as one segment; on the wire ${Math.ceil(len / MSS)} segments of at most ${MSS} bytes (MSS), each acknowledged`,
      ),
    );
  for (const note of [...conn.endpoints.notes, ...segment.notes]) fields.push(field("Note", note));
  const relSeq = refused ? 0 : relative(seq, ownIsn);
  return {
    name: "Transmission Control Protocol",
    summary: `Transmission Control Protocol, Src Port: ${src}, Dst Port: ${dst}, Seq: ${relSeq}${ack === undefined ? "" : `, Ack: ${relative(ack, peerIsn)}`}, Len: ${len} [${flags}]`,
    fields,
  };
}

/** The UDP header (DNS): ports and length; the checksum is not computed. */
export function udpLayer(src: number, dst: number, payloadBytes: number): Layer {
  const length = 8 + payloadBytes;
  return {
    name: "User Datagram Protocol",
    summary: `User Datagram Protocol, Src Port: ${src}, Dst Port: ${dst}`,
    fields: [
      field("Source Port", src),
      field("Destination Port", dst),
      field("Length", `${length} (8 bytes of header and ${payloadBytes} of DNS)`),
      field("Checksum", "not computed"),
    ],
  };
}
