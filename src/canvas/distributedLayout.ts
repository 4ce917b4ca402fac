import type { Box, CanvasLayout, Point } from "./layout";

/**
 * Layouts of the load-balanced stack (src/scenes/distributed.ts): your browser and the users
 * on the left, the load balancer's machine with HAProxy next, the web servers stacked (each a
 * machine with Nginx and the application server side by side, in the order a request reaches
 * them), the database server on the right; the DNS hierarchy in a row under them ("wide") or
 * in a column beside your browser ("panorama", for a wide, low frame), or everything in rows
 * ("tall"); with more than two web servers and the replicated database, also "wide-split" (the
 * servers after web2 in a second column). Every node is drawn dense (CanvasLayout.dense), so
 * that on a 1280×720 or 1024×768 projector the names reach 16 px where the frame allows.
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
    scalingGroup: options.scalingGroup ?? false,
    split: false,
  };
  // More than two web servers with the replicated database (blue-green's four): also their
  // servers after web2 in a second column, for a wide, low frame.
  const split =
    o.database === "replicated" && !o.machinesOnly && webServers > 2
      ? [bands("wide-split", webServers, { dnsBelow: true }, { ...o, split: true })]
      : [];
  return [
    bands("wide", webServers, { dnsBelow: true }, o),
    bands("panorama", webServers, { dnsBelow: false }, o),
    ...split,
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
  /**
   * A scaling group with slots after the servers drawn: HAProxy's card has a line more for them
   * ("8 more: off, MAINT").
   */
  scalingGroup?: boolean;
  /**
   * (A layout variant, set by `distributedLayouts`.) With the replicated database, web1 and web2
   * in a column and the other web servers in a second one right of it, each drawn mirrored
   * (its application server left, facing the MySQL cards; Nginx right, HAProxy's links coming
   * round the column's right side).
   */
  split?: boolean;
}

/**
 * Card sizes shared by the layouts, in flow units (a node's name is 22 units high). The cards are
 * drawn dense (CanvasLayout.dense): a name, a live role where there is one, the status and Kill.
 * Sized so that two web servers with their MySQL fit a 1280×720 or 1024×768 screen's canvas at a
 * zoom of 0.73 or more: names at 16 px, the rest at 12 px.
 */
/** Widths of Nginx, the application server ("Application" on a line) and MySQL ("replica · read-only"). */
const SLOT_W = [190, 210, 220] as const;
const CARD_H = 114;
/** Gap between the cards inside a web server: room for a link's short label ("Fast\nCGI"). */
const CARD_GAP = 56;
/**
 * A machine's title bar above its processes (its name, status and Kill in one row), with room
 * under them for a card's rate hanging on its top edge.
 */
const HOST_BAR = 54;
/** The same in a narrow machine, where the name takes two lines and the status and Kill the next. */
const NARROW_BAR = 110;
const HOST_PAD = 12;
/** A web server's width with its first `cards` cards (2: Nginx and the application server). */
const webWidth = (cards: number): number =>
  2 * HOST_PAD + SLOT_W.slice(0, cards).reduce((a, b) => a + b, 0) + (cards - 1) * CARD_GAP;
const WEB_W = webWidth(2);
const WEB_H = HOST_BAR + CARD_H + HOST_PAD;
const WEB_GAP = 16;
/** Between web1 and web2 with the replicated database: the replication link and its label. */
const REPL_GAP = 34;
const LB_W = 256;
/** The database server: "Database server" on a line, its address on the next. */
const DB_W = 244;
/** Gap between machines: room for a link's short two-line label ("LAN\n:80"). */
const LINK_GAP = 56;
/** A DNS server's or the resolver's card: its name, status and Kill. */
const DNS_H = 90;
/** HAProxy's card in a single load balancer: its check and one line per backend server. */
const haproxyHeight = (servers: number): number => 200 + 25 * servers;

interface Frame {
  boxes: Record<string, Box>;
  routes: Record<string, Point[]>;
  labels: NonNullable<CanvasLayout["labels"]>;
}

