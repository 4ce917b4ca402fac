import type { Box, CanvasLayout, Point } from "./layout";

/**
 * Layouts of the load-balanced stack (src/scenes/distributed.ts): your browser and the users
 * on the left, the load balancer's machine with HAProxy next, the web servers stacked (each a
 * machine with Nginx and the application server side by side, in the order a request reaches
 * them), the database server on the right; the DNS hierarchy under them ("wide") or beside
 * your browser ("panorama", for a wide, low frame), or everything in rows ("tall").
 * Generated for 1 to 10 web servers: ids as `webServerIds` names them.
 */
export function distributedLayouts(
  webServers: number,
  options: DistributedLayoutOptions = {},
): CanvasLayout[] {
  const o: Required<DistributedLayoutOptions> = {
    database: options.database ?? "single",
    lbPair: options.lbPair ?? false,
    machinesOnly: options.machinesOnly ?? false,
    readReplicas: options.readReplicas ?? 0,
  };
  return [
    bands("wide", webServers, { dnsBelow: true }, o),
    bands("panorama", webServers, { dnsBelow: false }, o),
    tall(webServers, o),
  ];
}

/** What the topology has, as `distributedTopology` and `haPairTopology` build it. */
export interface DistributedLayoutOptions {
  /**
   * `single` (default): MySQL on a database server of its own (`db`), drawn right of the web
   * servers. `replicated`: MySQL inside web1 (the primary) and web2 (the replica), a third card
   * right of the application server, and the replication link beside the web servers.
   */
  database?: "single" | "replicated";
  /**
   * Two load balancers, `lb1` and `lb2` (haPairTopology), stacked in the load balancer's column,
   * each with HAProxy and keepalived; the default is one (`lb` with `haproxy`).
   */
  lbPair?: boolean;
  /**
   * Each web server drawn as its machine alone, a compact card (its Nginx and application server
   * are not drawn: their links end at the machine), in one or two columns: ten web servers
   * legible on a projector. With a single database only.
   */
  machinesOnly?: boolean;
  /**
   * Read replicas of the database server (withReadReplicas: `db-r1`, `db-r2`), drawn under it
   * as machines, each web server's reads going to one. With `machinesOnly` only.
   */
  readReplicas?: number;
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
/** Wide enough for "Machine · database server" on one line and "Working · CPU 2/2, 145 waiting" on the next. */
const DB_W = 320;
/** Gap between machines, wide enough for a link's two-line label. */
const LINK_GAP = 72;
const DNS_H = 170;

interface Frame {
  boxes: Record<string, Box>;
  routes: Record<string, Point[]>;
  labels: NonNullable<CanvasLayout["labels"]>;
}

/** Widths of a web server with its MySQL as a third card (the replicated database). */
const WEB3_W = HOST_PAD + 3 * CARD_W + 2 * CARD_GAP + HOST_PAD;
/** The lane right of the web servers where the replication link runs, with its label. */
const REPL_LANE = 90;
/** A load balancer of the pair: keepalived and HAProxy side by side, a lane under them. */
const PAIR_CARD_W = 236;
const PAIR_CARD_H = 200;
const PAIR_GAP = 16;
const PAIR_W = HOST_PAD + 2 * PAIR_CARD_W + PAIR_GAP + HOST_PAD;
const PAIR_LANE = 34;
const PAIR_H = NARROW_BAR + PAIR_CARD_H + PAIR_LANE;
const PAIR_SPACING = 16;

/** Where HAProxy `haproxy` takes its traffic from the Internet: a machine's side or its lane. */
interface Entry {
  haproxy: string;
  /** Its card's bottom centre and the lane under it (pair), or the machine's left edge (one). */
  lane?: { x: number; y: number; bottom: number };
  left?: number;
}

/**
 * The main path (LB, web servers, database) starting at `x0`, `y0`; your browser's and the
 * users' lines come from the ends of `left.browser` and `left.users` (polylines).
 */
function mainPath(
  f: Frame,
  n: number,
  x0: number,
  y0: number,
  left: { browser: Point[]; users: Point[] },
  o: Required<DistributedLayoutOptions>,
): { width: number; height: number } {
  const replicated = o.database === "replicated";
  const grid = gridOf(n);
  const webW = o.machinesOnly ? grid.width : replicated ? WEB3_W : WEB_W;
  const webHeight = o.machinesOnly ? grid.height : n * (WEB_H + WEB_GAP) - WEB_GAP;
  const lbHeight = o.lbPair ? 2 * PAIR_H + PAIR_SPACING : 0;
  const height = Math.max(webHeight, lbHeight, 420);
  const lbW = o.lbPair ? PAIR_W : LB_W;
  const lbX = x0;
  const webX = lbX + lbW + LINK_GAP;
  const dbX = webX + webW + LINK_GAP;
  const lbRight = lbX + lbW - HOST_PAD;
  const entries: (Entry & { top: number; bottom: number; right: number })[] = [];
  if (o.lbPair) {
    for (const i of [1, 2]) {
      const host = `lb${i}`;
      const y = y0 + (i - 1) * (PAIR_H + PAIR_SPACING);
      f.boxes[host] = { x: lbX, y, width: PAIR_W, height: PAIR_H };
      f.boxes[`${host}-keepalived`] = {
        x: HOST_PAD,
        y: NARROW_BAR,
        width: PAIR_CARD_W,
        height: PAIR_CARD_H,
        parent: host,
        compact: true,
      };
      f.boxes[`${host}-haproxy`] = {
        x: HOST_PAD + PAIR_CARD_W + PAIR_GAP,
        y: NARROW_BAR,
        width: PAIR_CARD_W,
        height: PAIR_CARD_H,
        parent: host,
        compact: true,
      };
      const hapX = lbX + HOST_PAD + PAIR_CARD_W + PAIR_GAP;
      entries.push({
        haproxy: `${host}-haproxy`,
        lane: {
          x: hapX + PAIR_CARD_W / 2,
          y: y + NARROW_BAR + PAIR_CARD_H + PAIR_LANE / 2,
          bottom: y + NARROW_BAR + PAIR_CARD_H,
        },
        top: y + NARROW_BAR + 8,
        bottom: y + NARROW_BAR + PAIR_CARD_H - 8,
        right: hapX + PAIR_CARD_W,
      });
    }
    // VRRP adverts between the keepalived: on the left edge of the column.
    const ka1 = y0 + NARROW_BAR + PAIR_CARD_H / 2;
    const ka2 = ka1 + PAIR_H + PAIR_SPACING;
    f.routes.vrrp = [
      { x: lbX + HOST_PAD, y: ka1 + 40 },
      { x: lbX - 10, y: ka1 + 40 },
      { x: lbX - 10, y: ka2 - 40 },
      { x: lbX + HOST_PAD, y: ka2 - 40 },
    ];
    f.labels.vrrp = { x: lbX - 10, y: (ka1 + ka2) / 2, text: "VRRP" };
  } else {
    f.boxes.lb = { x: lbX, y: y0, width: LB_W, height };
    f.boxes.haproxy = {
      x: HOST_PAD,
      y: NARROW_BAR,
      width: LB_W - 2 * HOST_PAD,
      height: height - NARROW_BAR - HOST_PAD,
      parent: "lb",
    };
    entries.push({
      haproxy: "haproxy",
      left: lbX + HOST_PAD,
      top: y0 + NARROW_BAR + 8,
      bottom: y0 + height - HOST_PAD - 8,
      right: lbRight,
    });
  }
  // Into each HAProxy: along the line's last height to the machine, or (a pair) down a lane left
  // of the column and along the lane under its cards.
  const inbound = (from: Point[], laneX: number, e: Entry): Point[] => {
    const last = from[from.length - 1] as Point;
    if (e.lane === undefined) return [...from, { x: e.left as number, y: last.y }];
    return [
      ...from,
      { x: laneX, y: last.y },
      { x: laneX, y: e.lane.y },
      { x: e.lane.x, y: e.lane.y },
      { x: e.lane.x, y: e.lane.bottom },
    ];
  };
  for (const e of entries) {
    const browser = e.haproxy === "haproxy" ? "browser-haproxy" : `browser-${e.haproxy}`;
    const users = e.haproxy === "haproxy" ? "users-haproxy" : `users-${e.haproxy}`;
    f.routes[browser] = inbound(left.browser, lbX - 26, e);
    f.routes[users] = inbound(left.users, lbX - 42, e);
    f.labels[users] = null;
    if (e.haproxy === "lb2-haproxy") f.labels[browser] = null;
  }

  if (o.machinesOnly)
    return machineGrid(f, n, { lbRight, webX, y0, height: webHeight }, o.readReplicas);
  const sqlEnds = replicated ? { top: 0, bottom: 0 } : databaseMachine(f, dbX, y0, height);
  const mysqlTop = sqlEnds.top;
  const mysqlBottom = sqlEnds.bottom;
  const mids: number[] = [];
  for (let k = 1; k <= n; k++) {
    const host = `web${k}`;
    const y = y0 + (k - 1) * (WEB_H + WEB_GAP);
    const mid = y + HOST_BAR + CARD_H / 2;
    mids.push(mid);
    f.boxes[host] = { x: webX, y, width: webW, height: WEB_H };
    const card = (slot: number): Box => ({
      x: HOST_PAD + slot * (CARD_W + CARD_GAP),
      y: HOST_BAR,
      width: CARD_W,
      height: CARD_H,
      parent: host,
      compact: true,
    });
    f.boxes[`${host}-nginx`] = card(0);
    f.boxes[`${host}-app`] = card(1);
    if (replicated && k <= 2) f.boxes[`${host}-mysql`] = card(2);
    const nginxLeft = webX + HOST_PAD;
    entries.forEach((e, i) => {
      // With a pair, lb1's line runs a little above the middle and lb2's a little below.
      const shift = entries.length > 1 ? (i === 0 ? -14 : 14) : 0;
      const at = mid + shift;
      const fromY = clamp(at, e.top, e.bottom - (n - k) * 12);
      const elbowX = lbRight + (LINK_GAP + HOST_PAD) / 2 + shift / 2;
      const id = `${e.haproxy}-${host}-nginx`;
      f.routes[id] =
        fromY === at
          ? [
              { x: e.right, y: at },
              { x: nginxLeft, y: at },
            ]
          : [
              { x: e.right, y: fromY },
              { x: elbowX, y: fromY },
              { x: elbowX, y: at },
              { x: nginxLeft, y: at },
            ];
      f.labels[id] =
        k === 1 && i === 0
          ? { x: lbRight + (LINK_GAP + HOST_PAD) / 2, y: mid - 40, text: "LAN\n:80" }
          : null;
    });
    const appRight = webX + HOST_PAD + 2 * CARD_W + CARD_GAP;
    f.labels[`${host}-nginx-${host}-app`] =
      k === 1
        ? {
            x: webX + HOST_PAD + CARD_W + CARD_GAP / 2,
            y: y + HOST_BAR + CARD_H - 30,
            text: "Fast\nCGI",
          }
        : null;
    if (!replicated) {
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
      f.labels[`${host}-app-mysql`] =
        k === 1
          ? { x: appRight + (LINK_GAP + HOST_PAD) / 2, y: mid - 34, text: "SQL\n:3306" }
          : null;
    }
  }
  if (replicated) {
    // Each application server queries both: its own MySQL beside it, the other over the LAN,
    // down (or up) a lane in the gap between the application server and MySQL.
    const appRight = webX + HOST_PAD + 2 * CARD_W + CARD_GAP;
    const mysqlLeft = appRight + CARD_GAP;
    const laneMid = appRight + CARD_GAP / 2;
    for (let k = 1; k <= n; k++) {
      const from = mids[k - 1] as number;
      for (const m of [1, 2]) {
        const to = mids[m - 1] as number;
        const id = `web${k}-app-web${m}-mysql`;
        if (k === m) {
          f.routes[id] = [
            { x: appRight, y: from },
            { x: mysqlLeft, y: from },
          ];
          f.labels[id] =
            k === 1 ? { x: laneMid, y: from - 34, text: m === 1 ? "SQL\nwrites" : "SQL" } : null;
          continue;
        }
        const down = m > k;
        const lane = laneMid + (down ? -12 : 12) + (k > 2 ? (k - 2) * 5 : 0);
        const startY = from + (down ? 40 : -60);
        const endY = to + (down ? -40 : 60);
        f.routes[id] = [
          { x: appRight, y: startY },
          { x: lane, y: startY },
          { x: lane, y: endY },
          { x: mysqlLeft, y: endY },
        ];
        f.labels[id] = null;
      }
    }
    // Replication: web2's replica pulls web1's binary log, in the lane right of the web servers.
    const mysqlRight = webX + webW - HOST_PAD;
    const laneX = webX + webW + 30;
    const m1 = mids[0] as number;
    const m2 = mids[1] as number;
    f.routes.replication = [
      { x: mysqlRight, y: m2 },
      { x: laneX, y: m2 },
      { x: laneX, y: m1 },
      { x: mysqlRight, y: m1 },
    ];
    f.labels.replication = { x: laneX + 10, y: (m1 + m2) / 2, text: "Repli-\ncation" };
    return { width: webX + webW + REPL_LANE - x0, height };
  }
  return { width: dbX + DB_W - x0, height };
}

/** A web server drawn as its machine alone (machinesOnly). */
/** The database machine's bar where there is room: its title, then its status and Kill on rows of their own. */
const DB_BAR = NARROW_BAR + 40;
const DB_CARD_H = 170;

/**
 * The database server `db` at `x`, `y`, `height` high, with MySQL's card under its bar; returns
 * the span of the card's left edge where SQL links may end.
 */
function databaseMachine(
  f: Frame,
  x: number,
  y: number,
  height: number,
): { top: number; bottom: number } {
  const bar = Math.max(NARROW_BAR, Math.min(DB_BAR, height - HOST_PAD - DB_CARD_H));
  const cardH = Math.min(height - bar - HOST_PAD, DB_CARD_H);
  f.boxes.db = { x, y, width: DB_W, height };
  f.boxes.mysql = {
    x: HOST_PAD,
    y: bar,
    width: DB_W - 2 * HOST_PAD,
    height: cardH,
    parent: "db",
    compact: true,
  };
  return { top: y + bar + 8, bottom: y + bar + cardH - 8 };
}

const MACHINE_W = 330;
const MACHINE_H = 124;
const MACHINE_ROW_GAP = 26;
const MACHINE_COL_GAP = 40;

/** One column up to five machines, two beyond. */
function gridOf(n: number): { columns: number; rows: number; width: number; height: number } {
  const columns = n > 5 ? 2 : 1;
  const rows = Math.ceil(n / columns);
  return {
    columns,
    rows,
    width: columns * MACHINE_W + (columns - 1) * MACHINE_COL_GAP,
    height: rows * (MACHINE_H + MACHINE_ROW_GAP) - MACHINE_ROW_GAP,
  };
}

/**
 * The web servers as machines in a grid, HAProxy's links into each from the left (to the second
 * column along the gap above its row), SQL out to the database server on the right (from the
 * first column along the gap below its row).
 */
function machineGrid(
  f: Frame,
  n: number,
  at: { lbRight: number; webX: number; y0: number; height: number },
  replicas: number,
): { width: number; height: number } {
  const g = gridOf(n);
  const primaryH = DB_BAR + DB_CARD_H + HOST_PAD;
  const height = Math.max(at.height, 420, replicas > 0 ? replicaTop(replicas + 1) : 0);
  const dbX = at.webX + g.width + LINK_GAP;
  const { top: mysqlTop, bottom: mysqlBottom } = databaseMachine(
    f,
    dbX,
    at.y0,
    replicas > 0 ? primaryH : height,
  );
  const dbLeft = dbX + HOST_PAD;
  const lane = dbX + DB_W + REPLICATION_LANE / 2;
  for (let r = 1; r <= replicas; r++) {
    const top = at.y0 + replicaTop(r);
    f.boxes[`db-r${r}`] = { x: dbX, y: top, width: DB_W, height: MACHINE_H, compact: true };
    // Replication: out of the replica's right side, up the lane, into the primary's card.
    const from = top + MACHINE_H / 2;
    const into = mysqlTop + 30 + r * 14;
    f.routes[`replication-db-r${r}`] = [
      { x: dbX + DB_W, y: from },
      { x: lane + (r - 1) * 8, y: from },
      { x: lane + (r - 1) * 8, y: into },
      { x: dbX + DB_W - HOST_PAD, y: into },
    ];
    // No label: right of the last nodes it would fall outside the fitted frame; the replica's
    // role line and the link's details say what it is.
    f.labels[`replication-db-r${r}`] = null;
  }
  for (let k = 1; k <= n; k++) {
    const host = `web${k}`;
    const col = Math.floor((k - 1) / g.rows);
    const row = (k - 1) % g.rows;
    const x = at.webX + col * (MACHINE_W + MACHINE_COL_GAP);
    const y = at.y0 + row * (MACHINE_H + MACHINE_ROW_GAP);
    const mid = y + MACHINE_H / 2;
    f.boxes[host] = { x, y, width: MACHINE_W, height: MACHINE_H, compact: true };
    const into = `haproxy-${host}-nginx`;
    if (col === 0) {
      f.routes[into] = [
        { x: at.lbRight, y: mid },
        { x, y: mid },
      ];
    } else {
      const gapY = y - MACHINE_ROW_GAP / 2 + (row === 0 ? -6 : 0);
      const laneX = x - MACHINE_COL_GAP / 2;
      f.routes[into] = [
        { x: at.lbRight, y: gapY },
        { x: laneX, y: gapY },
        { x: laneX, y: mid },
        { x, y: mid },
      ];
    }
    f.labels[into] =
      k === 1 ? { x: at.lbRight + (x - at.lbRight) / 2, y: mid - 30, text: "LAN\n:80" } : null;
    // Nginx to PHP-FPM: inside the machine, along its bottom edge.
    f.routes[`${host}-nginx-${host}-app`] = [
      { x: x + 20, y: y + MACHINE_H - 8 },
      { x: x + MACHINE_W - 20, y: y + MACHINE_H - 8 },
    ];
    f.labels[`${host}-nginx-${host}-app`] = null;
    const sql = `${host}-app-mysql`;
    const toY = clamp(mid, mysqlTop, mysqlBottom);
    if (col === g.columns - 1) {
      const elbow = x + MACHINE_W + LINK_GAP / 2 - (k % g.rows) * 4;
      f.routes[sql] = [
        { x: x + MACHINE_W, y: mid + 10 },
        { x: elbow, y: mid + 10 },
        { x: elbow, y: toY },
        { x: dbLeft, y: toY },
      ];
    } else {
      const gapY = y + MACHINE_H + MACHINE_ROW_GAP / 2 - 4;
      const elbow = at.webX + g.width + LINK_GAP / 2 + row * 4;
      f.routes[sql] = [
        { x: x + MACHINE_W / 2, y: y + MACHINE_H },
        { x: x + MACHINE_W / 2, y: gapY },
        { x: elbow, y: gapY },
        { x: elbow, y: toY },
        { x: dbLeft, y: toY },
      ];
    }
    f.labels[sql] =
      k === 1 ? { x: x + MACHINE_W + LINK_GAP / 2, y: mid - 30, text: "SQL\n:3306" } : null;
    if (replicas > 0) {
      // Its reads go to one replica, servers taking them in turn (withReadReplicas).
      const r = ((k - 1) % replicas) + 1;
      const rTop = at.y0 + replicaTop(r);
      const id = `${host}-app-mysql-r${r}`;
      const toY = rTop + 24 + Math.floor((k - 1) / replicas) * 16;
      // The same way out as its SQL to the primary, up to the elbow; then beside it, down to
      // the replica.
      const out = (f.routes[sql] as Point[]).slice(0, -2);
      const elbow = out[out.length - 1] as Point;
      f.routes[id] = [
        ...out.map((p) => ({ ...p })),
        { x: elbow.x + 6, y: elbow.y },
        { x: elbow.x + 6, y: toY },
        { x: dbX, y: toY },
      ];
      f.labels[id] = null;
    }
  }
  const lanes = replicas > 0 ? REPLICATION_LANE : 0;
  return { width: dbX + DB_W + lanes - (at.lbRight - LB_W + HOST_PAD), height };
}

/** Where read replica `r` (1-based) starts, under the database server (from the column's top). */
function replicaTop(r: number): number {
  return DB_BAR + DB_CARD_H + HOST_PAD + MACHINE_ROW_GAP + (r - 1) * (MACHINE_H + MACHINE_ROW_GAP);
}

/** Right of the database column: where the replication links climb to the primary. */
const REPLICATION_LANE = 40;

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
function bands(
  name: string,
  n: number,
  { dnsBelow }: { dnsBelow: boolean },
  o: Required<DistributedLayoutOptions>,
): CanvasLayout {
  const f: Frame = { boxes: {}, routes: {}, labels: {} };
  f.boxes.browser = { x: 0, y: 20, width: 250, height: 190 };
  f.boxes.users = { x: 0, y: 236, width: 200, height: 150 };
  f.labels[browserLink(o)] = { x: 286, y: 78, text: "Internet\nTCP 80" };
  f.labels["users-resolver"] = null;
  if (dnsBelow) {
    const main = mainPath(
      f,
      n,
      o.lbPair ? 370 : 320,
      0,
      {
        browser: [{ x: 250, y: 115 }],
        users: [{ x: 200, y: 311 }],
      },
      o,
    );
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
  mainPath(
    f,
    n,
    dnsX + dnsW + 40 + 70 + (o.lbPair ? 50 : 0),
    0,
    {
      browser: [{ x: 250, y: 115 }],
      users: [
        { x: 200, y: 300 },
        { x: 300, y: 300 },
        { x: 300, y: 200 },
      ],
    },
    o,
  );
  return { name, ...f };
}

/** Rows, for a tall frame (a tablet upright): the user's side and DNS on top, the servers under. */
function tall(n: number, o: Required<DistributedLayoutOptions>): CanvasLayout {
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
  // Into the load balancer from above: your browser's line and the users'.
  const lbTop = y0 + HOST_BAR;
  const x0 = o.lbPair ? 60 : 0;
  mainPath(
    f,
    n,
    x0,
    y0,
    {
      browser: o.lbPair
        ? [
            { x: 120, y: 210 },
            { x: 120, y: y0 - 40 },
          ]
        : [
            { x: 60, y: 210 },
            { x: 60, y: lbTop },
          ],
      users: o.lbPair
        ? [
            { x: 150, y: 386 },
            { x: 150, y: y0 - 20 },
          ]
        : [
            { x: 150, y: 386 },
            { x: 150, y: lbTop },
          ],
    },
    o,
  );
  if (!o.lbPair) {
    // Straight down into the machine.
    f.routes["browser-haproxy"] = (f.routes["browser-haproxy"] as Point[]).slice(0, 2);
    f.routes["users-haproxy"] = (f.routes["users-haproxy"] as Point[]).slice(0, 2);
  }
  f.labels[browserLink(o)] = { x: 90, y: 440, text: "Internet\nTCP 80" };
  return { name: "tall", ...f };
}

/** Your browser's link to the (first) load balancer, which carries the Internet's label. */
function browserLink(o: Required<DistributedLayoutOptions>): string {
  return o.lbPair ? "browser-lb1-haproxy" : "browser-haproxy";
}

/**
 * Layouts of the scaling group (src/scenes/scalingScenes.ts): for each number of servers drawn,
 * 1 to `slots`, the load-balanced stack's layouts with just those (the slots after them are not
 * drawn: the canvas picks the layouts for the servers provisioned, so two servers are as large
 * as on the distributed stack, and ten fit the same frame).
 */
export function scalingLayouts(slots: number, readReplicas = 0): CanvasLayout[] {
  return Array.from({ length: slots }, (_, i) =>
    // From four servers on, each is drawn as its machine alone, so that ten stay legible; with
    // read replicas, always (their links are drawn in the grid only).
    distributedLayouts(i + 1, {
      database: "single",
      machinesOnly: i + 1 >= 4 || readReplicas > 0,
      readReplicas,
    }).map((l) => ({
      ...l,
      name: `${l.name}-${i + 1}`,
      servers: i + 1,
    })),
  ).flat();
}
