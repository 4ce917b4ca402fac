import type { CanvasLayout } from "./layout";

/** A rectangle: flow coordinates for title bands, screen pixels for labels. */
export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** The top of a component's card that holds its icon, name and role (flow px). */
const COMPONENT_TITLE = 70;
/** The top of a machine's frame that holds its name and address (flow px). */
const MACHINE_TITLE = 50;

/**
 * Where each box's title is drawn, in flow coordinates: the bands a packet label must not
 * cover. A box that others sit in (a machine) has a shorter title band than a card.
 */
export function titleBands(layout: CanvasLayout): Rect[] {
  const parents = new Set(Object.values(layout.boxes).flatMap((b) => (b.parent ? [b.parent] : [])));
  return Object.entries(layout.boxes).map(([id, box]) => {
    const parent = box.parent ? layout.boxes[box.parent] : undefined;
    return {
      x: box.x + (parent?.x ?? 0),
      y: box.y + (parent?.y ?? 0),
      width: box.width,
      height: Math.min(box.height, parents.has(id) ? MACHINE_TITLE : COMPONENT_TITLE),
    };
  });
}

const overlaps = (a: Rect, b: Rect) =>
  a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

/**
 * Where a packet's label goes (its centre, screen px): above the dot if that covers no
 * title and no label placed before it this frame, else below it, else beside it, left or
 * right; if every place is taken, above (a label is never dropped: it tells the fact).
 * `titles` are in screen px; the chosen rectangle is added to `placed`.
 */
export function placeLabel(
  x: number,
  y: number,
  gap: number,
  width: number,
  height: number,
  titles: readonly Rect[],
  placed: Rect[],
): { x: number; y: number } {
  const candidates = [
    { x, y: y - gap },
    { x, y: y + gap },
    { x: x - width / 2 - gap, y },
    { x: x + width / 2 + gap, y },
  ];
  const rectAt = (c: { x: number; y: number }): Rect => ({
    x: c.x - width / 2,
    y: c.y - height / 2,
    width,
    height,
  });
  const free = candidates.find((c) => {
    const r = rectAt(c);
    return !titles.some((t) => overlaps(r, t)) && !placed.some((p) => overlaps(r, p));
  });
  const chosen = free ?? (candidates[0] as { x: number; y: number });
  placed.push(rectAt(chosen));
  return chosen;
}
