import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { ARTIFACTS, startApp } from "./fixture";

const app = startApp();

/** Waits until the simulated clock the page shows ("1 min 12.3 s", "81.86 s") reaches `seconds`. */
async function waitForClock(page: Page, seconds: number, timeout: number): Promise<void> {
  await page.waitForFunction(
    (target) => {
      const text = document.querySelector(".clock-value")?.textContent ?? "";
      const min = /(\d+) min/.exec(text);
      const sec = /([\d.]+) s/.exec(text);
      return (min ? Number(min[1]) * 60 : 0) + (sec ? Number(sec[1]) : 0) >= target;
    },
    seconds,
    { timeout },
  );
}

/** The latency chart's p50 in ms ("60.2 / 66.3 / 66.3 s" or "360 / 366 / 367 ms"). */
async function latencyP50(page: Page): Promise<number> {
  const text =
    (await page
      .getByRole("region", { name: "Traffic" })
      .locator(".chart", { hasText: "Latency" })
      .locator(".chart-value")
      .textContent()) ?? "";
  return Number.parseFloat(text) * (/ s$/.test(text.trim()) ? 1000 : 1);
}

describe("what the real software does, on screen in Chromium", () => {
  it("app-down: Nginx's own 502 page with its version, and the logo still 200 from disk beside it", async () => {
    const { page, errors } = await app.open("?scene=app-down&autoplay=1");
    const view = page.getByRole("region", { name: "Browser view" });
    await view.getByRole("heading", { name: "502 Bad Gateway" }).waitFor({ timeout: 15_000 });
    await view.getByText("nginx/1.22.1", { exact: true }).waitFor();
    const earlier = view.getByRole("list", { name: "Earlier visits" });
    await expect(earlier.textContent()).resolves.toMatch(/\/logo\.png\s*200 OK · Nginx, from disk/);
    const log = page.getByRole("log", { name: "Event log" });
    await log
      .getByText("connect() failed (111: Connection refused) while connecting to upstream")
      .first()
      .waitFor();
    await page.screenshot({ path: `${ARTIFACTS}/app-down-logo.png` });
    expect(errors).toEqual([]);
    await page.close();
  });

  it("mysql-down: the app's 500 page loads the site's stylesheet, 200 from Nginx", async () => {
    const { page, errors } = await app.open("?scene=mysql-down&autoplay=1");
    const view = page.getByRole("region", { name: "Browser view" });
    await view
      .getByRole("heading", { name: "Error establishing a database connection" })
      .waitFor({ timeout: 15_000 });
    await view.getByText(/style\.css ✓ 200 from Nginx/).waitFor({ timeout: 15_000 });
    expect(errors).toEqual([]);
    await page.close();
  });

  it("surge: PHP-FPM's queue grows, pages slow down, then the errors are 504s, never 502s", async () => {
    const { page, errors } = await app.open("?scene=surge&autoplay=1&speed=10");
    const traffic = page.getByRole("region", { name: "Traffic" });
    const appNode = page.getByRole("button", { name: /^Application server / });
    // The queue grows past a thousand while every worker is busy.
    await page.waitForFunction(
      () => {
        // The node's accessible name: its own text, then its status line (aria-labelledby).
        const names = [...document.querySelectorAll("button[aria-labelledby]")].map((b) =>
          (b.getAttribute("aria-labelledby") ?? "")
            .split(" ")
            .map((id) => document.getElementById(id)?.textContent ?? "")
            .join(" "),
        );
        const name = names.find((n) => n.startsWith("Application server"));
        const m = /5\/5 workers, (\d+) waiting/.exec(name ?? "");
        return m !== null && Number(m[1]) > 1_000;
      },
      undefined,
      { timeout: 30_000 },
    );
    await appNode.and(page.getByRole("button", { name: / 5\/5 workers/ })).waitFor();
    const first = await latencyP50(page);
    // 85 s of simulated time: past the first fastcgi_connect_timeout (about 68 s into the
    // surge, which starts after a 10 s calm).
    await waitForClock(page, 85, 60_000);
    const later = await latencyP50(page);
    expect(later).toBeGreaterThan(first);
    expect(later).toBeGreaterThan(20_000);
    const errorsChart = traffic.locator(".chart", { hasText: "Errors" });
    await expect(errorsChart.textContent()).resolves.toMatch(/ %504 Gateway Time-out \d+%/);
    await expect(errorsChart.textContent()).resolves.not.toMatch(/502/);
    await page.screenshot({ path: `${ARTIFACTS}/surge-504.png` });
    expect(errors).toEqual([]);
    await page.close();
  });

  it("deploy-reload: the graceful reload finishes with v2 and not one failed visit", async () => {
    const { page, errors } = await app.open("?scene=deploy-reload&autoplay=1&speed=10");
    await waitForClock(page, 20, 30_000); // upload 5 s, then the reloads
    // The deploy is done: Start deploy is enabled again.
    await page
      .getByRole("button", { name: "Start deploy" })
      .and(page.locator(":enabled"))
      .waitFor({ timeout: 30_000 });
    const log = page.getByRole("log", { name: "Event log" });
    await log
      .getByText(/nginx -s reload/)
      .first()
      .waitFor();
    const traffic = page.getByRole("region", { name: "Traffic" });
    await expect(
      traffic.locator(".chart", { hasText: "Errors" }).locator(".chart-value").textContent(),
    ).resolves.toMatch(/^0\.0/);
    expect(errors).toEqual([]);
    await page.close();
  });

  it("dns-down: a lookup right after a failure is answered SERVFAIL from the resolver's memory", async () => {
    const { page, errors } = await app.open("?scene=dns-down&autoplay=1&speed=1");
    const view = page.getByRole("region", { name: "Browser view" });
    await view.getByText("ERR_NAME_NOT_RESOLVED", { exact: true }).waitFor({ timeout: 20_000 });
    await page.getByRole("button", { name: "Visit www.foobar.com" }).click();
    const log = page.getByRole("log", { name: "Event log" });
    await log
      .getByText(/SERVFAIL from the failure cache \(kept 5 s\)/)
      .waitFor({ timeout: 15_000 });
    expect(errors).toEqual([]);
    await page.close();
  });
});
