import type { AppServerSpec, HopEntry, NginxSpec } from "../engine";
import { HAPROXY_PAGES } from "../engine/haproxy";
import { formatBytes } from "../engine/httpAnswer";
import { nginxErrorPage, uriOf } from "../engine/nginx";
import { specOf } from "./addresses";
import { appPage, excerpt, fileBody } from "./body";
import type { Connections, Wire } from "./connections";
import { hopBefore, type InspectContext, kindOf, positionOf, requestHost } from "./context";
import type { Decoder } from "./decoder";
import { byteLength } from "./hash";
import { type Field, field, type Layer } from "./types";

/** A current Chromium on Linux, with the reduced User-Agent string every Chromium sends since 2023. */
export const CHROMIUM_USER_AGENT =
  "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/138.0.0.0 Safari/537.36";

const ACCEPT_DOCUMENT =
  "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,image/apng,*/*;q=0.8,application/signed-exchange;v=b3;q=0.7";
const ACCEPT_CSS = "text/css,*/*;q=0.1";
const ACCEPT_IMAGE = "image/avif,image/webp,image/apng,image/svg+xml,image/*,*/*;q=0.8";
/** The comment form's body: the engine models that a write is sent, not what it says. */
const FORM_BODY = "author=ana&body=Nice+post%21";

export interface RequestLine {
  method: string;
  path: string;
  version: string;
}

/** `GET /style.css HTTP/1.1 (retransmission 1)` → its request line. */
export function parseRequestLine(summary: string): RequestLine | undefined {
  const m = /^([A-Z]+) (\S+) HTTP\/(1\.[01])/.exec(summary);
  return m ? { method: m[1] ?? "GET", path: m[2] ?? "/", version: m[3] ?? "1.1" } : undefined;
}

/** An HTTP/1.x message: start line, headers and the body (its text, or only its size). */
export interface HttpMessage {
  startLine: string;
  headers: [string, string][];
  /** The body's text, as far as it is known. */
  body: string;
  bodyBytes: number;
  /** Transfer-Encoding: chunked (one chunk, then the last). */
  chunked: boolean;
  notes: string[];
}

/** The message's head (start line, headers, blank line) as sent. */
export function headText(m: HttpMessage): string {
  return `${[m.startLine, ...m.headers.map(([n, v]) => `${n}: ${v}`)].join("\r\n")}\r\n\r\n`;
}

/** The whole message's length in bytes, chunk framing included. */
export function messageBytes(m: HttpMessage): number {
  const framing = m.chunked ? byteLength(`${m.bodyBytes.toString(16)}\r\n\r\n0\r\n\r\n`) : 0;
  return byteLength(headText(m)) + m.bodyBytes + framing;
}

function acceptFor(path: string): { accept: string; document: boolean } {
  const uri = uriOf(path);
  if (uri.endsWith(".css")) return { accept: ACCEPT_CSS, document: false };
  if (/\.(png|jpe?g|gif|webp|avif|svg|ico)$/.test(uri))
    return { accept: ACCEPT_IMAGE, document: false };
  if (uri.endsWith(".js")) return { accept: "*/*", document: false };
  return { accept: ACCEPT_DOCUMENT, document: true };
}

/**
 * What Chromium sends for a request over plain HTTP: no client hints and no `br` encoding
 * (both only over HTTPS), `Upgrade-Insecure-Requests` for a page, a `Referer` for its files.
 */
export function browserRequest(
  ctx: InspectContext,
  requestId: number,
  line: RequestLine,
  serverIp: string,
): HttpMessage {
  const known = requestHost(ctx, requestId);
  const host = known ?? serverIp;
  const { accept, document } = acceptFor(line.path);
  const post = line.method === "POST";
  const headers: [string, string][] = [
    ["Host", host],
    ["Connection", "keep-alive"],
  ];
  if (post)
    headers.push(
      ["Content-Length", String(byteLength(FORM_BODY))],
      ["Cache-Control", "max-age=0"],
      ["Origin", `http://${host}`],
      ["Content-Type", "application/x-www-form-urlencoded"],
    );
  if (document) headers.push(["Upgrade-Insecure-Requests", "1"]);
  headers.push(["User-Agent", CHROMIUM_USER_AGENT], ["Accept", accept]);
  if (!document || post) headers.push(["Referer", `http://${host}/`]);
  headers.push(["Accept-Encoding", "gzip, deflate"], ["Accept-Language", "en-US,en;q=0.9"]);
  const notes: string[] = [];
  if (!known)
    notes.push(
      "The browser's notes for this request are not in the kept trace: Host is the address",
    );
  if (post) notes.push("The form's fields are not modelled: a plausible comment stands for them");
  return {
    startLine: `${line.method} ${line.path} HTTP/${line.version}`,
    headers,
    body: post ? FORM_BODY : "",
    bodyBytes: post ? byteLength(FORM_BODY) : 0,
    chunked: false,
    notes,
  };
}