/** Widths of a web server with its MySQL as a third card (the replicated database). */
const WEB3_W = webWidth(3);
/** A load balancer of the pair: keepalived ("MASTER · priority 150") and HAProxy side by side. */
const PAIR_KA_W = 256;
const PAIR_HAP_W = 236;
const PAIR_CARD_H = 110;
const PAIR_GAP = 14;
const PAIR_W = HOST_PAD + PAIR_KA_W + PAIR_GAP + PAIR_HAP_W + HOST_PAD;
/** Its bar: the name on the first row, "Holds 8.8.8.8", the status and Kill on the second. */
const PAIR_BAR = 84;
/** The lane under the cards where the Internet's traffic comes up into HAProxy. */
const PAIR_LANE = 22;
const PAIR_H = PAIR_BAR + PAIR_CARD_H + PAIR_LANE;
const PAIR_SPACING = 12;

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
  // web1 and web2 hold MySQL's primary and replica: the replication link runs between them.
  const gapAfter = (k: number) => (replicated && k === 1 ? REPL_GAP : WEB_GAP);
  const split = o.split && replicated && n > 2;
  const webY = (k: number) => {
    if (split && k > 2) return y0 + (k - 3) * (WEB_H + WEB_GAP);
    let y = y0;
    for (let i = 1; i < k; i++) y += WEB_H + gapAfter(i);
    return y;
  };
  // Split: HAProxy's links to the second column run under both columns, one lane each.
  const under = split ? Math.max(webY(3) - y0 + 2 * WEB_H + REPL_GAP, webY(n + 1) - y0) + 8 : 0;
  const webHeight = o.machinesOnly
    ? grid.height
    : split
      ? under + (n - 3) * 8 + 10
      : webY(n + 1) - y0 - gapAfter(n);
  const lbHeight = o.lbPair
    ? 2 * PAIR_H + PAIR_SPACING
    : NARROW_BAR + haproxyHeight(n + (o.scalingGroup ? 1 : 0)) + HOST_PAD;
  const height = Math.max(webHeight, lbHeight) + (split ? HOST_PAD : 0);
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
      f.boxes[host] = { x: lbX, y, width: PAIR_W, height: PAIR_H, barWraps: true };
      f.boxes[`${host}-keepalived`] = {
        x: HOST_PAD,
        y: PAIR_BAR,
        width: PAIR_KA_W,
        height: PAIR_CARD_H,
        parent: host,
        compact: true,
      };
      f.boxes[`${host}-haproxy`] = {
        x: HOST_PAD + PAIR_KA_W + PAIR_GAP,
        y: PAIR_BAR,
        width: PAIR_HAP_W,
        height: PAIR_CARD_H,
        parent: host,
        compact: true,
      };
      const hapX = lbX + HOST_PAD + PAIR_KA_W + PAIR_GAP;
      entries.push({
        haproxy: `${host}-haproxy`,
        lane: {
          x: hapX + PAIR_HAP_W / 2,
          y: y + PAIR_BAR + PAIR_CARD_H + PAIR_LANE / 2,
          bottom: y + PAIR_BAR + PAIR_CARD_H,
        },
        top: y + PAIR_BAR + 8,
        bottom: y + PAIR_BAR + PAIR_CARD_H - 8,
        right: hapX + PAIR_HAP_W,
      });
    }
    // VRRP adverts between the keepalived: on the left edge of the column.
    const ka1 = y0 + PAIR_BAR + PAIR_CARD_H / 2;
    const ka2 = ka1 + PAIR_H + PAIR_SPACING;
    f.routes.vrrp = [
      { x: lbX + HOST_PAD, y: ka1 + 30 },
      { x: lbX - 10, y: ka1 + 30 },
      { x: lbX - 10, y: ka2 - 30 },
      { x: lbX + HOST_PAD, y: ka2 - 30 },
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

  if (o.machinesOnly) return machineGrid(f, n, { lbRight, webX, y0, height }, o.readReplicas);
  const sqlEnds = replicated ? { top: 0, bottom: 0 } : databaseMachine(f, dbX, y0, height);
  const mysqlTop = sqlEnds.top;
  const mysqlBottom = sqlEnds.bottom;
  const slotX = (slot: number) =>
    HOST_PAD + SLOT_W.slice(0, slot).reduce((a, b) => a + b, 0) + slot * CARD_GAP;
  const appRight = webX + slotX(1) + SLOT_W[1];
  const mids: number[] = [];
  const col2X = webX + webW + LINK_GAP;
  for (let k = 1; k <= n; k++) {
    const host = `web${k}`;
    const y = webY(k);
    const mid = y + HOST_BAR + CARD_H / 2;
    mids.push(mid);
    if (split && k > 2) {
      secondColumn(f, k, n, { col2X, y, mid, lbRight, under: y0 + under, entries });
      continue;
    }
    f.boxes[host] = { x: webX, y, width: webW, height: WEB_H };
    const card = (slot: 0 | 1 | 2): Box => ({
      x: slotX(slot),
      y: HOST_BAR,
      width: SLOT_W[slot],
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
          ? { x: lbRight + (LINK_GAP + HOST_PAD) / 2, y: mid - 36, text: "LAN\n:80" }
          : null;
    });
    f.labels[`${host}-nginx-${host}-app`] =
      k === 1
        ? {
            x: webX + slotX(1) - CARD_GAP / 2,
            y: y + HOST_BAR + CARD_H - 26,
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
          ? { x: appRight + (LINK_GAP + HOST_PAD) / 2, y: mid - 36, text: "SQL\n:3306" }
          : null;
    }
  }
  if (replicated) {
    // Each application server queries both: its own MySQL beside it, the other over the LAN,
    // down (or up) a lane in the gap between the application server and MySQL.
    const mysqlLeft = appRight + CARD_GAP;
    const laneMid = appRight + CARD_GAP / 2;
    for (let k = 1; k <= n; k++) {
      const from = mids[k - 1] as number;
      if (split && k > 2) {
        sqlFromSecondColumn(f, k, n, {
          appLeft: col2X + HOST_PAD,
          mysqlRight: webX + webW - HOST_PAD,
          from,
          mids,
        });
        continue;
      }
      for (const m of [1, 2]) {
        const to = mids[m - 1] as number;
        const id = `web${k}-app-web${m}-mysql`;
        if (k === m) {
          f.routes[id] = [
            { x: appRight, y: from },
            { x: mysqlLeft, y: from },
          ];
          f.labels[id] = k === 1 ? { x: laneMid, y: from - 26, text: "SQL" } : null;
          continue;
        }
        const down = m > k;
        const lane = laneMid + (down ? -10 : 10) + (k > 2 ? (k - 2) * 5 : 0);
        const startY = from + (down ? 32 : -32);
        const endY = to + (down ? -32 : 32);
        f.routes[id] = [
          { x: appRight, y: startY },
          { x: lane, y: startY },
          { x: lane, y: endY },
          { x: mysqlLeft, y: endY },
        ];
        f.labels[id] = null;
      }
    }
    // Replication: web2's replica pulls web1's binary log, straight up from its card to the
    // primary's, across the gap between the two machines; the label in that gap, beside it.
    const lineX = mysqlLeft + SLOT_W[2] - 40;
    const web1Bottom = webY(1) + HOST_BAR + CARD_H;
    const web2Top = webY(2) + HOST_BAR;
    f.routes.replication = [
      { x: lineX, y: web2Top },
      { x: lineX, y: web1Bottom },
    ];
    f.labels.replication = {
      x: lineX - 78,
      y: webY(1) + WEB_H + REPL_GAP / 2,
      text: "Replication",
    };
    const right = split ? col2X + WEB_W + 10 + (n - 2) * 8 : webX + webW;
    return { width: right - x0, height };
  }
  return { width: dbX + DB_W - x0, height };
}

