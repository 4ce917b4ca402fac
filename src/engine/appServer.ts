import type { Behaviour, Kernel } from "./kernel";
import type { Exchange } from "./messages";
import { formatBytes } from "./nginx";
import { type AppServerSpec, HopKind } from "./types";

export interface AppServerState {
  /** Workers handling a request now. */
  busy: number;
  /** Requests accepted but waiting for a free worker (the listen backlog). */
  backlog: Exchange[];
  /** Requests answered since start. */
  served: number;
}

export function createAppServerState(): AppServerState {
  return { busy: 0, backlog: [], served: 0 };
}

/**
 * An application server with a pool of synchronous workers (Gunicorn, PHP-FPM):
 * each worker runs the code for one request at a time, queries the database,
 * renders the HTML and answers.
 */
export const appServerBehaviour =
  (spec: AppServerSpec): Behaviour<AppServerState> =>
  (k, self, state, _from, msg) => {
    if (msg.type === "http.request") {
      if (state.busy < spec.workers) start(k, self, spec, state, msg.exchange);
      else state.backlog.push(msg.exchange);
    } else if (msg.type === "sql.result") {
      k.note(
        self,
        "app.render",
        `${msg.rows} rows back: render the HTML template`,
        msg.exchange.request,
      );
      k.after(k.vary(spec.renderMs), () => finish(k, self, spec, state, msg.exchange));
    }
  };

function start(
  k: Kernel,
  self: number,
  spec: AppServerSpec,
  state: AppServerState,
  exchange: Exchange,
): void {
  state.busy++;
  k.note(
    self,
    "app.run",
    `a worker (${state.busy} of ${spec.workers} busy) runs ${spec.entryPoint} (code ${spec.version})`,
    exchange.request,
  );
  const database = k.topology.resolveAddress(self, spec.database);
  k.after(k.vary(spec.cpuMs), () => {
    if (database === undefined) return finish(k, self, spec, state, exchange);
    k.send(
      self,
      database,
      { type: "sql.query", exchange, sql: spec.query },
      { step: "sql.query", kind: HopKind.Sql, summary: spec.query, request: exchange.request },
    );
  });
}

function finish(
  k: Kernel,
  self: number,
  spec: AppServerSpec,
  state: AppServerState,
  exchange: Exchange,
): void {
  state.busy--;
  state.served++;
  k.send(
    self,
    exchange.client,
    {
      type: "http.response",
      exchange,
      status: 200,
      reason: "OK",
      body: {
        version: spec.version,
        links: spec.pageLinks,
        bytes: spec.pageBytes,
        contentType: "text/html",
      },
    },
    {
      step: "http.response.upstream",
      kind: HopKind.HttpResponse,
      summary: `HTTP/1.1 200 OK (text/html, ${formatBytes(spec.pageBytes)}, ${spec.version})`,
      request: exchange.request,
    },
  );
  const next = state.backlog.shift();
  if (next) start(k, self, spec, state, next);
}
