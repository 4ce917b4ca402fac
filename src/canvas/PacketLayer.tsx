import { useStoreApi } from "@xyflow/react";
import { useCallback, useEffect, useMemo, useRef } from "react";
import { FRAME_ORDER, useFrame, useFrameLoop } from "../app/frameLoop";
import { HopKind, type Simulation } from "../engine";
import { selectActions, selectSim, useHopscope } from "../store";
import { type Polyline, pointAt, pointInto } from "./geometry";
import { placeLabel, type Rect, titleBands } from "./labelPlacement";
import type { CanvasLayout } from "./layout";
import { packetCaption } from "./packetCaption";
import { createPacketPaths } from "./packetPaths";

/** CSS custom properties holding each hop kind's colour (so both themes apply). */
const KIND_COLOUR_VARS: Record<HopKind, string> = {
  [HopKind.Dns]: "--packet-dns",
  [HopKind.Tcp]: "--packet-tcp",
  [HopKind.HttpRequest]: "--packet-request",
  [HopKind.HttpResponse]: "--packet-response",
  [HopKind.Sql]: "--packet-sql",
  [HopKind.Error]: "--packet-error",
};
/** Above this many packets, trails cost more than they tell: draw dots only. */
const MAX_TRAILS = 60;
/** Above this many packets, labels would overlap: draw dots only. */
const MAX_LABELLED = 12;
/**
 * Above this many packets on one path, the path shows its flow as a stream (its width
 * follows the count, a red core the share of errors) with a sample of its packets still
 * moving: drawing every one of thousands of dots costs the frame, and reads as a blur.
 */
const STREAM_OVER = 24;
/** Dots drawn on a streaming path, at most. */
const SAMPLE_PER_PATH = 12;

/** What the last drawn frame showed: when nothing of it changed, the frame is skipped. */
interface Drawn {
  key: string;
}

/**
 * Draws the packets in flight on one canvas over the React Flow pane, straight from the
 * engine's packet table, in the animation frame after the clock moved. No React state
 * changes per frame, and no drawing at all when nothing changed (a paused page rests).
 * With reduced motion, packets do not move: the link in use is highlighted and the
 * packet's label sits at its middle. Returns whether anything on it is moving.
 */
