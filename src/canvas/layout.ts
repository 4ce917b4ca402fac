/** Where components sit on the canvas, in flow coordinates. Plain data, one per scene. */
export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
  /** Id of the container this box sits in; `x`/`y` are then relative to it. */
  parent?: string;
}

export interface Point {
  x: number;
  y: number;
}

export interface CanvasLayout {
  /** For people and tests: "wide", "tall". */
  name: string;
  boxes: Record<string, Box>;
  /**
   * Optional routes for links, as points from the link's `a` end to its `b` end.
   * Links without one are drawn straight between the two boxes' borders.
   */
  routes?: Record<string, Point[]>;
  /**
   * Where to put a link's label (default: the middle of its longest segment), and
   * optionally a shorter text for a tight spot; null hides it.
   */
  labels?: Record<string, (Point & { text?: string }) | null>;
}

/**
 * The one-server stack, in three columns: the user's side (browser, resolver),
 * the DNS hierarchy in the middle, below the main path so it does not crowd it,
 * and the server 8.8.8.8 with its processes stacked in the order a request
 * reaches them. The traffic's users sit above the DNS hierarchy, their own line
 * to Nginx just above your browser's.
 */
export const oneServerTallLayout: CanvasLayout = {
  name: "tall",
  boxes: {
    users: { x: 370, y: 0, width: 300, height: 130 },
    browser: { x: 0, y: 40, width: 270, height: 170 },
    resolver: { x: 0, y: 330, width: 270, height: 214 },
    root: { x: 370, y: 214, width: 300, height: 160 },
    tld: { x: 370, y: 392, width: 300, height: 160 },
    auth: { x: 370, y: 570, width: 312, height: 218 },
    server: { x: 760, y: 0, width: 330, height: 858 },
    nginx: { x: 26, y: 124, width: 278, height: 196, parent: "server" },
    app: { x: 26, y: 362, width: 278, height: 246, parent: "server" },
    mysql: { x: 26, y: 650, width: 278, height: 184, parent: "server" },
  },
  routes: {
    "users-nginx": [
      { x: 670, y: 100 },
      { x: 728, y: 100 },
      { x: 728, y: 138 },
      { x: 786, y: 138 },
    ],
    "users-resolver": [
      { x: 370, y: 100 },
      { x: 345, y: 100 },
      { x: 345, y: 262 },
      { x: 235, y: 262 },
      { x: 235, y: 330 },
    ],
    "browser-nginx": [
      { x: 270, y: 162 },
      { x: 786, y: 162 },
    ],
    "browser-resolver": [
      { x: 135, y: 210 },
      { x: 135, y: 330 },
    ],
    "resolver-root": [
      { x: 270, y: 380 },
      { x: 320, y: 380 },
      { x: 320, y: 294 },
      { x: 370, y: 294 },
    ],
    "resolver-tld": [
      { x: 270, y: 425 },
      { x: 320, y: 425 },
      { x: 320, y: 472 },
      { x: 370, y: 472 },
    ],
    "resolver-auth": [
      { x: 270, y: 470 },
      { x: 300, y: 470 },
      { x: 300, y: 679 },
      { x: 370, y: 679 },
    ],
  },
  // The three resolver links share one label, so they do not crowd each other.
  labels: {
    "browser-nginx": { x: 528, y: 182 },
    "resolver-root": { x: 320, y: 337 },
    "resolver-tld": null,
    "resolver-auth": null,
    // The users' links are the same kinds as your browser's, labelled there.
    "users-nginx": null,
    "users-resolver": null,
  },
};

/**
 * The same stack for wide screens (a projector, or the canvas without side
 * panels): two rows, the server's processes side by side in the order a
 * request reaches them, the DNS hierarchy underneath. The traffic's users sit
 * above your browser, each with a line to Nginx and one down to the resolver.
 */
