import { resolverCache, type Simulation } from "../engine";

/** What a component is doing, for its node and its details panel. */
export interface ComponentStatus {
  /** Running or stopped. Every component runs until faults exist. */
  health: "up";
  busy: boolean;
  /** A short line: "2/4 workers busy", "idle". */
  activity: string;
}

/**
 * Reads a component's live status from the engine. Cheap enough to call on
 * every published update; never call it per frame.
 */
export function componentStatus(sim: Simulation, id: string): ComponentStatus {
  const runtime = sim.componentState(id);
  const index = sim.topology.indexOf(id);
  let travelling = 0;
  for (let i = 0; i < sim.packets.count; i++) if (sim.packets.to[i] === index) travelling++;
  const spec = sim.topology.specs[index];

  switch (runtime.kind) {
    case "browser": {
      const loading = sim.requests.filter((r) => r.outcome === undefined).length;
      return status(loading > 0, loading > 0 ? `${plural(loading, "request")} open` : "idle");
    }
    case "resolver": {
      const lookups = runtime.state.lookups.size;
      const cached = resolverCache(sim.now, runtime.state).length;
      const base = `${plural(cached, "cached record")}`;
      return status(lookups > 0 || travelling > 0, lookups > 0 ? `resolving · ${base}` : base);
    }
    case "nginx": {
      const active = runtime.state.active.size;
      return active > 0 ? status(true, plural(active, "request")) : arriving(travelling);
    }
    case "app": {
      const workers = spec?.kind === "app" ? spec.workers : 0;
      const busy = runtime.state.working.size;
      const { backlog } = runtime.state;
      const queued = backlog.length > 0 ? `, ${backlog.length} waiting` : "";
      return status(busy > 0 || travelling > 0, `${busy}/${workers} workers${queued}`);
    }
    case "mysql": {
      const running = runtime.state.running.size;
      return running > 0 ? status(true, plural(running, "query", "queries")) : arriving(travelling);
    }
    default:
      return arriving(travelling);
  }
}

/** A component with nothing to do but a packet on its way to it. */
function arriving(travelling: number): ComponentStatus {
  return status(
    travelling > 0,
    travelling > 0 ? `${plural(travelling, "packet")} arriving` : "idle",
  );
}

function status(busy: boolean, activity: string): ComponentStatus {
  return { health: "up", busy, activity };
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}