export function PacketLayer({
  layout,
  reducedMotion,
}: {
  layout: CanvasLayout;
  reducedMotion: boolean;
}) {
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const flow = useStoreApi();
  const sim = useHopscope(selectSim);
  // The visit followed (actions.follow): only its packets are drawn; -1 draws every one.
  const follow = useHopscope((s) => s.following) ?? -1;
  const pathOf = useMemo(() => createPacketPaths(sim.topology, layout), [sim, layout]);
  const bands = useMemo(() => titleBands(layout), [layout]);
  /** The links' labels on screen, measured once per view (they are HTML, over the diagram). */
  const linkLabels = useRef<{ key: string; rects: Rect[] }>({ key: "", rects: [] });
  const down = useRef<boolean[]>([]);
  const colours = useRef<Palette>(undefined);
  const drawn = useRef<Drawn>({ key: "" });
  const scratch = useMemo(() => createScratch(sim.topology.specs.length), [sim]);
  const sprites = useRef<Sprites>(undefined);
  const context = useRef<{ canvas: HTMLCanvasElement; ctx: CanvasRenderingContext2D | null }>(
    undefined,
  );
  /** The canvas's size in CSS pixels, from a ResizeObserver (-1: not measured yet). */
  const size = useRef({ width: -1, height: -1 });

  const draw = useCallback((): boolean => {
    const canvas = canvasRef.current;
    if (!canvas) return false;
    // Asked once per canvas: getContext every frame was 2% of the main thread with the CPU ×4.
    if (context.current?.canvas !== canvas)
      context.current = { canvas, ctx: canvas.getContext("2d") };
    const { ctx } = context.current;
    if (!ctx) return false;
    const dpr = window.devicePixelRatio || 1;
    // The size the ResizeObserver last reported: asking the element every frame would force a
    // layout after each React update (17% of a frame's time with the CPU slowed 4×).
    let { width, height } = size.current;
    if (width < 0) {
      ({ width, height } = canvas.getBoundingClientRect());
      size.current = { width, height };
    }
    const [tx, ty, zoom] = flow.getState().transform;
    const { packets, now } = sim;
    // Which components are down: a packet heading to one will be lost or bounced.
    const { specs } = sim.topology;
    if (down.current.length !== specs.length) down.current = specs.map(() => false);
    let downs = "";
    for (let c = 0; c < specs.length; c++) {
      const isDown = !sim.health((specs[c] as { id: string }).id).up;
      down.current[c] = isDown;
      if (isDown) downs += `${c},`;
    }
    const theme = document.documentElement.dataset.theme ?? "";
    const key = `${now}|${packets.count}|${tx}|${ty}|${zoom}|${width}|${height}|${dpr}|${theme}|${reducedMotion}|${downs}|${follow}`;
    if (key === drawn.current.key) return false; // nothing changed: the page rests
    drawn.current.key = key;

    if (canvas.width !== Math.round(width * dpr) || canvas.height !== Math.round(height * dpr)) {
      canvas.width = Math.round(width * dpr);
      canvas.height = Math.round(height * dpr);
    }
    const palette = readColours(canvas, colours);
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, width, height);
    // How many packets this frame shows, for the bench ("packets on screen", not requests in flight).
    canvas.dataset.packets = String(packets.count);
    canvas.dataset.dots = "0";
    if (packets.count === 0) return false;
    const radius = Math.max(5, 8 * zoom);
    // Labels scale with the diagram (16 px at 1:1), never below 12 px on screen.
    ctx.font = `600 ${labelPx(zoom)}px ui-monospace, SFMono-Regular, Menlo, Consolas, monospace`;
    ctx.textBaseline = "middle";
    const view = { tx, ty, zoom };
    // Labels keep off the components' titles, the links' own labels, and each other
    // (screen px, this frame). The links' labels are measured again only when the view moved.
    const viewKey = `${layout.name}|${tx}|${ty}|${zoom}|${width}|${height}`;
    if (linkLabels.current.key !== viewKey) {
      const origin = canvas.getBoundingClientRect();
      const rects: Rect[] = [];
      for (const el of canvas.closest(".react-flow")?.querySelectorAll(".link-label") ?? []) {
        const r = el.getBoundingClientRect();
        rects.push({ x: r.x - origin.x, y: r.y - origin.y, width: r.width, height: r.height });
      }
      // None yet (the links not drawn in this frame): measure again next frame.
      linkLabels.current = { key: rects.length > 0 ? viewKey : "", rects };
    }
    const labels: Labels = {
      titles: [
        ...bands.map((b) => ({
          x: b.x * zoom + tx,
          y: b.y * zoom + ty,
          width: b.width * zoom,
          height: b.height * zoom,
        })),
        ...linkLabels.current.rects,
      ],
      placed: [],
    };
    if (reducedMotion) {
      drawStill(ctx, sim, pathOf, palette, view, labels, follow);
      return false;
    }
    sprites.current = spritesFor(sprites.current, palette, radius, dpr);
    const dots = drawMoving(
      ctx,
      sim,
      pathOf,
      palette,
      view,
      radius,
      down.current,
      scratch,
      sprites.current,
      labels,
      follow,
    );
    canvas.dataset.dots = String(dots);
    return true;
  }, [flow, sim, pathOf, bands, layout, reducedMotion, scratch, follow]);

  useFrame(FRAME_ORDER.draw, draw);

  // A click on a traced packet in flight opens it in the inspector (the event log's entries are
  // the same packets for the keyboard). Listened for on the diagram, before React Flow's pane.
  const { inspect } = useHopscope(selectActions);
  useEffect(() => {
    const canvas = canvasRef.current;
    const diagram = canvas?.closest(".react-flow");
    if (!canvas || !diagram) return;
    const onClick = (e: Event) => {
      const { clientX, clientY } = e as MouseEvent;
      const origin = canvas.getBoundingClientRect();
      const [tx, ty, zoom] = flow.getState().transform;
      const hop = packetAt(
        sim,
        pathOf,
        follow,
        { tx, ty, zoom },
        clientX - origin.x,
        clientY - origin.y,
      );
      if (hop === undefined) return;
      e.stopPropagation();
      inspect(hop);
    };
    diagram.addEventListener("click", onClick, true);
    return () => diagram.removeEventListener("click", onClick, true);
  }, [flow, sim, pathOf, follow, inspect]);
  // A resting frame loop wakes when the view pans or zooms, or the canvas changes size.
  const loop = useFrameLoop();
  useEffect(() => {
    if (!loop) return;
    const off = flow.subscribe(() => loop.wake());
    const resized = new ResizeObserver((entries) => {
      const box = entries[entries.length - 1]?.contentRect;
      if (box) size.current = { width: box.width, height: box.height };
      loop.wake();
    });
    if (canvasRef.current) resized.observe(canvasRef.current);
    return () => {
      off();
      resized.disconnect();
    };
  }, [flow, loop]);
  // Hidden from assistive technology: the event log says the same in words.
  return (
    <div
      className="packet-layer"
      aria-hidden="true"
      data-motion={reducedMotion ? "still" : "moving"}
    >
      <canvas ref={canvasRef} />
    </div>
  );
}

