import type { HaproxySpec, Topology } from "../engine";
import type { Scene } from "./catalog";
import { distributedTopology } from "./distributed";

/** The distributed stack with HAProxy's spec changed (`check`, the servers' lines). */
function withHaproxy(t: Topology, change: (h: HaproxySpec) => Partial<HaproxySpec>): Topology {
  return {
    ...t,
    components: t.components.map((c) => (c.kind === "haproxy" ? { ...c, ...change(c) } : c)),
  };
}

/**
 * Two web servers behind HAProxy with the HTTP check (`option httpchk GET /health`, which the
 * code answers): a deploy that breaks the code fails the check. For the rolling deploy.
 */
export function httpCheckTopology(webServers = 2): Topology {
  return withHaproxy(distributedTopology({ webServers }), () => ({ check: "http" }));
}

/**
 * Blue-green: four web servers, web1 and web2 (blue) serving, web3 and web4 (green) idle in
 * maintenance (`server web3 … check disabled`), all running the same code; the HTTP check.
 * A blue-green deploy puts the new code on the idle half and switches.
 */
export function blueGreenTopology(): Topology {
  return withHaproxy(distributedTopology({ webServers: 4 }), (h) => ({
    check: "http",
    servers: h.servers.map((s, i) => (i >= 2 ? { ...s, disabled: true } : s)),
  }));
}

const calm = { kill: [], slow: [], settings: [] } as const;

/** The deploy scenes (issue 15): each with steady traffic and a deploy as its opening. */
export const DEPLOY_SCENES: readonly Scene[] = [
  {
    id: "rolling-deploy",
    architecture: "rolling",
    title: "A rolling deploy",
    explanation:
      "Twenty visits per second through HAProxy to web1 and web2, which it checks over HTTP (option httpchk GET /health, answered by the code). A rolling deploy of v2 takes one server at a time out of the pool: set server web/web1 state drain (no new requests; those in flight finish), then upload and restart there, then it waits until two health checks in a row pass (rise 2, one every 2 s), puts web1 back (state ready) and does the same with web2. The other server carries every visit meanwhile, so no visit fails; for a while web1 serves v2 while web2 still serves v1: the browser view and the log say which version served each page. Deploy a bad release (Bad: 500s) and the rollout stops at web1, whose /health answers 500: no visitor ever sees it. Roll back to put v1 back.",
    speed: "1",
    ...calm,
    rps: 20,
    opening: "deploy",
    deploy: { strategy: "rolling", release: "good" },
  },
  {
    id: "blue-green",
    architecture: "blue-green",
    title: "A blue-green deploy",
    explanation:
      "Four web servers: web1 and web2 (blue) serve twenty visits per second; web3 and web4 (green) run the same code but are idle, in maintenance in HAProxy. A blue-green deploy uploads v2 to green and restarts it there while blue serves, lets green's health checks run (state drain: checked, no traffic), and once they pass switches at once: green ready, blue maint. Requests under way on blue finish; no visit fails. Blue keeps v1, ready: Roll back switches back at once. The price is a second set of servers that does nothing most of the time.",
    speed: "1",
    ...calm,
    rps: 20,
    opening: "deploy",
    deploy: { strategy: "blue-green", release: "good" },
  },
  {
    id: "bad-canary",
    architecture: "distributed",
    title: "A bad release caught by a canary",
    explanation:
      "Twenty visits per second through HAProxy to web1 and web2, checked with a plain TCP connection. A canary deploy of v2, a bad release whose PHP code throws on every page it renders (PHP Fatal error … bootstrap.php: PHP-FPM answers 500, Nginx passes it on; static files still load): web1 is drained, gets v2, passes its TCP checks (Nginx accepts connections: the check cannot see the code), then serves about 10 % of new requests (set server web/web1 weight 10, web2 weight 90). About one visit in ten fails while the canary is judged, for 30 s; then the canary's error share (far above 1 %) stops the rollout: web1 is drained and v2 goes no further. The other 90 % of visitors never notice. Press Roll back to put v1 back on web1. An all-at-once deploy of the same release would have failed every page.",
    speed: "1",
    ...calm,
    rps: 20,
    opening: "deploy",
    deploy: { strategy: "canary", release: "bad-500" },
  },
];
