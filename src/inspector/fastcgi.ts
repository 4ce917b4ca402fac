import type { AppServerSpec, HopEntry, NginxSpec } from "../engine";
import { formatBytes } from "../engine/httpAnswer";
import { specOf } from "./addresses";
import { appPage, excerpt } from "./body";
import type { Connections, Wire } from "./connections";
import { hopBefore, type InspectContext, positionOf, requestHost } from "./context";
import type { Decoder } from "./decoder";
import { byteLength } from "./hash";
import { parseRequestLine, requestOf } from "./http";
import { type Field, field, type Layer } from "./types";

/** FastCGI's record types (the FastCGI specification, §8). */
const RecordType = { BEGIN_REQUEST: 1, END_REQUEST: 3, PARAMS: 4, STDIN: 5, STDOUT: 6 } as const;
const HEADER_BYTES = 8;
/** Nginx sends every request with request ID 1 (one request per connection). */
const REQUEST_ID = 1;

/** A record's padding: Nginx and PHP-FPM align each record's content to 8 bytes. */
function padding(contentBytes: number): number {
  return (8 - (contentBytes % 8)) % 8;
}

function recordBytes(contentBytes: number): number {
  return HEADER_BYTES + contentBytes + padding(contentBytes);
}

/** A name-value pair's length: each length takes 1 byte below 128, else 4 (§3.4). */
function pairBytes(name: string, value: string): number {
  const n = byteLength(name);
  const v = byteLength(value);
  return (n < 128 ? 1 : 4) + (v < 128 ? 1 : 4) + n + v;
}

interface FcgiRecord {
  type: keyof typeof RecordType;
  contentBytes: number;
  fields: Field[];
}

function recordLayer(record: FcgiRecord): Layer {
  const pad = padding(record.contentBytes);
  return {
    name: `FastCGI ${record.type}`,
    summary: `${record.type}, id ${REQUEST_ID}, content ${record.contentBytes} bytes, padding ${pad}`,
    fields: [
      field("Version", 1),
      field("Type", `${record.type} (${RecordType[record.type]})`),
      field("Request ID", REQUEST_ID),
      field("Content Length", record.contentBytes),
      field("Padding Length", pad),
      ...record.fields,
    ],
  };
}

/** The app server Nginx passes to (the hop's receiver) and Nginx's spec. */
function partsOf(hop: HopEntry, ctx: InspectContext, request: boolean) {
  const nginx = specOf(ctx.topology, request ? hop.from : hop.to);
  const app = specOf(ctx.topology, request ? hop.to : hop.from);
  return {
    nginx: nginx?.kind === "nginx" ? nginx : undefined,
    app: app?.kind === "app" ? app : undefined,
  };
}

/**
 * The parameters Nginx sends (Debian's fastcgi.conf and snippets/fastcgi-php.conf, with
 * `try_files $uri /index.php`): the CGI variables, then the request's headers as HTTP_*.
 */
function params(
  hop: HopEntry,
  ctx: InspectContext,
  tracker: Connections,
  nginx: NginxSpec | undefined,
  app: AppServerSpec | undefined,
): [string, string][] {
  const line = parseRequestLine(
    hop.summary.replace(/^FastCGI request: /, "").replace(/ \(.*\)$/, " HTTP/1.1"),
  ) ?? {
    method: "GET",
    path: "/",
    version: "1.1",
  };
  // The request Nginx got, on the connection it came in on (from the browser or HAProxy).
  const incoming = hopBefore(
    ctx,
    positionOf(ctx, hop.seq),
    (h) => h.step === "http.request" && h.to === hop.from && h.requestId === hop.requestId,
  );
  const client = incoming ? tracker.carrying(incoming.from, hop.requestId) : undefined;
  const http = incoming ? requestOf(incoming, ctx, tracker) : undefined;
  const root = nginx?.root ?? "";
  const script = `/${app?.entryPoint ?? "index.php"}`;
  const query = line.path.includes("?") ? line.path.slice(line.path.indexOf("?") + 1) : "";
  const post = line.method === "POST";
  const contentLength = http?.headers.find(([n]) => n === "Content-Length")?.[1] ?? "";
  const pairs: [string, string][] = [
    ["SCRIPT_FILENAME", `${root}${script}`],
    ["QUERY_STRING", query],
    ["REQUEST_METHOD", line.method],
    ["CONTENT_TYPE", post ? "application/x-www-form-urlencoded" : ""],
    ["CONTENT_LENGTH", post ? contentLength : ""],
    ["SCRIPT_NAME", script],
    ["REQUEST_URI", line.path],
    ["DOCUMENT_URI", script],
    ["DOCUMENT_ROOT", root],
    ["SERVER_PROTOCOL", "HTTP/1.1"],
    ["REQUEST_SCHEME", "http"],
    ["GATEWAY_INTERFACE", "CGI/1.1"],
    ["SERVER_SOFTWARE", nginx?.serverHeader ?? "nginx"],
    ["REMOTE_ADDR", client?.endpoints.clientIp ?? ""],
    ["REMOTE_PORT", client ? String(client.clientPort) : ""],
    ["SERVER_ADDR", client?.endpoints.serverIp ?? ""],
    ["SERVER_PORT", String(nginx?.port ?? 80)],
    ["SERVER_NAME", nginx?.serverNames?.[0] ?? ""],
    ["REDIRECT_STATUS", "200"],
  ];
  for (const [name, value] of http?.headers ?? [])
    pairs.push([`HTTP_${name.toUpperCase().replace(/-/g, "_")}`, value]);
  return pairs;
}

