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
  deploy: { role: "code", version: (spec) => spec.version, reload: reloadAppServer },
};
