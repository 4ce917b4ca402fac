import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { ARTIFACTS, startApp } from "./fixture";
import { measureLegibility } from "./legibility";

const app = startApp();
const VIEWPORT = { width: 1280, height: 720 };

const panel = (page: Page) => page.getByRole("region", { name: "Web servers" });
/** At 1280×720 the side panels are a drawer, closed at first: the group's panel is in it. */
async function openPanels(page: Page): Promise<void> {
  await page.getByRole("button", { name: "Side panels" }).click();
  await panel(page).waitFor({ timeout: 10_000 });
}
/** A server's line in the panel's list: "web3 booting, 42 s left", "web3 in service". */
const slot = (page: Page, host: string) =>
  panel(page)
    .getByRole("list", { name: "Servers of the group" })
    .getByRole("listitem")
    .filter({ hasText: new RegExp(`^${host} `) });
/** The Errors chart's current value, in %. */
async function errorRate(page: Page): Promise<number> {
  const text =
    (await page
      .locator("figure.chart", { hasText: "Errors" })
      .locator(".chart-value")
      .textContent()) ?? "";
  return Number.parseFloat(text);
}

/** The simulated clock in ms: `312.4 ms`, `12.50 s`, `3 min 20 s`. */
async function clockMs(page: Page): Promise<number> {
  const text = (await page.locator(".clock-value").textContent()) ?? "";
  const min = /(\d+) min (\d+) s/.exec(text);
  if (min) return (Number(min[1]) * 60 + Number(min[2])) * 1000;
  const n = Number.parseFloat(text);
  return text.includes(" ms") ? n : n * 1000;
}

async function until(page: Page, ms: number, timeout = 90_000): Promise<void> {
  const deadline = Date.now() + timeout;
  while ((await clockMs(page)) < ms) {
    if (Date.now() > deadline) throw new Error(`clock never reached ${ms} ms`);
    await page.waitForTimeout(200);
  }
}

