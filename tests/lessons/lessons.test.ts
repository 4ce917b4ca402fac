import { describe, expect, it } from "vitest";
import { LESSONS } from "../../src/lessons";
import { checkFact } from "../../src/lessons/facts";
import { playStep } from "../../src/lessons/run";
import { validateLesson, validateLessons } from "../../src/lessons/validate";

describe("every lesson", () => {
  it("validates, and no two share an id", () => {
    expect(validateLessons(LESSONS)).toEqual([]);
  });
  for (const lesson of LESSONS) {
    describe(lesson.id, () => {
      for (const step of lesson.steps) {
        if (step.kind !== "predict") continue;
        it(`${step.id}: the engine shows what the reveal says`, () => {
          const sim = playStep(step);
          const wrong = step.facts.map((f) => checkFact(sim, f)).filter(Boolean);
          expect(wrong).toEqual([]);
        });
      }
    });
  }
});

describe("the validator", () => {
  const base = LESSONS[0];
  const first = base?.steps[0];
  if (!base || !first) throw new Error("no lesson");
  it("names what is wrong", () => {
    const broken = {
      ...base,
      id: "Bad Id",
      steps: [...base.steps, { ...first, setup: { scene: "nope" } }],
    } as typeof base;
    const problems = validateLesson(broken);
    expect(problems).toContain("Bad Id: id: must be lowercase words joined by -");
    expect(problems.some((p) => p.includes("repeats an earlier step"))).toBe(true);
    expect(problems.some((p) => p.includes('scene "nope" does not exist'))).toBe(true);
  });
});