/** The request a hop carries (a browser's, or HAProxy passing it on unchanged). */
export function requestOf(hop: HopEntry, ctx: InspectContext, tracker: Connections): HttpMessage {
  const line = parseRequestLine(hop.summary) ?? { method: "GET", path: "/", version: "1.1" };
  const conn = tracker.carrying(hop.from, hop.requestId);
  const message = browserRequest(ctx, hop.requestId, line, conn?.endpoints.serverIp ?? "");
  if (kindOf(ctx, hop.from) === "haproxy")
    message.notes.push(
      "HAProxy (mode http) passes the browser's request on as it came: no option forwardfor, so no X-Forwarded-For",
    );
  return message;
}

interface ParsedResponse {
  status: number;
  reason: string;
  contentType: string | undefined;
  sizeText: string | undefined;
}

/** `HTTP/1.1 200 OK (text/html, 4.2 kB)` → its parts. */
export function parseStatusLine(summary: string): ParsedResponse | undefined {
  const m = /^HTTP\/1\.[01] (\d{3}) (.*?)(?: \(([^,()]+), ([\d.]+ k?B)\))?$/.exec(summary);
  if (!m) return undefined;
  return { status: Number(m[1]), reason: m[2] ?? "", contentType: m[3], sizeText: m[4] };
}

/**
 * A body's size from the summary's rounded text (`4.2 kB`): the exact size the topology gives
 * when one rounds to it, bytes when the summary gives bytes, else the kilobytes × 1000.
 */
export function sizeOf(
  sizeText: string | undefined,
  candidates: readonly number[],
): { bytes: number; exact: boolean } {
  if (!sizeText) return { bytes: 0, exact: true };
  const exact = candidates.find((c) => formatBytes(c) === sizeText);
  if (exact !== undefined) return { bytes: exact, exact: true };
  const n = Number.parseFloat(sizeText);
  return sizeText.endsWith("kB")
    ? { bytes: Math.round(n * 1000), exact: false }
    : { bytes: n, exact: true };
}

/** The request that led to a response: the last request for the same request id to its sender. */
function requestFor(ctx: InspectContext, response: HopEntry): HopEntry | undefined {
  return hopBefore(
    ctx,
    positionOf(ctx, response.seq),
    (h) =>
      h.requestId === response.requestId &&
      h.to === response.from &&
      h.from === response.to &&
      (h.step === "http.request" || h.step === "tcp.retransmit"),
  );
}

/** The application server an Nginx passes dynamic requests to. */
export function upstreamOf(ctx: InspectContext, nginx: NginxSpec): AppServerSpec | undefined {
  const from = ctx.topology.specs.indexOf(nginx);
  const to = ctx.topology.resolveAddress(from, nginx.fastcgiPass);
  const spec = to === undefined ? undefined : ctx.topology.specs[to];
  return spec?.kind === "app" ? spec : undefined;
}

/** An HAProxy's own error page (src/http.c), when the response is one. */
function haproxyPage(parsed: ParsedResponse): HttpMessage | undefined {
  const page = HAPROXY_PAGES[parsed.status as keyof typeof HAPROXY_PAGES];
  if (!page || parsed.sizeText !== formatBytes(page.body.length)) return undefined;
  return {
    startLine: `HTTP/1.1 ${parsed.status} ${page.reason}`,
    headers: [
      ["content-length", String(page.body.length)],
      ["cache-control", "no-cache"],
      ["content-type", "text/html"],
    ],
    body: page.body,
    bodyBytes: page.body.length,
    chunked: false,
    notes: [
      "HAProxy's own error page, byte for byte as its source (src/http.c) has it; it closes the connection after it",
    ],
  };
}

