import type { Context } from "./context";
import { Delivery, SPARES_KEEP } from "./events";
import type { HopInfo, Kernel } from "./kernel";
import type { Connection, Message } from "./messages";
import { REPLICATION } from "./replication";
import type { Part } from "./snapshot";
import { TopologyError } from "./topology";
import { summaryOf, type Trace } from "./trace";
import { HopKind, type RequestRecord } from "./types";
import type { Visits } from "./visits";

/**
 * What a live machine's kernel answers for a process that is not running: a
 * reset for a browser's SYN or its request on an open connection, a refused
 * connection for a proxy or a database client. Undefined: nothing (answers).
 */
function refusalOf(
  msg: Message,
  where: string,
): { answer: Message; request: RequestRecord; summary: string } | undefined {
  switch (msg.type) {
    case "tcp.syn":
      return {
        answer: { type: "tcp.rst", conn: msg.conn, request: msg.request, why: "refused" },
        request: msg.request,
        summary: `RST: nothing listens on ${where}`,
      };
    case "http.request": {
      const { exchange } = msg;
      return exchange.conn
        ? {
            answer: {
              type: "tcp.rst",
              conn: exchange.conn,
              request: exchange.request,
              why: "reset",
            },
            request: exchange.request,
            summary: `RST: nothing listens on ${where}`,
          }
        : {
            answer: { type: "upstream.error", exchange, why: "refused" },
            request: exchange.request,
            summary: `RST: connection refused on ${where}`,
          };
    }
    case "upstream.syn":
      return {
        answer: { type: "upstream.error", exchange: msg.exchange, why: "refused" },
        request: msg.exchange.request,
        summary: `RST: nothing listens on ${where}`,
      };
    case "upstream.synack":
      // The connecting process is gone: its kernel resets the half-open connection.
      return {
        answer: { type: "upstream.reset", exchange: msg.exchange },
        request: msg.exchange.request,
        summary: "RST (connection already closed)",
      };
    case "tcp.keepalive":
      return {
        answer: { type: "tcp.rst", conn: msg.conn, request: msg.request, why: "reset" },
        request: msg.request,
        summary: `RST: nothing listens on ${where}`,
      };
    case "sql.query":
      return {
        answer: { type: "sql.error", exchange: msg.exchange, why: "refused" },
        request: msg.exchange.request,
        summary: `RST: connection refused on ${where}`,
      };
    case "repl.dump":
      return {
        answer: { type: "repl.refused" },
        request: REPLICATION,
        summary: `RST: connection refused on ${where}`,
      };
    default:
      return undefined;
  }
}

/** Packets between components: sent over the cheapest route, handed over when they arrive. */
export interface Network extends Part {
  /** `Kernel.send`. */
  send: Kernel["send"];
  /** A packet's arrival (Delivery.fire): it leaves the table and its message is handed over. */
  arrived(d: Delivery): void;
  /** Requests (HTTP, SQL, DNS queries) that reached each component since the start, for rates. */
  readonly received: Float64Array;
}

