import type { Box, CanvasLayout, Point } from "./layout";

/**
 * Layouts of the load-balanced stack (src/scenes/distributed.ts): your browser and the users
 * on the left, the load balancer's machine with HAProxy next, the web servers stacked (each a
 * machine with Nginx and the application server side by side, in the order a request reaches
 * them), the database server on the right; the DNS hierarchy under them ("wide") or beside
 * your browser ("panorama", for a wide, low frame), or everything in rows ("tall").
 * Generated for 1 to 8 web servers: ids as `webServerIds` names them.
 */
export function distributedLayouts(webServers: number): CanvasLayout[] {
  return [
    bands("wide", webServers, { dnsBelow: true }),
    bands("panorama", webServers, { dnsBelow: false }),
    tall(webServers),
  ];
}

/** Card sizes shared by the layouts (flow units; a node's name is 22 units high). */
const CARD_W = 250;
const CARD_H = 166;
/** Gap between Nginx and the application server inside a web server. */
const CARD_GAP = 60;
/** A machine's title bar above its processes (its name, status and Kill in one row). */
const HOST_BAR = 72;
/** The same in a narrow machine, where the status and Kill go under the name. */
const NARROW_BAR = 150;
const HOST_PAD = 14;
const WEB_W = HOST_PAD + CARD_W + CARD_GAP + CARD_W + HOST_PAD;
const WEB_H = HOST_BAR + CARD_H + HOST_PAD;
const WEB_GAP = 16;
const LB_W = 280;
const DB_W = 280;
/** Gap between machines, wide enough for a link's two-line label. */
const LINK_GAP = 72;
const DNS_H = 170;

interface Frame {
  boxes: Record<string, Box>;
  routes: Record<string, Point[]>;
  labels: NonNullable<CanvasLayout["labels"]>;
}

/**
 * The main path (LB, web servers, database) starting at `x0`, `y0`, with the users' and your
 * browser's links coming in at `browserY` and `usersY` from `leftX`.
 */
function mainPath(
  f: Frame,
  n: number,
  x0: number,
  y0: number,
  left: { x: number; browserY: number; usersX: number; usersY: number },
): { width: number; height: number } {
  const height = Math.max(n * (WEB_H + WEB_GAP) - WEB_GAP, 420);
  const lbX = x0;
  const webX = lbX + LB_W + LINK_GAP;
  const dbX = webX + WEB_W + LINK_GAP;
  f.boxes.lb = { x: lbX, y: y0, width: LB_W, height };
  f.boxes.haproxy = {
    x: HOST_PAD,
    y: NARROW_BAR,
    width: LB_W - 2 * HOST_PAD,
    height: height - NARROW_BAR - HOST_PAD,
    parent: "lb",
  };
  f.boxes.db = { x: dbX, y: y0, width: DB_W, height };
  f.boxes.mysql = {
    x: HOST_PAD,
    y: NARROW_BAR,
    width: DB_W - 2 * HOST_PAD,
    height: Math.min(height - NARROW_BAR - HOST_PAD, 170),
    parent: "db",
    compact: true,
  };
  const lbRight = lbX + LB_W - HOST_PAD;
  const haproxyTop = y0 + NARROW_BAR + 8;
  const haproxyBottom = y0 + height - HOST_PAD - 8;
  const mysqlTop = y0 + NARROW_BAR + 8;
  const mysqlBottom = y0 + NARROW_BAR + (f.boxes.mysql.height as number) - 8;
  f.routes["browser-haproxy"] = [
    { x: left.x, y: left.browserY },
    { x: lbX + HOST_PAD, y: left.browserY },
  ];
  f.routes["users-haproxy"] = [
    { x: left.usersX, y: left.usersY },
    { x: lbX + HOST_PAD, y: left.usersY },
  ];
  f.labels["users-haproxy"] = null;
  for (let k = 1; k <= n; k++) {
    const host = `web${k}`;
    const y = y0 + (k - 1) * (WEB_H + WEB_GAP);
    f.boxes[host] = { x: webX, y, width: WEB_W, height: WEB_H };
    f.boxes[`${host}-nginx`] = {
      x: HOST_PAD,
      y: HOST_BAR,
      width: CARD_W,
      height: CARD_H,
      parent: host,
      compact: true,
    };
    f.boxes[`${host}-app`] = {
      x: HOST_PAD + CARD_W + CARD_GAP,
      y: HOST_BAR,
      width: CARD_W,
      height: CARD_H,
      parent: host,
      compact: true,
    };
    const mid = y + HOST_BAR + CARD_H / 2;
    const nginxLeft = webX + HOST_PAD;
    const fromY = clamp(mid, haproxyTop, haproxyBottom);
    const elbowX = lbRight + (LINK_GAP + HOST_PAD) / 2;
    f.routes[`haproxy-${host}-nginx`] =
      fromY === mid
        ? [
            { x: lbRight, y: mid },
            { x: nginxLeft, y: mid },
          ]
        : [
            { x: lbRight, y: fromY },
            { x: elbowX, y: fromY },
            { x: elbowX, y: mid },
            { x: nginxLeft, y: mid },
          ];
    const appRight = webX + WEB_W - HOST_PAD;
    const toY = clamp(mid, mysqlTop, mysqlBottom - (n - k) * 12);
    const mysqlLeft = dbX + HOST_PAD;
    const elbow2 = appRight + (LINK_GAP + HOST_PAD) / 2 - (k - 1) * 10;
    f.routes[`${host}-app-mysql`] =
      toY === mid
        ? [
            { x: appRight, y: mid },
            { x: mysqlLeft, y: mid },
          ]
        : [
            { x: appRight, y: mid },
            { x: elbow2, y: mid },
            { x: elbow2, y: toY },
            { x: mysqlLeft, y: toY },
          ];
    const first = k === 1;
    f.labels[`haproxy-${host}-nginx`] = first
      ? { x: lbRight + (LINK_GAP + HOST_PAD) / 2, y: mid - 34, text: "LAN\n:80" }
      : null;
    f.labels[`${host}-nginx-${host}-app`] = first
      ? {
          x: webX + HOST_PAD + CARD_W + CARD_GAP / 2,
          y: y + HOST_BAR + CARD_H - 30,
          text: "Fast\nCGI",
        }
      : null;
    f.labels[`${host}-app-mysql`] = first
      ? { x: appRight + (LINK_GAP + HOST_PAD) / 2, y: mid - 34, text: "SQL\n:3306" }
      : null;
  }
  return { width: dbX + DB_W - x0, height };
}