type Palette = { theme: string; values: Record<number, string>; text: string; halo: string };
type View = { tx: number; ty: number; zoom: number };
/** Where labels must not go this frame: components' titles, and the labels already drawn. */
type Labels = { titles: Rect[]; placed: Rect[] };

/** Per-path tallies, reused from frame to frame (typed arrays by `from * n + to`). */
interface Scratch {
  n: number;
  count: Uint32Array;
  errors: Uint32Array;
  /** Each path's commonest kind of packet so far this frame, and how many of it. */
  kinds: Uint32Array;
  /** Paths touched this frame, to reset and to walk. */
  touched: number[];
  /** A reusable point. */
  at: { x: number; y: number };
}

function createScratch(n: number): Scratch {
  return {
    n,
    count: new Uint32Array(n * n),
    errors: new Uint32Array(n * n),
    kinds: new Uint32Array(n * n * 6),
    touched: [],
    at: { x: 0, y: 0 },
  };
}

/** A dot with its halo, drawn once per colour and size and then copied (drawImage is cheaper than a path fill per packet). */
interface Sprites {
  key: string;
  size: number;
  byKind: Map<number, HTMLCanvasElement>;
}

function spritesFor(
  current: Sprites | undefined,
  palette: Palette,
  radius: number,
  dpr: number,
): Sprites {
  const key = `${palette.theme}|${radius}|${dpr}`;
  if (current?.key === key) return current;
  const size = Math.ceil((radius + 2) * 2);
  const byKind = new Map<number, HTMLCanvasElement>();
  for (const [kind, colour] of Object.entries(palette.values)) {
    const c = document.createElement("canvas");
    c.width = Math.ceil(size * dpr);
    c.height = Math.ceil(size * dpr);
    const g = c.getContext("2d");
    if (!g) continue;
    g.scale(dpr, dpr);
    g.fillStyle = colour;
    g.strokeStyle = palette.halo;
    g.lineWidth = 2.5;
    g.beginPath();
    g.arc(size / 2, size / 2, radius, 0, Math.PI * 2);
    g.fill();
    g.stroke();
    byKind.set(Number(kind), c);
  }
  return { key, size, byKind };
}

/**
 * Moving packets. A path with few packets draws each one as it always has (a single visit
 * in slow motion looks exactly the same: trails, labels, crosses for doomed packets). A path
 * with more than STREAM_OVER draws a stream and a stable sample of its packets: the same
 * packets are sampled for their whole trip (chosen by their departure time), so none blinks.
 */
