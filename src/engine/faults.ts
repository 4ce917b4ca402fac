import type { Context } from "./context";
import type { Cpus } from "./cpu";
import type { DeployRunner } from "./deploy";
import { SLOW_KINDS_NAMED } from "./kinds";
import type { Trace } from "./trace";
import type { CommandResult, ComponentSpec, Health } from "./types";
import { shown } from "./validate";

/** Components stopped and started (by commands and by deploys), and the "slow" fault. */
export interface Faults {
  kill(id: string): CommandResult;
  revive(id: string): CommandResult;
  setSlow(id: string, slow: boolean): CommandResult;
  health(id: string): Health;
  /**
   * Stops a component: a process, or a machine with every process on it. `planned`: on purpose
   * (a server scaled in is powered off), so no outage is recorded.
   */
  stop(i: number, label: string, byDeploy: boolean, planned?: boolean): void;
  /** Starts a stopped component again, with a fresh state. */
  start(i: number): void;
  /** Lets a component that has just started begin its own work (KindDefinition.started); `atStart`: the simulation's start. */
  started(i: number, atStart?: boolean): void;
  /** `Simulation.command`: a command of the component's own kind. */
  command(id: string, name: string, argument?: unknown): CommandResult;
}

export function createFaults(
  ctx: Context,
  trace: Trace,
  cpus: Cpus,
  /** The deploy running or last run (deploy.ts): a machine that stops aborts it. */
  currentDeploy: () => DeployRunner | undefined,
): Faults {
  const { topology, specs, kinds, states, killed, slow, epoch, connEpoch, restarting } = ctx;
  const { behaviours } = ctx;
  const { isUp, machineUp, labelOf, idOf, indexFor, processesOn, restartState } = ctx;
  const { startIncident, endIncident, commandNote } = trace;
  const refused = (message: string): CommandResult => ({ ok: false, message });
  const done = (message: string): CommandResult => ({ ok: true, message });

  function stopProcess(i: number, notify: boolean): void {
    epoch[i] = (epoch[i] ?? 0) + 1;
    const state = states[i];
    const kind = kinds[i];
    if (notify && state && kind?.killed) kind.killed(ctx.kernel, i, state.state);
    states[i] = restartState(i);
  }

  function stop(i: number, label: string, byDeploy: boolean, planned = false): void {
    const spec = specs[i] as ComponentSpec;
    killed[i] = true;
    restarting[i] = byDeploy;
    if (kinds[i]?.machine) {
      // The whole machine: nothing tells anyone, its processes just vanish.
      for (const p of processesOn(i)) stopProcess(p, false);
      stopProcess(i, false);
      cpus.reboot(i);
      const deploy = currentDeploy();
      if (deploy && (deploy.covers ? deploy.covers(i) : deploy.host === i))
        deploy.abort(`${label} went down`);
    } else {
      const notify = machineUp(i);
      if (notify) connEpoch[i] = (connEpoch[i] ?? 0) + 1;
      stopProcess(i, notify);
    }
    if (!planned) startIncident(spec.id, "down", `${label} down`);
  }

  function start(i: number): void {
    // A booting machine has no connections: its processes' old ones are gone.
    for (const p of [i, ...(kinds[i]?.machine ? processesOn(i) : [])])
      connEpoch[p] = (connEpoch[p] ?? 0) + 1;
    killed[i] = false;
    restarting[i] = false;
    epoch[i] = (epoch[i] ?? 0) + 1;
    states[i] = restartState(i);
    endIncident(idOf(i), "down");
    started(i);
    if (kinds[i]?.machine) for (const p of processesOn(i)) started(p);
  }

  function started(i: number, atStart = false): void {
    const hook = kinds[i]?.started;
    const state = states[i];
    if (hook && state && isUp(i))
      hook(ctx.kernel, i, specs[i] as ComponentSpec, state.state, atStart);
  }

  return {
    stop,
    start,
    started,
    command(id, name, argument) {
      const i = typeof id === "string" ? indexFor(id) : undefined;
      if (i === undefined) return refused(`There is no component ${shown(id)}.`);
      const spec = specs[i] as ComponentSpec;
      const commands = kinds[i]?.commands;
      const run =
        commands && typeof name === "string" && Object.hasOwn(commands, name)
          ? commands[name]
          : undefined;
      if (!run) return refused(`${spec.label} has no command ${shown(name)}.`);
      const state = states[i];
      if (!state) return refused(`There is no component ${shown(id)}.`);
      return run(
        {
          k: ctx.kernel,
          self: i,
          spec,
          state: state.state,
          setSpec(next) {
            (specs as ComponentSpec[])[i] = next;
            behaviours[i] = kinds[i]?.behaviour?.(next);
          },
          note: (summary) => trace.commandNote(i, "config.change", summary),
          indexOf: indexFor,
          specOf: (j) => specs[j],
          stateOf: (j) => states[j]?.state,
          setSpecOf(j, next) {
            (specs as ComponentSpec[])[j] = next;
            behaviours[j] = kinds[j]?.behaviour?.(next);
          },
        },
        argument,
      );
    },
    kill(id) {
      const i = typeof id === "string" ? indexFor(id) : undefined;
      if (i === undefined) return refused(`There is no component ${shown(id)}.`);
      const spec = specs[i] as ComponentSpec;
      const unkillable = kinds[i]?.unkillable;
      if (unkillable !== undefined) return refused(unkillable);
      if (restarting[i])
        return refused(`${spec.label} is being restarted by the deploy: wait for it to finish.`);
      if (killed[i]) return refused(`${spec.label} is already down.`);
      if (!machineUp(i)) return refused(`${spec.label} is already down: its machine is off.`);
      const deploy = currentDeploy();
      const machine = topology.machineOf(i);
      const deploying = deploy?.covers ? deploy.covers(machine) : deploy?.host === machine;
      if (deploy?.running && deploying && deploy.host !== i && machine !== i) {
        return refused(
          `A deploy is running on ${labelOf(deploy.host)}: wait for it to finish, or kill the whole server.`,
        );
      }
      stop(i, spec.label, false);
      commandNote(i, "fault.kill", `${spec.label} was killed`);
      return done(`${spec.label} is down.`);
    },
    revive(id) {
      const i = typeof id === "string" ? indexFor(id) : undefined;
      if (i === undefined) return refused(`There is no component ${shown(id)}.`);
      const spec = specs[i] as ComponentSpec;
      if (!killed[i]) {
        return refused(
          machineUp(i)
            ? `${spec.label} is already running.`
            : `Start ${labelOf(topology.machineOf(i))} first: ${spec.label} runs on it.`,
        );
      }
      if (restarting[i])
        return refused(
          `${spec.label} is being restarted by the deploy: it will come back by itself.`,
        );
      if (topology.machineOf(i) !== i && !machineUp(i)) {
        return refused(`Start ${labelOf(topology.machineOf(i))} first: ${spec.label} runs on it.`);
      }
      start(i);
      commandNote(i, "fault.revive", `${spec.label} was started again`);
      return done(`${spec.label} is running again.`);
    },
    setSlow(id, on) {
      const i = typeof id === "string" ? indexFor(id) : undefined;
      if (i === undefined) return refused(`There is no component ${shown(id)}.`);
      if (typeof on !== "boolean") return refused(`Slow must be true or false, not ${shown(on)}.`);
      const spec = specs[i] as ComponentSpec;
      if (!kinds[i]?.slow) return refused(`Only ${SLOW_KINDS_NAMED} can be made slow.`);
      if (slow[i] === on)
        return refused(`${spec.label} is already ${on ? "slow" : "at normal speed"}.`);
      slow[i] = on;
      if (on) startIncident(spec.id, "slow", `${spec.label} slow`);
      else endIncident(spec.id, "slow");
      commandNote(
        i,
        "fault.slow",
        on
          ? `${spec.label} is now very slow (every request hangs)`
          : `${spec.label} is back to normal speed`,
      );
      return done(on ? `${spec.label} is slow.` : `${spec.label} is back to normal speed.`);
    },
    health(id) {
      const i = topology.indexOf(id);
      return {
        up: isUp(i),
        killed: killed[i] === true,
        slow: slow[i] === true,
        restarting: restarting[i] === true,
      };
    },
  };
}
