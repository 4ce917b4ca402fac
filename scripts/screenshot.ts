// Takes screenshots of the production build: `npx tsx scripts/screenshot.ts [out-dir] [query]`.
import { mkdirSync } from "node:fs";
import { resolve } from "node:path";
import { launchChromium } from "../tests/e2e/chromium";
import { serveStatic } from "../tests/e2e/server";

const out = resolve(process.argv[2] ?? "test-results/screens");
const query = process.argv[3] ?? "";
mkdirSync(out, { recursive: true });
const server = await serveStatic(resolve("dist"));
const browser = await launchChromium();
try {
  for (const scheme of ["light", "dark"] as const) {
    const page = await browser.newPage({
      viewport: { width: 1440, height: 900 },
      colorScheme: scheme,
    });
    page.on("console", (m) => console.log(`[${scheme}] console.${m.type()}: ${m.text()}`));
    page.on("pageerror", (e) => console.log(`[${scheme}] pageerror: ${e.message}`));
    await page.goto(`${server.url}${query}`);
    await page.getByRole("button", { name: "Visit www.foobar.com" }).waitFor();
    await page.screenshot({ path: `${out}/idle-${scheme}.png` });
    await page.getByRole("button", { name: "Visit www.foobar.com" }).click();
    await page.waitForTimeout(4200);
    await page.screenshot({ path: `${out}/dns-${scheme}.png` });
    await page.waitForTimeout(9000);
    await page.screenshot({ path: `${out}/server-${scheme}.png` });
    await page.close();
  }
} finally {
  await browser.close();
  await server.close();
}
