import { formatBytes } from "./httpAnswer";
import type { Behaviour, Kernel, KillHook, Timer } from "./kernel";
import { LinkedSet } from "./linkedSet";
import type { Exchange, Message, PageBody } from "./messages";
import { uriOf } from "./nginx";
import { type AppServerSpec, HopKind } from "./types";

export interface AppServerState {
  /** Requests a worker is handling now. */
  working: LinkedSet<Exchange>;
  /**
   * The listen backlog: connections the kernel has accepted that wait for a worker (in
   * the order they came), including a connection whose request bytes are still on the way.
   */
  backlog: LinkedSet<Exchange>;
  /** Requests answered since start. */
  served: number;
  /** SYNs the kernel dropped since start because the backlog was full. */
  dropped: number;
  /**
   * A reload is under way (SIGUSR2): the old workers take no new request, and `drained` is
   * called once the last of them is gone. The listening socket stays open meanwhile, so new
   * connections wait in the backlog.
   */
  reloading: boolean;
  drained: (() => void) | undefined;
  /**
   * With `dbConnectTimeoutMs`: the timer of each query waiting for MySQL (created when first
   * needed; the one-server stack has none).
   */
  dbWaits?: Map<Exchange, Timer>;
}

export function createAppServerState(): AppServerState {
  return {
    working: new LinkedSet(),
    backlog: new LinkedSet(),
    served: 0,
    dropped: 0,
    reloading: false,
    drained: undefined,
  };
}

/**
 * PHP-FPM: a pool of synchronous workers (`pm.max_children`), each running the code for
 * one request at a time. Nginx connects over TCP and speaks FastCGI. The kernel accepts
 * a connection into the listen backlog while there is room, and drops the SYN silently
 * when there is none (no RST: `tcp_abort_on_overflow` is 0), so the client retries it
 * later. A worker takes the oldest connection whose request has arrived, runs the code,
 * queries MySQL, renders the HTML and answers; a database error becomes a 500 page.
 */
export const appServerBehaviour =
  (spec: AppServerSpec): Behaviour<AppServerState> =>
  (k, self, state, from, msg) => {
    switch (msg.type) {
      case "upstream.syn": {
        const leg = msg.exchange;
        // Linux's check (sk_acceptq_is_full) is "more than the backlog": one more fits.
        if (state.backlog.size > spec.listenBacklog) {
          state.dropped++;
          if (leg.request.traced)
            k.note(
              self,
              "tcp.syn.dropped",
              `listen queue of port ${spec.port} is full (${state.backlog.size} waiting, backlog ${spec.listenBacklog}): the kernel drops the SYN and answers nothing`,
              leg.request,
            );
          return;
        }
        state.backlog.add(leg);
        k.send(
          self,
          from,
          { type: "upstream.synack", exchange: leg },
          "tcp.synack",
          HopKind.Tcp,
          leg.request,
          "SYN-ACK",
        );
        return;
      }
      case "http.request": {
        const leg = msg.exchange;
        // A connection this process never accepted (it has restarted since) is gone.
        if (!state.backlog.has(leg)) return;
        leg.arrived = true;
        if (!state.reloading && state.working.size < spec.workers) start(k, self, spec, state, leg);
        return;
      }
      case "upstream.reset":
        // Nginx closed the connection before sending anything: the kernel forgets it.
        state.backlog.delete(msg.exchange);
        return;
      case "sql.result":
        if (!state.working.has(msg.exchange)) return;
        if (state.dbWaits) cancelDbWait(state, msg.exchange);
        if (msg.exchange.request.traced)
          k.note(
            self,
            "app.render",
            isWrite(spec, msg.exchange)
              ? "comment saved: render the page that says so"
              : `${msg.rows} rows back: render the HTML template`,
            msg.exchange.request,
          );
        k.compute(self, k.vary(spec.renderMs), rendered, spec, state, msg.exchange);
        return;
      case "sql.error":
        if (!state.working.has(msg.exchange)) return;
        if (state.dbWaits) cancelDbWait(state, msg.exchange);
        databaseFailed(k, self, spec, state, msg.exchange, SQL_ERRORS[msg.why]);
        return;
      default:
        return;
    }
  };

