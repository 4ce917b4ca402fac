import type { Kernel } from "./kernel";
import type { Message } from "./messages";
import { type DatabaseSpec, HopKind, type RequestRecord } from "./types";

/**
 * MySQL 8 asynchronous replication, as the database behaviour (database.ts) runs it.
 *
 * A primary commits a write, writes it to its binary log and its dump thread sends it at once to
 * every replica connected to it (nothing waits for them: asynchronous). A replica's receiver
 * (I/O) thread writes what comes into its relay log; its applier (SQL) thread applies the
 * transactions one after the other, each taking `applyMs` of CPU (much longer with the "slow"
 * fault), so the lag is the network hop plus the apply time plus the queue. A replica starts
 * with `read_only` and `super_read_only` ON.
 *
 * When the source stops, its kernel closes the connection and the replica notices at once;
 * when the source's machine dies, nothing tells it: the replica notices only when
 * `replica_net_timeout` (60 s) passes without an event or a heartbeat (the source sends one
 * every 30 s, half of it). Either way its I/O thread shows `Connecting` and tries again every
 * `SOURCE_CONNECT_RETRY` (60 s), `SOURCE_RETRY_COUNT` (10, as MySQL 8.4 shows it) times.
 * Transactions the source committed that never reached the replica are lost when it is promoted.
 */

/** The binary log events of no visit (dumps, heartbeats, catch-up): never traced. */
export const REPLICATION: RequestRecord = Object.freeze({
  id: 0,
  visitId: 0,
  user: -1,
  traced: false,
  url: "",
  host: "",
  path: "",
  role: "document",
  startedAt: 0,
}) as RequestRecord;

/** `SOURCE_CONNECT_RETRY`: seconds between reconnection attempts (60). */
export const SOURCE_CONNECT_RETRY_MS = 60_000;
/** `SOURCE_RETRY_COUNT` as MySQL 8.4 shows it ("attempt 1/10"). */
export const SOURCE_RETRY_COUNT = 10;
/** `replica_net_timeout` (60 s): silence after which the replica takes the connection for dead. */
export const REPLICA_NET_TIMEOUT_MS = 60_000;
/** The source's heartbeat period: half of `replica_net_timeout`. */
export const HEARTBEAT_MS = REPLICA_NET_TIMEOUT_MS / 2;
/** How long the promotion's statements take once the relay log is applied (STOP REPLICA … SET GLOBAL). */
export const PROMOTE_STATEMENTS_MS = 50;
/** Commit times a primary keeps for replicas that reconnect (older ones count as "now"). */
const TIMES_KEEP = 100_000;

/** What a MySQL server keeps across restarts: its data and its binary log. */
export interface MysqlData {
  /**
   * Transactions in its data: written here as a primary, or applied from its source (numbered as
   * the source numbers them, as GTIDs are).
   */
  committed: number;
  /** Commit time of transaction `timesFrom + i` at `times[i]` (a replica that reconnects is sent them). */
  times: number[];
  timesFrom: number;
  /** Transactions its old source had committed that never reached it: lost when it was promoted. */
  lost: number;
  /** When it was promoted (ms), if it was. */
  promotedAt: number | undefined;
}

/** What `SHOW REPLICA STATUS` shows, and the relay log behind it. */
export interface ReplicaStatus {
  /** The source's component index and address (`10.0.0.11:3306`). */
  source: number;
  sourceAddress: string;
  /** `Replica_IO_Running`: Yes, Connecting (trying to reach the source) or No (stopped). */
  ioRunning: "Yes" | "Connecting" | "No";
  /** `Replica_SQL_Running`. */
  sqlRunning: "Yes" | "No";
  /** `Replica_SQL_Running_State`. */
  sqlState: string;
  /** `Last_IO_Errno` and `Last_IO_Error` (0 and "" while fine). */
  lastIoErrno: number;
  lastIoError: string;
  /** The last transaction received into the relay log. */
  received: number;
  /** Commit times (on the source) of the transactions received and not applied yet, from `relayHead`. */
  relay: number[];
  relayHead: number;
  /** The applier is working on the transaction at `relayHead`. */
  applying: boolean;
  /** The last transaction applied took this long from its commit on the source to its apply here (ms). */
  lagMs: number;
  /** When an event (or heartbeat) last came from the source (ms). */
  lastReceivedAt: number;
  /** Reconnection attempts since the connection was lost. */
  attempts: number;
  /** Bumped with every connection attempt: answers to an older one are ignored. */
  ioGen: number;
}

