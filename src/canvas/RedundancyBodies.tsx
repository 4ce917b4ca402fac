import { Globe } from "lucide-react";
import {
  type ComponentSpec,
  type ComponentState,
  type Simulation,
  secondsBehindSource,
} from "../engine";
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
 * The line under a keepalived's or a replicated MySQL's name, which says what it is doing now
 * in words (its status line says the rest): "MASTER · priority 150", "BACKUP · priority 100",
 * "stopped"; "primary", "replica · read-only".
 */
export function LiveRole({ id }: { id: string }) {
  // Re-read on every publish: the state changes with adverts and promotions.
  useHopscope((s) => s.now);
  const sim = useHopscope((s) => s.sim);
  const runtime = sim.componentState(id);
  if (runtime.kind === "keepalived") {
    const { state, effectivePriority } = runtime.state;
    return (
      <span className={`vrrp-state vrrp-${state.toLowerCase()}`}>
        <strong>{state}</strong>
        {state === "stopped" ? "" : ` · priority ${effectivePriority}`}
      </span>
    );
  }
  if (runtime.kind === "mysql") return <span>{mysqlRoleWords(runtime.state)}</span>;
  return null;
}

/** Components whose role line is live (LiveRole): keepalived, and MySQL in replication. */
export function hasLiveRole(spec: ComponentSpec): boolean {
  return spec.kind === "keepalived" || (spec.kind === "mysql" && spec.role !== undefined);
}

/**
 * The words for a MySQL's part in replication: "primary", "replica · read-only" (read-only is
 * said when it is on, so a fenced primary reads "primary · read-only"; one line in a card).
 */
export function mysqlRoleWords(state: MysqlState): string {
  return state.readOnly ? `${state.role} · read-only` : state.role;
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
