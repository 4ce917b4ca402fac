/**
 * The engine's data: the topology it is given, and the trace and outcomes it returns.
 * Everything here is plain data (no functions), so scenes, tests and the UI share it.
 */

/** What kind of thing a component is. The engine routes by address, never by kind. */
export const ComponentKind = {
  Browser: "browser",
  Resolver: "resolver",
  NameServer: "nameserver",
  Host: "host",
  Nginx: "nginx",
  AppServer: "app",
  Database: "mysql",
  LoadBalancer: "haproxy",
  Keepalived: "keepalived",
} as const;
export type ComponentKind = (typeof ComponentKind)[keyof typeof ComponentKind];

/** A DNS resource record as it appears in a zone file. */
export interface ResourceRecord {
  /** Fully qualified, with the trailing dot: `www.foobar.com.` */
  name: string;
  type: "A" | "CNAME" | "NS";
  /** An IPv4 address for A, a fully qualified name for CNAME and NS. */
  value: string;
  /** Seconds. */
  ttl: number;
}

export interface BrowserSpec {
  kind: "browser";
  id: string;
  label: string;
  /** IP address of the recursive resolver this computer is configured to use. */
  resolver: string;
  /** How long the browser keeps a resolved name: Chromium through the system resolver keeps every answer 60 s (it never sees the TTLs). */
  hostCacheSeconds: number;
  /** Parallel connections per host (HTTP/1.1 browsers: 6). */
  maxConnectionsPerHost: number;
  /** Time to parse HTML and discover the page's static files (ms). */
  parseMs: number;
  /** Stub resolver: how long to wait for the resolver, and how many tries (glibc: 5 s, 2). */
  dnsTimeoutMs: number;
  dnsAttempts: number;
  /** TCP connect: first SYN retransmission timeout and retries (Linux: 1 s, tcp_syn_retries 6 → 127 s). */
  synRtoMs: number;
  synRetries: number;
  /**
   * Retransmission of data that is never acknowledged: first after `rtoMinMs` (Linux's
   * TCP_RTO_MIN, 200 ms), doubling up to 120 s, `dataRetries` times (tcp_retries2 = 15:
   * about 924.6 s in all) before the connection is given up.
   */
  rtoMinMs: number;
  dataRetries: number;
  /**
   * TCP keep-alive on a connection waiting for an answer (Chromium sets it on its sockets):
   * a probe after `keepAliveMs` of silence and every `keepAliveMs` after that (45 s);
   * after `keepAliveProbes` unanswered probes (Linux's tcp_keepalive_probes, 9) it is given up.
   */
  keepAliveMs: number;
  keepAliveProbes: number;
  /**
   * Stands for many users on the Internet rather than one: the traffic's visits start here,
   * each from a new user's own browser (empty DNS cache, its own connections); the watched
   * user's visits never do. Without one, the traffic comes from the first browser.
   */
  crowd?: boolean;
}

export interface ResolverSpec {
  kind: "resolver";
  id: string;
  label: string;
  ip: string;
  /** Root server addresses (the "root hints"). */
  rootHints: string[];
  /** Time to look in the cache and prepare a query (ms). */
  processMs: number;
  /** How long to wait for a name server before asking again, and how many tries in all. */
  queryTimeoutMs: number;
  queryAttempts: number;
  /** How long a resolution failure is remembered and answered SERVFAIL at once (RFC 9520: 1 s to 5 min). */
  failureCacheSeconds: number;
}

export interface NameServerSpec {
  kind: "nameserver";
  id: string;
  label: string;
  ip: string;
  /** The zone this server is authoritative for, fully qualified: `.`, `com.`, `foobar.com.` */
  zone: string;
  /** Records of the zone: NS for delegations, A for glue and hosts, CNAME for aliases. */
  records: ResourceRecord[];
  processMs: number;
}

export interface HostSpec {
  kind: "host";
  id: string;
  label: string;
  ip: string;
  /** CPU cores its processes share; CPU work queues for a free core. Undefined: not modelled. */
  cores?: number;
}

/** Fields every process running on a host has. */
interface ProcessBase {
  id: string;
  label: string;
  /** Id of the host the process runs on. */
  host: string;
  /** TCP port it listens on. */
  port: number;
  /**
   * The address it listens on: `127.0.0.1` takes connections from its own machine only (PHP-FPM
   * and MySQL as Debian configures them); undefined, every address (`listen 80`).
   */
  bind?: string;
}

