import { OUTCOME_TEXT, type Outcome } from "../engine";

/** How an outcome is drawn: a shape and a colour, never a colour alone. */
const DRAWN: Record<Outcome, { shape: string; tone: string }> = {
  ok: { shape: "circle", tone: "ok" },
  http_404: { shape: "diamond", tone: "warn" },
  http_500: { shape: "triangle", tone: "bad" },
  http_502: { shape: "triangle", tone: "bad" },
  http_503: { shape: "triangle", tone: "bad" },
  http_504: { shape: "hourglass", tone: "warn" },
  ERR_NAME_NOT_RESOLVED: { shape: "square", tone: "dark" },
  ERR_CONNECTION_REFUSED: { shape: "cross", tone: "bad" },
  ERR_CONNECTION_TIMED_OUT: { shape: "square", tone: "warn" },
  ERR_TIMED_OUT: { shape: "hourglass", tone: "warn" },
  ERR_CONNECTION_RESET: { shape: "cross", tone: "warn" },
};

/**
 * How each outcome is named and drawn. The name is what the user reads (the engine's
 * OUTCOME_TEXT: `500 Internal Server Error`, `ERR_CONNECTION_REFUSED`), never `http_500`.
 */
export const OUTCOME_LOOK: Record<Outcome, { label: string; shape: string; tone: string }> =
  Object.fromEntries(
    (Object.keys(DRAWN) as Outcome[]).map((o) => [o, { label: OUTCOME_TEXT[o], ...DRAWN[o] }]),
  ) as Record<Outcome, { label: string; shape: string; tone: string }>;