/** Nginx's answer: one of its error pages, a file from disk, or the application's page. */
function nginxResponse(
  hop: HopEntry,
  ctx: InspectContext,
  nginx: NginxSpec,
  parsed: ParsedResponse,
): HttpMessage {
  const server = nginx.serverHeader;
  const startLine = `HTTP/1.1 ${parsed.status} ${parsed.reason}`;
  const notes = [
    "Date (and for files Last-Modified and ETag) left out: the simulation has no wall clock",
  ];
  const errorPage = nginxErrorPage(parsed.status, parsed.reason, server);
  if (parsed.status >= 400 && parsed.sizeText === formatBytes(errorPage.length)) {
    return {
      startLine,
      headers: [
        ["Server", server],
        ["Content-Type", "text/html"],
        ["Content-Length", String(errorPage.length)],
        ["Connection", "keep-alive"],
      ],
      body: errorPage,
      bodyBytes: errorPage.length,
      chunked: false,
      notes: [
        "Nginx's own error page (ngx_http_special_response.c), with the padding it adds for Chrome",
        ...notes,
      ],
    };
  }
  const request = requestFor(ctx, hop);
  const path = request ? (parseRequestLine(request.summary)?.path ?? "/") : "/";
  const file = nginx.staticFiles[uriOf(path)];
  if (parsed.status === 200 && file && file.contentType === parsed.contentType) {
    return {
      startLine,
      headers: [
        ["Server", server],
        ["Content-Type", file.contentType],
        ["Content-Length", String(file.bytes)],
        ["Connection", "keep-alive"],
        ["Accept-Ranges", "bytes"],
      ],
      body: fileBody(file.contentType),
      bodyBytes: file.bytes,
      chunked: false,
      notes: [
        `${nginx.root}${uriOf(path)}, read from disk; its contents are not modelled`,
        ...notes,
      ],
    };
  }
  const app = upstreamOf(ctx, nginx);
  const size = sizeOf(parsed.sizeText, app ? [app.pageBytes] : []);
  const host = requestHost(ctx, hop.requestId) ?? nginx.serverNames?.[0] ?? "";
  return {
    startLine,
    headers: [
      ["Server", server],
      ["Content-Type", "text/html; charset=UTF-8"],
      ["Transfer-Encoding", "chunked"],
      ["Connection", "keep-alive"],
    ],
    body: appPage(app, host, parsed.status),
    bodyBytes: size.bytes,
    chunked: true,
    notes: [
      "The application's page, passed on from FastCGI: PHP sends no Content-Length, so Nginx sends it chunked (one chunk of the body's length, then the last, empty one)",
      "The engine models the page's size and links, not its text: the body shown is a plausible start",
      ...(size.exact
        ? []
        : [`Size from the summary (${parsed.sizeText}) × 1000: the topology gives no exact one`]),
      ...notes,
    ],
  };
}

/** The response a hop carries, whoever wrote it. */
export function responseOf(hop: HopEntry, ctx: InspectContext): HttpMessage {
  const parsed = parseStatusLine(hop.summary);
  if (!parsed)
    return {
      startLine: hop.summary,
      headers: [],
      body: "",
      bodyBytes: 0,
      chunked: false,
      notes: [],
    };
  const sender = specOf(ctx.topology, hop.from);
  if (sender?.kind === "haproxy") {
    const own = haproxyPage(parsed);
    if (own) return own;
    const upstream = hopBefore(
      ctx,
      positionOf(ctx, hop.seq),
      (h) => h.step === "http.response" && h.to === hop.from && h.requestId === hop.requestId,
    );
    if (upstream) {
      const relayed = responseOf(upstream, ctx);
      return {
        ...relayed,
        notes: [
          `HAProxy passes on ${upstream.from}'s response as it came (packet #${upstream.seq})`,
          ...relayed.notes,
        ],
      };
    }
  }
  if (sender?.kind === "nginx") return nginxResponse(hop, ctx, sender, parsed);
  const size = sizeOf(parsed.sizeText, []);
  return {
    startLine: `HTTP/1.1 ${parsed.status} ${parsed.reason}`,
    headers: [
      ...(parsed.contentType ? ([["Content-Type", parsed.contentType]] as [string, string][]) : []),
      ["Content-Length", String(size.bytes)],
    ],
    body: "",
    bodyBytes: size.bytes,
    chunked: false,
    notes: ["Its sender's headers are not modelled"],
  };
}

/** The HTTP layer: start line, headers as fields, the body's start. */
export function httpLayer(message: HttpMessage, extra: Field[] = []): Layer {
  const fields: Field[] = [
    field(
      message.startLine.startsWith("HTTP/") ? "Status Line" : "Request Line",
      message.startLine,
    ),
    ...message.headers.map(([n, v]) => field(n, v)),
    ...extra,
  ];
  if (message.chunked)
    fields.push(
      field(
        "Chunk",
        `${message.bodyBytes.toString(16)} (hex: ${message.bodyBytes} bytes), then the last chunk, 0`,
      ),
    );
  if (message.bodyBytes > 0) fields.push(excerpt(message.body, message.bodyBytes));
  fields.push(
    field(
      "Message Length",
      `${messageBytes(message)} bytes (${byteLength(headText(message))} of head)`,
    ),
  );
  for (const note of message.notes) fields.push(field("Note", note));
  return {
    name: "Hypertext Transfer Protocol",
    summary: `Hypertext Transfer Protocol: ${message.startLine}`,
    fields,
  };
}

function messageOf(hop: HopEntry, ctx: InspectContext, tracker: Connections): HttpMessage {
  return hop.step === "http.response" ? responseOf(hop, ctx) : requestOf(hop, ctx, tracker);
}

export const httpDecoder: Decoder = {
  wire(hop, ctx, tracker): Wire {
    return { len: messageBytes(messageOf(hop, ctx, tracker)) };
  },
  decode(hop, ctx, tracker) {
    const message = messageOf(hop, ctx, tracker);
    const extra =
      hop.step === "http.request" || hop.step === "tcp.retransmit"
        ? [
            field(
              "Full request URI",
              `http://${message.headers[0]?.[1] ?? ""}${parseRequestLine(hop.summary)?.path ?? ""}`,
            ),
          ]
        : [];
    return { transport: "tcp", app: [httpLayer(message, extra)] };
  },
};
