import { CircleCheck, Hourglass, OctagonX, TriangleAlert } from "lucide-react";
import type { SpofKind, SpofVerdict } from "../engine";
import { selectActions, selectSpof, selectSpofStale, useHopscope } from "../store";
import { FINDER_MAX_RPS } from "../store/finder";
import type { SpofReport } from "../store/spofRunner";

/** How a verdict reads in the list: its group, and an icon that says it without colour. */
const GROUP: Record<SpofKind, "single" | "errors" | "fine" | "stopped"> = {
  down: "single",
  "down-after": "single",
  "writes-fail": "single",
  partial: "errors",
  "partial-for": "errors",
  "down-for": "errors",
  survives: "fine",
  stopped: "stopped",
};

const GROUPS = [
  { id: "single", title: "Single points of failure", Icon: OctagonX },
  { id: "errors", title: "Errors, but the site stays up", Icon: TriangleAlert },
  { id: "fine", title: "No outage", Icon: CircleCheck },
  { id: "stopped", title: "Already stopped: not tested", Icon: Hourglass },
] as const;

/**
 * The single-point-of-failure finder: a button that runs it, its progress, and its verdicts,
 * grouped (single points of failure first), each with what the probes saw. The verdicts come
 * from the engine (src/engine/spof.ts): every part killed in a copy of this setup.
 */
export function SpofPanel({
  report,
  stale,
  onFind,
}: {
  /** The latest report, if the finder has run. */
  report: SpofReport | undefined;
  /** The setup changed since the report was made (a new run is coming or needed). */
  stale: boolean;
  onFind: () => void;
}) {
  const done = report?.verdicts.length ?? 0;
  const running = report?.running === true;
  const current = running ? report?.verdicts.length : undefined;
  return (
    <section className="spof-panel" aria-labelledby="spof-title">
      <div className="spof-head">
        <h3 id="spof-title">Single points of failure</h3>
        <button
          type="button"
          className="btn"
          onClick={() => {
            if (!running) onFind();
          }}
          aria-disabled={running}
          aria-describedby="spof-how"
        >
          {report ? "Find again" : "Find single points of failure"}
        </button>
      </div>
      <p id="spof-how" className="hint">
        Kills each part in turn in a copy of this setup, then sends a visit every second (every 5 s
        after 30 s) for six simulated minutes, longer than the DNS TTL, and reports what they saw.
        {report
          ? report.rps > 0
            ? ` Each copy also carried your traffic (${report.rps} visits/s; it replays up to ${FINDER_MAX_RPS}): under load, a part that only makes requests hang can tie up every worker.`
            : " No traffic ran beside the probes: set Requests per second to test under load."
          : ""}
      </p>
      <p role="status" className="spof-status">
        {running && current !== undefined
          ? `Testing ${current + 1} of ${report?.total}…`
          : report
            ? stale
              ? "The setup has changed since: these results are for the setup as it was."
              : `${report.verdicts.filter((v) => v.single).length} of ${done} parts take the site down.`
            : ""}
      </p>
      {running ? <progress max={report?.total} value={done} aria-label="Finder progress" /> : null}
      {report
        ? GROUPS.map(({ id, title, Icon }) => {
            const verdicts = report.verdicts.filter((v) => GROUP[v.kind] === id);
            if (verdicts.length === 0) return null;
            return (
              <div key={id} className={`spof-group ${id}`}>
                <h3>
                  <Icon size={16} aria-hidden="true" /> {title}
                </h3>
                <ul aria-label={title}>
                  {verdicts.map((v) => (
                    <VerdictItem key={v.component} verdict={v} />
                  ))}
                </ul>
              </div>
            );
          })
        : null}
    </section>
  );
}

function VerdictItem({ verdict }: { verdict: SpofVerdict }) {
  return (
    <li>
      <details>
        <summary>
          <strong>{verdict.label}</strong>: {verdict.summary}
        </summary>
        <p>{verdict.detail}</p>
        {verdict.probes > 0 ? (
          <p className="hint">
            {verdict.failed} of {verdict.probes} visits failed.
          </p>
        ) : null}
      </details>
    </li>
  );
}

/** The finder, on the store: its findings follow the setup on screen. */
export function SpofCard() {
  const report = useHopscope(selectSpof);
  const stale = useHopscope(selectSpofStale);
  const { findSpof } = useHopscope(selectActions);
  return <SpofPanel report={report} stale={stale} onFind={findSpof} />;
}

/** In a component's details: what the finder found when it killed this component, if it ran. */
export function SpofVerdictLine({ id }: { id: string }) {
  const verdict = useHopscope((s) => s.spof?.verdicts.find((v) => v.component === id));
  const stale = useHopscope(selectSpofStale);
  if (!verdict) return null;
  return (
    <>
      <h3>Killed in a copy of this setup{stale ? " (before your last change)" : ""}</h3>
      <p>
        <strong>{verdict.summary}.</strong> {verdict.detail}
      </p>
    </>
  );
}
