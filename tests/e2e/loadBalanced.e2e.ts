import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { clockMs, startApp } from "./fixture";
import { measureLegibility } from "./legibility";

const app = startApp();

/** The HAProxy node on the canvas. */
const lbNode = (page: Page) => page.locator(".react-flow__node[data-id='haproxy']");

/** The Errors chart's note: the commonest errors of the last 5 s ("" when none). */
const errorsNote = (page: Page) =>
  page.locator("figure.chart", { hasText: "Errors" }).locator(".chart-note").textContent();

/** web1's line in the load balancer's distribution: "web1 50% · 4 err UP". */
async function web1Errors(page: Page): Promise<number> {
  const text =
    (await page
      .getByRole("region", { name: "HAProxy: requests per server" })
      .getByRole("listitem")
      .first()
      .textContent()) ?? "";
  const m = /· ([\d,]+) err/.exec(text);
  return m ? Number((m[1] as string).replace(/,/g, "")) : Number.NaN;
}

/** When HAProxy logged `server` DOWN (ms of simulated time), from the event log's line. */
async function loggedDownAt(page: Page, server: string): Promise<number> {
  const line = page
    .getByRole("log", { name: "Event log" })
    .locator("li", { hasText: new RegExp(`${server} is DOWN`) })
    .first();
  const text = (await line.locator(".log-time").textContent()) ?? "";
  return Number.parseFloat(text) * (text.includes(" ms") ? 1 : 1000);
}

/** Waits until the simulated clock shows at least `ms`. */
async function until(page: Page, ms: number, timeout = 60_000): Promise<void> {
  const deadline = Date.now() + timeout;
  while ((await clockMs(page)) < ms) {
    if (Date.now() > deadline) throw new Error(`clock never reached ${ms} ms`);
    await page.waitForTimeout(100);
  }
}

describe("the load-balanced scenes in Chromium", () => {
  it("distributed: a visit goes through HAProxy and loads; the node shows roundrobin and both servers UP", async () => {
    const { page, errors } = await app.open("?scene=distributed&autoplay=1&speed=100");
    await page
      .getByRole("region", { name: "Browser view" })
      .getByText("served by code v1", { exact: true })
      .first()
      .waitFor({ timeout: 20_000 });
    await expect(lbNode(page).textContent()).resolves.toMatch(/balance roundrobin · TCP check/);
    await expect(lbNode(page).textContent()).resolves.toMatch(/web1UP.*web2UP/);
    await expect(page.getByRole("main").getAttribute("aria-label")).resolves.toBeNull();
    await expect(
      page.getByRole("region", { name: "The load-balanced stack" }).count(),
    ).resolves.toBe(1);
    expect(errors).toEqual([]);
    await page.close();
  });

  it("server-failover: 503s after web1 dies, web1 DOWN on the node, then no more errors", async () => {
    const { page, errors } = await app.open("?scene=server-failover&autoplay=1&speed=10");
    await until(page, 9_000);
    expect(await web1Errors(page)).toBe(0);
    // Marked DOWN about 10 s after the machine died (at 10 s).
    await lbNode(page).getByText("DOWN", { exact: true }).waitFor({ timeout: 30_000 });
    // When HAProxy logged it (the clock read now may have moved on a busy machine, at 10×).
    const downAt = await loggedDownAt(page, "web1");
    expect(downAt).toBeGreaterThan(19_000);
    expect(downAt).toBeLessThan(24_000);
    // The visits sent to web1 before that end in HAProxy's 503 page, 20 s after they asked.
    await page
      .locator("figure.chart", { hasText: "Errors" })
      .getByText(/503/)
      .waitFor({ timeout: 30_000 });
    await until(page, 45_000);
    const settled = await web1Errors(page);
    expect(settled).toBeGreaterThan(0);
    await until(page, 52_000);
    expect(await web1Errors(page)).toBe(settled);
    expect((await errorsNote(page))?.trim()).toBe("");
    // …and the pages load: web2 carries all twenty visits a second (no errors because nothing
    // completes would pass the lines above too).
    const throughput = Number.parseFloat(
      (await page
        .locator("figure.chart", { hasText: "Throughput" })
        .locator(".chart-value")
        .textContent()) ?? "0",
    );
    expect(throughput).toBeGreaterThanOrEqual(15);
    await expect(lbNode(page).textContent()).resolves.toMatch(/web1DOWN/);
    expect(errors).toEqual([]);
    await page.close();
  });

  it("tcp-check-trap: 502s while the TCP check passes; switching to the HTTP check ends them", async () => {
    const { page, errors } = await app.open("?scene=tcp-check-trap&autoplay=1&speed=10");
    await page
      .locator("figure.chart", { hasText: "Errors" })
      .getByText(/502/)
      .waitFor({ timeout: 30_000 });
    await until(page, 15_000);
    await expect(lbNode(page).textContent()).resolves.toMatch(/web1UP/);
    // HAProxy's details: the HTTP check.
    await lbNode(page)
      .getByRole("button", { name: /^HAProxy/ })
      .click();
    const details = page.getByRole("region", { name: "HAProxy", exact: true });
    await details.getByRole("radio", { name: /HTTP/ }).check();
    const switchedAt = await clockMs(page);
    await lbNode(page).getByText("DOWN", { exact: true }).waitFor({ timeout: 30_000 });
    // When HAProxy logged it: three failed HTTP checks, 2 s apart (the clock read now may have
    // moved on, at 10× on a busy machine).
    expect((await loggedDownAt(page, "web1")) - switchedAt).toBeLessThan(9_000);
    const after = await web1Errors(page);
    await until(page, (await clockMs(page)) + 8_000);
    expect(await web1Errors(page)).toBe(after);
    expect((await errorsNote(page))?.trim()).toBe("");
    await expect(
      details.getByRole("table", { name: "Backend web" }).textContent(),
    ).resolves.toMatch(/L7STS/);
    expect(errors).toEqual([]);
    await page.close();
  });

  it("lb-spof: HAProxy stops and every visit fails (ERR_CONNECTION_REFUSED)", async () => {
    const { page, errors } = await app.open("?scene=lb-spof&autoplay=1&speed=10");
    await lbNode(page).getByText("Down", { exact: true }).waitFor({ timeout: 30_000 });
    // Killed on the simulated clock 5 s in (the store's test checks the exact time).
    expect(await clockMs(page)).toBeGreaterThanOrEqual(5_000);
    await until(page, 12_000);
    const errorsChart = page.locator("figure.chart", { hasText: "Errors" });
    await expect(errorsChart.locator(".chart-value").textContent()).resolves.toMatch(/^100\.0/);
    await expect(errorsNote(page)).resolves.toMatch(/refused/i);
    expect(errors).toEqual([]);
    await page.close();
  });

  it("a link with a component of another architecture is refused visibly", async () => {
    const { page } = await app.open("?scene=distributed&kill=nginx");
    await page
      .getByText(/Ignored kill=.nginx.: there is no component .nginx./)
      .first()
      .waitFor();
    await expect(lbNode(page).count()).resolves.toBe(1);
    await page.close();
  });

  it("the picker switches architectures both ways", async () => {
    const { page } = await app.open("?scene=one-server");
    await expect(lbNode(page).count()).resolves.toBe(0);
    await page.getByRole("combobox", { name: /Scene/ }).selectOption("distributed");
    await lbNode(page).waitFor();
    await page.getByRole("combobox", { name: /Scene/ }).selectOption("mysql-down");
    await page.locator(".react-flow__node[data-id='nginx']").waitFor();
    await expect(lbNode(page).count()).resolves.toBe(0);
    await page.close();
  });
});

