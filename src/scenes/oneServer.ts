import type { Topology } from "../engine";

/** Component ids of the one-server stack, shared by the canvas, the panels and the tests. */
export const ONE_SERVER_IDS = {
  browser: "browser",
  resolver: "resolver",
  root: "root",
  tld: "tld",
  auth: "auth",
  server: "server",
  nginx: "nginx",
  app: "app",
  mysql: "mysql",
} as const;

const ids = ONE_SERVER_IDS;

/**
 * The one-server web stack: a user's browser, the DNS hierarchy for foobar.com,
 * and the server 8.8.8.8 running Nginx, the application server and MySQL.
 *
 * Latencies: tens of ms across the internet, well under a millisecond over the
 * server's loopback; processing times of a small dynamic site.
 */
export const oneServerTopology: Topology = {
  keepaliveTimeoutMs: 75_000,
  components: [
    {
      kind: "browser",
      id: ids.browser,
      label: "Your browser",
      resolver: "192.0.2.53",
      hostCacheSeconds: 60,
      maxConnectionsPerHost: 6,
      parseMs: 4,
    },
    {
      kind: "resolver",
      id: ids.resolver,
      label: "DNS resolver",
      ip: "192.0.2.53",
      rootHints: ["198.41.0.4"],
      processMs: 0.3,
    },
    {
      kind: "nameserver",
      id: ids.root,
      label: "Root server",
      ip: "198.41.0.4",
      zone: ".",
      processMs: 0.3,
      records: [
        { name: "com.", type: "NS", value: "a.gtld-servers.net.", ttl: 172800 },
        { name: "a.gtld-servers.net.", type: "A", value: "192.5.6.30", ttl: 172800 },
      ],
    },
    {
      kind: "nameserver",
      id: ids.tld,
      label: ".com TLD server",
      ip: "192.5.6.30",
      zone: "com.",
      processMs: 0.3,
      records: [
        { name: "foobar.com.", type: "NS", value: "ns1.foobar.com.", ttl: 172800 },
        { name: "ns1.foobar.com.", type: "A", value: "203.0.113.53", ttl: 172800 },
      ],
    },
    {
      kind: "nameserver",
      id: ids.auth,
      label: "ns1.foobar.com",
      ip: "203.0.113.53",
      zone: "foobar.com.",
      processMs: 0.3,
      records: [
        { name: "foobar.com.", type: "NS", value: "ns1.foobar.com.", ttl: 86400 },
        { name: "ns1.foobar.com.", type: "A", value: "203.0.113.53", ttl: 86400 },
        { name: "foobar.com.", type: "A", value: "8.8.8.8", ttl: 300 },
        { name: "www.foobar.com.", type: "CNAME", value: "foobar.com.", ttl: 3600 },
      ],
    },
    { kind: "host", id: ids.server, label: "Server 8.8.8.8", ip: "8.8.8.8" },
    {
      kind: "nginx",
      id: ids.nginx,
      label: "Nginx",
      host: ids.server,
      port: 80,
      root: "/var/www/foobar",
      staticFiles: {
        "/style.css": { contentType: "text/css", bytes: 3200 },
        "/logo.png": { contentType: "image/png", bytes: 18400 },
      },
      proxyPass: "127.0.0.1:8000",
      processMs: 0.2,
      diskMs: 0.5,
    },
    {
      kind: "app",
      id: ids.app,
      label: "Application server",
      host: ids.server,
      port: 8000,
      workers: 4,
      cpuMs: 9,
      renderMs: 5,
      database: "127.0.0.1:3306",
      query: "SELECT title, body FROM posts ORDER BY created_at DESC LIMIT 10",
      entryPoint: "index.py",
      version: "v1",
      pageLinks: ["/style.css", "/logo.png"],
      pageBytes: 4200,
    },
    {
      kind: "mysql",
      id: ids.mysql,
      label: "MySQL",
      host: ids.server,
      port: 3306,
      queryMs: 3,
      rows: 10,
    },
  ],
  links: [
    {
      id: "browser-resolver",
      a: ids.browser,
      b: ids.resolver,
      latencyMs: 8,
      jitter: 0.15,
      label: "UDP 53",
    },
    {
      id: "resolver-root",
      a: ids.resolver,
      b: ids.root,
      latencyMs: 14,
      jitter: 0.15,
      label: "UDP 53",
    },
    {
      id: "resolver-tld",
      a: ids.resolver,
      b: ids.tld,
      latencyMs: 16,
      jitter: 0.15,
      label: "UDP 53",
    },
    {
      id: "resolver-auth",
      a: ids.resolver,
      b: ids.auth,
      latencyMs: 24,
      jitter: 0.15,
      label: "UDP 53",
    },
    {
      id: "browser-nginx",
      a: ids.browser,
      b: ids.nginx,
      latencyMs: 38,
      jitter: 0.1,
      label: "Internet · TCP 80 · HTTP",
    },
    {
      id: "nginx-app",
      a: ids.nginx,
      b: ids.app,
      latencyMs: 0.05,
      jitter: 0,
      label: "127.0.0.1:8000",
    },
    {
      id: "app-mysql",
      a: ids.app,
      b: ids.mysql,
      latencyMs: 0.05,
      jitter: 0,
      label: "127.0.0.1:3306",
    },
  ],
};
