import {
  type AppServerState,
  appServerBehaviour,
  appServerKilled,
  createAppServerState,
  reloadAppServer,
} from "../appServer";
import type { AppServerSpec } from "../types";
import type { KindDefinition } from "./definition";

/** The application server (PHP-FPM): it runs the site's code, which a deploy replaces. */
export const app: KindDefinition<AppServerSpec, AppServerState> = {
  kind: "app",
  initialState: createAppServerState,
  behaviour: appServerBehaviour,
  killed: appServerKilled,
  settings: {
    workers: { range: [1, 1_000], integer: true },
    cpuMs: { range: [0.1, 10_000] },
    listenBacklog: { range: [0, 100_000], integer: true },
    processControlTimeoutMs: { range: [0, 600_000] },
  },
  slow: { who: "the application server" },
  // Each page takes cpuMs + renderMs of a core; a worker is needed for each page at once.
  pagesPerSecond: (spec, cores) =>
    (Math.min(cores, spec.workers) * 1000) / (spec.cpuMs + spec.renderMs),
  deploy: { role: "code", version: (spec) => spec.version, reload: reloadAppServer },
};
