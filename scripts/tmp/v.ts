import { findSinglePointsOfFailure } from "../../src/engine";
import { distributedTopology } from "../../src/scenes/distributed";
import { haPairTopology } from "../../src/scenes/haPair";
for (const [n, t] of [["distributed", distributedTopology({ webServers: 2 })], ["ha-pair", haPairTopology({})]] as const) {
  const v = findSinglePointsOfFailure(t, { seed: 1, prepare: (s) => s.setTraffic(20) });
  console.log(n, v.map((x) => `${x.component}=${x.summary}${x.single ? "*" : ""}`).join("; "));
}
