import { type Incident, OUTCOMES, type VisitCounts } from "../engine";
import {
  BUCKET_MS,
  failedShareBars,
  type OutageView,
  selectCommands,
  selectNow,
  selectSim,
  selectTraceLength,
  useHopscope,
} from "../store";
import { failedStretches, formatTime } from "./format";
import { OUTCOME_LOOK } from "./outcomes";
import { Scrubber } from "./Scrubber";

/** The longest stretch of simulated time shown, and the shortest. */
const MAX_WINDOW_MS = 600_000;
const MIN_WINDOW_MS = 20_000;

/**
 * Each visit as a mark over simulated time, shaped and coloured by outcome,
 * with failures, slowdowns and deploys drawn as bands underneath, and the
 * counters that add them up. Downtime during maintenance shows at a glance.
 */
export function Timeline() {
  const sim = useHopscope(selectSim);
  const now = useHopscope(selectNow);
  const outage = useHopscope((s) => s.outage);
  useHopscope(selectTraceLength);
  useHopscope(selectCommands);
  // After going back in time the window still reaches the run's end: the slider under it does.
  const head = useHopscope((s) => s.history.head);
  const end = Math.max(now, head, MIN_WINDOW_MS);
  const start = Math.max(0, end - MAX_WINDOW_MS);
  const x = (t: number) => `${(((t - start) / (end - start)) * 100).toFixed(3)}%`;
  const width = (from: number, to: number) =>
    `${(((to - from) / (end - start)) * 100).toFixed(3)}%`;
  const visits = sim.visits.filter((v) => v.startedAt >= start);
  const bands = sim.incidents.filter((i) => (i.to ?? now) >= start);
  const rows = laneRows(bands);
  // The marks are your own visits; the traffic's (and yours) have a row of their own, each
  // second's share of failed visits, once any traffic has run.
  const traffic = outage.finished > sim.visits.length;
  const trafficWords = traffic ? failedWords(outage, start, now) : "";

  return (
    <section className="timeline" aria-labelledby="timeline-title">
      <div className="timeline-head">
        <h2 id="timeline-title" className="panel-title">
          Outage timeline
        </h2>
        <Counters counts={sim.visitCounts()} />
      </div>
      <div className="timeline-plot" aria-hidden="true">
        <div className="timeline-marks">
          {visits.map((v) => {
            const look = v.outcome ? OUTCOME_LOOK[v.outcome] : undefined;
            return (
              <span
                key={v.id}
                className={`mark ${look ? `shape-${look.shape} tone-${look.tone}` : "pending"}`}
                style={{ left: x(v.startedAt) }}
                title={`Visit #${v.id} at ${formatTime(v.startedAt)}: ${look?.label ?? "in progress"}`}
              />
            );
          })}
        </div>
        {traffic ? (
          <div className="timeline-traffic">
            <FailedShare outage={outage} start={start} end={end} />
            <span className="timeline-traffic-words">{trafficWords}</span>
          </div>
        ) : null}
        <div className="timeline-bands" style={{ height: `${rows.length * 20}px` }}>
          {rows.flatMap((row, r) =>
            row.map((b) => (
              <span
                key={b.id}
                className={`band band-${b.kind}${b.to === undefined ? " open" : ""}`}
                style={{
                  left: x(Math.max(b.from, start)),
                  width: width(Math.max(b.from, start), b.to ?? now),
                  top: `${r * 20}px`,
                }}
                title={`${b.label}: ${formatTime(b.from)} to ${b.to === undefined ? "now" : formatTime(b.to)}`}
              >
                <BandWords words={bandWords(b)} />
              </span>
            )),
          )}
        </div>
      </div>
      {/* The time axis is time travel's slider: drag back along the timeline to any moment. */}
      <Scrubber start={start} end={end} />
      <p className="sr-only">
        {bands.length === 0
          ? "No failures so far."
          : `Incidents: ${bands.map((b) => `${b.label} from ${formatTime(b.from)}${b.to === undefined ? ", still on" : ` to ${formatTime(b.to)}`}`).join("; ")}.`}
        {traffic ? ` ${trafficWords}` : ""}
      </p>
    </section>
  );
}

