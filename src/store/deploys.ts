import type { DeployStrategy, Release, Simulation } from "../engine";
import type { Scene } from "../scenes/catalog";

/** What the deploy control has chosen besides restart or reload: the strategy and the release. */
export interface DeployChoices {
  /** How the deploy reaches the servers; all-at-once is the only one on one server. */
  deployStrategy: DeployStrategy;
  /** The code deployed: good, or a release with a defect. */
  deployRelease: Release;
}

/** The deploy actions beyond `deploy` and `setDeployMode`. */
export interface DeployActions {
  setDeployStrategy(strategy: DeployStrategy): void;
  setDeployRelease(release: Release): void;
  /** Puts back the version the last deploy replaced; a refusal becomes a notice. */
  rollback(): void;
}

/** Whether the simulation runs the site's code on several servers (strategies other than all-at-once apply). */
export function runsOnSeveralServers(sim: Simulation): boolean {
  const { specs } = sim.topology;
  const machines = new Set<number>();
  specs.forEach((s, i) => {
    if (s.kind === "app") machines.add(sim.topology.machineOf(i));
  });
  return machines.size > 1;
}

/** The choices a scene starts with: its own deploy's, else rolling on several servers. */
export function choicesFor(scene: Scene, sim: Simulation): DeployChoices {
  return {
    deployStrategy:
      scene.deploy?.strategy ?? (runsOnSeveralServers(sim) ? "rolling" : "all-at-once"),
    deployRelease: scene.deploy?.release ?? "good",
  };
}

/** Why Roll back would be refused now (undefined: it would work), as the engine says it. */
export function rollbackRefusal(sim: Simulation): string | undefined {
  const d = sim.deployState();
  if (d !== undefined && d.endedAt === undefined)
    return `A deploy (${d.version}) is already running.`;
  const history = sim.deployHistory();
  if (history.length < 2)
    return `There is nothing to roll back to: the site runs ${history[0]?.version ?? "v1"}, the first version it had.`;
  return undefined;
}

/** The deploy under way (or the last one), in words for the deploy panel. */
export function deployProgress(sim: Simulation): {
  label: string;
  running: boolean;
  steps: readonly string[];
} {
  const d = sim.deployState();
  if (!d) return { label: "", running: false, steps: [] };
  return { label: d.label, running: d.endedAt === undefined, steps: d.progress ?? [] };
}