const AXE_SOURCE = readFileSync(
  createRequire(import.meta.url).resolve("axe-core/axe.min.js"),
  "utf8",
);

describe("the distributed scene's accessibility and legibility", () => {
  for (const colorScheme of ["light", "dark"] as const) {
    it(`axe-core: 0 serious or critical, HAProxy's details open (${colorScheme})`, async () => {
      const { page } = await app.open("?scene=distributed&autoplay=1&speed=100", {
        colorScheme,
      });
      await lbNode(page)
        .getByRole("button", { name: /^HAProxy/ })
        .click();
      await page.getByRole("region", { name: "HAProxy", exact: true }).waitFor();
      await page.evaluate(AXE_SOURCE);
      const found = await page.evaluate(async () => {
        const axe = (window as unknown as { axe: typeof import("axe-core") }).axe;
        const r = await axe.run(document, { resultTypes: ["violations"] });
        return r.violations
          .filter((v) => v.impact === "serious" || v.impact === "critical")
          .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
      });
      expect(found).toEqual([]);
      await page.close();
    });
  }

  /** Figures measured when this was built (names / other text, px); the test keeps them. */
  const SIZES = [
    // The classroom rule (16 px names, 12 px other text, 24 px buttons), with the dense cards.
    { width: 1280, height: 720, present: false, minName: 17.6, minText: 13.2, minTarget: 27 },
    { width: 1024, height: 768, present: false, minName: 16.2, minText: 12.1, minTarget: 25 },
    { width: 1280, height: 720, present: true, minName: 20, minText: 15, minTarget: 31 },
    { width: 1024, height: 768, present: true, minName: 17.5, minText: 13, minTarget: 27 },
  ];
  for (const size of SIZES) {
    it(`legible at ${size.width}×${size.height}${size.present ? " present" : ""}`, async () => {
      const { page } = await app.open(`?scene=distributed${size.present ? "&present=1" : ""}`, {
        viewport: { width: size.width, height: size.height },
      });
      await page.waitForTimeout(500);
      const m = await measureLegibility(page);
      console.log(
        `distributed ${size.width}×${size.height}${size.present ? " present" : ""}`,
        JSON.stringify(m),
      );
      expect(m.minName).toBeGreaterThanOrEqual(size.minName);
      expect(m.minText).toBeGreaterThanOrEqual(size.minText ?? 10);
      expect(m.minTarget).toBeGreaterThanOrEqual(size.minTarget ?? 20);
      expect(m.overlaps).toEqual([]);
      expect(m.clipped).toEqual([]);
      await page.close();
    });
  }
});