/**
 * Web server `k` in the second column (split): mirrored, its application server left (facing
 * the MySQL cards in the first column) and Nginx right; HAProxy's link runs under both columns
 * and up a lane right of the second, the higher server's outside the lower's.
 */
function secondColumn(
  f: Frame,
  k: number,
  n: number,
  at: {
    col2X: number;
    y: number;
    mid: number;
    lbRight: number;
    under: number;
    entries: readonly { haproxy: string; right: number }[];
  },
): void {
  const host = `web${k}`;
  f.boxes[host] = { x: at.col2X, y: at.y, width: WEB_W, height: WEB_H };
  const card = (x: number, width: number): Box => ({
    x,
    y: HOST_BAR,
    width,
    height: CARD_H,
    parent: host,
    compact: true,
  });
  f.boxes[`${host}-app`] = card(HOST_PAD, SLOT_W[1]);
  f.boxes[`${host}-nginx`] = card(HOST_PAD + SLOT_W[1] + CARD_GAP, SLOT_W[0]);
  f.labels[`${host}-nginx-${host}-app`] = null;
  const outer = n - k;
  const y = at.under + outer * 8;
  const lane = at.col2X + WEB_W + 10 + outer * 8;
  for (const e of at.entries) {
    const id = `${e.haproxy}-${host}-nginx`;
    f.routes[id] = [
      { x: e.right, y },
      { x: lane, y },
      { x: lane, y: at.mid },
      { x: at.col2X + WEB_W - HOST_PAD, y: at.mid },
    ];
    f.labels[id] = null;
  }
}

