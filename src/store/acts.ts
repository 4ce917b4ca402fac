import type { CommandResult, DeployMode, DeployOptions, Simulation } from "../engine";
import type { Scene } from "../scenes/catalog";
import { runOpening } from "./setup";

/**
 * Something the user (or a scene) did to the simulation, as data: what a run is made of besides
 * its setup. With the seed, the same acts at the same simulated times give the same run event
 * for event, so a run can be replayed to any moment (timeline.ts) and carried by a link.
 */
export type Act =
  /** The scene's opening (a visit, a deploy, a surge), when the clock first started. */
  | { op: "opening" }
  | { op: "visit"; host: string; path: string }
  | { op: "repeat"; on: boolean }
  | { op: "kill"; id: string }
  | { op: "revive"; id: string }
  | { op: "slow"; id: string; on: boolean }
  | { op: "rps"; rps: number }
  | { op: "surge" }
  | { op: "configure"; id: string; setting: string; value: number }
  | { op: "command"; id: string; name: string; argument?: unknown }
  | { op: "deploy"; options: DeployOptions }
  | { op: "rollback"; mode: DeployMode }
  | { op: "addServer" }
  | { op: "removeServer"; server?: string }
  | { op: "autoscaling"; on: boolean }
  | { op: "policy"; change: Record<string, number> }
  | { op: "bootTime"; ms: number };

export type Op = Act["op"];

/** An act at its simulated time. `scheduled`: part of the scene (its timed kill), kept on every branch. */
export interface Moment {
  at: number;
  act: Act;
  scheduled?: boolean;
}

/** What a scene's opening needs besides the simulation (see setup.ts startSetup). */
export interface OpeningArgs {
  opening: Scene["opening"];
  alsoVisit: readonly string[];
  calmMs: number;
  deploy: DeployOptions | undefined;
  surge: Scene["surge"];
}

const OK: CommandResult = { ok: true, message: "" };

/** Each act's effect on the engine: one small function per kind of act. */
const PERFORM: {
  [K in Op]: (sim: Simulation, act: Extract<Act, { op: K }>, o: OpeningArgs) => CommandResult;
} = {
  opening(sim, _act, o) {
    const refusal = runOpening(sim, o.opening, o.alsoVisit, o.calmMs, o.deploy, o.surge);
    return refusal ? { ok: false, message: refusal } : OK;
  },
  visit: (sim, a) => sim.tryVisit(a.host, { path: a.path }),
  repeat: (sim, a) => sim.setRepeatVisits(a.on ? 1_000 : undefined),
  kill: (sim, a) => sim.kill(a.id),
  revive: (sim, a) => sim.revive(a.id),
  slow: (sim, a) => sim.setSlow(a.id, a.on),
  rps: (sim, a) => sim.setTraffic(a.rps),
  surge: (sim) => sim.surge(),
  configure: (sim, a) => sim.configure(a.id, a.setting, a.value),
  command: (sim, a) => sim.command(a.id, a.name, a.argument),
  deploy: (sim, a) => sim.deploy(undefined, a.options),
  rollback: (sim, a) => sim.rollback({ mode: a.mode }),
  addServer: (sim) => sim.scaling.add(),
  removeServer: (sim, a) => sim.scaling.remove(a.server),
  autoscaling: (sim, a) => sim.scaling.setAutoscaling(a.on),
  policy: (sim, a) => sim.scaling.setPolicy(a.change),
  bootTime: (sim, a) => sim.scaling.setBootTime(a.ms),
};

/** Every kind of act, by name. */
export const OPS = Object.keys(PERFORM) as readonly Op[];

/** Does `act` to the simulation now; a refusal changes nothing (the engine's rule). */
export function perform(sim: Simulation, act: Act, opening: OpeningArgs): CommandResult {
  const run = PERFORM[act.op] as (s: Simulation, a: Act, o: OpeningArgs) => CommandResult;
  return run(sim, act, opening);
}

/** An act in a few words, for the timeline's branches ("kill mysql"). */
export function describeAct(act: Act): string {
  switch (act.op) {
    case "opening":
      return "the scene's start";
    case "visit":
      return `visit ${act.host}${act.path === "/" ? "" : act.path}`;
    case "repeat":
      return act.on ? "a visit every second" : "stop the repeated visits";
    case "kill":
    case "revive":
      return `${act.op} ${act.id}`;
    case "slow":
      return `${act.on ? "slow" : "unslow"} ${act.id}`;
    case "rps":
      return act.rps === 0 ? "stop the traffic" : `traffic ${act.rps}/s`;
    case "surge":
      return "a surge";
    case "configure":
      return `${act.id} ${act.setting} ${act.value}`;
    case "command":
      return `${act.id} ${act.name}`;
    case "deploy":
      return "a deploy";
    case "rollback":
      return "a rollback";
    case "addServer":
      return "add a server";
    case "removeServer":
      return "remove a server";
    case "autoscaling":
      return act.on ? "autoscaling on" : "autoscaling off";
    case "policy":
      return "change the scaling policy";
    case "bootTime":
      return `boot time ${act.ms} ms`;
  }
}
