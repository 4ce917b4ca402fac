import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { ARTIFACTS, startApp } from "./fixture";
import { type Legibility, measureLegibility } from "./legibility";

const app = startApp();

/** The diagram's zoom now (React Flow's viewport scale). */
function zoomOf(page: Page): Promise<number> {
  return page.evaluate(
    `new DOMMatrixReadOnly(getComputedStyle(document.querySelector(".react-flow__viewport")).transform).a`,
  ) as Promise<number>;
}

function expectLegible(m: Legibility, where: string): void {
  // Names at 16 px or more, any other text at 12 px or more, node buttons 24 px or more.
  expect(m.minName, `${where}: smallest name`).toBeGreaterThanOrEqual(16);
  expect(m.minText, `${where}: smallest text (${m.minTextOf})`).toBeGreaterThanOrEqual(12);
  expect(m.minTarget, `${where}: smallest button (${m.minTargetOf})`).toBeGreaterThanOrEqual(24);
  expect(m.overlaps, `${where}: text over text`).toEqual([]);
}

describe("legible from the back row, in Chromium", () => {
  for (const viewport of [
    { width: 1024, height: 768 },
    { width: 1280, height: 720 },
  ]) {
    const size = `${viewport.width}×${viewport.height}`;

    it(`${size}: names ≥ 16 px, text ≥ 12 px, buttons ≥ 24 px, nothing overprints, in every state`, async () => {
      // Idle, then a visit in slow motion (a packet label on screen), with the panels open.
      const { page, errors } = await app.open("?speed=0.1", { viewport });
      expectLegible(await measureLegibility(page), `${size} idle`);
      await page.getByRole("button", { name: "Side panels" }).click();
      await expect.poll(() => page.locator("aside.side").isVisible()).toBe(true);
      await page.getByRole("button", { name: "Visit www.foobar.com" }).click();
      await page.waitForTimeout(1_500);
      expectLegible(await measureLegibility(page), `${size} mid-visit, panels open`);
      await page.screenshot({ path: `${ARTIFACTS}/classroom-${size}-panels.png` });
      expect(errors).toEqual([]);
      await page.close();
    });

    it(`${size}: a failure, a slow part under traffic, and a deploy keep every text apart`, async () => {
      const states: [string, string, ((p: Page) => Promise<void>) | undefined][] = [
        ["MySQL down", "?scene=mysql-down&autoplay=1", undefined],
        ["slow app under traffic", "?slow=app&rps=40&autoplay=1", undefined],
        [
          "a deploy",
          "?rps=5",
          async (p) => {
            await p.getByRole("button", { name: "Start deploy" }).click();
          },
        ],
      ];
      for (const [name, query, act] of states) {
        const { page, errors } = await app.open(query, { viewport });
        await act?.(page);
        await page.waitForTimeout(2_000);
        expectLegible(await measureLegibility(page), `${size} ${name}`);
        await page.screenshot({
          path: `${ARTIFACTS}/classroom-${size}-${name.replace(/ /g, "-")}.png`,
        });
        expect(errors).toEqual([]);
        await page.close();
      }
    });
  }

  for (const viewport of [
    { width: 1280, height: 720 },
    { width: 1024, height: 768 },
  ]) {
    const size = `${viewport.width}×${viewport.height}`;
    it(`${size} present mode (F): the diagram takes the screen, the outcome and the caption in large type, Esc leaves`, async () => {
      const { page, errors } = await app.open("?scene=mysql-down&speed=0.1", { viewport });
      const canvasBefore = await page.locator(".react-flow").boundingBox();
      await page.keyboard.press("f");
      const present = page.getByRole("button", { name: "Present" });
      await expect.poll(() => present.getAttribute("aria-pressed")).toBe("true");
      // No panels, no traffic strip: the diagram is taller than in the full app.
      expect(await page.locator("aside.side").count()).toBe(0);
      expect(await page.getByRole("region", { name: "Traffic" }).count()).toBe(0);
      const canvas = await page.locator(".react-flow").boundingBox();
      expect(canvas?.height ?? 0).toBeGreaterThan((canvasBefore?.height ?? 0) + 30);
      // The scene's "press Play" hint goes as soon as the scene starts.
      await expect.poll(() => page.getByText("press Play to start").count()).toBe(1);
      await page.getByRole("button", { name: "Visit www.foobar.com" }).click();
      await expect.poll(() => page.getByText("press Play to start").count()).toBe(0);
      const outcome = page.getByRole("region", { name: "Outcome" }).getByRole("status");
      await expect
        .poll(() => outcome.textContent(), { timeout: 30_000 })
        .toContain("500 Internal Server Error · Error establishing a database connection");
      const headPx = await outcome
        .locator(".outcome-head")
        .evaluate((e) => Number.parseFloat(getComputedStyle(e).fontSize));
      const captionPx = await page
        .locator(".outcome-caption .caption-text")
        .evaluate((e) => Number.parseFloat(getComputedStyle(e).fontSize));
      expect(headPx).toBeGreaterThanOrEqual(24);
      expect(captionPx).toBeGreaterThanOrEqual(22);
      expectLegible(await measureLegibility(page), `${size} present`);
      // Every control of the bar, and the clock at its end, stays inside the screen.
      const clock = await page.locator(".present-bar .clock").boundingBox();
      expect((clock?.x ?? 1e9) + (clock?.width ?? 0)).toBeLessThanOrEqual(viewport.width);
      for (const button of await page
        .getByRole("toolbar", { name: "Playback" })
        .getByRole("button")
        .all()) {
        const box = await button.boundingBox();
        expect((box?.x ?? 1e9) + (box?.width ?? 0)).toBeLessThanOrEqual(viewport.width);
      }
      await page.screenshot({ path: `${ARTIFACTS}/classroom-${size}-present.png` });
      await page.keyboard.press("Escape");
      await expect.poll(() => page.locator("aside.side, .stage-bottom").count()).toBeGreaterThan(0);
      expect(await present.getAttribute("aria-pressed")).toBe("false");
      expect(errors).toEqual([]);
      await page.close();
    });
  }

  it("in a 960×540 slide nothing lies over the diagram, and a stray wheel leaves it fitted", async () => {
    const { page, errors } = await app.open("?embed=1&scene=mysql-down", {
      viewport: { width: 960, height: 540 },
    });
    // The legend is in the bar; no panel (zoom buttons, legend) is laid over the nodes.
    await expect.poll(() => page.locator(".embed-bar .packet-legend").count()).toBe(1);
    expect(await page.locator(".react-flow__panel:not(.react-flow__attribution)").count()).toBe(0);
    const before = await zoomOf(page);
    const canvas = await page.locator(".react-flow").boundingBox();
    await page.mouse.move((canvas?.x ?? 0) + 300, (canvas?.y ?? 0) + 200);
    await page.mouse.wheel(0, -600);
    await page.waitForTimeout(300);
    expect(await zoomOf(page)).toBe(before);
    expect(errors).toEqual([]);
    await page.close();
  });

  it("on a projector, a component clicked on the diagram opens the drawer at its details", async () => {
    const { page, errors } = await app.open("", { viewport: { width: 1024, height: 768 } });
    const before = await zoomOf(page);
    await page.locator(".react-flow__node[data-id='mysql'] .node-button").click();
    const drawer = page.getByRole("complementary", { name: "Panels" });
    await expect.poll(() => drawer.isVisible()).toBe(true);
    const details = drawer.getByRole("heading", { name: "MySQL", exact: true });
    await expect.poll(() => details.isVisible()).toBe(true);
    const box = await details.boundingBox();
    expect(box?.y ?? -1).toBeGreaterThanOrEqual(0);
    expect((box?.y ?? 1e9) + (box?.height ?? 0)).toBeLessThanOrEqual(768);
    // Over the diagram, not beside it: the diagram keeps its zoom.
    expect(await zoomOf(page)).toBe(before);
    expect(errors).toEqual([]);
    await page.close();
  });

  it("the diagram keeps its zoom while a visit plays, whatever the caption says", async () => {
    const { page, errors } = await app.open("?scene=mysql-down&speed=0.1", {
      viewport: { width: 1280, height: 720 },
    });
    await page.waitForTimeout(300);
    const start = await zoomOf(page);
    await page.getByRole("button", { name: "Visit www.foobar.com" }).click();
    const seen = new Set<number>([start]);
    const captions = new Set<string>();
    for (let i = 0; i < 30; i++) {
      await page.waitForTimeout(150);
      seen.add(await zoomOf(page));
      captions.add((await page.locator(".caption").textContent()) ?? "");
    }
    // The caption changed many times (short and long ones), the zoom not once.
    expect(captions.size).toBeGreaterThan(5);
    expect([...seen]).toEqual([start]);
    expect(errors).toEqual([]);
    await page.close();
  });
});

