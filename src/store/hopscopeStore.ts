import { createStore, type StoreApi } from "zustand/vanilla";
import {
  type CommandResult,
  DEPLOY_STRATEGIES,
  type DeployMode,
  RELEASES,
  type Simulation,
  type Stats,
  type Topology,
} from "../engine";
import { type Architecture, architectureOf } from "../scenes/architectures";
import { DEFAULT_SCENE, type Opening, type Scene, sceneById } from "../scenes/catalog";
import { type Act, describeAct, type Moment, type OpeningArgs, perform } from "./acts";
import { parseAddress } from "./address";
import { advanceClock, type Due } from "./clock";
import { choicesFor, type DeployActions, type DeployChoices } from "./deploys";
import { createFinder, type Schedule } from "./finder";
import { type Keyframe, Keyframes } from "./keyframes";
import { extendSamples, type MetricsSample, type RateBase } from "./metrics";
import {
  INFO_NOTICE_MS,
  type Message,
  type Notice,
  type NoticeCause,
  toMessage,
  WARNING_NOTICE_MS,
  withNotice,
} from "./notices";
import { createOutageTally, type OutageTally, type OutageView } from "./outage";
import { refusalNow } from "./refusals";
import { createScalingActions, type ScalingActions } from "./scaling";
import { type SceneSetup, setupOfScene, startSetup } from "./setup";
import { DEFAULT_SPEED, type SpeedId, speedById } from "./speed";
import type { SpofReport } from "./spofRunner";
import {
  insertionIndex,
  type OtherLine,
  playMoments,
  previousEntryTime,
  record,
  swapLines,
} from "./timeline";

/** The traffic slider's range; the engine accepts more (MAX_RPS). */
export const MAX_SLIDER_RPS = 5_000;

/** How often, at most, frame-by-frame progress is published to React (ms of real time). */
const PUBLISH_EVERY_MS = 100;
/**
 * How often when frames come late (a slow machine, a heavy load): each publish costs React
 * renders and a layout, and numbers that change four times a second still read as live.
 */
const PUBLISH_EVERY_SLOW_MS = 250;
/** Frames later than this on average (ms) count as late. */
const LATE_FRAME_MS = 22;
/** Most real time per frame the engine may use before the simulated clock slows down (ms). */
const FRAME_BUDGET_MS = 9;

/** Most of the engine's time keyframes may take while playing (their copies: see keyframes.ts). */
const KEYFRAME_SHARE = 0.08;
/** A copy that took longer (real ms) is not taken again while playing: the frame would stall. */
const MAX_PLAY_FORK_MS = 80;

/** Longest real time one frame may advance the clock (a hidden tab coming back does not jump). */
const MAX_FRAME_MS = 100;

export interface PlaybackState {
  playing: boolean;
  speed: SpeedId;
  /** Playing only until the next hop or note appears in the trace. */
  stepping: boolean;
}

/** Engine figures copied for React at a few updates per second (never per frame). */
export interface PublishedState {
  /** Simulated time (ms) when last published. */
  now: number;
  /** How many trace entries were recorded since the start (`sim.traceTotal`); the log reads up to this. */
  traceLength: number;
  stats: Stats;
  /** Whether anything is scheduled in the engine, or a scene's opening waits for Play. */
  busy: boolean;
  /** The clock is hurrying through a long quiet wait (a timeout). */
  fastForward: boolean;
  /** The browser cannot keep up, so the simulated clock runs slower than asked. */
  lagging: boolean;
  /** Bumped whenever a command changes a component (kill, revive, slow, deploy). */
  commands: number;
  /** Traffic now: the base rate set by the user and the current rate (with a surge). */
  traffic: { baseRps: number; rps: number; surging: boolean };
  /** Metrics over a sliding window, one sample per simulated second. */
  metrics: MetricsSample[];
  /**
   * Every visit that ended (the traffic's and your own), per second: the outage timeline's row
   * of failures, so an all-at-once deploy's gap shows beside a rolling deploy's none.
   */
  outage: OutageView;
  /** Time travel: how far the run on screen reaches, and the other line of history if any. */
  history: HistoryView;
}

/** What the scrubber and the timeline's branches show (see timeline.ts). */
export interface HistoryView {
  /** False where the clock is driven from outside (compare mode): no going back there. */
  available: boolean;
  /** How far this run has been played (simulated ms): the scrubber's end. */
  head: number;
  /** Acts in this run so far (the scene's opening included). */
  acts: number;
  /** The other line of history, kept when acting in the past started this one. */
  other?: { parted: number; head: number; without: string; had: string };
  /**
   * Whether going back to the run's start would take long (over SLOW_SEEK_MS of real time, as
   * the last rebuild measured): a slider then moves the run when it is let go, not on every value.
   */
  slowSeek: boolean;
  /** Keyframes kept, and the objects they hold (see keyframes.ts): for the bench and the curious. */
  keyframes: number;
  keyframeObjects: number;
}

/** Real ms a rebuild may take before the slider waits for its release (see HistoryView.slowSeek). */
export const SLOW_SEEK_MS = 120;

