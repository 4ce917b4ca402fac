import { EXPLANATIONS, type Explanation, FAILURES } from "./explanations";

/**
 * What the side panel says about the load-balanced stack's own parts (src/scenes/distributed.ts):
 * the load balancer, the web servers and the database server. Browser, resolver and DNS are
 * those of the one-server stack. Facts follow /work/briefs/research-lb-notes.md and the engine's
 * HAProxy (src/engine/haproxy.ts).
 */
const LB: Explanation = {
  role: "Machine · public address",
  whatItIs:
    "A machine whose only job is to receive the site's traffic and spread it over the web servers behind it. DNS points foobar.com at it, so it is the site's public face.",
  inThisRequest:
    "It owns 8.8.8.8, the address in foobar.com's A record, and runs HAProxy on port 80. It reaches the web servers over the data centre's network (10.0.0.0/24, about 0.2 ms a hop).",
  topics: [
    {
      title: "Still a single point of failure",
      text: "Every visit passes through this one machine: if it dies, the site is down however many web servers stand behind it. The cure is a second load balancer that takes over its address (keepalived and a virtual IP).",
    },
  ],
};

const HAPROXY: Explanation = {
  role: "Load balancer · HAProxy 3.4",
  whatItIs:
    "HAProxy accepts each browser's HTTP request and passes it to one of the web servers of its backend, chosen by its balance algorithm. It checks every server on a timer and stops sending requests to one that fails its checks.",
  inThisRequest:
    "It listens on 8.8.8.8:80 in mode http. With balance roundrobin it sends each request to the next server in turn (web1, web2, web1…); with leastconn, to the one with the fewest connections open. It relays the server's answer to the browser unchanged.",
  topics: [
    {
      title: "Health checks",
      text: "check inter 2s fall 3 rise 2: every 2 s HAProxy checks each server; three failed checks in a row mark it DOWN (the stats page shows UP 1/3, UP 2/3 on the way), two good ones bring it back UP (DOWN 1/2 on the way). A TCP check only opens a connection to port 80; an HTTP check (option httpchk GET /health) asks the application for a page and wants 2xx or 3xx.",
    },
    {
      title: "Retries and the 503 page",
      text: "A connection to a server that fails is tried again up to 3 times (retries 3), 1 s apart when it was refused, each waiting up to timeout connect (5 s). Without option redispatch the retries go to the same server. When no server can take the request, HAProxy answers with its own page: 503 Service Unavailable, No server is available to handle this request.",
    },
    {
      title: "Drain and maintenance",
      text: "set server web/web1 state drain: no new requests go to web1, those under way finish, its checks go on. maint: no requests and no checks. ready puts it back.",
    },
  ],
  simplified:
    "HAProxy opens a new connection to a server for each request (the real one reuses idle connections, http-reuse safe); connects are not retransmitted inside timeout connect; there is no maxconn queue; check packets are not drawn or logged one by one.",
};

const WEB_HOST: Explanation = {
  role: "Machine · web server",
  whatItIs:
    "One of the identical web servers: a machine with Nginx and the application server, running the same code as the others. Any of them can answer any visit.",
  inThisRequest:
    "HAProxy connects to its Nginx on port 80 over the LAN. Nginx serves static files itself and passes pages to PHP-FPM on 127.0.0.1:9000.",
  topics: [
    {
      title: "Redundancy",
      text: "With two web servers, one can die (or be taken out for maintenance) and the other serves everyone, once HAProxy has noticed. Each must be able to carry the whole load alone for that to hold.",
    },
  ],
};

const WEB_NGINX: Explanation = {
  role: "Web server",
  whatItIs: EXPLANATIONS.nginx?.whatItIs ?? "",
  inThisRequest:
    "It listens on port 80 of its machine, and its clients are HAProxy's connections, not browsers. Static files come from its disk; GET / goes to PHP-FPM on 127.0.0.1:9000 over FastCGI.",
};

const WEB_APP: Explanation = {
  role: "PHP-FPM",
  whatItIs: EXPLANATIONS.app?.whatItIs ?? "",
  inThisRequest:
    "It is PHP-FPM on 127.0.0.1:9000 of its machine, with a pool of workers (pm.max_children, under Capacity), running the same code as the other web servers. It also answers /health, the page HAProxy's HTTP check asks for.",
};