describe("tablet and phone, in Chromium", () => {
  for (const viewport of [
    { width: 768, height: 1024 },
    { width: 390, height: 844 },
  ]) {
    const size = `${viewport.width}×${viewport.height}`;
    it(`${size}: the diagram gets half the screen, the panels are a drawer, nothing overprints`, async () => {
      const { page, errors } = await app.open("?speed=0.1", { viewport });
      const canvas = await page.locator(".canvas").boundingBox();
      expect(canvas?.height ?? 0).toBeGreaterThanOrEqual(viewport.height / 2);
      // The panels start closed and open over the diagram, which keeps its size.
      await expect.poll(() => page.locator("aside.side").count()).toBe(0);
      await page.getByRole("button", { name: "Side panels" }).click();
      const drawer = page.getByRole("complementary", { name: "Panels" });
      await expect.poll(() => drawer.isVisible()).toBe(true);
      expect((await page.locator(".canvas").boundingBox())?.height).toBe(canvas?.height);
      // Its sections stack without printing over each other.
      const boxes = await drawer.evaluate((el) =>
        [...el.children].map((c) => {
          const r = c.getBoundingClientRect();
          return { top: r.top, bottom: r.bottom, name: c.className };
        }),
      );
      for (let i = 1; i < boxes.length; i++) {
        expect(
          boxes[i]?.top ?? 0,
          `${boxes[i]?.name} under ${boxes[i - 1]?.name}`,
        ).toBeGreaterThanOrEqual((boxes[i - 1]?.bottom ?? 0) - 1);
      }
      await page.screenshot({ path: `${ARTIFACTS}/classroom-${size}-drawer.png` });
      // Closed again from inside the drawer; every control stays reachable.
      await drawer.getByRole("button", { name: "Close" }).click();
      await expect.poll(() => page.locator("aside.side").count()).toBe(0);
      for (const name of [
        /^Visit www\.foobar\.com$/,
        /^(Play|Pause)$/,
        /^Step$/,
        /^Reset$/,
        /^Start deploy$/,
      ]) {
        const button = page.getByRole("button", { name });
        await button.scrollIntoViewIfNeeded();
        expect(await button.isVisible(), String(name)).toBe(true);
      }
      expect(errors).toEqual([]);
      await page.close();
    });
  }
});
