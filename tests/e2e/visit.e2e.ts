import { describe, expect, it } from "vitest";
import { bestLayout, oneServerLayouts } from "../../src/canvas/layout";
import { ONE_SERVER_IDS } from "../../src/scenes/oneServer";
import { nodeName } from "../support/nodeName";
import { ARTIFACTS, clockMs, packetPixels, startApp } from "./fixture";

const app = startApp();

const LABELS = [
  "Your browser",
  "DNS resolver",
  "Root server",
  ".com TLD server",
  "ns1.foobar.com",
  "Server 8.8.8.8",
  "Nginx",
  "Application server",
  "MySQL",
];

/** The document's hops in order, as the event log names them. */
const FIRST_VISIT_ROUTES = [
  "Your browser → DNS resolver",
  "DNS resolver → Root server",
  "Root server → DNS resolver",
  "DNS resolver → .com TLD server",
  ".com TLD server → DNS resolver",
  "DNS resolver → ns1.foobar.com",
  "ns1.foobar.com → DNS resolver",
  "DNS resolver → Your browser",
  "Your browser → Nginx",
  "Nginx → Your browser",
  "Your browser → Nginx",
  "Nginx → Application server", // SYN to PHP-FPM on the loopback
  "Application server → Nginx", // SYN-ACK
  "Nginx → Application server", // FastCGI request
  "Application server → MySQL",
  "MySQL → Application server",
  "Application server → Nginx",
  "Nginx → Your browser",
];