export interface HopscopeActions extends DeployActions, ScalingActions {
  /** Sends one visit to `host` (www.foobar.com by default) and `path` (/ by default), and plays. */
  visit(host?: string, path?: string): void;
  /** Visits what the user typed in the address bar, or explains why it cannot. */
  visitAddress(typed: string): void;
  /** Turns on or off a visit every second of simulated time. */
  toggleRepeat(): void;
  play(): void;
  pause(): void;
  togglePlay(): void;
  /** Plays until the next entry appears in the trace (a hop leaves, or a component acts), then pauses. */
  step(): void;
  setSpeed(speed: SpeedId): void;
  /** Starts the current scene again: a fresh simulation from its setup, paused. */
  reset(): void;
  /**
   * Opens a scene by id, from its own starting state, with the current seed, on the scene's
   * own architecture (another one rebuilds the simulation on its topology).
   * An unknown id is refused with a notice and changes nothing.
   */
  loadScene(id: string, autoplay?: boolean): void;
  /**
   * Starts from `setup` (a scene plus a link's changes). With `autoplay` the
   * scene's opening plays at once; otherwise it waits, paused, for Play.
   */
  start(setup: SceneSetup, autoplay: boolean): void;
  /** Opens a component's details (undefined closes them); shows the side panels. */
  select(id: string | undefined): void;
  /** Shows or hides the side panels (details and event log), e.g. to give a projector the whole width. */
  togglePanels(): void;
  /**
   * Present mode on or off (undefined: flips it): the diagram takes the screen, with the
   * caption and the latest visit's outcome in large type, for a projector.
   */
  present(on?: boolean): void;
  /** Fixes the theme (undefined: follow the system's setting). */
  setTheme(theme: Theme | undefined): void;
  /**
   * Shows a notice (a warning unless `tone` says info). The same message again
   * counts as a repeat of the notice already showing: it is not added twice.
   */
  notify(message: string | Message, tone?: Notice["tone"]): void;
  /** Dismisses a notice, or several at once. */
  dismissNotice(id: number | readonly number[]): void;
  /**
   * Stops (true) or restarts (false) the notices' countdown: while the pointer is
   * over them or focus is inside them, they do not go away by themselves.
   */
  holdNotices(held: boolean): void;
  /**
   * Advances the clock by `realMs` of wall time; called every animation frame. Returns
   * whether it needs another frame: while playing, or while notices are counting down to
   * expire. A paused page with nothing to expire needs none (the frame loop then rests).
   */
  tick(realMs: number): boolean;
  /** Stops a component; a refusal (already down, deploy running) becomes a notice. */
  kill(id: string): void;
  revive(id: string): void;
  /** Turns the "slow" fault on or off. */
  toggleSlow(id: string): void;
  /** Turns the "slow" fault on (`on`) or off, whatever it was. */
  setSlow(id: string, on: boolean): void;
  /**
   * Starts an all-at-once deploy of the next code version on the server, and plays: in
   * `mode`, or else in the way chosen with `setDeployMode` (restart, by default).
   */
  deploy(mode?: DeployMode): void;
  /** Chooses how later deploys put the new code in service: restart (downtime) or reload. */
  setDeployMode(mode: DeployMode): void;
  /** Sets the traffic to `rps` visits per second (0 stops it); out-of-range values are refused. */
  setRps(rps: number): void;
  /** Multiplies the traffic ×10 for 20 s, then eases back. */
  surge(): void;
  /** Changes a capacity (workers, max_connections, cores…); a refusal becomes a notice. */
  configure(id: string, setting: string, value: number): void;
  /**
   * A command of the component's own kind (HAProxy: `server`, `check`, `algorithm`; see
   * Simulation.command); a refusal becomes a notice.
   */
  command(id: string, name: string, argument?: unknown): void;
  /**
   * Finds the single points of failure of the setup on screen, by simulation (src/engine/spof.ts),
   * one component per task; the findings follow the setup while they are shown.
   */
  findSpof(): void;
  /**
   * For an outside driver that runs several stores on one clock (compare mode, src/compare):
   * runs the engine up to `time` (simulated ms; a scheduled kill runs at its exact time), and
   * publishes to React when `publish` is true. The store's own `tick` is not used then.
   */
  advanceTo(time: number, publish?: boolean): void;
  /**
   * For an outside driver: runs an engine command (a compare script's surge, kill or deploy);
   * a refusal becomes a notice, a success is published. Returns whether it was done.
   */
  apply(run: (sim: Simulation) => CommandResult): boolean;
  /**
   * Moves the run to `time` (simulated ms, from 0 to how far it has been played), paused:
   * everything on screen is as it was then. Back in time, the run is replayed from its setup;
   * playing on from there gives the same run. Bad input is refused with a notice.
   */
  seek(time: number): void;
  /** Goes to `time` at once, forward past the run's end too (a lesson's watch skipped to its end). */
  playTo(time: number): void;
  /** Back to the previous entry of the event log (paused); at time 0 a notice says there is none. */
  stepBack(): void;
  /** Puts the other line of history on screen, at the same moment (see HistoryView.other). */
  switchLine(): void;
  /**
   * Replaces this run's acts with `moments` (a link's), from the setup on screen, and goes to
   * `time`. Acts the engine refuses are skipped and named in a notice.
   */
  loadRun(moments: readonly Moment[], time: number): void;
  /** The acts of the run on screen, for a link. */
  moments(): readonly Moment[];
  /**
   * Follows one visit (undefined stops): the canvas and the event log show only its packets
   * and entries. A visit that is not in the run is refused with a notice.
   */
  follow(visitId: number | undefined): void;
  /** Opens a traced hop (by its `seq`) in the packet inspector; undefined closes it. */
  inspect(seq: number | undefined): void;
}

