import { Pause, Play, RotateCcw } from "lucide-react";
import { formatTime } from "../panels/format";
import { speedById } from "../store";
import { selectCompareActions, selectCompareNow, useCompare } from "./context";
import { COMPARE_SPEEDS } from "./driver";

/**
 * The one playback bar of compare mode: one Play/Pause, one speed, one Reset, one clock,
 * for both sides at once.
 */
export function CompareControls({ compact = false }: { compact?: boolean }) {
  const actions = useCompare(selectCompareActions);
  const playing = useCompare((s) => s.playing);
  const speed = useCompare((s) => s.speed);
  return (
    <div className="controls" role="toolbar" aria-label="Playback of both sides">
      <button
        type="button"
        className="btn primary"
        onClick={actions.togglePlay}
        aria-label={playing ? "Pause both" : "Play both"}
        title={playing ? "Pause both sides (Space)" : "Play both sides on one clock (Space)"}
      >
        {playing ? <Pause size={18} aria-hidden="true" /> : <Play size={18} aria-hidden="true" />}
        <span>{playing ? "Pause" : "Play"}</span>
      </button>
      <fieldset className="compare-speeds">
        <legend className={compact ? "sr-only" : "compare-speeds-legend"}>Speed</legend>
        {COMPARE_SPEEDS.map((id) => (
          <button
            key={id}
            type="button"
            className="btn"
            aria-pressed={speed === id}
            onClick={() => actions.setSpeed(id)}
            title={speedById(id)?.label}
          >
            {speedById(id)?.short}
          </button>
        ))}
      </fieldset>
      <button
        type="button"
        className="btn"
        onClick={actions.reset}
        aria-label="Reset both"
        title="Both sides from the start again: the same seed, the same script"
      >
        <RotateCcw size={18} aria-hidden="true" />
        <span>Reset</span>
      </button>
      <CompareClock />
    </div>
  );
}

/** The one simulated clock (both sides are exactly here). */
function CompareClock() {
  const now = useCompare(selectCompareNow);
  const playing = useCompare((s) => s.playing);
  const lagging = useCompare((s) => s.lagging);
  const word = lagging && playing ? "slowed" : playing ? "running" : "paused";
  return (
    <div className="clock" title="Simulated time since the start, the same on both sides">
      <span className="clock-label">Simulated time</span>
      <span className="clock-value mono" data-testid="compare-clock">
        {formatTime(now)}
      </span>
      <span className={`clock-state ${word === "slowed" ? "warn" : word}`}>{word}</span>
    </div>
  );
}
