import type { HopEntry } from "../engine";
import type { Wire } from "./connections";
import type { Decoder } from "./decoder";
import { byteLength } from "./hash";
import { type Field, field, type Layer } from "./types";

/** Each MySQL packet starts with a 3-byte length and a 1-byte sequence number. */
const PACKET_HEADER = 4;
/** The result set's size is estimated: the rows' data are not modelled. */
export const ESTIMATED_COLUMN_DEFINITION_BYTES = 40;
export const ESTIMATED_ROW_BYTES = 100;

/**
 * SQLSTATE of the server's errors (MySQL's error reference). 1040 is sent during the handshake,
 * before the client's capabilities are known, so without its SQLSTATE: clients report HY000.
 */
const SERVER_ERRORS: Record<number, { sqlState: string; inHandshake: boolean; name: string }> = {
  1040: { sqlState: "08004", inHandshake: true, name: "ER_CON_COUNT_ERROR" },
  1290: { sqlState: "HY000", inHandshake: false, name: "ER_OPTION_PREVENTS_STATEMENT" },
};

interface Packet {
  name: string;
  payload: number;
  fields: Field[];
}

function packetLayer(p: Packet, sequence: number): Layer {
  return {
    name: p.name,
    summary: `${p.name}, payload ${p.payload} bytes, sequence ${sequence}`,
    fields: [field("Packet Length", p.payload), field("Packet Number", sequence), ...p.fields],
  };
}

function bytesOf(packets: readonly Packet[]): number {
  return packets.reduce((n, p) => n + PACKET_HEADER + p.payload, 0);
}

/** `SELECT title, body FROM posts …` → ["title", "body"]. */
function columnsOf(sql: string): string[] {
  const m = /^SELECT\s+(.+?)\s+FROM\s/i.exec(sql);
  return m?.[1] ? m[1].split(",").map((c) => c.trim()) : [];
}

/** The statement a result answers: the query sent just before on the same connection. */
function queryBefore(hop: HopEntry, trace: readonly { type: string }[]): string {
  for (let i = trace.length - 1; i >= 0; i--) {
    const e = trace[i] as HopEntry;
    if (e.type !== "hop" || e.seq >= hop.seq) continue;
    if (
      e.step === "sql.query" &&
      e.requestId === hop.requestId &&
      e.from === hop.to &&
      e.to === hop.from
    )
      return e.summary;
  }
  return "";
}

/** What a MySQL hop is on the wire: a query, a result, an error packet, or no packet at all. */
function packetsOf(
  hop: HopEntry,
  trace: readonly { type: string }[],
): { packets: Packet[]; wire: Wire; notes: string[] } {
  if (hop.step === "sql.query") {
    const payload = 1 + byteLength(hop.summary);
    return {
      packets: [
        {
          name: "COM_QUERY",
          payload,
          fields: [field("Command", "COM_QUERY (0x03)"), field("Statement", hop.summary)],
        },
      ],
      wire: { len: PACKET_HEADER + payload },
      notes: [],
    };
  }
  const rows = /^(\d+) rows? in set/.exec(hop.summary);
  if (rows) {
    const n = Number(rows[1]);
    const columns = columnsOf(queryBefore(hop, trace));
    const packets: Packet[] = [
      { name: "Column Count", payload: 1, fields: [field("Number of Fields", columns.length)] },
      ...columns.map((c) => ({
        name: "Column Definition",
        payload: ESTIMATED_COLUMN_DEFINITION_BYTES,
        fields: [
          field("Name", c),
          field("Size", `about ${ESTIMATED_COLUMN_DEFINITION_BYTES} bytes (estimated)`),
        ],
      })),
      ...Array.from({ length: n }, (_, i) => ({
        name: "Row",
        payload: ESTIMATED_ROW_BYTES,
        fields: [
          field("Row", `${i + 1} of ${n}`),
          field(
            "Values",
            `${columns.length} columns, not modelled (about ${ESTIMATED_ROW_BYTES} bytes estimated)`,
          ),
        ],
      })),
      {
        name: "OK (end of result set)",
        payload: 7,
        fields: [field("Header", "0xfe (CLIENT_DEPRECATE_EOF: an OK packet ends the rows)")],
      },
    ];
    return {
      packets,
      wire: { len: bytesOf(packets) },
      notes: [
        `Result set: ${columns.length} columns, ${n} rows (${hop.summary})`,
        `Sizes estimated: the rows' data are not modelled (${ESTIMATED_COLUMN_DEFINITION_BYTES} bytes a column definition, ${ESTIMATED_ROW_BYTES} a row)`,
      ],
    };
  }
  const ok = /^Query OK, (\d+) rows? affected/.exec(hop.summary);
  if (ok) {
    const packets: Packet[] = [
      {
        name: "OK",
        payload: 7,
        fields: [
          field("Header", "0x00"),
          field("Affected Rows", ok[1] ?? "1"),
          field("Last Insert ID", "not modelled"),
          field("Server Status", "0x0002 (SERVER_STATUS_AUTOCOMMIT)"),
          field("Warnings", 0),
        ],
      },
    ];
    return { packets, wire: { len: bytesOf(packets) }, notes: [hop.summary] };
  }
  const error = /^ERROR (\d+) \(([A-Z0-9]{5})\): (.*)$/.exec(hop.summary);
  if (error) {
    const code = Number(error[1]);
    const message = error[3] ?? "";
    const known = SERVER_ERRORS[code];
    if (!known) {
      // Not a packet from the server: the client library's own error (2013: the connection closed).
      return {
        packets: [],
        wire: { len: 0, flags: "FIN, ACK" },
        notes: [
          `No MySQL packet: the server's process stopped and its kernel closed the connection (FIN); the client library reports ERROR ${code} (${error[2]}): ${message}`,
        ],
      };
    }
    const payload = 1 + 2 + (known.inHandshake ? 0 : 6) + byteLength(message);
    return {
      packets: [
        {
          name: "ERR",
          payload,
          fields: [
            field("Header", "0xff"),
            field("Error Code", `${code} (${known.name})`),
            field(
              "SQL State",
              known.inHandshake
                ? `${known.sqlState}, not sent: the error comes during the handshake, before the client said it speaks protocol 4.1, so clients report HY000`
                : `#${known.sqlState}`,
            ),
            field("Error Message", message),
          ],
        },
      ],
      wire: known.inHandshake
        ? {
            len: PACKET_HEADER + payload,
            note: "The server closes the connection after this packet",
          }
        : { len: PACKET_HEADER + payload },
      notes: [hop.summary],
    };
  }
  return { packets: [], wire: { len: 0 }, notes: [hop.summary] };
}