export interface NginxSpec extends ProcessBase {
  kind: "nginx";
  /** What its `Server` header and the footer of its own error pages say (`server_tokens on`): `nginx/1.24.0`. */
  serverHeader: string;
  /** Files on disk under `root`, by URL path. Anything else goes to PHP-FPM (`try_files $uri /index.php`). */
  staticFiles: Record<string, { contentType: string; bytes: number }>;
  root: string;
  /**
   * `server_name` of its one server block, which is also the default server of its port
   * (Debian's own default site is disabled): a request whose Host header matches none of
   * these (an IP address, another name) is answered by this block all the same.
   */
  serverNames?: string[];
  /** `fastcgi_pass` target as `ip:port` (PHP-FPM); `127.0.0.1` means this host. */
  fastcgiPass: string;
  /** Time to parse a request and pick a location (ms). */
  processMs: number;
  /** Time to read a static file from disk (ms). */
  diskMs: number;
  /** `fastcgi_connect_timeout`: how long to wait for the upstream to accept a connection (nginx: 60 s). */
  fastcgiConnectTimeoutMs: number;
  /** `fastcgi_read_timeout`: how long to wait for the upstream's answer (nginx: 60 s). */
  fastcgiReadTimeoutMs: number;
  /**
   * `worker_connections`: connections each worker process may have open at once
   * (768 in Debian's config; 512 compiled in). With `worker_processes auto` there
   * is one worker per core of the host. Undefined: 768.
   */
  workerConnections?: number;
}

export interface AppServerSpec extends ProcessBase {
  kind: "app";
  /** Synchronous workers (PHP-FPM `pm.max_children`, 5): each handles one request at a time. */
  workers: number;
  /** CPU time of the code before it queries the database (ms). */
  cpuMs: number;
  /** CPU time to render the HTML template after the query (ms). */
  renderMs: number;
  /** Database address as `ip:port`. */
  database: string;
  /** The query the page runs. */
  query: string;
  /** Name of the script the request runs, e.g. `index.php`. */
  entryPoint: string;
  /** Version of the code base currently deployed. */
  version: string;
  /** Static files the HTML links to; the browser fetches them after parsing. */
  pageLinks: string[];
  /**
   * The listen backlog: accepted connections that wait for a worker. PHP-FPM's `listen.backlog`
   * is -1 on Linux since PHP 8.2, which the kernel caps at `net.core.somaxconn` (4096). When it
   * is full, the kernel drops a new SYN silently and the client retransmits it.
   */
  listenBacklog: number;
  /** Paths the code answers; any other path gets its 404 page. */
  routes: string[];
  /** Size of the generated HTML (bytes). */
  pageBytes: number;
  /** Extra time each request takes while the "slow" fault is on (ms). */
  slowStallMs: number;
  /**
   * PHP-FPM's `process_control_timeout`: how long a reload lets busy workers finish their
   * request before killing them. The default, 0, kills them at once (their requests get 502).
   */
  processControlTimeoutMs: number;
  /**
   * The page that writes: a `POST` to `path` runs `query` (an INSERT) on the primary, `database`,
   * and answers 200 with a page that says so. Undefined: the site has no write (every POST is
   * answered as a GET of its path).
   */
  writes?: { path: string; query: string };
  /** A read replica's address as `ip:port`, where reads go when `readFrom` is "replica". */
  replica?: string;
  /** Where the page's SELECT goes: the primary (`database`, the default) or the `replica`. */
  readFrom?: "primary" | "replica";
  /**
   * How long connecting to MySQL may take before PHP gives up (mysqlnd without
   * MYSQLI_OPT_CONNECT_TIMEOUT uses php.ini's `default_socket_timeout`, 60 s): a database host that
   * is switched off answers nothing, and the worker waits that long. Undefined: it waits for ever
   * (on the one-server stack MySQL's machine is the app's own).
   */
  dbConnectTimeoutMs?: number;
}

export interface DatabaseSpec extends ProcessBase {
  kind: "mysql";
  /** Time to run the page's query (ms). */
  queryMs: number;
  /** Rows the page's query returns. */
  rows: number;
  /** Connections it accepts at once (MySQL's max_connections, 151); one more gets ERROR 1040. */
  maxConnections: number;
  /** Extra time each query takes while the "slow" fault is on (ms). */
  slowStallMs: number;
  /**
   * Its part in replication (see database.ts): a `primary` writes a binary log that replicas
   * fetch; a `replica` (started with `read_only` and `super_read_only` ON) fetches `source`'s
   * log and applies it. Undefined: a standalone server (no replica, writes accepted).
   */
  role?: "primary" | "replica";
  /** A replica's source: the component id of its primary MySQL. */
  source?: string;
  /** Time to run and commit one INSERT (InnoDB's redo log flush included) (ms). Undefined: `queryMs`. */
  writeMs?: number;
  /** A replica's time to apply one transaction from its relay log (ms). Undefined: `queryMs`. */
  applyMs?: number;
}

