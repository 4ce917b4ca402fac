import { describe, expect, it } from "vitest";
import { clockMs, noticeTexts, startApp } from "./fixture";

const app = startApp();
const LAPTOP = { viewport: { width: 1440, height: 900 } };

describe("time travel, the packet inspector and following a visit, in Chromium", () => {
  it("mysql-down: back from the 500 to the database query, then Play ends in the same 500", async () => {
    const { page, errors } = await app.open("?scene=mysql-down&autoplay=1&speed=100", LAPTOP);
    const view = page.getByRole("region", { name: "Browser view" });
    const log = page.getByRole("log", { name: "Event log" });
    await page
      .getByRole("heading", { name: "Error establishing a database connection" })
      .waitFor({ timeout: 30_000 });
    await page.getByRole("button", { name: "Pause" }).click();
    const end = await clockMs(page);
    const entries = await log.getByRole("listitem").count();

    // The SQL connect that failed: go to the moment it left the application server.
    const query = log.getByRole("listitem").filter({ hasText: /Application server → MySQL/ });
    await query
      .first()
      .getByRole("button", { name: /^Go to / })
      .click();
    await expect.poll(() => clockMs(page)).toBeLessThan(end);
    // The page is not there yet: the browser still waits, and the log ends at that moment.
    expect(
      await view.getByRole("heading", { name: "Error establishing a database connection" }).count(),
    ).toBe(0);
    expect(await log.getByRole("listitem").count()).toBeLessThan(entries);
    expect(await log.getByRole("listitem").last().textContent()).toMatch(
      /Application server → MySQL/,
    );
    const slider = page.getByRole("slider", { name: "Time travel" });
    expect(await slider.getAttribute("aria-valuetext")).toMatch(/ of /);
    expect(await page.getByText(/· in the past/).count()).toBe(1);

    // Play on from there: the same failure, the same number of entries.
    await page.getByRole("button", { name: "Play" }).click();
    await view
      .getByRole("heading", { name: "Error establishing a database connection" })
      .waitFor({ timeout: 30_000 });
    await page.getByRole("button", { name: "Pause" }).click();
    await expect.poll(() => log.getByRole("listitem").count()).toBe(entries);
    expect(errors).toEqual([]);
    await page.close();
  });

  it("the slider and Step back work by keyboard; at time 0 Step back says there is nothing before", async () => {
    const { page, errors } = await app.open("?scene=first-visit&autoplay=1&speed=100", LAPTOP);
    await page.getByRole("heading", { name: "foobar.com" }).waitFor({ timeout: 30_000 });
    await page.getByRole("button", { name: "Pause" }).click();
    const end = await clockMs(page);
    const slider = page.getByRole("slider", { name: "Time travel" });
    await slider.focus();
    await page.keyboard.press("Home");
    await expect.poll(() => clockMs(page)).toBe(0);
    await page.keyboard.press("End");
    await expect.poll(() => clockMs(page)).toBe(end);
    // ← steps back one entry at a time, from the diagram (not a text field).
    await page.getByRole("button", { name: "Step back" }).focus();
    await page.keyboard.press("Enter");
    const back = await clockMs(page);
    expect(back).toBeLessThan(end);
    await page.locator("body").click({ position: { x: 5, y: 5 } });
    await page.keyboard.press("ArrowLeft");
    await expect.poll(() => clockMs(page)).toBeLessThan(back);
    await slider.focus();
    await page.keyboard.press("Home");
    // Disabled in ARIA but focusable: pressed anyway, it says why.
    await page.getByRole("button", { name: "Step back" }).focus();
    await page.keyboard.press("Enter");
    expect(await noticeTexts(page)).toContain(
      "Already at the start: there is nothing before time 0.",
    );
    expect(errors).toEqual([]);
    await page.close();
  });

  it("a shared moment opens paused on the same picture; a DNS answer from the resolver's cache shows its remaining TTL", async () => {
    // Two visits 70 s apart: the browser's cache (60 s) has expired, the resolver's has not.
    // The link format (src/app/runLink.ts): `run=1.` and the acts as base64url JSON.
    const visit = { op: "visit", host: "www.foobar.com", path: "/" };
    const acts = Buffer.from(
      JSON.stringify([
        [0, visit],
        [70_000, visit],
      ]),
    ).toString("base64url");
    const { page, errors } = await app.open(`?scene=first-visit&run=1.${acts}&t=71000`, LAPTOP);
    await expect.poll(() => clockMs(page)).toBe(71_000);
    expect(await page.getByRole("button", { name: "Play" }).count()).toBe(1);
    const log = page.getByRole("log", { name: "Event log" });
    const answers = log.getByRole("button", {
      name: /^Inspect packet #\d+: www\.foobar\.com\. CNAME foobar\.com\. \(TTL 35\d\d\)/,
    });
    await answers.last().click();
    const inspector = page.getByRole("region", {
      name: /^Packet #\d+: DNS resolver → Your browser/,
    });
    await inspector.waitFor();
    const text = (await inspector.textContent()) ?? "";
    // 300 s for the A record, 70 s of it gone: the answer says what is left.
    expect(text).toMatch(/foobar\.com\. A 8\.8\.8\.8/);
    expect(text).toMatch(/\b23\d\b/);
    expect(text).toMatch(/Domain Name System \(response\)/);
    expect(text).toMatch(/User Datagram Protocol, Src Port: 53/);
    expect(errors).toEqual([]);
    await page.close();
  });

  it("a corrupted shared run is refused with a notice and the scene opens at its start", async () => {
    const { page, errors } = await app.open("?scene=first-visit&run=1.not-json&t=500", LAPTOP);
    expect(await noticeTexts(page)).toContain(
      "This link's run could not be used (it is corrupted): the scene opens at its start, without it.",
    );
    expect(await clockMs(page)).toBe(0);
    expect(errors).toEqual([]);
    await page.close();
  });

  it("following a visit shows only its packets and entries, with its timing", async () => {
    const { page, errors } = await app.open("?scene=first-visit&speed=100", LAPTOP);
    await page.getByRole("button", { name: "Visit www.foobar.com" }).click();
    await page.getByRole("heading", { name: "foobar.com" }).waitFor({ timeout: 30_000 });
    await page.getByRole("button", { name: "Visit www.foobar.com" }).click();
    await page.getByText(/^visit #2 · /).waitFor({ timeout: 30_000 });
    await page.getByRole("button", { name: "Pause" }).click();
    const log = page.getByRole("log", { name: "Event log" });
    const all = await log.getByRole("listitem").count();
    await page.getByRole("button", { name: "Follow visit #2" }).click();
    await page.getByText("Following visit #2: only its entries.").waitFor();
    const kept = await log.getByRole("listitem").count();
    expect(kept).toBeGreaterThan(5);
    expect(kept).toBeLessThan(all);
    const table = page.getByRole("table", { name: /Each request of visit #2/ });
    await table.waitFor();
    expect(await table.getByRole("row").count()).toBe(4); // a header and three requests
    await page.getByRole("button", { name: "Stop following" }).click();
    await expect.poll(() => log.getByRole("listitem").count()).toBe(all);
    expect(errors).toEqual([]);
    await page.close();
  });
});