function requestRecords(
  hop: HopEntry,
  ctx: InspectContext,
  tracker: Connections,
): { records: FcgiRecord[]; pairs: [string, string][] } {
  const { nginx, app } = partsOf(hop, ctx, true);
  const pairs = params(hop, ctx, tracker, nginx, app);
  const paramBytes = pairs.reduce((n, [k, v]) => n + pairBytes(k, v), 0);
  const post = /^FastCGI request: POST /.test(hop.summary);
  const stdin = post ? byteLength("author=ana&body=Nice+post%21") : 0;
  const records: FcgiRecord[] = [
    {
      type: "BEGIN_REQUEST",
      contentBytes: 8,
      fields: [
        field("Role", "RESPONDER (1)"),
        field("Flags", "0x00 (no FCGI_KEEP_CONN: PHP-FPM closes the connection after the answer)"),
      ],
    },
    {
      type: "PARAMS",
      contentBytes: paramBytes,
      fields: pairs.map(([k, v]) => field(k, v)),
    },
    {
      type: "PARAMS",
      contentBytes: 0,
      fields: [field("Note", "An empty PARAMS record ends the parameters")],
    },
  ];
  if (stdin > 0)
    records.push({
      type: "STDIN",
      contentBytes: stdin,
      fields: [field("Data", "the form's body, as the browser sent it")],
    });
  records.push({
    type: "STDIN",
    contentBytes: 0,
    fields: [
      field("Note", stdin > 0 ? "An empty STDIN record ends the body" : "Empty: a GET has no body"),
    ],
  });
  return { records, pairs };
}

interface FcgiResponse {
  status: number;
  reason: string;
  version: string;
  bytes: number;
  headers: string;
}

/** `FastCGI STDOUT: Status 200 OK (text/html, 4.2 kB, v1), END_REQUEST` → its parts. */
function parseResponse(hop: HopEntry, ctx: InspectContext): FcgiResponse | undefined {
  const m = /^FastCGI STDOUT: Status (\d{3}) (.*?) \(([^,]+), ([\d.]+ k?B), ([^)]*)\)/.exec(
    hop.summary,
  );
  if (!m) return undefined;
  const status = Number(m[1]);
  const app = partsOf(hop, ctx, false).app;
  const sizeText = m[4] ?? "";
  const bytes =
    app && formatBytes(app.pageBytes) === sizeText
      ? app.pageBytes
      : sizeText.endsWith("kB")
        ? Math.round(Number.parseFloat(sizeText) * 1000)
        : Number.parseFloat(sizeText);
  // PHP's CGI interface sends a Status header only for a status other than 200.
  const headers = `${status === 200 ? "" : `Status: ${status} ${m[2]}\r\n`}Content-type: text/html; charset=UTF-8\r\n\r\n`;
  return { status, reason: m[2] ?? "", version: m[5] ?? "", bytes, headers };
}

function responseRecords(hop: HopEntry, ctx: InspectContext): FcgiRecord[] {
  const r = parseResponse(hop, ctx);
  if (!r) return [];
  const { app } = partsOf(hop, ctx, false);
  const stdout = byteLength(r.headers) + r.bytes;
  const host = requestHost(ctx, hop.requestId) ?? "";
  const body = excerpt(r.headers + appPage(app, host, r.status), stdout);
  return [
    {
      type: "STDOUT",
      contentBytes: stdout,
      fields: [
        field(
          "Headers",
          r.status === 200
            ? "Content-type: text/html; charset=UTF-8 (no Status header: PHP sends one only for a status other than 200, and Nginx reads 200)"
            : `Status: ${r.status} ${r.reason}, Content-type: text/html; charset=UTF-8`,
        ),
        field("Code version", r.version),
        { name: body.name.replace("Body", "Data"), value: body.value },
        field(
          "Note",
          "The engine models the page's size, not its text: the HTML shown is a plausible start",
        ),
      ],
    },
    {
      type: "STDOUT",
      contentBytes: 0,
      fields: [field("Note", "An empty STDOUT record ends the output")],
    },
    {
      type: "END_REQUEST",
      contentBytes: 8,
      fields: [field("App Status", 0), field("Protocol Status", "REQUEST_COMPLETE (0)")],
    },
  ];
}

function total(records: readonly FcgiRecord[]): number {
  return records.reduce((n, r) => n + recordBytes(r.contentBytes), 0);
}

export const fastcgiDecoder: Decoder = {
  wire(hop, ctx, tracker): Wire {
    const records =
      hop.step === "fastcgi.request"
        ? requestRecords(hop, ctx, tracker).records
        : responseRecords(hop, ctx);
    return { len: total(records) };
  },
  decode(hop, ctx, tracker) {
    const records =
      hop.step === "fastcgi.request"
        ? requestRecords(hop, ctx, tracker).records
        : responseRecords(hop, ctx);
    if (records.length === 0)
      return {
        transport: "tcp",
        app: [
          {
            name: "FastCGI",
            summary: `FastCGI: ${hop.summary}`,
            fields: [field("Summary", hop.summary)],
          },
        ],
      };
    const request = hop.step === "fastcgi.request";
    return {
      transport: "tcp",
      app: [
        {
          name: "FastCGI",
          summary: `FastCGI (${request ? "request" : "response"}): ${records.map((r) => r.type).join(", ")}`,
          fields: [
            field("Records", records.length),
            field("Length", `${total(records)} bytes`),
            field("Note", "Each record: an 8-byte header, its content, padding to a multiple of 8"),
          ],
          children: records.map(recordLayer),
        },
      ],
    };
  },
};