export interface HopscopeState extends PlaybackState, PublishedState, DeployChoices {
  /** The engine. Replaced on reset; read it, never mutate it outside actions. */
  sim: Simulation;
  seed: number;
  /** The scene on screen, and the setup it started from (what Reset goes back to). */
  scene: Scene;
  setup: SceneSetup;
  /** The scene's architecture: its topology (the simulation's) and the canvas's layouts for it. */
  architecture: Architecture;
  topology: Topology;
  /** The single-point-of-failure finder's findings, once asked for. */
  spof: SpofReport | undefined;
  /** The setup changed since `spof` was found (a new run follows shortly). */
  spofStale: boolean;
  selected: string | undefined;
  /** The visit followed (see actions.follow), if any. */
  following: number | undefined;
  /** The trace entry open in the packet inspector (its seq), if any. */
  inspecting: number | undefined;
  panelsOpen: boolean;
  /** Present mode: the diagram, the caption and the outcome only, large (see actions.present). */
  presenting: boolean;
  /** How the next deploy puts the new code in service. */
  deployMode: DeployMode;
  /** A theme chosen by the link or the user; undefined follows the system. */
  theme: Theme | undefined;
  notices: Notice[];
  actions: HopscopeActions;
}

export interface HopscopeOptions {
  /**
   * The topology of the one-server scenes (default: the one-server stack; a test may pass a
   * variant). Scenes of other architectures run on their own.
   */
  topology?: Topology;
  seed: number;
  speed?: SpeedId;
  /** Where to start; by default the first scene with `seed` and `speed`. */
  setup?: SceneSetup;
  /** Play the setup's opening at once (a visit, a deploy, a surge). */
  autoplay?: boolean;
  theme?: Theme;
  /** Whether the side panels start open (default true; a narrow screen starts with them closed). */
  panelsOpen?: boolean;
  /** Whether the page starts in present mode (a link's `present=1`). */
  presenting?: boolean;
  /** Notices to show from the start (e.g. about ignored URL parameters). */
  notices?: readonly (string | Message)[];
  /** Real time in ms, to measure how long the engine takes per frame (tests pass a fake). */
  wallClock?: () => number;
  /** Runs work later in real time (the finder's steps); setTimeout by default, tests pass their own. */
  schedule?: Schedule;
  /** False: no keyframes while playing (the bench compares; time travel then replays from the start). */
  timeTravel?: boolean;
  /**
   * Driven from outside (compare mode): the scene's opening never runs and no "press Play"
   * notice shows; the driver moves the clock (`advanceTo`) and runs its own script (`apply`).
   */
  driven?: boolean;
}

export type HopscopeStore = StoreApi<HopscopeState>;

/**
 * Whether the run has had generated traffic (now or before): the metrics are sampled from
 * then on. A function of the run alone, so a replayed run shows the same charts.
 */
const hasTraffic = (sim: Simulation) =>
  sim.trafficState().rps > 0 || sim.stats().visitsSent > sim.visitCounts().started;

export type Theme = "light" | "dark";

/**
 * Creates one Hopscope store: playback, selection and notices, around one engine.
 * Create one per app (or per test) and provide it with `HopscopeProvider`.
 */
