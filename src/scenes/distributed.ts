import type { ComponentSpec, LinkSpec, Topology } from "../engine";
import { oneServerTopology } from "./oneServer";

/** Component ids of the distributed stack that do not depend on the number of web servers. */
export const DISTRIBUTED_IDS = {
  browser: "browser",
  resolver: "resolver",
  root: "root",
  tld: "tld",
  auth: "auth",
  lb: "lb",
  haproxy: "haproxy",
  db: "db",
  mysql: "mysql",
  users: "users",
} as const;

/**
 * Ids of web server `n` (1-based): its machine, its Nginx, its application server, and the MySQL
 * it runs in the replicated design (web1's is the primary, web2's the replica).
 */
export function webServerIds(n: number): {
  host: string;
  nginx: string;
  app: string;
  mysql: string;
} {
  return { host: `web${n}`, nginx: `web${n}-nginx`, app: `web${n}-app`, mysql: `web${n}-mysql` };
}

/** The page that writes: a comment form POSTs here, and the code INSERTs it. */
export const COMMENT_WRITE = {
  path: "/comment",
  query: "INSERT INTO comments (post_id, author, body) VALUES (42, 'ana', 'Nice post!')",
} as const;

/** The share of the distributed stack's traffic that writes (posts a comment) at first. */
export const DISTRIBUTED_WRITE_SHARE = 0.1;

/** The most web servers `distributedTopology` builds. */
export const MAX_WEB_SERVERS = 10;

const ids = DISTRIBUTED_IDS;

function fromOneServer<K extends ComponentSpec["kind"]>(
  id: string,
): Extract<ComponentSpec, { kind: K }> {
  const spec = oneServerTopology.components.find((c) => c.id === id);
  if (!spec) throw new Error(`oneServerTopology has no ${id}`);
  return spec as Extract<ComponentSpec, { kind: K }>;
}

/**
 * The classic distributed design: DNS points foobar.com at the load balancer (8.8.8.8, host
 * `lb` running HAProxy 3.4 with `balance roundrobin` and a TCP check), which spreads requests
 * over `webServers` web servers (10.0.0.11, .12, …: each a machine with Nginx and PHP-FPM, the
 * same code). With two or more, MySQL's primary runs on web1 and its asynchronous replica on
 * web2 (the table): the code writes (a POST of a comment, 10 % of the traffic) to the
 * primary and reads from the replica. With `database: "single"` (and with one web server), one
 * MySQL on `db` (10.0.0.21:3306). Browsers, DNS servers and the Internet are those of the
 * one-server stack; LAN links take about 0.2 ms.
 */
