import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { ARTIFACTS, startApp, watchPage } from "./fixture";
import { measureLegibility } from "./legibility";

const app = startApp();
const PROJECTOR = { width: 1280, height: 720 };
const ONE = "One server";

/** Opens compare mode (the fixture's `open` waits for the usual page's Visit button). */
async function openCompare(query: string, viewport = PROJECTOR) {
  const page = await app.browser().newPage({ viewport, reducedMotion: "no-preference" });
  const { errors } = watchPage(page);
  await page.goto(`${app.baseUrl()}${query}`);
  await page.getByRole("table", { name: "Side by side" }).waitFor();
  return { page, errors };
}
const THREE = "Three servers: HAProxy + 2 web servers";

/** Compare mode's one clock, in simulated ms ("12.50 s", "2 min 5 s"). */
async function compareClock(page: Page): Promise<number> {
  const text = (await page.getByTestId("compare-clock").textContent()) ?? "";
  const min = /^(\d+) min (\d+) s$/.exec(text);
  if (min) return (Number(min[1]) * 60 + Number(min[2])) * 1000;
  const n = Number.parseFloat(text);
  return text.endsWith(" ms") ? n : n * 1000;
}

/** A figure of the comparison table, read from the DOM as the class reads it. */
async function figure(page: Page, row: RegExp, column: string): Promise<string> {
  const table = page.getByRole("table", { name: "Side by side" });
  const headers = await table.getByRole("columnheader").allTextContents();
  const col = headers.indexOf(column);
  const cells = table.getByRole("row").filter({ has: page.getByRole("rowheader", { name: row }) });
  return (await cells.getByRole("cell").nth(col).textContent()) ?? "";
}

const failedOf = async (page: Page, column: string) =>
  Number((await figure(page, /^Failed visits/, column)).split(" of ")[0]?.replace(/,/g, ""));
const availabilityOf = async (page: Page, column: string) =>
  Number.parseFloat(await figure(page, /^Availability/, column));

/** Each side's smallest component name on screen (px): its font size times its diagram's zoom. */
function nameSizes(page: Page): Promise<number[]> {
  return page.evaluate(`(() => [...document.querySelectorAll(".compare-side")].map((side) => {
    const viewport = side.querySelector(".react-flow__viewport");
    const zoom = viewport ? new DOMMatrixReadOnly(getComputedStyle(viewport).transform).a : 0;
    const sizes = [...side.querySelectorAll(".node-name")].map(
      (el) => Number.parseFloat(getComputedStyle(el).fontSize) * zoom,
    );
    return Math.min(...sizes);
  }))()`);
}