/** One `server` line of an HAProxy backend: `server web1 10.0.0.11:80 check`. */
export interface HaproxyServer {
  name: string;
  /** `ip:port` of the server (its Nginx). */
  address: string;
  /** `weight` (1 to 256; HAProxy's default 1): its share of `roundrobin` among the servers. */
  weight?: number;
  /**
   * `disabled` on the server line: it starts in maintenance (MAINT): no checks, no traffic (a
   * blue-green pair's idle half, a scaling group's slot not provisioned).
   */
  disabled?: boolean;
  /**
   * `init-state` (HAProxy 3.1+): its health when HAProxy starts, and when it leaves maintenance.
   * Default `up`; `fully-down` waits for `rise` good checks (a server that has just booted).
   */
  initState?: "up" | "fully-up" | "down" | "fully-down";
}

/**
 * HAProxy 3.4 LTS in `mode http` with one frontend (`bind :80`) and one backend. The algorithm is
 * always stated (`balance roundrobin`): since 3.3 a backend without `balance` uses `random`.
 */
export interface HaproxySpec extends ProcessBase {
  kind: "haproxy";
  /** The backend's name, as in its logs: `Server web/web1 is DOWN…`. */
  backend: string;
  servers: HaproxyServer[];
  algorithm: "roundrobin" | "leastconn";
  /** `check` alone (a TCP connect) or `option httpchk GET /health` (HTTP/1.0; 2xx/3xx is good). */
  check: "tcp" | "http";
  /** `inter`, `fall`, `rise` (defaults 2000 ms, 3, 2). */
  interMs: number;
  fall: number;
  rise: number;
  /** `retries` (3): connection attempts after the first one fails. */
  retries: number;
  /** `option redispatch`: a retry goes to another server at once. */
  redispatch: boolean;
  /** `timeout connect` and `timeout server` (Debian's haproxy.cfg: 5000 and 50000 ms). */
  timeoutConnectMs: number;
  timeoutServerMs: number;
}

/**
 * keepalived's `vrrp_script` that an instance tracks (`track_script { chk_haproxy }`): the classic
 * `script "killall -0 haproxy"`, which succeeds while a process of that name runs on the machine.
 */
export interface VrrpScriptSpec {
  /** Its name in the config: `chk_haproxy`. */
  name: string;
  /** The command line, for people: `killall -0 haproxy`. */
  script: string;
  /** Id of the process whose existence the script tests (on the same machine). */
  process: string;
  /** `interval` (keepalived's default is 1 s; the classic tutorial config says `interval 2`). */
  intervalMs: number;
  /** `fall` and `rise`: failures (successes) in a row that change its status (defaults 1 and 1). */
  fall: number;
  rise: number;
  /**
   * `weight` (default 0): 0 puts the instance in FAULT while the script fails; a positive weight
   * is added to the priority while it succeeds, a negative one subtracted while it fails.
   */
  weight: number;
}

/**
 * keepalived 2.x running one VRRPv2 instance (`vrrp_instance VI_1`) that holds a virtual IP on
 * the machine that is MASTER. It is a process without a TCP port: VRRP is IP protocol 112,
 * multicast to 224.0.0.18 on the LAN, which reaches the keepalived of every other machine with
 * the same `virtualRouterId`.
 */
export interface KeepalivedSpec {
  kind: "keepalived";
  id: string;
  label: string;
  /** Id of the machine it runs on, whose interface gets the virtual IP while it is MASTER. */
  host: string;
  /** `vrrp_instance` name, as in its log lines: `VI_1`. */
  instance: string;
  /** `interface`: where the address is added, for the log lines (`eth0`). */
  interface: string;
  /** `virtual_router_id`: instances with the same id on the LAN are one group. */
  virtualRouterId: number;
  /** `virtual_ipaddress`: the address that moves (the one DNS's A record names). */
  virtualIp: string;
  /** `state`: MASTER or BACKUP at start (with `priority` < 255, MASTER only shortens the wait). */
  initialState: "MASTER" | "BACKUP";
  /** `priority` 1–254 (default 100): the highest live one is MASTER. */
  priority: number;
  /** `advert_int` (default 1 s). */
  advertIntMs: number;
  /** Preemption (default on; `nopreempt` turns it off, which needs `state BACKUP`). */
  preempt: boolean;
  /** `track_script`: undefined when the instance tracks none. */
  trackScript?: VrrpScriptSpec;
}

