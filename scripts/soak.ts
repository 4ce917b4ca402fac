// A long run that must not grow: `npm run build && npm run soak`
//   npm run soak -- --hours 1 --browser-minutes 10
// 1. The engine (bench/soak-engine.mjs, in a process with --expose-gc) for simulated hours: 500 and
//    2,000 visits per second with faults cycling, and traced visits every second and every 50 ms.
// 2. The production build in Chromium for real minutes at 100× with "Visit every second" on (the
//    case that used to grow by 20 MB a minute), the heap read after a forced collection.
// Prints the heap over time and exits with 1 if any of them grows. Writes bench/soak-results.json.
import { execFileSync } from "node:child_process";
import { existsSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { buildEngineBundle } from "../bench/buildEngine";
import { launchChromium } from "../tests/e2e/chromium";
import { serveStatic } from "../tests/e2e/server";

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}
const hours = arg("hours", 1);
const browserMinutes = arg("browser-minutes", 10);

interface Sample {
  minutes: number;
  heapMB: number;
}
interface Result {
  name: string;
  samples: Sample[];
  growthMB: number;
  flat: boolean;
}

/** The largest heap of the last third against the largest of the middle third (the first is warm-up). */
function verdict(samples: Sample[]): { growthMB: number; flat: boolean } {
  const third = Math.floor(samples.length / 3);
  const middle = Math.max(...samples.slice(third, 2 * third).map((s) => s.heapMB));
  const last = Math.max(...samples.slice(2 * third).map((s) => s.heapMB));
  const growthMB = Math.round((last - middle) * 10) / 10;
  return { growthMB, flat: !(growthMB > 4 && last > middle * 1.1) };
}

// 1. The engine.
await buildEngineBundle();
console.log(`Engine: ${hours} simulated hour(s) per scenario…`);
const engineOut = execFileSync(
  process.execPath,
  ["--expose-gc", "bench/soak-engine.mjs", "--hours", String(hours), "--json"],
  { encoding: "utf8", maxBuffer: 1 << 26 },
);
const engine = (
  JSON.parse(engineOut) as {
    name: string;
    samples: { simulatedMinutes: number; heapMB: number }[];
    growthMB: number;
    flat: boolean;
  }[]
).map((r) => ({
  name: `engine: ${r.name}`,
  samples: r.samples.map((s) => ({ minutes: s.simulatedMinutes, heapMB: s.heapMB })),
  growthMB: r.growthMB,
  flat: r.flat,
}));

// 2. The browser.
const dist = resolve("dist");
if (!existsSync(resolve(dist, "index.html")))
  throw new Error("SOAK_NO_BUILD: run npm run build first (the soak runs the production build)");
console.log(`Browser: ${browserMinutes} real minute(s) at 100× with a visit every second…`);
const server = await serveStatic(dist);
const browser = await launchChromium();
const browserSamples: Sample[] = [];
const errors: string[] = [];
let simulatedAtEnd = "";
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
  page.on("pageerror", (e) => errors.push(e.message));
  page.on("console", (m) => {
    if (m.type() === "error") errors.push(m.text());
  });
  await page.goto(`${server.url}?speed=100`);
  const cdp = await page.context().newCDPSession(page);
  await page.getByRole("button", { name: "Visit every second" }).click();
  const heap = async () => {
    await cdp.send("HeapProfiler.collectGarbage");
    const { usedSize } = (await cdp.send("Runtime.getHeapUsage")) as { usedSize: number };
    return Math.round((usedSize / 1024 / 1024) * 10) / 10;
  };
  const every = (browserMinutes * 60_000) / 20;
  const started = Date.now();
  for (let i = 1; i <= 20; i++) {
    await page.waitForTimeout(started + i * every - Date.now());
    browserSamples.push({ minutes: (Date.now() - started) / 60_000, heapMB: await heap() });
  }
  simulatedAtEnd = (await page.locator(".clock-value").textContent()) ?? "";
  await page.close();
} finally {
  await browser.close();
  await server.close();
}
const results: Result[] = [
  ...engine,
  {
    name: `browser: 100×, a visit every second, ${browserMinutes} min (simulated clock at the end: ${simulatedAtEnd})`,
    samples: browserSamples,
    ...verdict(browserSamples),
  },
];

for (const r of results)
  console.log(
    `${r.flat ? "flat   " : "GROWING"} ${r.name}\n        heap MB: ${r.samples.map((s) => s.heapMB).join(" → ")} (growth ${r.growthMB} MB)`,
  );
if (errors.length > 0) console.log(`Page errors: ${errors.slice(0, 5).join(" | ")}`);
writeFileSync(
  "bench/soak-results.json",
  `${JSON.stringify({ hours, browserMinutes, results, errors }, null, 2)}\n`,
);
if (results.some((r) => !r.flat) || errors.length > 0) process.exit(1);