function drawMoving(
  ctx: CanvasRenderingContext2D,
  sim: Simulation,
  pathOf: (from: number, to: number) => Polyline | null,
  palette: Palette,
  view: View,
  radius: number,
  down: boolean[],
  s: Scratch,
  sprites: Sprites,
  labels: Labels,
  follow: number,
): number {
  const { packets, now } = sim;
  let dots = 0;
  const { tx, ty, zoom } = view;
  const { n, count, errors, kinds, touched, at } = s;
  for (const k of touched) {
    count[k] = 0;
    errors[k] = 0;
    kinds.fill(0, k * 6, k * 6 + 6);
  }
  touched.length = 0;
  for (let i = 0; i < packets.count; i++) {
    if (follow >= 0 && !ofVisit(sim, i, follow)) continue;
    const k = (packets.from[i] as number) * n + (packets.to[i] as number);
    if (count[k] === 0) touched.push(k);
    count[k] = (count[k] as number) + 1;
    const kind = packets.kind[i] as number;
    if (kind === HopKind.Error) errors[k] = (errors[k] as number) + 1;
    kinds[k * 6 + kind] = (kinds[k * 6 + kind] as number) + 1;
  }
  const few = packets.count <= MAX_TRAILS;
  const labelled = packets.count <= MAX_LABELLED;

  // Streams first, under the dots.
  for (const k of touched) {
    const c = count[k] as number;
    if (c <= STREAM_OVER) continue;
    const line = pathOf(Math.floor(k / n), k % n);
    if (line)
      drawStream(ctx, line, c, errors[k] as number, dominantKind(kinds, k), palette, view, now);
  }

  for (let i = 0; i < packets.count; i++) {
    if (follow >= 0 && !ofVisit(sim, i, follow)) continue;
    const from = packets.from[i] as number;
    const to = packets.to[i] as number;
    const k = from * n + to;
    const onPath = count[k] as number;
    const depart = packets.depart[i] as number;
    if (onPath > STREAM_OVER) {
      // A stable sample: packets whose departure time falls in one of `stride` classes.
      let stride = 1;
      while (stride * SAMPLE_PER_PATH < onPath) stride *= 2;
      if (((depart * 1000) | 0) & (stride - 1)) continue;
    }
    const line = pathOf(from, to);
    if (!line) continue;
    const arrive = packets.arrive[i] as number;
    const t = arrive > depart ? (now - depart) / (arrive - depart) : 1;
    const kind = packets.kind[i] as number;
    const colour = palette.values[kind] ?? palette.text;

    if (few) {
      // The stretch already travelled, as a fading trail.
      ctx.strokeStyle = colour;
      ctx.globalAlpha = 0.45;
      ctx.lineWidth = Math.max(3, 5 * zoom);
      ctx.lineCap = "round";
      ctx.beginPath();
      const steps = 24;
      for (let step = 0; step <= steps; step++) {
        pointInto(line, (t * step) / steps, at);
        const x = at.x * zoom + tx;
        const y = at.y * zoom + ty;
        if (step === 0) ctx.moveTo(x, y);
        else ctx.lineTo(x, y);
      }
      ctx.stroke();
      ctx.globalAlpha = 1;
    }

    pointInto(line, t, at);
    const x = at.x * zoom + tx;
    const y = at.y * zoom + ty;
    dots++;
    const sprite = few ? undefined : sprites.byKind.get(kind);
    if (sprite) {
      ctx.drawImage(sprite, x - sprites.size / 2, y - sprites.size / 2, sprites.size, sprites.size);
    } else {
      ctx.fillStyle = colour;
      ctx.strokeStyle = palette.halo;
      ctx.lineWidth = 2.5;
      ctx.beginPath();
      ctx.arc(x, y, radius, 0, Math.PI * 2);
      ctx.fill();
      ctx.stroke();
    }
    if (down[to]) drawDoomed(ctx, x, y, radius, palette.text);
    if (labelled)
      drawPlacedLabel(
        ctx,
        packetLabel(sim, packets.hop[i] as number),
        x,
        y,
        radius + 14,
        colour,
        palette,
        labels,
      );
  }
  return dots;
}

/** The kind most packets on path `k` are. */
function dominantKind(kinds: Uint32Array, k: number): number {
  let best = 0;
  for (let kind = 1; kind < 6; kind++)
    if ((kinds[k * 6 + kind] as number) > (kinds[k * 6 + best] as number)) best = kind;
  return best;
}

/**
 * A busy path as a stream: a band whose width grows with the packets on it (doubling the
 * packets adds a step), in the colour of most of them, with dashes that move in the direction
 * of travel, and a red core as wide as the share of errors.
 */
