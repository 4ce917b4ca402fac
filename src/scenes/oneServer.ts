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
  users: "users",
} as const;

const ids = ONE_SERVER_IDS;

/** A browser as Chromium on Linux behaves: the watched user's, and each of the traffic's users'. */
const chromium = {
  resolver: "192.0.2.53",
  hostCacheSeconds: 60,
  maxConnectionsPerHost: 6,
  parseMs: 4,
  dnsTimeoutMs: 5_000,
  dnsAttempts: 2,
  synRtoMs: 1_000,
  synRetries: 6,
  rtoMinMs: 200,
  dataRetries: 15,
  keepAliveMs: 45_000,
  keepAliveProbes: 9,
} as const;

/**
 * The one-server web stack: a user's browser, the DNS hierarchy for foobar.com,
 * and the server 8.8.8.8 running Nginx, the application server (PHP-FPM, reached
 * over FastCGI on 127.0.0.1:9000) and MySQL. The traffic (Requests per second,
 * Surge) comes from "Users": other people's browsers on the Internet, each with
 * its own DNS cache and connections, using the same resolver. Last in the list,
 * so that the other components keep their indices.
 *
 * Latencies: tens of ms across the internet, well under a millisecond over the
 * server's loopback; processing times of a small dynamic site.
 */
export const oneServerTopology: Topology = {
  keepaliveTimeoutMs: 75_000,
  deploy: { uploadMs: 5_000, appRestartMs: 4_000, webRestartMs: 2_000 },
  components: [
    {
      kind: "browser",
      id: ids.browser,
      label: "Your browser",
      ...chromium,
    },
    {
      kind: "resolver",
      id: ids.resolver,
      label: "DNS resolver",
      ip: "192.0.2.53",
      rootHints: ["198.41.0.4"],
      processMs: 0.3,
      queryTimeoutMs: 1_000,
      queryAttempts: 3,
      failureCacheSeconds: 5,
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
    { kind: "host", id: ids.server, label: "Server 8.8.8.8", ip: "8.8.8.8", cores: 2 },
    {
      kind: "nginx",
      id: ids.nginx,
      label: "Nginx",
      host: ids.server,
      port: 80,
      serverHeader: "nginx/1.22.1",
      root: "/var/www/foobar",
      staticFiles: {
        "/style.css": { contentType: "text/css", bytes: 3200 },
        "/logo.png": { contentType: "image/png", bytes: 18400 },
      },
      fastcgiPass: "127.0.0.1:9000",
      processMs: 0.2,
      diskMs: 0.5,
      fastcgiConnectTimeoutMs: 60_000,
      fastcgiReadTimeoutMs: 60_000,
      workerConnections: 768,
    },
    {
      kind: "app",
      id: ids.app,
      label: "Application server",
      host: ids.server,
      port: 9000,
      workers: 5,
      cpuMs: 9,
      renderMs: 5,
      database: "127.0.0.1:3306",
      query: "SELECT title, body FROM posts ORDER BY created_at DESC LIMIT 10",
      entryPoint: "index.php",
      version: "v1",
      pageLinks: ["/style.css", "/logo.png"],
      routes: ["/"],
      listenBacklog: 4096,
      pageBytes: 4200,
      slowStallMs: 75_000,
      processControlTimeoutMs: 0,
    },
    {
      kind: "mysql",
      id: ids.mysql,
      label: "MySQL",
      host: ids.server,
      port: 3306,
      queryMs: 3,
      rows: 10,
      maxConnections: 151,
      slowStallMs: 75_000,
    },
    { kind: "browser", id: ids.users, label: "Users", ...chromium, crowd: true },
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
      label: "127.0.0.1:9000 · FastCGI",
    },
    {
      id: "app-mysql",
      a: ids.app,
      b: ids.mysql,
      latencyMs: 0.05,
      jitter: 0,
      label: "127.0.0.1:3306",
    },
    // The same Internet as your browser's, so the traffic's timings are those of users like you.
    {
      id: "users-resolver",
      a: ids.users,
      b: ids.resolver,
      latencyMs: 8,
      jitter: 0.15,
      label: "UDP 53",
    },
    {
      id: "users-nginx",
      a: ids.users,
      b: ids.nginx,
      latencyMs: 38,
      jitter: 0.1,
      label: "Internet · TCP 80 · HTTP",
    },
  ],
};
