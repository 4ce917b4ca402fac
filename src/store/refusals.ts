import { kindOf, type Simulation } from "../engine";

/**
 * Why a button would only be refused now, before it is pressed: the reason the engine
 * would give, so a button can say it (disabled, with the reason as its description and
 * tooltip) instead of refusing after the click. Each mirrors the engine's own checks in
 * `Simulation.kill`, `revive` and `deploy` for the cases a button can meet (tests/store
 * checks that they agree with the engine over random sequences of faults and deploys).
 * `undefined`: the action can work.
 */

/** Why "Kill" would be refused: a deploy is restarting it, or is running on its machine. */
export function killRefusal(sim: Simulation, id: string): string | undefined {
  const { topology } = sim;
  const i = topology.indexOf(id);
  const spec = topology.specs[i];
  if (!spec) return undefined;
  const unkillable = kindOf(spec.kind).unkillable;
  if (unkillable !== undefined) return unkillable;
  const health = sim.health(id);
  if (health.restarting)
    return `${spec.label} is being restarted by the deploy: wait for it to finish.`;
  if (health.killed) return `${spec.label} is already down.`;
  const machine = topology.specs[topology.machineOf(i)];
  if (!health.up) return `${spec.label} is already down: its machine is off.`;
  const deploy = runningDeploy(sim);
  if (deploy && machine && machine.id !== id && machine.id === deploy.host)
    return `A deploy is running on ${machine.label}: wait for it to finish, or kill the whole server.`;
  return undefined;
}

/** Why "Revive" would be refused: it is running, or its machine is off. */
export function reviveRefusal(sim: Simulation, id: string): string | undefined {
  const { topology } = sim;
  const i = topology.indexOf(id);
  const spec = topology.specs[i];
  if (!spec) return undefined;
  const machine = topology.specs[topology.machineOf(i)];
  const machineOff = machine !== undefined && machine.id !== id && sim.health(machine.id).killed;
  const health = sim.health(id);
  if (!health.killed || machineOff) {
    return machineOff
      ? `Start ${machine.label} first: ${spec.label} runs on it.`
      : `${spec.label} is already running.`;
  }
  if (health.restarting)
    return `${spec.label} is being restarted by the deploy: it will come back by itself.`;
  return undefined;
}

/** Why "Start deploy" would be refused: one is running, or something on the server is down. */
export function deployRefusal(sim: Simulation): string | undefined {
  // The engine's own dry run: the same checks as the deploy, in its words (a rollout on several
  // servers needs its load balancer and every server it goes to running).
  const check = sim.deployCheck();
  return check.ok ? undefined : check.message;
}

/**
 * Why "Surge ×10" would be refused: there is no traffic to multiply, or a surge is under
 * way. (A surge still waiting to begin, as in the surge scene's calm phase, is refused by
 * the engine after the click.)
 */
export function surgeRefusal(sim: Simulation): string | undefined {
  const traffic = sim.trafficState();
  if (traffic.baseRps === 0) return "Turn the traffic up first: a surge multiplies it.";
  if (traffic.surging) return "A surge is already under way.";
  return undefined;
}

/**
 * Why `action` would be refused now (undefined: it would work). A refused action's notice
 * is stale, and goes, once this no longer gives the same reason.
 */
export function refusalNow(
  sim: Simulation,
  action: "kill" | "revive" | "deploy" | "surge",
  id: string | undefined,
): string | undefined {
  const known = id !== undefined && sim.topology.specs.some((s) => s.id === id);
  switch (action) {
    case "kill":
      return known ? killRefusal(sim, id) : undefined;
    case "revive":
      return known ? reviveRefusal(sim, id) : undefined;
    case "deploy":
      return deployRefusal(sim);
    case "surge":
      return surgeRefusal(sim);
  }
}

function runningDeploy(sim: Simulation) {
  const d = sim.deployState();
  return d !== undefined && d.endedAt === undefined ? d : undefined;
}
