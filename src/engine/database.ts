import type { Behaviour, KillHook } from "./kernel";
import type { Exchange } from "./messages";
import { type DatabaseSpec, HopKind } from "./types";

export interface DatabaseState {
  /** Queries running now, with the client waiting for each. */
  running: Map<Exchange, number>;
  /** Queries answered since start. */
  answered: number;
}

export function createDatabaseState(): DatabaseState {
  return { running: new Map(), answered: 0 };
}

/** MySQL: runs the query and sends the rows back to the application. */
export const databaseBehaviour =
  (spec: DatabaseSpec): Behaviour<DatabaseState> =>
  (k, self, state, from, msg) => {
    if (msg.type !== "sql.query") return;
    if (state.running.size >= spec.maxConnections) {
      k.send(
        self,
        from,
        { type: "sql.error", exchange: msg.exchange, why: "too-many" },
        "sql.error",
        HopKind.Error,
        msg.exchange.request,
        "ERROR 1040 (HY000): Too many connections",
      );
      return;
    }
    state.running.set(msg.exchange, from);
    const started = k.now;
    const stall = k.isSlow(self) ? spec.slowStallMs : 0;
    // The query needs CPU (shared with the other processes), then, when slow, waits on a lock.
    k.compute(self, k.vary(spec.queryMs), () =>
      k.after(self, stall, () => {
        const took = k.now - started;
        state.running.delete(msg.exchange);
        state.answered++;
        k.send(
          self,
          from,
          { type: "sql.result", exchange: msg.exchange, rows: spec.rows },
          "sql.result",
          HopKind.Sql,
          msg.exchange.request,
          () =>
            `${spec.rows} rows in set (${took >= 1000 ? `${(took / 1000).toFixed(1)} s` : `${took.toFixed(1)} ms`})`,
        );
      }),
    );
  };

/** MySQL stops: every client with a query running loses its connection. */
export const databaseKilled: KillHook<DatabaseState> = (k, self, state) => {
  for (const [exchange, client] of state.running) {
    k.send(
      self,
      client,
      { type: "sql.error", exchange, why: "reset" },
      "sql.error",
      HopKind.Error,
      exchange.request,
      "ERROR 2013 (HY000): Lost connection to MySQL server during query",
    );
  }
};