const DB_HOST: Explanation = {
  role: "Machine · database server",
  whatItIs: "A machine of its own for the database, reached by every web server over the LAN.",
  inThisRequest: "It runs MySQL on 10.0.0.21:3306.",
};

const MYSQL: Explanation = {
  role: "Relational database",
  whatItIs: EXPLANATIONS.mysql?.whatItIs ?? "",
  inThisRequest:
    "It listens on 10.0.0.21:3306 (bind-address 0.0.0.0, so the web servers can reach it over the LAN) and answers every web server's SELECT.",
  simplified:
    "One MySQL shared by the web servers: a single point of failure, and the bound on what any number of web servers can do (the db-bottleneck scene).",
};

const PRIMARY_MYSQL: Explanation = {
  role: "Relational database",
  whatItIs: EXPLANATIONS.mysql?.whatItIs ?? "",
  inThisRequest:
    "The primary, on 10.0.0.21:3306: every write (the comments' INSERTs) goes to it, and it ships each committed transaction in its binary log to the read replicas, which answer the reads.",
  simplified:
    "Still one machine for the writes: a single point of failure for them, and their bound (the reads no longer are).",
};

const REPLICA_HOST: Explanation = {
  role: "Machine · replica",
  whatItIs:
    "A machine of its own for a read replica of the database: a copy that the primary keeps up to date, which answers reads.",
  inThisRequest:
    "Its MySQL fetches the primary's (10.0.0.21) binary log and applies each write; the web servers that read from it send it their SELECTs.",
};

const REPLICA_MYSQL: Explanation = {
  role: "Read replica",
  whatItIs: EXPLANATIONS.mysql?.whatItIs ?? "",
  inThisRequest:
    "A read replica (read_only and super_read_only ON): it answers the SELECTs of the web servers configured to read from it, a few milliseconds behind the primary, and refuses writes.",
  simplified:
    "Each web server reads from one replica named in its configuration; real setups often put a proxy (ProxySQL, MySQL Router) in between.",
};

const WEB_MYSQL: Explanation = {
  role: "Database",
  whatItIs: EXPLANATIONS.mysql?.whatItIs ?? "",
  inThisRequest:
    "web1's MySQL (10.0.0.11:3306) is the primary: every write (INSERT of a comment) goes to it, and it ships each committed transaction in its binary log to the replica. web2's MySQL (10.0.0.12:3306) is the asynchronous replica, read-only (super_read_only): it answers the reads, a few milliseconds behind the primary (its lag).",
  simplified:
    "No automatic failover: when the primary dies, someone must press Promote replica. Writes committed on the primary that had not reached the replica are lost at the promotion.",
};

const LB_PAIR: Explanation = {
  role: "Machine · load balancer",
  whatItIs:
    "One of two load balancers sharing the site's address, 8.8.8.8, with keepalived: the MASTER holds the address and receives the traffic, the BACKUP waits to take it over.",
  inThisRequest:
    "It runs HAProxy on port 80 and keepalived. Only the machine holding 8.8.8.8 (shown on its frame) receives browsers' packets.",
};

const KEEPALIVED: Explanation = {
  role: "VRRP · keepalived",
  whatItIs:
    "keepalived implements VRRP: the MASTER sends an advert every second (advert_int 1) to 224.0.0.18; a BACKUP that hears none for 3 × advert_int + (256 − priority)/256 s (≈ 3.6 s at priority 100) becomes MASTER and takes the virtual IP with a gratuitous ARP.",
  inThisRequest:
    "lb1's keepalived has priority 150 and starts as MASTER, lb2's has priority 100 and is BACKUP. A tracked script (killall -0 haproxy every 2 s) puts a node whose HAProxy is gone in FAULT, giving the address up.",
};