export function distributedTopology(options: {
  webServers: number;
  /**
   * `replicated` (the default from two web servers on): MySQL primary on web1 (10.0.0.11:3306)
   * and its replica on web2 (10.0.0.12:3306), writes to the primary, reads from the replica.
   * `single`: one MySQL on a database server of its own, `db` (10.0.0.21:3306).
   */
  database?: "replicated" | "single";
}): Topology {
  const n = options.webServers;
  if (!Number.isInteger(n) || n < 1 || n > MAX_WEB_SERVERS)
    throw new RangeError(
      `webServers must be a whole number from 1 to ${MAX_WEB_SERVERS}, not ${n}`,
    );
  const database = options.database ?? (n >= 2 ? "replicated" : "single");
  if (database !== "replicated" && database !== "single")
    throw new RangeError(`database is replicated or single, not ${String(database)}`);
  if (database === "replicated" && n < 2)
    throw new RangeError("a replicated database needs two web servers: the replica runs on web2");
  const replicated = database === "replicated";
  const nginx = fromOneServer<"nginx">("nginx");
  const app = fromOneServer<"app">("app");
  const mysql = fromOneServer<"mysql">("mysql");
  const users = fromOneServer<"browser">("users");
  const auth = fromOneServer<"nameserver">("auth");
  const web = Array.from({ length: n }, (_, i) => ({
    n: i + 1,
    ip: `10.0.0.${11 + i}`,
    ...webServerIds(i + 1),
  }));

  const components: ComponentSpec[] = [
    fromOneServer("browser"),
    fromOneServer("resolver"),
    fromOneServer("root"),
    fromOneServer("tld"),
    // foobar.com A 8.8.8.8: the load balancer's address (unchanged from the one-server stack).
    { ...auth },
    { kind: "host", id: ids.lb, label: "Load balancer 8.8.8.8", ip: "8.8.8.8", cores: 2 },
    {
      kind: "haproxy",
      id: ids.haproxy,
      label: "HAProxy",
      host: ids.lb,
      port: 80,
      backend: "web",
      servers: web.map((w) => ({ name: w.host, address: `${w.ip}:80` })),
      algorithm: "roundrobin",
      check: "tcp",
      interMs: 2_000,
      fall: 3,
      rise: 2,
      retries: 3,
      redispatch: false,
      timeoutConnectMs: 5_000,
      timeoutServerMs: 50_000,
    },
    ...web.flatMap((w): ComponentSpec[] => [
      { kind: "host", id: w.host, label: `Web server ${w.n} ${w.ip}`, ip: w.ip, cores: 2 },
      { ...nginx, id: w.nginx, label: `Nginx (web${w.n})`, host: w.host },
      {
        ...app,
        id: w.app,
        label: `Application server (web${w.n})`,
        host: w.host,
        routes: [...app.routes, "/health"],
        writes: COMMENT_WRITE,
        // php.ini's default_socket_timeout: how long a connect to a switched-off host waits.
        dbConnectTimeoutMs: 60_000,
        ...(replicated
          ? { database: PRIMARY, replica: REPLICA, readFrom: "replica" as const }
          : { database: "10.0.0.21:3306" }),
      },
      ...(replicated && w.n <= 2
        ? [
            {
              ...mysql,
              id: w.mysql,
              label: `MySQL (web${w.n})`,
              host: w.host,
              // Listens on every address (bind-address = 0.0.0.0): reached over the LAN.
              bind: undefined,
              writeMs: 2,
              applyMs: 1,
              ...(w.n === 1
                ? { role: "primary" as const }
                : { role: "replica" as const, source: webServerIds(1).mysql }),
            },
          ]
        : []),
    ]),
    ...(replicated
      ? []
      : ([
          {
            kind: "host",
            id: ids.db,
            label: "Database server 10.0.0.21",
            ip: "10.0.0.21",
            cores: 2,
          },
          // Listens on every address (bind-address = 0.0.0.0): the web servers reach it over the LAN.
          { ...mysql, id: ids.mysql, label: "MySQL", host: ids.db, bind: undefined, writeMs: 2 },
        ] satisfies ComponentSpec[])),
    { ...users },
  ];

  const lan = (id: string, a: string, b: string, label: string): LinkSpec => ({
    id,
    a,
    b,
    latencyMs: 0.2,
    jitter: 0.1,
    label,
  });
  const dnsLinks = oneServerTopology.links.filter((l) => l.label === "UDP 53");
  const internet = oneServerTopology.links.find((l) => l.id === "browser-nginx") as LinkSpec;
  const loopback = oneServerTopology.links.find((l) => l.id === "nginx-app") as LinkSpec;
  const links: LinkSpec[] = [
    ...dnsLinks,
    { ...internet, id: "browser-haproxy", a: ids.browser, b: ids.haproxy },
    { ...internet, id: "users-haproxy", a: ids.users, b: ids.haproxy },
    ...web.flatMap((w) => [
      lan(`haproxy-${w.nginx}`, ids.haproxy, w.nginx, `LAN · ${w.ip}:80 · HTTP`),
      { ...loopback, id: `${w.nginx}-${w.app}`, a: w.nginx, b: w.app },
      ...(replicated
        ? [1, 2].map((m) => {
            const db = webServerIds(m);
            const address = m === 1 ? PRIMARY : REPLICA;
            // Its own machine's MySQL is reached through the kernel's loopback.
            return m === w.n
              ? { ...loopback, id: `${w.app}-${db.mysql}`, a: w.app, b: db.mysql, label: address }
              : lan(`${w.app}-${db.mysql}`, w.app, db.mysql, `LAN · ${address}`);
          })
        : [lan(`${w.app}-mysql`, w.app, ids.mysql, "LAN · 10.0.0.21:3306")]),
    ]),
    ...(replicated
      ? [
          lan(
            "replication",
            webServerIds(2).mysql,
            webServerIds(1).mysql,
            `LAN · replication from ${PRIMARY}`,
          ),
        ]
      : []),
  ];
  return {
    keepaliveTimeoutMs: oneServerTopology.keepaliveTimeoutMs,
    deploy: oneServerTopology.deploy,
    writes: { share: DISTRIBUTED_WRITE_SHARE, path: COMMENT_WRITE.path },
    components,
    links,
  };
}

/** The replicated design's primary (web1) and replica (web2). */
const PRIMARY = "10.0.0.11:3306";
const REPLICA = "10.0.0.12:3306";

/** The distributed stack with two web servers, `web1` and `web2`. */
export const distributed: Topology = distributedTopology({ webServers: 2 });
