import type { AutoscalingPolicy, ComponentSpec, LinkSpec, Topology } from "../engine";
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
  /** Read replicas of the database (0 to 2): see withReadReplicas. */
  readReplicas?: number;
}): Topology {
  const base = withReadReplicas(
    distributedTopology({ webServers: MAX_WEB_SERVERS, database: "single" }),
    options.readReplicas ?? 0,
  );
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

/** The most read replicas `withReadReplicas` adds. */
export const MAX_READ_REPLICAS = 2;

/** Ids of read replica `k` (1-based): its machine and its MySQL. */
export function replicaIds(k: number): { host: string; mysql: string; ip: string } {
  return { host: `db-r${k}`, mysql: `mysql-r${k}`, ip: `10.0.0.${21 + k}` };
}

/**
 * The database server's MySQL (`mysql` on `db`, 10.0.0.21) as a primary with `count` read
 * replicas, each on a machine of its own (`db-r1` 10.0.0.22, `db-r2` 10.0.0.23) fetching its
 * binary log. Every web server writes (the comment's INSERT) to the primary and reads (the
 * page's SELECT) from one replica, web servers taking them in turn (web1 db-r1, web2 db-r2,
 * web3 db-r1…): how an application's configuration lists a replica per server. Real setups
 * often put a proxy (ProxySQL, MySQL Router) in between; this skips it.
 */
export function withReadReplicas(topology: Topology, count: number): Topology {
  if (!Number.isInteger(count) || count < 0 || count > MAX_READ_REPLICAS)
    throw new RangeError(
      `readReplicas must be a whole number from 0 to ${MAX_READ_REPLICAS}, not ${count}`,
    );
  if (count === 0) return topology;
  const primary = topology.components.find((c) => c.id === "mysql");
  const db = topology.components.find((c) => c.id === "db");
  if (primary?.kind !== "mysql" || db?.kind !== "host")
    throw new Error("withReadReplicas needs the database server's MySQL (mysql on db)");
  const replicas = Array.from({ length: count }, (_, i) => replicaIds(i + 1));
  let appIndex = 0;
  const components = topology.components.flatMap((c): ComponentSpec[] => {
    if (c.id === "mysql") return [{ ...primary, role: "primary" }];
    if (c.kind === "app") {
      const r = replicas[appIndex++ % count] as (typeof replicas)[number];
      return [{ ...c, replica: `${r.ip}:3306`, readFrom: "replica" }];
    }
    return [c];
  });
  for (const [i, r] of replicas.entries()) {
    components.push(
      {
        ...db,
        id: r.host,
        label: `Replica ${i + 1} ${r.ip}`,
        ip: r.ip,
      },
      {
        ...primary,
        id: r.mysql,
        label: `MySQL (${r.host})`,
        host: r.host,
        role: "replica",
        source: "mysql",
        applyMs: 1,
      },
    );
  }
  const sqlLink = topology.links.find((l) => l.b === "mysql") as LinkSpec;
  const links: LinkSpec[] = [...topology.links];
  appIndex = 0;
  for (const c of topology.components) {
    if (c.kind !== "app") continue;
    const k = (appIndex++ % count) + 1;
    const r = replicaIds(k);
    links.push({
      ...sqlLink,
      id: `${c.id}-${r.mysql}`,
      a: c.id,
      b: r.mysql,
      label: `LAN · ${r.ip}:3306`,
    });
  }
  for (const r of replicas)
    links.push({
      ...sqlLink,
      id: `replication-${r.host}`,
      a: r.mysql,
      b: "mysql",
      label: "LAN · replication from 10.0.0.21:3306",
    });
  return { ...topology, components, links };
}

const quiet = { kill: [], slow: [], settings: [] } as const;

/** PHP-FPM's pm.max_children in the db-bottleneck scene: 20 on each of ten servers, 200 in all. */
export const DB_BOTTLENECK_WORKERS = 20;

/** The db-bottleneck and read-replicas scenes' settings: every server's pool at that size. */
const BIG_POOLS = Array.from({ length: MAX_WEB_SERVERS }, (_, i) => ({
  component: webServerIds(i + 1).app,
  setting: "workers",
  value: DB_BOTTLENECK_WORKERS,
}));

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
      "Ten web servers behind HAProxy under 900 visits per second: together they could serve about 1,400 pages a second, but every page's query goes to one MySQL on a database server with 2 cores, and a query takes about 3 ms of its CPU: about 690 queries a second, whatever the number of web servers. The database server's CPU is full (2/2) and queries wait; each PHP worker keeps its connection open while its query waits, and with pm.max_children = 20 on each server (200 in all) the connections reach MySQL's max_connections, 151: the next one gets ERROR 1040 (HY000): Too many connections, and its page is a 500. About 200 visits a second fail, and adding web servers would only add connections. Two cures. Vertical: give the database server more cores (8, in its details: a real resize stops and starts the machine, which this skips), and every visit loads. Or take the reads off it with read replicas: the read-replicas scene.",
    speed: "10",
    ...quiet,
    settings: BIG_POOLS,
    rps: 900,
    opening: "none",
  },
  {
    id: "read-replicas",
    architecture: "read-replicas",
    title: "Read replicas take the reads",
    explanation:
      "The db-bottleneck scene's ten web servers and 900 visits per second, with two read replicas of the database (db-r1 10.0.0.22 and db-r2 10.0.0.23, each a MySQL on a 2-core machine fetching the primary's binary log). Every page's SELECT now goes to a replica, the web servers taking them in turn (web1 db-r1, web2 db-r2…); only the comments' INSERTs, one visit in ten, go to the primary. Each replica answers about 400 queries a second, the primary about 90 writes, and no one reaches max_connections: every visit loads. The price: a replica is a few milliseconds behind the primary (its lag), so a comment just posted may not show on the next page yet, and the primary is still one machine, a single point of failure for writes. The app here has one replica per web server in its configuration; real setups often put a proxy (ProxySQL, MySQL Router) in between, which this skips.",
    speed: "10",
    ...quiet,
    settings: BIG_POOLS,
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