export type ProcessSpec = NginxSpec | AppServerSpec | DatabaseSpec | HaproxySpec;
export type ComponentSpec =
  | BrowserSpec
  | ResolverSpec
  | NameServerSpec
  | HostSpec
  | ProcessSpec
  | KeepalivedSpec;

/** A network path between two components. Packets travel along links. */
export interface LinkSpec {
  id: string;
  a: string;
  b: string;
  /** One-way latency (ms). */
  latencyMs: number;
  /** Extra random delay, as a fraction of `latencyMs` (0.1 = up to 10% more). */
  jitter: number;
  /** What travels on it, for people: `Internet · TCP 80`. */
  label: string;
}

export interface Topology {
  components: ComponentSpec[];
  links: LinkSpec[];
  /** Keep-alive: how long the server keeps an idle connection open (nginx `keepalive_timeout`, 75 s). */
  keepaliveTimeoutMs: number;
  /** How long each step of a deploy takes (ms). A graceful reload takes no time of its own. */
  deploy: { uploadMs: number; appRestartMs: number; webRestartMs: number };
  /**
   * The share of the traffic's visits that write (a `POST` of a comment to `path`) rather than
   * read, from 0 to 1. Undefined: none (`Simulation.setWriteShare` changes it).
   */
  writes?: { share: number; path: string };
  /**
   * A group of web servers that can grow and shrink at run time (`Simulation.scaling`): slots up
   * to its maximum, the ones not provisioned powered off and in maintenance in HAProxy.
   */
  scaling?: ScalingSpec;
}

/**
 * A scaling group, like a cloud's auto scaling group behind a load balancer: the web servers'
 * slots, in the order they are launched, each a machine and its server line in HAProxy.
 */
export interface ScalingSpec {
  /** The HAProxy whose backend holds the slots. */
  haproxy: string;
  /** Each slot: its machine and the name of its server in the backend. */
  slots: { host: string; server: string }[];
  /** Servers running at the start (the first ones); the others are off, and MAINT in HAProxy. */
  initial: number;
  /** From launch to serving: the machine boots and starts Nginx and PHP-FPM (ms). */
  bootMs: number;
  /** The target-tracking policy the autoscaler starts with, when it is on from the start. */
  autoscaling?: AutoscalingPolicy;
}

/**
 * A target-tracking scaling policy, as the cloud providers offer it: keep the web servers'
 * average CPU near `targetCpu`, between `min` and `max` servers, waiting `scaleOutCooldownMs`
 * after adding servers and `scaleInCooldownMs` before removing one.
 */
export interface AutoscalingPolicy {
  /** Target average CPU utilisation of the servers in service, in % (1 to 100). */
  targetCpu: number;
  min: number;
  max: number;
  scaleOutCooldownMs: number;
  scaleInCooldownMs: number;
}

/** What a hop carries, for colour and filtering. Stored as a small integer in the packet table. */
export const HopKind = {
  Dns: 0,
  Tcp: 1,
  HttpRequest: 2,
  HttpResponse: 3,
  Sql: 4,
  Error: 5,
} as const;
export type HopKind = (typeof HopKind)[keyof typeof HopKind];

/** How a browser request ended. Every request ends exactly once with one of these. */
export const Outcome = {
  Ok: "ok",
  NotFound: "http_404",
  ServerError: "http_500",
  BadGateway: "http_502",
  /** HAProxy's own page: no server could take the request. */
  ServiceUnavailable: "http_503",
  GatewayTimeout: "http_504",
  NameNotResolved: "ERR_NAME_NOT_RESOLVED",
  ConnectionRefused: "ERR_CONNECTION_REFUSED",
  /** connect() timed out: the SYNs were never answered. */
  ConnectionTimedOut: "ERR_CONNECTION_TIMED_OUT",
  /** An open connection timed out (retransmissions or keep-alive probes unanswered): Chromium maps ETIMEDOUT so. */
  TimedOut: "ERR_TIMED_OUT",
  ConnectionReset: "ERR_CONNECTION_RESET",
} as const;
export type Outcome = (typeof Outcome)[keyof typeof Outcome];
export const OUTCOMES: readonly Outcome[] = Object.values(Outcome);

