export { CompletionLog } from "./completions";
export { answerFromZone, fqdn } from "./dns";
export { PacketTable } from "./packets";
export { createRng, type Rng } from "./random";
export { INCIDENTS_KEEP, TRACE_KEEP, VISITS_KEEP, type VisitCounts } from "./records";
export { resolverCache, resolverFailures } from "./resolver";
export {
  CAPACITY_LIMITS,
  type ComponentState,
  capacityLimits,
  createSimulation,
  MAX_RPS,
  type Simulation,
  type SimulationOptions,
  type VisitOptions,
} from "./simulation";
export { type CompiledTopology, compileTopology, TopologyError } from "./topology";
export * from "./types";
