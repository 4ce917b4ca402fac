import type { Kernel } from "./kernel";
import type { LinkedSet } from "./linkedSet";
import type { Exchange, Message, PageBody } from "./messages";
import { HopKind } from "./types";

/**
 * A proxy (Nginx, HAProxy) answers an exchange it holds, once: it leaves the proxy's active
 * exchanges and the response goes back to the client (an error status travels as an error hop).
 */
export function answerExchange(
  k: Kernel,
  self: number,
  active: LinkedSet<Exchange>,
  exchange: Exchange,
  status: number,
  reason: string,
  body: PageBody,
): void {
  if (exchange.settled) return;
  exchange.settled = true;
  active.delete(exchange);
  k.send(
    self,
    exchange.client,
    { type: "http.response", exchange, status, reason, body },
    "http.response",
    status < 400 ? HopKind.HttpResponse : HopKind.Error,
    exchange.request,
    responseSummary,
  );
}

/** A response's summary, declared once: it reads the message (see HopInfo.summary). */
export function responseSummary(msg: Message): string {
  const { status, reason, body } = msg as Extract<Message, { type: "http.response" }>;
  const size = body.bytes > 0 ? ` (${body.contentType}, ${formatBytes(body.bytes)})` : "";
  return `HTTP/1.1 ${status} ${reason}${size}`;
}

/** A body's size as the log shows it: bytes below 1,000, kB from there. */
export function formatBytes(bytes: number): string {
  return bytes >= 1000 ? `${(bytes / 1000).toFixed(1)} kB` : `${bytes} B`;
}