export function createHopscopeStore(options: HopscopeOptions): HopscopeStore {
  let segmentStart = 0;
  /** Trace length when the current step began. */
  let stepFrom = 0;
  let sincePublish = 0;
  /** Real time seen by tick (ms), for notices that expire; it stands still while they are held. */
  let realTime = 0;
  /** Whether the notices are hovered or focused, so they do not expire. */
  let noticesHeld = false;
  let fastForward = false;
  let commands = 0;
  /** Share of real time the simulated clock gets, below 1 when the browser cannot keep up. */
  let pace = 1;
  /** The real time between frames, smoothed (ms). */
  let frameMs = 16.7;
  /** Message counters at the last rate computation, for per-component rates. */
  let rateBase: RateBase = { counts: [] };
  let lagging = false;
  const wallClock = options.wallClock ?? (() => performance.now());
  const schedule: Schedule = options.schedule ?? ((fn, ms) => setTimeout(fn, ms));
  let nextNoticeId = 1;
  /** The scene's opening, waiting for the clock to start. */
  let pendingOpening: Opening = "none";
  /** What the scene's opening does (an act of the run: see acts.ts). */
  let openingArgs: OpeningArgs = {
    opening: "none",
    alsoVisit: [],
    calmMs: 0,
    deploy: undefined,
    surge: undefined,
  };
  /** The run on screen: its acts in time order, and how far it has been played (timeline.ts). */
  let line: { moments: Moment[]; head: number } = { moments: [], head: 0 };
  /** The other line of history, after acting in the past. */
  let other: OtherLine | undefined;
  /** Index of the run's next act not done yet (every one before it has been). */
  let cursor = 0;
  /** Real ms the last rebuild took per simulated ms it replayed (0 until one is measured). */
  let replayCost = 0;
  /** Copies of the run along the line on screen, to go back from (keyframes.ts). */
  const keyframes = new Keyframes();
  /**
   * Real ms the last keyframe took to copy, and the engine's real ms since: copies cost at most
   * KEYFRAME_SHARE of the engine's work (a heavy run copies less often).
   */
  let forkMs = 0;
  let engineSinceKeyframe = 0;
  /** The architecture a scene runs on, with the options' one-server topology for its own scenes. */
  const architectureFor = (scene: Scene): Architecture => {
    const a = architectureOf(scene);
    return a.id === "one-server" && options.topology ? { ...a, topology: options.topology } : a;
  };

  /** Each simulation's outage buckets, read as its visits end. */
  const tallies = new WeakMap<Simulation, OutageTally>();
  const tallyOf = (sim: Simulation): OutageTally => {
    let tally = tallies.get(sim);
    if (!tally) {
      tally = createOutageTally(sim);
      tallies.set(sim, tally);
    }
    return tally;
  };
  const outageOf = (sim: Simulation): OutageView => tallyOf(sim).view();
  /** Keeps a copy of `sim` (whose acts up to `done` are done) as a keyframe, if it can be copied. */
  const keepKeyframe = (sim: Simulation, done: number, metrics: MetricsSample[]) => {
    const started = wallClock();
    const copy = sim.fork();
    forkMs = wallClock() - started;
    engineSinceKeyframe = 0;
    if (!copy) return;
    keyframes.add({
      at: sim.now,
      cursor: done,
      sim: copy,
      tally: tallyOf(sim).state(),
      metrics: metrics.slice(),
      rateBase: {
        ...(rateBase.at === undefined ? {} : { at: rateBase.at }),
        counts: rateBase.counts.slice(),
      },
    });
  };
  /** A simulation to play on from `frame` (a copy: the keyframe stays as it was). */
  const fromKeyframe = (frame: Keyframe): Simulation | undefined => {
    const sim = frame.sim.fork();
    if (!sim) return undefined;
    tallies.set(sim, createOutageTally(sim, frame.tally));
    return sim;
  };

  return createStore<HopscopeState>()((set, get) => {
    const published = (sim: Simulation): PublishedState => ({
      history: {
        available: !options.driven,
        head: Math.max(line.head, sim.now),
        acts: line.moments.length,
        slowSeek: replayCost * Math.max(line.head, sim.now) > SLOW_SEEK_MS,
        keyframes: keyframes.count,
        keyframeObjects: keyframes.size,
        ...(other
          ? {
              other: {
                parted: other.parted,
                head: other.head,
                without: other.without,
                had: other.had,
              },
            }
          : {}),
      },
      outage: outageOf(sim),
      traffic: sim.trafficState(),
      metrics: hasTraffic(sim) ? extendSamples(sim, get()?.metrics ?? [], sim.now, rateBase) : [],
      now: sim.now,
      traceLength: sim.traceTotal,
      stats: sim.stats(),
      // A scene's opening waiting for Play counts: Step can start it.
      busy: sim.nextEventTime() !== Number.POSITIVE_INFINITY || pendingOpening !== "none",
      fastForward,
      commands,
      lagging,
    });
    /**
     * Keeps `act`, done at `at` (now by default), in the run: acting before the run's end starts
     * a new line of history and keeps the old one (timeline.ts record). A scheduled act (the
     * scene's timed kill) is kept for later and done when its time comes.
     */
    const remember = (act: Act, at = get().sim.now, scheduled = false) => {
      const r = record(line, at, act, scheduled);
      line = { moments: r.line.moments as Moment[], head: r.line.head };
      if (r.other) {
        other = r.other;
        keyframes.dropAfter(at);
      }
      if (scheduled) {
        if (insertionIndex(line.moments, at) - 1 < cursor) cursor++;
      } else cursor = insertionIndex(line.moments, at);
    };
    /** Runs an engine act: a refusal is shown; a success is kept in the run and published. */
    const command = (act: Act, cause?: NoticeCause) =>
      run((sim) => perform(sim, act, openingArgs), cause, act);
    /** Runs an engine command; a refusal becomes a notice (which goes once `cause` is gone). */
    const run = (command: (sim: Simulation) => CommandResult, cause?: NoticeCause, act?: Act) => {
      const result = command(get().sim);
      if (!result.ok) {
        // Only a reason the store can check again later goes when it no longer holds.
        const checkable =
          typeof cause === "object" &&
          refusalNow(get().sim, cause.refused, cause.id) === result.message;
        set({
          notices: withNotice(
            get().notices,
            notice(result.message, "warning", checkable ? cause : undefined),
          ),
        });
        return false;
      }
      if (act) remember(act);
      commands++;
      publish();
      finder.changed();
      return true;
    };
    const publish = () => {
      sincePublish = 0;
      const { sim, notices } = get();
      // A refusal whose reason no longer holds is stale: it goes at once, not in 8 s.
      const current = (n: Notice) =>
        typeof n.cause !== "object" || refusalNow(sim, n.cause.refused, n.cause.id) === n.text;
      const stale = notices.some((n) => !current(n));
      set(stale ? { ...published(sim), notices: notices.filter(current) } : published(sim));
    };
    const notice = (
      message: string | Message,
      tone: Notice["tone"] = "warning",
      cause?: Notice["cause"],
    ): Notice => {
      const { text, parts } = toMessage(message);
      const id = nextNoticeId++;
      return {
        id,
        tone,
        text,
        parts,
        count: 1,
        seen: id,
        expiresAt: realTime + (tone === "info" ? INFO_NOTICE_MS : WARNING_NOTICE_MS),
        ...(cause ? { cause } : {}),
      };
    };

    /**
     * Runs the scene's opening if it still waits, before whatever starts the
     * clock. An action that is the opening itself (Visit in "A first visit")
     * replaces it rather than doing it twice.
     */
    const beginScene = (by?: Opening) => {
      const opening = pendingOpening;
      pendingOpening = "none";
      if (opening !== "none" && get().notices.some((n) => n.cause === "opening"))
        set({ notices: get().notices.filter((n) => n.cause !== "opening") }); // its cause is gone
      if (opening === "none" || opening === by) return;
      const result = perform(get().sim, { op: "opening" }, openingArgs);
      if (!result.ok) actions.notify(result.message);
      remember({ op: "opening" });
      scheduleKill(get().sim, get().scene, opening);
      commands++;
    };
    /** A "kill" opening: its component dies `afterMs` from now, on the simulated clock (see tick). */
    const scheduleKill = (sim: Simulation, scene: Scene, opening: Opening) => {
      if (opening === "kill" && scene.killAfter)
        remember({ op: "kill", id: scene.killAfter.id }, sim.now + scene.killAfter.afterMs, true);
    };
    /** The run's next act, done when the clock reaches its time (see clock.ts Due). */
    const due: Due = {
      at: () => line.moments[cursor]?.at ?? Number.POSITIVE_INFINITY,
      run() {
        const moment = line.moments[cursor++];
        if (!moment) return;
        const { act } = moment;
        const cause = act.op === "kill" ? { refused: "kill" as const, id: act.id } : undefined;
        run((sim) => perform(sim, act, openingArgs), cause);
      },
    };

    /**
     * A fresh engine in `setup`'s state. With `autoplay` the scene's opening runs
     * now; otherwise it waits for the clock to start. Refusals and the "press
     * Play" hint come back as notices.
     */
    const open = (setup: SceneSetup, autoplay: boolean) => {
      const scene = sceneById(setup.scene) ?? DEFAULT_SCENE;
      const architecture = architectureFor(scene);
      const { topology } = architecture;
      const { sim, refusals, opening, alsoVisit, calmMs, deploy, surge } = startSetup(
        topology,
        setup,
      );
      pendingOpening = autoplay || options.driven ? "none" : opening;
      openingArgs = { opening, alsoVisit, calmMs, deploy, surge };
      // A new run: no acts yet, no other line.
      line = { moments: [], head: 0 };
      other = undefined;
      cursor = 0;
      keyframes.clear();
      if (autoplay && !options.driven && opening !== "none") {
        const result = perform(sim, { op: "opening" }, openingArgs);
        if (!result.ok) refusals.push(result.message);
        remember({ op: "opening" }, 0);
        scheduleKill(sim, scene, opening);
      }
      const notices = refusals.map((text) => notice(text));
      if (pendingOpening !== "none")
        notices.push(notice(`${scene.title}: press Play to start.`, "info", "opening"));
      const playing = autoplay && sim.nextEventTime() !== Number.POSITIVE_INFINITY;
      return { sim, scene, architecture, topology, playing, notices };
    };

    /**
     * The run at `time`, paused. Forward, the simulation plays on to it; back (or with
     * `rebuild`), a fresh one is built from the setup and the run's acts are done again at their
     * times. The outage timeline and the metrics are read every simulated second on the way, as
     * when playing.
     */
    const goTo = (time: number, rebuild = false) => {
      const state = get();
      let { sim } = state;
      line.head = Math.max(line.head, sim.now);
      let metrics = state.metrics;
      const refusedActs: string[] = [];
      const started = wallClock();
      const back = rebuild || time < sim.now;
      // Back in time, or forward past a keyframe: from the nearest keyframe before `time`.
      const frame = options.driven ? undefined : keyframes.before(time);
      const copy = frame && (back || frame.at > sim.now) ? fromKeyframe(frame) : undefined;
      const rebuilt = back && !copy;
      if (copy && frame) {
        sim = copy;
        cursor = frame.cursor;
        metrics = frame.metrics.slice();
        rateBase = { ...frame.rateBase, counts: frame.rateBase.counts.slice() };
      } else if (rebuilt) {
        sim = startSetup(state.topology, state.setup).sim;
        cursor = 0;
        metrics = [];
        rateBase = { counts: [] };
      }
      const from = sim.now;
      cursor = playMoments(
        sim,
        line.moments,
        cursor,
        time,
        openingArgs,
        (s) => {
          outageOf(s);
          if (hasTraffic(s)) metrics = extendSamples(s, metrics, s.now, rateBase);
          // Keyframes on the way, near the moment gone to (where the reader is likely to look),
          // and one at the last whole second before it, whatever the spacing: Step back and a
          // small drag back from there replay at most a second.
          const last = s.now > time - 1000;
          if (
            s.now >= time - 4 * keyframes.every &&
            (keyframes.due(s.now) || (last && (keyframes.before(s.now)?.at ?? -1) < time - 1000)) &&
            !line.moments.some((m) => m.at === s.now)
          )
            keepKeyframe(s, insertionIndex(line.moments, s.now), metrics);
        },
        (m, why) =>
          refusedActs.push(`${describeAct(m.act)} at ${(m.at / 1000).toFixed(1)} s: ${why}`),
      );
      if ((rebuilt || copy) && time - from > 100)
        replayCost = (wallClock() - started) / (time - from);
      if (line.moments.some((m) => m.act.op === "opening")) pendingOpening = "none";
      line.head = Math.max(line.head, sim.now);
      segmentStart = sim.now;
      fastForward = false;
      commands++;
      const { following, inspecting } = state;
      set({
        sim,
        metrics,
        playing: false,
        stepping: false,
        // What the reader follows or inspects stays open while it exists at that moment.
        following:
          following !== undefined && sim.visits.some((v) => v.id === following)
            ? following
            : undefined,
        inspecting: inspecting !== undefined && sim.entry(inspecting) ? inspecting : undefined,
      });
      for (const text of refusedActs.slice(0, 3)) actions.notify(`Skipped ${text}`);
      publish();
      finder.changed();
    };

    const finder = createFinder(
      {
        current: () => {
          const s = get();
          return {
            sim: s.sim,
            topology: s.topology,
            architecture: s.architecture.id,
            scene: s.scene.id,
            speed: s.speed,
            seed: s.seed,
          };
        },
        publish: (spof, spofStale) => set({ spof, spofStale }),
      },
      schedule,
    );

    const actions: HopscopeActions = {
      ...createScalingActions(
        (act) => command(act),
        () => actions.play(),
      ),
      visit(host = "www.foobar.com", path = "/") {
        beginScene("visit");
        const { sim } = get();
        const act: Act = { op: "visit", host, path };
        const result = perform(sim, act, openingArgs);
        if (!result.ok) {
          actions.notify(result.message);
          return;
        }
        remember(act);
        segmentStart = sim.now;
        set({ playing: true, stepping: false });
        publish();
      },
      visitAddress(typed) {
        const address = parseAddress(typed);
        if (!address.ok) {
          actions.notify(address.message);
          return;
        }
        actions.visit(address.host, address.path);
      },
      toggleRepeat() {
        beginScene();
        const on = get().sim.repeatVisitsMs() !== undefined;
        if (command({ op: "repeat", on: !on }) && !on) {
          segmentStart = get().sim.now;
          set({ playing: true, stepping: false });
        }
      },
      play() {
        beginScene();
        segmentStart = get().sim.now;
        set({ playing: true, stepping: false });
      },
      pause() {
        set({ playing: false, stepping: false });
        publish();
      },
      togglePlay() {
        // While stepping the button offers "Play": pressing it plays on.
        const { playing, stepping } = get();
        if (playing && !stepping) actions.pause();
        else actions.play();
      },
      step() {
        beginScene();
        const { sim } = get();
        const next = sim.nextEventTime();
        if (next === Number.POSITIVE_INFINITY) {
          actions.notify("Nothing to step through: press “Visit www.foobar.com” first.", "info");
          return;
        }
        segmentStart = sim.now;
        stepFrom = sim.traceTotal;
        set({ playing: true, stepping: true });
      },
      setSpeed(speed) {
        if (!speedById(speed)) return;
        set({ speed });
      },
      kill(id) {
        command({ op: "kill", id }, { refused: "kill", id });
      },
      revive(id) {
        command({ op: "revive", id }, { refused: "revive", id });
      },
      setSlow(id, on) {
        command({ op: "slow", id, on });
      },
      toggleSlow(id) {
        const { sim } = get();
        const known = sim.topology.specs.some((c) => c.id === id);
        command({ op: "slow", id, on: known ? !sim.health(id).slow : true });
      },
      setRps(rps) {
        if (!Number.isFinite(rps) || rps < 0 || rps > MAX_SLIDER_RPS) {
          actions.notify(
            `${String(rps).slice(0, 20)} visits per second is not possible: use 0 to ${MAX_SLIDER_RPS}.`,
          );
          return;
        }
        beginScene();
        const rounded = Math.round(rps);
        if (command({ op: "rps", rps: rounded }) && rounded > 0) {
          if (get().speed === "slow") {
            set({ speed: "1" });
            actions.notify(
              "Traffic plays in real time (1×): slow motion is for following one visit.",
              "info",
            );
          }
          segmentStart = get().sim.now;
          set({ playing: true, stepping: false });
        }
      },
      configure(id, setting, value) {
        command({ op: "configure", id, setting, value });
      },
      command(id, name, argument) {
        if (command({ op: "command", id, name, ...(argument === undefined ? {} : { argument }) }))
          finder.commanded(id, name, argument);
      },
      surge() {
        beginScene("surge");
        if (command({ op: "surge" }, { refused: "surge" })) {
          segmentStart = get().sim.now;
          set({ playing: true, stepping: false });
        }
      },
      deploy(mode) {
        const how = mode ?? get().deployMode;
        beginScene(how === "reload" ? "reload" : "deploy");
        const { deployStrategy: strategy, deployRelease: release } = get();
        const options = { mode: how, strategy, release };
        if (command({ op: "deploy", options }, { refused: "deploy" })) {
          segmentStart = get().sim.now;
          set({ playing: true, stepping: false });
        }
      },
      setDeployStrategy(deployStrategy) {
        if (!DEPLOY_STRATEGIES.includes(deployStrategy))
          actions.notify(`“${String(deployStrategy).slice(0, 20)}” is not a deploy strategy.`);
        else set({ deployStrategy });
      },
      setDeployRelease(deployRelease) {
        if (!RELEASES.includes(deployRelease))
          actions.notify(`“${String(deployRelease).slice(0, 20)}” is not a release.`);
        else set({ deployRelease });
      },
      rollback() {
        if (command({ op: "rollback", mode: get().deployMode })) {
          segmentStart = get().sim.now;
          set({ playing: true, stepping: false });
        }
      },
      reset() {
        // Back to the scene's start, at the speed chosen now.
        actions.start({ ...get().setup, speed: get().speed }, false);
      },
      loadScene(id, autoplay = false) {
        const scene = sceneById(id);
        if (!scene) {
          actions.notify(`There is no scene “${String(id).slice(0, 40)}”.`);
          return;
        }
        actions.start(setupOfScene(scene, get().seed), autoplay);
      },
      start(setup, autoplay) {
        const { sim, scene, architecture, topology, playing, notices } = open(setup, autoplay);
        segmentStart = 0;
        fastForward = false;
        commands++;
        rateBase = { counts: [] };
        set({
          // Notices about the previous scene no longer apply.
          notices,
          sim,
          scene,
          architecture,
          topology,
          setup,
          seed: setup.seed,
          speed: setup.speed,
          selected: undefined,
          following: undefined,
          inspecting: undefined,
          playing,
          stepping: false,
          metrics: [],
          ...choicesFor(scene, sim),
          // A deploy scene says how it deploys; others keep the way chosen.
          ...(scene.opening === "deploy" || scene.opening === "reload"
            ? { deployMode: scene.opening === "reload" ? "reload" : "restart" }
            : {}),
        });
        set(published(sim));
        finder.opened();
      },
      findSpof() {
        finder.find();
      },
      advanceTo(time, publishNow = true) {
        const { sim } = get();
        if (!(time > sim.now)) {
          if (publishNow) publish();
          return;
        }
        // Acts due on the way happen at their exact times (a scene's scheduled kill).
        while (due.at() <= time) {
          sim.advanceTo(Math.max(due.at(), sim.now));
          due.run();
        }
        sim.advanceTo(time);
        if (publishNow) publish();
      },
      apply(command) {
        return run(command);
      },
      seek(time) {
        if (options.driven) return;
        if (typeof time !== "number" || !Number.isFinite(time)) {
          actions.notify(`${String(time).slice(0, 20)} is not a moment of this run.`);
          return;
        }
        goTo(Math.min(Math.max(time, 0), Math.max(line.head, get().sim.now)));
      },
      playTo(time) {
        if (options.driven || !(time >= 0) || !Number.isFinite(time)) return;
        goTo(time);
      },
      stepBack() {
        if (options.driven) return;
        const { sim } = get();
        const back = previousEntryTime(sim, sim.now);
        if (back === undefined) {
          actions.notify("Already at the start: there is nothing before time 0.", "info");
          return;
        }
        goTo(back);
      },
      switchLine() {
        if (!other) {
          actions.notify(
            "There is no other line of history: act in the past to start one.",
            "info",
          );
          return;
        }
        const now = get().sim.now;
        const swapped = swapLines({ moments: line.moments, head: Math.max(line.head, now) }, other);
        line = { moments: swapped.line.moments.slice(), head: swapped.line.head };
        other = swapped.other;
        // Keyframes after the parting were the other line's.
        keyframes.dropAfter(swapped.other.parted);
        goTo(Math.min(now, line.head), true);
      },
      loadRun(moments, time) {
        if (options.driven) return;
        line = { moments: moments.slice(), head: 0 };
        other = undefined;
        keyframes.clear();
        pendingOpening = "none";
        if (get().notices.some((n) => n.cause === "opening"))
          set({ notices: get().notices.filter((n) => n.cause !== "opening") });
        const last = moments[moments.length - 1]?.at ?? 0;
        line.head = Math.max(last, time);
        goTo(Math.min(Math.max(time, 0), line.head), true);
      },
      moments() {
        return line.moments;
      },
      follow(visitId) {
        if (visitId === undefined) {
          set({ following: undefined });
          return;
        }
        const { sim } = get();
        if (!Number.isInteger(visitId) || !sim.visits.some((v) => v.id === visitId)) {
          actions.notify(
            `There is no visit #${String(visitId).slice(0, 12)} to follow in this run.`,
          );
          return;
        }
        set({ following: visitId, panelsOpen: true });
      },
      inspect(seq) {
        if (seq === undefined) {
          set({ inspecting: undefined });
          return;
        }
        const entry = Number.isInteger(seq) ? get().sim.entry(seq) : undefined;
        if (entry?.type !== "hop") {
          actions.notify(`There is no packet #${String(seq).slice(0, 12)} to open at this moment.`);
          return;
        }
        set({ inspecting: seq, panelsOpen: true });
      },
      select(id) {
        if (id !== undefined && !get().topology.components.some((c) => c.id === id)) {
          actions.notify(`There is no component “${id.slice(0, 40)}” in this scene.`);
          return;
        }
        // A component chosen shows its details, in the place an open packet takes.
        set(
          id === undefined
            ? { selected: id }
            : { selected: id, inspecting: undefined, panelsOpen: true },
        );
      },
      setDeployMode(mode) {
        if (mode !== "restart" && mode !== "reload") {
          actions.notify(`“${String(mode).slice(0, 20)}” is not a way to deploy.`);
          return;
        }
        set({ deployMode: mode });
      },
      togglePanels() {
        set({ panelsOpen: !get().panelsOpen });
      },
      present(on) {
        set({ presenting: on === undefined ? !get().presenting : on === true });
      },
      setTheme(theme) {
        set({ theme });
      },
      notify(message, tone) {
        set({ notices: withNotice(get().notices, notice(message, tone)) });
      },
      dismissNotice(id) {
        const gone = typeof id === "number" ? [id] : id;
        const notices = get().notices.filter((n) => !gone.includes(n.id));
        if (notices.length !== get().notices.length) set({ notices });
      },
      holdNotices(held) {
        noticesHeld = held;
      },
      tick(realMs) {
        // Notices count real time, except while the user has them under the pointer or focus.
        if (!noticesHeld && realMs > 0 && Number.isFinite(realMs)) realTime += realMs;
        const expired = get().notices.some((n) => n.expiresAt <= realTime);
        if (expired) set({ notices: get().notices.filter((n) => n.expiresAt > realTime) });
        const state = get();
        const counting = state.notices.length > 0 && !noticesHeld;
        if (!state.playing) return counting;
        const speed = speedById(state.speed) ?? speedById(DEFAULT_SPEED);
        if (!speed) return counting;
        const { sim } = state;
        const before = sim.traceTotal;
        const started = wallClock();
        const result = advanceClock(
          sim,
          Math.min(Math.max(realMs, 0), MAX_FRAME_MS) * pace,
          speed,
          segmentStart,
          state.stepping ? () => sim.traceTotal > stepFrom : undefined,
          due,
        );
        if (sim.now > line.head) line.head = sim.now;
        // If the engine's share of a frame grows too large, the simulated clock
        // slows down (and says so) rather than freezing the page.
        const spent = wallClock() - started;
        // A keyframe now and then while playing, if copies stay cheap beside the engine's work.
        engineSinceKeyframe += spent;
        if (
          !options.driven &&
          options.timeTravel !== false &&
          keyframes.due(sim.now) &&
          forkMs <= MAX_PLAY_FORK_MS &&
          forkMs <= KEYFRAME_SHARE * engineSinceKeyframe
        )
          keepKeyframe(sim, cursor, state.metrics);
        if (spent > FRAME_BUDGET_MS) pace = Math.max(0.02, pace * 0.8);
        else if (spent < FRAME_BUDGET_MS / 2) pace = Math.min(1, pace * 1.1);
        const laggingNow = pace < 0.95;
        const lagChanged = laggingNow !== lagging;
        lagging = laggingNow;
        segmentStart = result.segmentStart;
        sincePublish += realMs;
        // Smoothed over about ten frames, one long frame counted as at most 50 ms: a single
        // hiccup (a tab coming back) is not a slow machine.
        if (realMs > 0) frameMs += (Math.min(realMs, 50) - frameMs) * 0.1;
        const publishEvery = frameMs > LATE_FRAME_MS ? PUBLISH_EVERY_SLOW_MS : PUBLISH_EVERY_MS;
        const ffChanged = result.fastForward !== fastForward || lagChanged;
        fastForward = result.fastForward;
        if (
          result.stopped ||
          (state.stepping && sim.nextEventTime() === Number.POSITIVE_INFINITY)
        ) {
          set({ playing: false, stepping: false });
          publish();
          return counting;
        }
        if (ffChanged || sim.traceTotal !== before || sincePublish >= publishEvery) publish();
        return true;
      },
    };

    const setup = options.setup ?? {
      ...setupOfScene(DEFAULT_SCENE, options.seed),
      speed: options.speed ?? DEFAULT_SPEED,
    };
    const first = (options.notices ?? []).map((text) => notice(text));
    const { sim, scene, architecture, topology, playing, notices } = open(
      setup,
      options.autoplay === true,
    );
    return {
      sim,
      seed: setup.seed,
      scene,
      setup,
      architecture,
      topology,
      playing,
      speed: setup.speed,
      stepping: false,
      selected: undefined,
      following: undefined,
      inspecting: undefined,
      panelsOpen: options.panelsOpen ?? true,
      presenting: options.presenting ?? false,
      deployMode: "restart",
      ...choicesFor(scene, sim),
      theme: options.theme,
      notices: [...first, ...notices],
      spof: undefined,
      spofStale: false,
      ...published(sim),
      actions,
    };
  });
}
