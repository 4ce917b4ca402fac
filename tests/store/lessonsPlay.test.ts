import { describe, expect, it } from "vitest";
import { LESSONS } from "../../src/lessons";
import { checkFact } from "../../src/lessons/facts";
import type { PredictStep } from "../../src/lessons/types";
import { createHopscopeStore } from "../../src/store/hopscopeStore";
import { createLessonStore, revealFor } from "../../src/store/lessons";
import { picks } from "../../src/store/progress";

/** A right pick and a wrong one for a prediction. */
function rightAndWrong(step: PredictStep): { right: string; wrong: string } {
  const all = picks(step);
  const q = step.question;
  const isRight = (p: string) => (q.type === "choice" ? q.answer === p : q.answer.includes(p));
  return { right: all.find(isRight) as string, wrong: all.find((p) => !isRight(p)) as string };
}

/**
 * Every lesson played to its end through the player, as a student would: each prediction
 * answered (all right in one pass, all wrong in the other), the step played to its end, the
 * reveal read; each challenge checked on its starting setup, where it is not yet met.
 */
describe.each(LESSONS.map((l) => [l.id, l] as const))(
  "lesson %s played to the end",
  (_, lesson) => {
    for (const answering of ["right", "wrong"] as const) {
      it(`answering every prediction ${answering}`, () => {
        const hopscope = createHopscopeStore({ seed: 1, wallClock: () => 0 });
        const lessons = createLessonStore(hopscope, { schedule: (fn) => fn() });
        const a = lessons.getState().actions;
        a.open(lesson.id, 0);
        for (let i = 0; i < lesson.steps.length; i++) {
          const step = lesson.steps[i];
          expect(lessons.getState().index).toBe(i);
          expect(hopscope.getState().scene.id).toBe(step?.setup.scene);
          if (step?.kind === "predict") {
            const pick = rightAndWrong(step)[answering];
            a.choose(pick);
            a.advance(); // commit: the step plays
            expect(lessons.getState().phase).toBe("watching");
            a.advance(); // skip to the watch's end
            expect(lessons.getState().phase).toBe("revealed");
            const sim = hopscope.getState().sim;
            expect(sim.now).toBe(step.watchMs);
            // What the reveal says holds in the run on screen, not only in a headless one.
            expect(step.facts.map((f) => checkFact(sim, f)).filter(Boolean)).toEqual([]);
            const reveal = revealFor(step, pick);
            expect(reveal.right).toBe(answering === "right");
            expect(reveal.text.length).toBeGreaterThan(20);
            expect(lessons.getState().progress.lessons[lesson.id]?.steps[step.id]).toMatchObject({
              pick,
              right: answering === "right",
              seen: true,
            });
          } else if (step?.kind === "challenge") {
            a.check();
            expect(lessons.getState().goal?.met).toBe(false);
            expect(lessons.getState().goal?.lines.length).toBeGreaterThan(0);
            expect(lessons.getState().phase).toBe("ask");
          } else if (lessons.getState().phase === "ask") {
            a.advance(); // a show step that plays: watch
            a.advance(); // to its end
            expect(lessons.getState().phase).toBe("revealed");
          }
          if (step?.kind !== "challenge")
            a.advance(); // next step
          else a.next();
        }
        expect(lessons.getState().index).toBe(lesson.steps.length - 1);
      }, 120_000);
    }
  },
);
