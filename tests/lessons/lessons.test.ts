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
        // A step of minutes under hundreds of visits a second takes seconds on a busy machine.
        it(`${step.id}: the engine shows what the reveal says`, { timeout: 60_000 }, () => {
          const sim = playStep(step);
          const wrong = step.facts.map((f) => checkFact(sim, f)).filter(Boolean);
          expect(wrong).toEqual([]);
        });
      }
    });
  }
});

/**
 * The questions of the design (the project's brief): every one is named, word for word, by some
 * lesson's `questions`. The ninth is three issues, each named.
 */
const DESIGN_QUESTIONS: readonly (readonly string[])[] = [
  ["What is a server?"],
  ["What is the role of the domain name?"],
  ["What type of DNS record is www in www.foobar.com?"],
  ["What is the role of the web server?"],
  ["What is the role of the application server?"],
  ["What is the role of the code base?"],
  ["What is the role of the database?"],
  ["What is the server using to communicate with the computer of the user requesting the website?"],
  [
    "Issue of the one-server design: what is a single point of failure (SPOF)?",
    "Issue of the one-server design: why is there downtime when deploying new code?",
    "Issue of the one-server design: why can it not scale with too much traffic?",
  ],
];

/** The scenes of the fixes, each played by some lesson's step. */
const FIX_SCENES = [
  "distributed",
  "server-failover",
  "tcp-check-trap",
  "lb-spof",
  "ha-pair",
  "db-failover",
  "rolling-deploy",
  "blue-green",
  "bad-canary",
  "scale-out",
  "db-bottleneck",
  "read-replicas",
  "autoscale-surge",
];

describe("the course", () => {
  const named = new Set(LESSONS.flatMap((l) => l.questions));
  DESIGN_QUESTIONS.forEach((asks, i) => {
    it(`answers the design's question ${i + 1}`, () => {
      expect(asks.filter((q) => !named.has(q))).toEqual([]);
    });
  });

  it("plays every fix's scene", () => {
    const played = new Set(LESSONS.flatMap((l) => l.steps.map((s) => s.setup.scene)));
    expect(FIX_SCENES.filter((s) => !played.has(s))).toEqual([]);
  });

  it("has at least 11 lessons", () => {
    expect(LESSONS.length).toBeGreaterThanOrEqual(11);
  });
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
