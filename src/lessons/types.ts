import type { DeployState, Outcome, Step as TraceStep } from "../engine";
import type { SettingChange } from "../scenes/catalog";
import type { Act } from "../store/acts";
import type { SpeedId } from "../store/speed";

/**
 * A lesson: predict, then watch. Plain data, one file per lesson in ./content, checked by
 * `validateLesson` (at build time, and by the tests, which also play every step in the engine
 * and check that what the reveal says is what happens: see ./facts.ts).
 */
export interface Lesson {
  /** Lowercase words joined by "-": the link's `lesson=` (`?lesson=dns&step=2`). */
  id: string;
  title: string;
  /** One sentence for the lesson list: what the class will understand. */
  summary: string;
  /** The questions of the design this lesson answers ("What type of DNS record is www?"). */
  questions: readonly string[];
  steps: readonly Step[];
}

export type Step = ShowStep | PredictStep | ChallengeStep;

interface StepBase {
  /** Unique in the lesson: lowercase words joined by "-". */
  id: string;
  /** A few words: the step's name in the list of steps and on the worksheet. */
  title: string;
  /** What the step is about, in plain words: one idea, a few sentences at most. */
  text: string;
  /** Where the step starts: the diagram a scene draws, with changes. */
  setup: StepSetup;
  /**
   * What happens when the step plays, at simulated ms from its start (the visit, the kill, the
   * deploy). Default: the scene's own opening at 0 (and a "kill" scene's timed kill).
   */
  acts?: readonly StepAct[];
  /** How long the step plays (simulated ms) before the reveal; required where it plays. */
  watchMs?: number;
}

/** An act at a time from the step's start. */
export interface StepAct {
  at: number;
  act: Act;
}

/** A scene (src/scenes/catalog.ts: its architecture and opening), changed. */
export interface StepSetup {
  scene: string;
  /** Components stopped from the start (added to the scene's). */
  kill?: readonly string[];
  slow?: readonly string[];
  /** Steady traffic (visits per second), instead of the scene's. */
  rps?: number;
  settings?: readonly SettingChange[];
  /** The pace it plays at, instead of the scene's. */
  speed?: SpeedId;
}

/** Explains, and may play something to look at: no question. */
export interface ShowStep extends StepBase {
  kind: "show";
}

/** Asks first, plays, then reveals: the heart of a lesson. */
export interface PredictStep extends StepBase {
  kind: "predict";
  /** The question, as the class reads it ("If MySQL stops, what does the user see?"). */
  prompt: string;
  question: ChoiceQuestion | ComponentQuestion;
  watchMs: number;
  /** Said to everyone after the reveal: why it happens, the real terms named. */
  explanation: string;
  /** What the engine must show at `watchMs` for the reveal to be true (checked by the tests). */
  facts: readonly Fact[];
}

/** Multiple choice, its wrong choices taken from what beginners really think. */
export interface ChoiceQuestion {
  type: "choice";
  choices: readonly Choice[];
  /** The id of the right choice. */
  answer: string;
}

export interface Choice {
  /** Unique in the question: a, b, c… */
  id: string;
  text: string;
  /** What the student who picked this reads after watching: why it is (or is not) so. */
  reveal: string;
}

/** "Click the component that…" on the diagram, or pick it from a list (the same candidates). */
export interface ComponentQuestion {
  type: "component";
  /** The components offered in the list (ids in the step's topology), in the list's order. */
  candidates: readonly string[];
  /** The right ones (any of them counts). */
  answer: readonly string[];
  /** For the right answer. */
  right: string;
  /** For a wrong one, unless `wrong` names it. */
  otherwise: string;
  /** Reveals for particular wrong picks (a common mistake named). */
  wrong?: Readonly<Record<string, string>>;
}

/** A goal the student reaches by changing the setup; checked by running the engine (./goals). */
export interface ChallengeStep extends StepBase {
  kind: "challenge";
  /** The goal's id (GOALS in ./goals/index.ts). */
  goal: string;
  /** A nudge shown on request. */
  hint: string;
  /** The controls the student changes, shown with the challenge: the scaling group, or the deploy. */
  panel?: "scaling" | "deploy";
  /** Said once the goal is met. */
  explanation: string;
}

/**
 * Something the engine shows at the end of a step's watch, which the reveal relies on.
 * Each kind is one small function in ./facts.ts.
 */
export type Fact =
  /** Your browser's latest visit ended so (the page, a 500, ERR_NAME_NOT_RESOLVED…). */
  | { kind: "visit"; outcome: Outcome }
  /** Your browser's latest visit took at least / at most so long (ms). */
  | { kind: "visit-took"; minMs?: number; maxMs?: number }
  /**
   * Among visits (the watched user's and the traffic's) that ended after `fromMs` and by `toMs`
   * (default: the watch's end): how many failed (with `outcome`, how many ended so).
   */
  | {
      kind: "failed";
      fromMs?: number;
      toMs?: number;
      outcome?: Outcome;
      min?: number;
      max?: number;
    }
  /** Among visits that ended after `fromMs` and by `toMs`: how many loaded their page. */
  | { kind: "loaded"; fromMs?: number; toMs?: number; min?: number; max?: number }
  /** A component is up, or down (killed, or its machine is). */
  | { kind: "health"; component: string; state: "up" | "down" }
  /**
   * The trace (the watched user's visits, and what the components logged) has an entry of this
   * step: a hop `from` → `to`, or a note by `component`, whose line `includes` these words, at a
   * time after `fromMs` and by `toMs`. `absent`: it has none.
   */
  | {
      kind: "trace";
      step: TraceStep;
      from?: string;
      to?: string;
      component?: string;
      includes?: string;
      fromMs?: number;
      toMs?: number;
      absent?: boolean;
    }
  /** The code version of the latest visit's page, or (with `component`) that app server's code. */
  | { kind: "version"; version: string; component?: string }
  /** An HAProxy's server is in this state (its stats page's first word), its last check so. */
  | {
      kind: "lb-server";
      haproxy: string;
      server: string;
      status: "UP" | "DOWN" | "DRAIN" | "MAINT";
      check?: string;
    }
  /** keepalived's VRRP state (MASTER holds the virtual IP). */
  | { kind: "vrrp"; component: string; state: "MASTER" | "BACKUP" | "FAULT" | "stopped" }
  /** A MySQL's role now, and how many transactions were lost when it was promoted. */
  | {
      kind: "database";
      component: string;
      role?: "primary" | "replica" | "standalone";
      lostMin?: number;
      lostMax?: number;
    }
  /** Requests by method since the start: reads (GET) or writes (POST), failed and loaded. */
  | {
      kind: "requests";
      method: "reads" | "writes";
      failedMin?: number;
      failedMax?: number;
      okMin?: number;
    }
  /** A machine's CPU cores busy now, and jobs waiting for one. */
  | { kind: "cpu"; component: string; busyMin?: number; busyMax?: number; waitingMin?: number }
  /** Connections waiting in an application server's listen backlog now. */
  | { kind: "queued"; component: string; min?: number; max?: number }
  /** Web servers in service in the scaling group now. */
  | { kind: "servers"; min?: number; max?: number }
  /** The deploy in progress, or the last one, is in this phase. */
  | { kind: "deploy"; phase: DeployState["phase"] };

/** A student's answer to a prediction: a choice's id, or a component's id. */
export interface Answer {
  pick: string;
  /** Why they think so, if they said (kept on their machine only). */
  reason?: string;
}