/** What PDO throws for each failure (its exception's message). */
const SQL_ERRORS = {
  refused: "SQLSTATE[HY000] [2002] Connection refused",
  "too-many": "SQLSTATE[HY000] [1040] Too many connections",
  reset: "SQLSTATE[HY000] [2013] Lost connection to MySQL server during query",
  "read-only":
    "SQLSTATE[HY000]: General error: 1290 The MySQL server is running with the --read-only option so it cannot execute this statement",
  /** mysqlnd reports every failed connect as 2002 with the system's words (ETIMEDOUT). */
  timeout: "SQLSTATE[HY000] [2002] Connection timed out",
} as const;

/** The database failed the page: PDO throws, the code does not catch it, and PHP answers 500. */
function databaseFailed(
  k: Kernel,
  self: number,
  spec: AppServerSpec,
  state: AppServerState,
  exchange: Exchange,
  error: string,
): void {
  k.note(self, "sql.error", () => `${error}: the page cannot be built`, exchange.request);
  answer(k, self, spec, state, exchange, 500, error);
}

/** A POST to the site's write page: it INSERTs. */
function isWrite(spec: AppServerSpec, exchange: Exchange): boolean {
  return (
    exchange.request.method === "POST" &&
    spec.writes !== undefined &&
    uriOf(exchange.path) === spec.writes.path
  );
}

function cancelDbWait(state: AppServerState, exchange: Exchange): void {
  const waits = state.dbWaits as Map<Exchange, Timer>;
  waits.get(exchange)?.cancel();
  waits.delete(exchange);
}

/** `default_socket_timeout` passed without an answer from MySQL's machine: connect() gave up. */
function dbTimedOut(
  k: Kernel,
  self: number,
  spec: AppServerSpec,
  state: AppServerState,
  exchange: Exchange,
): void {
  state.dbWaits?.delete(exchange);
  if (!state.working.has(exchange)) return;
  databaseFailed(k, self, spec, state, exchange, SQL_ERRORS.timeout);
}

/** PHP-FPM stops: its kernel resets every connection it had, working or waiting. */
export const appServerKilled: KillHook<AppServerState> = (k, self, state) => {
  for (const exchange of [...state.working, ...state.backlog]) resetWorking(k, self, exchange);
};

/** A worker dies with its request: Nginx sees the connection closed before any answer. */
function resetWorking(k: Kernel, self: number, exchange: Exchange): void {
  k.send(
    self,
    exchange.client,
    { type: "upstream.error", exchange, why: "reset" },
    "tcp.rst",
    HopKind.Error,
    exchange.request,
    "RST (PHP-FPM worker stopped)",
  );
}

/** The time PHP-FPM's master takes to re-execute itself and start new workers after a reload (ms). */
export const PHP_FPM_RELOAD_MS = 200;

/**
 * `systemctl reload php-fpm` (SIGUSR2). The master asks each worker to quit after its current
 * request (SIGQUIT), and kills those still busy once `process_control_timeout` has passed
 * (SIGTERM): with the default of 0, at once, so their requests get Nginx's 502. Then it
 * re-executes itself and starts new workers with the new code; the listening socket stays
 * open all along, so new connections wait in the backlog instead of being refused.
 * `ready` is called when the new workers can start (it switches the code version).
 */
export function reloadAppServer(
  k: Kernel,
  self: number,
  spec: AppServerSpec,
  state: AppServerState,
  ready: () => void,
): void {
  state.reloading = true;
  const restart = () => {
    state.drained = undefined;
    k.later(self, PHP_FPM_RELOAD_MS, resumeAfterReload, spec, state, ready);
  };
  const killBusy = () => {
    for (const exchange of [...state.working]) {
      state.working.delete(exchange);
      resetWorking(k, self, exchange);
    }
    restart();
  };
  if (state.working.size === 0) restart();
  else if (spec.processControlTimeoutMs === 0) killBusy();
  else {
    state.drained = restart;
    k.after(self, spec.processControlTimeoutMs, () => {
      if (state.drained === restart) killBusy();
    });
  }
}

/** The new workers are up: they take the connections that waited in the backlog. */
function resumeAfterReload(
  k: Kernel,
  self: number,
  spec: AppServerSpec,
  state: AppServerState,
  ready: () => void,
): void {
  state.reloading = false;
  ready();
  takeWaiting(k, self, spec, state);
}