describe("compare mode, in Chromium at 1280×720", () => {
  it("compare-surge: the one server fails visits under the surge, the three servers far fewer", async () => {
    const { page, errors } = await openCompare("?compare=compare-surge&autoplay=1&speed=100");
    expect(await page.getByRole("heading", { name: ONE, level: 2 }).isVisible()).toBe(true);
    expect(await page.getByRole("heading", { name: THREE, level: 2 }).isVisible()).toBe(true);
    // One Play/Pause, one clock, two diagrams, each with packets of its own in flight.
    expect(await page.getByRole("button", { name: /^(Play|Pause) both$/ }).count()).toBe(1);
    expect(await page.locator(".compare-side .react-flow").count()).toBe(2);
    await page.waitForFunction(
      () =>
        [...document.querySelectorAll(".compare-side .packet-layer canvas")].filter(
          (c) => Number((c as HTMLElement).dataset.packets) > 0,
        ).length === 2,
      undefined,
      { timeout: 30_000, polling: 100 },
    );
    // Mid-surge, with every queue long ("Working · 5/5 workers, 1,187 waiting"), paused: no
    // text over text, and no title or role pushed off its card by a long status.
    await page.waitForFunction(
      () => {
        const t = document.querySelector("[data-testid=compare-clock]")?.textContent ?? "";
        return /^\d+ min/.test(t) || Number.parseFloat(t) >= 20;
      },
      undefined,
      { timeout: 60_000, polling: 100 },
    );
    await page.getByRole("button", { name: "Pause both" }).click();
    const busy = await measureLegibility(page);
    console.log("compare-surge mid-surge", JSON.stringify(busy));
    expect(busy.overlaps).toEqual([]);
    expect(busy.clipped).toEqual([]);
    await page.getByRole("button", { name: "Play both" }).click();
    // The surge (10 s in, 20 s long) queues both; the one server's first 504s come about
    // 80 s in. Let the clock pass 150 s: the surge and its failures are over on both sides.
    await page.waitForFunction(
      () => {
        const t = document.querySelector("[data-testid=compare-clock]")?.textContent ?? "";
        return /^\d+ min/.test(t) && Number.parseInt(t, 10) >= 2 && !t.startsWith("2 min 0 s");
      },
      undefined,
      { timeout: 90_000, polling: 500 },
    );
    await page.getByRole("button", { name: "Pause both" }).click();
    const now = await compareClock(page);
    expect(now).toBeGreaterThan(120_000);
    await page.screenshot({ path: `${ARTIFACTS}/compare-surge-1280x720.png` });

    const oneFailed = await failedOf(page, ONE);
    const threeFailed = await failedOf(page, THREE);
    expect(oneFailed).toBeGreaterThan(1_000);
    expect(threeFailed).toBeLessThan(oneFailed / 4);
    expect(await availabilityOf(page, THREE)).toBeGreaterThan(await availabilityOf(page, ONE));
    expect(await figure(page, /^Failed visits/, ONE)).toMatch(/mostly 504$/);
    // Each side's outage timeline says when in words.
    const words = await page.getByTestId("outage-words").allTextContents();
    expect(words[0]).toMatch(/^Failed: 1:\d\d–\d:\d\d \([\d,]+\)/);
    // Both diagrams fitted to their half of 1280 px: names measured 10.2 px (one server) and
    // 8.5 px (three servers), against about 16 px for one diagram on the whole width. A guard
    // against losing more; the table carries the figures in large type.
    const sizes = await nameSizes(page);
    console.log(
      `compare-surge at ${now} ms: failed ${oneFailed} vs ${threeFailed}; names ${sizes.map((s) => s.toFixed(1)).join(" / ")} px`,
    );
    for (const s of sizes) expect(s).toBeGreaterThanOrEqual(8);
    expect(errors).toEqual([]);
    await page.close();
  });

  it("compare-deploy: all at once leaves a gap of failed visits, rolling none, on one clock", async () => {
    const { page, errors } = await openCompare("?compare=compare-deploy&autoplay=1&speed=10");
    expect(await page.getByRole("heading", { name: "All at once", level: 2 }).isVisible()).toBe(
      true,
    );
    expect(await page.getByRole("heading", { name: "Rolling", level: 2 }).isVisible()).toBe(true);
    // The deploy starts at 10 s; all at once is done by about 21 s, rolling by about 40 s.
    await page.waitForFunction(
      () => {
        const t = document.querySelector("[data-testid=compare-clock]")?.textContent ?? "";
        return /^\d+ min/.test(t) || Number.parseFloat(t) >= 50;
      },
      undefined,
      { timeout: 90_000, polling: 500 },
    );
    await page.getByRole("button", { name: "Pause both" }).click();
    await page.screenshot({ path: `${ARTIFACTS}/compare-deploy-1280x720.png` });
    const allAtOnce = await failedOf(page, "All at once");
    const rolling = await failedOf(page, "Rolling");
    console.log(`compare-deploy: failed ${allAtOnce} (all at once) vs ${rolling} (rolling)`);
    expect(allAtOnce).toBeGreaterThan(20);
    expect(rolling).toBe(0);
    // The gap is on the all-at-once side's outage timeline, in words; none on the rolling side.
    const words = await page.getByTestId("outage-words").allTextContents();
    expect(words[0]).toMatch(/^Failed: 0:[12]\d–0:[123]\d/);
    expect(words[1]).toBe("No failed visits so far.");
    expect(errors).toEqual([]);
    await page.close();
  }, 180_000);

  it("compare=one-server,one-server: refused with a visible notice; the usual page opens", async () => {
    const { page, errors } = await app.open("?compare=one-server,one-server&scene=mysql-down", {
      viewport: PROJECTOR,
    });
    await page
      .getByRole("status", { name: "Notices" })
      .getByText(/comparing an architecture with itself/)
      .waitFor();
    // Everything else as the link says without compare=: the mysql-down scene, paused.
    expect(await page.getByRole("table", { name: "Side by side" }).count()).toBe(0);
    await page.getByText("MySQL is down").first().waitFor();
    expect(errors).toEqual([]);
    await page.close();
  });

  it("in a slide: ?compare=compare-surge&embed=1 shows both diagrams and the figures", async () => {
    const { page, errors } = await openCompare("?compare=compare-surge&embed=1&autoplay=1", {
      width: 960,
      height: 540,
    });
    const table = page.getByRole("table", { name: "Side by side" });
    const box = await table.boundingBox();
    expect(box && box.y + box.height).toBeLessThanOrEqual(540);
    expect(await page.locator(".compare-side .react-flow").count()).toBe(2);
    await page.waitForTimeout(1_500);
    expect(await compareClock(page)).toBeGreaterThan(0);
    await page.screenshot({ path: `${ARTIFACTS}/compare-embed-960x540.png` });
    expect(errors).toEqual([]);
    await page.close();
  });
});
