/**
 * The search behind the surge-p95-cheap goal's CHEAPEST_COST_MS (src/lessons/goals/surgeP95Cheap.ts):
 * runs the goal's own measurement on every setup a student can build in the scaling panel before
 * the surge (servers added by hand; autoscaling off, or on with a target CPU, a minimum and a
 * scale-in cooldown; the boot time) and prints the cheapest with p95 under 1 s.
 *
 *   npx tsx scripts/surgeSearch.ts            all 882 setups (about 15 minutes of CPU)
 *   npx tsx scripts/surgeSearch.ts 0/2 1/2    one half each, for two cores
 */
import { measureSurge, P95_LIMIT_MS } from "../src/lessons/goals/surgeP95Cheap";
import { sceneById } from "../src/scenes/catalog";
import type { Moment } from "../src/store/acts";
import { setupOfScene } from "../src/store/setup";

const scene = sceneById("surge-on-budget");
if (!scene) throw new Error("no surge-on-budget scene");
const setup = setupOfScene(scene, 1);
/** The student sets things up paused at 0, then watches the calm: Check at 100 s. */
const CHECK_AT_MS = 100_000;

interface Candidate {
  name: string;
  moments: Moment[];
}

function candidates(): Candidate[] {
  const list: Candidate[] = [];
  for (const bootMs of [60_000, 1_000])
    for (let added = 0; added <= 8; added++) {
      const adds: Moment[] = Array.from({ length: added }, () => ({
        at: 0,
        act: { op: "addServer" },
      }));
      const boot: Moment[] =
        bootMs === 60_000 ? [] : [{ at: 0, act: { op: "bootTime", ms: bootMs } }];
      list.push({
        name: `+${added} boot ${bootMs / 1000} s, autoscaling off`,
        moments: [...boot, { at: 0, act: { op: "autoscaling", on: false } }, ...adds],
      });
      for (const targetCpu of [10, 20, 40, 60, 80, 100])
        for (const min of [1, 2, 3, 4])
          for (const scaleInCooldownMs of [0, 60_000])
            list.push({
              name: `+${added} boot ${bootMs / 1000} s, autoscaling ${targetCpu} % min ${min} in-cooldown ${scaleInCooldownMs / 1000} s`,
              moments: [
                ...boot,
                { at: 0, act: { op: "policy", change: { targetCpu, min, scaleInCooldownMs } } },
                ...adds,
              ],
            });
    }
  return list;
}

const shards = process.argv.slice(2).map((a) => a.split("/").map(Number) as [number, number]);
const all = candidates();
const mine = shards.length === 0 ? all : all.filter((_, i) => shards.some(([k, n]) => i % n === k));
const results = mine.map((c) => {
  const m = measureSurge({
    setup,
    moments: c.moments,
    now: CHECK_AT_MS,
    deploy: { deployStrategy: "rolling", deployRelease: "good", mode: "restart" },
  });
  return { ...c, m };
});
const fast = results
  .filter((r) => r.m.p95Ms < P95_LIMIT_MS)
  .sort((a, b) => a.m.costMs - b.m.costMs);
for (const r of results)
  console.log(
    `${r.name}: p95 ${Number.isFinite(r.m.p95Ms) ? Math.round(r.m.p95Ms) : "∞"} ms, cost ${r.m.costMs / 1000} server-s, ${r.m.inServiceAtStart} in service, ${r.m.launched} launched`,
  );
console.log(`\n${results.length} setups; the cheapest with p95 under ${P95_LIMIT_MS} ms:`);
for (const r of fast.slice(0, 10))
  console.log(`  ${r.m.costMs / 1000} server-s, p95 ${Math.round(r.m.p95Ms)} ms: ${r.name}`);
