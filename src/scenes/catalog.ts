import { ONE_SERVER_IDS as ids } from "./oneServer";

/** A capacity changed from the topology's default (see the engine's CAPACITY_LIMITS). */
export interface SettingChange {
  component: string;
  setting: string;
  value: number;
}

/**
 * What a scene does when it runs: nothing, one visit, a deploy of the next code
 * version (restarting the processes, or reloading them gracefully), or a surge of
 * traffic. It runs on load with `autoplay=1`; otherwise it waits, paused, for Play.
 */
export type Opening = "none" | "visit" | "deploy" | "reload" | "surge";

/** Playback speed ids, as the store names them. */
export type SceneSpeed = "slow" | "0.1" | "1" | "10" | "100";

/** A named starting point for a lesson or a slide: plain data, nothing runs here. */
export interface Scene {
  id: string;
  title: string;
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
];

export const DEFAULT_SCENE = SCENES[0] as Scene;

export function sceneById(id: string): Scene | undefined {
  return SCENES.find((s) => s.id === id);
}
