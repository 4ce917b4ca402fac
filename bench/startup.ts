// Size and startup of the production build beside a framework floor (bench/floor/: React 19,
// ReactDOM, React Flow with its CSS and zustand rendering one node), built with the app's own
// Vite setup (React, one single file, the strict CSP) into bench/.build/floor/index.html.
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { gzipSync } from "node:zlib";
import react from "@vitejs/plugin-react";
import type { Browser } from "playwright-core";
import { build } from "vite";
import { viteSingleFile } from "vite-plugin-singlefile";
import { strictCsp } from "../build/csp";
import { launchChromium } from "../tests/e2e/chromium";

export const FLOOR_HTML = resolve("bench/.build/floor/index.html");
export const APP_HTML = resolve("dist/index.html");

/** Builds the floor page as vite.config.ts builds the app, with an inline config. */
export async function buildFloor(): Promise<void> {
  await build({
    configFile: false,
    root: resolve("bench/floor"),
    base: "./",
    cacheDir: resolve("bench/.build/.vite-floor"),
    plugins: [react(), viteSingleFile(), strictCsp()],
    build: { target: "es2022", outDir: resolve("bench/.build/floor"), emptyOutDir: true },
    logLevel: "warn",
  });
}

export interface SizeFloor {
  appGzipBytes: number;
  floorGzipBytes: number;
  appRawBytes: number;
  floorRawBytes: number;
  /** App / floor, gzipped. */
  ratio: number;
}

/** Gzipped bytes (level 9) of the app's single file and of the floor's. */
export function sizeBesideFloor(): SizeFloor {
  const app = readFileSync(APP_HTML);
  const floor = readFileSync(FLOOR_HTML);
  const appGzipBytes = gzipSync(app, { level: 9 }).length;
  const floorGzipBytes = gzipSync(floor, { level: 9 }).length;
  return {
    appGzipBytes,
    floorGzipBytes,
    appRawBytes: app.length,
    floorRawBytes: floor.length,
    ratio: Math.round((appGzipBytes / floorGzipBytes) * 100) / 100,
  };
}

/**
 * In the page, from the start of the document (an init script): polls every animation frame
 * for the first React Flow node that is laid out (a non-zero box) and not hidden (React Flow
 * hides a node until it has measured it), and resolves window.__firstNode with performance.now()
 * then: ms since the navigation started.
 */
export const FIRST_NODE_SCRIPT = `window.__firstNode = new Promise((done) => {
  const poll = () => {
    const node = document.querySelector(".react-flow__node");
    if (node) {
      const box = node.getBoundingClientRect();
      if (box.width > 0 && box.height > 0 && getComputedStyle(node).visibility !== "hidden") {
        done(performance.now());
        return;
      }
    }
    requestAnimationFrame(poll);
  };
  requestAnimationFrame(poll);
})`;

/** Opens `file` from file:// in a fresh browser context and returns the ms to its first visible node. */
async function firstNode(browser: Browser, file: string, cpu: number): Promise<number> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  try {
    const page = await context.newPage();
    if (cpu !== 1) {
      const cdp = await context.newCDPSession(page);
      await cdp.send("Emulation.setCPUThrottlingRate", { rate: cpu });
    }
    await page.addInitScript(FIRST_NODE_SCRIPT);
    await page.goto(pathToFileURL(file).href);
    // A promise made by the init script, awaited through CDP: a string predicate
    // (waitForFunction) would be an eval, which the pages' CSP forbids.
    return Math.round((await page.evaluate("window.__firstNode")) as number);
  } finally {
    await context.close();
  }
}

export interface StartupRun {
  cpu: number;
  /** Ms from navigation start to the first visible React Flow node, each run, then the median. */
  app: number[];
  floor: number[];
  appMedian: number;
  floorMedian: number;
  /** App / floor, medians. */
  ratio: number;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1] ?? Number.NaN;

/**
 * Startup of the app and of the floor from file://, `runs` times each (alternating, after one
 * untimed load of each), for each CPU slowdown.
 */
export async function measureStartup(cpus = [1, 4], runs = 5): Promise<StartupRun[]> {
  const browser = await launchChromium();
  const out: StartupRun[] = [];
  try {
    await firstNode(browser, APP_HTML, 1);
    await firstNode(browser, FLOOR_HTML, 1);
    for (const cpu of cpus) {
      const app: number[] = [];
      const floor: number[] = [];
      for (let i = 0; i < runs; i++) {
        app.push(await firstNode(browser, APP_HTML, cpu));
        floor.push(await firstNode(browser, FLOOR_HTML, cpu));
      }
      const appMedian = median(app);
      const floorMedian = median(floor);
      out.push({
        cpu,
        app,
        floor,
        appMedian,
        floorMedian,
        ratio: Math.round((appMedian / floorMedian) * 100) / 100,
      });
    }
  } finally {
    await browser.close();
  }
  return out;
}
