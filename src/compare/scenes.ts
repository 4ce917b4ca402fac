import type { DeployMode } from "../engine";
import { ARCHITECTURES, type ArchitectureId } from "../scenes/architectures";
import type { SettingChange } from "../scenes/catalog";
import { webServerIds } from "../scenes/distributed";
import { ONE_SERVER_IDS } from "../scenes/oneServer";

/**
 * How a deploy goes out. `all-at-once` is today's deploy; the others (rolling, blue-green,
 * canary) are the strategies, run only where the engine has them (see strategies.ts).
 */
export const DEPLOY_STRATEGIES = ["all-at-once", "rolling", "blue-green", "canary"] as const;
export type DeployStrategy = (typeof DEPLOY_STRATEGIES)[number];

/** A component id on each side (the same part has different ids on different architectures). */
export type SideIds = string | readonly [string, string];

/**
 * One step of a compare script, run on both sides at the same simulated time `at` (ms from
 * the start). Plain data: the driver (driver.ts) runs it.
 */
export type CompareStep =
  | { at: number; do: "rps"; rps: number }
  | { at: number; do: "surge"; factor?: number; holdMs?: number; easeMs?: number }
  | { at: number; do: "kill" | "revive"; component: SideIds }
  | {
      at: number;
      do: "deploy";
      /** The strategy on both sides; without it, each side's own (`CompareSide.deploy`). */
      strategy?: DeployStrategy;
      mode?: DeployMode;
    };

/** One side of a comparison: an architecture, its honest label, and what differs on it. */
export interface CompareSide {
  architecture: ArchitectureId;
  /** What the class reads above its diagram and in the table: "One server". */
  label: string;
  /** A longer, exact description, for the diagram's landmark and the table's header title. */
  description: string;
  /** Capacities changed from the architecture's own at the start. */
  settings?: readonly SettingChange[];
  /** How this side deploys when a `deploy` step names no strategy. */
  deploy?: DeployStrategy;
}

/** Two architectures (or two ways of running one), one seed, one script, one clock. */
export interface CompareScene {
  id: string;
  title: string;
  /** One paragraph for the class: what runs on each side, and what to look for. */
  explanation: string;
  /** Playback speed at first (compare mode has no slow motion: it always has traffic). */
  speed: CompareSpeed;
  /** Steady traffic on both sides from the start (visits per second). */
  rps: number;
  /** The share of visits that write (post a comment), on both sides; 0 makes the traffic the same pages. */
  writeShare: number;
  sides: readonly [CompareSide, CompareSide];
  /** What happens, in order of `at`. */
  script: readonly CompareStep[];
}

export type CompareSpeed = "0.1" | "1" | "10" | "100";

/** The one-server stack, as the table and the diagram's heading say it. */
export const ONE_SERVER_SIDE: CompareSide = {
  architecture: "one-server",
  label: "One server",
  description: "One server, 8.8.8.8: Nginx, the application server and MySQL on one machine",
};

/** The load-balanced stack: HAProxy on its own machine, two web servers (three servers). */
export const DISTRIBUTED_SIDE: CompareSide = {
  architecture: "distributed",
  label: "Three servers: HAProxy + 2 web servers",
  description:
    "Three servers: HAProxy on 8.8.8.8 and two web servers (Nginx and the application server each), MySQL's primary on web1 and its replica on web2",
};

/** The label and description of an architecture when a link names it (`compare=a,b`). */
export function sideOf(architecture: ArchitectureId): CompareSide {
  if (architecture === "one-server") return ONE_SERVER_SIDE;
  if (architecture === "distributed") return DISTRIBUTED_SIDE;
  const a = ARCHITECTURES[architecture];
  return { architecture, label: a.title, description: a.title };
}

/** Nginx with room for the surge's connections on every web server (as in the `surge` scene). */
const ROOMY_NGINX = 16_384;
const web1 = webServerIds(1);
const web2 = webServerIds(2);

