// What the benchmark bundles: the engine and the one-server scene, nothing else.
export { createSimulation } from "../src/engine";
export { oneServerTopology } from "../src/scenes/oneServer";
