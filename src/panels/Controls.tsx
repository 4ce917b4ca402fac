import {
  FastForward,
  PanelRight,
  Pause,
  Play,
  Repeat,
  Rocket,
  RotateCcw,
  Send,
  StepBack,
  StepForward,
} from "lucide-react";
import { type ReactNode, useId } from "react";
import {
  deployRefusal,
  SPEEDS,
  selectActions,
  selectBusy,
  selectCommands,
  selectDeploying,
  selectDeployMode,
  selectFastForward,
  selectLagging,
  selectNow,
  selectPanelsOpen,
  selectPlaying,
  selectSpeed,
  selectStepping,
  useHopscope,
} from "../store";
import { formatTime } from "./format";

/**
 * The playback bar: visit, play/pause, step, speed, reset, and the simulated clock.
 * `compact` (for slides) keeps visit, play/pause, step, reset and the clock.
 */
export function Controls({
  compact = false,
  clock = true,
  panelsButton = true,
  children,
}: {
  compact?: boolean;
  /** Whether the clock sits at the bar's end (the full app shows it beside the caption). */
  clock?: boolean;
  /** Whether the bar has the side panels' toggle (present mode has no panels). */
  panelsButton?: boolean;
  children?: ReactNode;
}) {
  const actions = useHopscope(selectActions);
  const playing = useHopscope(selectPlaying);
  const stepping = useHopscope(selectStepping);
  const busy = useHopscope(selectBusy);
  const speed = useHopscope(selectSpeed);

  const panelsOpen = useHopscope(selectPanelsOpen);
  const history = useHopscope((s) => s.history);
  // Whether there is anything before now (not the clock itself: the bar would render every frame).
  const now = useHopscope((s) => (s.now > 0 ? 1 : 0));

  useHopscope(selectCommands);
  const sim = useHopscope((s) => s.sim);
  const deployMode = useHopscope(selectDeployMode);
  // Selected, not read at render: a deploy ends by itself (no command), and the toolbar does
  // not render on every clock update.
  const deploying = useHopscope(selectDeploying);
  const deployWhyNot = useHopscope((s) => deployRefusal(s.sim));
  const repeating = sim.repeatVisitsMs() !== undefined;
  const speedIndex = Math.max(
    0,
    SPEEDS.findIndex((s) => s.id === speed),
  );
  const current = SPEEDS[speedIndex] ?? SPEEDS[0];
  const speedId = useId();
  const running = playing && !stepping;

  return (
    <div className="controls" role="toolbar" aria-label="Playback">
      <button
        type="button"
        className="btn primary"
        // Its name whole, even where the bar shows only "Visit" (a tablet held upright).
        aria-label="Visit www.foobar.com"
        onClick={() => actions.visit()}
        title="Send one visit and play it (V)"
      >
        <Send size={18} aria-hidden="true" />
        <span className="btn-label">
          Visit<span className="visit-host"> www.foobar.com</span>
        </span>
      </button>
      {compact ? null : (
        <button
          type="button"
          className="btn"
          aria-pressed={repeating}
          onClick={actions.toggleRepeat}
          title="A steady trickle of visits: one every second of simulated time"
        >
          <Repeat size={18} aria-hidden="true" />
          <span className="btn-text">Every second</span>
        </button>
      )}
      <span className="divider" aria-hidden="true" />
      <button
        type="button"
        className="btn"
        onClick={actions.togglePlay}
        aria-label={running ? "Pause" : "Play"}
        title={running ? "Pause (Space)" : "Play (Space)"}
      >
        {running ? <Pause size={18} aria-hidden="true" /> : <Play size={18} aria-hidden="true" />}
        <span>{running ? "Pause" : "Play"}</span>
      </button>
      {history.available ? (
        <button
          type="button"
          className="btn step-back"
          onClick={actions.stepBack}
          aria-label="Step back"
          {...refusable(
            now > 0 ? undefined : NOTHING_BEFORE,
            "Back to the previous entry of the event log, paused (←)",
          )}
        >
          <StepBack size={18} aria-hidden="true" />
          <span className="btn-text">Back</span>
        </button>
      ) : null}
      <button
        type="button"
        className="btn"
        onClick={actions.step}
        aria-label="Step"
        {...refusable(
          busy ? undefined : NOTHING_TO_STEP,
          "Advance to the next hop, then pause (→)",
        )}
      >
        <StepForward size={18} aria-hidden="true" />
        <span>Step</span>
      </button>
      {compact ? null : (
        <div className="speed">
          <label htmlFor={speedId}>Speed</label>
          <input
            id={speedId}
            type="range"
            min={0}
            max={SPEEDS.length - 1}
            step={1}
            value={speedIndex}
            aria-valuetext={current.label}
            onChange={(e) => {
              const next = SPEEDS[Number(e.currentTarget.value)];
              if (next) actions.setSpeed(next.id);
            }}
          />
          <output htmlFor={speedId} className="speed-value">
            {current.short}
          </output>
        </div>
      )}
      <button
        type="button"
        className="btn"
        onClick={actions.reset}
        aria-label="Reset"
        title="Start the scene again from the beginning"
      >
        <RotateCcw size={18} aria-hidden="true" />
        <span className="btn-text">Reset</span>
      </button>
      {compact ? null : (
        <>
          <button
            type="button"
            className="btn"
            onClick={() => actions.deploy()}
            {...refusable(
              deployWhyNot,
              deployMode === "reload"
                ? "Deploy the next code version: upload, then reload PHP-FPM and Nginx gracefully (D; choose how in the server's details)"
                : "Deploy the next code version: upload, restart the app server, restart Nginx (D; choose how in the server's details)",
            )}
          >
            <Rocket size={18} aria-hidden="true" />
            <span className="btn-text">
              {deploying ? `Deploying ${deploying}…` : "Start deploy"}
            </span>
          </button>
          {panelsButton ? (
            <button
              type="button"
              className="btn"
              aria-pressed={panelsOpen}
              aria-label="Side panels"
              onClick={actions.togglePanels}
              title="Show or hide the details and the event log"
            >
              <PanelRight size={18} aria-hidden="true" />
              <span className="btn-text">Side panels</span>
            </button>
          ) : null}
        </>
      )}
      {children}
      {clock ? <ClockDisplay running={running} stepping={stepping} /> : null}
    </div>
  );
}