/**
 * The second column's application server `k` to both MySQL cards (split): out of its left side,
 * along a lane in the gap between the columns (one each, the lower server's nearer the first
 * column), into the MySQL card's right side.
 */
function sqlFromSecondColumn(
  f: Frame,
  k: number,
  n: number,
  at: { appLeft: number; mysqlRight: number; from: number; mids: readonly number[] },
): void {
  for (const m of [1, 2]) {
    const id = `web${k}-app-web${m}-mysql`;
    const startY = at.from + (m === 1 ? -12 : 12);
    const endY = (at.mids[m - 1] as number) + (k === 3 ? -12 : 12) + (k > 4 ? (k - 4) * 6 : 0);
    const lane = at.mysqlRight + HOST_PAD + 10 + ((n - k) * 2 + (m - 1)) * 9;
    f.routes[id] =
      startY === endY
        ? [
            { x: at.appLeft, y: startY },
            { x: at.mysqlRight, y: endY },
          ]
        : [
            { x: at.appLeft, y: startY },
            { x: lane, y: startY },
            { x: lane, y: endY },
            { x: at.mysqlRight, y: endY },
          ];
    f.labels[id] = null;
  }
}

/** A web server drawn as its machine alone (machinesOnly). */
/** The database machine's bar where there is room: its title, then its status and Kill on rows of their own. */
const DB_BAR = 158;
const DB_CARD_H = 100;

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
  f.boxes.db = { x, y, width: DB_W, height, statusWraps: true };
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

const MACHINE_W = 270;
const MACHINE_H = 100;
const MACHINE_ROW_GAP = 18;
const MACHINE_COL_GAP = 32;

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
    // Where the SQL lines gather, between the grid and the database server, above them all.
    f.labels[sql] =
      k === 1 ? { x: at.webX + g.width + LINK_GAP / 2, y: at.y0 + 24, text: "SQL" } : null;
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

/** The left column: your browser, the users under it (both compact cards). */
const BROWSER: Box = { x: 0, y: 0, width: 232, height: 84, compact: true };
const USERS: Box = { x: 0, y: 112, width: 200, height: 136 };
const RESOLVER_W = 232;
/** The DNS servers' cards: "Root server", ".com TLD server", "ns1.foobar.com" on a line. */
const DNS_W = { root: 210, tld: 270, auth: 260 } as const;

/** Your browser's and the users' lines to the main path at `x0` (the load balancer's left). */
function leftLines(
  f: Frame,
  x0: number,
  o: Required<DistributedLayoutOptions>,
  over: number | undefined,
): { browser: Point[]; users: Point[] } {
  const bRight = BROWSER.x + BROWSER.width;
  const uRight = USERS.x + USERS.width;
  const bMid = BROWSER.y + 42;
  const uMid = USERS.y + 62;
  // Their label on one line, left of the browser's line going down, between the two cards.
  const labelY = (BROWSER.y + BROWSER.height + USERS.y) / 2;
  if (o.lbPair) {
    // Along to the lanes left of the load balancers' column (mainPath takes them down).
    f.labels[browserLink(o)] = { x: x0 - 26 - 100, y: labelY, text: "Internet · TCP 80" };
    if (over === undefined)
      return { browser: [{ x: bRight, y: bMid }], users: [{ x: uRight, y: uMid }] };
    f.labels[browserLink(o)] = {
      x: (bRight + x0 - 26) / 2,
      y: bMid - 22,
      text: "Internet · TCP 80",
    };
    return {
      browser: [{ x: bRight, y: bMid }],
      users: [
        { x: uRight, y: uMid },
        { x: uRight + 32, y: uMid },
        { x: uRight + 32, y: over },
      ],
    };
  }
  // Down (or along) to a height where HAProxy's card is, then straight into it.
  const down = x0 - 30;
  f.labels[browserLink(o)] = { x: down - 100, y: labelY, text: "Internet · TCP 80" };
  const into = NARROW_BAR + 30;
  if (over === undefined) {
    return {
      browser: [
        { x: bRight, y: bMid },
        { x: down, y: bMid },
        { x: down, y: into },
      ],
      users: [{ x: uRight, y: uMid }],
    };
  }
  // Over the DNS column (its top at `over` + 24): the users' line climbs above it first, and
  // the label goes above the browser's line, clear of it.
  f.labels[browserLink(o)] = { x: (bRight + down) / 2, y: bMid - 22, text: "Internet · TCP 80" };
  return {
    browser: [
      { x: bRight, y: bMid },
      { x: down, y: bMid },
      { x: down, y: into },
    ],
    users: [
      { x: uRight, y: uMid },
      { x: uRight + 32, y: uMid },
      { x: uRight + 32, y: over },
      { x: down - 16, y: over },
      { x: down - 16, y: into + 40 },
    ],
  };
}

