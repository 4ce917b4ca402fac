import react from "@vitejs/plugin-react";
import { viteSingleFile } from "vite-plugin-singlefile";
import { defineConfig } from "vitest/config";
import { strictCsp } from "./build/csp";
import { lessonCheck } from "./build/lessons";

export default defineConfig({
  // One self-contained dist/index.html: it opens from disk (file:// blocks
  // module scripts loaded from other files), from any sub-path and in an iframe.
  // strictCsp() then hashes the inlined script and style into a CSP meta tag:
  // it must come after viteSingleFile(), and it leaves the dev server alone. lessonCheck()
  // fails the build on an unsound lesson.
  plugins: [lessonCheck(), react(), viteSingleFile(), strictCsp()],
  base: "./",
  build: { target: "es2022" },
  test: {
    include: [
      "tests/{engine,store,canvas,panels,app,compare,inspector,lessons}/**/*.test.{ts,tsx}",
    ],
    environment: "node",
    setupFiles: ["tests/setup.ts"],
    restoreMocks: true,
    pool: "threads",
    // Not a speed check: the machines are shared (two cores), and a busy one can take
    // several seconds over a test that takes one when it is quiet.
    testTimeout: 20_000,
  },
});
