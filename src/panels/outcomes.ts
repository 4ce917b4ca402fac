import type { Outcome } from "../engine";

/** How each outcome is named and drawn: a shape and a colour, never a colour alone. */
export const OUTCOME_LOOK: Record<
  Outcome,
  { label: string; short: string; shape: string; tone: string }
> = {
  ok: { label: "Page loaded (200)", short: "OK", shape: "circle", tone: "ok" },
  http_404: { label: "404 Not Found", short: "404", shape: "diamond", tone: "warn" },
  http_500: { label: "500 Internal Server Error", short: "500", shape: "triangle", tone: "bad" },
  http_502: { label: "502 Bad Gateway", short: "502", shape: "triangle", tone: "bad" },
  http_504: { label: "504 Gateway Time-out", short: "504", shape: "hourglass", tone: "warn" },
  ERR_NAME_NOT_RESOLVED: { label: "DNS error", short: "DNS", shape: "square", tone: "dark" },
  ERR_CONNECTION_REFUSED: {
    label: "Connection refused",
    short: "refused",
    shape: "cross",
    tone: "bad",
  },
  ERR_CONNECTION_TIMED_OUT: {
    label: "Connection timed out",
    short: "timeout",
    shape: "square",
    tone: "warn",
  },
  ERR_TIMED_OUT: { label: "Timed out", short: "timeout", shape: "hourglass", tone: "warn" },
  ERR_CONNECTION_RESET: { label: "Connection reset", short: "reset", shape: "cross", tone: "warn" },
};
