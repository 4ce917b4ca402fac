import { createStore, type StoreApi } from "zustand/vanilla";
import type { CommandResult, Simulation } from "../engine";
import { architectureOf } from "../scenes/architectures";
import { SCENES } from "../scenes/catalog";
import {
  createHopscopeStore,
  type HopscopeStore,
  type Message,
  type SceneSetup,
  speedById,
  toMessage,
} from "../store";
import type { CompareScene, CompareSide, CompareSpeed, CompareStep, SideIds } from "./scenes";
import { STRATEGY_RUNNERS } from "./strategies";
import { createTally, type SideResults, type Tally } from "./tally";

/** Most real time one frame may advance the clock (a hidden tab coming back does not jump). */
const MAX_FRAME_MS = 100;
/** How often the figures are copied for React (ms of real time). */
const PUBLISH_EVERY_MS = 150;
/** Most real time per frame both engines together may use before the clock slows down (ms). */
const FRAME_BUDGET_MS = 10;

/** The speeds compare mode offers: no slow motion, since both sides always have traffic. */
export const COMPARE_SPEEDS: readonly CompareSpeed[] = ["0.1", "1", "10", "100"];

/** A script step as it ran on one side: when, and whether the engine did it. */
export interface AppliedStep {
  side: 0 | 1;
  /** Its index in the script. */
  step: number;
  /** The side's simulated time when it ran (ms): the step's `at`, on both sides. */
  at: number;
  ok: boolean;
  message: string;
}

/** A message for the class above the diagrams (a bad link value, a step the engine refused). */
export interface CompareNotice {
  id: number;
  text: string;
  parts: Message["parts"];
}

export interface CompareState {
  scene: CompareScene;
  seed: number;
  playing: boolean;
  speed: CompareSpeed;
  /** The one clock, as last published (simulated ms); both sides are exactly here. */
  now: number;
  /** The browser cannot keep up, so the clock runs slower than asked. */
  lagging: boolean;
  /** The two sides: what they are, and the store each canvas reads (its own engine). */
  sides: readonly [CompareSide, CompareSide];
  stores: readonly [HopscopeStore, HopscopeStore];
  /** Each side's figures, as last published. */
  results: readonly [SideResults, SideResults];
  /** Every script step run so far, on each side. */
  applied: readonly AppliedStep[];
  notices: readonly CompareNotice[];
  actions: CompareActions;
}

export interface CompareActions {
  play(): void;
  pause(): void;
  togglePlay(): void;
  setSpeed(speed: string): void;
  /** Both sides from the start again: fresh engines, the same seed and script, paused. */
  reset(): void;
  dismissNotice(id: number): void;
  /**
   * Advances the one clock by `realMs` of wall time (every animation frame): both engines
   * run to the same simulated time, and each script step runs on both at its exact `at`.
   * Returns whether it wants another frame (while playing).
   */
  tick(realMs: number): boolean;
}

export type CompareStore = StoreApi<CompareState>;

export interface CompareOptions {
  scene: CompareScene;
  seed: number;
  speed?: CompareSpeed;
  /** Play at once. */
  autoplay?: boolean;
  /** Notices to show from the start (a link's ignored values). */
  notices?: readonly (string | Message)[];
  /** Real time in ms, to measure the engines' work per frame (tests pass a fake). */
  wallClock?: () => number;
}

/** The architectures compare mode can run: those with a scene in the catalog (see sideSetup). */
export function comparableArchitectures(): string[] {
  return [...new Set(SCENES.map((s) => architectureOf(s).id))];
}

/**
 * The scene a side's store starts from: the first of its architecture in the catalog, with
 * its traffic, faults and capacities replaced by the comparison's (its opening never runs:
 * the store is driven).
 */
export function sideSetup(scene: CompareScene, side: CompareSide, seed: number): SceneSetup {
  const base = SCENES.find((s) => architectureOf(s).id === side.architecture);
  if (!base) throw new Error(`HOPSCOPE_NO_SCENE: no scene runs on ${side.architecture}`);
  return {
    scene: base.id,
    seed,
    speed: scene.speed,
    rps: scene.rps,
    kill: [],
    slow: [],
    settings: side.settings ?? [],
  };
}

/**
 * Compare mode: two Hopscope stores, each with its own engine and canvas, run by ONE clock.
 * Every frame moves both engines to the same simulated time; the script's steps (a surge, a
 * kill, a deploy) run on both at their exact time, so the same seed gives the same two runs
 * however the frames fall. The figures for the comparison are read from both engines' logs.
 */
