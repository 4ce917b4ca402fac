// Where the main thread's time goes: a Chromium trace (devtools.timeline) of a page, its main
// thread's events reduced to self time (an event's time minus the events nested in it) and
// summed into a few groups: script, style, layout, paint and compositing, parsing HTML, GC,
// other. It explains the misses in BENCHMARKS.md (issue 12): what a slow CPU spends its frames
// on, and what the app's startup spends beside the framework floor's.
import { pathToFileURL } from "node:url";
import type { Browser, CDPSession, Page } from "playwright-core";
import { FIRST_NODE_SCRIPT } from "./startup";

export const GROUPS = [
  "script",
  "style",
  "layout",
  "paint and composite",
  "parse HTML",
  "GC",
  "other",
] as const;
export type Group = (typeof GROUPS)[number];
/** Ms of main-thread self time per group, and their sum. */
export type Breakdown = Record<Group, number> & { total: number };

const GROUP_OF: Record<string, Group> = {
  FunctionCall: "script",
  FireAnimationFrame: "script",
  EvaluateScript: "script",
  "v8.compile": "script",
  "v8.compileModule": "script",
  "v8.evaluateModule": "script",
  TimerFire: "script",
  EventDispatch: "script",
  RunMicrotasks: "script",
  FireIdleCallback: "script",
  ResizeObserverCallback: "script",
  UpdateLayoutTree: "style",
  RecalculateStyles: "style",
  ParseAuthorStyleSheet: "style",
  Layout: "layout",
  Paint: "paint and composite",
  PrePaint: "paint and composite",
  Layerize: "paint and composite",
  UpdateLayer: "paint and composite",
  UpdateLayerTree: "paint and composite",
  Commit: "paint and composite",
  CompositeLayers: "paint and composite",
  PaintImage: "paint and composite",
  ParseHTML: "parse HTML",
  MinorGC: "GC",
  MajorGC: "GC",
};

interface TraceEvent {
  name: string;
  ph: string;
  ts: number;
  dur?: number;
  pid: number;
  tid: number;
}

function groupOf(name: string): Group {
  const known = GROUP_OF[name];
  if (known) return known;
  if (name.startsWith("V8.GC") || name.startsWith("BlinkGC")) return "GC";
  // V8's own events (compiling, running a function) are nested in the calls above.
  if (name.startsWith("v8.") || name.startsWith("V8.")) return "script";
  return "other";
}

/** Self time per group on the renderer's main thread (the thread that ran ParseHTML or frames). */
export function reduceTrace(events: readonly TraceEvent[]): Breakdown {
  const marker = events.find((e) => e.name === "ParseHTML" || e.name === "FireAnimationFrame");
  const out = Object.fromEntries([...GROUPS, "total"].map((g) => [g, 0])) as Breakdown;
  if (!marker) return out;
  const xs = events
    .filter(
      (e) => e.ph === "X" && e.dur !== undefined && e.pid === marker.pid && e.tid === marker.tid,
    )
    .sort((a, b) => a.ts - b.ts || (b.dur ?? 0) - (a.dur ?? 0));
  const stack: TraceEvent[] = [];
  for (const e of xs) {
    while (stack.length > 0) {
      const top = stack[stack.length - 1] as TraceEvent;
      if (top.ts + (top.dur ?? 0) > e.ts) break;
      stack.pop();
    }
    const parent = stack[stack.length - 1];
    const ms = (e.dur ?? 0) / 1000;
    if (parent) out[groupOf(parent.name)] -= ms;
    out[groupOf(e.name)] += ms;
    stack.push(e);
  }
  for (const g of GROUPS) {
    out[g] = Math.round(out[g]);
    out.total += out[g];
  }
  return out;
}

async function traced(cdp: CDPSession, during: () => Promise<void>): Promise<Breakdown> {
  const events: TraceEvent[] = [];
  cdp.on("Tracing.dataCollected", (e) => {
    events.push(...(e.value as unknown as TraceEvent[]));
  });
  const complete = new Promise<void>((done) => cdp.once("Tracing.tracingComplete", () => done()));
  await cdp.send("Tracing.start", {
    categories: "devtools.timeline,disabled-by-default-devtools.timeline,v8",
    transferMode: "ReportEvents",
  });
  await during();
  await cdp.send("Tracing.end");
  await complete;
  return reduceTrace(events);
}

async function openPage(browser: Browser, cpu: number): Promise<{ page: Page; cdp: CDPSession }> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  if (cpu !== 1) await cdp.send("Emulation.setCPUThrottlingRate", { rate: cpu });
  return { page, cdp };
}

/** A running page (`file` + `query`), traced for `seconds` after `buildUpSeconds`. */
export async function loadBreakdown(
  browser: Browser,
  file: string,
  query: string,
  cpu: number,
  { seconds = 5, buildUpSeconds = 5 } = {},
): Promise<Breakdown> {
  const { page, cdp } = await openPage(browser, cpu);
  try {
    await page.goto(pathToFileURL(file).href + query);
    await page.waitForTimeout(buildUpSeconds * 1000);
    return await traced(cdp, () => page.waitForTimeout(seconds * 1000));
  } finally {
    await page.context().close();
  }
}

/** From navigation to the first visible React Flow node of `file` (from file://). */
export async function startupBreakdown(
  browser: Browser,
  file: string,
  cpu: number,
): Promise<Breakdown & { firstNodeMs: number }> {
  const { page, cdp } = await openPage(browser, cpu);
  try {
    await page.addInitScript(FIRST_NODE_SCRIPT);
    let firstNodeMs = 0;
    const breakdown = await traced(cdp, async () => {
      await page.goto(pathToFileURL(file).href);
      firstNodeMs = Math.round((await page.evaluate("window.__firstNode")) as number);
    });
    return { ...breakdown, firstNodeMs };
  } finally {
    await page.context().close();
  }
}

/** "script 812 · style 101 · …" (ms), largest first. */
export function describeBreakdown(b: Breakdown): string {
  return [...GROUPS]
    .sort((x, y) => b[y] - b[x])
    .map((g) => `${g} ${b[g].toLocaleString("en-US")}`)
    .join(" · ");
}