const FAILS = {
  lb: "When the load balancer's machine is off, nothing answers at 8.8.8.8: browsers retry their SYN and show ERR_CONNECTION_TIMED_OUT after about 127 s, although every web server is healthy.",
  haproxy:
    "If HAProxy stops, the machine 8.8.8.8 refuses every connection to port 80: ERR_CONNECTION_REFUSED at once, for everyone. If web servers fail, HAProxy notices with its checks: a refused connection gives DOWN after 4 to 6 s, a dead machine after 10 to 12 s (each check waits its 2 s timeout).",
  web: "When a web server dies, HAProxy keeps sending it its share of requests until three checks have failed; those requests are retried and end in HAProxy's 503 page. Then the other servers take everything.",
  webNginx:
    "If this Nginx stops, its machine refuses HAProxy's connections: HAProxy retries (1 s apart), answers 503 when the retries are spent, and its check marks the server DOWN in 4 to 6 s.",
  webApp:
    "If this PHP-FPM stops, its Nginx answers 502 Bad Gateway. A TCP check on port 80 still passes (Nginx accepts the connection), so HAProxy keeps the server UP and users keep getting 502s; an HTTP check (GET /health) gets the 502 too and marks it DOWN.",
  mysql:
    "If MySQL stops, every web server's pages fail with the app's 500 database error page: the web servers are redundant, the database is not.",
};

const WEB = /^web\d+$/;
const WEB_NGINX_ID = /^web\d+-nginx$/;
const WEB_APP_ID = /^web\d+-app$/;

/** What the panels say about component `id` of an architecture (undefined: nothing written). */
/** Where a web server's code sends its SQL, by the architecture's database design. */
const DATABASE_WORDS: Record<"replicated" | "single" | "read-replicas", string> = {
  replicated:
    "The code reads from MySQL's replica on web2 (10.0.0.12:3306) and writes comments to the primary on web1 (10.0.0.11:3306).",
  single:
    "The code reads and writes MySQL on the database server (10.0.0.21:3306), which every web server shares.",
  "read-replicas":
    "The code writes comments to the primary on the database server (10.0.0.21:3306) and reads from one read replica (db-r1 10.0.0.22 or db-r2 10.0.0.23, the web servers taking them in turn).",
};

/** The architectures whose database is not the replicated pair on web1 and web2. */
const DATABASE_OF: Record<string, keyof typeof DATABASE_WORDS> = {
  "web-tier": "single",
  "scale-group": "single",
  "scale-ten": "single",
  autoscaling: "single",
  "read-replicas": "read-replicas",
};

/** A web server's (or its application server's) explanation, with where its SQL goes. */
function withDatabase(e: Explanation, architecture: string): Explanation {
  const words = DATABASE_WORDS[DATABASE_OF[architecture] ?? "replicated"];
  return { ...e, inThisRequest: `${e.inThisRequest} ${words}` };
}

export function explanationFor(architecture: string, id: string): Explanation | undefined {
  if (architecture === "one-server") return EXPLANATIONS[id];
  if (id === "lb") return LB;
  if (/^lb\d$/.test(id)) return LB_PAIR;
  if (/^lb\d-haproxy$/.test(id)) return { ...HAPROXY, role: "HAProxy 3.4" };
  if (/^lb\d-keepalived$/.test(id)) return KEEPALIVED;
  if (/^web\d+-mysql$/.test(id)) return WEB_MYSQL;
  if (id === "haproxy") return HAPROXY;
  if (id === "db") return DB_HOST;
  if (/^db-r\d$/.test(id)) return REPLICA_HOST;
  if (/^mysql-r\d$/.test(id)) return REPLICA_MYSQL;
  if (id === "mysql") return DATABASE_OF[architecture] === "read-replicas" ? PRIMARY_MYSQL : MYSQL;
  if (WEB.test(id)) return withDatabase(WEB_HOST, architecture);
  if (WEB_NGINX_ID.test(id)) return WEB_NGINX;
  if (WEB_APP_ID.test(id)) return withDatabase(WEB_APP, architecture);
  return EXPLANATIONS[id];
}

/** What a user sees when component `id` fails, in that architecture. */
export function failureFor(architecture: string, id: string): string | undefined {
  if (architecture === "one-server") return FAILURES[id];
  if (id === "lb" || id === "haproxy" || id === "mysql") return FAILS[id];
  if (WEB.test(id)) return FAILS.web;
  if (WEB_NGINX_ID.test(id)) return FAILS.webNginx;
  if (WEB_APP_ID.test(id)) return FAILS.webApp;
  return FAILURES[id];
}
