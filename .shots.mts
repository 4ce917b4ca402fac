import { mkdirSync } from "node:fs";
import { resolve } from "node:path";
import { launchChromium } from "./tests/e2e/chromium.ts";
import { serveStatic } from "./tests/e2e/server.ts";
const out = "/tmp/dx/shots";
mkdirSync(out, { recursive: true });
const server = await serveStatic(resolve("/work/deploys/dist"));
const browser = await launchChromium();
const jobs = (process.argv[2] ?? "rolling-deploy:1280x720:light").split(",");
try {
  for (const job of jobs) {
    const [scene, size, scheme, extra] = job.split(":");
    const [w, h] = (size as string).split("x").map(Number);
    const page = await browser.newPage({ viewport: { width: w as number, height: h as number }, colorScheme: scheme as "light" | "dark" });
    page.on("pageerror", (e) => console.log(`pageerror: ${e.message}`));
    page.on("console", (m) => { if (m.type() === "error" || m.type() === "warning") console.log(m.type(), m.text()); });
    await page.goto(`${server.url}?scene=${scene}&autoplay=1&speed=10${extra === "embed" ? "&embed=1" : ""}`);
    await page.waitForTimeout(Number(process.argv[3] ?? 3000));
    if (extra === "panel") {
      await page.getByRole("button", { name: /^Web server 1/ }).first().click();
      await page.waitForTimeout(500);
    }
    await page.screenshot({ path: `${out}/${scene}-${size}-${scheme}${extra ? "-" + extra : ""}.png` });
    await page.close();
  }
} finally {
  await browser.close();
  await server.close();
}