describe("the scaling scenes in Chromium at 1280×720", () => {
  it("scale-out: Add a web server boots web3 for about 60 s, it joins after its checks, and the errors stop", async () => {
    const { page, errors } = await app.open("?scene=scale-out&autoplay=1&speed=10", {
      viewport: VIEWPORT,
    });
    await openPanels(page);
    await expect(slot(page, "web1").textContent()).resolves.toBe("web1 in service");
    // 350 visits/s on two servers (about 286 pages/s): overloaded, errors come.
    const deadline = Date.now() + 60_000;
    while ((await errorRate(page)) === 0 && Date.now() < deadline) await page.waitForTimeout(200);
    expect(await errorRate(page)).toBeGreaterThan(0);
    const added = await clockMs(page);
    await panel(page).getByRole("button", { name: "Add a web server" }).click();
    await expect(slot(page, "web3").textContent()).resolves.toMatch(/^web3 booting, \d+ s left$/);
    // On the canvas: web3's machine, booting (in words).
    const web3 = page.locator(".react-flow__node[data-id='web3']");
    await web3.waitFor({ timeout: 10_000 });
    await expect(
      page.locator(".react-flow__node[data-id='web3-app']").textContent(),
    ).resolves.toMatch(/Booting/);
    await slot(page, "web3").filter({ hasText: "in service" }).waitFor({ timeout: 90_000 });
    const joined = await clockMs(page);
    expect(joined - added).toBeGreaterThan(60_000);
    // Three servers carry it: after the queue drains, no more errors.
    await until(page, joined + 40_000);
    expect(await errorRate(page)).toBe(0);
    // Remove drains web3, then it is gone from the list and the canvas.
    await panel(page).getByRole("button", { name: "Remove a web server" }).click();
    await slot(page, "web3").waitFor({ state: "detached", timeout: 30_000 });
    await web3.waitFor({ state: "detached", timeout: 10_000 });
    expect(errors).toEqual([]);
    await page.close();
  }, 180_000);

  it("autoscale-surge: errors first, the autoscaler's servers join and the errors stop, then they leave", async () => {
    const { page, errors } = await app.open("?scene=autoscale-surge&autoplay=1&speed=100", {
      viewport: VIEWPORT,
    });
    await openPanels(page);
    await expect(
      panel(page).getByRole("checkbox", { name: "Autoscaling" }).isChecked(),
    ).resolves.toBe(true);
    // The surge starts at 30 s: errors before any new server is in service.
    await slot(page, "web3").waitFor({ timeout: 60_000 });
    await until(page, 70_000);
    expect(await errorRate(page)).toBeGreaterThan(0);
    await expect(slot(page, "web3").textContent()).resolves.toMatch(/booting/);
    // The servers join, the errors stop during the surge (it holds until 210 s).
    await slot(page, "web4").filter({ hasText: "in service" }).waitFor({ timeout: 90_000 });
    await until(page, 170_000);
    expect(await errorRate(page)).toBe(0);
    const most = await panel(page).getByRole("listitem").count();
    expect(most).toBeGreaterThanOrEqual(5);
    // After the surge they leave one by one, down to the minimum of 2.
    await until(page, 420_000, 200_000);
    const left = await panel(page).getByRole("listitem").count();
    expect(left).toBeLessThan(most);
    await expect(
      panel(page)
        .getByText(/server-minutes/)
        .textContent(),
    ).resolves.toMatch(/cost \d+\.\d server-minutes/);
    expect(errors).toEqual([]);
    await page.close();
  }, 360_000);

  it("the group's diagram stays legible with ten web servers drawn", async () => {
    const { page } = await app.open("?scene=scale-out", { viewport: VIEWPORT });
    await page.waitForTimeout(300);
    const two = await measureLegibility(page);
    await openPanels(page);
    for (let i = 0; i < 8; i++)
      await panel(page).getByRole("button", { name: "Add a web server" }).click();
    // Close the drawer: the diagram is measured whole.
    await page.getByRole("button", { name: "Side panels" }).click();
    await page.locator(".react-flow__node[data-id='web10']").waitFor({ timeout: 10_000 });
    await page.getByRole("button", { name: "Pause" }).click();
    await page.waitForTimeout(500);
    const ten = await measureLegibility(page);
    console.log("scale-out 1280×720, 2 servers", JSON.stringify(two));
    console.log("scale-out 1280×720, 10 servers", JSON.stringify(ten));
    // Dense cards: two servers meet the classroom rule (17 px names, 12.8 px text).
    expect(two.minName).toBeGreaterThanOrEqual(16.5);
    expect(two.minText).toBeGreaterThanOrEqual(12.3);
    expect(two.minTarget).toBeGreaterThanOrEqual(25.5);
    expect(two.overlaps).toEqual([]);
    expect(two.clipped).toEqual([]);
    // From four servers on each is drawn as its machine alone: ten at 15.2 px names, 11.4 px
    // text (short of the classroom's 16 and 12 px: two columns of five machines beside
    // HAProxy and the database server).
    expect(ten.minName).toBeGreaterThanOrEqual(15);
    expect(ten.minText).toBeGreaterThanOrEqual(11.2);
    expect(ten.minTarget).toBeGreaterThanOrEqual(23);
    expect(ten.overlaps).toEqual([]);
    expect(ten.clipped).toEqual([]);
    await page.close();
  }, 120_000);
  it("db-bottleneck: the database's CPU is full, MySQL at max_connections, 500s; 8 database cores end them", async () => {
    const { page, errors } = await app.open("?scene=db-bottleneck&autoplay=1&speed=10", {
      viewport: VIEWPORT,
    });
    const stage = page.getByRole("region", {
      name: "The load-balanced stack with ten web servers",
    });
    const dbHost = stage.getByRole("button", { name: /^Database server 10\.0\.0\.21/ });
    await until(page, 20_000);
    const status = (id: string) =>
      page.locator(`.react-flow__node[data-id='${id}'] .node-status`).first().textContent();
    await page.getByRole("button", { name: "Pause" }).click();
    // The lesson is on the diagram, in words: the database server's 2 cores are busy, with
    // queries waiting for them; MySQL holds about max_connections (151) connections.
    expect(await status("db")).toMatch(/Working · CPU 2\/2, \d+ waiting/);
    const queries = Number(/(\d+) queries/.exec((await status("mysql")) ?? "")?.[1]);
    expect(queries).toBeGreaterThan(120);
    expect(queries).toBeLessThanOrEqual(151);
    expect(await errorRate(page)).toBeGreaterThan(15);
    await expect(
      page.locator("figure.chart", { hasText: "Errors" }).textContent(),
    ).resolves.toMatch(/500 Internal Server/);
    // …and drawn whole: not cut by an ellipsis, nor under MySQL's card (it once wrapped there).
    const shown = await page
      .locator(".react-flow__node[data-id='db'] .status-text")
      .first()
      .evaluate((el) => {
        // The middle of each line of its text is the status itself, not a card over it.
        const range = document.createRange();
        range.selectNodeContents(el);
        const onTop = [...range.getClientRects()].every((r) =>
          el.contains(document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2)),
        );
        return { whole: el.scrollWidth <= el.clientWidth, onTop };
      });
    expect(shown).toEqual({ whole: true, onTop: true });
    // Ten busy machines drawn alone and the database's status: every text whole and apart.
    const m = await measureLegibility(page);
    console.log("db-bottleneck 1280×720", JSON.stringify(m));
    expect(m.overlaps).toEqual([]);
    expect(m.clipped).toEqual([]);
    // Vertical scaling of the database: 8 cores, in its details.
    await page.getByRole("button", { name: "Play" }).click();
    await dbHost.click();
    const cores = page
      .getByRole("region", { name: /Database server 10\.0\.0\.21/ })
      .getByRole("spinbutton", { name: "CPU cores" });
    await cores.fill("8");
    await cores.press("Enter");
    const resized = await clockMs(page);
    await until(page, resized + 15_000);
    expect(await errorRate(page)).toBe(0);
    expect(errors).toEqual([]);
    await page.close();
  }, 180_000);
  it("read-replicas: the replicas take the reads, every visit loads, the diagram stays legible", async () => {
    const { page, errors } = await app.open("?scene=read-replicas&autoplay=1&speed=10", {
      viewport: VIEWPORT,
    });
    await until(page, 25_000);
    await page.getByRole("button", { name: "Pause" }).click();
    const status = (id: string) =>
      page.locator(`.react-flow__node[data-id='${id}'] .node-status`).first().textContent();
    // Both replicas are drawn, working, and replicating from the primary.
    for (const id of ["db-r1", "db-r2"]) expect(await status(id)).toMatch(/^(Working|Up) · CPU/);
    await expect(page.locator(".react-flow__node[data-id='mysql']").textContent()).resolves.toMatch(
      /primary/,
    );
    expect(await errorRate(page)).toBe(0);
    expect(await page.locator(".timeline-traffic-words").textContent()).toBe("Visits failed: none");
    const m = await measureLegibility(page);
    console.log("read-replicas 1280×720", JSON.stringify(m));
    expect(m.overlaps).toEqual([]);
    expect(m.clipped).toEqual([]);
    expect(m.minName).toBeGreaterThanOrEqual(15);
    expect(m.minText).toBeGreaterThanOrEqual(11.2);
    // Every link is drawn: a web server's reads and writes, and the replication.
    for (const id of [
      "web1-app-mysql-r1",
      "web2-app-mysql-r2",
      "web10-app-mysql-r2",
      "replication-db-r1",
    ])
      expect(await page.locator(`.react-flow__edge[data-id='${id}'] path`).count()).toBeGreaterThan(
        0,
      );
    await page.screenshot({ path: `${ARTIFACTS}/scaling-read-replicas.png` });
    expect(errors).toEqual([]);
    await page.close();
  }, 120_000);
});