function drawStream(
  ctx: CanvasRenderingContext2D,
  line: Polyline,
  count: number,
  errorCount: number,
  kind: number,
  palette: Palette,
  view: View,
  now: number,
): void {
  const { tx, ty, zoom } = view;
  const width = Math.min(22, 4 + 3 * Math.log2(count / STREAM_OVER)) * Math.max(zoom, 0.6);
  const trace = () => {
    ctx.beginPath();
    line.points.forEach((p, i) => {
      if (i === 0) ctx.moveTo(p.x * zoom + tx, p.y * zoom + ty);
      else ctx.lineTo(p.x * zoom + tx, p.y * zoom + ty);
    });
  };
  ctx.lineCap = "butt";
  ctx.lineJoin = "round";
  ctx.globalAlpha = 0.35;
  ctx.strokeStyle = palette.values[kind] ?? palette.text;
  ctx.lineWidth = width;
  trace();
  ctx.stroke();
  // Dashes moving along: the flow's direction, at a steady pace on screen.
  ctx.globalAlpha = 0.8;
  ctx.setLineDash([6 * zoom + 2, 10 * zoom + 4]);
  ctx.lineDashOffset = -((now / 8) % 1000);
  ctx.lineWidth = Math.max(2, width / 3);
  trace();
  ctx.stroke();
  ctx.setLineDash([]);
  if (errorCount > 0) {
    ctx.globalAlpha = 0.9;
    ctx.strokeStyle = palette.values[HopKind.Error] ?? palette.text;
    ctx.lineWidth = Math.max(2, (width * errorCount) / count);
    trace();
    ctx.stroke();
  }
  ctx.globalAlpha = 1;
}

/**
 * Reduced motion: nothing moves. Each link in use is highlighted in the
 * direction of travel, with what crosses it: the packet's label when there is
 * one, or how many are on it ("×12").
 */
function drawStill(
  ctx: CanvasRenderingContext2D,
  sim: Simulation,
  pathOf: (from: number, to: number) => Polyline | null,
  palette: { values: Record<number, string>; text: string; halo: string },
  view: { tx: number; ty: number; zoom: number },
  labels: Labels,
  follow: number,
): void {
  const { packets } = sim;
  const n = sim.topology.specs.length;
  const groups = new Map<
    number,
    { from: number; to: number; count: number; kind: number; hop: number }
  >();
  for (let i = 0; i < packets.count; i++) {
    if (follow >= 0 && !ofVisit(sim, i, follow)) continue;
    const from = packets.from[i] as number;
    const to = packets.to[i] as number;
    const key = from * n + to;
    const g = groups.get(key);
    if (g) g.count++;
    else
      groups.set(key, {
        from,
        to,
        count: 1,
        kind: packets.kind[i] as number,
        hop: packets.hop[i] as number,
      });
  }
  const { tx, ty, zoom } = view;
  for (const g of groups.values()) {
    const line = pathOf(g.from, g.to);
    if (!line) continue;
    const colour = palette.values[g.kind] ?? palette.text;
    ctx.strokeStyle = colour;
    ctx.globalAlpha = 0.8;
    ctx.lineWidth = Math.max(3, 5 * zoom);
    ctx.lineCap = "round";
    ctx.beginPath();
    line.points.forEach((p, i) => {
      if (i === 0) ctx.moveTo(p.x * zoom + tx, p.y * zoom + ty);
      else ctx.lineTo(p.x * zoom + tx, p.y * zoom + ty);
    });
    ctx.stroke();
    ctx.globalAlpha = 1;
    // Which way: a head at 60% of the way, then the label at the middle.
    const head = pointAt(line, 0.6);
    const back = pointAt(line, 0.55);
    const angle = Math.atan2(head.y - back.y, head.x - back.x);
    const hx = head.x * zoom + tx;
    const hy = head.y * zoom + ty;
    const size = Math.max(7, 10 * zoom);
    ctx.fillStyle = colour;
    ctx.beginPath();
    ctx.moveTo(hx + Math.cos(angle) * size, hy + Math.sin(angle) * size);
    ctx.lineTo(hx + Math.cos(angle + 2.5) * size, hy + Math.sin(angle + 2.5) * size);
    ctx.lineTo(hx + Math.cos(angle - 2.5) * size, hy + Math.sin(angle - 2.5) * size);
    ctx.fill();
    // The two directions of a link label at different places, so they never overlap.
    const mid = pointAt(line, g.from < g.to ? 0.35 : 0.65);
    const text = g.count > 1 ? `×${g.count}` : packetLabel(sim, g.hop);
    drawPlacedLabel(ctx, text, mid.x * zoom + tx, mid.y * zoom + ty, 18, colour, palette, labels);
  }
}

/** A cross over a packet whose destination is down: it will be lost, or bounced with a reset. */
function drawDoomed(
  ctx: CanvasRenderingContext2D,
  x: number,
  y: number,
  r: number,
  colour: string,
): void {
  ctx.strokeStyle = colour;
  ctx.lineWidth = 2.5;
  ctx.beginPath();
  ctx.moveTo(x - r * 0.6, y - r * 0.6);
  ctx.lineTo(x + r * 0.6, y + r * 0.6);
  ctx.moveTo(x + r * 0.6, y - r * 0.6);
  ctx.lineTo(x - r * 0.6, y + r * 0.6);
  ctx.stroke();
}

