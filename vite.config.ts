import react from "@vitejs/plugin-react";
import { defineConfig } from "vitest/config";

export default defineConfig({
  plugins: [react()],
  // Relative asset URLs so the build works under any sub-path.
  base: "./",
  build: { target: "es2022" },
  test: {
    include: ["tests/{engine,store,canvas,panels,app}/**/*.test.{ts,tsx}"],
    environment: "node",
    setupFiles: ["tests/setup.ts"],
    restoreMocks: true,
    pool: "threads",
  },
});
