import { resolve } from "node:path";
import { launchChromium } from "../tests/e2e/chromium";
import { serveStatic } from "../tests/e2e/server";

export interface FrameRun {
  /** What was measured, in words. */
  query: string;
  /** The page's query string. */
  url: string;
  /** Requests in flight shown by the app while sampling (min and max). */
  inFlight: [number, number];
  frames: number;
  p50: number;
  p95: number;
  /** Share of frame intervals over 25 ms. */
  over25: number;
  /** Whether the app said it had slowed the simulated clock to keep up. */
  slowed: boolean;
}

/**
 * Opens the production build in headless Chromium and samples
 * requestAnimationFrame intervals for `seconds`, for each page query.
 */
export async function measureFrames(
  queries: { query: string; pause?: boolean; label?: string }[],
  seconds = 5,
): Promise<FrameRun[]> {
  const server = await serveStatic(resolve("dist"));
  const browser = await launchChromium();
  const out: FrameRun[] = [];
  try {
    for (const { query, pause, label } of queries) {
      const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
      await page.goto(`${server.url}${query}`);
      await page.getByRole("button", { name: "Visit www.foobar.com" }).waitFor();
      await page.waitForTimeout(6_000); // let the traffic and the queues build up
      if (pause) await page.getByRole("button", { name: "Pause" }).click();
      const inFlight = async () =>
        Number((await page.getByTestId("requests-in-flight").textContent()) ?? "0");
      const before = await inFlight();
      // A string, not a function: tsx would wrap a function with helpers the page does not have.
      const intervals = (await page.evaluate(`new Promise((done) => {
        const times = [];
        const end = performance.now() + ${seconds * 1000};
        const frame = (t) => {
          times.push(t);
          if (t < end) requestAnimationFrame(frame);
          else done(times.slice(1).map((v, i) => v - times[i]));
        };
        requestAnimationFrame(frame);
      })`)) as number[];
      const after = await inFlight();
      const slowed = (await page.getByText("slowed: the browser cannot keep up").count()) > 0;
      const sorted = [...intervals].sort((a, b) => a - b);
      const q = (p: number) =>
        Number(
          (sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0).toFixed(1),
        );
      out.push({
        query: `${label ?? query}${pause ? " (paused)" : ""}`,
        url: query,
        inFlight: [Math.min(before, after), Math.max(before, after)],
        frames: intervals.length,
        p50: q(0.5),
        p95: q(0.95),
        slowed,
        over25: Number(
          (intervals.filter((d) => d > 25).length / Math.max(1, intervals.length)).toFixed(3),
        ),
      });
      await page.close();
    }
  } finally {
    await browser.close();
    await server.close();
  }
  return out;
}
