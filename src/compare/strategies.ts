import type { CommandResult, DeployMode, Simulation } from "../engine";
import type { DeployStrategy } from "./scenes";

/**
 * How a compare script's deploy step runs each strategy on a simulation: the engine's deploy
 * with that strategy (src/engine/deploys). On one server only `all-at-once` exists; the engine
 * refuses the others there with its reason, which the side shows as a notice.
 */
export const STRATEGY_RUNNERS: Record<
  DeployStrategy,
  (sim: Simulation, mode: DeployMode) => CommandResult
> = {
  "all-at-once": (sim, mode) => sim.deploy(undefined, { mode, strategy: "all-at-once" }),
  rolling: (sim, mode) => sim.deploy(undefined, { mode, strategy: "rolling" }),
  "blue-green": (sim, mode) => sim.deploy(undefined, { mode, strategy: "blue-green" }),
  canary: (sim, mode) => sim.deploy(undefined, { mode, strategy: "canary" }),
};
