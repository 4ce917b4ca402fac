// Screenshots of compare mode in the production build, at projector, laptop, tablet, phone and
// slide sizes, both themes: npm run build && npx tsx scripts/compare-screens.ts [out] [query] [waitMs] [only]
import { mkdirSync } from "node:fs";
import { resolve } from "node:path";
import { launchChromium } from "../tests/e2e/chromium";
import { serveStatic } from "../tests/e2e/server";

const out = resolve(process.argv[2] ?? "test-results/compare-screens");
mkdirSync(out, { recursive: true });
const server = await serveStatic(resolve("dist"));
const browser = await launchChromium();
const query = process.argv[3] ?? "?compare=compare-surge&autoplay=1";
const wait = Number(process.argv[4] ?? 6000);
const only = process.argv[5];
const sizes = [
  { width: 1280, height: 720 },
  { width: 1024, height: 768 },
  { width: 1440, height: 900 },
  { width: 768, height: 1024 },
  { width: 390, height: 844 },
  { width: 960, height: 540, embed: true },
];
try {
  for (const scheme of ["light", "dark"] as const) {
    for (const size of sizes) {
      const tag = `${size.width}x${size.height}${size.embed ? "-embed" : ""}-${scheme}`;
      if (only && !tag.includes(only)) continue;
      const page = await browser.newPage({ viewport: size, colorScheme: scheme });
      page.on("pageerror", (e) => console.log(`pageerror: ${e.message}`));
      page.on("console", (m) => {
        if (m.type() === "error") console.log("console:", m.text());
      });
      await page.goto(`${server.url}${query}${size.embed ? "&embed=1" : ""}`);
      await page.waitForTimeout(wait);
      await page.screenshot({ path: `${out}/${tag}.png`, fullPage: size.width < 800 });
      await page.close();
    }
  }
} finally {
  await browser.close();
  await server.close();
}
