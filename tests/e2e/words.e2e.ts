import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { ARTIFACTS, openPanels, startApp } from "./fixture";

const app = startApp();

/**
 * Every word on every timeline band is either whole inside the band's box or wholly
 * below it (on the hidden line): none is cut. Returns what each band shows.
 */
async function bandWords(page: Page): Promise<{ shown: string[]; cut: string[] }[]> {
  return page.evaluate(() =>
    [...document.querySelectorAll(".timeline-bands .band")].map((band) => {
      const box = band.getBoundingClientRect();
      const style = getComputedStyle(band);
      const right = box.right - Number.parseFloat(style.borderRightWidth);
      const bottom = box.bottom - Number.parseFloat(style.borderBottomWidth);
      const shown: string[] = [];
      const cut: string[] = [];
      for (const word of band.querySelectorAll(".band-word")) {
        const r = word.getBoundingClientRect();
        const text = word.textContent ?? "";
        if (r.top >= bottom - 0.5) continue; // on the hidden line
        if (r.right <= right + 0.5 && r.bottom <= bottom + 0.5) shown.push(text);
        else cut.push(text);
      }
      return { shown, cut };
    }),
  );
}

describe("words, not codes, in Chromium", () => {
  for (const viewport of [
    { width: 1024, height: 768 },
    { width: 1280, height: 720 },
  ]) {
    it(`at ${viewport.width}×${viewport.height} the log and the timeline say what a user reads, in whole words`, async () => {
      const { page, errors } = await app.open("?speed=10", { viewport });
      const stage = page.getByRole("region", { name: "The one-server stack" });
      await page.getByRole("button", { name: "Every second" }).click();
      await page.waitForTimeout(500);
      await stage.getByRole("button", { name: "Kill Nginx" }).click();
      // A short outage: a narrow band.
      await page.waitForTimeout(300);
      await stage.getByRole("button", { name: "Revive Nginx" }).click();
      await page.waitForTimeout(500);
      await stage.getByRole("button", { name: "Kill MySQL" }).click();
      await page.waitForTimeout(1_500);
      await page.getByRole("button", { name: "Every second" }).click();
      await page.getByRole("button", { name: "Pause" }).click();

      await openPanels(page);
      const log = page.getByRole("log", { name: "Event log" });
      await log
        .getByText("visit failed: 500 Internal Server Error")
        .first()
        .waitFor({ state: "attached" });
      const timeline = page.getByRole("region", { name: "Outage timeline" });
      await timeline.getByText("500 Internal Server Error", { exact: true }).waitFor();
      const text = await page.evaluate(() => document.body.textContent ?? "");
      expect(text).not.toMatch(/http_\d{3}/);
      expect(text).not.toMatch(/Ns1\.foobar/);

      const bands = await bandWords(page);
      expect(bands.length).toBeGreaterThanOrEqual(2);
      expect(bands.flatMap((b) => b.cut)).toEqual([]);
      expect(bands.at(-1)?.shown).toEqual(["MySQL", "down"]);
      // However narrow a band gets, it shows whole words or none: squeeze the MySQL band
      // (the page is paused, so nothing re-renders it meanwhile).
      const seen = new Set<string>();
      for (let width = 4; width <= 120; width += 4) {
        await page.evaluate((w) => {
          const band = [...document.querySelectorAll<HTMLElement>(".timeline-bands .band")].at(-1);
          if (band) band.style.width = `${w}px`;
        }, width);
        const squeezed = (await bandWords(page)).at(-1);
        expect(squeezed?.cut, `${width}px`).toEqual([]);
        seen.add(squeezed?.shown.join(" ") ?? "");
      }
      expect([...seen]).toEqual(["", "MySQL", "MySQL down"]);
      await page.screenshot({
        path: `${ARTIFACTS}/words-${viewport.width}x${viewport.height}.png`,
      });
      expect(errors).toEqual([]);
      await page.close();
    });
  }
});

describe("the address bar, in Chromium", () => {
  it("with DNS down, 8.8.8.8 still reaches the site; :8080 is refused; the path is normalised", async () => {
    const { page, errors } = await app.open("?scene=dns-down&speed=100", {
      viewport: { width: 1280, height: 720 },
    });
    await openPanels(page);
    const view = page.getByRole("region", { name: "Browser view" });
    const address = view.getByRole("textbox", { name: "Address" });
    await address.fill("8.8.8.8");
    await address.press("Enter");
    await view.getByRole("heading", { name: "foobar.com" }).waitFor({ timeout: 15_000 });
    expect(await address.inputValue()).toBe("8.8.8.8/");
    const log = page.getByRole("log", { name: "Event log" });
    await log.getByText("8.8.8.8 is an IP address: no DNS lookup").first().waitFor();

    await address.fill("8.8.8.8:8080/a/../../etc/passwd");
    await address.press("Enter");
    await view.getByText("ERR_CONNECTION_REFUSED", { exact: true }).waitFor({ timeout: 15_000 });
    expect(await address.inputValue()).toBe("8.8.8.8:8080/etc/passwd");
    await view.getByText("8.8.8.8 refused to connect.").waitFor();

    await address.fill("8.8.8.8/../../etc/passwd");
    await address.press("Enter");
    await view.getByRole("heading", { name: "Not Found" }).waitFor({ timeout: 15_000 });
    expect(await address.inputValue()).toBe("8.8.8.8/etc/passwd");
    await page.screenshot({ path: `${ARTIFACTS}/address-ip.png` });
    expect(errors).toEqual([]);
    await page.close();
  });
});
