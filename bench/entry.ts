// What the benchmark bundles: the engine and the one-server scene, and the typed-array
// event loop that bench/speed.mjs runs beside the engine as a floor.
export { createSimulation } from "../src/engine";
export { distributedTopology } from "../src/scenes/distributed";
export { oneServerTopology } from "../src/scenes/oneServer";
export { SURGE_POLICY, scalingTopology } from "../src/scenes/scalingScenes";
export { createFloorLoop } from "./floorLoop";
