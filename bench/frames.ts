import { resolve } from "node:path";
import type { CDPSession, Page } from "playwright-core";
import { launchChromium } from "../tests/e2e/chromium";
import { serveStatic } from "../tests/e2e/server";

/** One load to measure the production build under, on a fresh page. */
export interface Load {
  /** What is measured, in words. */
  label: string;
  /** The page's query string. */
  query: string;
  /** Press "Surge ×10" after the build-up, and let the surge build up too. */
  surge?: boolean;
  /** Pause after the build-up: the page holds its load but nothing moves. */
  pause?: boolean;
  /** CPU slowdown (Emulation.setCPUThrottlingRate), from before the page loads; 1: none. */
  cpu?: number;
}

/** Smallest, median and largest of a series of samples. */
export interface Spread {
  min: number;
  median: number;
  max: number;
  samples: number;
}

/** A click on the Pause/Play button, timed inside the page. */
export interface Click {
  /** The button's name before the click ("Pause" or "Play"). */
  from: string;
  /** From the pointerdown event's timeStamp to the first animation frame after the button changed (ms). */
  ms: number;
  /** From the pointerdown's timeStamp to the button's change in the DOM (ms): the handler and React's render. */
  toChangeMs: number;
}

export interface LoadRun {
  label: string;
  /** The page's query string. */
  url: string;
  cpu: number;
  surge: boolean;
  paused: boolean;
  /** Packets the packet layer drew (its canvas's data-packets), every frame of the window. */
  packetsOnScreen: Spread;
  /** Requests in flight as the traffic strip shows them, every 250 ms of the window: most wait in queues, not on screen. */
  requestsInFlight: Spread;
  frames: number;
  p50: number;
  p95: number;
  p99: number;
  /** Share of frame intervals over 25 ms. */
  over25: number;
  /** Main thread busy over the window: Δ TaskDuration / Δ wall time (CDP Performance.getMetrics), 0 to 1. */
  busy: number;
  /** The clicks timed (see Click) after the window, while the page was in the state measured. */
  clicks: Click[];
  /** Presses that landed off the button because the top bar had just reflowed, sent again. */
  clicksMissed: number;
  clickMedian: number;
  clickMax: number;
  /** Whether the app said it had slowed the simulated clock to keep up. */
  slowed: boolean;
}

const round1 = (x: number) => Math.round(x * 10) / 10;

function spread(values: number[]): Spread {
  const sorted = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  return {
    min: sorted[0] ?? Number.NaN,
    median: sorted[sorted.length >> 1] ?? Number.NaN,
    max: sorted[sorted.length - 1] ?? Number.NaN,
    samples: sorted.length,
  };
}

function quantile(sorted: number[], p: number): number {
  return round1(sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? Number.NaN);
}

/** The playback toolbar's Pause/Play button. */
const TOOLBAR = "[role=toolbar][aria-label=Playback]";

/**
 * In the page (a string, not a function: tsx would wrap a function with helpers the page does
 * not have): samples every animation frame for `ms`: its time and the packets drawn; and the
 * requests in flight every 250 ms.
 */
const windowScript = (ms: number) => `new Promise((done) => {
  const canvas = document.querySelector(".packet-layer canvas");
  const flight = document.querySelector("[data-testid=requests-in-flight]");
  const times = [];
  const packets = [];
  const inFlight = [];
  let nextRead = 0;
  const end = performance.now() + ${ms};
  const frame = (t) => {
    times.push(t);
    packets.push(canvas ? Number(canvas.dataset.packets ?? NaN) : NaN);
    if (t >= nextRead) {
      inFlight.push(flight ? Number(flight.textContent) : NaN);
      nextRead = t + 250;
    }
    if (t < end) requestAnimationFrame(frame);
    else done({ intervals: times.slice(1).map((v, i) => v - times[i]), packets, inFlight });
  };
  requestAnimationFrame(frame);
})`;

/**
 * In the page: waits for the next pointerdown, then for the Pause/Play button to be named `to`
 * (a MutationObserver on the document), then for the next animation frame; resolves with the
 * three times. Stored in window.__click, so that the click can be sent after this is in place.
 * Returns the button's centre now. A press or a release that lands off the button (the top
 * bar used to reflow while the app showed and hid a "slowed" badge; it no longer does) is a miss:
 * its events are kept from the page (nothing else gets clicked) and it resolves with
 * missed: true when its click event comes.
 */
