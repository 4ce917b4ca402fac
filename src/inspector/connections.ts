import type { HopEntry, NoteEntry, Step } from "../engine";
import { type Endpoints, endpointsOf, specOf, splitAddress } from "./addresses";
import { hopAfter, type InspectContext } from "./context";
import { ephemeralPort, isn, seqAdd } from "./hash";

/**
 * One TCP connection as the inspector reconstructs it from the trace: its two ends, and each
 * side's initial sequence number (a hash of the connection's key, as a real kernel picks a
 * number no one can guess) and next sequence number, moved on by every segment's length.
 */
export interface Conn {
  /** `client>server@seq` of the SYN that opened it (or of the first packet kept). */
  readonly key: string;
  readonly client: string;
  server: string;
  readonly endpoints: Endpoints;
  readonly clientPort: number;
  readonly clientIsn: number;
  readonly serverIsn: number;
  clientNext: number;
  serverNext: number;
  established: boolean;
  /** Trace seq of the SYN that opened it; undefined when the trace has none (see `implicit`). */
  readonly opened: number | undefined;
  /**
   * Why it has no SYN in the trace: `sql` (the engine draws a database connection's handshake
   * and login as part of the query) or `trimmed` (it was opened before the kept trace starts).
   */
  readonly implicit: "sql" | "trimmed" | undefined;
  /** The browser's own number for it (`connection #N` in its notes), once a note names it. */
  number: number | undefined;
  /** Requests sent on it so far. */
  requests: number;
  busy: boolean;
  idleAt: number;
  closed: boolean;
  lastRequest: { seq: number; len: number } | undefined;
}

/** What one TCP segment carries in its header. */
export interface Segment {
  conn: Conn;
  /** From the client to the server, or back. */
  toServer: boolean;
  flags: string;
  seq: number;
  /** Undefined when the ACK flag is off. */
  ack: number | undefined;
  /** Payload bytes. */
  len: number;
  /** Plain-language lines about this segment: simplifications, what it answers. */
  notes: string[];
}

/** An application message's size on the wire and, when it is not plain data, its TCP flags. */
export interface Wire {
  len: number;
  /** e.g. "FIN, ACK" for a server that closes instead of answering. */
  flags?: string;
  note?: string;
}

export type WireOf = (hop: HopEntry, tracker: Connections) => Wire;

const SYN: readonly Step[] = ["tcp.syn", "tcp.syn.retry"];
const TO_SERVER: readonly Step[] = [
  "http.request",
  "fastcgi.request",
  "sql.query",
  "tcp.retransmit",
];
const TO_CLIENT: readonly Step[] = ["http.response", "fastcgi.response", "sql.result", "sql.error"];
/** Steps whose hop is a TCP segment (everything else is UDP or not modelled as TCP). */
export const TCP_STEPS: readonly Step[] = [
  ...SYN,
  "tcp.synack",
  "tcp.rst",
  "tcp.keepalive",
  "tcp.ack",
  ...TO_SERVER,
  ...TO_CLIENT,
];

/** The connections of a trace up to one hop, and each hop's segment. */
export interface Connections {
  /** The segment a hop was, if it was TCP and has been seen. */
  segment(seq: number): Segment | undefined;
  /** The connection on which `client` is carrying request `requestId` now (the latest one). */
  carrying(client: string, requestId: number): Conn | undefined;
}

/** `SYN → 8.8.8.8:80`, `SYN (to 10.0.0.11:80)`, `… connection #2 to 8.8.8.8:80 …` → the address. */
function addressIn(summary: string): { ip: string; port: number } | undefined {
  const m = /(?:→ |to )(\d+\.\d+\.\d+\.\d+:\d+)/.exec(summary);
  return m?.[1] ? splitAddress(m[1]) : undefined;
}

/**
 * Walks the trace from its start to `ctx.entry` (and no further: a hop's numbers never depend
 * on what came after it, except a database connect refused, which the engine draws as the
 * query itself), opening, using and closing connections as the hops and the browser's notes say.
 */
