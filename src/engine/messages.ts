import type { DnsMessage } from "./dns";
import type { RequestRecord } from "./types";

/** A TCP connection from a browser to a server, kept alive between requests. */
export interface Connection {
  id: number;
  /** `ip:port` the browser connected to. */
  key: string;
  /** Component index of the process that accepted it. */
  server: number;
  state: "connecting" | "busy" | "idle";
  /** When it last became idle (ms). */
  idleSince: number;
}

/** One HTTP request/response leg: browser→nginx, or nginx→app server. */
export interface Exchange {
  request: RequestRecord;
  method: "GET";
  path: string;
  httpVersion: "1.0" | "1.1";
  /** Component index that sent the request and awaits the response. */
  client: number;
  /** The leg this one serves, when a proxy opened it. */
  parent?: Exchange;
  conn?: Connection;
}

/** What the app server's HTML tells the browser. */
export interface PageBody {
  version: string;
  links: readonly string[];
  bytes: number;
  contentType: string;
}

export type Message =
  | { type: "dns.query"; qname: string; lookup: DnsLookupRef }
  | { type: "dns.response"; qname: string; lookup: DnsLookupRef; response: DnsMessage }
  | { type: "tcp.syn"; conn: Connection; request: RequestRecord }
  | { type: "tcp.synack"; conn: Connection; request: RequestRecord }
  | { type: "http.request"; exchange: Exchange }
  | { type: "http.response"; exchange: Exchange; status: number; reason: string; body: PageBody }
  | { type: "sql.query"; exchange: Exchange; sql: string }
  | { type: "sql.result"; exchange: Exchange; rows: number };

/** Identifies the lookup a DNS message belongs to, at the component that started it. */
export interface DnsLookupRef {
  id: number;
  /** The browser request that needed the lookup (for the trace). */
  request: RequestRecord;
}
