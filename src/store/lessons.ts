import { createStore, type StoreApi } from "zustand/vanilla";
import { type GoalResult, goalById } from "../lessons/goals";
import { LESSONS } from "../lessons/index";
import { momentsOfStep, setupOfStep } from "../lessons/run";
import type { Lesson, PredictStep, Step } from "../lessons/types";
import type { Schedule } from "./finder";
import type { HopscopeStore } from "./hopscopeStore";
import { message } from "./notices";
import {
  emptyProgress,
  isRight,
  loadProgress,
  type Progress,
  type ProgressStorage,
  parseProgress,
  picks,
  type StepProgress,
  saveProgress,
} from "./progress";
import type { SpeedId } from "./speed";

/**
 * Where a step is: asking (the prediction not yet committed, or a text being read), watching (the
 * simulation plays what the step shows), revealed (the answer and the explanation are shown).
 */
export type Phase = "ask" | "watching" | "revealed";

export interface LessonState {
  /** The lesson open, if any. */
  lesson: Lesson | undefined;
  /** The step shown (0-based). */
  index: number;
  phase: Phase;
  /** The prediction chosen (a choice's id, or a component's), before and after committing. */
  pick: string | undefined;
  /** Why, if the student says (optional; kept on this machine only). */
  reason: string;
  /** Playing the step again, slower, after the reveal. */
  replaying: boolean;
  /**
   * The class's mode, for a teacher at a projector: no single pick; the class shows hands and the
   * teacher types the counts; the answer stays hidden after watching until the teacher reveals it.
   */
  teacher: boolean;
  /** In the class's mode, whether the teacher has revealed the answer. */
  answerShown: boolean;
  /** The show of hands: how many chose each choice (by id). */
  hands: Record<string, number>;
  /** A challenge's check: running, and its last verdict. */
  checking: boolean;
  goal: GoalResult | undefined;
  /** This browser's progress through every lesson. */
  progress: Progress;
  /** Whether progress is saved in this browser (false: storage is off, it lasts this visit). */
  stored: boolean;
  actions: LessonActions;
}

export interface LessonActions {
  /** Opens lesson `id` at `step` (0-based; default where the student left it). */
  open(id: string, step?: number): void;
  close(): void;
  /** Goes to step `index` (0-based) of the open lesson. */
  goTo(index: number): void;
  next(): void;
  previous(): void;
  /**
   * What the lesson's main button does now, as a clicker's "next": commit the prediction (or, in
   * the class's mode, play it), finish the watch, reveal the answer, or go to the next step.
   */
  advance(): void;
  choose(pick: string): void;
  setReason(reason: string): void;
  /** Commits the prediction and plays the step (or plays a step that has no question). */
  commit(): void;
  /**
   * Ends the watch at exactly its end: the clock paused there (taken back if a frame carried it
   * past), so the picture is the one the reveal speaks of. `skip`: jump there now.
   */
  endWatch(skip?: boolean): void;
  /** Plays the step again from its start, one speed slower; the reveal stays. */
  watchAgain(): void;
  setTeacher(on: boolean): void;
  revealAnswer(): void;
  setHands(pick: string, count: number): void;
  /** Checks a challenge's goal on what the student built (a few seconds: runs the engine). */
  check(): void;
  /** The progress as a file's text. */
  exportProgress(): string;
  /** Replaces the progress with a file's; a bad file is refused with a notice and changes nothing. */
  importProgress(text: string): boolean;
  resetProgress(): void;
}

export type LessonStore = StoreApi<LessonState>;

export interface LessonOptions {
  lessons?: readonly Lesson[];
  /** Where progress is kept (localStorage in the app); undefined keeps it for this visit only. */
  storage?: ProgressStorage;
  /** Runs a challenge's check after the "Checking…" state has been drawn (setTimeout by default). */
  schedule?: Schedule;
}

/** Most characters kept of a reason. */
export const MAX_REASON = 500;
/** Most hands counted for one choice (a lecture hall). */
export const MAX_HANDS = 999;

/** The speed one step slower than `id` (the slowest stays). */
export function slowerSpeed(id: SpeedId): SpeedId {
  const order: SpeedId[] = ["100", "10", "1", "0.1", "slow"];
  const at = order.indexOf(id);
  return order[Math.min(at + 1, order.length - 1)] ?? id;
}

/**
 * Whether a step plays: it has a watch (its acts or its scene's opening, and the scene's steady
 * traffic, run on the clock for `watchMs`). A text without one is only read.
 */
export function stepPlays(step: Step): boolean {
  return step.watchMs !== undefined && step.watchMs > 0;
}

/**
 * The lessons' player, around a Hopscope store: each step sets up the diagram, asks, plays what
 * it shows on the simulated clock, and stops exactly at the watch's end (going back to it if the
 * clock went past) to reveal what the student's answer meant.
 */
