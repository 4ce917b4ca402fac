import type { Behaviour, Kernel, KillHook } from "./kernel";
import { LinkedSet } from "./linkedSet";
import type { Exchange, Message, PageBody } from "./messages";
import { formatBytes } from "./nginx";
import { type AppServerSpec, HopKind } from "./types";

export interface AppServerState {
  /** Requests a worker is handling now. */
  working: LinkedSet<Exchange>;
  /** Requests accepted but waiting for a free worker (the listen backlog). */
  backlog: Exchange[];
  /** Requests answered since start. */
  served: number;
}

export function createAppServerState(): AppServerState {
  return { working: new LinkedSet(), backlog: [], served: 0 };
}

/**
 * An application server with a pool of synchronous workers (PHP-FPM, Gunicorn):
 * each worker runs the code for one request at a time, queries the database,
 * renders the HTML and answers. A database error becomes a 500 page.
 */
export const appServerBehaviour =
  (spec: AppServerSpec): Behaviour<AppServerState> =>
  (k, self, state, _from, msg) => {
    switch (msg.type) {
      case "http.request":
        if (state.working.size < spec.workers) start(k, self, spec, state, msg.exchange);
        else if (state.backlog.length < spec.listenBacklog) state.backlog.push(msg.exchange);
        else {
          // The listen queue is full: the connection is turned away.
          k.send(
            self,
            msg.exchange.client,
            { type: "upstream.error", exchange: msg.exchange, why: "refused" },
            "tcp.rst",
            HopKind.Error,
            msg.exchange.request,
            // No closure for an untraced hop: its summary is never read.
            msg.exchange.request.traced
              ? () => `RST: listen queue full (${spec.listenBacklog} waiting)`
              : "",
          );
        }
        return;
      case "sql.result":
        if (!state.working.has(msg.exchange)) return;
        if (msg.exchange.request.traced)
          k.note(
            self,
            "app.render",
            `${msg.rows} rows back: render the HTML template`,
            msg.exchange.request,
          );
        k.compute(self, k.vary(spec.renderMs), rendered, spec, state, msg.exchange);
        return;
      case "sql.error":
        if (!state.working.has(msg.exchange)) return;
        {
          const error =
            msg.why === "refused"
              ? "SQLSTATE[HY000] [2002] Connection refused"
              : msg.why === "too-many"
                ? "SQLSTATE[HY000] [1040] Too many connections"
                : "SQLSTATE[HY000] [2013] Lost connection to MySQL server during query";
          k.note(
            self,
            "sql.error",
            () => `${error}: the page cannot be built`,
            msg.exchange.request,
          );
          answer(k, self, spec, state, msg.exchange, 500, error);
        }
        return;
      default:
        return;
    }
  };

/** The app server stops: Nginx sees its connections closed without an answer. */
export const appServerKilled: KillHook<AppServerState> = (k, self, state) => {
  for (const exchange of [...state.working, ...state.backlog]) {
    k.send(
      self,
      exchange.client,
      { type: "upstream.error", exchange, why: "reset" },
      "tcp.rst",
      HopKind.Error,
      exchange.request,
      "RST (app server stopped)",
    );
  }
};

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
  k.compute(self, k.vary(spec.cpuMs), slow ? ranSlow : queryDatabase, spec, state, exchange);
}

/** The slow fault: the worker hangs after its CPU work, then carries on. */
function ranSlow(
  k: Kernel,
  self: number,
  spec: AppServerSpec,
  state: AppServerState,
  exchange: Exchange,
): void {
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
  if (!spec.routes.includes(exchange.path)) {
    answer(k, self, spec, state, exchange, 404);
    return;
  }
  // Memoized and fixed with the topology: the same answer as when the request started.
  const database = k.topology.resolveAddress(self, spec.database);
  if (database === undefined) {
    answer(k, self, spec, state, exchange, 500, `no database answers at ${spec.database}`);
    return;
  }
  k.send(
    self,
    database,
    { type: "sql.query", exchange, sql: spec.query },
    "sql.query",
    HopKind.Sql,
    exchange.request,
    spec.query,
  );
}

/** The page is rendered: it goes back. */
function rendered(
  k: Kernel,
  self: number,
  spec: AppServerSpec,
  state: AppServerState,
  exchange: Exchange,
): void {
  answer(k, self, spec, state, exchange, 200);
}

const NO_LINKS: readonly string[] = Object.freeze([]);

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
    body = { version, links: spec.pageLinks, bytes: spec.pageBytes, contentType: "text/html" };
    if (bodies.size < 64) bodies.set(version, body);
  }
  return body;
}

/** A page's summary, declared once: it reads the message (see HopInfo.summary). */
function pageSummary(msg: Message): string {
  const { status, reason, body } = msg as Extract<Message, { type: "http.response" }>;
  return `HTTP/1.1 ${status} ${reason} (text/html, ${formatBytes(body.bytes)}, ${body.version})`;
}

function answer(
  k: Kernel,
  self: number,
  spec: AppServerSpec,
  state: AppServerState,
  exchange: Exchange,
  status: 200 | 404 | 500,
  error = "no database is configured",
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
        : { version, links: NO_LINKS, bytes, contentType: "text/html", reason: why },
    },
    "http.response.upstream",
    status === 500 ? HopKind.Error : HopKind.HttpResponse,
    exchange.request,
    pageSummary,
  );
  const next = state.backlog.shift();
  if (next) start(k, self, spec, state, next);
}
