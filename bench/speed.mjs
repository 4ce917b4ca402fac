// Engine throughput only, no browser: the engine part of `npm run bench`.
//   npx esbuild bench/entry.ts --bundle --format=esm --platform=node --target=es2022 \
//     --outdir=bench/.build --entry-names=engine --minify --log-level=error && node bench/speed.mjs
// An optional argument names another bundle, to compare two engines in one session:
//   node bench/speed.mjs /tmp/old/engine.js
import { pathToFileURL } from "node:url";

const bundle = process.argv[2] ? pathToFileURL(process.argv[2]).href : "./.build/engine.js";
const { createSimulation, oneServerTopology } = await import(bundle);

function engineRun(rps, seconds, seed = 1) {
  const sim = createSimulation({ topology: oneServerTopology, seed });
  sim.setTraffic(rps);
  const start = performance.now();
  for (let t = 100; t <= seconds * 1000; t += 100) sim.advanceTo(t);
  const wallMs = performance.now() - start;
  return {
    rps,
    seconds,
    events: sim.eventsProcessed,
    wallMs,
    perSecond: sim.eventsProcessed / (wallMs / 1000),
  };
}

const fmt = (n) => Math.round(n).toLocaleString("en-US");
engineRun(500, 5); // warm up the JIT
for (const [rps, seconds] of [
  [2_000, 60],
  [200, 30],
  [2_000, 30],
  [20_000, 10],
]) {
  const r = engineRun(rps, seconds);
  console.log(
    `${fmt(rps).padStart(6)} rps × ${seconds} s: ${fmt(r.events).padStart(10)} events, ${fmt(r.wallMs).padStart(6)} ms, ${fmt(r.perSecond).padStart(10)} events/s`,
  );
}
