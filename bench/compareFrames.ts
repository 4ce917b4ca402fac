// Compare mode's frame times: two canvases, two engines on one clock, in Chromium against the
// production build in dist/. `npm run bench` runs it (bench/run.ts); alone, after a build:
//   npx tsx bench/compareFrames.ts
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import type { Page } from "playwright-core";
import { launchChromium } from "../tests/e2e/chromium";
import { serveStatic } from "../tests/e2e/server";

export interface CompareLoad {
  label: string;
  /** The page's query string (a compare= link). */
  query: string;
  /** Requests in flight each side must reach before the window (the table's "In flight" row). */
  inFlight: number;
  /** The speed button pressed once they have (the scene's own speed runs until then). */
  speed?: "0.1" | "1" | "10" | "100";
}

export interface CompareRun {
  label: string;
  url: string;
  /** Requests in flight on each side during the window: min/median/max. */
  inFlight: [Spread, Spread];
  frames: number;
  p50: number;
  p95: number;
  p99: number;
  /** Share of frames longer than 25 ms. */
  over25: number;
  /** Share of the window the main thread was busy. */
  busy: number;
  /** Whether the clock said SLOWED: the engines could not keep up at the speed asked. */
  slowed: boolean;
  /** Simulated time the one clock advanced during the window (ms), and the clocks' difference. */
  simulatedMs: number;
}

interface Spread {
  min: number;
  median: number;
  max: number;
}

const round1 = (x: number) => Math.round(x * 10) / 10;
const quantile = (sorted: number[], p: number) =>
  round1(sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? Number.NaN);
const spread = (values: number[]): Spread => {
  const s = values.filter(Number.isFinite).sort((a, b) => a - b);
  return {
    min: s[0] ?? Number.NaN,
    median: s[s.length >> 1] ?? Number.NaN,
    max: s.at(-1) ?? Number.NaN,
  };
};

/** In the page: the "In flight" row's two figures (the table's own words). */
const IN_FLIGHT = `(() => {
  const row = [...document.querySelectorAll(".comparison-table tbody tr")].find((tr) =>
    tr.querySelector("th")?.textContent?.startsWith("In flight"));
  return [...(row?.querySelectorAll("td") ?? [])].map((td) => Number(td.textContent.replace(/,/g, "")));
})()`;

/** In the page: every animation frame's time for `ms`, and both sides' requests in flight every 250 ms. */
const windowScript = (ms: number) => `new Promise((done) => {
  const read = () => ${IN_FLIGHT};
  const times = [];
  const left = [];
  const right = [];
  let next = 0;
  const end = performance.now() + ${ms};
  const frame = (t) => {
    times.push(t);
    if (t >= next) {
      const [a, b] = read();
      left.push(a);
      right.push(b);
      next = t + 250;
    }
    if (t < end) requestAnimationFrame(frame);
    else done({ intervals: times.slice(1).map((v, i) => v - times[i]), left, right });
  };
  requestAnimationFrame(frame);
})`;

/** Compare mode's one clock, in simulated ms, as the page shows it. */
async function clockMs(page: Page): Promise<number> {
  const text = (await page.getByTestId("compare-clock").textContent()) ?? "";
  const min = /^(\d+) min (\d+) s$/.exec(text);
  if (min) return (Number(min[1]) * 60 + Number(min[2])) * 1000;
  const n = Number.parseFloat(text);
  return text.endsWith(" ms") ? n : n * 1000;
}

