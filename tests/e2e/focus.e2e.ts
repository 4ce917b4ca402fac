import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { startApp } from "./fixture";

const app = startApp();

interface Ring {
  element: string;
  outline: string;
  background: string;
  ratio: number;
}

/**
 * The focus ring of the focused element against what is behind it: its outline colour and
 * the colour the ring is drawn over (the nearest backgrounds outside the element, composed
 * until opaque), and their WCAG contrast ratio. From computed styles, in the page.
 */
function focusRing(page: Page): Promise<Ring | undefined> {
  return page.evaluate(() => {
    const el = document.activeElement;
    if (!(el instanceof HTMLElement) || el === document.body) return undefined;
    const parse = (css: string): number[] => {
      const rgb = /rgba?\(([\d.]+),\s*([\d.]+),\s*([\d.]+)(?:,\s*([\d.]+))?\)/.exec(css);
      if (rgb) return [Number(rgb[1]), Number(rgb[2]), Number(rgb[3]), Number(rgb[4] ?? 1)];
      const srgb = /color\(srgb ([\d.]+) ([\d.]+) ([\d.]+)(?: \/ ([\d.]+))?\)/.exec(css);
      if (srgb)
        return [
          Number(srgb[1]) * 255,
          Number(srgb[2]) * 255,
          Number(srgb[3]) * 255,
          Number(srgb[4] ?? 1),
        ];
      throw new Error(`unparsed colour ${css}`);
    };
    // Compose the backgrounds from the element's parent outwards until one is opaque.
    let layers: number[][] = [];
    for (let n = el.parentElement; n; n = n.parentElement) {
      const c = parse(getComputedStyle(n).backgroundColor);
      if ((c[3] ?? 0) > 0) layers.push(c);
      if ((c[3] ?? 0) >= 1) break;
    }
    layers = layers.reverse();
    let bg = [255, 255, 255];
    for (const [r = 0, g = 0, b = 0, a = 1] of layers)
      bg = [
        r * a + (bg[0] ?? 0) * (1 - a),
        g * a + (bg[1] ?? 0) * (1 - a),
        b * a + (bg[2] ?? 0) * (1 - a),
      ];
    const style = getComputedStyle(el);
    const ring = parse(style.outlineColor);
    const luminance = (c: number[]) => {
      const [r, g, b] = c.slice(0, 3).map((v) => {
        const s = v / 255;
        return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
      });
      return 0.2126 * (r ?? 0) + 0.7152 * (g ?? 0) + 0.0722 * (b ?? 0);
    };
    const [hi, lo] = [luminance(ring), luminance(bg)].sort((a, b) => b - a);
    const name = el.getAttribute("aria-label") ?? el.textContent?.trim().slice(0, 30) ?? el.tagName;
    return {
      element: `${el.tagName.toLowerCase()} “${name}”`,
      outline: `${style.outlineStyle} ${style.outlineWidth} ${style.outlineColor}`,
      background: `rgb(${bg.map((v) => Math.round(v)).join(", ")})`,
      ratio: Math.round((((hi ?? 0) + 0.05) / ((lo ?? 0) + 0.05)) * 100) / 100,
    };
  });
}

describe("the focus ring, in Chromium", () => {
  for (const colorScheme of ["light", "dark"] as const) {
    it(`has at least 3:1 against its background on every element Tab reaches (${colorScheme})`, async () => {
      const { page } = await app.open("?scene=mysql-down", { colorScheme });
      // A node selected, so the details and their buttons are in the Tab order too.
      await page.getByRole("button", { name: /^MySQL / }).click();
      await page.locator("body").click({ position: { x: 1, y: 1 } });
      const rings: Ring[] = [];
      for (let i = 0; i < 90; i++) {
        await page.keyboard.press("Tab");
        const ring = await focusRing(page);
        if (ring) rings.push(ring);
      }
      await page.close();
      expect(rings.length).toBeGreaterThan(40);
      const weak = rings.filter((r) => r.ratio < 3 || !r.outline.startsWith("solid 3px"));
      expect(
        weak.map((r) => `${r.element}: ${r.outline} on ${r.background} = ${r.ratio}:1`),
      ).toEqual([]);
      const lowest = Math.min(...rings.map((r) => r.ratio));
      console.log(`${colorScheme}: ${rings.length} focus rings, lowest contrast ${lowest}:1`);
    });
  }

  it("the skip link is the first Tab stop, visible when focused, and leads to the diagram", async () => {
    const { page } = await app.open("");
    await page.keyboard.press("Tab");
    const skip = page.getByRole("link", { name: "Skip to the diagram" });
    await expect(skip.evaluate((el) => el === document.activeElement)).resolves.toBe(true);
    // Wait for its slide-in to finish, then check it is on screen.
    await page.waitForTimeout(300);
    const box = await skip.boundingBox();
    expect(box?.y).toBeGreaterThanOrEqual(0);
    expect(box?.height).toBeGreaterThan(20);
    await page.keyboard.press("Enter");
    const focused = await page.evaluate(() => document.activeElement?.textContent ?? "");
    expect(focused).toMatch(/^Your browser/);
    await page.close();
  });
});
