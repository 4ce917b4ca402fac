import { deployWithoutErrors } from "./deployWithoutErrors";
import { surgeP95Cheap } from "./surgeP95Cheap";
import { surviveWebServerLoss } from "./surviveWebServerLoss";
import type { Goal } from "./types";

/** Every challenge's goal, by id: one file each in this folder. */
export const GOALS: Readonly<Record<string, Goal>> = Object.fromEntries(
  [surviveWebServerLoss, deployWithoutErrors, surgeP95Cheap].map((g) => [g.id, g]),
);

export function goalById(id: string): Goal | undefined {
  return Object.hasOwn(GOALS, id) ? GOALS[id] : undefined;
}

export type { ChallengeRun, Goal, GoalResult } from "./types";