async function measureCompareLoad(page: Page, url: string, load: CompareLoad, seconds: number) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Performance.enable");
  await page.goto(url);
  await page.getByRole("table", { name: "Side by side" }).waitFor();
  // Polled with evaluate: waitForFunction compiles its string in the page, which the CSP forbids.
  for (let waited = 0; ; waited += 250) {
    const counts = (await page.evaluate(IN_FLIGHT)) as number[];
    if (counts.length === 2 && counts.every((n) => n >= load.inFlight)) break;
    if (waited > 120_000)
      throw new Error(`BENCH_NO_LOAD: in flight ${counts.join(" | ")} after 120 s`);
    await page.waitForTimeout(250);
  }
  if (load.speed)
    await page
      .getByRole("group", { name: "Speed" })
      .getByRole("button", { name: `${load.speed}×` })
      .click();
  const busyClock = async () => {
    const { metrics } = (await cdp.send("Performance.getMetrics")) as {
      metrics: { name: string; value: number }[];
    };
    const value = (name: string) => metrics.find((m) => m.name === name)?.value ?? Number.NaN;
    return { task: value("TaskDuration"), wall: value("Timestamp") };
  };
  const simBefore = await clockMs(page);
  const before = await busyClock();
  const sampled = (await page.evaluate(windowScript(seconds * 1000))) as {
    intervals: number[];
    left: number[];
    right: number[];
  };
  const after = await busyClock();
  const simAfter = await clockMs(page);
  const slowed = (await page.locator(".clock-state.warn", { hasText: /slowed/i }).count()) > 0;
  const sorted = [...sampled.intervals].sort((a, b) => a - b);
  return {
    label: load.label,
    url: load.query,
    inFlight: [spread(sampled.left), spread(sampled.right)] as [Spread, Spread],
    frames: sampled.intervals.length,
    p50: quantile(sorted, 0.5),
    p95: quantile(sorted, 0.95),
    p99: quantile(sorted, 0.99),
    over25: Number(
      (sampled.intervals.filter((d) => d > 25).length / Math.max(1, sorted.length)).toFixed(3),
    ),
    busy: Number(((after.task - before.task) / (after.wall - before.wall)).toFixed(3)),
    slowed,
    simulatedMs: Math.round(simAfter - simBefore),
  };
}

/**
 * The compare loads: compare-surge at 1280×720 (a projector), measured from the moment both
 * sides hold about 2,000 requests in flight (the surge's first seconds), at 1× and at 0.1×.
 */
export const COMPARE_LOADS: CompareLoad[] = [
  {
    label: "compare-surge, 1×, from 2,000 in flight each",
    query: "?compare=compare-surge&autoplay=1&speed=1",
    inFlight: 2_000,
  },
  {
    label: "compare-surge, 0.1×, at 2,000 in flight each",
    query: "?compare=compare-surge&autoplay=1&speed=1",
    inFlight: 2_000,
    speed: "0.1",
  },
];

export async function measureCompareLoads(
  loads: CompareLoad[] = COMPARE_LOADS,
  seconds = 5,
): Promise<(CompareRun | { label: string; error: string })[]> {
  const server = await serveStatic(resolve("dist"));
  const browser = await launchChromium();
  const out: (CompareRun | { label: string; error: string })[] = [];
  try {
    for (const load of loads) {
      const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
      try {
        out.push(await measureCompareLoad(page, `${server.url}${load.query}`, load, seconds));
      } catch (e) {
        out.push({ label: load.label, error: (e as Error).message.split("\n")[0] ?? "" });
      }
      await page.close();
    }
  } finally {
    await browser.close();
    await server.close();
  }
  return out;
}

/** One line per load, for the bench's summary. */
export function describeCompareRun(r: CompareRun | { label: string; error: string }): string {
  if ("error" in r) return `  ${r.label}: not measured: ${r.error}`;
  const f = (s: Spread) => `${s.min}/${s.median}/${s.max}`;
  return `  ${r.label.padEnd(46)} in flight ${f(r.inFlight[0])} | ${f(r.inFlight[1])}, ${r.frames} frames, p50 ${r.p50.toFixed(1)} ms, p95 ${r.p95.toFixed(1)} ms, p99 ${r.p99.toFixed(1)} ms, >25 ms ${(r.over25 * 100).toFixed(1)}%, busy ${(r.busy * 100).toFixed(1)}%, ${r.simulatedMs} ms simulated${r.slowed ? ", clock slowed" : ""}`;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  console.log(
    "compare mode, 5 s windows, 1280×720 (requests in flight one server | three servers, min/median/max):",
  );
  for (const r of await measureCompareLoads()) console.log(describeCompareRun(r));
}