export function trackConnections(ctx: InspectContext, wireOf: WireOf): Connections {
  const { topology } = ctx;
  const segments = new Map<number, Segment>();
  const carrying = new Map<string, Conn>();
  /** A browser's connections in the order it opened them (its pool), and its numbers for them. */
  const pools = new Map<string, Conn[]>();
  const numbered = new Map<string, Conn>();

  const isBrowser = (id: string) => specOf(topology, id)?.kind === "browser";

  function open(
    client: string,
    server: string,
    at: number,
    hint: { ip: string; port: number } | undefined,
    implicit: Conn["implicit"],
  ): Conn {
    const key = `${client}>${server}@${at}`;
    const clientIsn = isn(`${key}:client`);
    const serverIsn = isn(`${key}:server`);
    const conn: Conn = {
      key,
      client,
      server,
      endpoints: endpointsOf(topology, client, server, hint),
      clientPort: ephemeralPort(key),
      clientIsn,
      serverIsn,
      clientNext: seqAdd(clientIsn, 1),
      serverNext: seqAdd(serverIsn, 1),
      established: implicit !== undefined,
      opened: implicit === undefined ? at : undefined,
      implicit,
      number: undefined,
      requests: 0,
      busy: true,
      idleAt: Number.POSITIVE_INFINITY,
      closed: false,
      lastRequest: undefined,
    };
    if (isBrowser(client)) {
      const pool = pools.get(client) ?? [];
      pool.push(conn);
      pools.set(client, pool);
    }
    return conn;
  }

  /** The connection `client` carries `requestId` on, when it leads to `server`. */
  function find(client: string, requestId: number, server: string): Conn | undefined {
    const conn = carrying.get(`${client}|${requestId}`);
    // A browser's packets for a virtual IP may reach another machine than the SYN did.
    return conn && (conn.server === server || isBrowser(client)) ? conn : undefined;
  }

  function orOpen(client: string, requestId: number, server: string, hop: HopEntry): Conn {
    const found = find(client, requestId, server);
    if (found) return found;
    const conn = open(client, server, hop.seq, undefined, "trimmed");
    carrying.set(`${client}|${requestId}`, conn);
    return conn;
  }

  function put(hop: HopEntry, segment: Omit<Segment, "notes">, ...notes: string[]): void {
    segments.set(hop.seq, { ...segment, notes: notes.filter((n) => n !== "") });
  }

  function onHop(hop: HopEntry): void {
    const { step, from, to, requestId: r } = hop;
    if (SYN.includes(step)) {
      const hint = addressIn(hop.summary);
      const pending = carrying.get(`${from}|${r}`);
      const retry = step === "tcp.syn.retry" && pending !== undefined && !pending.established;
      const conn = retry ? pending : open(from, to, hop.seq, hint, undefined);
      conn.server = to;
      carrying.set(`${from}|${r}`, conn);
      put(
        hop,
        { conn, toServer: true, flags: "SYN", seq: conn.clientIsn, ack: undefined, len: 0 },
        retry ? "A retransmission: the same SYN, with the same sequence number, sent again" : "",
      );
      return;
    }
    if (step === "tcp.synack") {
      const conn = orOpen(to, r, from, hop);
      conn.established = true;
      put(hop, {
        conn,
        toServer: false,
        flags: "SYN, ACK",
        seq: conn.serverIsn,
        ack: seqAdd(conn.clientIsn, 1),
        len: 0,
      });
      return;
    }
    if (TO_SERVER.includes(step)) {
      let conn = find(from, r, to);
      if (!conn && step === "sql.query") {
        conn = open(from, to, hop.seq, undefined, "sql");
        carrying.set(`${from}|${r}`, conn);
        if (refusedLater(ctx, hop)) {
          conn.established = false;
          put(
            hop,
            { conn, toServer: true, flags: "SYN", seq: conn.clientIsn, ack: undefined, len: 0 },
            "The engine draws the query; on the wire the client's connect() sends this SYN first, and the query is never sent (the server refuses the connection)",
          );
          return;
        }
      }
      conn ??= orOpen(from, r, to, hop);
      if (step === "tcp.retransmit" && conn.lastRequest) {
        put(
          hop,
          {
            conn,
            toServer: true,
            flags: "PSH, ACK",
            seq: conn.lastRequest.seq,
            ack: conn.serverNext,
            len: conn.lastRequest.len,
          },
          "A retransmission: the same bytes with the same sequence number (no acknowledgement came)",
        );
        return;
      }
      const wire = wireOf(hop, tracker);
      const seq = conn.clientNext;
      conn.lastRequest = { seq, len: wire.len };
      conn.clientNext = seqAdd(seq, wire.len);
      conn.requests++;
      conn.busy = true;
      put(
        hop,
        {
          conn,
          toServer: true,
          flags: wire.flags ?? "PSH, ACK",
          seq,
          ack: conn.serverNext,
          len: wire.len,
        },
        conn.implicit === "sql" && conn.requests === 1
          ? "Simplified: the engine draws the connection (TCP handshake, MySQL's greeting and login) and the query as this one hop; the numbers start as if the query were the first data sent"
          : "",
        wire.note ?? "",
      );
      return;
    }
    if (TO_CLIENT.includes(step)) {
      const conn = orOpen(to, r, from, hop);
      const wire = wireOf(hop, tracker);
      const seq = conn.serverNext;
      const fin = wire.flags?.includes("FIN") === true;
      conn.serverNext = seqAdd(seq, wire.len + (fin ? 1 : 0));
      conn.busy = false;
      conn.idleAt = hop.arrive;
      if (fin) conn.closed = true;
      put(
        hop,
        {
          conn,
          toServer: false,
          flags: wire.flags ?? "PSH, ACK",
          seq,
          ack: conn.clientNext,
          len: wire.len,
        },
        wire.note ?? "",
      );
      return;
    }
    if (step === "tcp.rst") {
      const toClient = find(to, r, from);
      const conn = toClient ?? find(from, r, to) ?? orOpen(to, r, from, hop);
      const fromServer = conn.client === to;
      conn.closed = true;
      conn.busy = false;
      if (!conn.established && fromServer) {
        put(
          hop,
          {
            conn,
            toServer: false,
            flags: "RST, ACK",
            seq: 0,
            ack: seqAdd(conn.clientIsn, 1),
            len: 0,
          },
          "The answer to a SYN for a port where nothing listens: the kernel resets it (seq 0, acknowledging the SYN), and connect() fails with ECONNREFUSED",
        );
        return;
      }
      put(
        hop,
        {
          conn,
          toServer: !fromServer,
          flags: "RST",
          seq: fromServer ? conn.serverNext : conn.clientNext,
          ack: undefined,
          len: 0,
        },
        "A reset: the connection is gone at once, without the FIN exchange of a normal close",
      );
      return;
    }
    if (step === "tcp.keepalive") {
      const conn = orOpen(from, r, to, hop);
      put(
        hop,
        {
          conn,
          toServer: true,
          flags: "ACK",
          seq: seqAdd(conn.clientNext, -1),
          ack: conn.serverNext,
          len: 0,
        },
        "A keep-alive probe: an empty segment with the sequence number one before the next, so the peer must answer with an ACK (RFC 1122 §4.2.3.6)",
      );
      return;
    }
    if (step === "tcp.ack") {
      const conn = orOpen(to, r, from, hop);
      put(hop, {
        conn,
        toServer: false,
        flags: "ACK",
        seq: conn.serverNext,
        ack: conn.clientNext,
        len: 0,
      });
    }
  }

  function onNote(note: NoteEntry): void {
    if (note.step === "tcp.reuse") {
      const m = /#(\d+) to (\S+)/.exec(note.summary);
      if (!m) return;
      const number = Number(m[1]);
      const key = `${note.component}#${number}`;
      const conn =
        numbered.get(key) ??
        (pools.get(note.component) ?? []).find(
          (c) =>
            c.established &&
            !c.closed &&
            !c.busy &&
            c.idleAt <= note.at &&
            `${c.endpoints.serverIp}:${c.endpoints.serverPort}` === m[2],
        );
      if (!conn) return;
      conn.number = number;
      numbered.set(key, conn);
      conn.busy = true;
      carrying.set(`${note.component}|${note.requestId}`, conn);
      return;
    }
    if (note.step === "tcp.idle-closed") {
      const m = /#(\d+)/.exec(note.summary);
      const conn = m ? numbered.get(`${note.component}#${m[1]}`) : undefined;
      if (conn) conn.closed = true;
    }
  }

  const tracker: Connections = {
    segment: (seq) => segments.get(seq),
    carrying: (client, requestId) => carrying.get(`${client}|${requestId}`),
  };
  const end = ctx.position < 0 ? -1 : ctx.position;
  for (let i = 0; i <= end; i++) {
    const e = ctx.trace[i];
    if (!e) continue;
    if (e.type === "hop") onHop(e);
    else onNote(e);
  }
  // A hop the trace does not hold (a packet picked from elsewhere): seen on its own.
  if (end < 0) onHop(ctx.entry);
  return tracker;
}

/** A database query whose answer is the server's kernel refusing the connection. */
function refusedLater(ctx: InspectContext, query: HopEntry): boolean {
  const from = ctx.trace.findIndex((e) => e.seq === query.seq);
  const answer = hopAfter(
    ctx,
    from,
    (h) => h.requestId === query.requestId && h.from === query.to && h.to === query.from,
  );
  return answer?.step === "tcp.rst" && /refused|nothing listens/.test(answer.summary);
}
