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
  boxes: Record<string, Box>;
  /**
   * Optional routes for links, as points from the link's `a` end to its `b` end.
   * Links without one are drawn straight between the two boxes' borders.
   */
  routes?: Record<string, Point[]>;
  /** Where to put a link's label (default: the middle of its longest segment); null hides it. */
  labels?: Record<string, Point | null>;
}

/**
 * The one-server stack, in three columns: the user's side (browser, resolver),
 * the DNS hierarchy in the middle, below the main path so it does not crowd it,
 * and the server 8.8.8.8 with its processes stacked in the order a request
 * reaches them.
 */
export const oneServerLayout: CanvasLayout = {
  boxes: {
    browser: { x: 0, y: 40, width: 270, height: 170 },
    resolver: { x: 0, y: 330, width: 270, height: 170 },
    root: { x: 370, y: 222, width: 300, height: 142 },
    tld: { x: 370, y: 384, width: 300, height: 142 },
    auth: { x: 370, y: 546, width: 300, height: 204 },
    server: { x: 760, y: 0, width: 330, height: 770 },
    nginx: { x: 26, y: 70, width: 278, height: 190, parent: "server" },
    app: { x: 26, y: 320, width: 278, height: 200, parent: "server" },
    mysql: { x: 26, y: 580, width: 278, height: 164, parent: "server" },
  },
  routes: {
    "browser-nginx": [
      { x: 270, y: 125 },
      { x: 786, y: 125 },
    ],
    "browser-resolver": [
      { x: 135, y: 210 },
      { x: 135, y: 330 },
    ],
    "resolver-root": [
      { x: 270, y: 372 },
      { x: 320, y: 372 },
      { x: 320, y: 293 },
      { x: 370, y: 293 },
    ],
    "resolver-tld": [
      { x: 270, y: 415 },
      { x: 320, y: 415 },
      { x: 320, y: 455 },
      { x: 370, y: 455 },
    ],
    "resolver-auth": [
      { x: 270, y: 458 },
      { x: 300, y: 458 },
      { x: 300, y: 648 },
      { x: 370, y: 648 },
    ],
  },
  // The three resolver links share one label, so they do not crowd each other.
  labels: {
    "browser-nginx": { x: 528, y: 104 },
    "resolver-root": { x: 320, y: 333 },
    "resolver-tld": null,
    "resolver-auth": null,
  },
};
