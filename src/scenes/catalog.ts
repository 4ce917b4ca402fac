import type { DeployOptions } from "../engine";
import type { ArchitectureId } from "./architectures";
import { CHALLENGE_SCENES } from "./challengeScenes";
import { DEPLOY_SCENES } from "./deployScenes";
import { DISTRIBUTED_IDS as lb } from "./distributed";
import { ONE_SERVER_IDS as ids } from "./oneServer";
import { SCALING_SCENES } from "./scalingScenes";

/** A capacity changed from the topology's default (see the engine's CAPACITY_LIMITS). */
export interface SettingChange {
  component: string;
  setting: string;
  value: number;
}

/**
 * What a scene does when it runs: nothing, one visit, a deploy of the next code
 * version (restarting the processes, or reloading them gracefully), or a surge of
 * traffic, or a component killed after a calm (`kill`, see `Scene.killAfter`). It runs on load with `autoplay=1`; otherwise it waits, paused, for Play.
 */
export type Opening = "none" | "visit" | "deploy" | "reload" | "surge" | "kill";

/** Playback speed ids, as the store names them. */
export type SceneSpeed = "slow" | "0.1" | "1" | "10" | "100";

/** A named starting point for a lesson or a slide: plain data, nothing runs here. */
export interface Scene {
  id: string;
  title: string;
  /**
   * The architecture it runs on (ARCHITECTURES in ./architectures.ts): its topology and the
   * canvas's layouts for it. Default: the one-server stack.
   */
  architecture?: ArchitectureId;
  /** One paragraph for the class: what is set up, and what to look for. */
  explanation: string;
  speed: SceneSpeed;
  /** Steady traffic in visits per second (0: none). */
  rps: number;
  /** Components stopped from the start. */
  kill: readonly string[];
  /** Components with the "slow" fault on from the start. */
  slow: readonly string[];
  settings: readonly SettingChange[];
  opening: Opening;
  /** Paths of www.foobar.com visited just before a "visit" opening's page (e.g. `/logo.png`). */
  alsoVisit?: readonly string[];
  /**
   * The speed when the scene plays by itself in a slide (`embed=1&autoplay=1` without
   * `speed=`): a pace a room can follow, where the scene's own speed would be over too soon.
   */
  embedSpeed?: SceneSpeed;
  /** For a "surge" opening: how long the steady traffic runs first (ms), a calm to compare with. */
  calmMs?: number;
  /** For a "surge" opening: its shape, when not the default ×10 for 20 s easing back over 10 s. */
  surge?: { factor: number; holdMs: number; easeMs: number };
  /**
   * For a "kill" opening: the component that dies, `afterMs` of simulated time after the
   * opening runs (the store does it on the simulated clock, so the same seed gives the same run).
   */
  killAfter?: { id: string; afterMs: number };
  /** For a "deploy" opening on several servers: the strategy and the release (deployScenes.ts). */
  deploy?: DeployOptions;
}

const calm = { rps: 0, kill: [], slow: [], settings: [] } as const;