const armClickScript = (from: string, to: string) => `(() => {
  const selector = (name) => ${JSON.stringify(TOOLBAR)} + ' button[aria-label="' + name + '"]';
  const button = document.querySelector(selector(${JSON.stringify(from)}));
  if (!button) return null;
  window.__click = new Promise((done) => {
    let finished = false;
    const finish = (result) => {
      if (finished) return;
      finished = true;
      observer.disconnect();
      done(result);
    };
    // The whole document: the app may render its toolbar anew when the top bar reflows.
    const observer = new MutationObserver(() => {
      if (!document.querySelector(selector(${JSON.stringify(to)}))) return;
      const at = performance.now();
      observer.disconnect();
      requestAnimationFrame(() => finish({ down, changed: at, frame: performance.now() }));
    });
    observer.observe(document.body, { subtree: true, attributes: true, childList: true, characterData: true });
    // This click's listeners, all removed once its click event has come (or after 10 s).
    const listening = new AbortController();
    const options = { capture: true, signal: listening.signal };
    const on = (e) => e.target instanceof Element && e.target.closest(selector(${JSON.stringify(from)})) !== null;
    const swallow = (e) => { e.stopImmediatePropagation(); e.preventDefault(); };
    let down = NaN;
    let missed = false;
    window.addEventListener("pointerdown", (e) => {
      down = e.timeStamp;
      if (!on(e)) { missed = true; swallow(e); }
    }, options);
    for (const type of ["mousedown", "pointerup", "mouseup"])
      window.addEventListener(type, (e) => { if (missed) swallow(e); }, options);
    // Pressed off the button, or on it but released off it (it moved in between): the click
    // goes elsewhere and would do something else, or nothing. Kept from the page; a miss.
    window.addEventListener("click", (e) => {
      listening.abort();
      if (missed || !on(e)) { swallow(e); finish({ down, missed: true }); }
    }, options);
    setTimeout(() => { listening.abort(); finish({ down, changed: NaN, frame: NaN }); }, 10000);
  });
  const box = button.getBoundingClientRect();
  return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
})()`;

/**
 * Clicks the Pause/Play button now named `from` with real mouse input (CDP
 * Input.dispatchMouseEvent: press and release at its centre) and times it in the page.
 * A press that misses the button (see armClickScript) is counted and sent again.
 */
async function timedClick(
  page: Page,
  cdp: CDPSession,
  from: string,
  to: string,
): Promise<Click & { missed: number }> {
  for (let missed = 0; missed < 10; missed++) {
    const at = (await page.evaluate(armClickScript(from, to))) as { x: number; y: number } | null;
    if (!at) throw new Error(`BENCH_NO_BUTTON: no ${from} button`);
    const { x, y } = at;
    await cdp.send("Input.dispatchMouseEvent", { type: "mouseMoved", x, y });
    for (const type of ["mousePressed", "mouseReleased"] as const)
      await cdp.send("Input.dispatchMouseEvent", { type, x, y, button: "left", clickCount: 1 });
    const t = (await page.evaluate("window.__click")) as {
      down: number;
      changed: number;
      frame: number;
      missed?: boolean;
    };
    if (t.missed) {
      await page.waitForTimeout(100);
      continue;
    }
    if (Number.isNaN(t.frame))
      throw new Error(`BENCH_CLICK_NO_EFFECT: ${from} did not become ${to} within 10 s`);
    return { from, ms: round1(t.frame - t.down), toChangeMs: round1(t.changed - t.down), missed };
  }
  throw new Error(`BENCH_CLICK_MISSED: the ${from} button moved away from 10 clicks in a row`);
}

async function busyClock(cdp: CDPSession): Promise<{ task: number; wall: number }> {
  const { metrics } = (await cdp.send("Performance.getMetrics")) as {
    metrics: { name: string; value: number }[];
  };
  const value = (name: string) => metrics.find((m) => m.name === name)?.value ?? Number.NaN;
  return { task: value("TaskDuration"), wall: value("Timestamp") };
}

/** A load that could not be measured, and why. */
export interface LoadError {
  label: string;
  url: string;
  cpu: number;
  error: string;
}

/**
 * Opens the production build in headless Chromium, a fresh page per load: lets the traffic
 * build up for `buildUpSeconds` (and a surge, if asked, for `surgeSeconds` more), then for
 * `seconds` samples the frame intervals, the packets on screen and the requests in flight, with
 * the main thread's busy time around that window; then times `clicks` clicks on Pause (on
 * a page that is paused or idle, on Play and then on Pause, each timed). A load that fails
 * is reported as a LoadError and the others go on.
 */
