// Hopscope benchmarks: `npm run bench`. Prints a summary and writes bench/results.json.
// Engine throughput is measured in a process of its own (bench/speed.mjs); frame times in
// Chromium against the production build in dist/, and its size.
import { execFileSync, execSync } from "node:child_process";
import { readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { cpus, totalmem } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";
import { measureFrames } from "./frames";

// Bundle the engine as a production build would (tsx's dev transform adds a
// function-naming helper to every call that would distort the numbers).
await build({
  entryPoints: { engine: "bench/entry.ts" },
  bundle: true,
  format: "esm",
  platform: "node",
  target: "es2022",
  outdir: "bench/.build",
  minify: true,
  logLevel: "error",
});
interface EngineRun {
  rps: number;
  simulatedSeconds: number;
  events: number;
  visits: number;
  wallMs: number;
  eventsPerSecond: number;
  peakPacketsInFlight: number;
  /** Visits in flight on average, after the first 2 s. */
  visitsInFlight: number;
  heapMB: number;
}
type MedianRun = EngineRun & {
  runs: number;
  /** Every link's latency times this (1: the scene as it is). */
  linkLatencyFactor: number;
  bestPerSecond: number;
  worstPerSecond: number;
  microsecondsPerEvent: number;
  wallMsPerSimulatedSecond: number;
};

/**
 * Engine throughput, measured by bench/speed.mjs in a process of its own: this one
 * also holds esbuild and playwright-core, whose heap slows the engine's garbage
 * collection (about 1.5M events/s here against about 2M there, for the same run).
 */
function engineBench(): {
  cold: EngineRun;
  reference: MedianRun;
  scaling: MedianRun[];
  inFlight: MedianRun[];
} {
  const out = execFileSync(process.execPath, ["bench/speed.mjs", "--json"], { encoding: "utf8" });
  return JSON.parse(out);
}

function buildSize(): { files: number; rawBytes: number; gzipBytes: number } | { error: string } {
  try {
    const files: string[] = [];
    const walk = (dir: string) => {
      for (const name of readdirSync(dir)) {
        const path = join(dir, name);
        if (statSync(path).isDirectory()) walk(path);
        else files.push(path);
      }
    };
    walk("dist");
    let raw = 0;
    let gz = 0;
    for (const f of files) {
      const data = readFileSync(f);
      raw += data.length;
      gz += gzipSync(data, { level: 9 }).length;
    }
    return { files: files.length, rawBytes: raw, gzipBytes: gz };
  } catch (e) {
    return {
      error: `no production build in dist/ (${(e as Error).message}); run npm run build first`,
    };
  }
}

const { cold, reference, scaling, inFlight } = engineBench();
const size = buildSize();
let frames: Awaited<ReturnType<typeof measureFrames>> | { error: string };
try {
  // Capacities come from the link (`set=`), as a teacher's link would set them: a longer
  // listen backlog and more Nginx worker_connections, so that requests wait in the
  // server instead of being turned away, and about 2,000 and 10,000 are in flight.
  const twoThousand =
    "?rps=2000&autoplay=1&set=app.listenBacklog:1600,nginx.workerConnections:10000";
  const tenThousand =
    "?rps=5000&autoplay=1&set=app.listenBacklog:9100,nginx.workerConnections:30000";
  frames = await measureFrames([
    { query: "?rps=2000&autoplay=1", label: "2,000 rps, default capacities" },
    { query: "?rps=2000&autoplay=1", label: "2,000 rps, default capacities", pause: true },
    { query: twoThousand, label: "about 2,000 in flight" },
    { query: twoThousand, label: "about 2,000 in flight", pause: true },
    { query: tenThousand, label: "about 10,000 in flight" },
    { query: tenThousand, label: "about 10,000 in flight", pause: true },
  ]);
} catch (e) {
  frames = { error: (e as Error).message };
}
const machine = {
  cpu: cpus()[0]?.model ?? "unknown",
  cores: cpus().length,
  memoryGB: Math.round(totalmem() / 2 ** 30),
  node: process.version,
  commit: (() => {
    try {
      return execSync("git rev-parse --short HEAD").toString().trim();
    } catch {
      return "unknown";
    }
  })(),
};
const results = {
  date: new Date().toISOString(),
  machine,
  engine: { cold, reference, scaling, inFlight },
  frames,
  build: size,
};
writeFileSync("bench/results.json", `${JSON.stringify(results, null, 2)}\n`);

const fmt = (n: number) => n.toLocaleString("en-US");
console.log(
  `Hopscope bench on ${machine.cpu} (${machine.cores} cores), Node ${machine.node}, commit ${machine.commit}`,
);
console.log(
  `engine, 2,000 rps for 60 s simulated, median of ${reference.runs}: ${fmt(reference.events)} events in ${fmt(reference.wallMs)} ms = ${fmt(reference.eventsPerSecond)} events/s (best ${fmt(reference.bestPerSecond)}, worst ${fmt(reference.worstPerSecond)}; peak ${fmt(reference.peakPacketsInFlight)} packets in flight)`,
);
console.log(
  `  (cold, the first run in this process: 2,000 rps × 10 s, ${fmt(cold.eventsPerSecond)} events/s)`,
);
for (const r of [...scaling, ...inFlight]) {
  const links = r.linkLatencyFactor > 1 ? `, links ×${r.linkLatencyFactor}` : "";
  console.log(
    `  ${fmt(r.rps).padStart(6)} rps × ${r.simulatedSeconds} s${links}, ${fmt(r.visitsInFlight)} visits in flight: ${fmt(r.events).padStart(11)} events, ${fmt(r.wallMs).padStart(6)} ms, ${fmt(r.eventsPerSecond).padStart(10)} events/s (best ${fmt(r.bestPerSecond)}, worst ${fmt(r.worstPerSecond)}), ${r.microsecondsPerEvent} µs per event, ${r.wallMsPerSimulatedSecond} ms per simulated second`,
  );
}
if ("error" in frames) console.log(`frames: ${frames.error}`);
else {
  for (const f of frames) {
    console.log(
      `frames ${f.query.padEnd(32)} in flight ${f.inFlight.join("–").padStart(11)}: ${f.frames} frames, p50 ${f.p50} ms, p95 ${f.p95} ms, ${(f.over25 * 100).toFixed(1)}% over 25 ms${f.slowed ? ", clock slowed" : ""}`,
    );
  }
}
if ("error" in size) console.log(`build: ${size.error}`);
else
  console.log(
    `build: ${size.files} files, ${fmt(size.rawBytes)} bytes, ${fmt(size.gzipBytes)} bytes gzipped`,
  );
