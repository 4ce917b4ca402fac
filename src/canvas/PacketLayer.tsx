import { useStoreApi } from "@xyflow/react";
import { useCallback, useMemo, useRef } from "react";
import { FRAME_ORDER, useFrame } from "../app/frameLoop";
import { HopKind, type Simulation } from "../engine";
import { selectSim, useHopscope } from "../store";
import { type Polyline, pointAt } from "./geometry";
import type { CanvasLayout } from "./layout";
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
 * Draws the packets in flight on one canvas over the React Flow pane, every
 * frame, straight from the engine's packet table. No React state changes per
 * frame. With reduced motion, packets do not move: the link in use is
 * highlighted and the packet's label sits at its middle.
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
  const pathOf = useMemo(() => createPacketPaths(sim.topology, layout), [sim, layout]);
  const down = useRef<boolean[]>([]);
  const colours = useRef<{
    theme: string;
    values: Record<number, string>;
    text: string;
    halo: string;
  }>(undefined);

  const draw = useCallback(() => {
    const canvas = canvasRef.current;
    const ctx = canvas?.getContext("2d");
    if (!canvas || !ctx) return;
    const dpr = window.devicePixelRatio || 1;
    const { width, height } = canvas.getBoundingClientRect();
    if (canvas.width !== Math.round(width * dpr) || canvas.height !== Math.round(height * dpr)) {
      canvas.width = Math.round(width * dpr);
      canvas.height = Math.round(height * dpr);
    }
    const palette = readColours(canvas, colours);
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, width, height);

    const [tx, ty, zoom] = flow.getState().transform;
    const { packets, now } = sim;
    const labelled = packets.count <= MAX_LABELLED;
    const trails = packets.count <= MAX_TRAILS;
    // Which components are down: a packet heading to one will be lost or bounced.
    const { specs } = sim.topology;
    if (down.current.length !== specs.length) down.current = specs.map(() => false);
    for (let c = 0; c < specs.length; c++)
      down.current[c] = !sim.health((specs[c] as { id: string }).id).up;
    const radius = Math.max(5, 8 * zoom);
    ctx.font = `600 ${Math.max(11, Math.round(14 * zoom))}px ui-monospace, SFMono-Regular, Menlo, Consolas, monospace`;
    ctx.textBaseline = "middle";

    // How many packets this frame shows, for the bench ("packets on screen", not requests in flight).
    canvas.dataset.packets = String(packets.count);
    if (reducedMotion) {
      drawStill(ctx, sim, pathOf, palette, { tx, ty, zoom });
      return;
    }

    for (let i = 0; i < packets.count; i++) {
      const line = pathOf(packets.from[i] as number, packets.to[i] as number);
      if (!line) continue;
      const depart = packets.depart[i] as number;
      const arrive = packets.arrive[i] as number;
      const t = arrive > depart ? (now - depart) / (arrive - depart) : 1;
      const colour = palette.values[packets.kind[i] as number] ?? palette.text;

      // The stretch already travelled, as a fading trail.
      // Under heavy traffic the dots alone say it, and trails would cost the frame.
      if (trails) {
        ctx.strokeStyle = colour;
        ctx.globalAlpha = 0.45;
        ctx.lineWidth = Math.max(3, 5 * zoom);
        ctx.lineCap = "round";
        ctx.beginPath();
        const steps = 24;
        const upto = t;
        for (let s = 0; s <= steps; s++) {
          const p = pointAt(line, (upto * s) / steps);
          const x = p.x * zoom + tx;
          const y = p.y * zoom + ty;
          if (s === 0) ctx.moveTo(x, y);
          else ctx.lineTo(x, y);
        }
        ctx.stroke();
        ctx.globalAlpha = 1;
      }

      const p = pointAt(line, t);
      const x = p.x * zoom + tx;
      const y = p.y * zoom + ty;
      ctx.fillStyle = colour;
      ctx.strokeStyle = palette.halo;
      ctx.lineWidth = 2.5;
      ctx.beginPath();
      ctx.arc(x, y, radius, 0, Math.PI * 2);
      ctx.fill();
      ctx.stroke();
      if (down.current[packets.to[i] as number]) drawDoomed(ctx, x, y, radius, palette.text);

      if (labelled)
        drawLabel(
          ctx,
          packetLabel(sim, packets.hop[i] as number),
          x,
          y - radius - 14,
          colour,
          palette,
        );
    }
  }, [flow, sim, pathOf, reducedMotion]);

  useFrame(FRAME_ORDER.draw, draw);
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
): void {
  const { packets } = sim;
  const n = sim.topology.specs.length;
  const groups = new Map<
    number,
    { from: number; to: number; count: number; kind: number; hop: number }
  >();
  for (let i = 0; i < packets.count; i++) {
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
    drawLabel(ctx, text, mid.x * zoom + tx, mid.y * zoom + ty - 18, colour, palette);
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

function packetLabel(sim: Simulation, seq: number): string {
  const entry = sim.entry(seq);
  if (!entry) return "";
  const text = entry.summary;
  return text.length > 34 ? `${text.slice(0, 33)}…` : text;
}

function drawLabel(
  ctx: CanvasRenderingContext2D,
  text: string,
  x: number,
  y: number,
  colour: string,
  palette: { text: string; halo: string },
): void {
  if (!text) return;
  const w = ctx.measureText(text).width + 14;
  const h = 22;
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
function readColours(
  el: HTMLElement,
  cache: {
    current:
      | { theme: string; values: Record<number, string>; text: string; halo: string }
      | undefined;
  },
) {
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
