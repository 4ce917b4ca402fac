import type { CommandResult, DeployMode, Simulation } from "../engine";
import type { DeployStrategy } from "./scenes";

/**
 * How a compare script's deploy step runs each strategy on a simulation. `all-at-once` is the
 * engine's deploy today (one server: every process restarts; several servers: refused until
 * the engine deploys to several). The other strategies are refused, with a reason, until the
 * engine has them: adding one is one entry here, and then the `compare-deploy` scene.
 */
export const STRATEGY_RUNNERS: Record<
  DeployStrategy,
  (sim: Simulation, mode: DeployMode) => CommandResult
> = {
  "all-at-once": (sim, mode) => sim.deploy(undefined, { mode }),
  rolling: () => notYet("rolling"),
  "blue-green": () => notYet("blue-green"),
  canary: () => notYet("canary"),
};

function notYet(strategy: DeployStrategy): CommandResult {
  return { ok: false, message: `A ${strategy} deploy is not in this build's engine yet.` };
}
