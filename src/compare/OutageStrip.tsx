import { useId } from "react";
import { clockText, failedStretches } from "../panels/format";
import { failedShareBars } from "../store";
import { selectCompareNow, useCompare } from "./context";
import type { CompareScene } from "./scenes";
import { BUCKET_MS, type SideResults } from "./tally";

/** The span every strip shows, so both line up second for second (simulated ms). */
const MIN_SPAN_MS = 60_000;
const MAX_SPAN_MS = 300_000;

/** The seconds shown: the same window on both sides. */
export function stripWindow(now: number): { from: number; to: number } {
  const to = Math.max(Math.ceil(now / BUCKET_MS) * BUCKET_MS, MIN_SPAN_MS);
  return { from: Math.max(0, to - MAX_SPAN_MS), to };
}

/**
 * One side's outage timeline: for each second of simulated time, the share of the visits
 * that ended in it and failed (a bar, full height when all failed), over the same window as
 * the other side's, with the script's surge shaded. The failing stretches are also written
 * out in words, so the picture is never the only way to read it.
 */
export function OutageStrip({
  results,
  label,
  scene,
}: {
  results: SideResults;
  label: string;
  scene: CompareScene;
}) {
  const now = useCompare(selectCompareNow);
  const titleId = useId();
  const { from, to } = stripWindow(now);
  const seconds = (to - from) / BUCKET_MS;
  const bars = failedShareBars(results, from, to);
  const surges = scene.script.flatMap((s) =>
    s.do === "surge" && s.at < now
      ? [{ from: s.at, to: s.at + (s.holdMs ?? 20_000) + (s.easeMs ?? 10_000) }]
      : [],
  );
  // Every stretch since the start, not only those in the window (0: the start).
  const stretches = failedStretches(results, 0, now);
  const words = stretches === undefined ? "No failed visits so far." : `Failed: ${stretches}`;
  return (
    <section className="outage-strip" aria-labelledby={titleId}>
      <div className="outage-head">
        <h3 id={titleId} className="outage-title">
          Outage timeline <span className="sr-only">of {label}</span>
        </h3>
        <p className="outage-words" data-testid="outage-words">
          {words}
        </p>
      </div>
      <svg
        className="outage-plot"
        viewBox={`0 0 ${seconds} 1`}
        preserveAspectRatio="none"
        aria-hidden="true"
      >
        {surges.map((s) => (
          <rect
            key={s.from}
            className="outage-surge"
            x={(Math.max(s.from, from) - from) / BUCKET_MS}
            width={Math.max(0, (Math.min(s.to, now) - Math.max(s.from, from)) / BUCKET_MS)}
            y={0}
            height={1}
          />
        ))}
        {bars.map((b) => (
          <rect key={b.x} className="outage-bar" x={b.x} width={1} y={1 - b.h} height={b.h} />
        ))}
      </svg>
      <div className="outage-axis" aria-hidden="true">
        <span>{clockText(from)}</span>
        {surges.length > 0 ? <span className="outage-surge-key">shaded: surge</span> : null}
        <span>{clockText(to)}</span>
      </div>
    </section>
  );
}
