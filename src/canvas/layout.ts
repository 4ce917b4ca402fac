/** Where components sit on the canvas, in flow coordinates. Plain data, one per scene. */
export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
  /** Id of the container this box sits in; `x`/`y` are then relative to it. */
  parent?: string;
  /** Draw the component without its details line (files, code base): where space is short. */
  compact?: boolean;
  /**
   * A machine whose status may take two lines under its name rather than be cut (the database
   * server's "Working · CPU 2/2, 148 waiting": the lesson of its bottleneck); its bar leaves room.
   */
  statusWraps?: boolean;
  /**
   * A dense machine whose bar has room for a second row (a load balancer of the pair: "Holds
   * 8.8.8.8", its status and Kill under its name). Other dense machines keep their bar on one
   * row, its status cut first: wrapped, it would go behind their cards.
   */
  barWraps?: boolean;
}

export interface Point {
  x: number;
  y: number;
}

export interface CanvasLayout {
  /** For people and tests: "wide", "tall". */
  name: string;
  /**
   * For a scaling group: how many of its web servers it draws (the first ones). The canvas
   * shows the layouts that draw just the servers provisioned (see `Canvas`).
   */
  servers?: number;
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
  /**
   * Draw every node in its dense variant (the load-balanced stack's many machines on a
   * projector): a smaller icon, tighter padding, no role line that only repeats the kind, and
   * only Kill on the card (Slow stays in the details and the component list).
   */
  dense?: boolean;
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
    auth: { x: 370, y: 570, width: 350, height: 218 },
    server: { x: 790, y: 0, width: 330, height: 880 },
    nginx: { x: 26, y: 124, width: 278, height: 200, parent: "server" },
    app: { x: 26, y: 362, width: 278, height: 246, parent: "server" },
    mysql: { x: 26, y: 650, width: 278, height: 206, parent: "server" },
  },
  routes: {
    "users-nginx": [
      { x: 670, y: 100 },
      { x: 742, y: 100 },
      { x: 742, y: 138 },
      { x: 816, y: 138 },
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
      { x: 816, y: 162 },
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
 * The same stack for wide screens (a projector, a slide, the canvas without side
 * panels): two rows, the server's processes side by side in the order a request
 * reaches them, the DNS hierarchy underneath. Sized so that at 1024×768 it is
 * drawn at 0.75, a node's name at 17 px and its smallest text at 12 px: the
 * resolver's links to the TLD and the authoritative server run between the rows.
 * The traffic's users sit between your browser and the resolver.
 */
export const oneServerWideLayout: CanvasLayout = {
  name: "wide",
  boxes: {
    browser: { x: 0, y: 22, width: 250, height: 204 },
    users: { x: 0, y: 250, width: 190, height: 152 },
    server: { x: 330, y: 0, width: 1010, height: 356 },
    nginx: { x: 20, y: 76, width: 270, height: 260, parent: "server" },
    app: { x: 370, y: 76, width: 270, height: 260, parent: "server" },
    mysql: { x: 720, y: 76, width: 270, height: 260, parent: "server" },
    resolver: { x: 0, y: 430, width: 250, height: 210 },
    root: { x: 330, y: 440, width: 300, height: 190 },
    tld: { x: 660, y: 440, width: 300, height: 190 },
    auth: { x: 990, y: 430, width: 350, height: 210 },
  },
  routes: {
    "browser-nginx": [
      { x: 250, y: 145 },
      { x: 350, y: 145 },
    ],
    "browser-resolver": [
      { x: 220, y: 226 },
      { x: 220, y: 430 },
    ],
    "users-nginx": [
      { x: 190, y: 320 },
      { x: 350, y: 320 },
    ],
    "users-resolver": [
      { x: 95, y: 402 },
      { x: 95, y: 430 },
    ],
    "resolver-root": [
      { x: 250, y: 535 },
      { x: 330, y: 535 },
    ],
    "resolver-tld": [
      { x: 250, y: 462 },
      { x: 302, y: 462 },
      { x: 302, y: 398 },
      { x: 810, y: 398 },
      { x: 810, y: 440 },
    ],
    "resolver-auth": [
      { x: 250, y: 446 },
      { x: 286, y: 446 },
      { x: 286, y: 380 },
      { x: 1165, y: 380 },
      { x: 1165, y: 430 },
    ],
  },
  labels: {
    "browser-nginx": { x: 290, y: 106, text: "Internet\nTCP 80" },
    "browser-resolver": { x: 240, y: 238, text: "UDP 53" },
    "resolver-root": { x: 290, y: 570, text: "UDP\n53" },
    "users-nginx": null,
    "users-resolver": null,
    "resolver-tld": null,
    "resolver-auth": null,
    "nginx-app": { x: 660, y: 244, text: "FastCGI\n:9000" },
    "app-mysql": { x: 1010, y: 244, text: "SQL\n:3306" },
  },
};

/**
 * The same two rows, wider and lower, for a wide frame with little height (a 1280×720
 * projector or slide under the toolbar, the caption and the traffic strip): wider cards
 * wrap less, so each is lower, and the diagram is drawn at about 0.8.
 */
export const oneServerPanoramaLayout: CanvasLayout = {
  name: "panorama",
  boxes: {
    browser: { x: 0, y: 10, width: 270, height: 196 },
    users: { x: 0, y: 226, width: 222, height: 146 },
    server: { x: 350, y: 0, width: 1150, height: 320 },
    nginx: { x: 20, y: 70, width: 300, height: 230, parent: "server" },
    app: { x: 425, y: 70, width: 300, height: 230, parent: "server" },
    mysql: { x: 830, y: 70, width: 300, height: 230, parent: "server" },
    resolver: { x: 0, y: 390, width: 270, height: 190 },
    root: { x: 350, y: 400, width: 320, height: 170 },
    tld: { x: 710, y: 400, width: 340, height: 170 },
    auth: { x: 1090, y: 390, width: 410, height: 190 },
  },
  routes: {
    "browser-nginx": [
      { x: 270, y: 110 },
      { x: 370, y: 110 },
    ],
    "browser-resolver": [
      { x: 248, y: 206 },
      { x: 248, y: 390 },
    ],
    "users-nginx": [
      { x: 222, y: 284 },
      { x: 370, y: 284 },
    ],
    "users-resolver": [
      { x: 110, y: 372 },
      { x: 110, y: 390 },
    ],
    "resolver-root": [
      { x: 270, y: 482 },
      { x: 350, y: 482 },
    ],
    "resolver-tld": [
      { x: 270, y: 412 },
      { x: 312, y: 412 },
      { x: 312, y: 362 },
      { x: 880, y: 362 },
      { x: 880, y: 400 },
    ],
    "resolver-auth": [
      { x: 270, y: 398 },
      { x: 298, y: 398 },
      { x: 298, y: 346 },
      { x: 1295, y: 346 },
      { x: 1295, y: 390 },
    ],
  },
  labels: {
    "browser-nginx": { x: 310, y: 150, text: "Internet\nTCP 80" },
    "browser-resolver": { x: 290, y: 216, text: "UDP 53" },
    "users-nginx": null,
    "users-resolver": null,
    "resolver-root": { x: 310, y: 518, text: "UDP\n53" },
    "resolver-tld": null,
    "resolver-auth": null,
    "nginx-app": { x: 722, y: 226, text: "FastCGI\n:9000" },
    "app-mysql": { x: 1127, y: 226, text: "SQL\n:3306" },
  },
};

/** The one-server layouts; the canvas shows the one that fits its shape best. */
export const oneServerLayouts: readonly CanvasLayout[] = [
  oneServerTallLayout,
  oneServerWideLayout,
  oneServerPanoramaLayout,
];

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
const FIT_MARGIN = 10;
/** Never blow the diagram up beyond this when fitting (very large screens). */
const FIT_MAX_ZOOM = 1.6;

/**
 * The viewport that shows the whole layout, nodes and links alike, centred in
 * a `width` × `height` pane below `insetTop` pixels kept free (for the zoom buttons and
 * the legend that lie over the pane's top). (React Flow's own fitView only sees nodes.)
 */
export function fitLayout(
  layout: CanvasLayout,
  width: number,
  height: number,
  insetTop = 0,
): { x: number; y: number; zoom: number } {
  const b = layoutBounds(layout);
  const free = Math.max(1, height - insetTop);
  const zoom = Math.max(
    0.05,
    Math.min(FIT_MAX_ZOOM, (width - 2 * FIT_MARGIN) / b.width, (free - 2 * FIT_MARGIN) / b.height),
  );
  return { x: (width - b.width * zoom) / 2, y: insetTop + (free - b.height * zoom) / 2, zoom };
}
