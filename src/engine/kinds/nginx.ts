import { createNginxState, type NginxState, nginxBehaviour, nginxKilled } from "../nginx";
import type { NginxSpec } from "../types";
import type { KindDefinition } from "./definition";

/** Nginx: the web server in front of PHP-FPM. */
export const nginx: KindDefinition<NginxSpec, NginxState> = {
  kind: "nginx",
  initialState: createNginxState,
  behaviour: nginxBehaviour,
  killed: nginxKilled,
  settings: {
    fastcgiConnectTimeoutMs: { range: [1_000, 600_000] },
    fastcgiReadTimeoutMs: { range: [1_000, 600_000] },
    workerConnections: { range: [1, 100_000], integer: true },
  },
  deploy: { role: "web" },
};
