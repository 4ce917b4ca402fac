// Where the engine's time goes, file by file: a V8 CPU profile (node:inspector) of the
// one-server stack under steady traffic, the self time of its samples summed by source file.
// It explains the gap to the typed-array floor in BENCHMARKS.md (issue 12).
//
//   npx tsx bench/engineProfile.ts [rps] [simulated seconds]     (default 20000 10)
//
// Run from the TypeScript sources (tsx), so each file keeps its name: the bundled engine that
// `npm run bench` times is a little faster, but spends its time in the same places.
import { Session } from "node:inspector/promises";
import { basename } from "node:path";
import { createSimulation } from "../src/engine";
import { oneServerTopology } from "../src/scenes/oneServer";

const rps = Number(process.argv[2] ?? 20_000);
const seconds = Number(process.argv[3] ?? 10);

function run(): number {
  const sim = createSimulation({ topology: oneServerTopology, seed: 1 });
  sim.setTraffic(rps);
  for (let t = 100; t <= seconds * 1000; t += 100) sim.advanceTo(t);
  return sim.eventsProcessed;
}

run(); // warm up: compiled and optimised before the profile
const session = new Session();
session.connect();
await session.post("Profiler.enable");
await session.post("Profiler.setSamplingInterval", { interval: 500 });
await session.post("Profiler.start");
const started = performance.now();
const events = run();
const wallMs = performance.now() - started;
const { profile } = await session.post("Profiler.stop");
session.disconnect();

const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const selfUs = new Map<number, number>();
profile.samples?.forEach((id, i) => {
  selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas?.[i] ?? 0));
});
const byFile = new Map<string, number>();
const byFunction = new Map<string, number>();
let total = 0;
for (const [id, us] of selfUs) {
  const frame = byId.get(id)?.callFrame;
  if (!frame) continue;
  const file = frame.url ? basename(frame.url).replace(/\?.*$/, "") : frame.functionName;
  if (file === "(idle)" || (file === "(program)" && us < 0)) continue;
  byFile.set(file, (byFile.get(file) ?? 0) + us);
  const fn = `${frame.functionName || "(anonymous)"} (${file})`;
  byFunction.set(fn, (byFunction.get(fn) ?? 0) + us);
  total += us;
}
const share = (us: number) => `${((us / total) * 100).toFixed(1)}%`;
console.log(
  `engine profile: ${rps.toLocaleString("en-US")} rps × ${seconds} s simulated, ${events.toLocaleString("en-US")} events in ${Math.round(wallMs)} ms (${((wallMs * 1000) / events).toFixed(3)} µs per event, profiler on)`,
);
console.log("self time by file:");
for (const [file, us] of [...byFile].sort((a, b) => b[1] - a[1]).slice(0, 16))
  console.log(`  ${share(us).padStart(6)}  ${file}`);
console.log("self time by function (top 16):");
for (const [fn, us] of [...byFunction].sort((a, b) => b[1] - a[1]).slice(0, 16))
  console.log(`  ${share(us).padStart(6)}  ${fn}`);