/** Free workers take the oldest waiting connections whose requests have arrived. */
function takeWaiting(k: Kernel, self: number, spec: AppServerSpec, state: AppServerState): void {
  for (let next = state.backlog.first; next !== undefined && state.working.size < spec.workers; ) {
    const after: Exchange | undefined = next.linkNext;
    if (next.arrived) start(k, self, spec, state, next);
    next = after;
  }
}

function start(
  k: Kernel,
  self: number,
  spec: AppServerSpec,
  state: AppServerState,
  exchange: Exchange,
): void {
  state.working.add(exchange);
  const version = k.codeVersion(self);
  const slow = k.isSlow(self);
  if (exchange.request.traced)
    k.note(
      self,
      "app.run",
      `a worker (${state.working.size} of ${spec.workers} busy) runs ${spec.entryPoint} (code ${version})${slow ? ": it hangs (slow fault)" : ""}`,
      exchange.request,
    );
  // CPU work, then (with the slow fault, as it was when the request started) a long hang that
  // uses no CPU: a stuck call. Declared functions and their arguments, not closures per request.
  // A defective release (a deploy's bad release) throws, or stalls, instead of going on.
  const release = k.codeRelease(self);
  k.compute(
    self,
    k.vary(spec.cpuMs),
    slow ? ranSlow : release === "good" ? queryDatabase : DEFECTS[release],
    spec,
    state,
    exchange,
  );
}

/** How long each page of a `bad-slow` release takes on top of its work (ms): a slow new query. */
export const BAD_SLOW_STALL_MS = 3_000;

/** What a `bad-500` release's code throws on every page it renders (its bootstrap file breaks). */
export const BAD_500_ERROR =
  "PHP Fatal error:  Uncaught Error: Call to undefined function render_sidebar() in /var/www/foobar/bootstrap.php:42";

/** The broken release: every page the code renders dies in its bootstrap, and PHP answers 500. */
function threwFatal(
  k: Kernel,
  self: number,
  spec: AppServerSpec,
  state: AppServerState,
  exchange: Exchange,
): void {
  if (!state.working.has(exchange)) return; // its worker was stopped by a reload
  k.note(self, "app.run", BAD_500_ERROR, exchange.request);
  answer(k, self, spec, state, exchange, 500, BAD_500_ERROR, true);
}

/** The slow release: each page waits on a slow call before it queries the database. */
function ranBadSlow(
  k: Kernel,
  self: number,
  spec: AppServerSpec,
  state: AppServerState,
  exchange: Exchange,
): void {
  if (!state.working.has(exchange)) return;
  if (exchange.request.traced)
    k.note(
      self,
      "app.run",
      `code ${k.codeVersion(self)} (a slow release) waits ${BAD_SLOW_STALL_MS / 1000} s on a slow call`,
      exchange.request,
    );
  k.later(self, BAD_SLOW_STALL_MS, queryDatabase, spec, state, exchange);
}

const DEFECTS = { "bad-500": threwFatal, "bad-slow": ranBadSlow } as const;

/** The slow fault: the worker hangs after its CPU work, then carries on. */
function ranSlow(
  k: Kernel,
  self: number,
  spec: AppServerSpec,
  state: AppServerState,
  exchange: Exchange,
): void {
  if (!state.working.has(exchange)) return; // its worker was stopped by a reload
  k.later(self, spec.slowStallMs, queryDatabase, spec, state, exchange);
}

/** The worker's code ran: it queries the database (or answers 404 / 500 at once). */
function queryDatabase(
  k: Kernel,
  self: number,
  spec: AppServerSpec,
  state: AppServerState,
  exchange: Exchange,
): void {
  if (!state.working.has(exchange)) return; // its worker was stopped by a reload
  const write = isWrite(spec, exchange);
  if (!write && !spec.routes.includes(uriOf(exchange.path))) {
    answer(k, self, spec, state, exchange, 404);
    return;
  }
  // Writes go to the primary; reads to the replica when the code is configured so.
  const address =
    !write && spec.readFrom === "replica" && spec.replica !== undefined
      ? spec.replica
      : spec.database;
  // Memoized and fixed with the topology: the same answer as when the request started.
  const database = k.topology.resolveAddress(self, address);
  if (database === undefined) {
    answer(k, self, spec, state, exchange, 500, `no database answers at ${address}`);
    return;
  }
  const sql = write ? (spec.writes as { query: string }).query : spec.query;
  k.send(
    self,
    database,
    { type: "sql.query", exchange, sql, write },
    "sql.query",
    HopKind.Sql,
    exchange.request,
    sql,
  );
  if (spec.dbConnectTimeoutMs !== undefined) {
    state.dbWaits ??= new Map();
    state.dbWaits.set(
      exchange,
      k.after(self, spec.dbConnectTimeoutMs, dbTimedOut, spec, state, exchange),
    );
  }
}

