// The engine part of `npm run soak`, in a process of its own started with --expose-gc:
//   node --expose-gc bench/soak-engine.mjs [--hours 1] [--json]
// Runs the bundled engine (bench/.build/engine.js, built by the soak) for simulated hours and
// records the heap after a full garbage collection at regular points, for each scenario.
import { createSimulation, oneServerTopology } from "./.build/engine.js";

const args = process.argv.slice(2);
const json = args.includes("--json");
const hoursArg = args.indexOf("--hours");
const hours = hoursArg >= 0 ? Number(args[hoursArg + 1]) : 1;
if (typeof global.gc !== "function") throw new Error("SOAK_NO_GC: run with node --expose-gc");

const HOUR = 3_600_000;
const MB = 1024 * 1024;

/** Heap in use after a full collection (MB). */
function heapMB() {
  global.gc();
  global.gc();
  return process.memoryUsage().heapUsed / MB;
}

/** Faults that come and go: MySQL dies and returns, the app is slow, a deploy, Nginx restarts. */
function cycleFaults(sim, minute) {
  switch (minute % 10) {
    case 1:
      sim.kill("mysql");
      break;
    case 2:
      sim.revive("mysql");
      break;
    case 3:
      sim.setSlow("app", true);
      break;
    case 4:
      sim.setSlow("app", false);
      break;
    case 5:
      sim.deploy(undefined, { mode: minute % 20 === 5 ? "restart" : "reload" });
      break;
    case 7:
      sim.kill("nginx");
      break;
    case 8:
      sim.revive("nginx");
      break;
    default:
  }
}

/**
 * One scenario: `setup` starts it, then simulated time runs in 100 ms slices for `hours`,
 * with the faults cycling every simulated minute when `faults` is on; the heap is read
 * every `sampleMs` of simulated time.
 */
function scenario(name, { rps = 0, repeatMs, faults = false }) {
  const sim = createSimulation({ topology: oneServerTopology, seed: 7 });
  if (rps > 0) sim.setTraffic(rps);
  if (repeatMs) sim.setRepeatVisits(repeatMs);
  const end = hours * HOUR;
  const sampleMs = end / 12;
  const samples = [];
  const started = performance.now();
  let minute = 0;
  for (let t = 100; t <= end; t += 100) {
    sim.advanceTo(t);
    if (faults && t >= (minute + 1) * 60_000) cycleFaults(sim, ++minute);
    if (t % sampleMs === 0)
      samples.push({
        simulatedMinutes: t / 60_000,
        heapMB: Math.round(heapMB() * 10) / 10,
        visits: sim.stats().visitsSent,
        inFlight: sim.stats().visitsInFlight,
        traceKept: sim.trace.length,
      });
  }
  return {
    name,
    hours,
    wallSeconds: Math.round((performance.now() - started) / 100) / 10,
    samples,
    ...verdict(samples),
  };
}

/**
 * Flat or growing: the largest heap of the last third against the largest of the second
 * third (the first third is warm-up). Growth of more than 10% and 4 MB fails.
 */
function verdict(samples) {
  const third = Math.floor(samples.length / 3);
  const middle = Math.max(...samples.slice(third, 2 * third).map((s) => s.heapMB));
  const last = Math.max(...samples.slice(2 * third).map((s) => s.heapMB));
  const growthMB = Math.round((last - middle) * 10) / 10;
  return { growthMB, flat: !(growthMB > 4 && last > middle * 1.1) };
}

const results = [
  scenario("500 visits/s, faults cycling", { rps: 500, faults: true }),
  scenario("2,000 visits/s, faults cycling", { rps: 2_000, faults: true }),
  scenario("Every second (one traced visit each simulated second)", { repeatMs: 1_000 }),
  // Every 50 ms is the most one browser keeps up with (6 connections): at every 10 ms its own
  // queue grows by about 5,000 visits a minute, and memory with it, as a real one's would.
  scenario("Every 50 ms (twenty traced visits each simulated second)", { repeatMs: 50 }),
];

if (json) console.log(JSON.stringify(results));
else
  for (const r of results)
    console.log(
      `${r.name}: ${r.hours} h simulated in ${r.wallSeconds} s; heap ${r.samples.map((s) => s.heapMB).join(" → ")} MB; growth ${r.growthMB} MB: ${r.flat ? "flat" : "GROWING"}`,
    );
