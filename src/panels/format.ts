import { failingSpans, type OutageView } from "../store";

/** Simulated time for people: `0.0 ms`, `312.4 ms`, `12.50 s`, `3 min 20 s`. */
export function formatTime(ms: number): string {
  if (ms < 1000) return `${ms.toFixed(1)} ms`;
  if (ms < 120_000) return `${(ms / 1000).toFixed(2)} s`;
  const minutes = Math.floor(ms / 60_000);
  return `${minutes} min ${Math.floor((ms % 60_000) / 1000)} s`;
}

/** A duration between two simulated times. */
export function formatDuration(ms: number): string {
  return ms < 1
    ? `${(ms * 1000).toFixed(0)} µs`
    : ms < 1000
      ? `${ms.toFixed(1)} ms`
      : `${(ms / 1000).toFixed(2)} s`;
}

/** "0:42", "1:05": a time of the simulated clock in minutes and seconds, for a timeline's words. */
export function clockText(ms: number): string {
  const s = Math.round(ms / 1000);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`;
}

/**
 * The last two stretches of seconds (ending after `from`) in which visits failed, in words:
 * "0:05–0:11 (130), 1:02–1:04 (12)"; undefined when none did.
 */
export function failedStretches(
  r: Pick<OutageView, "firstBucket" | "failedPerSecond">,
  from: number,
  now: number,
): string | undefined {
  const spans = failingSpans(r).filter((s) => s.to > from);
  if (spans.length === 0) return undefined;
  return spans
    .slice(-2)
    .map(
      (s) =>
        `${clockText(s.from)}–${clockText(Math.min(s.to, now))} (${s.failed.toLocaleString("en-US")})`,
    )
    .join(", ");
}
