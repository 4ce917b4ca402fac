import {
  createHaproxyState,
  type HaproxyState,
  haproxyBehaviour,
  haproxyKilled,
  haproxyStarted,
  poolOf,
  setServerState,
  setServerWeight,
} from "../haproxy";
import { createBalancer } from "../lb/balance";
import type { HaproxySpec } from "../types";
import { shown } from "../validate";
import type { KindDefinition } from "./definition";

/** HAProxy 3.4 LTS: the load balancer in front of the web servers, with its health checks. */
export const haproxy: KindDefinition<HaproxySpec, HaproxyState> = {
  kind: "haproxy",
  initialState: createHaproxyState,
  behaviour: haproxyBehaviour,
  killed: haproxyKilled,
  started: haproxyStarted,
  balancer: {
    servers: (k, self, _spec, state) => poolOf(k, self, state),
    checks: (spec) => ({
      interMs: spec.interMs,
      fall: spec.fall,
      rise: spec.rise,
      http: spec.check === "http",
    }),
    backend: (spec) => spec.backend,
  },
  settings: {
    timeoutConnectMs: { range: [1, 600_000] },
    timeoutServerMs: { range: [1, 3_600_000] },
    retries: { range: [0, 100], integer: true },
  },
  commands: {
    /**
     * `set server web/web1 state drain`: { name: "web1", state: "drain" };
     * `set server web/web1 weight 10`: { name: "web1", weight: 10 }.
     */
    server(c, argument) {
      const a = (typeof argument === "object" && argument !== null ? argument : {}) as {
        name?: unknown;
        state?: unknown;
        weight?: unknown;
      };
      if (Object.hasOwn(a, "weight"))
        return setServerWeight(c.k, c.self, c.spec, c.state, a.name, a.weight, c.note) as
          | { ok: true; message: string }
          | { ok: false; message: string };
      return setServerState(c.k, c.self, c.spec, c.state, a.name, a.state, c.note) as
        | { ok: true; message: string }
        | { ok: false; message: string };
    },
    /** The health check: "tcp" (`check`) or "http" (`option httpchk GET /health`). */
    check(c, argument) {
      if (argument !== "tcp" && argument !== "http")
        return { ok: false, message: `The check is tcp or http, not ${shown(argument)}.` };
      if (c.spec.check === argument)
        return { ok: false, message: `${c.spec.label} already uses the ${argument} check.` };
      c.setSpec({ ...c.spec, check: argument });
      c.state.checkType = argument;
      c.note(
        argument === "http"
          ? `${c.spec.label}: option httpchk GET /health (an HTTP check: 2xx or 3xx is good)`
          : `${c.spec.label}: plain TCP check (a connect is enough)`,
      );
      return { ok: true, message: `${c.spec.label} now uses the ${argument} check.` };
    },
    /** `balance roundrobin` or `balance leastconn`. */
    algorithm(c, argument) {
      if (argument !== "roundrobin" && argument !== "leastconn")
        return {
          ok: false,
          message: `The algorithm is roundrobin or leastconn, not ${shown(argument)}.`,
        };
      if (c.spec.algorithm === argument)
        return { ok: false, message: `${c.spec.label} already uses balance ${argument}.` };
      c.setSpec({ ...c.spec, algorithm: argument });
      c.state.algorithm = argument;
      c.state.balancer = createBalancer(argument);
      c.note(`${c.spec.label}: balance ${argument}`);
      return { ok: true, message: `${c.spec.label} now uses balance ${argument}.` };
    },
  },
};
