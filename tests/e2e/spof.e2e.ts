import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { startApp } from "./fixture";

const app = startApp();

const finder = (page: Page) => page.getByRole("region", { name: "Single points of failure" });
const nodeText = (page: Page, id: string) =>
  page.locator(`.react-flow__node[data-id='${id}']`).textContent();

/** Runs the finder and waits for its summary line. */
async function find(page: Page): Promise<string> {
  await finder(page)
    .getByRole("button", { name: /Find (single points of failure|again)/ })
    .click();
  const status = finder(page).getByRole("status");
  await status.filter({ hasText: /parts take the site down/ }).waitFor({ timeout: 60_000 });
  return (await status.textContent()) ?? "";
}

describe("the single-point-of-failure finder in Chromium", () => {
  it("one-server: every part but the root and TLD servers, marked on the diagram in words", async () => {
    const { page, errors } = await app.open("", { viewport: { width: 1440, height: 900 } });
    // The page stays responsive while it runs: one component per task.
    await finder(page).getByRole("button", { name: "Find single points of failure" }).click();
    await finder(page).getByRole("progressbar", { name: "Finder progress" }).waitFor();
    await expect(find(page)).resolves.toBe("6 of 8 parts take the site down.");
    await expect(nodeText(page, "nginx")).resolves.toMatch(/SPOF: down at once/);
    await expect(nodeText(page, "auth")).resolves.toMatch(/SPOF: down after 30\d s/);
    await expect(nodeText(page, "resolver")).resolves.toMatch(/SPOF: down after 5\d s/);
    await expect(nodeText(page, "root")).resolves.not.toMatch(/SPOF/);
    // The verdict of a part agrees with killing it by hand: Nginx killed, a visit fails.
    await page
      .locator(".react-flow__node[data-id='nginx']")
      .getByRole("button", { name: "Kill" })
      .click();
    // The finder runs again on the new setup: Nginx is now listed as already stopped.
    await finder(page)
      .getByRole("list", { name: "Already stopped: not tested" })
      .getByText("Nginx", { exact: true })
      .waitFor({ timeout: 60_000 });
    await page.getByRole("button", { name: "Visit www.foobar.com" }).click();
    await page
      .getByRole("region", { name: "Browser view" })
      .getByText(/ERR_CONNECTION_REFUSED/)
      .first()
      .waitFor({ timeout: 60_000 });
    expect(errors).toEqual([]);
    await page.close();
  });

  it("distributed: the load balancer and the database are single points of failure, the web servers' Nginx is not", async () => {
    const { page, errors } = await app.open("?scene=distributed", {
      viewport: { width: 1920, height: 1080 },
    });
    // The replicated database (web1's primary, web2's replica; no database server): 14 parts.
    await expect(find(page)).resolves.toMatch(/^\d+ of 14 parts take the site down\.$/);
    await expect(nodeText(page, "haproxy")).resolves.toMatch(/SPOF: down at once/);
    // Every page reads from the replica; the primary's loss stops the writes only.
    await expect(nodeText(page, "web2-mysql")).resolves.toMatch(/SPOF: down at once/);
    await expect(nodeText(page, "web1-mysql")).resolves.toMatch(/SPOF/);
    await expect(nodeText(page, "web1-nginx")).resolves.toMatch(/Errors: first \d+ s/);
    // The TCP-check trap, found by simulation: a dead application server keeps costing errors.
    await expect(nodeText(page, "web1-app")).resolves.toMatch(/Errors: ongoing/);
    await finder(page).getByText("Application server (web1)").click();
    await expect(finder(page).textContent()).resolves.toMatch(/does not see this failure/);
    expect(errors).toEqual([]);
    await page.close();
  });
});
