// Makes the README's screenshots from the real production build:
//   npm run build && npx tsx scripts/readme-screenshot.ts
import { resolve } from "node:path";
import { launchChromium } from "../tests/e2e/chromium";
import { serveStatic } from "../tests/e2e/server";

const server = await serveStatic(resolve("dist"));
const browser = await launchChromium();
try {
  for (const scheme of ["light", "dark"] as const) {
    const page = await browser.newPage({
      viewport: { width: 1440, height: 900 },
      colorScheme: scheme,
    });
    await page.goto(`${server.url}?scene=first-visit`);
    await page.getByRole("button", { name: /^ns1\.foobar\.com:/ }).click();
    await page.getByRole("button", { name: "Visit www.foobar.com" }).click();
    // Catch the page request half-way across the internet.
    await page
      .getByRole("log", { name: "Event log" })
      .getByText("GET / HTTP/1.1")
      .waitFor({ timeout: 30_000 });
    await page.waitForTimeout(420);
    await page.getByRole("button", { name: "Pause" }).click();
    await page.screenshot({ path: `docs/hopscope-${scheme}.png` });
    await page.close();
  }
} finally {
  await browser.close();
  await server.close();
}
