import type { Simulation } from "../engine";
import { architectureOf } from "../scenes/architectures";
import { type Scene, sceneById } from "../scenes/catalog";
import type { Moment, OpeningArgs } from "../store/acts";
import { type SceneSetup, startSetup } from "../store/setup";
import { playMoments } from "../store/timeline";
import type { Step } from "./types";

/** Lessons play under one seed: the same steps give the same run for every class. */
export const LESSON_SEED = 1;

/** The scene a step starts from; a lesson that names another fails validation first. */
export function sceneOfStep(step: Step): Scene {
  const scene = sceneById(step.setup.scene);
  if (!scene) throw new Error(`LESSON_UNKNOWN_SCENE: ${step.setup.scene}`);
  return scene;
}

/** The store's setup for a step: its scene, with the step's changes. */
export function setupOfStep(step: Step, seed = LESSON_SEED): SceneSetup {
  const scene = sceneOfStep(step);
  const s = step.setup;
  return {
    scene: scene.id,
    seed,
    speed: s.speed ?? scene.speed,
    rps: s.rps ?? scene.rps,
    kill: [...scene.kill, ...(s.kill ?? [])],
    slow: [...scene.slow, ...(s.slow ?? [])],
    settings: [...scene.settings, ...(s.settings ?? [])],
  };
}

/**
 * What a step does when it plays, as the run's moments: its own acts, or else the scene's
 * opening at 0 and, for a "kill" scene, its timed kill (as the store does on Play).
 */
export function momentsOfStep(step: Step): Moment[] {
  if (step.acts) return step.acts.map(({ at, act }) => ({ at, act }));
  const scene = sceneOfStep(step);
  if (scene.opening === "none") return [];
  const moments: Moment[] = [{ at: 0, act: { op: "opening" } }];
  if (scene.opening === "kill" && scene.killAfter)
    moments.push({
      at: scene.killAfter.afterMs,
      act: { op: "kill", id: scene.killAfter.id },
      scheduled: true,
    });
  return moments;
}

/** A fresh simulation of `setup` at time 0 on its scene's architecture, with what its opening needs. */
export function startScene(setup: SceneSetup): { sim: Simulation; opening: OpeningArgs } {
  const scene = sceneById(setup.scene);
  if (!scene) throw new Error(`LESSON_UNKNOWN_SCENE: ${setup.scene}`);
  const started = startSetup(architectureOf(scene).topology, setup);
  const opening: OpeningArgs = {
    opening: started.opening,
    alsoVisit: started.alsoVisit,
    calmMs: started.calmMs,
    deploy: started.deploy,
    surge: started.surge,
  };
  return { sim: started.sim, opening };
}

/** A fresh simulation of the step at time 0, with what its opening needs. */
export function startStep(
  step: Step,
  seed = LESSON_SEED,
): { sim: Simulation; opening: OpeningArgs } {
  return startScene(setupOfStep(step, seed));
}

/**
 * A run rebuilt in a fresh engine: `setup` played with `moments` at their times to `until`, as
 * the store's timeline replays it (a refused act changes nothing and goes to `refused`).
 */
export function playSetup(
  setup: SceneSetup,
  moments: readonly Moment[],
  until: number,
  refused?: (moment: Moment, why: string) => void,
): Simulation {
  const { sim, opening } = startScene(setup);
  playMoments(sim, moments, 0, until, opening, undefined, refused);
  return sim;
}

/**
 * Plays a step in a fresh engine, without a screen, to `until` (default: its watch's end), and
 * returns the simulation there: what the class sees at the reveal, for the tests and the goals.
 */
export function playStep(step: Step, until = step.watchMs ?? 0, seed = LESSON_SEED): Simulation {
  const refused: string[] = [];
  const sim = playSetup(setupOfStep(step, seed), momentsOfStep(step), until, (m, why) =>
    refused.push(`${m.act.op} at ${m.at} ms: ${why}`),
  );
  if (refused.length > 0) throw new Error(`LESSON_ACT_REFUSED: ${refused.join("; ")}`);
  return sim;
}
