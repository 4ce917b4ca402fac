import { GitBranch, History } from "lucide-react";
import { useId, useState } from "react";
import { selectActions, selectNow, useHopscope } from "../store";
import { clockText, formatTime } from "./format";

/**
 * Time travel's slider, as the outage timeline's time axis (`start` to `end`, the timeline's
 * window): drag back to any moment of the run and everything on screen is as it was then; Play
 * goes on from there. Past the run's end it stops at the end. Once acting in the past has
 * started a second line of history, the button beside it switches to the other one.
 */
export function Scrubber({ start, end }: { start: number; end: number }) {
  const actions = useHopscope(selectActions);
  const now = useHopscope(selectNow);
  const history = useHopscope((s) => s.history);
  const id = useId();
  // Where a slow run's slider is held (see HistoryView.slowSeek): the run goes there on release.
  const [held, setHeld] = useState<number | undefined>(undefined);
  if (!history.available) return null;
  const head = Math.max(history.head, now);
  const shown = held ?? now;
  const step = end <= 2_000 ? 1 : end <= 60_000 ? 10 : 100;
  const go = (value: number) => {
    // Past the run's end (the window reaches 20 s at least), or its last notch: the end.
    const to = value >= head || head - value < step ? head : value;
    if (history.slowSeek) setHeld(to);
    else actions.seek(to);
  };
  const release = () => {
    if (held === undefined) return;
    setHeld(undefined);
    actions.seek(held);
  };
  const { other } = history;
  return (
    <div className="scrubber">
      <label htmlFor={id} className="scrubber-label" title="Time travel">
        <History size={14} aria-hidden="true" />
        <span className="sr-only">Time travel</span>
      </label>
      <span className="scrubber-end" aria-hidden="true">
        {formatTime(start)}
      </span>
      <input
        id={id}
        type="range"
        min={start}
        max={end}
        step={step}
        value={shown}
        disabled={head <= 0}
        aria-valuetext={`${formatTime(shown)} of ${formatTime(head)}${head - shown > 0.5 ? ", in the past" : ""}`}
        title="Time travel: drag back to any moment of the run (Play goes on from there; acting there starts a new line)"
        // At once, not on the next frame: the slider shows the store's clock, so a value kept
        // for later would be put back by the next render (and a second key press lost). A run
        // that takes long to rebuild is held where the slider is, and goes there on release.
        onChange={(e) => go(Number(e.currentTarget.value))}
        onPointerUp={release}
        onKeyUp={release}
        onBlur={release}
      />
      <span className="scrubber-end" aria-hidden="true">
        {formatTime(end)}
      </span>
      {held !== undefined ? (
        <span className="scrubber-past">let go: {formatTime(held)}</span>
      ) : head - now > 0.5 ? (
        <span className="scrubber-past">in the past</span>
      ) : null}
      {other ? (
        <button
          type="button"
          className="btn scrubber-switch"
          onClick={actions.switchLine}
          title={`Switch to the run as it went from ${clockText(other.parted)} ${otherWords(other)} (played to ${clockText(other.head)}), at this same moment`}
        >
          <GitBranch size={14} aria-hidden="true" />
          <span>Other line: {otherWords(other)}</span>
        </button>
      ) : null}
    </div>
  );
}

/** How the other line differs, in the words of its acts: "without “kill mysql”". */
function otherWords(other: { without: string; had: string }): string {
  return other.without ? `without “${other.without}”` : `with “${other.had}”`;
}
