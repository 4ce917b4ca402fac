import { describe, expect, it } from "vitest";
import { startApp } from "./fixture";

const app = startApp();

describe("the event log's filters and a visit's timing, in Chromium at 1440×900", () => {
  it("after the mysql-down visit: SQL and failures only leave the database error; a search finds the CNAME", async () => {
    const { page, errors } = await app.open("?scene=mysql-down&autoplay=1&speed=100", {
      viewport: { width: 1440, height: 900 },
    });
    const log = page.getByRole("region", { name: "Event log" });
    const filters = log.getByRole("group", { name: "Filter the log" });
    const count = () => log.locator(".count").textContent();
    const items = log.getByRole("log", { name: "Event log" }).getByRole("listitem");
    await page
      .getByRole("heading", { name: "Error establishing a database connection" })
      .waitFor({ timeout: 30_000 });
    await page.getByRole("button", { name: "Pause" }).click();
    const all = await items.count();
    expect(all).toBeGreaterThan(20);
    // Folded under one line at first: the log keeps its room.
    expect(await filters.isVisible()).toBe(false);
    await log.locator(".log-filter-box > summary").click();

    await filters.getByRole("button", { name: "SQL" }).click();
    expect(await filters.getByRole("button", { name: /SQL/ }).getAttribute("aria-pressed")).toBe(
      "true",
    );
    const sql = await items.allTextContents();
    expect(sql.length).toBeGreaterThan(0);
    expect(sql.length).toBeLessThan(all);
    for (const t of sql) expect(t).toMatch(/SQL|MySQL|database/i);

    await filters.getByRole("checkbox", { name: "Failures only" }).check();
    const failures = await items.allTextContents();
    expect(failures.length).toBeGreaterThan(0);
    expect(failures.join("\n")).toMatch(/2002|refused/i);
    expect(await count()).toMatch(new RegExp(`^${failures.length} of \\d+ entries$`));
    await expect(log.locator(".log-filter-box > summary").textContent()).resolves.toBe(
      "Filter the log (2 on)",
    );

    await filters.getByRole("button", { name: "Clear filters" }).click();
    expect(await items.count()).toBe(all);
    await filters.getByRole("searchbox", { name: "Search the log" }).fill("CNAME");
    const cname = await items.allTextContents();
    expect(cname.length).toBeGreaterThan(0);
    for (const t of cname) expect(t).toMatch(/CNAME/i);
    expect(errors).toEqual([]);
    await page.close();
  });
  it("first-visit: the timing shows the cold DNS lookup, the connect and the wait of each request", async () => {
    const { page, errors } = await app.open("?scene=first-visit&autoplay=1&speed=100", {
      viewport: { width: 1440, height: 900 },
    });
    const view = page.getByRole("region", { name: "Browser view" });
    await page.getByRole("heading", { name: "foobar.com" }).waitFor({ timeout: 30_000 });
    await view.getByText(/^Timing of visit #1$/).click();
    const table = view.getByRole("table", { name: /Each request of visit #1/ });
    const rows = table.getByRole("row");
    await expect(rows.count()).resolves.toBe(4);
    const cells = async (i: number) => await rows.nth(i).getByRole("cell").allTextContents();
    // The page: a lookup through root, .com and ns1 (well over 100 ms), then its connect.
    const [dns, connect] = await cells(1);
    expect(Number.parseInt(dns ?? "", 10)).toBeGreaterThan(100);
    expect(connect).toMatch(/^\d+ ms$/);
    // The stylesheet: the name cached, the connection kept alive.
    expect((await cells(2)).slice(0, 2)).toEqual(["cached", "reused"]);
    // The bars are drawn: three tracks, the page's with three segments.
    expect(await view.locator(".waterfall-track").count()).toBe(3);
    expect(await view.locator(".waterfall-track").first().locator(".waterfall-bar").count()).toBe(
      3,
    );
    expect(errors).toEqual([]);
    await page.close();
  });
});
