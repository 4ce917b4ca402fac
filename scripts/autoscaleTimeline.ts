// The autoscale-surge scene's timeline, for the lesson's note: npx tsx scripts/autoscaleTimeline.ts [seed]
import { OUTCOMES } from "../src/engine";
import { architectureOf } from "../src/scenes/architectures";
import { sceneById } from "../src/scenes/catalog";
import { runOpening, setupOfScene, startSetup } from "../src/store/setup";

const seed = Number(process.argv[2] ?? 1);
const scene = sceneById("autoscale-surge");
if (!scene) throw new Error("no scene");
const { sim, opening, alsoVisit, calmMs, surge } = startSetup(
  architectureOf(scene).topology,
  setupOfScene(scene, seed),
);
runOpening(sim, opening, alsoVisit, calmMs, surge);
const failedAt: number[] = [];
let failedTotal = 0;
for (let t = 1000; t <= 600_000; t += 1000) {
  sim.advanceTo(t);
  const s = sim.trafficSample();
  if (s && s.at === t && s.failed > 0) {
    failedAt.push(t);
    failedTotal += s.failed;
  }
}
const sec = (ms: number) => `${(ms / 1000).toFixed(0)} s`;
console.log(
  `seed ${seed}: surge ×${surge?.factor} from ${sec(calmMs)} for ${sec(surge?.holdMs ?? 0)}, easing back over ${sec(surge?.easeMs ?? 0)}`,
);
console.log(
  `first failed visit in the second ending at ${sec(failedAt[0] ?? 0)}; last at ${sec(failedAt[failedAt.length - 1] ?? 0)}; ${failedTotal} visits failed in all`,
);
for (const e of sim.scaling.events())
  console.log(`${sec(e.at).padStart(6)}  ${e.kind.padEnd(8)} ${e.text}`);
const v = sim.scaling.view();
const s = sim.stats();
console.log(
  `cost after ${sec(sim.now)}: ${(v.costMs / 60_000).toFixed(1)} server-minutes (two servers all along would be ${((2 * sim.now) / 60_000).toFixed(1)})`,
);
console.log(
  `visits: ${s.visitsSent} sent, ${s.visitsInFlight} in flight; requests by outcome:`,
  Object.fromEntries(OUTCOMES.filter((o) => s.finished[o] > 0).map((o) => [o, s.finished[o]])),
);
