import { describe, expect, it } from "vitest";
import { LESSONS } from "../../src/lessons";
import { checkFact } from "../../src/lessons/facts";
import type { Lesson, PredictStep } from "../../src/lessons/types";
import { createHopscopeStore, type HopscopeStore } from "../../src/store/hopscopeStore";
import { createLessonStore, revealFor, slowerSpeed } from "../../src/store/lessons";
import { PROGRESS_KEY } from "../../src/store/progress";

function memoryStorage() {
  const data = new Map<string, string>();
  return {
    data,
    getItem: (k: string) => data.get(k) ?? null,
    setItem: (k: string, v: string) => void data.set(k, v),
  };
}

function stores(storage = memoryStorage()) {
  const hopscope = createHopscopeStore({ seed: 1, wallClock: () => 0 });
  const lessons = createLessonStore(hopscope, { storage, schedule: (fn) => fn() });
  return { hopscope, lessons, storage };
}

/** Plays the clock in frames of `ms` real time until the lesson's watch has ended. */
function watch(hopscope: HopscopeStore, lessons: ReturnType<typeof stores>["lessons"]) {
  for (let i = 0; i < 20_000 && lessons.getState().phase === "watching"; i++)
    hopscope.getState().actions.tick(50);
}

const lesson = LESSONS.find((l) => l.id === "when-parts-fail") as Lesson;

describe("the lesson player", () => {
  it("asks, plays on commit, stops exactly at the watch's end and reveals the answer's reveal", () => {
    const { hopscope, lessons } = stores();
    lessons.getState().actions.open(lesson.id, 0);
    const step = lesson.steps[0] as PredictStep;
    expect(hopscope.getState().scene.id).toBe(step.setup.scene);
    expect(lessons.getState().phase).toBe("ask");
    expect(hopscope.getState().playing).toBe(false);
    // Nothing plays before the prediction is committed.
    lessons.getState().actions.commit();
    expect(lessons.getState().phase).toBe("ask");
    lessons.getState().actions.choose("a");
    lessons.getState().actions.commit();
    expect(lessons.getState().phase).toBe("watching");
    expect(hopscope.getState().playing).toBe(true);
    watch(hopscope, lessons);
    expect(lessons.getState().phase).toBe("revealed");
    expect(hopscope.getState().playing).toBe(false);
    expect(hopscope.getState().sim.now).toBe(step.watchMs);
    for (const f of step.facts) expect(checkFact(hopscope.getState().sim, f)).toBeUndefined();
    const reveal = revealFor(step, "a");
    expect(reveal.right).toBe(false);
    expect(lessons.getState().progress.lessons[lesson.id]?.steps[step.id]).toMatchObject({
      pick: "a",
      right: false,
      seen: true,
    });
  });

  it("watches again one speed slower, and the clicker's next walks ask → watch → reveal → next step", () => {
    const { hopscope, lessons } = stores();
    const a = lessons.getState().actions;
    a.open(lesson.id, 0);
    a.setTeacher(true);
    a.advance(); // the class has shown hands: play
    expect(lessons.getState().phase).toBe("watching");
    a.advance(); // the teacher skips to the end of the watch
    expect(lessons.getState().phase).toBe("revealed");
    expect(hopscope.getState().sim.now).toBe(lesson.steps[0]?.watchMs);
    expect(lessons.getState().answerShown).toBe(false);
    const speed = hopscope.getState().speed;
    a.watchAgain();
    expect(hopscope.getState().speed).toBe(slowerSpeed(speed));
    expect(hopscope.getState().sim.now).toBe(0);
    watch(hopscope, lessons);
    a.advance(); // reveal the answer
    expect(lessons.getState().answerShown).toBe(true);
    a.advance(); // next step
    expect(lessons.getState().index).toBe(1);
    expect(hopscope.getState().scene.id).toBe(lesson.steps[1]?.setup.scene);
  });

  it("keeps progress in storage, exports it and refuses a bad file without changing anything", () => {
    const { lessons, storage, hopscope } = stores();
    const a = lessons.getState().actions;
    a.open(lesson.id, 0);
    a.choose("c");
    a.setReason("  the code needs its data  ");
    a.commit();
    const saved = JSON.parse(storage.data.get(PROGRESS_KEY) ?? "{}");
    expect(saved.lessons[lesson.id].steps["mysql-down"]).toMatchObject({
      pick: "c",
      right: true,
      reason: "the code needs its data",
    });
    const file = a.exportProgress();
    // A second browser: empty, then imports the file.
    const other = stores();
    expect(other.lessons.getState().progress.lessons).toEqual({});
    expect(other.lessons.getState().actions.importProgress(file)).toBe(true);
    expect(other.lessons.getState().progress).toEqual(lessons.getState().progress);
    const before = lessons.getState().progress;
    expect(a.importProgress("{not json")).toBe(false);
    expect(a.importProgress(JSON.stringify({ version: 2, lessons: {} }))).toBe(false);
    expect(lessons.getState().progress).toBe(before);
    expect(
      hopscope
        .getState()
        .notices.map((n) => n.text)
        .join(" "),
    ).toMatch(/Progress not imported: .*Your progress is unchanged/);
    // Reopened in the same browser: the lesson starts where it was left.
    const again = stores(storage);
    again.lessons.getState().actions.open(lesson.id);
    expect(again.lessons.getState().index).toBe(0);
  });

  it("refuses an unknown lesson or step with a notice and leaves the page as it was", () => {
    const { lessons, hopscope } = stores();
    const scene = hopscope.getState().scene.id;
    lessons.getState().actions.open("nope");
    expect(lessons.getState().lesson).toBeUndefined();
    expect(hopscope.getState().scene.id).toBe(scene);
    lessons.getState().actions.open(lesson.id, 0);
    lessons.getState().actions.goTo(99);
    expect(lessons.getState().index).toBe(0);
    expect(
      hopscope
        .getState()
        .notices.map((n) => n.text)
        .join(" "),
    ).toMatch(/no step 100/);
  });

  it("takes a component clicked on the diagram as the pick of a component question", () => {
    const { lessons, hopscope } = stores();
    const i = lesson.steps.findIndex(
      (s) => s.kind === "predict" && s.question.type === "component",
    );
    lessons.getState().actions.open(lesson.id, i);
    hopscope.getState().actions.select("mysql");
    expect(lessons.getState().pick).toBe("mysql");
    hopscope.getState().actions.select("browser"); // not offered: ignored
    expect(lessons.getState().pick).toBe("mysql");
  });
});

describe("class mode turned on after a reveal", () => {
  it("keeps the answer shown on that step; the next step waits for the hands again", () => {
    const hopscope = createHopscopeStore({ seed: 1, wallClock: () => 0 });
    const lessons = createLessonStore(hopscope, { schedule: (fn) => fn() });
    const a = lessons.getState().actions;
    a.open(lesson.id, 0);
    a.choose("c");
    a.commit();
    a.endWatch(true);
    a.setTeacher(true);
    expect(lessons.getState().answerShown).toBe(true);
    a.advance(); // next step
    a.advance(); // play
    a.advance(); // to the end: hidden until revealed
    expect(lessons.getState().phase).toBe("revealed");
    expect(lessons.getState().answerShown).toBe(false);
  });
});
