// Profiles the bundled engine (run `npm run bench` first to build bench/.build/engine.js):
//   node --cpu-prof --cpu-prof-dir=/tmp/prof bench/profile.mjs
import { createSimulation, oneServerTopology } from "./.build/engine.js";

const sim = createSimulation({ topology: oneServerTopology, seed: 1 });
sim.setTraffic(2000);
const start = performance.now();
for (let t = 100; t <= 30_000; t += 100) sim.advanceTo(t);
console.log(`${sim.eventsProcessed} events in ${Math.round(performance.now() - start)} ms`);
