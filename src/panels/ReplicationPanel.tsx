import { keepalivedState, replicationWords, vipHolderLabel } from "../canvas/RedundancyBodies";
import type { ComponentState, Simulation } from "../engine";
import { selectActions, useHopscope } from "../store";

type MysqlState = Extract<ComponentState, { kind: "mysql" }>["state"];

/**
 * A replicated MySQL's details: its role and read_only, for a replica what `SHOW REPLICA STATUS`
 * says (the I/O and SQL threads, the lag), the writes lost at a promotion, and the
 * **Promote replica** button: the engine's `promote` command, through the store (a refusal,
 * such as the primary still running, becomes a notice).
 */
export function MysqlReplicationPanel({
  id,
  label,
  state,
  now,
}: {
  id: string;
  label: string;
  state: MysqlState;
  now: number;
}) {
  const { command } = useHopscope(selectActions);
  const r = state.replica;
  const lost = state.data.lost;
  return (
    <div className="replication-panel">
      <h3>Replication</h3>
      <ul className="kv mono" tabIndex={0} aria-label={`${label}: replication`}>
        <li>role: {state.role}</li>
        <li>
          read_only: {state.readOnly ? "ON" : "OFF"} · super_read_only:{" "}
          {state.superReadOnly ? "ON" : "OFF"}
        </li>
        {r ? (
          <>
            <li>Source: {r.sourceAddress}</li>
            <li>Replica_IO_Running: {r.ioRunning}</li>
            <li>Replica_SQL_Running: {r.sqlRunning}</li>
            <li>{replicationWords(state, now)}</li>
            {r.lastIoErrno !== 0 ? (
              <li>
                Last_IO_Error: {r.lastIoErrno} {r.lastIoError}
              </li>
            ) : null}
          </>
        ) : null}
        {state.promoting ? <li>Promotion under way: applying the relay log</li> : null}
        {state.data.promotedAt !== undefined ? (
          <li>
            Promoted at {(state.data.promotedAt / 1000).toFixed(1)} s:{" "}
            {lost === 0
              ? "no write was lost"
              : `${lost} write${lost === 1 ? " was" : "s were"} committed on the old primary and never replicated: lost`}
          </li>
        ) : null}
      </ul>
      {state.role === "replica" ? (
        <button type="button" className="btn" onClick={() => command(id, "promote")}>
          Promote replica
        </button>
      ) : null}
    </div>
  );
}

/** keepalived's details: VRRP state, priorities, and where the virtual IP is now. */
export function KeepalivedPanel({ sim, id }: { sim: Simulation; id: string }) {
  const state = keepalivedState(sim, id);
  if (!state) return null;
  const holder = vipHolderLabel(sim, state);
  return (
    <div className="vrrp-panel">
      <h3>VRRP instance VI_1</h3>
      <ul className="kv mono" tabIndex={0} aria-label="VRRP instance VI_1">
        <li>state: {state.state}</li>
        <li>
          priority: {state.priority}
          {state.effectivePriority !== state.priority
            ? ` (effective ${state.effectivePriority})`
            : ""}
        </li>
        <li>advert_int: {state.advertIntMs / 1000} s</li>
        <li>
          {state.virtualIp}: {holder ? `on ${holder}` : "nobody's (or unknown while stopped)"}
        </li>
        {state.masterDownAt !== undefined && state.state === "BACKUP" ? (
          <li>
            master declared down at {(state.masterDownAt / 1000).toFixed(2)} s unless an advert
            comes
          </li>
        ) : null}
        {state.script ? (
          <li>
            {state.script.name}: {state.script.ok ? "OK" : "failing"}
          </li>
        ) : null}
      </ul>
    </div>
  );
}
