// @vitest-environment jsdom
import { act, cleanup, render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it } from "vitest";
import { LESSONS } from "../../src/lessons";
import { LessonPlayer } from "../../src/panels/Lesson";
import { LessonPicker } from "../../src/panels/LessonPicker";
import { createHopscopeStore, HopscopeProvider } from "../../src/store";
import { LessonProvider } from "../../src/store/lessonContext";
import { createLessonStore } from "../../src/store/lessons";

afterEach(cleanup);

function setup() {
  const hopscope = createHopscopeStore({ seed: 1, wallClock: () => 0 });
  const lessons = createLessonStore(hopscope, { schedule: (fn) => fn() });
  render(
    <HopscopeProvider store={hopscope}>
      <LessonProvider store={lessons}>
        <LessonPlayer />
      </LessonProvider>
    </HopscopeProvider>,
  );
  return { hopscope, lessons, user: userEvent.setup() };
}

/** Ticks the clock until the lesson has revealed (the watch ended). */
function watch(s: ReturnType<typeof setup>) {
  act(() => {
    for (let i = 0; i < 5_000 && s.lessons.getState().phase === "watching"; i++)
      s.hopscope.getState().actions.tick(50);
  });
}

describe("the lesson player", () => {
  it("asks with real radio buttons, plays on the commit and reveals what the answer meant", async () => {
    const s = setup();
    act(() => s.lessons.getState().actions.open("when-parts-fail", 0));
    const region = screen.getByRole("region", { name: "Lesson: When one part fails" });
    expect(within(region).getByText("Step 1 of 5")).toBeTruthy();
    const go = within(region).getByRole("button", { name: "Lock in my prediction and watch" });
    expect(go.getAttribute("aria-disabled")).toBe("true");
    await s.user.click(
      within(region).getByRole("radio", { name: "D. The page, just without its pictures" }),
    );
    expect(go.getAttribute("aria-disabled")).toBe("false");
    await s.user.click(go);
    expect(within(region).getByRole("status").textContent).toBe(
      "Playing the step: watch the diagram.",
    );
    expect(within(region).getByText(/^Watching… 0\.0 s of 2\.0 s/)).toBeTruthy();
    watch(s);
    const verdict = within(region).getByRole("status");
    expect(verdict.textContent).toMatch(
      /^Not quite\. You predicted D\. The page, just without its pictures; the answer: C\. A 500 error page\./,
    );
    expect(verdict.textContent).toMatch(/The pictures and the stylesheet are static files/);
    expect(verdict.textContent).toMatch(/The browser shows: 500 Internal Server Error/);
    await s.user.click(within(region).getByRole("button", { name: "Next step" }));
    expect(within(region).getByText("Step 2 of 5")).toBeTruthy();
    expect(
      within(region).getByRole("radio", { name: "B. 502 Bad Gateway, from Nginx" }),
    ).toBeTruthy();
  });

  it("offers a component question as a list too, and says Right for a right pick", async () => {
    const s = setup();
    const lesson = LESSONS.find((l) => l.id === "when-parts-fail");
    const i =
      lesson?.steps.findIndex((x) => x.kind === "predict" && x.question.type === "component") ?? -1;
    act(() => s.lessons.getState().actions.open("when-parts-fail", i));
    const region = screen.getByRole("region", { name: /^Lesson:/ });
    expect(within(region).getByText("Click it on the diagram, or choose it here:")).toBeTruthy();
    await s.user.click(within(region).getByRole("radio", { name: "DNS resolver" }));
    await s.user.click(
      within(region).getByRole("button", { name: "Lock in my prediction and watch" }),
    );
    // A long watch (the browser gives up after about 2 minutes): skipped to its end.
    await s.user.click(within(region).getByRole("button", { name: "Skip to the end" }));
    expect(s.hopscope.getState().sim.now).toBe(s.lessons.getState().lesson?.steps[i]?.watchMs);
    expect(within(region).getByRole("status").textContent).toMatch(/^Right\./);
  });

  it("in class mode counts hands, hides the answer after watching, then reveals it with the tally", async () => {
    const s = setup();
    act(() => s.lessons.getState().actions.open("when-parts-fail", 0));
    const region = screen.getByRole("region", { name: /^Lesson:/ });
    await s.user.click(within(region).getByRole("button", { name: "Class mode" }));
    await s.user.type(
      within(region).getByRole("spinbutton", { name: "Hands for A. A blank page" }),
      "7",
    );
    await s.user.type(
      within(region).getByRole("spinbutton", { name: "Hands for C. A 500 error page" }),
      "3",
    );
    await s.user.click(within(region).getByRole("button", { name: "Play it for the class" }));
    watch(s);
    expect(within(region).queryByText(/The answer:/)).toBeNull();
    expect(within(region).getByRole("list", { name: "Show of hands" }).textContent).toMatch(
      /7 \(70 %\)/,
    );
    await s.user.click(within(region).getByRole("button", { name: "Reveal the answer" }));
    expect(within(region).getByText(/The answer: C\. A 500 error page\./)).toBeTruthy();
    expect(within(region).getByRole("list", { name: "Show of hands" }).textContent).toMatch(
      /✓ C\. A 500 error page \(right\)3 \(30 %\)/,
    );
  });
});

describe("the list of lessons", () => {
  it("opens a lesson and refuses a bad progress file with a notice", async () => {
    const hopscope = createHopscopeStore({ seed: 1, wallClock: () => 0 });
    const lessons = createLessonStore(hopscope);
    let closed = 0;
    render(
      <HopscopeProvider store={hopscope}>
        <LessonProvider store={lessons}>
          <LessonPicker onClose={() => closed++} />
        </LessonProvider>
      </HopscopeProvider>,
    );
    const dialog = screen.getByRole("dialog", { name: "Lessons" });
    const buttons = within(dialog).getAllByRole("button", { name: /Not started$/ });
    expect(buttons).toHaveLength(LESSONS.length);
    expect(document.activeElement).toBe(buttons[0]);
    const open = within(dialog).getByRole("button", { name: /^When one part fails/ });
    const user = userEvent.setup();
    const file = new File(["not json"], "p.json", { type: "application/json" });
    await user.upload(within(dialog).getByLabelText("Progress file to import"), file);
    await act(async () => {});
    expect(
      hopscope
        .getState()
        .notices.map((n) => n.text)
        .join(" "),
    ).toMatch(/Progress not imported/);
    await user.click(open);
    expect(lessons.getState().lesson?.id).toBe("when-parts-fail");
    expect(closed).toBe(1);
  });
});