/**
 * How each outcome reads to a user: the status line of the answer, or the code on Chromium's
 * error page. The engine's log and the panels both use these words, never `http_500`.
 */
export const OUTCOME_TEXT: Record<Outcome, string> = {
  ok: "200 OK",
  http_404: "404 Not Found",
  http_500: "500 Internal Server Error",
  http_502: "502 Bad Gateway",
  http_503: "503 Service Unavailable",
  http_504: "504 Gateway Time-out",
  ERR_NAME_NOT_RESOLVED: "ERR_NAME_NOT_RESOLVED",
  ERR_CONNECTION_REFUSED: "ERR_CONNECTION_REFUSED",
  ERR_CONNECTION_TIMED_OUT: "ERR_CONNECTION_TIMED_OUT",
  ERR_TIMED_OUT: "ERR_TIMED_OUT",
  ERR_CONNECTION_RESET: "ERR_CONNECTION_RESET",
};

/**
 * What a trace entry is about, so a UI can explain it in plain words. Hops travel
 * between two components; notes happen inside one.
 */
export type Step =
  | "browser.cache.hit"
  | "browser.cache.miss"
  | "browser.ip"
  | "dns.query.stub"
  | "dns.query.iterative"
  | "resolver.cache.hit"
  | "resolver.cache.miss"
  | "dns.referral"
  | "dns.answer"
  | "dns.answer.client"
  | "dns.nxdomain"
  | "tcp.syn"
  | "tcp.synack"
  | "tcp.reuse"
  | "tcp.idle-closed"
  | "http.request"
  | "http.static"
  | "http.server"
  | "fastcgi.request"
  | "app.run"
  | "sql.query"
  | "sql.result"
  | "app.render"
  | "fastcgi.response"
  | "http.response"
  | "page.parse"
  | "request.end"
  | "visit.end"
  | "packet.lost"
  | "dns.timeout"
  | "dns.servfail"
  | "dns.servfail.cached"
  | "tcp.syn.retry"
  | "tcp.syn.dropped"
  | "tcp.retransmit"
  | "tcp.keepalive"
  | "tcp.ack"
  | "tcp.rst"
  | "nginx.drop"
  | "browser.retry"
  | "tcp.timeout"
  | "http.upstream.error"
  | "http.upstream.timeout"
  | "http.upstream.late"
  | "sql.error"
  | "repl.binlog"
  | "repl.io"
  | "repl.promote"
  | "lb.check"
  | "lb.retry"
  | "lb.error"
  | "vrrp.state"
  | "fault.kill"
  | "fault.revive"
  | "fault.slow"
  | "deploy.step"
  | "config.change"
  | "traffic.sample"
  | "scale.step";

export interface HopEntry {
  type: "hop";
  /** Position in the trace (0-based). */
  seq: number;
  step: Step;
  kind: HopKind;
  from: string;
  to: string;
  /** One line, as it would look on the wire: `A? foobar.com.`, `GET / HTTP/1.1`. */
  summary: string;
  depart: number;
  arrive: number;
  requestId: number;
  visitId: number;
}

export interface NoteEntry {
  type: "note";
  seq: number;
  step: Step;
  component: string;
  summary: string;
  at: number;
  requestId: number;
  visitId: number;
}

export type TraceEntry = HopEntry | NoteEntry;

/** One HTTP fetch by the browser: the page itself or one of its static files. */
export interface RequestRecord {
  id: number;
  visitId: number;
  /** Which user's browser made it: 0 is the user the class watches; generated traffic has its own users. */
  user: number;
  /** Whether its hops and notes go into the trace (generated traffic does not, to stay fast). */
  traced: boolean;
  /** `http://www.foobar.com/style.css` */
  url: string;
  host: string;
  path: string;
  role: "document" | "subresource";
  /** `POST` for a write (a form sent); undefined for a `GET`, as every other request is. */
  method?: "POST";
  startedAt: number;
  endedAt?: number;
  outcome?: Outcome;
  status?: number;
  /** Version of the code that produced the response, when the app server made it. */
  version?: string;
  /** Which component sent the final answer to the browser (Nginx, for anything it relays). */
  servedBy?: string;
  /** Who wrote the response's body: the web server itself (a file, its own error page) or the application. */
  origin?: "web" | "app";
  /** For a failure: one sentence saying which component did what. */
  reason?: string;
}