/** Rows past the second are folded into one layer: ten (or a hundred) alike say nothing more. */
function collapseRows(layers: Layer[]): Layer[] {
  const rows = layers.filter((l) => l.name === "Row");
  if (rows.length <= 3) return layers;
  const rest = rows.slice(2);
  const folded: Layer = {
    name: "Rows",
    summary: `Rows 3 to ${rows.length}: ${rest.length} more packets like the ones above`,
    fields: [
      field("Packets", rest.length),
      field("Payload", `about ${ESTIMATED_ROW_BYTES} bytes each (estimated)`),
    ],
  };
  const out: Layer[] = [];
  for (const l of layers) {
    if (l.name !== "Row") out.push(l);
    else if (l === rows[2]) out.push(folded);
    else if (rows.indexOf(l) < 2) out.push(l);
  }
  return out;
}

export const mysqlDecoder: Decoder = {
  wire(hop, ctx) {
    return packetsOf(hop, ctx.trace).wire;
  },
  decode(hop, ctx, tracker) {
    const segment = tracker.segment(hop.seq);
    if (hop.step === "tcp.rst") {
      return {
        transport: "tcp",
        app: [
          {
            name: "MySQL Protocol",
            summary: "MySQL Protocol: no packet (connection refused)",
            fields: [
              field(
                "Client error",
                `connect() to ${segment ? `${segment.conn.endpoints.serverIp}:${segment.conn.endpoints.serverPort}` : hop.from} is refused: PHP's mysqlnd reports SQLSTATE[HY000] [2002] Connection refused (a client-side error: no MySQL packet is sent)`,
              ),
            ],
          },
        ],
      };
    }
    if (hop.step === "sql.query" && segment?.flags === "SYN")
      return {
        transport: "tcp",
        app: [
          {
            name: "MySQL Protocol",
            summary: "MySQL Protocol: not sent yet (connecting)",
            fields: [
              field("Statement", hop.summary),
              field(
                "Note",
                "The query would follow the handshake and login; the connection is refused first",
              ),
            ],
          },
        ],
      };
    const { packets, notes } = packetsOf(hop, ctx.trace);
    let sequence = hop.step === "sql.query" ? 0 : 1;
    return {
      transport: "tcp",
      app: [
        {
          name: "MySQL Protocol",
          summary: `MySQL Protocol: ${
            packets.length > 0
              ? packets
                  .map((p) => p.name)
                  .filter((n, i, all) => all.indexOf(n) === i)
                  .join(", ")
              : "no packet"
          }`,
          fields: [
            field("Packets", packets.length),
            field("Length", `${bytesOf(packets)} bytes`),
            ...notes.map((n) => field("Note", n)),
          ],
          children: collapseRows(packets.map((p) => packetLayer(p, sequence++))),
        },
      ],
    };
  },
};
