import { ArrowRightLeft, Crown, Globe, Lock, ShieldHalf } from "lucide-react";
import { type ComponentState, type Simulation, secondsBehindSource } from "../engine";
import { useHopscope } from "../store";

type KeepalivedState = Extract<ComponentState, { kind: "keepalived" }>["state"];
type MysqlState = Extract<ComponentState, { kind: "mysql" }>["state"];

/** A keepalived's runtime state, or undefined for another kind. */
export function keepalivedState(sim: Simulation, id: string): KeepalivedState | undefined {
  const runtime = sim.componentState(id);
  return runtime.kind === "keepalived" ? runtime.state : undefined;
}

/** A MySQL's runtime state, or undefined for another kind. */
export function mysqlState(sim: Simulation, id: string): MysqlState | undefined {
  const runtime = sim.componentState(id);
  return runtime.kind === "mysql" ? runtime.state : undefined;
}

/** The label of the machine that holds a keepalived's virtual IP now (undefined: none). */
export function vipHolderLabel(sim: Simulation, state: KeepalivedState): string | undefined {
  const holder = state.vipHolder;
  if (holder === undefined) return undefined;
  const spec = sim.topology.specs[sim.topology.indexOf(holder)];
  return spec?.label ?? holder;
}

/**
 * keepalived on its node: its VRRP state in words (MASTER, BACKUP, FAULT, stopped) with its
 * priority, and where the virtual IP is ("holds 8.8.8.8" on the one that has it).
 */
export function KeepalivedBody({ id }: { id: string }) {
  // Re-read on every publish: the state changes with the adverts.
  useHopscope((s) => s.now);
  const sim = useHopscope((s) => s.sim);
  const state = keepalivedState(sim, id);
  if (!state) return null;
  const machine = sim.topology.specs[sim.topology.machineOf(sim.topology.indexOf(id))]?.id;
  const holds = state.vipHolder !== undefined && state.vipHolder === machine;
  const Icon = state.state === "MASTER" ? Crown : ShieldHalf;
  return (
    <span className="vrrp-body">
      <span className={`node-detail vrrp-state vrrp-${state.state.toLowerCase()}`}>
        <Icon size={15} aria-hidden="true" />
        <span>
          <strong>{state.state}</strong> · priority {state.effectivePriority}
        </span>
      </span>
      <span className="node-detail mono">
        {holds
          ? `holds ${state.virtualIp}`
          : state.state === "stopped"
            ? "not running"
            : `${state.virtualIp} elsewhere`}
      </span>
    </span>
  );
}

/** The words for a MySQL's part in replication: "primary · read-write", "replica · read-only". */
export function mysqlRoleWords(state: MysqlState): string {
  const ro = state.superReadOnly ? "super-read-only" : state.readOnly ? "read-only" : "read-write";
  return `${state.role} · ${ro}`;
}

/** A replica's replication in words: "replicating · lag 0 s", "IO thread Connecting"… */
export function replicationWords(state: MysqlState, now: number): string | undefined {
  const r = state.replica;
  if (!r) return undefined;
  const behind = secondsBehindSource(r, now);
  const lag = behind === null ? "lag NULL" : `lag ${behind} s`;
  if (r.ioRunning === "Yes" && r.sqlRunning === "Yes") return `replicating · ${lag}`;
  return `IO ${r.ioRunning} · SQL ${r.sqlRunning} · ${lag}`;
}

/** MySQL on its node: its role, read-only, and for a replica its lag and whether it replicates. */
export function MysqlBody({ id, port }: { id: string; port: number }) {
  useHopscope((s) => s.now);
  const sim = useHopscope((s) => s.sim);
  const state = mysqlState(sim, id);
  if (!state) return null;
  const replication = replicationWords(state, sim.now);
  return (
    <span className="mysql-body">
      <span className="node-detail">
        {state.readOnly ? (
          <Lock size={15} aria-hidden="true" />
        ) : (
          <Crown size={15} aria-hidden="true" />
        )}
        <span>
          <strong>{state.role}</strong> · {state.readOnly ? "read-only" : "read-write"}
        </span>
      </span>
      {replication ? (
        <span className="node-detail">
          <ArrowRightLeft size={15} aria-hidden="true" />
          <span>{replication}</span>
        </span>
      ) : (
        <span className="node-detail mono">:{port} · table posts</span>
      )}
    </span>
  );
}

/** On a machine's frame: "Holds 8.8.8.8" while a keepalived has moved the virtual IP here. */
export function VipBadge({ id }: { id: string }) {
  const vip = useHopscope((s) => vipHeldBy(s.sim, id));
  if (!vip) return null;
  return (
    <span className="vip-badge">
      <Globe size={15} aria-hidden="true" />
      Holds {vip}
    </span>
  );
}

/** The virtual IP machine `id` holds now (undefined: none, or no keepalived in the topology). */
export function vipHeldBy(sim: Simulation, id: string): string | undefined {
  const specs = sim.topology.specs;
  for (const spec of specs) {
    if (spec.kind !== "keepalived") continue;
    const state = keepalivedState(sim, spec.id);
    if (state?.vipHolder === id) return state.virtualIp;
  }
  return undefined;
}
