import type { AutoscalingPolicy, ComponentSpec, Topology } from "../engine";
import type { Scene } from "./catalog";
import { distributedTopology, MAX_WEB_SERVERS, webServerIds } from "./distributed";

/** From launch to serving: a cloud instance boots its OS and starts Nginx and PHP-FPM (ms). */
export const SCALING_BOOT_MS = 60_000;

/** The autoscale-surge scene's policy: 60 % CPU, 2 to 10 servers, cooldowns 30 s out, 60 s in. */
export const SURGE_POLICY: AutoscalingPolicy = {
  targetCpu: 60,
  min: 2,
  max: MAX_WEB_SERVERS,
  scaleOutCooldownMs: 30_000,
  scaleInCooldownMs: 60_000,
};

/**
 * The load-balanced stack as a scaling group: HAProxy in front of up to ten web server slots
 * (10.0.0.11 to .20) and one MySQL on a database server of its own (`db`, 10.0.0.21), since
 * servers that come and go must not hold the data. The first `initial` servers run; the others
 * are powered off and `disabled` (MAINT) in HAProxy. Every server line has `init-state
 * fully-down` (HAProxy 3.1+): a server that leaves maintenance gets traffic only after `rise` (2)
 * good checks, 2 s apart. With `autoscaling`, the target-tracking policy is on from the start.
 */
export function scalingTopology(options: {
  initial: number;
  autoscaling?: AutoscalingPolicy;
}): Topology {
  const base = distributedTopology({ webServers: MAX_WEB_SERVERS, database: "single" });
  const components = base.components.map((c): ComponentSpec => {
    if (c.kind !== "haproxy") return c;
    return {
      ...c,
      servers: c.servers.map((s, i) => ({
        ...s,
        initState: "fully-down" as const,
        ...(i >= options.initial ? { disabled: true } : {}),
      })),
    };
  });
  const slots = Array.from({ length: MAX_WEB_SERVERS }, (_, i) => {
    const host = webServerIds(i + 1).host;
    return { host, server: host };
  });
  return {
    ...base,
    components,
    scaling: {
      haproxy: "haproxy",
      slots,
      initial: options.initial,
      bootMs: SCALING_BOOT_MS,
      ...(options.autoscaling ? { autoscaling: options.autoscaling } : {}),
    },
  };
}

const quiet = { kill: [], slow: [], settings: [] } as const;

/** PHP-FPM's pm.max_children in the db-bottleneck scene: 20 on each of ten servers, 200 in all. */
export const DB_BOTTLENECK_WORKERS = 20;

/** The scenes of scaling out (README's scene table). */
export const SCALING_SCENES: readonly Scene[] = [
  {
    id: "scale-out",
    architecture: "scale-group",
    title: "Scaling out by hand",
    explanation:
      "HAProxy in front of two web servers, and a database server of its own: 350 visits per second, more than two servers can serve (each has 2 cores and a page takes about 14 ms of CPU: about 143 pages a second per server, 286 for two). Pages get slower and slower as PHP-FPM's queue grows, then Nginx runs out of connections and HAProxy answers 502. Press Add a web server: the new machine takes about 60 s to boot and start Nginx and PHP-FPM, then HAProxy checks it (init-state fully-down: 2 good checks, 2 s apart) before it sends it any visit. With three servers the errors stop. Remove drains a server first (no new requests, those under way finish), then powers it off. A bigger server does the same by other means: raise a web server's cores in its details (a real resize needs a stop and a start). Either way, every server shares one database: its 2 cores and max_connections bound what any number of web servers can do.",
    speed: "10",
    ...quiet,
    rps: 350,
    opening: "none",
  },
  {
    id: "db-bottleneck",
    architecture: "scale-ten",
    title: "The database, the next bottleneck",
    explanation:
      "Ten web servers behind HAProxy under 900 visits per second: together they could serve about 1,400 pages a second, but every page's query goes to one MySQL on a database server with 2 cores, and a query takes about 3 ms of its CPU: about 690 queries a second, whatever the number of web servers. The database server's CPU is full (2/2) and queries wait; each PHP worker keeps its connection open while its query waits, and with pm.max_children = 20 on each server (200 in all) the connections reach MySQL's max_connections, 151: the next one gets ERROR 1040 (HY000): Too many connections, and its page is a 500. About 200 visits a second fail, and adding web servers would only add connections. Two cures. Vertical: give the database server more cores (8, in its details: a real resize stops and starts the machine, which this skips), and every visit loads. Or take reads off the primary with read replicas, as the load-balanced stack's replicated design does (its web servers read from the replica).",
    speed: "10",
    ...quiet,
    settings: Array.from({ length: MAX_WEB_SERVERS }, (_, i) => ({
      component: webServerIds(i + 1).app,
      setting: "workers",
      value: DB_BOTTLENECK_WORKERS,
    })),
    rps: 900,
    opening: "none",
  },
  {
    id: "autoscale-surge",
    architecture: "autoscaling",
    title: "Autoscaling through a surge",
    explanation:
      "Two web servers behind HAProxy under 100 visits per second, and an autoscaler with a target-tracking policy: keep the average CPU near 60 %, between 2 and 10 servers. After 30 s of calm the traffic surges ×5 for three minutes. The two servers are overwhelmed: pages slow down, then errors. Every 10 s the autoscaler reads the average CPU of the last 30 s and asks for ceil(servers × CPU / 60 %) servers; new ones take about 60 s to boot and 2 good health checks to join, so the surge hurts first. Then they arrive, the errors stop, and after the surge the servers leave one by one (one a minute: scale-in is slow on purpose). The chart shows servers, demand against capacity, and the cost in server-minutes.",
    speed: "10",
    ...quiet,
    rps: 100,
    opening: "surge",
    calmMs: 30_000,
    surge: { factor: 5, holdMs: 180_000, easeMs: 30_000 },
  },
];
