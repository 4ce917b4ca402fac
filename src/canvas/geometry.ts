import type { LinkSpec } from "../engine";
import type { Box, CanvasLayout, Point } from "./layout";

/** A box in absolute flow coordinates. */
export type AbsoluteBox = Omit<Box, "parent">;

export function absoluteBox(layout: CanvasLayout, id: string): AbsoluteBox | undefined {
  const box = layout.boxes[id];
  if (!box) return undefined;
  const parent = box.parent ? absoluteBox(layout, box.parent) : undefined;
  return {
    x: box.x + (parent?.x ?? 0),
    y: box.y + (parent?.y ?? 0),
    width: box.width,
    height: box.height,
  };
}

const center = (b: AbsoluteBox): Point => ({ x: b.x + b.width / 2, y: b.y + b.height / 2 });

/** Where the segment from the box's centre towards `toward` leaves the box. */
function borderPoint(b: AbsoluteBox, toward: Point): Point {
  const c = center(b);
  const dx = toward.x - c.x;
  const dy = toward.y - c.y;
  if (dx === 0 && dy === 0) return c;
  const sx = dx === 0 ? Number.POSITIVE_INFINITY : b.width / 2 / Math.abs(dx);
  const sy = dy === 0 ? Number.POSITIVE_INFINITY : b.height / 2 / Math.abs(dy);
  const s = Math.min(sx, sy);
  return { x: c.x + dx * s, y: c.y + dy * s };
}

/** A polyline with its cumulative lengths, for moving a point along it. */
export interface Polyline {
  points: Point[];
  /** `lengths[i]` is the distance from the start to `points[i]`. */
  lengths: number[];
  total: number;
}

export function polyline(points: Point[]): Polyline {
  const lengths = [0];
  let total = 0;
  for (let i = 1; i < points.length; i++) {
    const a = points[i - 1] as Point;
    const b = points[i] as Point;
    total += Math.hypot(b.x - a.x, b.y - a.y);
    lengths.push(total);
  }
  return { points, lengths, total };
}

/**
 * The point at fraction `t` (0..1) of the way along the line, written into `out` (no
 * allocation: the packet layer asks for thousands of points a frame).
 */
export function pointInto(line: Polyline, t: number, out: { x: number; y: number }): void {
  const target = Math.min(Math.max(t, 0), 1) * line.total;
  const { points, lengths } = line;
  for (let i = 1; i < points.length; i++) {
    const end = lengths[i] as number;
    if (target <= end || i === points.length - 1) {
      const start = lengths[i - 1] as number;
      const a = points[i - 1] as Point;
      const b = points[i] as Point;
      const f = end > start ? (target - start) / (end - start) : 0;
      out.x = a.x + (b.x - a.x) * f;
      out.y = a.y + (b.y - a.y) * f;
      return;
    }
  }
  const first = points[0];
  out.x = first?.x ?? 0;
  out.y = first?.y ?? 0;
}

/** The point at fraction `t` (0..1) of the way along the line. */
export function pointAt(line: Polyline, t: number): Point {
  const target = Math.min(Math.max(t, 0), 1) * line.total;
  for (let i = 1; i < line.points.length; i++) {
    const end = line.lengths[i] as number;
    if (target <= end || i === line.points.length - 1) {
      const start = line.lengths[i - 1] as number;
      const a = line.points[i - 1] as Point;
      const b = line.points[i] as Point;
      const f = end > start ? (target - start) / (end - start) : 0;
      return { x: a.x + (b.x - a.x) * f, y: a.y + (b.y - a.y) * f };
    }
  }
  return line.points[0] ?? { x: 0, y: 0 };
}

/** The drawn path of a link, from its `a` end to its `b` end. */
export function linkPath(layout: CanvasLayout, link: LinkSpec): Point[] | undefined {
  const route = layout.routes?.[link.id];
  if (route && route.length >= 2) return route;
  const a = absoluteBox(layout, link.a);
  const b = absoluteBox(layout, link.b);
  if (!a || !b) return undefined;
  return [borderPoint(a, center(b)), borderPoint(b, center(a))];
}

/** SVG path data for a polyline with gently rounded corners. */
export function roundedPathData(points: Point[], radius = 14): string {
  const first = points[0];
  if (!first) return "";
  let d = `M ${first.x} ${first.y}`;
  for (let i = 1; i < points.length - 1; i++) {
    const prev = points[i - 1] as Point;
    const corner = points[i] as Point;
    const next = points[i + 1] as Point;
    const inLen = Math.hypot(corner.x - prev.x, corner.y - prev.y);
    const outLen = Math.hypot(next.x - corner.x, next.y - corner.y);
    const r = Math.min(radius, inLen / 2, outLen / 2);
    const p1 = {
      x: corner.x - ((corner.x - prev.x) / inLen) * r,
      y: corner.y - ((corner.y - prev.y) / inLen) * r,
    };
    const p2 = {
      x: corner.x + ((next.x - corner.x) / outLen) * r,
      y: corner.y + ((next.y - corner.y) / outLen) * r,
    };
    d += ` L ${p1.x} ${p1.y} Q ${corner.x} ${corner.y} ${p2.x} ${p2.y}`;
  }
  const last = points[points.length - 1] as Point;
  d += ` L ${last.x} ${last.y}`;
  return d;
}
