import {
  createDatabaseState,
  type DatabaseState,
  databaseBehaviour,
  databaseKilled,
  databaseStarted,
  restartedDatabaseState,
} from "../database";
import { addressOf, PROMOTE_STATEMENTS_MS, relayPending } from "../replication";
import type { CommandResult, ComponentSpec, DatabaseSpec } from "../types";
import type { CommandContext, KindDefinition } from "./definition";

const refused = (message: string): CommandResult => ({ ok: false, message });

/**
 * "Promote replica", the steps of the MySQL manual: STOP REPLICA IO_THREAD, let the applier
 * finish the relay log, STOP REPLICA, RESET REPLICA ALL, SET GLOBAL super_read_only = OFF and
 * read_only = OFF. Then the operator points the application's writes at it: every component
 * whose `database` was the old primary's address gets this one's. Refused, changing nothing, for
 * anything but a running replica, and while its primary runs (two primaries taking writes would
 * be a split brain).
 */
function promote(c: CommandContext<DatabaseSpec, DatabaseState>): CommandResult {
  const { k, self, spec, state } = c;
  if (!k.isUp(self)) return refused(`${spec.label} is down: start it before promoting it.`);
  if (state.promoting) return refused(`${spec.label} is being promoted already.`);
  const r = state.replica;
  if (state.role !== "replica" || !r) {
    return refused(
      state.data.promotedAt !== undefined
        ? `${spec.label} was already promoted: it is a primary now.`
        : `${spec.label} is not a replica (it is ${state.role === "primary" ? "the primary" : "a standalone server"}): only a replica can be promoted.`,
    );
  }
  const source = c.specOf(r.source);
  if (k.isUp(r.source))
    return refused(
      `${source?.label ?? "The primary"} is still running as the primary: promoting ${spec.label} now would make two primaries taking writes (split brain). Stop the primary first, or fence it (SET GLOBAL read_only = ON).`,
    );
  // STOP REPLICA IO_THREAD: nothing more comes in; the applier goes on with the relay log.
  r.ioRunning = "No";
  r.ioGen++;
  const pending = relayPending(r);
  c.note(
    `${spec.label}: STOP REPLICA IO_THREAD; the applier finishes the relay log (${pending} transaction${pending === 1 ? "" : "s"} left)`,
  );
  const finish = () => {
    state.drained = undefined;
    k.after(self, PROMOTE_STATEMENTS_MS, () => finishPromotion(c));
  };
  state.promoting = true;
  state.drained = finish;
  if (!r.applying) finish();
  return {
    ok: true,
    message: `Promoting ${spec.label}: it applies its relay log, then stops replicating and accepts writes.`,
  };
}

function finishPromotion(c: CommandContext<DatabaseSpec, DatabaseState>): void {
  const { k, self, spec, state } = c;
  const r = state.replica;
  if (!r) return;
  const old = c.stateOf(r.source) as DatabaseState | undefined;
  const lost = Math.max(0, (old?.data.committed ?? r.received) - r.received);
  state.replica = undefined;
  state.promoting = false;
  state.role = "primary";
  state.superReadOnly = false;
  state.readOnly = false;
  state.data.lost = lost;
  state.data.promotedAt = k.now;
  state.data.times = [];
  state.data.timesFrom = state.data.committed + 1;
  // Its configuration says so too (my.cnf edited): a restart keeps it a primary.
  c.setSpec({ ...spec, role: "primary", source: undefined });
  k.log(
    self,
    "repl.promote",
    `${spec.label} promoted: STOP REPLICA; RESET REPLICA ALL; SET GLOBAL super_read_only = OFF; SET GLOBAL read_only = OFF. ${
      lost === 0
        ? "Every transaction of the old primary had reached it: none is lost."
        : `${lost} transaction${lost === 1 ? " was" : "s were"} committed on the old primary and never replicated: ${lost === 1 ? "it is" : "they are"} lost.`
    }`,
  );
  // The operator repoints the application's writes (its config, or a proxy such as ProxySQL).
  const mine = addressOf(k, self);
  const specs = k.topology.specs;
  for (let i = 0; i < specs.length; i++) {
    const other = c.specOf(i) as (ComponentSpec & { database?: unknown }) | undefined;
    if (!other || other.database !== r.sourceAddress) continue;
    c.setSpecOf(i, { ...other, database: mine } as ComponentSpec);
    k.log(
      i,
      "config.change",
      `${other.label}: the database host is now ${mine} (the operator repointed it from ${r.sourceAddress} to the promoted replica)`,
    );
  }
}

/** MySQL: the database the application queries; a primary or a replica (replication.ts). */
export const mysql: KindDefinition<DatabaseSpec, DatabaseState> = {
  kind: "mysql",
  initialState: createDatabaseState,
  restarted: restartedDatabaseState,
  behaviour: databaseBehaviour,
  killed: databaseKilled,
  started: databaseStarted,
  // A replica keeps its connection to its source (and a primary with one its heartbeats).
  background: (spec) => spec.role !== undefined,
  settings: {
    maxConnections: { range: [1, 10_000], integer: true },
    queryMs: { range: [0.1, 60_000] },
  },
  commands: { promote },
  slow: { who: "MySQL" },
};
