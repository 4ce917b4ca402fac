import { resolve } from "node:path";
import { launchChromium } from "../tests/e2e/chromium";
import { serveStatic } from "../tests/e2e/server";
const [size = "1440x900", scheme = "light"] = process.argv.slice(2);
const [width, height] = size.split("x").map(Number);
const server = await serveStatic(resolve("dist"));
const browser = await launchChromium();
try {
  const page = await browser.newPage({ viewport: { width: width ?? 1440, height: height ?? 900 }, colorScheme: scheme as "light" | "dark" });
  page.on("pageerror", (e) => console.log(`pageerror: ${e.message}`));
  await page.goto(`${server.url}?scene=first-visit&autoplay=1`);
  await page.waitForTimeout(4000);
  await page.getByRole("button", { name: "Pause" }).click();
  // Click the DNS answer in the log (inspect).
  const answer = page.getByRole("button", { name: /^Inspect packet #\d+: www\.foobar\.com\. CNAME/ }).first();
  if (await answer.count()) await answer.click();
  else await page.getByRole("button", { name: /^Inspect packet/ }).last().click();
  await page.waitForTimeout(400);
  await page.screenshot({ path: `/work/tmp/insp-${size}-${scheme}.png` });
  console.log(await page.locator(".packet-inspector").innerText().catch(() => "none"));
  await page.close();
} finally {
  await browser.close();
  await server.close();
}
