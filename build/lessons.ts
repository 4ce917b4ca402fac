import { fileURLToPath } from "node:url";
import { type Plugin, runnerImport } from "vite";

/**
 * Fails the build when a lesson is unsound (a scene that does not exist, an answer that is not
 * a choice, a prediction without facts…): lessons are data, and the types cannot say it all.
 * Whether each reveal is true is checked by running the engine, in the tests (tests/lessons).
 * The lessons are loaded through Vite's module runner when the build starts, not bundled into
 * this config.
 */
export function lessonCheck(): Plugin {
  return {
    name: "hopscope-lesson-check",
    apply: "build",
    async buildStart() {
      const file = fileURLToPath(new URL("../src/lessons/check.ts", import.meta.url));
      const { module } = await runnerImport<typeof import("../src/lessons/check")>(file);
      const problems = module.lessonProblems();
      if (problems.length > 0) this.error(`Lessons are not sound:\n  ${problems.join("\n  ")}`);
    },
  };
}
