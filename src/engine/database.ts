import type { Behaviour, Deferred, Kernel, KillHook } from "./kernel";
import type { Exchange } from "./messages";
import {
  addressOf,
  commit,
  createData,
  HEARTBEAT_MS,
  type MysqlData,
  newReplicaStatus,
  REPLICA_NET_TIMEOUT_MS,
  REPLICATION,
  type ReplicaStatus,
  relayPending,
  SOURCE_CONNECT_RETRY_MS,
  SOURCE_RETRY_COUNT,
  sendEvents,
  timesAfter,
} from "./replication";
import { type DatabaseSpec, HopKind } from "./types";

export interface DatabaseState {
  /** Queries running now, with the client waiting for each. */
  running: Map<Exchange, number>;
  /** Queries answered since start. */
  answered: number;
  /** Its data and binary log: kept across restarts (see replication.ts). */
  data: MysqlData;
  /** Its part in replication now (a promoted replica becomes a primary). */
  role: "primary" | "replica" | "standalone";
  /** `read_only` and `super_read_only` (a replica starts with both ON). */
  readOnly: boolean;
  superReadOnly: boolean;
  /** Writes committed, and writes refused with ERROR 1290, since start. */
  writes: number;
  refusedWrites: number;
  /** Replicas connected to it (its dump threads), by component index. */
  dumps: Set<number>;
  /** Its heartbeat to the replicas is scheduled. */
  heartbeat: boolean;
  /** As a replica: `SHOW REPLICA STATUS` and its relay log. */
  replica: ReplicaStatus | undefined;
  /** A promotion is under way (see kinds/mysql.ts). */
  promoting: boolean;
  /** Called once the relay log is applied (a promotion waits for it). */
  drained: (() => void) | undefined;
}

export function createDatabaseState(spec: DatabaseSpec): DatabaseState {
  return stateWith(spec, createData());
}

/** A restart keeps the data on disk; everything else starts afresh (from its configuration). */
export function restartedDatabaseState(spec: DatabaseSpec, old: DatabaseState): DatabaseState {
  return stateWith(spec, old.data);
}

function stateWith(spec: DatabaseSpec, data: MysqlData): DatabaseState {
  const replica = spec.role === "replica";
  return {
    running: new Map(),
    answered: 0,
    data,
    role: spec.role ?? "standalone",
    readOnly: replica,
    superReadOnly: replica,
    writes: 0,
    refusedWrites: 0,
    dumps: new Set(),
    heartbeat: false,
    // Its source is resolved when it starts (it needs the kernel's topology).
    replica: undefined,
    promoting: false,
    drained: undefined,
  };
}

/**
 * ERROR 1290 as MySQL's `err_readonly()` words it: `--super-read-only` for a user with SUPER
 * blocked only by super_read_only, `--read-only` for anyone else (the application's user).
 */
export function readOnlyError(hasSuper: boolean): string {
  return `ERROR 1290 (HY000): The MySQL server is running with the ${hasSuper ? "--super-read-only" : "--read-only"} option so it cannot execute this statement`;
}