export function createCompareStore(options: CompareOptions): CompareStore {
  const { scene, seed } = options;
  const wallClock = options.wallClock ?? (() => performance.now());
  const sides = scene.sides;
  let nextId = 1;
  /** The clock (simulated ms), ahead of the published `now` between publishes. */
  let clock = 0;
  let nextStep = 0;
  let pace = 1;
  let sincePublish = 0;
  const applied: AppliedStep[] = [];
  const notice = (message: string | Message): CompareNotice => {
    const { text, parts } = toMessage(message);
    return { id: nextId++, text, parts };
  };
  const stores = sides.map((side) =>
    createHopscopeStore({
      seed,
      setup: sideSetup(scene, side, seed),
      driven: true,
      panelsOpen: false,
    }),
  ) as unknown as readonly [HopscopeStore, HopscopeStore];
  let tallies: Tally[] = [];
  /** The notices (kept here too: steps run at time 0 refuse before the store exists). */
  let notices: CompareNotice[] = (options.notices ?? []).map(notice);
  let created = false;

  return createStore<CompareState>()((set, get) => {
    /** Runs an engine command on side `i`; a refusal becomes a notice naming the side. */
    const run = (i: 0 | 1, step: number, command: (sim: Simulation) => CommandResult) => {
      let result: CommandResult = { ok: false, message: "Not run." };
      stores[i].getState().actions.apply((sim) => {
        result = command(sim);
        return result;
      });
      const at = stores[i].getState().sim.now;
      applied.push({ side: i, step, at, ok: result.ok, message: result.message });
      if (!result.ok) addNotice(`${(sides[i] as CompareSide).label}: ${result.message}`);
    };
    const addNotice = (message: string | Message) => {
      notices = [...notices, notice(message)];
      if (created) set({ notices });
    };
    const idOn = (ids: SideIds, i: 0 | 1) => (typeof ids === "string" ? ids : ids[i]);
    const perform = (step: CompareStep, index: number) => {
      for (const i of [0, 1] as const) {
        const side = sides[i] as CompareSide;
        switch (step.do) {
          case "rps":
            run(i, index, (sim) => sim.setTraffic(step.rps));
            break;
          case "surge": {
            const { factor, holdMs, easeMs } = step;
            run(i, index, (sim) =>
              sim.surge({
                ...(factor !== undefined ? { factor } : {}),
                ...(holdMs !== undefined ? { holdMs } : {}),
                ...(easeMs !== undefined ? { easeMs } : {}),
              }),
            );
            break;
          }
          case "kill":
            run(i, index, (sim) => sim.kill(idOn(step.component, i)));
            break;
          case "revive":
            run(i, index, (sim) => sim.revive(idOn(step.component, i)));
            break;
          case "deploy": {
            const strategy = step.strategy ?? side.deploy ?? "all-at-once";
            run(i, index, (sim) => STRATEGY_RUNNERS[strategy](sim, step.mode ?? "restart"));
            break;
          }
        }
      }
    };
    /** Both engines to `target`, running the steps due on the way at their own times. */
    const runTo = (target: number, publish: boolean) => {
      const script = scene.script;
      while (nextStep < script.length && (script[nextStep] as CompareStep).at <= target) {
        const step = script[nextStep] as CompareStep;
        for (const s of stores) s.getState().actions.advanceTo(step.at, false);
        perform(step, nextStep);
        nextStep++;
      }
      for (const s of stores) s.getState().actions.advanceTo(target, publish);
      clock = target;
    };
    const results = () =>
      tallies.map((t) => t.results()) as unknown as readonly [SideResults, SideResults];
    const publish = () => {
      sincePublish = 0;
      set({ now: clock, results: results(), applied: applied.slice(), lagging: pace < 0.95 });
    };
    /** Both sides at time 0, in the comparison's starting state, with the steps due at 0 run. */
    const begin = () => {
      clock = 0;
      nextStep = 0;
      pace = 1;
      applied.length = 0;
      stores.forEach((s, i) => {
        s.getState().actions.start(sideSetup(scene, sides[i] as CompareSide, seed), false);
      });
      tallies = stores.map((s) => createTally(s.getState().sim));
      stores.forEach((s, i) => {
        if (s.getState().sim.writeShare() !== scene.writeShare)
          run(i as 0 | 1, -1, (sim) => sim.setWriteShare(scene.writeShare));
      });
      runTo(0, false);
    };

    const actions: CompareActions = {
      play() {
        set({ playing: true });
      },
      pause() {
        set({ playing: false });
        publish();
      },
      togglePlay() {
        if (get().playing) actions.pause();
        else actions.play();
      },
      setSpeed(speed) {
        if (!COMPARE_SPEEDS.includes(speed as CompareSpeed)) {
          addNotice(
            `${String(speed).slice(0, 20)} is not a speed of compare mode: use ${COMPARE_SPEEDS.join(", ")}.`,
          );
          return;
        }
        set({ speed: speed as CompareSpeed });
      },
      reset() {
        notices = [];
        begin();
        set({ playing: false, notices });
        publish();
      },
      dismissNotice(id) {
        notices = notices.filter((n) => n.id !== id);
        set({ notices });
      },
      tick(realMs) {
        const { playing, speed } = get();
        if (!playing) return false;
        const rate = speedById(speed)?.rate ?? 1;
        const started = wallClock();
        const step = Math.min(Math.max(realMs, 0), MAX_FRAME_MS) * pace * rate;
        sincePublish += Math.max(realMs, 0);
        const publishNow = sincePublish >= PUBLISH_EVERY_MS;
        runTo(clock + step, publishNow);
        // One pace for both: if the engines' share of a frame grows too large, the one clock
        // slows down (and says so) rather than the page freezing or one side falling behind.
        const spent = wallClock() - started;
        if (spent > FRAME_BUDGET_MS) pace = Math.max(0.02, pace * 0.8);
        else if (spent < FRAME_BUDGET_MS / 2) pace = Math.min(1, pace * 1.1);
        if (publishNow) publish();
        return true;
      },
    };

    begin();
    created = true;
    return {
      scene,
      seed,
      playing: options.autoplay === true,
      speed: options.speed ?? scene.speed,
      now: 0,
      lagging: false,
      sides,
      stores,
      results: results(),
      applied: applied.slice(),
      notices,
      actions,
    };
  });
}