/** The comparisons a teacher can open by name (`?compare=compare-surge`). */
export const COMPARE_SCENES: readonly CompareScene[] = [
  {
    id: "compare-surge",
    title: "The same surge: one server vs three",
    explanation:
      "Both sides get the same script from the same seed: sixty visits per second (every visit reads the home page), and after 10 s ten times that for 20 s, easing back over 10 s: the surge scene's surge. Left, the one-server stack: its two cores serve about 118 pages a second, the rest queue in PHP-FPM's backlog; when it is full, new connections are dropped and retried, and after 60 s Nginx answers 504 Gateway Time-out. Right, HAProxy spreads the same visits over two web servers, twice the cores: the queue grows half as fast and drains sooner, so far fewer visits fail. Two web servers are still not enough for ×10: both slow down. (Nginx has 16384 worker_connections on every web server here, as in the surge scene. The random draws of the two sides differ after the first packet, so their visits arrive at the same rate, not at identical instants.)",
    speed: "10",
    rps: 60,
    writeShare: 0,
    sides: [
      {
        ...ONE_SERVER_SIDE,
        settings: [
          { component: ONE_SERVER_IDS.nginx, setting: "workerConnections", value: ROOMY_NGINX },
        ],
      },
      {
        ...DISTRIBUTED_SIDE,
        settings: [
          { component: web1.nginx, setting: "workerConnections", value: ROOMY_NGINX },
          { component: web2.nginx, setting: "workerConnections", value: ROOMY_NGINX },
        ],
      },
    ],
    script: [{ at: 10_000, do: "surge", factor: 10, holdMs: 20_000, easeMs: 10_000 }],
  },
  {
    id: "compare-deploy",
    title: "The same deploy: all at once vs rolling",
    explanation:
      "Both sides are the same load-balanced stack (HAProxy checking each web server with GET /health, two web servers) under the same twenty visits per second, and at 10 s both deploy code v2 with a restart. Left, all at once: PHP-FPM and then Nginx restart on web1 and web2 together, so for a few seconds no server can answer: Nginx's 502s, then refused connections, a gap in the outage timeline. Right, rolling: HAProxy drains web1 (no new requests, those in flight finish), it is deployed and restarted while web2 carries every visit, it returns once two health checks pass, then web2 gets the same: two versions serve at once for a while, and no visit fails. (The random draws of the two sides differ after the first packet, so their visits arrive at the same rate, not at identical instants.)",
    speed: "1",
    rps: 20,
    writeShare: 0,
    sides: [
      {
        architecture: "rolling",
        label: "All at once",
        description:
          "HAProxy and two web servers (HTTP health check); the deploy restarts every server at once",
        deploy: "all-at-once",
      },
      {
        architecture: "rolling",
        label: "Rolling",
        description:
          "The same HAProxy and two web servers; the deploy drains, restarts and checks one server at a time",
        deploy: "rolling",
      },
    ],
    script: [{ at: 10_000, do: "deploy", mode: "restart" }],
  },
];

export function compareSceneById(id: string): CompareScene | undefined {
  return COMPARE_SCENES.find((s) => s.id === id);
}

/**
 * What a link's `compare=a,b` runs: the same steady traffic on both sides, with each
 * architecture's own settings (a surge, a kill or a deploy is a comparison of its own, or a
 * click on one side's diagram).
 */
export function adHocScene(a: ArchitectureId, b: ArchitectureId, rps: number): CompareScene {
  const left = sideOf(a);
  const right = sideOf(b);
  return {
    id: `${a},${b}`,
    title: `${left.label} vs ${right.label}`,
    explanation: `The same seed and the same steady traffic on both sides: ${rps} visits per second, every one reading the home page. Each side runs its architecture's own settings.`,
    speed: "1",
    rps,
    writeShare: 0,
    sides: [left, right],
    script: [],
  };
}