function clamp(v: number, lo: number, hi: number): number {
  return Math.min(Math.max(v, lo), Math.max(lo, hi));
}

/** The DNS hierarchy's links from the resolver: root straight, TLD and auth over a lane. */
function dnsRow(f: Frame, x0: number, y: number, laneY: number): number {
  const rootX = x0;
  const tldX = rootX + 290 + 24;
  const authX = tldX + 290 + 24;
  f.boxes.root = { x: rootX, y, width: 290, height: DNS_H };
  f.boxes.tld = { x: tldX, y, width: 290, height: DNS_H };
  f.boxes.auth = { x: authX, y: y - 10, width: 350, height: DNS_H + 20 };
  const resolver = f.boxes.resolver as Box;
  const rRight = resolver.x + resolver.width;
  f.routes["resolver-root"] = [
    { x: rRight, y: y + 100 },
    { x: rootX, y: y + 100 },
  ];
  f.routes["resolver-tld"] = [
    { x: rRight, y: y + 30 },
    { x: rRight + 30, y: y + 30 },
    { x: rRight + 30, y: laneY },
    { x: tldX + 145, y: laneY },
    { x: tldX + 145, y },
  ];
  f.routes["resolver-auth"] = [
    { x: rRight, y: y + 14 },
    { x: rRight + 16, y: y + 14 },
    { x: rRight + 16, y: laneY - 18 },
    { x: authX + 175, y: laneY - 18 },
    { x: authX + 175, y: y - 10 },
  ];
  f.labels["resolver-root"] = { x: rRight + 30, y: y + 136, text: "UDP\n53" };
  f.labels["resolver-tld"] = null;
  f.labels["resolver-auth"] = null;
  return authX + 350;
}

/**
 * Two bands: the main path on top with your browser and the users on its left, the resolver
 * and the DNS hierarchy under it (`dnsBelow`); or one band, the DNS hierarchy in a column
 * between the users and the load balancer.
 */
