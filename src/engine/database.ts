import type { Behaviour, Kernel, KillHook } from "./kernel";
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
    const slow = k.isSlow(self);
    // The query needs CPU (shared with the other processes), then, when slow, waits on a lock.
    if (!msg.exchange.request.traced) {
      // Declared functions and their arguments rather than two closures per query.
      k.compute(self, k.vary(spec.queryMs), slow ? lockedSlow : locked, spec, state, msg.exchange);
      return;
    }
    const started = k.now;
    k.compute(self, k.vary(spec.queryMs), () =>
      k.after(self, slow ? spec.slowStallMs : 0, () => {
        const took = k.now - started;
        answerRows(k, self, spec, state, msg.exchange, from, () => {
          const time = took >= 1000 ? `${(took / 1000).toFixed(1)} s` : `${took.toFixed(1)} ms`;
          return `${spec.rows} rows in set (${time})`;
        });
      }),
    );
  };

/** The query's CPU work is done: it waits on no lock (a timer of 0 ms, as with the lock). */
function locked(
  k: Kernel,
  self: number,
  spec: DatabaseSpec,
  state: DatabaseState,
  exchange: Exchange,
) {
  k.later(self, 0, rowsReady, spec, state, exchange);
}

/** The query's CPU work is done: with the slow fault it waits on a lock. */
function lockedSlow(
  k: Kernel,
  self: number,
  spec: DatabaseSpec,
  state: DatabaseState,
  exchange: Exchange,
) {
  k.later(self, spec.slowStallMs, rowsReady, spec, state, exchange);
}

/** An untraced query is answered (its hop summary is never read). */
function rowsReady(
  k: Kernel,
  self: number,
  spec: DatabaseSpec,
  state: DatabaseState,
  exchange: Exchange,
) {
  // Its client was set when the query came, and stays until this answer.
  answerRows(k, self, spec, state, exchange, state.running.get(exchange) as number, "");
}

function answerRows(
  k: Kernel,
  self: number,
  spec: DatabaseSpec,
  state: DatabaseState,
  exchange: Exchange,
  client: number,
  summary: string | (() => string),
) {
  state.running.delete(exchange);
  state.answered++;
  k.send(
    self,
    client,
    { type: "sql.result", exchange, rows: spec.rows },
    "sql.result",
    HopKind.Sql,
    exchange.request,
    summary,
  );
}

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
