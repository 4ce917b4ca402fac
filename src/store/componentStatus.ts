import {
  type ComponentKind,
  type ComponentSpec,
  type ComponentState,
  resolverCache,
  type Simulation,
  secondsBehindSource,
} from "../engine";

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
  const spec = sim.topology.specs[index] as ComponentSpec;
  const health = sim.health(id);
  if (!health.up) {
    const machine = sim.topology.specs[sim.topology.machineOf(index)];
    // A scaling group's server not provisioned, or launched and booting: not a failure.
    const slot = sim.scaling.view().slots.find((s) => s.host === machine?.id);
    if (slot?.phase === "booting")
      return down(
        "restarting",
        "Booting",
        `ready in ${Math.max(0, Math.ceil(((slot.readyAt ?? sim.now) - sim.now) / 1000))} s`,
        health.slow,
      );
    if (slot?.phase === "off") return down("down", "Off", "not provisioned", health.slow);
    if (health.restarting)
      return down("restarting", "Restarting", "deploy in progress", health.slow);
    const why = health.killed ? "killed" : `${machine?.label ?? "its machine"} is off`;
    return down("down", "Down", why, health.slow);
  }
  const runtime = sim.componentState(id);
  let travelling = 0;
  for (let i = 0; i < sim.packets.count; i++) if (sim.packets.to[i] === index) travelling++;
  const slow = health.slow;

  const status = STATUS_BY_KIND[runtime.kind] as StatusOf | undefined;
  if (status) return status({ sim, spec, state: runtime.state, travelling, slow });
  const cpu = sim.cpu(id);
  if (cpu) {
    const queued = cpu.waiting > 0 ? `, ${cpu.waiting} waiting` : "";
    return up(cpu.busy > 0, `CPU ${cpu.busy}/${cpu.cores}${queued}`, slow);
  }
  return arriving(travelling, slow);
}

/** What a running component's status is read from: its spec and state, and packets on their way to it. */
interface Running<K extends ComponentKind> {
  sim: Simulation;
  spec: Extract<ComponentSpec, { kind: K }>;
  state: Extract<ComponentState, { kind: K }>["state"];
  travelling: number;
  slow: boolean;
}
type StatusOf = (c: Running<ComponentKind>) => ComponentStatus;

/**
 * A running component's status, by kind. A kind not listed shows its machine's CPU when it has
 * cores, or else the packets arriving.
 */
const STATUS_BY_KIND: { [K in ComponentKind]?: (c: Running<K>) => ComponentStatus } = {
  browser({ sim, slow }) {
    const loading = sim.requests.filter((r) => r.outcome === undefined).length;
    return up(loading > 0, loading > 0 ? `${plural(loading, "request")} open` : "idle", slow);
  },
  resolver({ sim, state, travelling, slow }) {
    const lookups = state.pending;
    const cached = `${resolverCache(sim.now, state).length} cached`;
    return up(lookups > 0 || travelling > 0, lookups > 0 ? `resolving · ${cached}` : cached, slow);
  },
  nginx({ state, travelling, slow }) {
    const active = state.active.size;
    return active > 0 ? up(true, plural(active, "request"), slow) : arriving(travelling, slow);
  },
  app({ sim, spec, state, travelling, slow }) {
    const busy = state.working.size;
    const queued = state.backlog.size > 0 ? `, ${state.backlog.size} waiting` : "";
    // Once a deploy has run, which code it runs: two versions may serve at once.
    const code = sim.deployState() ? `${sim.codeVersion(spec.id)} · ` : "";
    return up(busy > 0 || travelling > 0, `${code}${busy}/${spec.workers} workers${queued}`, slow);
  },
  haproxy({ state, travelling, slow }) {
    const upNow = state.servers.filter((s) => /^(UP|DRAIN)/.test(s.statusText)).length;
    const servers = `${upNow}/${state.servers.length} up`;
    const active = state.active.size;
    return active > 0
      ? up(true, `${plural(active, "request")} · ${servers}`, slow)
      : up(travelling > 0, servers, slow);
  },
  mysql({ sim, state, travelling, slow }) {
    const running = state.running.size;
    const queries = running > 0 ? plural(running, "query", "queries") : "";
    // A replica says whether it replicates and its lag; a promotion under way says so.
    const r = state.replica;
    const extra = state.promoting
      ? "promoting"
      : r
        ? r.ioRunning === "Yes" && r.sqlRunning === "Yes"
          ? `replicating, lag ${lagWords(secondsBehindSource(r, sim.now))}`
          : `not replicating (IO ${r.ioRunning})`
        : "";
    if (extra)
      return up(running > 0 || travelling > 0, queries ? `${extra} · ${queries}` : extra, slow);
    return running > 0 ? up(true, queries, slow) : arriving(travelling, slow);
  },
  keepalived({ spec, state, slow }) {
    // Where the virtual IP is (the role line says MASTER/BACKUP/FAULT and the priority).
    const holder = state.vipHolder;
    const machine = spec.host;
    const words =
      holder === undefined
        ? `${state.virtualIp} unassigned`
        : holder === machine
          ? `holds ${state.virtualIp}`
          : `${state.virtualIp} on ${holder}`;
    return up(false, words, slow);
  },
};

function lagWords(seconds: number | null): string {
  return seconds === null ? "NULL" : `${seconds} s`;
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