/** A packet label's font size on screen (px) at a zoom. */
function labelPx(zoom: number): number {
  return Math.max(12, Math.round(16 * zoom));
}

function packetLabel(sim: Simulation, seq: number): string {
  const entry = sim.entry(seq);
  if (!entry) return "";
  return packetCaption(entry.summary);
}

/**
 * A label for something at (`x`, `y`), `gap` px away from it: above, or where it covers no
 * component's title and no other label (see placeLabel).
 */
function drawPlacedLabel(
  ctx: CanvasRenderingContext2D,
  text: string,
  x: number,
  y: number,
  gap: number,
  colour: string,
  palette: { text: string; halo: string },
  labels: Labels,
): void {
  if (!text) return;
  const w = ctx.measureText(text).width + 14;
  const h = Number.parseFloat(ctx.font.slice(4)) + 8;
  const at = placeLabel(x, y, gap, w, h, labels.titles, labels.placed);
  drawLabel(ctx, text, at.x, at.y, w, h, colour, palette);
}

function drawLabel(
  ctx: CanvasRenderingContext2D,
  text: string,
  x: number,
  y: number,
  w: number,
  h: number,
  colour: string,
  palette: { text: string; halo: string },
): void {
  ctx.fillStyle = palette.halo;
  ctx.globalAlpha = 0.94;
  ctx.beginPath();
  ctx.roundRect(x - w / 2, y - h / 2, w, h, 6);
  ctx.fill();
  ctx.globalAlpha = 1;
  ctx.strokeStyle = colour;
  ctx.lineWidth = 1.5;
  ctx.stroke();
  ctx.fillStyle = palette.text;
  ctx.textAlign = "center";
  ctx.fillText(text, x, y + 1);
}

/** Reads the theme's packet colours from CSS once per theme. */
function readColours(el: HTMLElement, cache: { current: Palette | undefined }): Palette {
  const theme = document.documentElement.dataset.theme ?? "";
  if (cache.current?.theme === theme) return cache.current;
  const style = getComputedStyle(el);
  const values: Record<number, string> = {};
  for (const [kind, name] of Object.entries(KIND_COLOUR_VARS)) {
    values[Number(kind)] = style.getPropertyValue(name).trim() || "#888";
  }
  cache.current = {
    theme,
    values,
    text: style.getPropertyValue("--text").trim() || "#111",
    halo: style.getPropertyValue("--surface").trim() || "#fff",
  };
  return cache.current;
}

/** Whether packet slot `i` belongs to visit `visitId` (an untraced packet belongs to none). */
function ofVisit(sim: Simulation, i: number, visitId: number): boolean {
  const hop = sim.packets.hop[i] as number;
  return hop >= 0 && sim.entry(hop)?.visitId === visitId;
}

/** Most distance (screen px) from a packet's dot at which a click still picks it. */
const PICK_PX = 14;

/** The trace seq of the traced packet nearest to (x, y) on screen, within PICK_PX; undefined if none. */
function packetAt(
  sim: Simulation,
  pathOf: (from: number, to: number) => Polyline | null,
  follow: number,
  view: View,
  x: number,
  y: number,
): number | undefined {
  const { packets, now } = sim;
  const at = { x: 0, y: 0 };
  let best: number | undefined;
  let bestDistance = PICK_PX * PICK_PX;
  for (let i = 0; i < packets.count; i++) {
    const hop = packets.hop[i] as number;
    if (hop < 0 || (follow >= 0 && !ofVisit(sim, i, follow))) continue;
    const line = pathOf(packets.from[i] as number, packets.to[i] as number);
    if (!line) continue;
    const depart = packets.depart[i] as number;
    const arrive = packets.arrive[i] as number;
    pointInto(line, arrive > depart ? (now - depart) / (arrive - depart) : 1, at);
    const dx = at.x * view.zoom + view.tx - x;
    const dy = at.y * view.zoom + view.ty - y;
    const d = dx * dx + dy * dy;
    if (d <= bestDistance) {
      bestDistance = d;
      best = hop;
    }
  }
  return best;
}
