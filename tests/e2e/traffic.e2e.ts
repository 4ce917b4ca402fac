import { describe, expect, it } from "vitest";
import { ARTIFACTS, packetPixels, startApp } from "./fixture";

const app = startApp();

describe("traffic, in Chromium", () => {
  it("?rps=2000&autoplay=1 opens on a busy site: metrics move and the app server queues", async () => {
    const { page, errors } = await app.open("?rps=2000&autoplay=1");
    const traffic = page.getByRole("region", { name: "Traffic" });
    await traffic.getByRole("region", { name: /Metrics/ }).waitFor({ timeout: 10_000 });
    await page.waitForTimeout(3_000);
    const throughput = Number.parseFloat(
      (await traffic
        .locator(".chart", { hasText: "Throughput" })
        .locator(".chart-value")
        .textContent()) ?? "0",
    );
    expect(throughput).toBeGreaterThan(100);
    // The app server is saturated: all workers busy and a queue behind them.
    const appNode = page.getByRole("button", {
      name: /^Application server .* 5\/5 workers, \d+ waiting/,
    });
    await appNode.waitFor({ timeout: 10_000 });
    // Many packets in flight are drawn on the canvas.
    expect((await packetPixels(page)).count).toBeGreaterThan(500);
    await page.screenshot({ path: `${ARTIFACTS}/traffic-2000rps.png` });
    expect(errors).toEqual([]);
    await page.close();
  });

  it("with reduced motion, traffic is drawn still: each busy link highlighted with its count", async () => {
    const { page } = await app.open("?rps=300&autoplay=1", { reducedMotion: "reduce" });
    await page.waitForTimeout(2_000);
    expect(await page.locator(".packet-layer").getAttribute("data-motion")).toBe("still");
    expect((await packetPixels(page)).count).toBeGreaterThan(500);
    await page.screenshot({ path: `${ARTIFACTS}/traffic-reduced-motion.png` });
    await page.close();
    const moving = await app.open("?rps=300&autoplay=1");
    expect(await moving.page.locator(".packet-layer").getAttribute("data-motion")).toBe("moving");
    await moving.page.close();
  });

  it("a bad rps in the link is refused with a notice, and the page stays idle", async () => {
    const { page } = await app.open("?rps=lots&autoplay=1");
    await page
      .getByRole("status", { name: "Notices" })
      .getByText(/Ignored rps=/)
      .waitFor();
    expect(await page.getByRole("slider", { name: "Requests per second" }).inputValue()).toBe("0");
    await page.close();
  });
});
