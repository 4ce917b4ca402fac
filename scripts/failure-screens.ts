// Screenshots of failures in both themes, for looking at:
//   npm run build && npx tsx scripts/failure-screens.ts [out-dir]
import { mkdirSync } from "node:fs";
import { resolve } from "node:path";
import { launchChromium } from "../tests/e2e/chromium";
import { serveStatic } from "../tests/e2e/server";

const out = resolve(process.argv[2] ?? "test-results/failures");
mkdirSync(out, { recursive: true });
const server = await serveStatic(resolve("dist"));
const browser = await launchChromium();
const cases = [
  { name: "server-down", kill: "Kill Server 8.8.8.8", wait: 2500 },
  { name: "nginx-down", kill: "Kill Nginx", wait: 2500 },
  { name: "app-slow", kill: "Slow Application server", wait: 3500 },
  { name: "dns-down", kill: "Kill ns1.foobar.com", wait: 3000 },
];
try {
  for (const scheme of ["light", "dark"] as const) {
    for (const c of cases) {
      const page = await browser.newPage({
        viewport: { width: 1440, height: 900 },
        colorScheme: scheme,
      });
      await page.goto(`${server.url}?speed=1`);
      const stage = page.getByRole("region", { name: "The one-server stack" });
      await stage.getByRole("button", { name: c.kill }).click();
      await page.getByRole("button", { name: "Visit www.foobar.com" }).click();
      await page.waitForTimeout(c.wait);
      await page.screenshot({ path: `${out}/${c.name}-${scheme}.png` });
      await page.close();
    }
  }
} finally {
  await browser.close();
  await server.close();
}
