import { GitBranch, History } from "lucide-react";
import { useId, useState } from "react";
import { selectActions, selectNow, useHopscope } from "../store";
import { clockText, formatTime } from "./format";

/**
 * Time travel's controls: a slider over the run's simulated time (drag back to any moment and
 * everything on screen is as it was then; Play goes on from there), and, once acting in the
 * past has started a second line of history, the button that switches to the other one.
 */
export function Scrubber() {
  const actions = useHopscope(selectActions);
  const now = useHopscope(selectNow);
  const history = useHopscope((s) => s.history);
  const id = useId();
  // Where a slow run's slider is held (see HistoryView.slowSeek): the run goes there on release.
  const [held, setHeld] = useState<number | undefined>(undefined);
  if (!history.available) return null;
  const head = Math.max(history.head, now);
  const shown = held ?? now;
  const release = () => {
    if (held === undefined) return;
    setHeld(undefined);
    actions.seek(held);
  };
  const { other } = history;
  const behind = head - now > 0.5;
  return (
    <div className="scrubber">
      <label htmlFor={id} className="scrubber-label">
        <History size={16} aria-hidden="true" />
        <span>Time travel</span>
      </label>
      <input
        id={id}
        type="range"
        min={0}
        max={Math.max(head, 1)}
        step={head <= 2_000 ? 1 : head <= 60_000 ? 10 : 100}
        value={shown}
        disabled={head <= 0}
        aria-valuetext={`${formatTime(shown)} of ${formatTime(head)}`}
        title="Drag back to any moment of the run (Play goes on from there; acting there starts a new line)"
        // At once, not on the next frame: the slider shows the store's clock, so a value kept
        // for later would be put back by the next render (and a second key press lost). A run
        // that takes long to rebuild is held where the slider is, and goes there on release.
        onChange={(e) => {
          // The slider's grid may stop short of the run's end: its last notch is the end.
          const notch = Number(e.currentTarget.step) || 1;
          const value = Math.min(Number(e.currentTarget.value), head);
          if (head - value < notch) {
            if (history.slowSeek) setHeld(head);
            else actions.seek(head);
            return;
          }
          if (history.slowSeek) setHeld(value);
          else actions.seek(value);
        }}
        onPointerUp={release}
        onKeyUp={release}
        onBlur={release}
      />
      <output htmlFor={id} className="scrubber-value mono">
        {formatTime(shown)}
        <span className="scrubber-end"> / {formatTime(head)}</span>
        {held !== undefined ? (
          <span className="scrubber-past"> · let go to replay to there</span>
        ) : behind ? (
          <span className="scrubber-past"> · in the past</span>
        ) : null}
      </output>
      {other ? (
        <button
          type="button"
          className="btn scrubber-switch"
          onClick={actions.switchLine}
          title={`Switch to the run as it went from ${clockText(other.parted)} ${otherWords(other)} (played to ${clockText(other.head)}), at this same moment`}
        >
          <GitBranch size={16} aria-hidden="true" />
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
