// Screenshots of scenes as a class sees them, at projector and laptop sizes, in both themes:
//   npm run build && npx tsx scripts/scene-screens.ts [out-dir] [scene[:query][@ms] ...]
// e.g. `npx tsx scripts/scene-screens.ts /tmp/s app-down surge:speed=10@9000`: each scene
// opens with autoplay=1 (plus the extra query), plays for the given real time (default 4 s),
// then pauses and is photographed at 1280×720, 1024×768 and 1440×900.
import { mkdirSync } from "node:fs";
import { resolve } from "node:path";
import { launchChromium } from "../tests/e2e/chromium";
import { serveStatic } from "../tests/e2e/server";

const [outArg, ...sceneArgs] = process.argv.slice(2);
const out = resolve(outArg ?? "test-results/scenes");
mkdirSync(out, { recursive: true });
const scenes = (sceneArgs.length > 0 ? sceneArgs : ["app-down", "mysql-down"]).map((arg) => {
  const [spec = "", ms] = arg.split("@");
  const [id = "", query] = spec.split(":");
  return { id, query: query ? `&${query}` : "", ms: Number(ms ?? 4000) };
});
const sizes = [
  { width: 1280, height: 720 },
  { width: 1024, height: 768 },
  { width: 1440, height: 900 },
];
const server = await serveStatic(resolve("dist"));
const browser = await launchChromium();
try {
  for (const scheme of ["light", "dark"] as const) {
    for (const scene of scenes) {
      for (const size of sizes) {
        const page = await browser.newPage({ viewport: size, colorScheme: scheme });
        page.on("pageerror", (e) => console.log(`pageerror: ${e.message}`));
        await page.goto(`${server.url}?scene=${scene.id}&autoplay=1${scene.query}`);
        await page.waitForTimeout(scene.ms);
        const pause = page.getByRole("button", { name: "Pause" });
        if (await pause.isVisible()) await pause.click();
        const name = `${scene.id}-${size.width}x${size.height}-${scheme}.png`;
        await page.screenshot({ path: `${out}/${name}` });
        console.log(name);
        await page.close();
      }
    }
  }
} finally {
  await browser.close();
  await server.close();
}