export function createLessonStore(hopscope: HopscopeStore, options: LessonOptions = {}) {
  const lessons = options.lessons ?? LESSONS;
  const schedule = options.schedule ?? ((fn, ms) => setTimeout(fn, ms));
  const h = () => hopscope.getState().actions;
  const initial = loadProgress(options.storage, lessons);
  const stored = saveProgress(options.storage, initial);

  const store = createStore<LessonState>()((set, get) => {
    const step = (): Step | undefined => get().lesson?.steps[get().index];
    /** Records what the student did on the step shown, and saves it. */
    const remember = (change: StepProgress) => {
      const { lesson, index, progress } = get();
      const s = step();
      if (!lesson || !s) return;
      const before = progress.lessons[lesson.id] ?? { steps: {}, at: index };
      const next: Progress = {
        ...progress,
        lessons: {
          ...progress.lessons,
          [lesson.id]: {
            at: index,
            steps: { ...before.steps, [s.id]: { ...before.steps[s.id], ...change } },
          },
        },
      };
      set({ progress: next, stored: saveProgress(options.storage, next) });
    };
    /** Sets the diagram up for step `index` and asks. */
    const enter = (lesson: Lesson, index: number) => {
      const s = lesson.steps[index] as Step;
      set({
        lesson,
        index,
        phase: "ask",
        pick: undefined,
        reason: "",
        replaying: false,
        answerShown: false,
        hands: {},
        checking: false,
        goal: undefined,
      });
      h().start(setupOfStep(s), false);
      // The step plays when asked to, not on Play: the scene's opening waits for the commit.
      h().loadRun([], 0);
      const p = get().progress.lessons[lesson.id];
      const next: Progress = {
        ...get().progress,
        lessons: { ...get().progress.lessons, [lesson.id]: { steps: p?.steps ?? {}, at: index } },
      };
      set({ progress: next, stored: saveProgress(options.storage, next) });
      // A text with nothing to play is read, not watched: it is revealed at once.
      if (s.kind === "show" && !stepPlays(s)) {
        set({ phase: "revealed" });
        remember({ seen: true });
      }
    };
    /** Plays the step from its start at `speed`. */
    const play = (s: Step, speed?: SpeedId) => {
      h().loadRun(momentsOfStep(s), 0);
      if (speed) h().setSpeed(speed);
      h().play();
    };

    const actions: LessonActions = {
      open(id, at) {
        const lesson = lessons.find((l) => l.id === id);
        if (!lesson) {
          h().notify(
            message`There is no lesson “${id.slice(0, 40)}”: use ${lessons.map((l) => l.id).join(", ")}.`,
          );
          return;
        }
        const index = at ?? get().progress.lessons[id]?.at ?? 0;
        if (!Number.isInteger(index) || index < 0 || index >= lesson.steps.length) {
          h().notify(
            message`“${lesson.title}” has steps 1 to ${lesson.steps.length}; opened at step 1.`,
          );
          enter(lesson, 0);
          return;
        }
        enter(lesson, index);
      },
      close() {
        set({ lesson: undefined, index: 0, phase: "ask", replaying: false });
      },
      goTo(index) {
        const { lesson } = get();
        if (!lesson) return;
        if (!Number.isInteger(index) || index < 0 || index >= lesson.steps.length) {
          h().notify(
            message`“${lesson.title}” has steps 1 to ${lesson.steps.length}: there is no step ${String(index + 1).slice(0, 12)}.`,
          );
          return;
        }
        enter(lesson, index);
      },
      next() {
        const { lesson, index } = get();
        if (lesson && index + 1 < lesson.steps.length) enter(lesson, index + 1);
      },
      previous() {
        const { lesson, index } = get();
        if (lesson && index > 0) enter(lesson, index - 1);
      },
      advance() {
        const s = step();
        const { phase, teacher, answerShown, pick } = get();
        if (!s) return;
        if (phase === "ask") {
          // A challenge: check; once checked and not met, the clicker moves on (the teacher's call).
          if (s.kind === "challenge") {
            if (get().goal === undefined) actions.check();
            else actions.next();
          } else if (s.kind === "predict" && !teacher && pick === undefined)
            h().notify("Choose your prediction first: the lesson plays once you have.", "info");
          else actions.commit();
        } else if (phase === "watching") actions.endWatch(true);
        else if (teacher && s.kind === "predict" && !answerShown) actions.revealAnswer();
        else actions.next();
      },
      choose(pick) {
        const s = step();
        if (s?.kind !== "predict" || get().phase !== "ask") return;
        if (!picks(s).includes(pick)) return;
        set({ pick });
      },
      setReason(reason) {
        set({ reason: reason.slice(0, MAX_REASON) });
      },
      commit() {
        const s = step();
        if (!s || get().phase !== "ask" || s.kind === "challenge") return;
        if (s.kind === "predict") {
          const { pick, teacher } = get();
          if (pick === undefined && !teacher) return;
          const reason = get().reason.trim();
          if (pick !== undefined && !teacher)
            remember({ pick, right: isRight(s, pick), ...(reason ? { reason } : {}) });
        }
        if (!stepPlays(s)) {
          set({ phase: "revealed" });
          return;
        }
        set({ phase: "watching" });
        play(s);
      },
      endWatch(skip = false) {
        const s = step();
        if (!s || !(get().phase === "watching" || get().replaying)) return;
        const end = s.watchMs ?? 0;
        h().pause();
        const now = hopscope.getState().sim.now;
        if (now > end || (skip && now < end)) h().playTo(end);
        set({ phase: "revealed", replaying: false });
        remember({ seen: true });
      },
      watchAgain() {
        const s = step();
        if (!s || get().phase !== "revealed" || !stepPlays(s)) return;
        set({ replaying: true });
        play(s, slowerSpeed(hopscope.getState().speed));
      },
      setTeacher(on) {
        // Turned on after a reveal, the answer stays shown: only the next steps wait for hands.
        set({ teacher: on, answerShown: get().phase === "revealed" });
      },
      revealAnswer() {
        if (get().phase === "revealed") set({ answerShown: true });
      },
      setHands(pick, count) {
        const s = step();
        if (s?.kind !== "predict" || !picks(s).includes(pick)) return;
        const n = Number.isFinite(count) ? Math.min(Math.max(Math.round(count), 0), MAX_HANDS) : 0;
        set({ hands: { ...get().hands, [pick]: n } });
      },
      check() {
        const s = step();
        if (s?.kind !== "challenge" || get().checking) return;
        const goal = goalById(s.goal);
        if (!goal) return;
        set({ checking: true });
        schedule(() => {
          const hs = hopscope.getState();
          let result: GoalResult;
          try {
            result = goal.check({
              setup: hs.setup,
              moments: hs.actions.moments(),
              now: hs.sim.now,
              deploy: {
                deployStrategy: hs.deployStrategy,
                deployRelease: hs.deployRelease,
                mode: hs.deployMode,
              },
            });
          } catch (e) {
            result = {
              met: false,
              lines: [`The check could not run: ${e instanceof Error ? e.message : String(e)}`],
            };
          }
          // A step left while checking keeps its own verdict to itself.
          if (step() !== s) return;
          set({ checking: false, goal: result, phase: result.met ? "revealed" : "ask" });
          if (result.met) remember({ met: true, seen: true });
        }, 30);
      },
      exportProgress() {
        return `${JSON.stringify(get().progress, null, 2)}\n`;
      },
      importProgress(text) {
        const parsed = parseProgress(text, lessons);
        if (!parsed.ok) {
          h().notify(message`Progress not imported: ${parsed.why}. Your progress is unchanged.`);
          return false;
        }
        set({ progress: parsed.progress, stored: saveProgress(options.storage, parsed.progress) });
        const n = Object.keys(parsed.progress.lessons).length;
        h().notify(
          `Progress imported: ${n} lesson${n === 1 ? "" : "s"}${parsed.dropped > 0 ? ` (${parsed.dropped} entries this version has no lesson or step for were left out)` : ""}.`,
          "info",
        );
        return true;
      },
      resetProgress() {
        const progress = emptyProgress();
        set({ progress, stored: saveProgress(options.storage, progress) });
      },
    };

    return {
      lesson: undefined,
      index: 0,
      phase: "ask",
      pick: undefined,
      reason: "",
      replaying: false,
      teacher: false,
      answerShown: false,
      hands: {},
      checking: false,
      goal: undefined,
      progress: initial,
      stored,
      actions,
    };
  });

  // The watch ends on the simulated clock: at each published change, see whether it got there.
  let ending = false;
  hopscope.subscribe((hs) => {
    const s = store.getState();
    const current = s.lesson?.steps[s.index];
    if (ending || !current || !(s.phase === "watching" || s.replaying)) return;
    if (hs.sim.now < (current.watchMs ?? 0)) return;
    ending = true;
    try {
      s.actions.endWatch();
    } finally {
      ending = false;
    }
  });
  // A component clicked on the diagram is the student's pick in a "click the component" question.
  hopscope.subscribe((hs, before) => {
    if (hs.selected === before.selected || hs.selected === undefined) return;
    const s = store.getState();
    const current = s.lesson?.steps[s.index];
    if (current?.kind !== "predict" || current.question.type !== "component") return;
    if (s.phase !== "ask" || !current.question.candidates.includes(hs.selected)) return;
    store.setState({ pick: hs.selected });
  });
  return store;
}

/** The reveal a student reads for `pick` on a prediction. */
export function revealFor(step: PredictStep, pick: string): { right: boolean; text: string } {
  const q = step.question;
  if (q.type === "choice") {
    const choice = q.choices.find((c) => c.id === pick);
    return { right: q.answer === pick, text: choice?.reveal ?? "" };
  }
  const right = q.answer.includes(pick);
  return { right, text: right ? q.right : (q.wrong?.[pick] ?? q.otherwise) };
}
