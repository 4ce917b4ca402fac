import { resolverCache, type Simulation } from "../engine";

/** What a component is doing, for its node and its details panel. */
export interface ComponentStatus {
  /** Running, stopped (killed, or its machine is off), or being restarted by a deploy. */
  health: "up" | "down" | "restarting";
  /** The "slow" fault is on. */
  slow: boolean;
  busy: boolean;
  /** The word shown first, never only a colour: "Up", "Working", "Down", "Restarting". */
  word: string;
  /** A short line: "2/5 workers", "idle", "killed". */
  activity: string;
}

/**
 * Reads a component's live status from the engine. Cheap enough to call on
 * every published update; never call it per frame.
 */
export function componentStatus(sim: Simulation, id: string): ComponentStatus {
  const index = sim.topology.indexOf(id);
  const spec = sim.topology.specs[index];
  const health = sim.health(id);
  if (!health.up) {
    const machine = sim.topology.specs[sim.topology.machineOf(index)];
    if (health.restarting)
      return down("restarting", "Restarting", "deploy in progress", health.slow);
    const why = health.killed ? "killed" : `${machine?.label ?? "its machine"} is off`;
    return down("down", "Down", why, health.slow);
  }
  const runtime = sim.componentState(id);
  let travelling = 0;
  for (let i = 0; i < sim.packets.count; i++) if (sim.packets.to[i] === index) travelling++;
  const slow = health.slow;

  switch (runtime.kind) {
    case "browser": {
      const loading = sim.requests.filter((r) => r.outcome === undefined).length;
      return up(loading > 0, loading > 0 ? `${plural(loading, "request")} open` : "idle", slow);
    }
    case "resolver": {
      const lookups = runtime.state.pending;
      const cached = `${resolverCache(sim.now, runtime.state).length} cached`;
      return up(
        lookups > 0 || travelling > 0,
        lookups > 0 ? `resolving · ${cached}` : cached,
        slow,
      );
    }
    case "nginx": {
      const active = runtime.state.active.size;
      return active > 0 ? up(true, plural(active, "request"), slow) : arriving(travelling, slow);
    }
    case "app": {
      const workers = spec?.kind === "app" ? spec.workers : 0;
      const busy = runtime.state.working.size;
      const queued =
        runtime.state.backlog.size > 0 ? `, ${runtime.state.backlog.size} waiting` : "";
      return up(busy > 0 || travelling > 0, `${busy}/${workers} workers${queued}`, slow);
    }
    case "mysql": {
      const running = runtime.state.running.size;
      return running > 0
        ? up(true, plural(running, "query", "queries"), slow)
        : arriving(travelling, slow);
    }
    default: {
      const cpu = sim.cpu(id);
      if (cpu) {
        const queued = cpu.waiting > 0 ? `, ${cpu.waiting} waiting` : "";
        return up(cpu.busy > 0, `CPU ${cpu.busy}/${cpu.cores}${queued}`, slow);
      }
      return arriving(travelling, slow);
    }
  }
}

function up(busy: boolean, activity: string, slow: boolean): ComponentStatus {
  return { health: "up", slow, busy, word: busy ? "Working" : "Up", activity };
}

function down(
  health: "down" | "restarting",
  word: string,
  activity: string,
  slow: boolean,
): ComponentStatus {
  return { health, slow, busy: false, word, activity };
}

/** A component with nothing to do but a packet on its way to it. */
function arriving(travelling: number, slow: boolean): ComponentStatus {
  return up(
    travelling > 0,
    travelling > 0 ? `${plural(travelling, "packet")} arriving` : "idle",
    slow,
  );
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}
