export { CompletionLog } from "./completions";
export { answerFromZone, fqdn } from "./dns";
export { PacketTable } from "./packets";
export { createRng, type Rng } from "./random";
export { resolverCache, resolverFailures } from "./resolver";
export {
  CAPACITY_LIMITS,
  type ComponentState,
  createSimulation,
  MAX_RPS,
  type Simulation,
  type SimulationOptions,
} from "./simulation";
export { type CompiledTopology, compileTopology, TopologyError } from "./topology";
export * from "./types";
