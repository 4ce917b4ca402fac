import { distributedLayouts, scalingLayouts } from "../canvas/distributedLayout";
import { type CanvasLayout, oneServerLayouts } from "../canvas/layout";
import type { Topology } from "../engine";
import { blueGreenTopology, httpCheckTopology } from "./deployScenes";
import { distributedTopology, MAX_WEB_SERVERS } from "./distributed";
import { haPairTopology } from "./haPair";
import { oneServerTopology } from "./oneServer";
import { SURGE_POLICY, scalingTopology } from "./scalingScenes";

/**
 * An architecture: the components and links a scene runs on (a topology, plain data) and how
 * the canvas draws them (layouts, the best fitting one chosen by the canvas's shape). A scene
 * names one; later architectures (a pair of load balancers, a replicated database) are more
 * entries here.
 */
export interface Architecture {
  id: string;
  /** What the diagram shows, for its landmark's name: "The one-server stack". */
  title: string;
  topology: Topology;
  layouts: readonly CanvasLayout[];
}

export const ARCHITECTURES = {
  "one-server": {
    id: "one-server",
    title: "The one-server stack",
    topology: oneServerTopology,
    layouts: oneServerLayouts,
  },
  distributed: {
    id: "distributed",
    title: "The load-balanced stack",
    // MySQL's primary on web1, its replica on web2; 10 % of visits write (post a comment).
    topology: distributedTopology({ webServers: 2 }),
    layouts: distributedLayouts(2, { database: "replicated" }),
  },
  "web-tier": {
    id: "web-tier",
    title: "The load-balanced stack with a database server",
    // The same HAProxy and web servers, but one MySQL on a machine of its own (db, 10.0.0.21):
    // a web server that dies takes no database with it (server-failover's lesson).
    topology: distributedTopology({ webServers: 2, database: "single" }),
    layouts: distributedLayouts(2, { database: "single" }),
  },
  "ha-pair": {
    id: "ha-pair",
    title: "The stack with a pair of load balancers",
    // lb1 and lb2 (HAProxy and keepalived each) share 8.8.8.8; the replicated database.
    topology: haPairTopology({}),
    layouts: distributedLayouts(2, { database: "replicated", lbPair: true }),
  },
  rolling: {
    id: "rolling",
    title: "The load-balanced stack, checked over HTTP",
    // The distributed stack with option httpchk GET /health: a broken release fails the check.
    topology: httpCheckTopology(2),
    layouts: distributedLayouts(2, { database: "replicated" }),
  },
  "blue-green": {
    id: "blue-green",
    title: "The load-balanced stack with blue and green servers",
    // web1, web2 serve (blue); web3, web4 idle in maintenance (green); the HTTP check.
    topology: blueGreenTopology(),
    layouts: distributedLayouts(4, { database: "replicated" }),
  },
  // Up to ten web servers that boot and join, or drain and power off; MySQL on its own server.
  "scale-group": {
    id: "scale-group",
    title: "The load-balanced stack with a scaling group",
    topology: scalingTopology({ initial: 2 }),
    layouts: scalingLayouts(10),
  },
  // The same group with one server running: a single point of failure (a challenge's start).
  "scale-one": {
    id: "scale-one",
    title: "The load-balanced stack with a scaling group of one",
    topology: scalingTopology({ initial: 1 }),
    layouts: scalingLayouts(10),
  },
  // The same group with all ten servers running: the database becomes the bottleneck.
  "scale-ten": {
    id: "scale-ten",
    title: "The load-balanced stack with ten web servers",
    topology: scalingTopology({ initial: MAX_WEB_SERVERS }),
    layouts: scalingLayouts(10),
  },
  // The same ten servers, their reads taken by two read replicas of the database.
  "read-replicas": {
    id: "read-replicas",
    title: "The load-balanced stack with ten web servers and read replicas",
    topology: scalingTopology({ initial: MAX_WEB_SERVERS, readReplicas: 2 }),
    layouts: scalingLayouts(10, 2),
  },
  autoscaling: {
    id: "autoscaling",
    title: "The load-balanced stack with an autoscaler",
    topology: scalingTopology({ initial: 2, autoscaling: SURGE_POLICY }),
    layouts: scalingLayouts(10),
  },
} as const satisfies Record<string, Architecture>;

export type ArchitectureId = keyof typeof ARCHITECTURES;

export function architectureById(id: ArchitectureId): Architecture {
  return ARCHITECTURES[id];
}

/** The architecture a scene runs on (the one-server stack unless it names another). */
export function architectureOf(scene: { architecture?: ArchitectureId }): Architecture {
  return ARCHITECTURES[scene.architecture ?? "one-server"];
}