export function createNetwork(ctx: Context, trace: Trace, visits: Visits): Network {
  const { topology, specs, rng, queue, clock, packets, states, behaviours, clients, killed } = ctx;
  const { connEpoch, kinds, isUp, machineUp, labelOf } = ctx;
  const now = (): number => clock[0] as number;
  const received = new Float64Array(specs.length);
  /** Deliveries that have arrived, for reuse: the most common object is not allocated per hop. */
  const spareDeliveries: Delivery[] = [];
  const { virtual } = topology;
  /** The topology has a virtual IP (keepalived's): a browser's packets then go where it is now. */
  const hasVirtual = virtual.size > 0;

  /** The browser connection a message travels on, when it is addressed to a virtual IP. */
  function virtualConn(msg: Message): Connection | undefined {
    const conn =
      msg.type === "tcp.syn" || msg.type === "tcp.keepalive"
        ? msg.conn
        : msg.type === "http.request"
          ? msg.exchange.conn
          : undefined;
    return conn !== undefined && virtual.ofKey(conn.key) !== undefined ? conn : undefined;
  }

  /**
   * Where a browser's packet for a virtual IP goes: the process listening on that port of the
   * machine the router sends the address to now (it may have moved since the connection was
   * opened). A SYN that goes elsewhere makes the connection one with that process.
   */
  function virtualTarget(from: number, to: number, msg: Message): number {
    const conn = virtualConn(msg);
    if (!conn) return to;
    const address = virtual.ofKey(conn.key);
    const machine = address === undefined ? -1 : address.arp;
    if (machine < 0 || machine === topology.machineOf(to)) return to;
    const target = topology.entrance(from, machine, conn.port) ?? to;
    if (msg.type === "tcp.syn") conn.server = target;
    return target;
  }

  /** A browser's packet for a virtual IP reached a machine without that address on its interface (or gone from it): dropped. */
  function virtualLost(to: number, msg: Message): boolean {
    const conn = virtualConn(msg);
    if (!conn) return false;
    const address = virtual.ofKey(conn.key);
    const machine = topology.machineOf(to);
    return address !== undefined && !virtual.isOn(address, machine, connEpoch[machine] ?? 0);
  }

  /** Each route's links as (latency, jitter) pairs, by `from * specs.length + to`: `send` reads numbers, not link objects. */
  const hopTerms: (Float64Array | undefined)[] = new Array(specs.length * specs.length).fill(
    undefined,
  );
  function routeTerms(from: number, to: number): Float64Array {
    const route = topology.route(from, to);
    if (route === undefined) {
      throw new TopologyError(
        "TOPOLOGY_NO_ROUTE",
        `no link path from ${specs[from]?.id} to ${specs[to]?.id}`,
      );
    }
    const links = route.flatMap((l) => topology.links[l] ?? []);
    const terms = new Float64Array(links.length * 2);
    links.forEach((link, i) => {
      terms[2 * i] = link.latencyMs;
      terms[2 * i + 1] = link.jitter;
    });
    hopTerms[from * specs.length + to] = terms;
    return terms;
  }

  /** Hands a message over, unless a failure stops it on the way in. */
  function deliver(from: number, to: number, msg: Message, hop: HopInfo): void {
    if (!machineUp(to)) {
      const machine = topology.machineOf(to);
      if (hop.request.traced)
        trace.note(
          to,
          "packet.lost",
          `${summaryOf(hop)}: lost, ${labelOf(machine)} is down`,
          hop.request.id,
          hop.request.visitId,
        );
      // A lost request is never acknowledged: the sender's TCP will send it again.
      if (msg.type === "http.request" && msg.exchange.conn) segmentLost(from, msg, hop.request);
      return;
    }
    if (hasVirtual && clients[from] === 1 && virtualLost(to, msg)) {
      if (hop.request.traced)
        trace.note(
          to,
          "packet.lost",
          `${summaryOf(hop)}: lost, ${labelOf(topology.machineOf(to))} does not have the address (no one holds it)`,
          hop.request.id,
          hop.request.visitId,
        );
      if (msg.type === "http.request" && msg.exchange.conn) segmentLost(from, msg, hop.request);
      return;
    }
    const behaviour = behaviours[to];
    const state = states[to];
    // A SYN for a port nothing listens on from outside (8.8.8.8:8080): the kernel resets it.
    const unheard = msg.type === "tcp.syn" && topology.publicPort(to) !== msg.conn.port;
    if (killed[to] || !behaviour || !state || unheard) {
      refuse(from, to, msg);
      return;
    }
    if (msg.type === "tcp.keepalive" || (msg.type === "http.request" && msg.exchange.conn)) {
      if (answeredByKernel(from, to, msg)) return;
    }
    if (clients[to] === 1 && hop.request.user !== 0) {
      // Generated users each have their own browser; one whose visit has ended hears nothing more.
      const user = visits.browserStateOf(hop.request);
      if (user) behaviour(ctx.kernel, to, user, from, msg);
      return;
    }
    behaviour(ctx.kernel, to, state.state, from, msg);
  }

  /** A browser's request was lost on the way: its TCP retransmits it (see browserSegmentLost). */
  function segmentLost(from: number, msg: Message, request: RequestRecord): void {
    const spec = specs[from];
    const client = kinds[from]?.client;
    if (!spec || !client || !isUp(from)) return;
    const state = request.user !== 0 ? visits.browserStateOf(request) : states[from]?.state;
    if (state) client.segmentLost(ctx.kernel, from, spec, state, msg);
  }

  /**
   * What the receiving host's TCP answers by itself, before any process sees the segment:
   * a keep-alive probe gets an ACK, and a segment of a connection the host does not know
   * (it was opened before the process or the machine restarted) gets a reset.
   */
  function answeredByKernel(
    from: number,
    to: number,
    msg: Extract<Message, { type: "tcp.keepalive" | "http.request" }>,
  ): boolean {
    const conn = msg.type === "tcp.keepalive" ? msg.conn : msg.exchange.conn;
    const request = msg.type === "tcp.keepalive" ? msg.request : msg.exchange.request;
    if (!conn || conn.serverEpoch === undefined) return false;
    // A host knows only the connections made with it: a browser's connection to a virtual IP
    // opened with another machine (before the address moved here) is as unknown as one from
    // before a restart.
    const moved = hasVirtual && conn.server !== to && virtual.ofKey(conn.key) !== undefined;
    if (conn.serverEpoch !== connEpoch[to] || moved) {
      const machine = topology.machineOf(to);
      const reason = moved
        ? `${labelOf(machine)} never had this connection (it was opened with ${labelOf(topology.machineOf(conn.server))} before the address ${conn.key.slice(0, conn.key.lastIndexOf(":"))} moved), so its kernel answered with a reset.`
        : `${labelOf(machine)} no longer knows this connection (${machine === to ? "it" : labelOf(to)} restarted since it was opened), so its kernel answered with a reset.`;
      network.send(
        to,
        from,
        { type: "tcp.rst", conn, request, why: "reset", reason },
        "tcp.rst",
        HopKind.Error,
        request,
        "RST: no such connection",
      );
      return true;
    }
    if (msg.type !== "tcp.keepalive") return false;
    network.send(
      to,
      from,
      { type: "tcp.ack", conn, request },
      "tcp.ack",
      HopKind.Tcp,
      request,
      "ACK",
    );
    return true;
  }

  /** The machine is up but the process is not: its kernel refuses new connections and resets old ones. */
  function refuse(from: number, to: number, msg: Message): void {
    const port =
      msg.type === "tcp.syn" ? msg.conn.port : (specs[to] as { port?: number } | undefined)?.port;
    const refusal = refusalOf(msg, port === undefined ? labelOf(to) : `port ${port}`);
    if (!refusal) return; // answers to a process that has stopped go nowhere
    network.send(
      to,
      from,
      refusal.answer,
      "tcp.rst",
      HopKind.Error,
      refusal.request,
      refusal.summary,
    );
  }

  const network: Network = {
    save: () => ({ received, spareDeliveries }),
    restore() {},
    send(from, target, msg, step, kind, request, summary) {
      const to = hasVirtual && clients[from] === 1 ? virtualTarget(from, target, msg) : target;
      const terms = hopTerms[from * specs.length + to] ?? routeTerms(from, to);
      // Per hop, in route order: the same draws and the same arithmetic as walking the links.
      let latency = 0;
      for (let i = 0; i < terms.length; i += 2)
        latency += (terms[i] as number) * (1 + (terms[i + 1] as number) * rng.next());
      const arrive = now() + latency;
      // The packet in flight is also the hop's record: no separate HopInfo object.
      const d =
        spareDeliveries.pop() ?? new Delivery(network, from, to, msg, step, kind, request, summary);
      d.from = from;
      d.to = to;
      d.msg = msg;
      d.step = step;
      d.kind = kind;
      d.request = request;
      d.summary = summary;
      const seq = request.traced ? trace.hop(from, to, arrive, d) : -1;
      d.handle = packets.add(from, to, now(), arrive, kind, seq);
      queue.push(arrive, d);
    },
    arrived(d) {
      packets.remove(d.handle);
      const type = d.msg.type;
      if (type === "http.request" || type === "sql.query" || type === "dns.query") {
        received[d.to] = (received[d.to] as number) + 1;
      }
      deliver(d.from, d.to, d.msg, d);
      // Nothing keeps a delivery once it has arrived: reuse it for a later hop (last in, first out,
      // so the message it still points to is let go of soon).
      if (spareDeliveries.length < SPARES_KEEP) spareDeliveries.push(d);
    },
    received,
  };
  return network;
}
