import type { Behaviour } from "./kernel";
import { type DatabaseSpec, HopKind } from "./types";

export interface DatabaseState {
  /** Queries running now. */
  running: number;
  /** Queries answered since start. */
  answered: number;
}

export function createDatabaseState(): DatabaseState {
  return { running: 0, answered: 0 };
}

/** MySQL: runs the query and sends the rows back to the application. */
export const databaseBehaviour =
  (spec: DatabaseSpec): Behaviour<DatabaseState> =>
  (k, self, state, from, msg) => {
    if (msg.type !== "sql.query") return;
    state.running++;
    const took = k.vary(spec.queryMs);
    k.after(took, () => {
      state.running--;
      state.answered++;
      k.send(
        self,
        from,
        { type: "sql.result", exchange: msg.exchange, rows: spec.rows },
        {
          step: "sql.result",
          kind: HopKind.Sql,
          summary: `${spec.rows} rows in set (${took.toFixed(1)} ms)`,
          request: msg.exchange.request,
        },
      );
    });
  };