/** The scenes a teacher can open by name (`?scene=mysql-down`). The first is the default. */
export const SCENES: readonly Scene[] = [
  {
    id: "one-server",
    title: "The one-server stack",
    explanation:
      "A browser, the DNS hierarchy for foobar.com and one server, 8.8.8.8, running Nginx, the application server and MySQL. Nothing is happening yet: send a visit and follow it hop by hop, or break a part and see what a user would see.",
    speed: "slow",
    ...calm,
    opening: "none",
  },
  {
    id: "first-visit",
    title: "A first visit",
    explanation:
      "One visit to www.foobar.com with cold caches, in slow motion. The browser asks its resolver, which walks from the root to .com to ns1.foobar.com; www is a CNAME for foobar.com, whose A record is 8.8.8.8. Then a TCP handshake, the request to Nginx, which hands it to PHP-FPM over FastCGI; the PHP code queries MySQL; and the static files come straight from Nginx.",
    speed: "slow",
    ...calm,
    opening: "visit",
  },
  {
    id: "dns-down",
    title: "DNS is down",
    explanation:
      "The authoritative name server ns1.foobar.com is stopped. The resolver cannot get an answer for www.foobar.com, answers SERVFAIL, and the browser shows a DNS error, although the web server itself is perfectly healthy. The resolver remembers the failure for 5 s and answers SERVFAIL at once meanwhile. A visit from a browser that still has the address cached would get through: DNS is a single point of failure on a timer.",
    speed: "1",
    ...calm,
    kill: [ids.auth],
    opening: "visit",
    embedSpeed: "slow",
  },
  {
    id: "mysql-down",
    title: "MySQL is down",
    explanation:
      "MySQL is stopped. Nginx and PHP-FPM still run, but the page's PHP code cannot connect to its database (SQLSTATE[HY000] [2002] Connection refused) and answers 500 Internal Server Error with the site's error page. That page links the site's stylesheet, and Nginx serves style.css from disk with 200: the static files still load.",
    speed: "1",
    ...calm,
    kill: [ids.mysql],
    opening: "visit",
    embedSpeed: "slow",
  },
  {
    id: "app-down",
    title: "The application server is down",
    explanation:
      "PHP-FPM is stopped: nothing listens on 127.0.0.1:9000, so the server's kernel refuses Nginx's connection at once and Nginx answers 502 Bad Gateway (its log: connect() failed (111: Connection refused)). The logo, a static file, is fetched just before the page: Nginx serves it from disk with 200, because it needs no application.",
    speed: "1",
    ...calm,
    kill: [ids.app],
    opening: "visit",
    embedSpeed: "slow",
    alsoVisit: ["/logo.png"],
  },
  {
    id: "nginx-down",
    title: "Nginx is down",
    explanation:
      "Nginx is stopped, so nothing listens on port 80. The server is up and answers the browser's SYN with a reset at once: the browser shows ERR_CONNECTION_REFUSED. The application server and MySQL are fine, but no one can reach them.",
    speed: "1",
    ...calm,
    kill: [ids.nginx],
    opening: "visit",
    embedSpeed: "slow",
  },
  {
    id: "server-down",
    title: "The server is down",
    explanation:
      "The whole machine 8.8.8.8 is off. Nothing answers at all, not even with a reset, so the browser retries its SYN with growing waits and gives up after about 2 minutes with ERR_CONNECTION_TIMED_OUT. Played at 10× so the wait does not take the whole lesson.",
    speed: "10",
    ...calm,
    kill: [ids.server],
    opening: "visit",
  },
  {
    id: "deploy",
    title: "A deploy under traffic",
    explanation:
      "Twenty visits per second, and a deploy of code v2 done all at once: upload, then restart the application server, then Nginx. While they restart, visitors get 502 Bad Gateway and then connection errors. With one server, every such deploy is downtime. (A graceful reload would avoid it: see the next scene.)",
    speed: "1",
    ...calm,
    rps: 20,
    opening: "deploy",
  },
  {
    id: "deploy-reload",
    title: "A deploy with graceful reloads",
    explanation:
      "The same deploy under twenty visits per second, but the new code is put in service with reloads instead of restarts: PHP-FPM's reload keeps its socket open (new connections wait a moment in the backlog) and lets busy workers finish their page (process_control_timeout is set to 10 s here; PHP's default of 0 would kill them, and their visitors would get 502), then nginx -s reload starts new workers while the old ones finish. No visit fails.",
    speed: "1",
    ...calm,
    rps: 20,
    settings: [{ component: ids.app, setting: "processControlTimeoutMs", value: 10_000 }],
    opening: "reload",
  },
  {
    id: "surge",
    title: "A surge",
    explanation:
      "Sixty visits per second for 10 seconds, well within what one server can do: every page in about a tenth of a second. Then ten times that for 20 seconds. The two CPU cores serve about 118 pages a second; the rest queue in PHP-FPM's listen backlog (4096 connections), so pages get slower and slower. When the backlog is full, the kernel drops new connections silently and Nginx retries them after 1, 2, 4… s: slower still. After 60 s without a connection Nginx gives up with 504 Gateway Time-out (the first at about 68 s into the surge), and the queue takes nearly two minutes to drain after the surge ends. One server cannot scale. (Nginx is tuned here with 16384 worker_connections; with Debian's default of 768 it would run out first and reset new connections.)",
    speed: "1",
    ...calm,
    rps: 60,
    settings: [{ component: ids.nginx, setting: "workerConnections", value: 16_384 }],
    opening: "surge",
    calmMs: 10_000,
  },
  {
    id: "distributed",
    architecture: "distributed",
    title: "A load balancer and two web servers",
    explanation:
      "The classic three-tier design with redundant web servers and a replicated database. DNS still says foobar.com is 8.8.8.8, but 8.8.8.8 is now a load balancer: HAProxy 3.4 with balance roundrobin, which sends each request to the next web server in turn, web1 (10.0.0.11), then web2 (10.0.0.12). Each web server is a machine with Nginx and the application server running the same code, and a MySQL: the primary on web1, its asynchronous replica on web2. One visit in ten writes (posts a comment): the code sends every INSERT to the primary, which commits it and ships it in its binary log to the replica (a few milliseconds of lag); the reads go to the replica, which is read-only (a write sent to it would fail with ERROR 1290). HAProxy checks each server every 2 s with a TCP connection to port 80 (check inter 2s fall 3 rise 2): three failed checks in a row mark it DOWN, two good ones bring it back UP. The load balancer is still a single point of failure, and so is each MySQL in its own way. (Simplified: HAProxy opens a new connection to a server for each request, where the real one reuses idle connections.)",
    speed: "slow",
    ...calm,
    opening: "none",
  },
  {
    id: "server-failover",
    architecture: "web-tier",
    title: "A web server dies",
    explanation:
      "Twenty visits per second through HAProxy to web1 and web2. After 10 s of calm, web1's machine dies: switched off, it answers nothing, not even a reset. HAProxy does not know yet and keeps sending every other request to web1 until three health checks in a row have failed; a check of a dead machine fails only when its 2 s timeout runs out, so web1 is marked DOWN about 10 s after it died (a stopped process would refuse at once: DOWN in 4 to 6 s). The visitors sent to web1 meanwhile wait: HAProxy tries to connect for 5 s (timeout connect), then three more times (retries 3; without option redispatch, to the same server), and answers with its own 503 page about 20 s after they asked. Once web1 is DOWN no new request goes to it: after the last of those 503s, every visit works, on web2 alone. Revive web1 and it is back after two good checks. Here MySQL runs on a database server of its own (10.0.0.21), so web1 takes no data with it. In the distributed design web1 also runs the MySQL primary: there its death leaves every write hanging on a machine that never answers, each holding one of web2's five PHP workers for up to a minute, and at twenty visits a second the pages stop loading too (the single-point-of-failure finder says so under traffic).",
    speed: "1",
    ...calm,
    rps: 20,
    opening: "kill",
    killAfter: { id: "web1", afterMs: 10_000 },
  },
  {
    id: "tcp-check-trap",
    architecture: "distributed",
    title: "The TCP check trap",
    explanation:
      "web1's application server (PHP-FPM) is stopped, but its Nginx runs. HAProxy checks web1 with a plain TCP connection to port 80, which Nginx accepts: the check passes, web1 stays UP, and under twenty visits per second every other page is Nginx's 502 Bad Gateway, passed on by HAProxy. Open HAProxy's details and switch the check to HTTP (option httpchk GET /health): Nginx answers the check with 502 as well, three failed checks mark web1 DOWN within about 6 s, and the 502s stop. A health check only sees what it asks.",
    speed: "1",
    ...calm,
    rps: 20,
    kill: ["web1-app"],
    opening: "none",
  },
  {
    id: "lb-spof",
    architecture: "distributed",
    title: "The load balancer is a single point of failure",
    explanation:
      "Two healthy web servers, but one load balancer. Twenty visits per second; after 5 s of calm, HAProxy on 8.8.8.8 stops. Nothing listens on port 80 any more, so the machine refuses every new connection and every visit fails with ERR_CONNECTION_REFUSED (those under way at that moment are reset: ERR_CONNECTION_RESET), however healthy web1 and web2 are: a total outage, as when the one server failed. Redundant web servers do not help while everything goes through one box. (If the load balancer's whole machine died instead, browsers would wait about 2 minutes for ERR_CONNECTION_TIMED_OUT: kill Load balancer 8.8.8.8 to see it. The cure is a second load balancer sharing a virtual IP, which comes with the pair of load balancers.)",
    speed: "1",
    ...calm,
    rps: 20,
    opening: "kill",
    killAfter: { id: lb.haproxy, afterMs: 5_000 },
  },
  {
    id: "ha-pair",
    architecture: "ha-pair",
    title: "A pair of load balancers fails over",
    explanation:
      "Two load balancers share the address DNS names, 8.8.8.8, with keepalived (VRRP): lb1 (priority 150) is MASTER and holds 8.8.8.8, lb2 (priority 100) is BACKUP and listens for lb1's adverts, one a second (advert_int 1). Each runs HAProxy in front of web1 and web2. Twenty visits per second; after 10 s of calm, lb1's machine dies. lb2 hears no more adverts and declares the master down 3 × advert_int + (256 − 100)/256 s ≈ 3.6 s after the last advert it received (so 2.6 to 3.6 s after the crash): it enters MASTER, takes 8.8.8.8 with a gratuitous ARP, and its HAProxy serves every visit. Meanwhile the browsers' SYNs to 8.8.8.8 reach a dead machine and go unanswered; each browser sends its SYN again after 1 s, then 2 s later, 4 s later…, and the first retransmission after the takeover reaches lb2: those visits are a few seconds slower, not failed. Connections that were open through lb1 are lost: their next packet reaches lb2, which never had them and answers with a reset (ERR_CONNECTION_RESET). The web servers and MySQL never notice.",
    speed: "1",
    ...calm,
    rps: 20,
    opening: "kill",
    killAfter: { id: "lb1", afterMs: 10_000 },
  },
  {
    id: "db-failover",
    architecture: "distributed",
    title: "The database primary dies",
    explanation:
      "Twenty visits per second, one in ten a write (a comment posted). After 10 s of calm, MySQL's primary on web1 stops. Reads go on: they are served by the replica on web2. Every write fails: the code cannot reach the primary, and the application answers 500 Internal Server Error. The replica will not take writes by itself (it is read-only; MySQL has no automatic failover): press Promote replica in the details of MySQL (web2). It applies what is left of its relay log, stops replicating, turns read_only off, and the writes go to it: they work again. A write the primary had committed but not yet shipped to the replica is gone for good; the log and the replica's details say how many were lost (usually none here, since the lag is a few milliseconds).",
    speed: "1",
    ...calm,
    rps: 20,
    opening: "kill",
    killAfter: { id: "web1-mysql", afterMs: 10_000 },
  },
  ...DEPLOY_SCENES,
  ...SCALING_SCENES,
  ...CHALLENGE_SCENES,
];

export const DEFAULT_SCENE = SCENES[0] as Scene;

export function sceneById(id: string): Scene | undefined {
  return SCENES.find((s) => s.id === id);
}
