import type { DnsMessage } from "./dns";
import type { Timer } from "./kernel";
import type { Linked } from "./linkedSet";
import type { RequestRecord } from "./types";

/** A TCP connection from a browser to a server, kept alive between requests. */
export interface Connection {
  id: number;
  /** `ip:port` the browser connected to. */
  key: string;
  /** The port of `key`, as a number. */
  port: number;
  /** Component index of the process that accepted it. */
  server: number;
  state: "connecting" | "busy" | "idle";
  /** When it last became idle (ms). */
  idleSince: number;
  /** Requests sent on it so far (a reused connection has more than one). */
  uses: number;
  /** SYNs sent while connecting. */
  synsSent: number;
  /** The server closed it (process stopped, or keep-alive timeout); the browser learns when it next uses it. */
  closed: boolean;
  /** The server process's epoch when it accepted the connection: a restart closes it. */
  serverEpoch: number | undefined;
  /** The request it carries while connecting or busy. */
  request: RequestRecord | undefined;
  /** Keep-alive probes sent since the server last answered (Chromium probes an idle connection every 45 s). */
  probes: number;
  /** Retransmissions of the request after it was lost on the way (a switched-off machine never acknowledges it). */
  retransmits: number;
  /** The browser's running timeout on it: SYN retransmission, or waiting for an answer. */
  timer: Timer | undefined;
}

/**
 * One request/response leg: browser→nginx (HTTP), or nginx→app server (FastCGI). Every
 * field is required, so that both kinds are built with the same shape (same fields, same
 * order): the code that reads them sees one kind of object, and setting `settled`
 * or `timer` later does not change its shape.
 */
export interface Exchange extends Linked<Exchange> {
  request: RequestRecord;
  method: "GET" | "POST";
  path: string;
  httpVersion: "1.0" | "1.1";
  /** Component index that sent the request and awaits the response. */
  client: number;
  /** The leg this one serves, when a proxy opened it. */
  parent: Exchange | undefined;
  conn: Connection | undefined;
  /** Answered, timed out or failed: nothing more may happen to it. */
  settled: boolean;
  /**
   * An upstream leg's TCP connection: "connecting" while Nginx's SYNs go unanswered,
   * "open" once the upstream's kernel accepted it. A browser's leg is always "open".
   */
  phase: "connecting" | "open";
  /** SYNs sent for an upstream leg (a dropped SYN is sent again after 1 s, 2 s, 4 s…). */
  syns: number;
  /** When the upstream leg started connecting (ms): `fastcgi_connect_timeout` counts from here. */
  since: number;
  /** The request's bytes have reached the server (a worker can start on it). */
  arrived: boolean;
  /** The proxy's timer on this leg: SYN retransmission and connect timeout, then the read timeout. */
  timer: Timer | undefined;
  /** The proxy state that counts this leg's upstream connection while it is open. */
  openIn: { upstream: number } | undefined;
  // The set of requests being worked on that it is in, if any (Nginx's, or the app server's),
  // and its links there: `linkedIn`, `linkPrev`, `linkNext` (see LinkedSet).
}

/** What the app server's HTML tells the browser. */
export interface PageBody {
  /** Who wrote it: Nginx (a file from disk, or its own error page) or the application's code. */
  origin: "web" | "app";
  version: string;
  links: readonly string[];
  bytes: number;
  contentType: string;
  /** For an error page: why, in one sentence (for the log and the browser view). */
  reason?: string;
}

export type Message =
  | { type: "dns.query"; qname: string; lookup: DnsLookupRef }
  | { type: "dns.response"; qname: string; lookup: DnsLookupRef; response: DnsMessage }
  | { type: "tcp.syn"; conn: Connection; request: RequestRecord }
  | { type: "tcp.synack"; conn: Connection; request: RequestRecord }
  | { type: "http.request"; exchange: Exchange }
  /** Nginx opens a TCP connection to its upstream (the loopback handshake); its kernel answers, or drops the SYN. */
  | { type: "upstream.syn"; exchange: Exchange }
  | { type: "upstream.synack"; exchange: Exchange }
  /** Nginx's kernel resets an upstream connection that Nginx no longer has (a late SYN-ACK). */
  | { type: "upstream.reset"; exchange: Exchange }
  /** A TCP keep-alive probe on a browser's connection, and the server kernel's answer. */
  | { type: "tcp.keepalive"; conn: Connection; request: RequestRecord }
  | { type: "tcp.ack"; conn: Connection; request: RequestRecord }
  | { type: "http.response"; exchange: Exchange; status: number; reason: string; body: PageBody }
  /** `write`: an INSERT, which a read-only server refuses with ERROR 1290. */
  | { type: "sql.query"; exchange: Exchange; sql: string; write: boolean }
  | { type: "sql.result"; exchange: Exchange; rows: number }
  /** The peer's kernel refused a connection (nothing listening) or reset one (the process died). */
  | {
      type: "tcp.rst";
      conn: Connection;
      request: RequestRecord;
      why: "refused" | "reset";
      /** Why the server reset it, in one sentence, when it says (nginx out of worker_connections). */
      reason?: string;
    }
  | { type: "upstream.error"; exchange: Exchange; why: "refused" | "reset" }
  | {
      type: "sql.error";
      exchange: Exchange;
      why: "refused" | "reset" | "too-many" | "read-only";
    }
  /** A replica's receiver (I/O) thread asks its source for the binary log after `after` (COM_BINLOG_DUMP). */
  | { type: "repl.dump"; after: number }
  /**
   * The source's binary log events: transactions `first`, `first + 1`… committed at `times`
   * (none: a heartbeat, or the answer to a dump with nothing new).
   */
  | { type: "repl.events"; first: number; times: readonly number[] }
  /** The source's kernel refused the dump's connection (nothing listens on 3306). */
  | { type: "repl.refused" }
  /** The source stopped: its kernel closed the replication connection (FIN). */
  | { type: "repl.lost" }
  /**
   * A VRRPv2 advertisement (IP protocol 112, to 224.0.0.18): the sender is MASTER for
   * `virtualRouterId` at `priority`; priority 0 says it is giving the address up.
   */
  | {
      type: "vrrp.advert";
      virtualRouterId: number;
      priority: number;
      advertIntMs: number;
      /** The sender's own address (the advert's source IP): `10.0.0.1`. */
      source: string;
    };

/** Identifies the lookup a DNS message belongs to, at the component that started it. */
export interface DnsLookupRef {
  id: number;
  /** The browser request that needed the lookup (for the trace). */
  request: RequestRecord;
}
