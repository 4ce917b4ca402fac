import {
  CAPACITY_LIMITS,
  createSimulation,
  type DeployOptions,
  type Simulation,
  type Topology,
} from "../engine";
import { type Opening, type Scene, type SettingChange, sceneById } from "../scenes/catalog";
import type { SpeedId } from "./speed";

/**
 * Where a run starts: a scene, plus what a link may change about it. Enough to
 * rebuild the same picture, and with the same seed, the same run.
 */
export interface SceneSetup {
  /** The scene's id; its opening (a visit, a deploy, a surge) comes with it. */
  scene: string;
  seed: number;
  speed: SpeedId;
  rps: number;
  kill: readonly string[];
  slow: readonly string[];
  settings: readonly SettingChange[];
}

/** A scene's own starting state, with a seed. */
export function setupOfScene(scene: Scene, seed: number): SceneSetup {
  return {
    scene: scene.id,
    seed,
    speed: scene.speed,
    rps: scene.rps,
    kill: scene.kill,
    slow: scene.slow,
    settings: scene.settings,
  };
}

/**
 * A fresh simulation in the setup's state at time 0. The scene's opening is
 * returned, not run: it runs when the clock starts (`runOpening`), so changes
 * made before that come first, as they do when a copied link is opened.
 * Every command that the engine refuses is returned as a message, and changes nothing.
 */
export function startSetup(
  topology: Topology,
  setup: SceneSetup,
): {
  sim: Simulation;
  refusals: string[];
  opening: Opening;
  alsoVisit: readonly string[];
  calmMs: number;
  deploy: DeployOptions | undefined;
  surge: Scene["surge"];
} {
  const sim = createSimulation({ topology, seed: setup.seed });
  const refusals: string[] = [];
  const run = (r: { ok: boolean; message: string }) => {
    if (!r.ok) refusals.push(r.message);
  };
  for (const s of setup.settings) run(sim.configure(s.component, s.setting, s.value));
  for (const id of setup.kill) run(sim.kill(id));
  for (const id of setup.slow) run(sim.setSlow(id, true));
  if (setup.rps > 0) run(sim.setTraffic(setup.rps));
  const scene = sceneById(setup.scene);
  return {
    sim,
    refusals,
    opening: scene?.opening ?? "none",
    alsoVisit: scene?.alsoVisit ?? NO_PATHS,
    calmMs: scene?.calmMs ?? 0,
    deploy: scene?.deploy,
    surge: scene?.surge,
  };
}

const NO_PATHS: readonly string[] = [];

/**
 * Runs a scene's opening: a visit (after the other paths it asks for, so the page is
 * the latest visit), a deploy (restart or reload) or a surge (after `calmMs` of the
 * steady traffic). A "kill" opening does nothing here: the store kills its component on the
 * simulated clock, `killAfter.afterMs` later. Returns the refusal, if any.
 */
export function runOpening(
  sim: Simulation,
  opening: Opening,
  alsoVisit: readonly string[] = NO_PATHS,
  calmMs = 0,
  /** A "deploy" opening's strategy and release (a scene on several servers). */
  deploy?: DeployOptions,
  shape?: Scene["surge"],
): string | undefined {
  if (opening === "visit") {
    for (const path of alsoVisit) sim.visit("www.foobar.com", { path });
    sim.visit("www.foobar.com");
  }
  const result =
    opening === "deploy" || opening === "reload"
      ? sim.deploy(undefined, { ...deploy, mode: opening === "reload" ? "reload" : "restart" })
      : opening === "surge"
        ? sim.surge(
            calmMs > 0 || shape
              ? { ...shape, ...(calmMs > 0 ? { afterMs: calmMs } : {}) }
              : undefined,
          )
        : undefined;
  return result && !result.ok ? result.message : undefined;
}

/**
 * The setup that would rebuild what is on screen now: the scene, the seed, the
 * speed, the base traffic, the components killed or slowed by hand (not those
 * a deploy is restarting), and every capacity that differs from the topology's.
 */
export function liveSetup(
  sim: Simulation,
  topology: Topology,
  scene: string,
  speed: SpeedId,
): SceneSetup {
  const kill: string[] = [];
  const slow: string[] = [];
  const settings: SettingChange[] = [];
  // A scaling group's slots not launched (or still booting) are off by design, not killed.
  const notLaunched = new Set(
    sim.scaling.available
      ? sim.scaling
          .view()
          .slots.filter((s) => s.phase === "off" || s.phase === "booting")
          .map((s) => s.host)
      : [],
  );
  sim.topology.specs.forEach((spec, i) => {
    const health = sim.health(spec.id);
    if (health.killed && !health.restarting && !notLaunched.has(spec.id)) kill.push(spec.id);
    if (health.slow) slow.push(spec.id);
    const original = topology.components[i] as unknown as Record<string, unknown>;
    const now = spec as unknown as Record<string, unknown>;
    for (const setting of Object.keys(CAPACITY_LIMITS[spec.kind] ?? {})) {
      const value = now[setting];
      if (typeof value === "number" && value !== original[setting])
        settings.push({ component: spec.id, setting, value });
    }
  });
  return {
    scene,
    seed: sim.seed,
    speed,
    rps: sim.trafficState().baseRps,
    kill,
    slow,
    settings,
  };
}