/** MySQL: runs the query and sends the rows back to the application; replicates (replication.ts). */
export const databaseBehaviour =
  (spec: DatabaseSpec): Behaviour<DatabaseState> =>
  (k, self, state, from, msg) => {
    if (msg.type !== "sql.query") {
      replicationMessage(k, self, spec, state, from, msg);
      return;
    }
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
    if (msg.write) {
      write(k, self, spec, state, from, msg.exchange);
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
    const job: TracedJob = {
      exchange: msg.exchange,
      from,
      started: k.now,
      slow,
      done: tracedQueryDone,
    };
    k.compute(self, k.vary(spec.queryMs), ranOnCpu, spec, state, job);
  };

/** A traced query, or a write, as it goes through the CPU and (slow) a lock: data for its timers. */
interface TracedJob {
  exchange: Exchange;
  from: number;
  started: number;
  slow: boolean;
  /** What happens once it has had its CPU and its lock (a module function: see Simulation.fork). */
  done: Deferred<DatabaseSpec, DatabaseState, TracedJob>;
}

/** A traced query or a write has had its CPU: it waits on the lock when slow, then is done. */
function ranOnCpu(
  k: Kernel,
  self: number,
  spec: DatabaseSpec,
  state: DatabaseState,
  job: TracedJob,
): void {
  k.after(self, job.slow ? spec.slowStallMs : 0, job.done, spec, state, job);
}

function tracedQueryDone(
  k: Kernel,
  self: number,
  spec: DatabaseSpec,
  state: DatabaseState,
  job: TracedJob,
): void {
  const took = k.now - job.started;
  answerRows(k, self, spec, state, job.exchange, job.from, () => {
    const time = took >= 1000 ? `${(took / 1000).toFixed(1)} s` : `${took.toFixed(1)} ms`;
    return `${spec.rows} rows in set (${time})`;
  });
}

/** An INSERT: refused on a read-only server, else run, committed and sent to the replicas. */
function write(
  k: Kernel,
  self: number,
  spec: DatabaseSpec,
  state: DatabaseState,
  from: number,
  exchange: Exchange,
): void {
  if (state.readOnly || state.superReadOnly) {
    state.refusedWrites++;
    // The application's user has no SUPER privilege: MySQL names read_only.
    k.send(
      self,
      from,
      { type: "sql.error", exchange, why: "read-only" },
      "sql.error",
      HopKind.Error,
      exchange.request,
      readOnlyError(false),
    );
    return;
  }
  state.running.set(exchange, from);
  const job: TracedJob = { exchange, from, started: k.now, slow: k.isSlow(self), done: writeDone };
  k.compute(self, k.vary(spec.writeMs ?? spec.queryMs), ranOnCpu, spec, state, job);
}

/** A write commits: it goes to the replicas, and the client is answered. */
function writeDone(
  k: Kernel,
  self: number,
  _spec: DatabaseSpec,
  state: DatabaseState,
  { exchange, from, started }: TracedJob,
): void {
  state.running.delete(exchange);
  const seq = commit(state.data, k.now);
  state.writes++;
  state.answered++;
  // The dump threads send it at once; the client is answered without waiting for them.
  for (const replica of state.dumps) sendEvents(k, self, replica, seq, [k.now], exchange.request);
  const took = k.now - started;
  k.send(
    self,
    from,
    { type: "sql.result", exchange, rows: 1 },
    "sql.result",
    HopKind.Sql,
    exchange.request,
    () =>
      `Query OK, 1 row affected (${took >= 1000 ? `${(took / 1000).toFixed(1)} s` : `${took.toFixed(1)} ms`})`,
  );
}

/** Replication's messages: a replica asking for the log, the log's events, a lost connection. */
function replicationMessage(
  k: Kernel,
  self: number,
  spec: DatabaseSpec,
  state: DatabaseState,
  from: number,
  msg: Parameters<Behaviour<DatabaseState>>[4],
): void {
  switch (msg.type) {
    case "repl.dump": {
      // A replica connects (COM_BINLOG_DUMP): it gets what it lacks, then every new commit.
      state.dumps.add(from);
      sendEvents(
        k,
        self,
        from,
        msg.after + 1,
        timesAfter(state.data, msg.after, k.now),
        REPLICATION,
      );
      if (!state.heartbeat) {
        state.heartbeat = true;
        k.after(self, HEARTBEAT_MS, heartbeat, state, undefined, undefined);
      }
      return;
    }
    case "repl.events":
      received(k, self, spec, state, from, msg.first, msg.times);
      return;
    case "repl.refused":
      ioFailed(k, self, spec, state, 2003, "111", undefined);
      return;
    case "repl.lost": {
      const r = state.replica;
      if (!r || r.source !== from || r.ioRunning !== "Yes") return;
      // The source's kernel closed the connection: the I/O thread reconnects at once.
      reconnect(
        k,
        self,
        spec,
        state,
        `Replica I/O thread: lost connection to source ${r.sourceAddress} (2013)`,
      );
      return;
    }
    default:
      return;
  }
}

/** Every 30 s, a heartbeat to each connected replica (it shows the connection is alive). */
function heartbeat(k: Kernel, self: number, state: DatabaseState): void {
  if (state.dumps.size === 0) {
    state.heartbeat = false;
    return;
  }
  for (const replica of state.dumps)
    sendEvents(k, self, replica, state.data.committed + 1, [], REPLICATION);
  k.after(self, HEARTBEAT_MS, heartbeat, state, undefined, undefined);
}

/** A replica starts: its I/O thread connects to the source. */
export function databaseStarted(
  k: Kernel,
  self: number,
  spec: DatabaseSpec,
  state: DatabaseState,
): void {
  if (spec.role !== "replica" || spec.source === undefined) return;
  const source = k.topology.indexOf(spec.source);
  state.replica = newReplicaStatus(source, addressOf(k, source), state.data.committed);
  connect(k, self, spec, state);
}

/** The I/O thread (re)connects: COM_BINLOG_DUMP from the last transaction received. */
function connect(k: Kernel, self: number, spec: DatabaseSpec, state: DatabaseState): void {
  const r = state.replica;
  if (!r || r.ioRunning === "No") return;
  r.ioRunning = "Connecting";
  const gen = ++r.ioGen;
  k.send(
    self,
    r.source,
    { type: "repl.dump", after: r.received },
    "repl.io",
    HopKind.Sql,
    REPLICATION,
    "COM_BINLOG_DUMP",
  );
  // A machine that is off answers nothing: the connect gives up after the timeout.
  k.after(self, REPLICA_NET_TIMEOUT_MS, connectTimedOut, spec, state, { r, gen });
}

/** The source did not answer the I/O thread's connect in time (error 2003). */
function connectTimedOut(
  k: Kernel,
  self: number,
  spec: DatabaseSpec,
  state: DatabaseState,
  { r, gen }: { r: ReplicaStatus; gen: number },
): void {
  if (r.ioGen === gen && r.ioRunning === "Connecting" && state.replica === r)
    ioFailed(k, self, spec, state, 2003, "110", gen);
}

/** A connection attempt failed: `Connecting`, and another attempt after SOURCE_CONNECT_RETRY. */
/** The replica's I/O thread lost its source (error 2013): it says why and connects again at once. */
function reconnect(
  k: Kernel,
  self: number,
  spec: DatabaseSpec,
  state: DatabaseState,
  why: string,
): void {
  const r = state.replica;
  if (!r) return;
  r.ioRunning = "Connecting";
  r.lastIoErrno = 2013;
  r.lastIoError = "Lost connection to MySQL server during query";
  k.log(self, "repl.io", `${spec.label}: ${why}; reconnecting`);
  connect(k, self, spec, state);
}

function ioFailed(
  k: Kernel,
  self: number,
  spec: DatabaseSpec,
  state: DatabaseState,
  errno: number,
  oserr: string,
  gen: number | undefined,
): void {
  const r = state.replica;
  if (r?.ioRunning !== "Connecting" || (gen !== undefined && gen !== r.ioGen)) return;
  r.ioGen++; // a late answer to this attempt is ignored
  r.attempts++;
  r.lastIoErrno = errno;
  r.lastIoError = `Error reconnecting to source 'repl@${r.sourceAddress}'. This was attempt ${r.attempts}/${SOURCE_RETRY_COUNT}, with a delay of ${SOURCE_CONNECT_RETRY_MS / 1000} seconds between attempts. Message: Can't connect to MySQL server on '${r.sourceAddress}' (${oserr})`;
  k.log(self, "repl.io", `${spec.label}: Last_IO_Errno ${errno}: ${r.lastIoError}`);
  if (r.attempts >= SOURCE_RETRY_COUNT) {
    r.ioRunning = "No";
    k.log(
      self,
      "repl.io",
      `${spec.label}: Replica I/O thread stopped after ${r.attempts} attempts (Replica_IO_Running: No)`,
    );
    return;
  }
  k.after(self, SOURCE_CONNECT_RETRY_MS, retryConnect, spec, state, { r, gen: r.ioGen });
}

/** SOURCE_CONNECT_RETRY later: the I/O thread tries again, unless something changed meanwhile. */
function retryConnect(
  k: Kernel,
  self: number,
  spec: DatabaseSpec,
  state: DatabaseState,
  { r, gen }: { r: ReplicaStatus; gen: number },
): void {
  if (state.replica === r && r.ioGen === gen && r.ioRunning === "Connecting")
    connect(k, self, spec, state);
}

/** Binary log events reach the replica: into the relay log, and the applier takes them. */
function received(
  k: Kernel,
  self: number,
  spec: DatabaseSpec,
  state: DatabaseState,
  from: number,
  first: number,
  times: readonly number[],
): void {
  const r = state.replica;
  // Not its source's, or its I/O thread is stopped (promotion): the connection is closed.
  if (!r || from !== r.source || r.ioRunning === "No") return;
  r.lastReceivedAt = k.now;
  if (r.ioRunning === "Connecting") {
    r.ioRunning = "Yes";
    r.attempts = 0;
    r.lastIoErrno = 0;
    r.lastIoError = "";
    k.log(
      self,
      "repl.io",
      `${spec.label}: Replica I/O thread connected to source ${r.sourceAddress} (Replica_IO_Running: Yes)`,
    );
    watchdog(k, self, spec, state, r);
  }
  for (let i = 0; i < times.length; i++) {
    if (first + i <= r.received) continue; // already in the relay log
    r.received = first + i;
    r.relay.push(times[i] as number);
  }
  if (!r.applying && relayPending(r) > 0) applyNext(k, self, spec, state, r);
}

/** `replica_net_timeout`: 60 s without an event or a heartbeat, and the connection is taken for dead. */
function watchdog(
  k: Kernel,
  self: number,
  spec: DatabaseSpec,
  state: DatabaseState,
  r: ReplicaStatus,
): void {
  const gen = r.ioGen;
  const due = r.lastReceivedAt + REPLICA_NET_TIMEOUT_MS;
  k.after(self, Math.max(0, due - k.now), watchdogDue, spec, state, { r, gen });
}

/** The watchdog's time: reconnect if nothing came for replica_net_timeout. */
function watchdogDue(
  k: Kernel,
  self: number,
  spec: DatabaseSpec,
  state: DatabaseState,
  { r, gen }: { r: ReplicaStatus; gen: number },
): void {
  if (state.replica !== r || r.ioGen !== gen || r.ioRunning !== "Yes") return;
  // Something came since: wait until 60 s after it. (Compared with a margin: `now + (due - now)`
  // may round to a hair before `due`, and a timer of a hair would fire at the same time for ever.)
  if (r.lastReceivedAt + REPLICA_NET_TIMEOUT_MS - k.now > 1e-6) {
    watchdog(k, self, spec, state, r);
    return;
  }
  reconnect(
    k,
    self,
    spec,
    state,
    `nothing from source ${r.sourceAddress} for replica_net_timeout (60 s)`,
  );
}

/** The applier applies the oldest transaction of the relay log (CPU, then the slow fault's stall). */
function applyNext(
  k: Kernel,
  self: number,
  spec: DatabaseSpec,
  state: DatabaseState,
  r: ReplicaStatus,
): void {
  r.applying = true;
  r.sqlState = "Waiting for dependent transaction to commit";
  k.compute(self, k.vary(spec.applyMs ?? spec.queryMs), applyStall, spec, state, r);
}

function applyStall(
  k: Kernel,
  self: number,
  spec: DatabaseSpec,
  state: DatabaseState,
  r: ReplicaStatus,
): void {
  k.later(self, k.isSlow(self) ? spec.slowStallMs : 0, applied, spec, state, r);
}

function applied(
  k: Kernel,
  self: number,
  spec: DatabaseSpec,
  state: DatabaseState,
  r: ReplicaStatus,
): void {
  if (state.replica !== r) return;
  const committedAt = r.relay[r.relayHead] as number;
  r.relayHead++;
  if (r.relayHead > 1024 && r.relayHead * 2 > r.relay.length) {
    r.relay.splice(0, r.relayHead);
    r.relayHead = 0;
  }
  state.data.committed++;
  r.lagMs = k.now - committedAt;
  if (relayPending(r) > 0) {
    applyNext(k, self, spec, state, r);
    return;
  }
  r.applying = false;
  r.sqlState = "Replica has read all relay log; waiting for more updates";
  state.drained?.();
}

/** MySQL stops: every client with a query running loses its connection, and so do its replicas. */
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
  for (const replica of state.dumps)
    k.send(
      self,
      replica,
      { type: "repl.lost" },
      "repl.io",
      HopKind.Error,
      REPLICATION,
      "FIN (replication connection closed)",
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