function bands(name: string, n: number, { dnsBelow }: { dnsBelow: boolean }): CanvasLayout {
  const f: Frame = { boxes: {}, routes: {}, labels: {} };
  f.boxes.browser = { x: 0, y: 20, width: 250, height: 190 };
  f.boxes.users = { x: 0, y: 236, width: 200, height: 150 };
  f.labels["browser-haproxy"] = { x: 286, y: 78, text: "Internet\nTCP 80" };
  f.labels["users-resolver"] = null;
  if (dnsBelow) {
    const main = mainPath(f, n, 320, 0, { x: 250, browserY: 115, usersX: 200, usersY: 311 });
    const rowY = main.height + 70;
    f.boxes.resolver = { x: 0, y: rowY - 10, width: 250, height: DNS_H + 20 };
    f.routes["browser-resolver"] = [
      { x: 226, y: 210 },
      { x: 226, y: rowY - 10 },
    ];
    f.routes["users-resolver"] = [
      { x: 100, y: 386 },
      { x: 100, y: rowY - 10 },
    ];
    f.labels["browser-resolver"] = { x: 250, y: 228, text: "UDP 53" };
    dnsRow(f, 320, rowY, rowY - 22);
    return { name, ...f };
  }
  // Panorama: resolver under the users, the DNS servers in a column beside them.
  f.boxes.resolver = { x: 0, y: 420, width: 250, height: DNS_H + 20 };
  f.routes["browser-resolver"] = [
    { x: 226, y: 210 },
    { x: 226, y: 420 },
  ];
  f.routes["users-resolver"] = [
    { x: 100, y: 386 },
    { x: 100, y: 420 },
  ];
  f.labels["browser-resolver"] = { x: 250, y: 228, text: "UDP 53" };
  const dnsX = 330;
  const dnsW = 300;
  const dnsY = 250;
  f.boxes.root = { x: dnsX, y: dnsY, width: dnsW, height: 140, compact: true };
  f.boxes.tld = { x: dnsX, y: dnsY + 154, width: dnsW, height: 140, compact: true };
  f.boxes.auth = { x: dnsX, y: dnsY + 308, width: dnsW + 40, height: 190 };
  const rRight = 250;
  f.routes["resolver-root"] = [
    { x: rRight, y: 440 },
    { x: 290, y: 440 },
    { x: 290, y: dnsY + 70 },
    { x: dnsX, y: dnsY + 70 },
  ];
  f.routes["resolver-tld"] = [
    { x: rRight, y: 470 },
    { x: 302, y: 470 },
    { x: 302, y: dnsY + 224 },
    { x: dnsX, y: dnsY + 224 },
  ];
  f.routes["resolver-auth"] = [
    { x: rRight, y: 590 },
    { x: dnsX, y: 590 },
  ];
  f.labels["resolver-root"] = { x: 292, y: 630, text: "UDP\n53" };
  f.labels["resolver-tld"] = null;
  f.labels["resolver-auth"] = null;
  // The browser's line to HAProxy passes above the DNS column.
  mainPath(f, n, dnsX + dnsW + 40 + 70, 0, {
    x: 250,
    browserY: 115,
    usersX: 200,
    usersY: 200,
  });
  f.routes["users-haproxy"] = [
    { x: 200, y: 300 },
    { x: 300, y: 300 },
    { x: 300, y: 200 },
    { x: dnsX + dnsW + 40 + 70 + HOST_PAD, y: 200 },
  ];
  return { name, ...f };
}

/** Rows, for a tall frame (a tablet upright): the user's side and DNS on top, the servers under. */
function tall(n: number): CanvasLayout {
  const f: Frame = { boxes: {}, routes: {}, labels: {} };
  f.boxes.browser = { x: 0, y: 20, width: 250, height: 190 };
  f.boxes.users = { x: 0, y: 236, width: 200, height: 150 };
  f.boxes.resolver = { x: 300, y: 20, width: 260, height: DNS_H + 20 };
  f.routes["browser-resolver"] = [
    { x: 250, y: 100 },
    { x: 300, y: 100 },
  ];
  f.routes["users-resolver"] = [
    { x: 200, y: 300 },
    { x: 430, y: 300 },
    { x: 430, y: 210 },
  ];
  f.labels["users-resolver"] = null;
  f.labels["browser-resolver"] = { x: 275, y: 60, text: "UDP\n53" };
  f.boxes.root = { x: 610, y: 0, width: 300, height: 140, compact: true };
  f.boxes.tld = { x: 610, y: 154, width: 300, height: 140, compact: true };
  f.boxes.auth = { x: 610, y: 308, width: 340, height: 190 };
  f.routes["resolver-root"] = [
    { x: 560, y: 70 },
    { x: 610, y: 70 },
  ];
  f.routes["resolver-tld"] = [
    { x: 560, y: 180 },
    { x: 610, y: 180 },
  ];
  f.routes["resolver-auth"] = [
    { x: 530, y: 210 },
    { x: 530, y: 403 },
    { x: 610, y: 403 },
  ];
  f.labels["resolver-root"] = null;
  f.labels["resolver-tld"] = null;
  f.labels["resolver-auth"] = null;
  const y0 = 540;
  mainPath(f, n, 0, y0, { x: 125, browserY: 0, usersX: 100, usersY: 0 });
  // Into the load balancer from above: your browser's line and the users'.
  const lbTop = y0 + HOST_BAR;
  f.routes["browser-haproxy"] = [
    { x: 60, y: 210 },
    { x: 60, y: lbTop },
  ];
  f.routes["users-haproxy"] = [
    { x: 150, y: 386 },
    { x: 150, y: lbTop },
  ];
  f.labels["browser-haproxy"] = { x: 90, y: 440, text: "Internet\nTCP 80" };
  return { name: "tall", ...f };
}