/** Transactions received and not yet applied (the relay log's backlog). */
export function relayPending(r: ReplicaStatus): number {
  return r.relay.length - r.relayHead;
}

/**
 * `Seconds_Behind_Source` now: NULL when the applier is stopped, or when it has applied
 * everything while the I/O thread is not connected; 0 when it is caught up; else the age of the
 * transaction it is applying (whole seconds).
 */
export function secondsBehindSource(r: ReplicaStatus, now: number): number | null {
  if (r.sqlRunning !== "Yes") return null;
  const pending = relayPending(r);
  if (pending === 0) return r.ioRunning === "Yes" ? 0 : null;
  return Math.max(0, Math.floor((now - (r.relay[r.relayHead] as number)) / 1000));
}

export function createData(): MysqlData {
  return { committed: 0, times: [], timesFrom: 1, lost: 0, promotedAt: undefined };
}

/** A commit on a primary: the transaction's number. */
export function commit(data: MysqlData, now: number): number {
  data.committed++;
  if (data.times.length === 0) data.timesFrom = data.committed;
  data.times.push(now);
  if (data.times.length > TIMES_KEEP) {
    const drop = data.times.length - TIMES_KEEP / 2;
    data.times.splice(0, drop);
    data.timesFrom += drop;
  }
  return data.committed;
}

/** Commit times of transactions `after + 1` … `committed`, for a replica that asks from `after`. */
export function timesAfter(data: MysqlData, after: number, now: number): number[] {
  const out: number[] = [];
  for (let seq = after + 1; seq <= data.committed; seq++)
    out.push(data.times[seq - data.timesFrom] ?? now);
  return out;
}

export function newReplicaStatus(
  source: number,
  sourceAddress: string,
  applied: number,
): ReplicaStatus {
  return {
    source,
    sourceAddress,
    ioRunning: "Connecting",
    sqlRunning: "Yes",
    sqlState: "Replica has read all relay log; waiting for more updates",
    lastIoErrno: 0,
    lastIoError: "",
    // Relay logs are recovered from the source after a restart (relay_log_recovery = ON).
    received: applied,
    relay: [],
    relayHead: 0,
    applying: false,
    lagMs: 0,
    lastReceivedAt: 0,
    attempts: 0,
    ioGen: 0,
  };
}

/** The source's address as a replica names it: the primary's `ip:port`. */
export function addressOf(k: Kernel, i: number): string {
  const spec = k.topology.specs[i] as DatabaseSpec | undefined;
  if (!spec) return "";
  const machine = k.topology.specs[k.topology.machineOf(i)] as { ip?: string } | undefined;
  return `${machine?.ip ?? spec.host}:${spec.port}`;
}

/** One binary log event summary, for a traced write's hop. */
export function binlogSummary(msg: Message): string {
  const { first, times } = msg as Extract<Message, { type: "repl.events" }>;
  return times.length === 0
    ? "binlog: Heartbeat_log_event"
    : times.length === 1
      ? `binlog: GTID ${first}, Write_rows (INSERT INTO comments), Xid COMMIT`
      : `binlog: transactions ${first}–${first + times.length - 1}`;
}

/** Sends transactions to one replica (or a heartbeat, with none). */
export function sendEvents(
  k: Kernel,
  self: number,
  replica: number,
  first: number,
  times: readonly number[],
  request: RequestRecord,
): void {
  k.send(
    self,
    replica,
    { type: "repl.events", first, times },
    "repl.binlog",
    HopKind.Sql,
    request,
    binlogSummary,
  );
}
