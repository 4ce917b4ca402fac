import { LESSONS } from ".";
import { validateLessons } from "./validate";

/** Every lesson's problems (empty when all are sound): what the build checks (build/lessons.ts). */
export function lessonProblems(): string[] {
  return validateLessons(LESSONS);
}
