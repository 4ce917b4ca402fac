import type { Lesson } from "../lessons/types";

/**
 * A student's progress through the lessons, kept in this browser only (localStorage) and never
 * sent anywhere; exported and imported as a file to move it to another machine.
 */
export interface Progress {
  version: 1;
  lessons: Record<string, LessonProgress>;
}

export interface LessonProgress {
  /** Each step answered or passed, by step id. */
  steps: Record<string, StepProgress>;
  /** The step (0-based) the student was at last: where the lesson reopens. */
  at: number;
}

export interface StepProgress {
  /** The prediction committed (a choice's id or a component's), if any. */
  pick?: string;
  /** Whether that prediction was right. */
  right?: boolean;
  /** Why the student thought so, if they said. */
  reason?: string;
  /** A challenge's goal was met. */
  met?: boolean;
  /** The step was played to its end (watched, or read). */
  seen?: boolean;
}

export const PROGRESS_KEY = "hopscope.progress.v1";
/** A progress file larger than this is not a progress file (every lesson answered is ~10 KB). */
export const MAX_PROGRESS_BYTES = 200_000;

export const emptyProgress = (): Progress => ({ version: 1, lessons: {} });

/** Where progress lives: localStorage in the app, a Map in tests, nothing where storage is off. */
export interface ProgressStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

/** The progress saved in `storage`, or empty if there is none or it cannot be read. */
export function loadProgress(storage: ProgressStorage | undefined, lessons: readonly Lesson[]) {
  try {
    const text = storage?.getItem(PROGRESS_KEY);
    if (!text) return emptyProgress();
    const parsed = parseProgress(text, lessons);
    return parsed.ok ? parsed.progress : emptyProgress();
  } catch {
    return emptyProgress(); // storage blocked (private mode, a sandboxed frame)
  }
}

/** Saves `progress`; false when the browser will not store it (then it lasts this visit only). */
export function saveProgress(storage: ProgressStorage | undefined, progress: Progress): boolean {
  try {
    if (!storage) return false;
    storage.setItem(PROGRESS_KEY, JSON.stringify(progress));
    return true;
  } catch {
    return false;
  }
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

/**
 * Reads a progress file. Strict: anything not of the shape is refused with a reason and nothing
 * is taken from it. Lessons and steps this version of Hopscope does not have are dropped (a file
 * from a newer one), and so are picks that are not one of the step's answers.
 */
export function parseProgress(
  text: string,
  lessons: readonly Lesson[],
): { ok: true; progress: Progress; dropped: number } | { ok: false; why: string } {
  if (text.length > MAX_PROGRESS_BYTES)
    return { ok: false, why: `the file is ${text.length} characters, more than a progress file` };
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return { ok: false, why: "it is not a Hopscope progress file (not JSON)" };
  }
  if (!isRecord(data) || data.version !== 1 || !isRecord(data.lessons))
    return { ok: false, why: "it is not a Hopscope progress file (no version 1 and lessons)" };
  const progress = emptyProgress();
  let dropped = 0;
  for (const [id, value] of Object.entries(data.lessons)) {
    const lesson = lessons.find((l) => l.id === id);
    if (!lesson || !isRecord(value) || !isRecord(value.steps)) {
      dropped++;
      continue;
    }
    const at = Number.isInteger(value.at) ? (value.at as number) : 0;
    const kept: LessonProgress = {
      steps: {},
      at: Math.min(Math.max(at, 0), lesson.steps.length - 1),
    };
    for (const [stepId, s] of Object.entries(value.steps)) {
      const step = lesson.steps.find((x) => x.id === stepId);
      if (!step || !isRecord(s)) {
        dropped++;
        continue;
      }
      const out: StepProgress = {};
      if (typeof s.pick === "string" && step.kind === "predict" && picks(step).includes(s.pick)) {
        out.pick = s.pick;
        out.right = isRight(step, s.pick);
        if (typeof s.reason === "string" && s.reason.length > 0)
          out.reason = s.reason.slice(0, 500);
      }
      if (s.met === true && step.kind === "challenge") out.met = true;
      if (s.seen === true) out.seen = true;
      kept.steps[stepId] = out;
    }
    progress.lessons[id] = kept;
  }
  return { ok: true, progress, dropped };
}

/** Every pick a prediction accepts: its choices' ids, or its candidate components. */
export function picks(step: Extract<Lesson["steps"][number], { kind: "predict" }>): string[] {
  const q = step.question;
  return q.type === "choice" ? q.choices.map((c) => c.id) : [...q.candidates];
}

/** Whether `pick` is a right answer to the prediction. */
export function isRight(
  step: Extract<Lesson["steps"][number], { kind: "predict" }>,
  pick: string,
): boolean {
  const q = step.question;
  return q.type === "choice" ? q.answer === pick : q.answer.includes(pick);
}

/** How far a lesson is done: steps seen (or answered, or met) out of all. */
export function lessonDone(progress: Progress, lesson: Lesson): { done: number; of: number } {
  const p = progress.lessons[lesson.id];
  const done = lesson.steps.filter((s) => {
    const x = p?.steps[s.id];
    return x !== undefined && (x.seen === true || x.pick !== undefined || x.met === true);
  }).length;
  return { done, of: lesson.steps.length };
}
