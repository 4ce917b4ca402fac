import { BROWSER_ADDRESS_PREFIX, LOOPBACK } from "./addresses";
import { field, type Layer } from "./types";

/** Linux's default `net.ipv4.ip_default_ttl`. */
export const LINUX_TTL = 64;
export const IP_HEADER_BYTES = 20;

export const IpProtocol = {
  tcp: { name: "TCP", number: 6 },
  udp: { name: "UDP", number: 17 },
  vrrp: { name: "VRRP", number: 112 },
} as const;
export type IpProtocol = (typeof IpProtocol)[keyof typeof IpProtocol];

/** Why an address is what it is, when the topology does not simply say so. */
function addressNote(ip: string): string {
  if (ip === LOOPBACK) return " (loopback: the engine's address for this process is 127.0.0.1)";
  if (ip.startsWith(BROWSER_ADDRESS_PREFIX))
    return " (the browser has no address in the topology: TEST-NET-2, RFC 5737, stands for it)";
  return "";
}

/**
 * The IPv4 header: the addresses (from the topology), Linux's TTL, the protocol and the total
 * length of what it carries. Identification and checksum are not modelled, and say so.
 */
export function ipLayer(
  src: string,
  dst: string,
  protocol: IpProtocol,
  payloadBytes: number,
): Layer {
  const total = IP_HEADER_BYTES + payloadBytes;
  const loopback = src === LOOPBACK;
  return {
    name: "Internet Protocol Version 4",
    summary: `Internet Protocol Version 4, Src: ${src}, Dst: ${dst}`,
    fields: [
      field("Version", 4),
      field("Header Length", `${IP_HEADER_BYTES} bytes (5)`),
      field("Differentiated Services Field", "0x00 (DSCP: CS0, ECN: Not-ECT)"),
      field(
        "Total Length",
        total > 65_535
          ? `${total} (more than one IP packet can hold: the message is shown as one, see TCP's segmentation note)`
          : total,
      ),
      field("Identification", "not modelled"),
      field("Flags", "0x2, Don't fragment (Linux does path MTU discovery)"),
      field(
        "Time to Live",
        loopback
          ? `${LINUX_TTL} (as Linux sends it; loopback crosses no router)`
          : `${LINUX_TTL} (as Linux sends it; each router on the way takes 1 off, and the topology has no routers, so none is counted)`,
      ),
      field("Protocol", `${protocol.name} (${protocol.number})`),
      field("Header Checksum", "not computed"),
      field("Source Address", `${src}${addressNote(src)}`),
      field("Destination Address", `${dst}${addressNote(dst)}`),
    ],
  };
}
