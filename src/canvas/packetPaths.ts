import type { CompiledTopology } from "../engine";
import { linkPath, type Polyline, polyline } from "./geometry";
import type { CanvasLayout, Point } from "./layout";

/**
 * The on-screen path a packet from component `from` to component `to` follows:
 * the links of the engine's route, each oriented in the direction of travel.
 * Cached, since routes never change for a topology.
 */
export function createPacketPaths(topology: CompiledTopology, layout: CanvasLayout) {
  const cache = new Map<number, Polyline | null>();
  const n = topology.specs.length;
  return (from: number, to: number): Polyline | null => {
    const key = from * n + to;
    let line = cache.get(key);
    if (line === undefined) {
      line = build(from, to);
      cache.set(key, line);
    }
    return line;
  };

  function build(from: number, to: number): Polyline | null {
    const route = topology.route(from, to);
    if (!route || route.length === 0) return null;
    const points: Point[] = [];
    let at = topology.specs[from]?.id;
    for (const l of route) {
      const link = topology.links[l];
      if (!link) return null;
      const path = linkPath(layout, link);
      if (!path) return null;
      const forward = link.a === at;
      points.push(...(forward ? path : [...path].reverse()));
      at = forward ? link.b : link.a;
    }
    return polyline(points);
  }
}