export const oneServerWideLayout: CanvasLayout = {
  name: "wide",
  boxes: {
    users: { x: 0, y: 0, width: 260, height: 130 },
    browser: { x: 0, y: 190, width: 260, height: 170 },
    server: { x: 460, y: 0, width: 1030, height: 370 },
    nginx: { x: 26, y: 96, width: 270, height: 250, parent: "server" },
    app: { x: 380, y: 96, width: 270, height: 250, parent: "server" },
    mysql: { x: 734, y: 96, width: 270, height: 250, parent: "server" },
    resolver: { x: 0, y: 424, width: 260, height: 224 },
    root: { x: 460, y: 424, width: 300, height: 160 },
    tld: { x: 800, y: 424, width: 300, height: 160 },
    auth: { x: 1140, y: 424, width: 350, height: 218 },
  },
  routes: {
    "users-nginx": [
      { x: 260, y: 56 },
      { x: 420, y: 56 },
      { x: 420, y: 130 },
      { x: 486, y: 130 },
    ],
    "users-resolver": [
      { x: 260, y: 104 },
      { x: 290, y: 104 },
      { x: 290, y: 450 },
      { x: 260, y: 450 },
    ],
    "browser-nginx": [
      { x: 260, y: 290 },
      { x: 486, y: 290 },
    ],
    "browser-resolver": [
      { x: 110, y: 360 },
      { x: 110, y: 424 },
    ],
    "resolver-root": [
      { x: 260, y: 504 },
      { x: 460, y: 504 },
    ],
    "resolver-tld": [
      { x: 190, y: 648 },
      { x: 190, y: 664 },
      { x: 950, y: 664 },
      { x: 950, y: 584 },
    ],
    "resolver-auth": [
      { x: 225, y: 648 },
      { x: 225, y: 694 },
      { x: 1315, y: 694 },
      { x: 1315, y: 642 },
    ],
  },
  labels: {
    "browser-nginx": { x: 380, y: 269 },
    "users-nginx": null,
    "users-resolver": null,
    "resolver-root": { x: 360, y: 485 },
    "resolver-tld": null,
    "resolver-auth": null,
    "nginx-app": { x: 798, y: 260, text: "127.0.0.1\n:9000" },
    "app-mysql": { x: 1152, y: 260, text: "127.0.0.1\n:3306" },
  },
};

/** The one-server layouts; the canvas shows the one that fits its shape best. */
export const oneServerLayouts: readonly CanvasLayout[] = [oneServerTallLayout, oneServerWideLayout];

/** The size of everything a layout draws, in flow units. */
export function layoutBounds(layout: CanvasLayout): { width: number; height: number } {
  let width = 0;
  let height = 0;
  for (const box of Object.values(layout.boxes)) {
    const parent = box.parent ? layout.boxes[box.parent] : undefined;
    width = Math.max(width, box.x + (parent?.x ?? 0) + box.width);
    height = Math.max(height, box.y + (parent?.y ?? 0) + box.height);
  }
  for (const route of Object.values(layout.routes ?? {})) {
    for (const p of route) {
      width = Math.max(width, p.x);
      height = Math.max(height, p.y);
    }
  }
  return { width, height };
}

/** The layout that can be drawn largest in a `width` × `height` area. */
export function bestLayout(
  layouts: readonly CanvasLayout[],
  width: number,
  height: number,
): CanvasLayout {
  let best = layouts[0];
  let bestZoom = -1;
  for (const layout of layouts) {
    const b = layoutBounds(layout);
    const zoom = Math.min(width / b.width, height / b.height);
    if (zoom > bestZoom) {
      bestZoom = zoom;
      best = layout;
    }
  }
  if (!best) throw new Error("CANVAS_NO_LAYOUT: at least one layout is needed");
  return best;
}

/** Space kept around the diagram, in screen pixels. */
const FIT_MARGIN = 16;
/** Never blow the diagram up beyond this when fitting (very large screens). */
const FIT_MAX_ZOOM = 1.6;

/**
 * The viewport that shows the whole layout, nodes and links alike, centred in
 * a `width` × `height` pane. (React Flow's own fitView only sees nodes.)
 */
export function fitLayout(
  layout: CanvasLayout,
  width: number,
  height: number,
): { x: number; y: number; zoom: number } {
  const b = layoutBounds(layout);
  const zoom = Math.max(
    0.05,
    Math.min(
      FIT_MAX_ZOOM,
      (width - 2 * FIT_MARGIN) / b.width,
      (height - 2 * FIT_MARGIN) / b.height,
    ),
  );
  return { x: (width - b.width * zoom) / 2, y: (height - b.height * zoom) / 2, zoom };
}
