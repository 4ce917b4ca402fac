export { type Act, describeAct, type Moment, OPS, type Op } from "./acts";
export { hopRealMs } from "./clock";
export { type ComponentStatus, componentStatus } from "./componentStatus";
export { HopscopeProvider, useHopscope, useHopscopeStore } from "./context";
export {
  type DeployActions,
  type DeployChoices,
  deployProgress,
  rollbackRefusal,
  runsOnSeveralServers,
} from "./deploys";
export {
  createHopscopeStore,
  type HistoryView,
  type HopscopeActions,
  type HopscopeOptions,
  type HopscopeState,
  type HopscopeStore,
  MAX_SLIDER_RPS,
  type Theme,
} from "./hopscopeStore";
export { FAILURE_OUTCOMES, METRICS_WINDOW_MS, type MetricsSample, sampleMetrics } from "./metrics";
export {
  input,
  type Message,
  message,
  messageOf,
  type Notice,
  type NoticeCause,
  type NoticePart,
  toMessage,
  VISIBLE_NOTICES,
  visibleControls,
} from "./notices";
export {
  BUCKET_MS,
  BUCKETS_KEPT,
  createOutageTally,
  failedShareBars,
  failingSpans,
  type OutageTally,
  type OutageView,
} from "./outage";
export { deployRefusal, killRefusal, reviveRefusal, surgeRefusal } from "./refusals";
export * from "./selectors";
export { liveSetup, type SceneSetup, setupOfScene, startSetup } from "./setup";
export { DEFAULT_SPEED, SPEEDS, type Speed, type SpeedId, speedById } from "./speed";
export { type LiveComponent, useLiveComponent } from "./useLiveComponent";
export { type NodeView, useNodeView } from "./useNodeView";
