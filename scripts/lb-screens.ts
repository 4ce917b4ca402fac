// Screenshots and legibility of the load-balanced scenes (production build), for looking at:
//   npm run build && npx tsx scripts/lb-screens.ts [out-dir] [scene,...] [light|dark|both]
import { mkdirSync } from "node:fs";
import { resolve } from "node:path";
import { launchChromium } from "../tests/e2e/chromium";
import { measureLegibility } from "../tests/e2e/legibility";
import { serveStatic } from "../tests/e2e/server";

const out = resolve(process.argv[2] ?? "test-results/lb-screens");
const scenes = (process.argv[3] ?? "distributed,server-failover,tcp-check-trap,lb-spof").split(",");
const schemes =
  process.argv[4] === "both" || !process.argv[4]
    ? (["light", "dark"] as const)
    : ([process.argv[4]] as ("light" | "dark")[]);
mkdirSync(out, { recursive: true });
const server = await serveStatic(resolve("dist"));
const browser = await launchChromium();
const views = [
  { name: "1280x720", width: 1280, height: 720, query: "" },
  { name: "1024x768", width: 1024, height: 768, query: "" },
  { name: "1280x720-present", width: 1280, height: 720, query: "&present=1" },
  { name: "1024x768-present", width: 1024, height: 768, query: "&present=1" },
  { name: "960x540-embed", width: 960, height: 540, query: "&embed=1" },
  { name: "1280x720-embed", width: 1280, height: 720, query: "&embed=1" },
  { name: "1440x900", width: 1440, height: 900, query: "" },
  { name: "768x1024", width: 768, height: 1024, query: "" },
];
try {
  for (const scene of scenes) {
    for (const scheme of schemes) {
      for (const v of views) {
        const page = await browser.newPage({ viewport: v, colorScheme: scheme });
        page.on("pageerror", (e) => console.log(`pageerror: ${e.message}`));
        await page.goto(`${server.url}?scene=${scene}&autoplay=1&speed=10${v.query}`);
        await page.waitForTimeout(scene === "distributed" ? 1500 : 4000);
        const m = await measureLegibility(page);
        const layout = await page.locator("div.canvas").getAttribute("data-layout");
        console.log(
          `${scene} ${scheme} ${v.name} layout=${layout} canvas=${m.canvas.width}x${m.canvas.height} zoom=${m.zoom} name=${m.minName} text=${m.minText} (${m.minTextOf}) target=${m.minTarget} overlaps=${m.overlaps.length ? m.overlaps.join("; ") : "none"}`,
        );
        await page.screenshot({ path: `${out}/${scene}-${v.name}-${scheme}.png` });
        await page.close();
      }
    }
  }
} finally {
  await browser.close();
  await server.close();
}
