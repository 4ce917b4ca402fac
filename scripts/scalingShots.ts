// Screenshots of the scaling scenes, for looking at: npm run build && npx tsx scripts/scalingShots.ts [out-dir]
import { mkdirSync } from "node:fs";
import { resolve } from "node:path";
import { launchChromium } from "../tests/e2e/chromium";
import { serveStatic } from "../tests/e2e/server";

const out = resolve(process.argv[2] ?? "test-results/scaling-screens");
const only = process.argv[3];
mkdirSync(out, { recursive: true });
const server = await serveStatic(resolve("dist"));
const browser = await launchChromium();
const shots = [
  { scene: "autoscale-surge", width: 1280, height: 720, wait: 12_000, scheme: "light" },
  {
    scene: "autoscale-surge",
    width: 1280,
    height: 720,
    wait: 12_000,
    scheme: "dark",
    panels: true,
  },
  { scene: "scale-out", width: 1280, height: 720, wait: 3_000, scheme: "light" },
  { scene: "autoscale-surge", width: 1440, height: 900, wait: 12_000, scheme: "light" },
  { scene: "autoscale-surge", width: 1024, height: 768, wait: 12_000, scheme: "light" },
  { scene: "autoscale-surge", width: 768, height: 1024, wait: 12_000, scheme: "light" },
  { scene: "autoscale-surge", width: 390, height: 844, wait: 6_000, scheme: "light" },
  {
    scene: "autoscale-surge",
    width: 1280,
    height: 720,
    wait: 12_000,
    scheme: "light",
    embed: true,
  },
] as const;
try {
  for (const s of shots) {
    const name = `${s.scene}-${s.width}x${s.height}-${s.scheme}${"embed" in s ? "-embed" : ""}${"panels" in s ? "-panels" : ""}.png`;
    if (only && !name.includes(only)) continue;
    const page = await browser.newPage({
      viewport: { width: s.width, height: s.height },
      colorScheme: s.scheme,
    });
    page.on("pageerror", (e) => console.log(`pageerror: ${e.message}`));
    await page.goto(
      `${server.url}?scene=${s.scene}&autoplay=1&speed=10${"embed" in s ? "&embed=1" : ""}`,
    );
    await page.waitForTimeout(s.wait);
    if ("panels" in s) await page.getByRole("button", { name: "Side panels" }).click();
    if ("panels" in s) await page.waitForTimeout(800);
    await page.screenshot({ path: `${out}/${name}` });
    console.log(name);
    await page.close();
  }
} finally {
  await browser.close();
  await server.close();
}
