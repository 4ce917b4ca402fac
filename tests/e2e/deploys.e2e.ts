import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { ARTIFACTS, startApp } from "./fixture";

const app = startApp();
const VIEWPORT = { width: 1280, height: 720 };

const node = (page: Page, id: string) => page.locator(`.react-flow__node[data-id='${id}']`);
/** An application server's status line: "Up · v2 · 0/5 workers" once a deploy has run. */
const appStatus = async (page: Page, n: number) =>
  (await node(page, `web${n}-app`).textContent()) ?? "";
/** The Errors chart's figure: "0.0 %". */
const errorShare = async (page: Page) =>
  Number.parseFloat(
    (await page
      .locator("figure.chart", { hasText: "Errors" })
      .locator(".chart-value")
      .textContent()) ?? "NaN",
  );

/** Polls `check` every 200 ms until it holds (or throws after `timeout` ms of real time). */
async function until(page: Page, what: string, check: () => Promise<boolean>, timeout = 60_000) {
  const deadline = Date.now() + timeout;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`never: ${what}`);
    await page.waitForTimeout(200);
  }
}

/** Opens a machine's details (the drawer at 1280×720) and returns its deploy control. */
async function deployControl(page: Page, machine: string, label: string) {
  await node(page, machine).locator(".host-title").click();
  return page.getByRole("region", { name: label });
}

describe("the deploy scenes in Chromium at 1280×720", () => {
  it("rolling-deploy: web1 serves v2 while web2 still serves v1, then both v2, no error", async () => {
    const { page, errors } = await app.open("?scene=rolling-deploy&autoplay=1&speed=10", {
      viewport: VIEWPORT,
    });
    let worst = 0;
    const watch = async () => {
      worst = Math.max(worst, (await errorShare(page)) || 0);
    };
    // Two versions at once: web1 back with v2, web2 not yet deployed.
    await until(page, "web1 v2 and web2 v1", async () => {
      await watch();
      return /v2 ·/.test(await appStatus(page, 1)) && /v1 ·/.test(await appStatus(page, 2));
    });
    await page.screenshot({ path: `${ARTIFACTS}/deploys-rolling-two-versions.png` });
    await until(page, "both on v2", async () => {
      await watch();
      return /v2 ·/.test(await appStatus(page, 1)) && /v2 ·/.test(await appStatus(page, 2));
    });
    expect(worst).toBe(0);
    const control = await deployControl(page, "web2", "Web server 2 10.0.0.12");
    // web2 runs v2 as soon as it restarts; the rollout ends after its two good checks (4 s more).
    const steps = () => control.getByRole("list", { name: "Deploy steps" }).textContent();
    await until(page, "the rollout finished", async () => {
      await watch();
      return /finished: every server runs v2/.test((await steps()) ?? "");
    });
    await expect(steps()).resolves.toMatch(
      /web1 UP, 2\/2 checks.*web2 UP, 2\/2 checks.*finished: every server runs v2/,
    );
    expect(errors).toEqual([]);
    await page.close();
  });

  it("blue-green: green takes over at once; Roll back switches back to blue", async () => {
    const { page, errors } = await app.open("?scene=blue-green&autoplay=1&speed=10", {
      viewport: VIEWPORT,
    });
    const lb = node(page, "haproxy");
    await until(page, "green UP and blue in maintenance", async () =>
      /web1\s*MAINT.*web2\s*MAINT.*web3\s*UP.*web4\s*UP/.test((await lb.textContent()) ?? ""),
    );
    expect(await errorShare(page)).toBe(0);
    const control = await deployControl(page, "web3", "Web server 3 10.0.0.13");
    await control.getByRole("button", { name: "Roll back" }).click();
    await until(page, "blue serving again", async () =>
      /web1\s*UP.*web2\s*UP.*web3\s*MAINT.*web4\s*MAINT/.test((await lb.textContent()) ?? ""),
    );
    await expect(
      control.getByRole("list", { name: "Deploy steps" }).textContent(),
    ).resolves.toMatch(/switched: web1, web2 \(v1\) take every new request/);
    await page.screenshot({ path: `${ARTIFACTS}/deploys-blue-green-rolled-back.png` });
    expect(errors).toEqual([]);
    await page.close();
  });

  it("bad-canary: a share of visits fail on the canary, the rollout stops, Roll back restores v1", async () => {
    const { page, errors } = await app.open("?scene=bad-canary&autoplay=1&speed=10", {
      viewport: VIEWPORT,
    });
    await node(page, "web1")
      .getByText(/canary at 10 %: [1-9]\d* errors of \d+/)
      .waitFor({ timeout: 60_000 });
    const share = await errorShare(page);
    expect(share).toBeGreaterThan(0);
    expect(share).toBeLessThan(30);
    await page.screenshot({ path: `${ARTIFACTS}/deploys-bad-canary.png` });
    const control = await deployControl(page, "web1", "Web server 1 10.0.0.11");
    const progress = control.getByRole("region", { name: "Deploy progress" });
    await progress
      .getByText(/the canary web1 failed \d+ of its \d+ requests/)
      .first()
      .waitFor({ timeout: 60_000 });
    expect(await appStatus(page, 2)).toMatch(/v1 ·/);
    await control.getByRole("button", { name: "Roll back" }).click();
    await progress
      .getByRole("status")
      .getByText("finished: every server runs v1")
      .waitFor({ timeout: 60_000 });
    await until(page, "web1 back on v1", async () => /v1 ·/.test(await appStatus(page, 1)));
    expect(errors).toEqual([]);
    await page.close();
  });
  it("the outage timeline: an all-at-once deploy leaves a block of failed seconds, a rolling one none", async () => {
    const timelineWords = (page: Page) =>
      page.locator(".timeline-traffic-words").textContent({ timeout: 30_000 });
    const failedBars = (page: Page) => page.locator(".timeline-traffic-plot .outage-bar").count();
    // All at once, on the one server: the restart is a gap every visitor falls into.
    const once = await app.open("?scene=deploy&autoplay=1&speed=10", { viewport: VIEWPORT });
    await until(once.page, "the gap written out", async () =>
      /Visits failed: 0:0\d–0:\d\d \(\d+\)/.test((await timelineWords(once.page)) ?? ""),
    );
    await until(
      once.page,
      "bars for the failed seconds",
      async () => (await failedBars(once.page)) >= 3,
    );
    await once.page.screenshot({ path: `${ARTIFACTS}/deploys-timeline-all-at-once.png` });
    expect(once.errors).toEqual([]);
    await once.page.close();
    // Rolling, with HAProxy draining each server first: the same row stays empty.
    const rolling = await app.open("?scene=rolling-deploy&autoplay=1&speed=10", {
      viewport: VIEWPORT,
    });
    await until(rolling.page, "both on v2", async () =>
      /v2 ·/.test(await appStatus(rolling.page, 2)),
    );
    expect(await timelineWords(rolling.page)).toBe("Visits failed: none");
    expect(await failedBars(rolling.page)).toBe(0);
    await rolling.page.screenshot({ path: `${ARTIFACTS}/deploys-timeline-rolling.png` });
    expect(rolling.errors).toEqual([]);
    await rolling.page.close();
  }, 120_000);
});