/** The page is rendered: it goes back. */
function rendered(
  k: Kernel,
  self: number,
  spec: AppServerSpec,
  state: AppServerState,
  exchange: Exchange,
): void {
  if (!state.working.has(exchange)) return; // its worker was stopped by a reload
  answer(k, self, spec, state, exchange, 200);
}

/** The body of a good page of each code version, built once: a body is never changed once sent. */
const pageBodies = new WeakMap<AppServerSpec, Map<string, PageBody>>();
function pageBody(spec: AppServerSpec, version: string): PageBody {
  let bodies = pageBodies.get(spec);
  if (!bodies) {
    bodies = new Map();
    pageBodies.set(spec, bodies);
  }
  let body = bodies.get(version);
  if (!body) {
    body = {
      origin: "app",
      version,
      links: spec.pageLinks,
      bytes: spec.pageBytes,
      contentType: "text/html",
    };
    if (bodies.size < 64) bodies.set(version, body);
  }
  return body;
}

/** A page's summary, declared once: it reads the message (see HopInfo.summary). */
function pageSummary(msg: Message): string {
  const { status, reason, body } = msg as Extract<Message, { type: "http.response" }>;
  return `FastCGI STDOUT: Status ${status} ${reason} (text/html, ${formatBytes(body.bytes)}, ${body.version}), END_REQUEST`;
}

/** The site's error pages use its layout, so they link its stylesheet (and only that). */
function errorPageLinks(spec: AppServerSpec): readonly string[] {
  let links = errorLinks.get(spec);
  if (!links) {
    links = Object.freeze(spec.pageLinks.filter((l) => l.endsWith(".css")));
    errorLinks.set(spec, links);
  }
  return links;
}
const errorLinks = new WeakMap<AppServerSpec, readonly string[]>();

function answer(
  k: Kernel,
  self: number,
  spec: AppServerSpec,
  state: AppServerState,
  exchange: Exchange,
  status: 200 | 404 | 500,
  error = "no database is configured",
  /** The code itself failed (a bad release), not the database. */
  codeFailed = false,
): void {
  state.working.delete(exchange);
  state.served++;
  const version = k.codeVersion(self);
  const ok = status === 200;
  const reason = ok ? "OK" : status === 404 ? "Not Found" : "Internal Server Error";
  const bytes = ok ? spec.pageBytes : 900;
  // Only an error page says why (built only then: most pages are fine).
  const why = ok
    ? ""
    : status === 404
      ? `The application has no page at ${exchange.path} and answered 404.`
      : codeFailed
        ? `The code of ${version} failed on this page (${error}), so PHP-FPM answered 500 and Nginx passed it on.`
        : isWrite(spec, exchange)
          ? `The application could not save the comment in MySQL (${error}) and answered 500.`
          : `The application could not get its data from MySQL (${error}) and answered 500.`;
  k.send(
    self,
    exchange.client,
    {
      type: "http.response",
      exchange,
      status,
      reason,
      body: ok
        ? pageBody(spec, version)
        : {
            origin: "app",
            version,
            links: errorPageLinks(spec),
            bytes,
            contentType: "text/html",
            reason: why,
          },
    },
    "fastcgi.response",
    status === 500 ? HopKind.Error : HopKind.HttpResponse,
    exchange.request,
    pageSummary,
  );
  if (state.reloading) {
    // An old worker finishes its last request and quits; the last one lets the reload go on.
    if (state.working.size === 0) state.drained?.();
    return;
  }
  // The worker takes the oldest waiting connection whose request has arrived.
  for (let next = state.backlog.first; next !== undefined; next = next.linkNext) {
    if (next.arrived) {
      start(k, self, spec, state, next);
      return;
    }
  }
}
