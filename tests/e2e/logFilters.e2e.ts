import { describe, expect, it } from "vitest";
import { startApp } from "./fixture";

const app = startApp();

describe("the event log's filters, in Chromium at 1440×900", () => {
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

    await filters.getByRole("button", { name: "Clear filters" }).click();
    expect(await items.count()).toBe(all);
    await filters.getByRole("searchbox", { name: "Search the log" }).fill("CNAME");
    const cname = await items.allTextContents();
    expect(cname.length).toBeGreaterThan(0);
    for (const t of cname) expect(t).toMatch(/CNAME/i);
    expect(errors).toEqual([]);
    await page.close();
  });
});
