import { resolve } from "node:path";
import { launchChromium } from "../../tests/e2e/chromium";
import { serveStatic } from "../../tests/e2e/server";
import { measureLegibility } from "../../tests/e2e/legibility";
const server = await serveStatic(resolve("dist"));
const browser = await launchChromium();
for (const q of process.argv.slice(2)) {
  for (const [w, h] of [[1280, 720], [1024, 768]]) {
    const page = await browser.newPage({ viewport: { width: w, height: h } });
    await page.goto(`${server.url}${q}`);
    await page.waitForTimeout(1500);
    const m = await measureLegibility(page);
    console.log(q, `${w}x${h}`, m.minName, m.minText, m.minTarget, m.minTextOf, m.overlaps.length);
    await page.close();
  }
}
await browser.close(); await server.close();
