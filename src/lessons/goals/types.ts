import type { DeployMode } from "../../engine";
import type { Moment } from "../../store/acts";
import type { DeployChoices } from "../../store/deploys";
import type { SceneSetup } from "../../store/setup";

/** What the student built in a challenge: the step's setup and everything done to it since. */
export interface ChallengeRun {
  setup: SceneSetup;
  /** The acts done so far, at their simulated times (the run's line: see store/timeline.ts). */
  moments: readonly Moment[];
  /** The simulated time now: the run's state is its setup played with its moments to here. */
  now: number;
  /** The deploy the student has chosen (for goals about deploys). */
  deploy: DeployChoices & { mode: DeployMode };
}

/** A goal's verdict: met or not, and in lines what was measured and what is still wrong. */
export interface GoalResult {
  met: boolean;
  /** Plain sentences: "Losing web1 takes the site down: 40 of 40 visits failed after it died." */
  lines: readonly string[];
}

/**
 * A challenge's goal, checked by running the engine on copies of what the student built
 * (never by reading the graph). One file per goal, registered in ./index.ts.
 */
export interface Goal {
  id: string;
  /** The goal in a sentence, shown with the challenge. */
  title: string;
  check(run: ChallengeRun): GoalResult;
}
