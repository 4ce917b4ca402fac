// Time travel's costs, in a process of its own (part of `npm run bench`):
//   node --expose-gc --import tsx bench/timeTravel.ts [--json] [--rps=2000] [--seconds=600]
// A run of the one-server stack played frame by frame through the store, as the page plays it
// (16 ms frames at 1×), for SECONDS of simulated time at RPS visits per second, with keyframes
// (time travel on) and without (off): events per second of the whole play, and the heap the
// keyframes hold. Then, on the run with keyframes, seeks to moments spread over the whole run
// and Step back from moments spread over it, timed.
import { sceneById } from "../src/scenes/catalog";
import { createHopscopeStore, type HopscopeStore } from "../src/store/hopscopeStore";
import { setupOfScene } from "../src/store/setup";

const json = process.argv.includes("--json");
const arg = (name: string, fallback: number) =>
  Number(process.argv.find((a) => a.startsWith(`--${name}=`))?.split("=")[1] ?? fallback);
const RPS = arg("rps", 2_000);
const SECONDS = arg("seconds", 600);
const gc = (globalThis as { gc?: () => void }).gc ?? (() => {});
const heapMB = () => {
  gc();
  gc();
  return process.memoryUsage().heapUsed / 1e6;
};

function playFor(
  seconds: number,
  timeTravel: boolean,
): { store: HopscopeStore; wallMs: number; eventsPerSecond: number } {
  const scene = sceneById("first-visit");
  if (!scene) throw new Error("scene");
  const store = createHopscopeStore({
    seed: 1,
    setup: { ...setupOfScene(scene, 1), speed: "1" },
    timeTravel,
  });
  const { actions } = store.getState();
  actions.setRps(RPS);
  const started = performance.now();
  while (store.getState().sim.now < seconds * 1000) actions.tick(16);
  const wallMs = performance.now() - started;
  const events = store.getState().sim.eventsProcessed;
  return { store, wallMs, eventsPerSecond: events / (wallMs / 1000) };
}

const quantile = (xs: number[], q: number) => {
  const s = xs.slice().sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? Number.NaN;
};

// A short run first, so that neither measured run pays for the JIT's warming up; then off and
// on twice, alternating (the order alone moved the figures by 10 % in one run), and the mean.
playFor(Math.min(20, SECONDS), false);
const runs: { on: boolean; eventsPerSecond: number; heapMB: number; store?: HopscopeStore }[] = [];
for (const on of [false, true, false, true]) {
  const base = heapMB();
  const r = playFor(SECONDS, on);
  r.store.getState().actions.pause();
  // The heap the whole store holds (its simulation, and its keyframes when on).
  const held = heapMB() - base;
  runs.push({ on, eventsPerSecond: r.eventsPerSecond, heapMB: held, store: r.store });
  if (runs.length < 4) (runs[runs.length - 1] as { store?: HopscopeStore }).store = undefined;
}
const mean = (on: boolean) => {
  const xs = runs.filter((r) => r.on === on).map((r) => r.eventsPerSecond);
  return xs.reduce((a, b) => a + b, 0) / xs.length;
};
const offEvents = mean(false);
const onEvents = mean(true);
// The first run's: a later base may still count an earlier store (its finder's timer holds it).
const offHeap = runs[0]?.heapMB ?? 0;
const onHeap = runs[3]?.heapMB ?? 0;
const store = runs[3]?.store;
if (!store) throw new Error("no run with keyframes");
const { actions } = store.getState();
const { keyframes, keyframeObjects } = store.getState().history;

const seeks: number[] = [];
for (let i = 0; i < 40; i++) {
  // Spread over the run, in an order that goes back and forth.
  const to = (((i * 7919) % 40) / 40) * SECONDS * 1000 + 1234;
  const t0 = performance.now();
  actions.seek(to);
  seeks.push(performance.now() - t0);
}
const stepBacks: number[] = [];
for (let i = 0; i < 20; i++) {
  actions.seek((((i * 13) % 20) / 20) * SECONDS * 1000 + 777);
  const t0 = performance.now();
  actions.stepBack();
  stepBacks.push(performance.now() - t0);
}

const result = {
  rps: RPS,
  simulatedSeconds: SECONDS,
  eventsPerSecondOff: Math.round(offEvents),
  eventsPerSecondOn: Math.round(onEvents),
  slowerBy: 1 - onEvents / offEvents,
  heapMBOff: +offHeap.toFixed(1),
  heapMBOn: +onHeap.toFixed(1),
  keyframeMB: +(onHeap - offHeap).toFixed(1),
  keyframes,
  keyframeObjects,
  seekMs: { p50: quantile(seeks, 0.5), p95: quantile(seeks, 0.95), max: Math.max(...seeks) },
  stepBackMs: {
    p50: quantile(stepBacks, 0.5),
    p95: quantile(stepBacks, 0.95),
    max: Math.max(...stepBacks),
  },
};
if (json) console.log(JSON.stringify(result));
else console.log(result);
