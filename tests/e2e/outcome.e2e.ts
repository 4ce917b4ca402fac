import { describe, expect, it } from "vitest";
import { ARTIFACTS, startApp } from "./fixture";

const app = startApp();

describe("embeds that show the outcome, traffic that explains itself", () => {
  it("the README's slide (mysql-down, autoplay) plays slowly and ends showing the 500", async () => {
    const { page, errors } = await app.open("?embed=1&scene=mysql-down&autoplay=1&theme=light", {
      viewport: { width: 1280, height: 720 },
    });
    const outcome = page.getByRole("region", { name: "Outcome" }).getByRole("status");
    // Slow motion: after two seconds the visit is still under way (at 1× it took half a second).
    await page.waitForTimeout(2_000);
    await expect(outcome.textContent()).resolves.toMatch(/^Loading www\.foobar\.com\//);
    await page.screenshot({ path: `${ARTIFACTS}/embed-mysql-during.png` });
    await outcome
      .getByText("500 Internal Server Error", { exact: true })
      .waitFor({ timeout: 90_000 });
    await expect(outcome.textContent()).resolves.toContain(
      "Error establishing a database connection",
    );
    // On screen, inside the frame, and it stays when the clock stops.
    const box = await outcome.boundingBox();
    expect(box && box.y >= 0 && box.y + box.height <= 720).toBe(true);
    await page.waitForTimeout(3_000);
    await expect(outcome.textContent()).resolves.toContain("500 Internal Server Error");
    await page.screenshot({ path: `${ARTIFACTS}/embed-mysql-end.png` });
    expect(errors).toEqual([]);
    await page.close();
  });

  it("the surge scene starts calm, from the Users node, then surges", async () => {
    const { page, errors } = await app.open("?scene=surge&autoplay=1");
    const users = page.getByTestId("users-count");
    const caption = page.locator(".stage .caption-text");
    await page.waitForTimeout(3_000);
    await expect(users.textContent()).resolves.toMatch(/^60 visits\/s/);
    // The calm phase lasts 10 simulated seconds; a burst of arrivals may queue a few connections
    // for a second (the caption then says so), so wait for a calm second within it.
    await caption.getByText(/^Calm: 60 visits\/s, every page loads/).waitFor({ timeout: 6_000 });
    // Your browser is not the source: it stays idle.
    const yours = page.locator(".react-flow__node[data-id='browser'] .node-status");
    await expect(yours.textContent()).resolves.toMatch(/^Up · idle/);
    await users.getByText(/^600 visits\/s$/).waitFor({ timeout: 20_000 });
    await caption.getByText(/^Surge: 600 visits\/s/).waitFor({ timeout: 10_000 });
    await page.screenshot({ path: `${ARTIFACTS}/surge-users.png` });
    expect(errors).toEqual([]);
    await page.close();
  });
});