/** The resolver under the users, and the lines from your browser and the users down to it. */
function resolverAt(f: Frame, y: number): void {
  f.boxes.resolver = { x: 0, y, width: RESOLVER_W, height: DNS_H, compact: true };
  f.routes["browser-resolver"] = [
    { x: 210, y: BROWSER.y + BROWSER.height },
    { x: 210, y },
  ];
  f.routes["users-resolver"] = [
    { x: 100, y: USERS.y + USERS.height },
    { x: 100, y },
  ];
  f.labels["browser-resolver"] = { x: 210, y: (USERS.y + USERS.height + y) / 2, text: "UDP\n53" };
  f.labels["users-resolver"] = null;
}

/**
 * The DNS hierarchy in a row right of the resolver at `x0`, `y`: root straight, the TLD and the
 * authoritative server over lanes above the row.
 */
function dnsRow(f: Frame, x0: number, y: number): void {
  const rootX = x0;
  const tldX = rootX + DNS_W.root + 24;
  const authX = tldX + DNS_W.tld + 24;
  f.boxes.root = { x: rootX, y, width: DNS_W.root, height: DNS_H, compact: true };
  f.boxes.tld = { x: tldX, y, width: DNS_W.tld, height: DNS_H, compact: true };
  f.boxes.auth = { x: authX, y, width: DNS_W.auth, height: DNS_H, compact: true };
  const rRight = RESOLVER_W;
  f.routes["resolver-root"] = [
    { x: rRight, y: y + 62 },
    { x: rootX, y: y + 62 },
  ];
  f.routes["resolver-tld"] = [
    { x: rRight, y: y + 30 },
    { x: rRight + 30, y: y + 30 },
    { x: rRight + 30, y: y - 16 },
    { x: tldX + DNS_W.tld / 2, y: y - 16 },
    { x: tldX + DNS_W.tld / 2, y },
  ];
  f.routes["resolver-auth"] = [
    { x: rRight, y: y + 14 },
    { x: rRight + 16, y: y + 14 },
    { x: rRight + 16, y: y - 30 },
    { x: authX + DNS_W.auth / 2, y: y - 30 },
    { x: authX + DNS_W.auth / 2, y },
  ];
  f.labels["resolver-root"] = { x: (rRight + rootX) / 2 + 6, y: y + 62 - 24, text: "UDP\n53" };
  f.labels["resolver-tld"] = null;
  f.labels["resolver-auth"] = null;
}

/**
 * Two bands: the main path on top with your browser and the users on its left, the resolver
 * and the DNS hierarchy in a row under it (`dnsBelow`); or one band, the DNS hierarchy in a
 * column between the users and the load balancer, the resolver under the users.
 */
function bands(
  name: string,
  n: number,
  { dnsBelow }: { dnsBelow: boolean },
  o: Required<DistributedLayoutOptions>,
): CanvasLayout {
  const f: Frame = { boxes: {}, routes: {}, labels: {} };
  f.boxes.browser = { ...BROWSER };
  f.boxes.users = { ...USERS };
  if (dnsBelow) {
    const x0 = o.lbPair ? 310 : 280;
    const main = mainPath(f, n, x0, 0, leftLines(f, x0, o, undefined), o);
    const rowY = main.height + 42;
    resolverAt(f, rowY);
    dnsRow(f, x0, rowY);
    return { name, dense: true, ...f };
  }
  // Panorama: the resolver under the users, the DNS servers in a column beside them.
  const resolverY = 272;
  resolverAt(f, resolverY);
  const dnsX = 284;
  const dnsW = Math.max(DNS_W.root, DNS_W.tld, DNS_W.auth);
  const dnsY = 130;
  const step = DNS_H + 14;
  f.boxes.root = { x: dnsX, y: dnsY, width: dnsW, height: DNS_H, compact: true };
  f.boxes.tld = { x: dnsX, y: dnsY + step, width: dnsW, height: DNS_H, compact: true };
  f.boxes.auth = { x: dnsX, y: dnsY + 2 * step, width: dnsW, height: DNS_H, compact: true };
  const rRight = RESOLVER_W;
  f.routes["resolver-root"] = [
    { x: rRight, y: resolverY + 16 },
    { x: 258, y: resolverY + 16 },
    { x: 258, y: dnsY + 60 },
    { x: dnsX, y: dnsY + 60 },
  ];
  f.routes["resolver-tld"] = [
    { x: rRight, y: dnsY + step + 60 },
    { x: dnsX, y: dnsY + step + 60 },
  ];
  f.routes["resolver-auth"] = [
    { x: rRight, y: resolverY + 76 },
    { x: 258, y: resolverY + 76 },
    { x: 258, y: dnsY + 2 * step + 40 },
    { x: dnsX, y: dnsY + 2 * step + 40 },
  ];
  f.labels["resolver-root"] = null;
  f.labels["resolver-tld"] = null;
  f.labels["resolver-auth"] = null;
  const x0 = dnsX + dnsW + (o.lbPair ? 80 : 60);
  mainPath(f, n, x0, 0, leftLines(f, x0, o, dnsY - 24), o);
  return { name, dense: true, ...f };
}

