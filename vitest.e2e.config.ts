import { defineConfig } from "vitest/config";

/** Browser tests: real Chromium against the production build in dist/. */
export default defineConfig({
  test: {
    include: ["tests/e2e/**/*.e2e.ts"],
    environment: "node",
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // One Chromium at a time: the machines have two cores.
    fileParallelism: false,
  },
});