describe("the production build in Chromium", () => {
  it("loads with every component, no console errors and no request to another origin", async () => {
    const { page, errors, foreignRequests } = await app.open();
    // Every component but the traffic's Users (drawn as a source, not a part to click) is a button.
    expect(Object.keys(ONE_SERVER_IDS).filter((id) => id !== "users")).toHaveLength(LABELS.length);
    await expect(page.getByTestId("users-count").textContent()).resolves.toBe("No traffic");
    for (const label of LABELS) {
      await expect(page.getByRole("button", { name: nodeName(label) }).isVisible()).resolves.toBe(
        true,
      );
    }
    expect(await packetPixels(page)).toMatchObject({ count: 0 });
    expect(errors).toEqual([]);
    expect(foreignRequests).toEqual([]);
    await page.close();
  });

  it("runs a visit to completion with every hop in the event log, in order", async () => {
    const { page, errors } = await app.open("?speed=100");
    await page.getByRole("button", { name: "Visit www.foobar.com" }).click();
    const log = page.getByRole("log", { name: "Event log" });
    await log.getByText(/page loaded in/).waitFor({ timeout: 15_000 });
    const routes = (await log.locator(".log-entry.hop .log-route").allTextContents()).map((t) =>
      t
        .replace(/^(DNS|TCP|HTTP|SQL|Error)/, "")
        .replace(/ · .*$/, "")
        .trim(),
    );
    // The page's own hops come first; the static files follow.
    expect(routes.slice(0, FIRST_VISIT_ROUTES.length)).toEqual(FIRST_VISIT_ROUTES);
    const statics = routes.slice(FIRST_VISIT_ROUTES.length);
    expect(statics.length).toBeGreaterThanOrEqual(4);
    expect(statics.every((r) => r === "Your browser → Nginx" || r === "Nginx → Your browser")).toBe(
      true,
    );
    await expect(log.getByText("GET /style.css HTTP/1.1").count()).resolves.toBe(1);
    await expect(log.getByText("GET /logo.png HTTP/1.1").count()).resolves.toBe(1);
    await page.screenshot({ path: `${ARTIFACTS}/visit-complete.png` });
    expect(errors).toEqual([]);
    await page.close();
  });

  it("plays in slow motion by default, so the first hop takes about a second to watch", async () => {
    const { page } = await app.open();
    await page.getByRole("button", { name: "Visit www.foobar.com" }).click();
    await page.waitForTimeout(400);
    const early = await clockMs(page);
    // The first hop (browser → resolver) is ~8 ms of simulated time: still under way.
    expect(early).toBeGreaterThan(0);
    expect(early).toBeLessThan(9);
    const drawn = await packetPixels(page);
    expect(drawn.count).toBeGreaterThan(50);
    await page.waitForTimeout(300);
    const later = await packetPixels(page);
    expect(later.box).not.toEqual(drawn.box); // the packet moved
    await page.screenshot({ path: `${ARTIFACTS}/first-hop.png` });
    await page.close();
  });

  it("pauses the clock, and Step plays until the next log entry, then stops", async () => {
    const { page } = await app.open();
    await page.getByRole("button", { name: "Visit www.foobar.com" }).click();
    await page.waitForTimeout(300);
    await page.getByRole("button", { name: "Pause" }).click();
    const paused = await clockMs(page);
    await page.waitForTimeout(500);
    expect(await clockMs(page)).toBe(paused);
    const entries = await page.locator(".log-entry").count();
    await page.getByRole("button", { name: "Step", exact: true }).click();
    await page.waitForFunction((n) => document.querySelectorAll(".log-entry").length > n, entries, {
      timeout: 5000,
    });
    await page.locator(".clock-state.paused").waitFor();
    const stepped = await clockMs(page);
    expect(stepped).toBeGreaterThan(paused);
    await page.waitForTimeout(400);
    expect(await clockMs(page)).toBe(stepped);
    await page.close();
  });

  it("explains a component clicked with the mouse, and closes again", async () => {
    const { page } = await app.open();
    await page.getByRole("button", { name: /^Application server / }).click();
    const details = page.getByRole("region", { name: "Application server" });
    await details.getByRole("heading", { name: "In this request" }).waitFor();
    await details.getByRole("button", { name: "Close details" }).click();
    await page.getByRole("region", { name: "Component details" }).waitFor();
    await page.close();
  });

  it("explains a component from the keyboard", async () => {
    const { page } = await app.open();
    const nginx = page.getByRole("button", { name: /^Nginx / });
    await nginx.focus();
    await page.keyboard.press("Enter");
    const details = page.getByRole("region", { name: "Nginx" });
    await details.getByRole("heading", { name: "What it is" }).waitFor();
    await expect(details.getByText(/proxy_pass/).count()).resolves.toBeGreaterThan(0);
    await page.screenshot({ path: `${ARTIFACTS}/nginx-details.png` });
    await page.close();
  });

  it("with reduced motion, packets do not move: the link in use is highlighted instead", async () => {
    const { page } = await app.open("", { reducedMotion: "reduce" });
    await page.getByRole("button", { name: "Visit www.foobar.com" }).click();
    // The event log's "N entries": it counts every hop and note so far.
    const entries = async () => await page.locator(".event-log .count").textContent();
    // Within one hop nothing moves: two pictures 300 ms apart while no new hop or note has
    // appeared (a new hop moves the highlight to its link, which is right); try a few hops.
    let compared = 0;
    for (let tries = 0; tries < 10 && compared === 0; tries++) {
      const before = await entries();
      const a = await packetPixels(page);
      await page.waitForTimeout(300);
      const b = await packetPixels(page);
      if ((await entries()) !== before || a.count <= 50) continue;
      expect(b.box).toEqual(a.box);
      compared++;
    }
    expect(compared).toBe(1);
    await page.close();
  });

  it("ignores bad URL parameters with a visible notice, and still works", async () => {
    const { page, errors } = await app.open(
      "?seed=%3Cscript%3Ealert(1)%3C%2Fscript%3E&speed=warp&autoplay=maybe",
    );
    const status = page.getByRole("status");
    await status.getByText(/Ignored seed=/).waitFor();
    await status.getByText(/Ignored speed=/).waitFor();
    await status.getByText(/Ignored autoplay=/).waitFor();
    expect(await page.locator("script:not([type])").count()).toBe(0);
    await page.screenshot({ path: `${ARTIFACTS}/bad-params.png` });
    await page.getByRole("button", { name: "Visit www.foobar.com" }).click();
    await page
      .getByRole("log", { name: "Event log" })
      .getByText("A? www.foobar.com.")
      .first()
      .waitFor();
    expect(errors).toEqual([]);
    await page.close();
  });

  it("fits the whole stack on a 1280×720 projector, in the layout that draws it largest", async () => {
    const { page } = await app.open("", { viewport: { width: 1280, height: 720 } });
    const canvas = page.locator(".canvas");
    const inView = async () => {
      const box = await canvas.boundingBox();
      if (!box) return false;
      for (const label of LABELS) {
        const b = await page.getByRole("button", { name: nodeName(label) }).boundingBox();
        if (
          !b ||
          b.x < box.x ||
          b.y < box.y ||
          b.x + b.width > box.x + box.width + 1 ||
          b.y + b.height > box.y + box.height + 1
        ) {
          return false;
        }
      }
      return true;
    };
    // The layout shown is the one that can be drawn largest in the canvas's shape.
    const expected = async () => {
      const box = await canvas.boundingBox();
      return bestLayout(oneServerLayouts, box?.width ?? 0, box?.height ?? 0).name;
    };
    expect(await canvas.getAttribute("data-layout")).toBe(await expected());
    expect(await inView()).toBe(true);
    const nameSize = async () =>
      page
        .getByRole("button", { name: /^Nginx / })
        .locator(".node-name")
        .evaluate((el) => el.getBoundingClientRect().height);
    const closed = await nameSize();
    // On a projector the panels are a drawer over the diagram: opening it leaves the diagram
    // as large as it was (before, a side column shrank it to 12 px names at this size).
    await page.getByRole("button", { name: "Side panels" }).click();
    await page.getByRole("complementary", { name: "Panels" }).waitFor();
    await page.waitForTimeout(300);
    expect(await canvas.getAttribute("data-layout")).toBe(await expected());
    expect(await nameSize()).toBe(closed);
    await page.screenshot({ path: `${ARTIFACTS}/projector-1280x720.png` });
    await page.close();
  });

  it("autoplay=1 starts a visit on load", async () => {
    const { page } = await app.open("?autoplay=1&speed=100&seed=7");
    await page
      .getByRole("log", { name: "Event log" })
      .getByText(/page loaded in/)
      .waitFor({ timeout: 15_000 });
    await page.close();
  });
});