export async function measureLoads(
  loads: Load[],
  options: MeasureOptions = {},
  progress: (run: LoadRun | LoadError) => void = () => {},
): Promise<(LoadRun | LoadError)[]> {
  const server = await serveStatic(resolve("dist"));
  const browser = await launchChromium();
  const out: (LoadRun | LoadError)[] = [];
  try {
    for (const load of loads) {
      const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
      let run: LoadRun | LoadError;
      try {
        run = await measureLoad(page, `${server.url}${load.query}`, load, options);
      } catch (e) {
        run = {
          label: load.label,
          url: load.query,
          cpu: load.cpu ?? 1,
          error: (e as Error).message.split("\n")[0] ?? "",
        };
      }
      out.push(run);
      progress(run);
      await page.close();
    }
  } finally {
    await browser.close();
    await server.close();
  }
  return out;
}

interface MeasureOptions {
  seconds?: number;
  buildUpSeconds?: number;
  surgeSeconds?: number;
  clicks?: number;
}

async function measureLoad(
  page: Page,
  url: string,
  load: Load,
  { seconds = 5, buildUpSeconds = 5, surgeSeconds = 4, clicks = 3 }: MeasureOptions,
): Promise<LoadRun> {
  const cpu = load.cpu ?? 1;
  const cdp = await page.context().newCDPSession(page);
  if (cpu !== 1) await cdp.send("Emulation.setCPUThrottlingRate", { rate: cpu });
  await cdp.send("Performance.enable");
  await page.goto(url);
  await page.getByRole("button", { name: "Visit www.foobar.com" }).waitFor();
  await page.waitForTimeout(buildUpSeconds * 1000); // let the traffic and the queues build up
  if (load.surge) {
    // The button's name is its text, "Surge ×10".
    await page.getByRole("button", { name: "Surge ×10", exact: true }).click();
    await page.waitForTimeout(surgeSeconds * 1000);
  }
  if (load.pause) await page.locator(`${TOOLBAR} button[aria-label="Pause"]`).click();
  const before = await busyClock(cdp);
  const sampled = (await page.evaluate(windowScript(seconds * 1000))) as {
    intervals: number[];
    packets: number[];
    inFlight: number[];
  };
  const after = await busyClock(cdp);
  // The clock's state word says SLOWED while it runs slower than asked.
  const slowed = (await page.locator(".clock-state.warn", { hasText: /slowed/i }).count()) > 0;

  // Clicks. A running page: Pause (timed), then Play (not timed) and a second for the
  // frames to settle again. An idle or paused page: Play, then Pause, both timed
  // (on an idle page nothing moves either way; on a paused one Play resumes, so Pause is
  // timed while it runs).
  const timed: (Click & { missed: number })[] = [];
  const running = (await page.locator(`${TOOLBAR} button[aria-label="Pause"]`).count()) > 0;
  let missed = 0;
  for (let i = 0; i < clicks; i++) {
    if (running) {
      timed.push(await timedClick(page, cdp, "Pause", "Play"));
      missed += (await timedClick(page, cdp, "Play", "Pause")).missed;
    } else {
      timed.push(await timedClick(page, cdp, "Play", "Pause"));
      timed.push(await timedClick(page, cdp, "Pause", "Play"));
    }
    await page.waitForTimeout(1000);
  }
  missed += timed.reduce((sum, c) => sum + c.missed, 0);

  const sorted = [...sampled.intervals].sort((a, b) => a - b);
  const clickTimes = timed.map((c) => c.ms).sort((a, b) => a - b);
  return {
    label: load.label,
    url: load.query,
    cpu,
    surge: load.surge === true,
    paused: load.pause === true,
    packetsOnScreen: spread(sampled.packets),
    requestsInFlight: spread(sampled.inFlight),
    frames: sampled.intervals.length,
    p50: quantile(sorted, 0.5),
    p95: quantile(sorted, 0.95),
    p99: quantile(sorted, 0.99),
    over25: Number(
      (sampled.intervals.filter((d) => d > 25).length / Math.max(1, sorted.length)).toFixed(3),
    ),
    busy: Number(((after.task - before.task) / (after.wall - before.wall)).toFixed(3)),
    clicks: timed.map(({ from, ms, toChangeMs }) => ({ from, ms, toChangeMs })),
    clicksMissed: missed,
    clickMedian: clickTimes[clickTimes.length >> 1] ?? Number.NaN,
    clickMax: clickTimes[clickTimes.length - 1] ?? Number.NaN,
    slowed,
  };
}