/** Rows, for a tall frame (a tablet upright): the user's side and DNS on top, the servers under. */
function tall(n: number, o: Required<DistributedLayoutOptions>): CanvasLayout {
  const f: Frame = { boxes: {}, routes: {}, labels: {} };
  f.boxes.browser = { ...BROWSER };
  f.boxes.users = { ...USERS };
  f.boxes.resolver = { x: 300, y: 0, width: RESOLVER_W, height: DNS_H, compact: true };
  f.routes["browser-resolver"] = [
    { x: BROWSER.width, y: 42 },
    { x: 300, y: 42 },
  ];
  f.routes["users-resolver"] = [
    { x: 200, y: 160 },
    { x: 410, y: 160 },
    { x: 410, y: DNS_H },
  ];
  f.labels["users-resolver"] = null;
  f.labels["browser-resolver"] = { x: 266, y: 16, text: "UDP\n53" };
  const dnsX = 580;
  const step = DNS_H + 14;
  const dnsW = Math.max(DNS_W.root, DNS_W.tld, DNS_W.auth);
  f.boxes.root = { x: dnsX, y: 0, width: dnsW, height: DNS_H, compact: true };
  f.boxes.tld = { x: dnsX, y: step, width: dnsW, height: DNS_H, compact: true };
  f.boxes.auth = { x: dnsX, y: 2 * step, width: dnsW, height: DNS_H, compact: true };
  f.routes["resolver-root"] = [
    { x: 300 + RESOLVER_W, y: 45 },
    { x: dnsX, y: 45 },
  ];
  f.routes["resolver-tld"] = [
    { x: 480, y: DNS_H },
    { x: 480, y: step + 45 },
    { x: dnsX, y: step + 45 },
  ];
  f.routes["resolver-auth"] = [
    { x: 500, y: DNS_H },
    { x: 500, y: 2 * step + 45 },
    { x: dnsX, y: 2 * step + 45 },
  ];
  f.labels["resolver-root"] = null;
  f.labels["resolver-tld"] = null;
  f.labels["resolver-auth"] = null;
  const y0 = 2 * step + DNS_H + 60;
  // Into the load balancer from above: your browser's line and the users'.
  const x0 = o.lbPair ? 60 : 0;
  mainPath(
    f,
    n,
    x0,
    y0,
    {
      browser: o.lbPair
        ? [
            { x: 210, y: BROWSER.height },
            { x: 210, y: y0 - 30 },
          ]
        : [
            { x: 210, y: BROWSER.height },
            { x: 210, y: y0 + NARROW_BAR + 20 },
          ],
      users: o.lbPair
        ? [
            { x: 150, y: USERS.y + USERS.height },
            { x: 150, y: y0 - 14 },
          ]
        : [
            { x: 150, y: USERS.y + USERS.height },
            { x: 150, y: y0 + NARROW_BAR + 20 },
          ],
    },
    o,
  );
  if (!o.lbPair) {
    // Straight down into HAProxy's card.
    f.routes["browser-haproxy"] = (f.routes["browser-haproxy"] as Point[]).slice(0, 2);
    f.routes["users-haproxy"] = (f.routes["users-haproxy"] as Point[]).slice(0, 2);
  }
  f.labels[browserLink(o)] = { x: 240, y: USERS.y + USERS.height + 40, text: "Internet\nTCP 80" };
  return { name: "tall", dense: true, ...f };
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
      scalingGroup: i + 1 < slots,
    }).map((l) => ({
      ...l,
      name: `${l.name}-${i + 1}`,
      servers: i + 1,
    })),
  ).flat();
}
