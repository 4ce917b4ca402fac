import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { ARTIFACTS, startApp } from "./fixture";

const app = startApp();

/** What the packet layer drew in its last frame: packets in flight, and dots drawn for them. */
async function drawn(page: Page): Promise<{ packets: number; dots: number }> {
  // Both from the same frame: read in one go.
  const [packets, dots] = (await page
    .locator(".packet-layer canvas")
    .evaluate((c) => [c.getAttribute("data-packets"), c.getAttribute("data-dots")])) as [
    string | null,
    string | null,
  ];
  return { packets: Number(packets ?? "-1"), dots: Number(dots ?? "-1") };
}

/** Animation frames the page asks for during `ms` of real time. */
async function framesDuring(page: Page, ms: number): Promise<number> {
  return (await page.evaluate(`new Promise((done) => {
    let n = 0;
    const original = window.requestAnimationFrame;
    window.requestAnimationFrame = (fn) => { n++; return original.call(window, fn); };
    setTimeout(() => { window.requestAnimationFrame = original; done(n); }, ${ms});
  })`)) as number;
}

describe("an idle page rests, in Chromium", () => {
  it("paused with nothing to expire, it asks for no frames; a click wakes it", async () => {
    const { page, errors } = await app.open();
    await page.waitForTimeout(500);
    expect(await framesDuring(page, 1_000)).toBeLessThanOrEqual(1);
    await page.getByRole("button", { name: "Visit www.foobar.com" }).click();
    expect(await framesDuring(page, 1_000)).toBeGreaterThan(20);
    await page.getByRole("button", { name: "Pause" }).click();
    await page.waitForTimeout(300);
    expect(await framesDuring(page, 1_000)).toBeLessThanOrEqual(1);
    expect(errors).toEqual([]);
    await page.close();
  });
});

describe("packets that scale, in Chromium", () => {
  it("a single visit in slow motion draws every packet, as it always has", async () => {
    const { page, errors } = await app.open();
    await page.getByRole("button", { name: "Visit www.foobar.com" }).click();
    // Between hops nothing is in flight: look at frames until a packet is.
    let d = await drawn(page);
    for (let i = 0; i < 40 && d.packets <= 0; i++) {
      await page.waitForTimeout(100);
      d = await drawn(page);
    }
    expect(d.packets).toBeGreaterThan(0);
    expect(d.dots).toBe(d.packets);
    expect(errors).toEqual([]);
    await page.close();
  });

  it("under a surge, thousands of packets are drawn as streams and a bounded sample of dots", async () => {
    const { page, errors } = await app.open("?rps=5000&autoplay=1");
    await page.waitForTimeout(2_000);
    await page.getByRole("button", { name: "Surge ×10" }).click();
    const samples: { packets: number; dots: number }[] = [];
    await page.waitForTimeout(2_000);
    for (let i = 0; i < 10; i++) {
      samples.push(await drawn(page));
      await page.waitForTimeout(300);
    }
    const busiest = samples.reduce((a, b) => (b.packets > a.packets ? b : a));
    expect(busiest.packets).toBeGreaterThan(500);
    // Every path with more than 24 packets shows at most 12 of them, plus a few quiet paths.
    expect(busiest.dots).toBeLessThan(150);
    expect(busiest.dots).toBeGreaterThan(0);
    await page.screenshot({ path: `${ARTIFACTS}/surge-streams.png` });
    expect(errors).toEqual([]);
    await page.close();
  });
});