/** The traffic row in words: the last failing stretches shown, or that none failed. */
function failedWords(outage: OutageView, start: number, now: number): string {
  return `Visits failed: ${failedStretches(outage, start, now) ?? "none"}`;
}

/**
 * Each second's share of the visits that ended in it and failed, as a bar (full height: all
 * failed), over the timeline's window: an outage is a block, a canary's few errors a low fringe.
 */
function FailedShare({ outage, start, end }: { outage: OutageView; start: number; end: number }) {
  const span = (end - start) / BUCKET_MS;
  const bars = failedShareBars(outage, start, end);
  return (
    <svg
      className="timeline-traffic-plot"
      viewBox={`0 0 ${span} 1`}
      preserveAspectRatio="none"
      aria-hidden="true"
    >
      {bars.map((b) => (
        <rect key={b.x} className="outage-bar" x={b.x} width={1} y={1 - b.h} height={b.h} />
      ))}
    </svg>
  );
}

/** Short names for bands, chosen so that a narrow band still reads: "App down", not "Appli". */
const SHORT_NAMES: Record<string, string> = {
  auth: "DNS",
  resolver: "Resolver",
  root: "Root",
  tld: ".com",
  server: "Server",
  nginx: "Nginx",
  app: "App",
  mysql: "MySQL",
};

/** The words on a band: the component's short name, then what happened ("MySQL down", "Deploy v2"). */
function bandWords(b: Incident): string[] {
  if (b.kind === "deploy") return b.label.split(" ");
  return [SHORT_NAMES[b.component] ?? b.label.replace(/ (down|slow)$/, ""), b.kind];
}

/**
 * A band's words, each whole or not at all: after a zero-width first item, a word that does
 * not fit on the band's one line wraps to a hidden line below (see .band in styles.css),
 * so a narrow band reads "MySQL" or nothing, never "MyS".
 */
function BandWords({ words }: { words: string[] }) {
  return (
    <>
      <span className="band-start" />
      {words.map((w, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: a fixed list of words, in order
        <span key={i} className="band-word">
          {w}
        </span>
      ))}
    </>
  );
}

/** Bands stacked so that none overlaps another in its row. */
function laneRows(bands: readonly Incident[]): Incident[][] {
  const rows: Incident[][] = [];
  for (const b of bands) {
    const row = rows.find((r) => r.every((o) => (o.to ?? Number.POSITIVE_INFINITY) <= b.from));
    if (row) row.push(b);
    else rows.push([b]);
  }
  return rows;
}

/** The watched user's visits since the start (the engine keeps the counts whole). */
function Counters({ counts }: { counts: VisitCounts }) {
  const done = counts.started - counts.inFlight;
  const ok = counts.finished.ok;
  const availability = done === 0 ? undefined : (ok / done) * 100;
  return (
    <dl className="counters">
      <div>
        <dt>Visits</dt>
        <dd>{counts.started}</dd>
      </div>
      <div>
        <dt>Succeeded</dt>
        <dd>{ok}</dd>
      </div>
      {OUTCOMES.filter((o) => o !== "ok").map((o) => {
        const n = counts.finished[o];
        if (n === 0) return null;
        const look = OUTCOME_LOOK[o];
        return (
          <div key={o} className="failed">
            <dt>
              <span
                className={`mark static shape-${look.shape} tone-${look.tone}`}
                aria-hidden="true"
              />
              {look.label}
            </dt>
            <dd>{n}</dd>
          </div>
        );
      })}
      <div>
        <dt>Availability</dt>
        <dd>
          {availability === undefined
            ? "–"
            : `${availability.toFixed(availability === 100 ? 0 : 1)}%`}
        </dd>
      </div>
      {counts.inFlight > 0 ? (
        <div>
          <dt>In progress</dt>
          <dd>{counts.inFlight}</dd>
        </div>
      ) : null}
    </dl>
  );
}
