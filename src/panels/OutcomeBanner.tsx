import { CircleCheck, CircleX, Loader } from "lucide-react";
import type { RequestRecord, Simulation, VisitRecord } from "../engine";
import { selectSim, selectTraceLength, useHopscope } from "../store";
import { Caption } from "./Caption";
import { OUTCOME_LOOK } from "./outcomes";

/** What the latest visit came to, in a line: its tone, the headline and what the user saw. */
export interface VisitOutcome {
  tone: "loading" | "ok" | "bad";
  head: string;
  detail: string;
}

/** Chromium's line under its error page, by error code. */
const CHROME_DETAIL: Record<string, (host: string) => string> = {
  ERR_NAME_NOT_RESOLVED: (host) => `${host}’s server IP address could not be found.`,
  ERR_CONNECTION_REFUSED: (host) => `${host} refused to connect.`,
  ERR_CONNECTION_TIMED_OUT: (host) => `${host} took too long to respond.`,
  ERR_TIMED_OUT: (host) => `${host} took too long to respond.`,
  ERR_CONNECTION_RESET: () => "The connection was reset.",
};

/**
 * The result of the latest visit you sent, as a line a room can read: "500 Internal Server
 * Error · Error establishing a database connection", "ERR_CONNECTION_REFUSED · www.foobar.com
 * refused to connect.", "Loaded in 0.4 s". Undefined before the first visit.
 */
export function visitOutcome(
  sim: Simulation,
  visit: VisitRecord | undefined,
): VisitOutcome | undefined {
  if (!visit) return undefined;
  const url = visit.url.replace(/^http:\/\//, "");
  const host = url.replace(/\/.*$/, "");
  if (visit.outcome === undefined) return { tone: "loading", head: `Loading ${url}…`, detail: "" };
  const took = `${(((visit.endedAt ?? sim.now) - visit.startedAt) / 1000 || 0).toFixed(1)} s`;
  const chrome = CHROME_DETAIL[visit.outcome];
  if (chrome) return { tone: "bad", head: visit.outcome, detail: chrome(host) };
  if (visit.outcome === "ok") {
    const files = visit.requestIds
      .map((id) => sim.requestById(id))
      .filter((r): r is RequestRecord => r?.role === "subresource");
    const failed = files.filter((r) => r.outcome !== undefined && r.outcome !== "ok").length;
    const page = url.endsWith("/") ? "the page" : url.replace(/^[^/]*\//, "");
    return {
      tone: "ok",
      head: `Loaded in ${took}`,
      detail: `200 OK: ${page}${files.length > 0 ? `${failed > 0 ? `, ${failed} of its files failed` : " and its files"}` : ""}`,
    };
  }
  const label = OUTCOME_LOOK[visit.outcome].label;
  const detail =
    visit.status === 500
      ? "Error establishing a database connection"
      : visit.status === 404
        ? `foobar.com has no page at ${url.replace(/^[^/]*/, "")}`
        : `Nginx’s error page, after ${took}`;
  return { tone: "bad", head: label, detail };
}

/**
 * For embeds: the latest visit's result, which stays on screen when the visit is over, and
 * the caption line. Fixed height, so the diagram above it never moves.
 */
export function OutcomeBanner() {
  const sim = useHopscope(selectSim);
  useHopscope(selectTraceLength);
  const outcome = visitOutcome(sim, sim.visits[sim.visits.length - 1]);
  const Icon =
    outcome?.tone === "ok" ? CircleCheck : outcome?.tone === "loading" ? Loader : CircleX;
  return (
    <section className="outcome-banner" aria-label="Outcome">
      {outcome ? (
        <p className={`outcome-line outcome-${outcome.tone}`} role="status">
          <Icon size={22} aria-hidden="true" />
          <strong className="outcome-head">{outcome.head}</strong>
          {outcome.detail ? <span className="outcome-detail"> · {outcome.detail}</span> : null}
        </p>
      ) : null}
      <Caption className="caption outcome-caption" />
    </section>
  );
}