/** Why Step back has nothing to do (the store's notice says the same). */
const NOTHING_BEFORE = "Already at the start: there is nothing before time 0.";

/** The store's own words when Step has nothing to step through. */
const NOTHING_TO_STEP = "Nothing to step through: press “Visit www.foobar.com” first.";

/**
 * A button that can only be refused now stays focusable (`aria-disabled`, not `disabled`),
 * with the reason as its tooltip and its accessible description; pressing it anyway shows
 * the same reason as a notice and changes nothing. Otherwise its usual tooltip.
 */
function refusable(reason: string | undefined, tooltip: string) {
  return reason === undefined
    ? { title: tooltip }
    : { "aria-disabled": true as const, title: reason };
}

/** The simulated clock on its own, for a place outside the playback bar. */
export function PlaybackClock() {
  const playing = useHopscope(selectPlaying);
  const stepping = useHopscope(selectStepping);
  return <ClockDisplay running={playing && !stepping} stepping={stepping} />;
}

/**
 * The simulated clock and what it is doing, in one word of fixed width: RUNNING, PAUSED,
 * STEPPING, SLOWED (the browser cannot keep up, so the clock runs slower than asked) or
 * SKIPPING (a long quiet wait is hurried through). Fixed room, so that a note coming and
 * going never reflows the toolbar (and with it the diagram). Its own component: the time
 * changes on every published update, and the buttons around it need not render for that.
 */
function ClockDisplay({ running, stepping }: { running: boolean; stepping: boolean }) {
  const now = useHopscope(selectNow);
  const fastForward = useHopscope(selectFastForward);
  const lagging = useHopscope(selectLagging);
  const state =
    lagging && running
      ? {
          word: "slowed",
          tone: "warn",
          why: "The browser cannot keep up, so the simulated clock runs slower than the speed asks and the page stays responsive.",
        }
      : fastForward && (running || stepping)
        ? {
            word: "skipping",
            tone: "warn",
            why: "Nothing moves until a timeout: the clock hurries through the wait.",
          }
        : running
          ? { word: "running", tone: "running", why: "The simulated clock is running." }
          : stepping
            ? { word: "stepping", tone: "paused", why: "Playing until the next hop, then pausing." }
            : { word: "paused", tone: "paused", why: "The simulated clock is paused." };
  return (
    <div className="clock" title="Simulated time since the start">
      <span className="clock-label">Simulated time</span>
      <span className="clock-value mono">{formatTime(now)}</span>
      <span className={`clock-state ${state.tone}`} title={state.why}>
        {state.word === "skipping" ? <FastForward size={12} aria-hidden="true" /> : null}
        {state.word}
      </span>
      {lagging && running ? (
        <span className="sr-only" role="status">
          {state.why}
        </span>
      ) : null}
    </div>
  );
}
