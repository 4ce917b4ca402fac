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

/** Ids of web server `n` (1-based): its machine, its Nginx and its application server. */
export function webServerIds(n: number): { host: string; nginx: string; app: string } {
  return { host: `web${n}`, nginx: `web${n}-nginx`, app: `web${n}-app` };
}

/** The most web servers `distributedTopology` builds. */
export const MAX_WEB_SERVERS = 8;

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
 * same code), whose code reaches one MySQL on `db` (10.0.0.21:3306) over the LAN. Browsers,
 * DNS servers and the Internet are those of the one-server stack; LAN links take about 0.2 ms.
 * (One MySQL for now: the replica comes next, on a host of its own.)
 */
export function distributedTopology(options: { webServers: number }): Topology {
  const n = options.webServers;
  if (!Number.isInteger(n) || n < 1 || n > MAX_WEB_SERVERS)
    throw new RangeError(
      `webServers must be a whole number from 1 to ${MAX_WEB_SERVERS}, not ${n}`,
    );
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
        database: "10.0.0.21:3306",
        routes: [...app.routes, "/health"],
      },
    ]),
    { kind: "host", id: ids.db, label: "Database server 10.0.0.21", ip: "10.0.0.21", cores: 2 },
    // Listens on every address (bind-address = 0.0.0.0): the web servers reach it over the LAN.
    { ...mysql, id: ids.mysql, label: "MySQL", host: ids.db, bind: undefined },
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
      lan(`${w.app}-mysql`, w.app, ids.mysql, "LAN · 10.0.0.21:3306"),
    ]),
  ];
  return {
    keepaliveTimeoutMs: oneServerTopology.keepaliveTimeoutMs,
    deploy: oneServerTopology.deploy,
    components,
    links,
  };
}

/** The distributed stack with two web servers, `web1` and `web2`. */
export const distributed: Topology = distributedTopology({ webServers: 2 });
