// Screenshots of the production build at several sizes and both themes, for looking at:
//   npm run build && npx tsx scripts/screenshot.ts [out-dir]
import { mkdirSync } from "node:fs";
import { resolve } from "node:path";
import { launchChromium } from "../tests/e2e/chromium";
import { serveStatic } from "../tests/e2e/server";

const out = resolve(process.argv[2] ?? "test-results/screens");
mkdirSync(out, { recursive: true });
const server = await serveStatic(resolve("dist"));
const browser = await launchChromium();
const sizes = [
  { width: 1280, height: 720, panels: false },
  { width: 1280, height: 720, panels: true },
  { width: 1440, height: 900, panels: true },
  { width: 1920, height: 1080, panels: true },
];
try {
  for (const scheme of ["light", "dark"] as const) {
    for (const size of sizes) {
      const page = await browser.newPage({ viewport: size, colorScheme: scheme });
      page.on("pageerror", (e) => console.log(`pageerror: ${e.message}`));
      await page.goto(`${server.url}?speed=0.1`);
      if (!size.panels) await page.getByRole("button", { name: "Side panels" }).click();
      await page.getByRole("button", { name: "Visit www.foobar.com" }).click();
      await page.waitForTimeout(2500);
      const name = `${size.width}x${size.height}${size.panels ? "" : "-full"}-${scheme}.png`;
      await page.screenshot({ path: `${out}/${name}` });
      await page.close();
    }
  }
} finally {
  await browser.close();
  await server.close();
}
