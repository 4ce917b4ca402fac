export { BAD_500_ERROR, BAD_SLOW_STALL_MS } from "./appServer";
export { CompletionLog } from "./completions";
export {
  DEPLOY_STRATEGIES,
  type DeployedVersion,
  type DeployOptions,
  RELEASES,
} from "./deploys/commands";
export { CANARY_HOLD_MS, CANARY_SHARE, DRAIN_TIMEOUT_MS } from "./deploys/rollout";
export { answerFromZone, fqdn } from "./dns";
export {
  CAPACITY_LIMITS,
  type ComponentState,
  capacityLimits,
  KINDS,
  type KindDefinition,
  kindOf,
  type Setting,
} from "./kinds";
export { PacketTable } from "./packets";
export { createRng, type Rng } from "./random";
export { INCIDENTS_KEEP, TRACE_KEEP, VISITS_KEEP, type VisitCounts } from "./records";
export { relayPending, secondsBehindSource } from "./replication";
export { resolverCache, resolverFailures } from "./resolver";
export {
  createSimulation,
  type Simulation,
  type SimulationOptions,
  type VisitOptions,
} from "./simulation";
export {
  findSinglePointsOfFailure,
  type ProbeSpec,
  probeKill,
  type SpofKind,
  type SpofOptions,
  type SpofVerdict,
} from "./spof";
export { type CompiledTopology, compileTopology, TopologyError } from "./topology";
export { MAX_RPS } from "./traffic";
export * from "./types";
