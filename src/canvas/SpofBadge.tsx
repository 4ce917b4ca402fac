import { OctagonX, TriangleAlert } from "lucide-react";
import type { SpofVerdict } from "../engine";
import { useHopscope } from "../store";

const secs = (ms = 0) => `${Math.round(ms / 1000)} s`;

/** The verdict in a few words, for a badge on a narrow card. */
export function badgeWords(v: SpofVerdict): string {
  switch (v.kind) {
    case "down":
      return "down at once";
    case "down-after":
      return `down after ${secs(v.ms)}`;
    case "writes-fail":
      return "writes fail";
    case "down-for":
      return `for ${secs(v.ms)}`;
    case "partial-for":
      return `first ${secs(v.ms)}`;
    case "partial":
      return "ongoing";
    default:
      return v.summary;
  }
}

/**
 * The finder's verdict on a component, on the diagram: "SPOF · down at once" for a single point
 * of failure, "Errors · some visits fail (first 5 s)" for a part whose loss costs errors but not
 * the site. Icon and words, never colour alone; nothing for a part the site survives without.
 */
export function SpofBadge({ id, edge = "top" }: { id: string; edge?: "top" | "bottom" }) {
  const verdict = useHopscope((s) => s.spof?.verdicts.find((v) => v.component === id));
  const stale = useHopscope((s) => s.spofStale);
  if (!verdict || verdict.kind === "survives" || verdict.kind === "stopped") return null;
  const Icon = verdict.single ? OctagonX : TriangleAlert;
  const prefix = verdict.single ? (
    <abbr title="single point of failure">SPOF</abbr>
  ) : verdict.kind === "down-for" ? (
    "Outage"
  ) : (
    "Errors"
  );
  return (
    <span
      className={`spof-badge ${edge} ${verdict.single ? "single" : "errors"}${stale ? " stale" : ""}`}
      title={verdict.detail}
    >
      <Icon size={14} aria-hidden="true" />
      {prefix}
      {`: ${badgeWords(verdict)}`}
    </span>
  );
}
