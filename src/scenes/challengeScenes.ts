import type { Scene } from "./catalog";

/** The base traffic of the surge-on-budget scene (visits per second), before its surge. */
export const SURGE_BUDGET_RPS = 35;

/**
 * The surge-on-budget scene's surge, the one its challenge's check runs: the engine's default
 * shape (×10 for 20 s, easing back over 10 s), so Surge in the app plays the same one. From 35
 * visits a second to 350: two servers (about 143 pages a second each) cannot hold it, three can.
 */
export const SURGE_BUDGET_SHAPE = { factor: 10, holdMs: 20_000, easeMs: 10_000 } as const;

/**
 * How long the surge-on-budget scene's traffic stays calm before its surge: long enough for a
 * server added by hand before Play to boot (60 s) and pass its health checks (about 4 s).
 */
export const SURGE_BUDGET_CALM_MS = 70_000;

const quiet = { kill: [], slow: [], settings: [] } as const;

/** Where the challenges start (src/lessons/challenges.ts): each a problem the student fixes. */
export const CHALLENGE_SCENES: readonly Scene[] = [
  {
    id: "single-web-server",
    architecture: "scale-one",
    title: "One web server in a scaling group",
    explanation:
      "Twenty visits per second through HAProxy to one web server, web1 (10.0.0.11), in a scaling group of up to ten; MySQL runs on a database server of its own (10.0.0.21). Everything works, but web1 is a single point of failure: if its machine dies, HAProxy has no server left and answers every visit with its own 503 page. Add a web server in the scaling panel: it boots in about 60 s, then joins after two good health checks. With two, HAProxy marks a dead one DOWN about 10 s after it died and sends every visit to the other.",
    speed: "10",
    ...quiet,
    rps: 20,
    opening: "none",
  },
  {
    id: "deploy-at-100",
    architecture: "rolling",
    title: "A deploy under 100 visits a second",
    explanation:
      "One hundred visits per second through HAProxy to web1 and web2, which it checks over HTTP (option httpchk GET /health). The deploy control has All at once chosen: both servers restart PHP-FPM and then Nginx together, and for a few seconds no server can answer: hundreds of visits get 502 Bad Gateway. A rolling deploy drains one server at a time (no new requests; those in flight finish), deploys it, waits for two good checks and puts it back: the other server carries all hundred visits a second meanwhile (one server serves a little over a hundred pages a second: enough), and no visit fails.",
    speed: "1",
    ...quiet,
    rps: 100,
    opening: "none",
    deploy: { strategy: "all-at-once", release: "good" },
  },
  {
    id: "surge-on-budget",
    architecture: "autoscaling",
    title: "A surge on a budget",
    explanation:
      "Thirty-five visits per second to two web servers behind HAProxy, with an autoscaler (target 60 % CPU, 2 to 10 servers). After 70 s of calm the traffic surges ×10 for 20 s and eases back over 10 s: 350 visits a second, more than two servers serve (about 286 pages a second). Pages queue for seconds. The autoscaler reads the average CPU every 10 s and launches servers, but a server takes 60 s to boot: they arrive after the surge, and are paid for all the same. Servers already running are what holds a short surge; each one costs server-seconds.",
    speed: "10",
    ...quiet,
    rps: SURGE_BUDGET_RPS,
    opening: "surge",
    calmMs: SURGE_BUDGET_CALM_MS,
    surge: SURGE_BUDGET_SHAPE,
  },
];
