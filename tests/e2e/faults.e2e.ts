import { describe, expect, it } from "vitest";
import { ARTIFACTS, startApp } from "./fixture";

const app = startApp();

describe("breaking the stack, in Chromium", () => {
  it("MySQL down: the page shows the database error, while /style.css still loads", async () => {
    const { page, errors } = await app.open("?speed=100");
    const stage = page.getByRole("region", { name: "The one-server stack" });
    await stage.getByRole("button", { name: "Kill MySQL" }).click();
    await stage.getByRole("button", { name: /^MySQL .* Down · killed/ }).waitFor();
    await page.getByRole("button", { name: "Visit www.foobar.com" }).click();
    const view = page.getByRole("region", { name: "Browser view" });
    await view
      .getByRole("heading", { name: "Error establishing a database connection" })
      .waitFor({ timeout: 15_000 });
    await page.screenshot({ path: `${ARTIFACTS}/mysql-down.png` });

    await view.getByRole("textbox", { name: "Address" }).fill("www.foobar.com/style.css");
    await view.getByRole("button", { name: "Go" }).click();
    await view
      .getByText(/style\.css · 200 OK · served by Nginx from disk/)
      .waitFor({ timeout: 15_000 });
    const log = page.getByRole("log", { name: "Event log" });
    await expect(
      log.getByText("/style.css: 200 OK", { exact: false }).count(),
    ).resolves.toBeGreaterThan(0);
    expect(errors).toEqual([]);
    await page.close();
  });

  it("a deploy under steady traffic: failed visits fall inside the deploy band on the timeline", async () => {
    const { page, errors } = await app.open("?speed=10");
    await page.getByRole("button", { name: "Every second" }).click();
    await page.waitForTimeout(1200);
    await page.getByRole("button", { name: "Start deploy" }).click();
    // The progress label on the server follows the deploy's steps.
    await page.waitForFunction(
      () =>
        document
          .querySelector(".deploy-progress")
          ?.textContent?.includes("Restarting the application server"),
      undefined,
      { timeout: 10_000 },
    );
    // Wait for the deploy to finish, and some visits after it.
    await page
      .getByRole("button", { name: "Start deploy" })
      .and(page.locator(":enabled"))
      .waitFor({ timeout: 20_000 });
    // A visit after the deploy, served by the new code (however slowly a loaded machine
    // lets the clock run: waiting a fixed 1.2 s of real time failed when it ran SLOWED).
    await page
      .getByRole("region", { name: "Browser view" })
      .getByText("served by code v2")
      .waitFor({ timeout: 60_000 });
    await page.getByRole("button", { name: "Pause" }).click();
    const timeline = page.getByRole("region", { name: "Outage timeline" });
    await page.screenshot({ path: `${ARTIFACTS}/deploy-timeline.png` });

    const geometry = await timeline.evaluate((el) => {
      const band = el.querySelector(".band-deploy")?.getBoundingClientRect();
      const marks = [...el.querySelectorAll(".timeline-marks .mark")].map((m) => {
        const r = m.getBoundingClientRect();
        return {
          x: r.left + r.width / 2,
          ok: m.classList.contains("tone-ok"),
          // A visit still under way when Pause was pressed has no outcome yet.
          pending: m.classList.contains("pending"),
        };
      });
      return { band: band ? { left: band.left, right: band.right } : undefined, marks };
    });
    expect(geometry.band).toBeDefined();
    const band = geometry.band as { left: number; right: number };
    const failed = geometry.marks.filter((m) => !m.ok && !m.pending);
    expect(failed.length).toBeGreaterThan(0);
    for (const m of failed) {
      expect(m.x).toBeGreaterThanOrEqual(band.left - 8);
      expect(m.x).toBeLessThanOrEqual(band.right + 8);
    }
    expect(geometry.marks.filter((m) => m.ok).length).toBeGreaterThan(failed.length);
    await expect(timeline.getByText("Availability").isVisible()).resolves.toBe(true);
    expect(errors).toEqual([]);
    await page.close();
  });
});

/** Each row of the failure table, as the user sees it in the Browser view. */
const ROWS = [
  { fault: "Kill ns1.foobar.com", sees: "ERR_NAME_NOT_RESOLVED", file: "ERR_NAME_NOT_RESOLVED" },
  { fault: "Kill DNS resolver", sees: "ERR_NAME_NOT_RESOLVED", file: "ERR_NAME_NOT_RESOLVED" },
  {
    fault: "Kill Server 8.8.8.8",
    sees: "ERR_CONNECTION_TIMED_OUT",
    file: "ERR_CONNECTION_TIMED_OUT",
  },
  { fault: "Kill Nginx", sees: "ERR_CONNECTION_REFUSED", file: "ERR_CONNECTION_REFUSED" },
  { fault: "Kill Application server", sees: "502 Bad Gateway", file: "200 OK" },
  { fault: "Slow Application server", sees: "504 Gateway Time-out", file: "200 OK" },
  { fault: "Kill MySQL", sees: "Error establishing a database connection", file: "200 OK" },
] as const;

describe("every row of the failure table, in Chromium", () => {
  for (const row of ROWS) {
    it(`${row.fault}: the page shows ${row.sees}, a static file ${row.file}`, async () => {
      const { page, errors } = await app.open("?speed=100");
      const stage = page.getByRole("region", { name: "The one-server stack" });
      const view = page.getByRole("region", { name: "Browser view" });
      await stage.getByRole("button", { name: row.fault }).click();
      await page.getByRole("button", { name: "Visit www.foobar.com" }).click();
      await view.getByText(row.sees, { exact: true }).waitFor({ timeout: 20_000 });
      await view.getByRole("textbox", { name: "Address" }).fill("www.foobar.com/logo.png");
      await view.getByRole("button", { name: "Go" }).click();
      // The second visit (the file) has ended: what the view shows now is its result.
      await view.getByText(/visit #2 ·/).waitFor({ timeout: 20_000 });
      await expect(view.getByRole("textbox", { name: "Address" }).inputValue()).resolves.toBe(
        "www.foobar.com/logo.png",
      );
      const file = row.file === "200 OK" ? /logo\.png · 200 OK/ : row.file;
      await view.getByText(file, { exact: typeof file === "string" }).waitFor({ timeout: 20_000 });
      expect(errors).toEqual([]);
      await page.close();
    });
  }

  it("foobar.com's name server down with the answer cached: works until the A record's 300 s TTL runs out", async () => {
    const { page } = await app.open("?speed=100");
    const view = page.getByRole("region", { name: "Browser view" });
    await page.getByRole("button", { name: "Visit www.foobar.com" }).click();
    await view.getByText("served by code v1").waitFor({ timeout: 15_000 });
    await page
      .getByRole("region", { name: "The one-server stack" })
      .getByRole("button", { name: "Kill ns1.foobar.com" })
      .click();
    await page.getByRole("button", { name: "Visit www.foobar.com" }).click();
    await page.getByText(/^visit #2 · /).waitFor({ timeout: 15_000 });
    await view.getByText("served by code v1").waitFor();
    // Let 5 minutes of simulated time pass (3 s at 100×), then visit again.
    await page.waitForFunction(
      () => {
        const text = document.querySelector(".clock-value")?.textContent ?? "";
        return text.includes("min") && Number.parseInt(text, 10) >= 6;
      },
      undefined,
      { timeout: 20_000 },
    );
    await page.getByRole("button", { name: "Visit www.foobar.com" }).click();
    await view.getByText("ERR_NAME_NOT_RESOLVED", { exact: true }).waitFor({ timeout: 20_000 });
    await page.close();
  });
});
