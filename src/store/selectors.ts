import type { HopscopeState } from "./hopscopeStore";

export const selectActions = (s: HopscopeState) => s.actions;
export const selectPlaying = (s: HopscopeState) => s.playing;
export const selectSpeed = (s: HopscopeState) => s.speed;
export const selectNow = (s: HopscopeState) => s.now;
export const selectSim = (s: HopscopeState) => s.sim;
export const selectTraceLength = (s: HopscopeState) => s.traceLength;
export const selectStats = (s: HopscopeState) => s.stats;
export const selectBusy = (s: HopscopeState) => s.busy;
export const selectSelected = (s: HopscopeState) => s.selected;
export const selectNotices = (s: HopscopeState) => s.notices;
export const selectTopology = (s: HopscopeState) => s.topology;
export const selectArchitecture = (s: HopscopeState) => s.architecture;
export const selectStepping = (s: HopscopeState) => s.stepping;
export const selectPanelsOpen = (s: HopscopeState) => s.panelsOpen;
export const selectPresenting = (s: HopscopeState) => s.presenting;
export const selectFastForward = (s: HopscopeState) => s.fastForward;
export const selectCommands = (s: HopscopeState) => s.commands;
export const selectTraffic = (s: HopscopeState) => s.traffic;
export const selectMetrics = (s: HopscopeState) => s.metrics;
export const selectLagging = (s: HopscopeState) => s.lagging;
export const selectScene = (s: HopscopeState) => s.scene;
export const selectTheme = (s: HopscopeState) => s.theme;
export const selectDeployMode = (s: HopscopeState) => s.deployMode;
/** The version a deploy in progress is putting in service, or "" when none runs. */
export const selectDeploying = (s: HopscopeState) => {
  const d = s.sim.deployState();
  return d !== undefined && d.endedAt === undefined ? d.version : "";
};
export const selectSpof = (s: HopscopeState) => s.spof;
export const selectSpofStale = (s: HopscopeState) => s.spofStale;
