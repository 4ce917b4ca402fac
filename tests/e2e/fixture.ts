import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import type { Browser, ConsoleMessage, Frame, FrameLocator, Page } from "playwright-core";
import { afterAll, beforeAll } from "vitest";
import { launchChromium } from "./chromium";
import { serveStatic } from "./server";

export const ARTIFACTS = resolve("test-results/e2e");

/**
 * Serves dist/ and starts Chromium once per test file. `open()` gives a page
 * that records console errors, page errors and every request that leaves
 * the page's own origin.
 */
export function startApp() {
  const ctx = {
    url: "",
    browser: undefined as Browser | undefined,
    close: async () => {},
  };
  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    const server = await serveStatic(resolve("dist"));
    ctx.url = server.url;
    ctx.browser = await launchChromium();
    ctx.close = async () => {
      await ctx.browser?.close();
      await server.close();
    };
  });
  afterAll(() => ctx.close());

  return {
    async open(
      query = "",
      options: {
        reducedMotion?: "reduce" | "no-preference";
        colorScheme?: "light" | "dark";
        viewport?: { width: number; height: number };
        /** Browser permissions for the page's own context, e.g. ["clipboard-read", "clipboard-write"]. */
        permissions?: string[];
      } = {},
    ): Promise<{ page: Page; errors: string[]; foreignRequests: string[] }> {
      if (!ctx.browser) throw new Error("E2E_NOT_STARTED");
      const page = await ctx.browser.newPage({
        viewport: options.viewport ?? { width: 1440, height: 900 },
        reducedMotion: options.reducedMotion ?? "no-preference",
        colorScheme: options.colorScheme ?? "light",
        ...(options.permissions ? { permissions: options.permissions } : {}),
      });
      const errors: string[] = [];
      const foreignRequests: string[] = [];
      page.on("console", (m: ConsoleMessage) => {
        if (m.type() === "error" || m.type() === "warning") errors.push(`${m.type()}: ${m.text()}`);
      });
      page.on("pageerror", (e) => errors.push(`pageerror: ${e.message}`));
      page.on("request", (r) => {
        if (!r.url().startsWith(ctx.url) && !r.url().startsWith("data:"))
          foreignRequests.push(r.url());
      });
      await page.goto(`${ctx.url}${query}`);
      await page.getByRole("button", { name: "Visit www.foobar.com" }).waitFor();
      return { page, errors, foreignRequests };
    },
    /** Where dist/ is served, ending in "/" (valid once the tests run). */
    baseUrl(): string {
      return ctx.url;
    },
    /** The file's shared Chromium, for pages that `open()` does not fit (frames, file:// pages). */
    browser(): Browser {
      if (!ctx.browser) throw new Error("E2E_NOT_STARTED");
      return ctx.browser;
    },
  };
}

/** The simulated clock as shown in the toolbar, in ms. */
export async function clockMs(page: Page): Promise<number> {
  const text = (await page.locator(".clock-value").textContent()) ?? "";
  const n = Number.parseFloat(text);
  return text.includes(" ms")
    ? n
    : text.includes(" s") && !text.includes("min")
      ? n * 1000
      : Number.NaN;
}

/** Opaque pixels on the packet canvas, and their bounding box: what the packet layer drew. */
export async function packetPixels(page: Page): Promise<{ count: number; box: number[] }> {
  return page.evaluate(() => {
    const canvas = document.querySelector(".packet-layer canvas") as HTMLCanvasElement | null;
    const ctx = canvas?.getContext("2d");
    if (!canvas || !ctx) return { count: -1, box: [] };
    const { data, width, height } = ctx.getImageData(0, 0, canvas.width, canvas.height);
    let count = 0;
    let minX = width;
    let minY = height;
    let maxX = -1;
    let maxY = -1;
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        if ((data[(y * width + x) * 4 + 3] ?? 0) > 0) {
          count++;
          if (x < minX) minX = x;
          if (y < minY) minY = y;
          if (x > maxX) maxX = x;
          if (y > maxY) maxY = y;
        }
      }
    }
    return { count, box: [minX, minY, maxX, maxY] };
  });
}

/** The production build: one self-contained file, as a teacher would open it from disk. */
export const DIST_INDEX = resolve("dist/index.html");

/** `dist/index.html` as a file:// URL, with an optional query ("?embed=1"). */
export function distFileUrl(query = ""): string {
  return `${pathToFileURL(DIST_INDEX).href}${query}`;
}

/**
 * Records what a page does that a test may forbid: console errors and warnings,
 * uncaught errors, dialogs (alert, confirm…, dismissed at once) and the URL of
 * every request, whatever its origin.
 */
export function watchPage(page: Page): { errors: string[]; dialogs: string[]; requests: string[] } {
  const seen = { errors: [] as string[], dialogs: [] as string[], requests: [] as string[] };
  page.on("console", (m: ConsoleMessage) => {
    if (m.type() === "error" || m.type() === "warning")
      seen.errors.push(`${m.type()}: ${m.text()}`);
  });
  page.on("pageerror", (e) => seen.errors.push(`pageerror: ${e.message}`));
  page.on("dialog", (d) => {
    seen.dialogs.push(`${d.type()}: ${d.message()}`);
    void d.dismiss();
  });
  page.on("request", (r) => seen.requests.push(r.url()));
  return seen;
}

/** The text of each notice on screen (the "Notices" status region), in order. */
export async function noticeTexts(scope: Page | FrameLocator): Promise<string[]> {
  return scope.locator(".notices .notice").allTextContents();
}

/**
 * Opens the side panels when they are a closed drawer (below 1,400 px the scene's menu, the
 * browser view and the event log live in a drawer over the diagram, closed at first).
 */
export async function openPanels(scope: Page | Frame | FrameLocator): Promise<void> {
  if ((await scope.locator("aside.side").count()) === 0)
    await scope.getByRole("button", { name: "Side panels" }).click();
  await scope.locator("aside.side").waitFor();
}

/**
 * A temporary course site for slide tests: the build at /deck/hopscope/index.html (a sub-path,
 * as on a course's web space) and `parentHtml` at /deck/parent.html. Served from before the
 * tests of the file (or describe) that calls it until after them; its fields are set then.
 */
export function deckSite(parentHtml: string): { dir: string; url: string } {
  const site = { dir: "", url: "" };
  let close = async () => {};
  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), "hopscope-deck-"));
    mkdirSync(join(dir, "deck", "hopscope"), { recursive: true });
    copyFileSync(DIST_INDEX, join(dir, "deck", "hopscope", "index.html"));
    writeFileSync(join(dir, "deck", "parent.html"), parentHtml);
    writeFileSync(join(dir, "index.html"), "<!doctype html><title>Course site</title>");
    const server = await serveStatic(dir);
    site.dir = dir;
    site.url = server.url;
    close = server.close;
  });
  afterAll(async () => {
    await close();
    if (site.dir) rmSync(site.dir, { recursive: true, force: true });
  });
  return site;
}