/** One visit: the page and its static files. */
export interface VisitRecord {
  id: number;
  user: number;
  traced: boolean;
  url: string;
  /** `POST` for a write (a form sent); undefined for a `GET`. */
  method?: "POST";
  startedAt: number;
  endedAt?: number;
  /** The outcome of the page itself (the document request). */
  outcome?: Outcome;
  /** HTTP status of the page, when one came back. */
  status?: number;
  /** Code version that served the page. */
  version?: string;
  /** For a failure: why, in one sentence. */
  reason?: string;
  requestIds: number[];
}

/** A stretch of time when a component was down or slow, or a deploy ran: for timelines. */
export interface Incident {
  id: number;
  component: string;
  kind: "down" | "slow" | "deploy";
  /** "MySQL down", "Deploy v2". */
  label: string;
  from: number;
  /** Undefined while it lasts. */
  to?: number;
}

/** The answer to a command (kill, revive, slow, deploy): done, or refused with a reason. */
export type CommandResult = { ok: true; message: string } | { ok: false; message: string };

/** What a component's health is now. */
export interface Health {
  /** Running: not killed, and its machine is running. */
  up: boolean;
  /** Killed itself (as opposed to down because its machine is). */
  killed: boolean;
  slow: boolean;
  /** Down because a deploy is restarting it. */
  restarting: boolean;
}

/**
 * How a deploy puts the new code in service: `restart` stops and starts the application server
 * and then Nginx (downtime); `reload` reloads them gracefully (PHP-FPM's SIGUSR2, `nginx -s reload`).
 */
export type DeployMode = "restart" | "reload";

/**
 * How a deploy reaches the servers that run the code (deploys/rollout.ts): every server together
 * (`all-at-once`), one after another out of the balancer (`rolling`), the idle half of the pool
 * and a switch (`blue-green`), or one server at a small weight first (`canary`).
 */
export type DeployStrategy = "all-at-once" | "rolling" | "blue-green" | "canary";

/**
 * What the new code is: `good`, or a release with a defect: `bad-500` (every page the PHP code
 * renders, /health included, throws a fatal error: PHP-FPM answers 500 and Nginx passes it on;
 * static files still load) or `bad-slow` (every page the code renders takes seconds).
 */
export type Release = "good" | "bad-500" | "bad-slow";

/** A deploy in progress or just finished. */
export interface DeployState {
  host: string;
  version: string;
  mode: DeployMode;
  phase:
    | "upload"
    | "restart-app"
    | "restart-web"
    | "reload-app"
    | "reload-web"
    | "drain"
    | "checks"
    | "canary"
    | "switch"
    | "done"
    | "aborted"
    | "stopped";
  /** One line for people: "Uploading code v2". */
  label: string;
  startedAt: number;
  /** When the current phase ends (ms), while running. */
  phaseEndsAt?: number;
  endedAt?: number;
  /**
   * On several servers (deploys/rollout.ts): the strategy, the release, the servers it covers,
   * and its steps so far in words ("web1 draining", "web1 UP, 2/2 checks"). Absent for the
   * deploy of one server, whose state stays as it always was.
   */
  strategy?: DeployStrategy;
  release?: Release;
  hosts?: string[];
  progress?: string[];
  /** Set when a rollout stopped by itself (a server failed its checks, the canary failed). */
  stopped?: string;
}

/**
 * What the generated traffic did over one second of simulated time (see `Simulation.trafficSample`):
 * visits that arrived, pages that ended (loaded or failed, by outcome), and users still waiting.
 */
export interface TrafficSample {
  /** When the second ended (ms). */
  at: number;
  /** The traffic's rate at that moment (visits per second, surge included). */
  rps: number;
  surging: boolean;
  /** New users who arrived during the second. */
  arrived: number;
  /** Visits that ended during the second with their page loaded, and that failed (by outcome). */
  loaded: number;
  failed: number;
  failures: Partial<Record<Outcome, number>>;
  /** Generated visits not ended yet. */
  inFlight: number;
}

/** Requests by method: reads (`GET`, the pages and their files) and writes (`POST`). */
export interface RequestMix {
  reads: { sent: number; inFlight: number; finished: Record<Outcome, number> };
  writes: { sent: number; inFlight: number; finished: Record<Outcome, number> };
}

export interface Stats {
  requestsSent: number;
  requestsInFlight: number;
  finished: Record<Outcome, number>;
  visitsSent: number;
  visitsInFlight: number;
}
