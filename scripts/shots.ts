// Screenshots of one URL of the production build at given sizes, for looking at:
//   npm run build && npx tsx scripts/shots.ts "?scene=ha-pair" out/prefix 1280x720 1024x768:dark …
// A size may end in ":dark" for the dark theme; the page waits 2.5 s before each picture.
import { mkdirSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { launchChromium } from "../tests/e2e/chromium";
import { serveStatic } from "../tests/e2e/server";

const [query = "", prefix = "test-results/shots/shot", ...sizes] = process.argv.slice(2);
mkdirSync(dirname(resolve(prefix)), { recursive: true });
const server = await serveStatic(resolve("dist"));
const browser = await launchChromium();
try {
  for (const size of sizes.length > 0 ? sizes : ["1280x720"]) {
    const [dims = "", scheme] = size.split(":");
    const [width, height] = dims.split("x").map(Number);
    const page = await browser.newPage({
      viewport: { width: width ?? 1280, height: height ?? 720 },
      colorScheme: scheme === "dark" ? "dark" : "light",
    });
    page.on("pageerror", (e) => console.log(`pageerror: ${e.message}`));
    await page.goto(`${server.url}${query}`);
    await page.waitForTimeout(2500);
    const path = resolve(`${prefix}-${size.replace(":", "-")}.png`);
    await page.screenshot({ path });
    console.log(path);
    await page.close();
  }
} finally {
  await browser.close();
  await server.close();
}
