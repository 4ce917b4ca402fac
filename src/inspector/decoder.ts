import type { HopEntry } from "../engine";
import type { Connections, Wire } from "./connections";
import type { InspectContext } from "./context";
import type { IpProtocol } from "./ip";
import type { Layer } from "./types";

/**
 * What a decoder returns: the application's layers and how they travel. TCP hops take their
 * header from the connection tracker; a UDP or other datagram says its own ends.
 */
export type Stack =
  | { transport: "tcp"; app: Layer[] }
  | {
      transport: "udp";
      src: { ip: string; port: number };
      dst: { ip: string; port: number };
      bytes: number;
      app: Layer[];
    }
  | {
      transport: "none";
      protocol: IpProtocol;
      src: string;
      dst: string;
      bytes: number;
      app: Layer[];
    };

/** One protocol family: how big its messages are on the wire (for TCP's numbers), and its layers. */
export interface Decoder {
  /** The bytes a hop's message takes in its TCP segment (absent: not a TCP family). */
  wire?(hop: HopEntry, ctx: InspectContext, tracker: Connections): Wire;
  decode(hop: HopEntry, ctx: InspectContext, tracker: Connections): Stack;
}
