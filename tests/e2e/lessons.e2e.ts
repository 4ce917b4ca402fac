import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { ARTIFACTS, deckSite, startApp } from "./fixture";
import { measureLegibility } from "./legibility";

const app = startApp();

/** The lesson band on the page (or in a frame). */
const band = (page: Page) => page.getByRole("region", { name: /^Lesson: / });

describe("a lesson in the full app, by keyboard", () => {
  it("plays When one part fails from the list to its end: predict, watch, reveal, next", async () => {
    const { page, errors } = await app.open("?scene=one-server", {
      viewport: { width: 1280, height: 720 },
    });
    // L opens the list of lessons; the first lesson has the focus; Tab to the third.
    await page.keyboard.press("l");
    const dialog = page.getByRole("dialog", { name: "Lessons" });
    await dialog.waitFor();
    expect(
      await dialog.getByRole("button", { name: /Not started$/ }).count(),
    ).toBeGreaterThanOrEqual(10);
    await page.keyboard.press("Tab");
    await page.keyboard.press("Tab");
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.textContent ?? ""))
      .toMatch(/^When one part fails/);
    await page.keyboard.press("Enter");
    await band(page).waitFor();
    expect(await band(page).getByText("Step 1 of 5").isVisible()).toBe(true);
    // The first step: the radio group by keyboard, then the commit with Enter.
    const steps = 5;
    for (let step = 1; step <= steps; step++) {
      const radios = band(page).getByRole("radio");
      await radios.first().focus();
      // A wrong answer on odd steps, the first choice; on even ones the arrow moves to the next.
      if (step % 2 === 0) await page.keyboard.press("ArrowDown");
      await page.keyboard.press("Space");
      const go = band(page).getByRole("button", { name: "Lock in my prediction and watch" });
      await go.focus();
      await page.keyboard.press("Enter");
      // It plays: the band is one row, then the reveal comes by itself or with Skip.
      const skip = band(page).getByRole("button", { name: "Skip to the end" });
      await skip.waitFor();
      await skip.focus();
      await page.keyboard.press("Enter");
      const verdict = band(page)
        .getByRole("status")
        .filter({ hasText: /^(Right|Not quite)\./ });
      await verdict.waitFor();
      expect(await verdict.textContent()).toMatch(/\.\s*\S/);
      const next = band(page).getByRole("button", {
        name: step < steps ? "Next step" : "Finish the lesson",
      });
      await next.focus();
      await page.keyboard.press("Enter");
      if (step < steps)
        await band(page)
          .getByText(`Step ${step + 1} of ${steps}`)
          .waitFor();
    }
    await band(page).waitFor({ state: "detached" });
    // Progress is kept: the list says the lesson is done, after a reload too.
    await page.reload();
    await page.getByRole("button", { name: /^Lessons/ }).waitFor();
    await page.keyboard.press("l");
    expect(
      await page
        .getByRole("dialog", { name: "Lessons" })
        .getByRole("button", { name: /^When one part fails/ })
        .textContent(),
    ).toMatch(/Done$/);
    expect(errors).toEqual([]);
    await page.close();
  }, 240_000);

  it("opens at a step from a link; a bad step is refused with a notice and step 1 opens", async () => {
    const { page } = await app.open("?lesson=when-parts-fail&step=3", {
      viewport: { width: 1024, height: 768 },
    });
    expect(await band(page).getByText("Step 3 of 5").isVisible()).toBe(true);
    await page.goto(page.url().replace("step=3", "step=42"));
    await band(page).getByText("Step 1 of 5").waitFor();
    await page.getByText(/Ignored step=“42”: “When one part fails” has steps 1 to 5\./).waitFor();
    await page.close();
  });
});

/** A slide deck around Hopscope: it keeps the frame's messages, and can post to it. */
const PARENT_HTML = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><link rel="icon" href="data:,"><title>A lesson in a slide</title></head>
<body style="margin:0">
<script>
  window.events = [];
  window.addEventListener("message", (e) => {
    const frame = document.getElementById("hopscope");
    if (frame && e.source === frame.contentWindow) window.events.push(e.data);
  });
  window.send = (message) =>
    document.getElementById("hopscope").contentWindow.postMessage(message, "*");
</script>
<iframe id="hopscope" title="Hopscope" width="1280" height="720"
  src="hopscope/index.html?embed=1&lesson=when-parts-fail&step=1"></iframe>
</body>
</html>
`;

describe("a lesson in an embed, driven by a clicker", () => {
  const site = deckSite(PARENT_HTML);

  type LessonEvent = { type: string; lesson: string | null; step: number; phase: string };
  const lessonEvents = (page: Page) =>
    page.evaluate(() =>
      (window as unknown as { events: LessonEvent[] }).events.filter(
        (e) => e.type === "hopscope:lessonStep",
      ),
    );

  it("PageDown plays, reveals and moves on in class mode; PageUp goes back; the parent hears each step", async () => {
    const { page, errors } = await app.open("", { viewport: { width: 1300, height: 760 } });
    await page.goto(`${site.url}/deck/parent.html`);
    const frame = page.frameLocator("#hopscope");
    const lesson = frame.getByRole("region", { name: /^Lesson: / });
    await lesson.getByText("Step 1 of 5").waitFor();
    // The teacher's mode: hands counted for the class, typed in the frame.
    await lesson.getByRole("button", { name: "Class mode" }).click();
    await lesson.getByRole("spinbutton", { name: /^Hands for A\./ }).fill("12");
    await lesson.getByRole("spinbutton", { name: /^Hands for C\./ }).fill("8");
    // The clicker: keys go to the frame once it has the focus (a click on the slide).
    await lesson.getByText("Step 1 of 5").click();
    await page.keyboard.press("PageDown"); // play it for the class
    await lesson.getByRole("button", { name: "Skip to the end" }).waitFor();
    await page.keyboard.press("PageDown"); // to the watch's end: the answer stays hidden
    await lesson.getByRole("button", { name: "Reveal the answer" }).waitFor();
    expect(await lesson.getByText(/^The answer:/).count()).toBe(0);
    await page.keyboard.press("PageDown"); // reveal, with the show of hands
    await lesson.getByText("The answer: C. A 500 error page.").waitFor();
    expect(await lesson.getByRole("list", { name: "Show of hands" }).textContent()).toMatch(
      /12 \(60 %\).*✓ C\. A 500 error page \(right\)8 \(40 %\)/,
    );
    await page.keyboard.press("PageDown"); // the next step
    await lesson.getByText("Step 2 of 5").waitFor();
    await page.keyboard.press("ArrowLeft"); // a remote's "back"
    await lesson.getByText("Step 1 of 5").waitFor();
    // The parent page drives it too, and hears where it is.
    await page.evaluate(() =>
      (window as unknown as { send: (m: unknown) => void }).send({
        type: "hopscope:lessonStep",
        version: 1,
        step: 4,
      }),
    );
    await lesson.getByText("Step 4 of 5").waitFor();
    await expect
      .poll(async () => (await lessonEvents(page)).at(-1))
      .toMatchObject({ lesson: "when-parts-fail", step: 4, phase: "ask" });
    const phases = (await lessonEvents(page)).map((e) => `${e.step}:${e.phase}`);
    expect(phases).toEqual(
      expect.arrayContaining(["1:ask", "1:watching", "1:revealed", "2:ask", "4:ask"]),
    );
    expect(errors).toEqual([]);
    await page.close();
  }, 180_000);
});

describe("every lesson, played to its end in Chromium", () => {
  /** The ids from the build's own lesson list (the link's notice for an unknown lesson names them). */
  async function ids(): Promise<string[]> {
    const { page } = await app.open("?lesson=none");
    const text =
      (await page
        .getByText(/^Ignored lesson=/)
        .first()
        .textContent()) ?? "";
    await page.close();
    const list = /\(use (.*)\)\.?$/.exec(text)?.[1] ?? "";
    return list.split(", ").filter(Boolean);
  }

  it("in the full app: every prediction answered, watched, revealed; every challenge checked", async () => {
    const lessons = await ids();
    expect(lessons.length).toBeGreaterThanOrEqual(10);
    const { page, errors } = await app.open("", { viewport: { width: 1280, height: 720 } });
    /** Lessons whose challenge was checked on its start, where the goal is not met yet. */
    const unmet = new Set<string>();
    for (const id of lessons) {
      await page.goto(`${page.url().replace(/\?.*$/, "")}?lesson=${id}`);
      const count = (await band(page).locator(".lesson-count").textContent()) ?? "";
      const steps = Number(/of (\d+)/.exec(count)?.[1]);
      expect(steps, id).toBeGreaterThanOrEqual(4);
      for (let step = 1; step <= steps; step++) {
        await band(page).getByText(`Step ${step} of ${steps}`).waitFor();
        const radios = band(page).getByRole("radio");
        const check = band(page).getByRole("button", { name: "Check my setup" });
        const watch = band(page).getByRole("button", { name: "Watch", exact: true });
        // A challenge first: its controls (the deploy's choices) are radios too.
        if ((await check.count()) === 0 && (await radios.count()) > 0) {
          await radios.nth(step % (await radios.count())).check();
          await band(page).getByRole("button", { name: "Lock in my prediction and watch" }).click();
          await band(page).getByRole("button", { name: "Skip to the end" }).click();
          await band(page)
            .getByRole("status")
            .filter({ hasText: /^(Right|Not quite)\./ })
            .waitFor();
        } else if ((await check.count()) > 0) {
          await check.click();
          await band(page)
            .getByText(/^Not yet\.$/)
            .waitFor({ timeout: 60_000 });
          expect(await band(page).locator(".lesson-lines li").count()).toBeGreaterThan(0);
          unmet.add(id);
          await band(page)
            .getByRole("button", { name: step < steps ? "Next" : "Close", exact: true })
            .click();
          continue;
        } else if ((await watch.count()) > 0) {
          await watch.click();
          await band(page).getByRole("button", { name: "Skip to the end" }).click();
        }
        await band(page)
          .getByRole("button", { name: step < steps ? "Next step" : "Finish the lesson" })
          .click();
      }
      await band(page).waitFor({ state: "detached" });
    }
    // Every lesson is done in the list of lessons, but those whose challenge is not met yet.
    expect(unmet.size).toBe(3);
    await page.keyboard.press("l");
    const dialog = page.getByRole("dialog", { name: "Lessons" });
    expect(await dialog.getByRole("button", { name: /Done$/ }).count()).toBe(
      lessons.length - unmet.size,
    );
    expect(errors).toEqual([]);
    await page.close();
  }, 900_000);

  it("in an embed in class mode, with the clicker's PageDown alone", async () => {
    const lessons = await ids();
    const { page, errors } = await app.open("", { viewport: { width: 1280, height: 720 } });
    for (const id of lessons) {
      await page.goto(`${page.url().replace(/\?.*$/, "")}?embed=1&lesson=${id}`);
      const count = (await band(page).locator(".lesson-count").textContent()) ?? "";
      const steps = Number(/of (\d+)/.exec(count)?.[1]);
      await band(page).getByRole("button", { name: "Class mode" }).click();
      await band(page).locator(".lesson-count").click(); // the slide has the focus, not a button
      for (let step = 1; step <= steps; step++) {
        await band(page).getByText(`Step ${step} of ${steps}`).waitFor();
        const predict = (await band(page).getByRole("spinbutton").count()) > 0;
        const challenge =
          (await band(page).getByRole("button", { name: "Check my setup" }).count()) > 0;
        if (predict) {
          await page.keyboard.press("PageDown"); // play
          await band(page).getByRole("button", { name: "Skip to the end" }).waitFor();
          await page.keyboard.press("PageDown"); // to the end
          await band(page).getByRole("button", { name: "Reveal the answer" }).waitFor();
          await page.keyboard.press("PageDown"); // reveal
          await band(page)
            .getByText(/^The answer: /)
            .waitFor();
        } else if (challenge) {
          await page.keyboard.press("PageDown"); // check
          await band(page)
            .getByText(/^Not yet\.$/)
            .waitFor({ timeout: 60_000 });
        } else if (
          (await band(page).getByRole("button", { name: "Watch", exact: true }).count()) > 0
        ) {
          await page.keyboard.press("PageDown"); // watch
          await page.keyboard.press("PageDown"); // to the end
        }
        if (step < steps) await page.keyboard.press("PageDown"); // next step
      }
      await band(page).getByText(`Step ${steps} of ${steps}`).waitFor();
    }
    expect(errors).toEqual([]);
    await page.close();
  }, 900_000);
});

describe("a challenge in Chromium", () => {
  it("fails on its start, and is met once a second web server is added from the band", async () => {
    const { page, errors } = await app.open("?lesson=load-balancing", {
      viewport: { width: 1440, height: 900 },
    });
    const count = (await band(page).locator(".lesson-count").textContent()) ?? "";
    const steps = Number(/of (\d+)/.exec(count)?.[1]);
    await page.goto(page.url().replace(/\?.*$/, `?lesson=load-balancing&step=${steps}`));
    await band(page)
      .getByText(/^Goal: Make the site survive the loss of any one web server/)
      .waitFor();
    const check = band(page).getByRole("button", { name: "Check my setup" });
    await check.click();
    await band(page)
      .getByText(/^Not yet\.$/)
      .waitFor({ timeout: 60_000 });
    expect(await band(page).locator(".lesson-lines").textContent()).toMatch(
      /Losing web1 takes the site down/,
    );
    await band(page).getByRole("button", { name: "Add a web server" }).click();
    await check.click();
    await band(page)
      .getByText(/^Goal met\.$/)
      .waitFor({ timeout: 60_000 });
    expect(await band(page).locator(".lesson-lines").textContent()).toMatch(
      /Losing web1: the site survives/,
    );
    await page.screenshot({ path: `${ARTIFACTS}/lesson-challenge-met.png` });
    expect(errors).toEqual([]);
    await page.close();
  }, 180_000);
});

describe("a lesson on a projector", () => {
  it("in present mode at 1024×768: the clicker plays it with the diagram large, and the worksheet prints alone", async () => {
    const { page, errors } = await app.open("?lesson=when-parts-fail&present=1", {
      viewport: { width: 1024, height: 768 },
    });
    await band(page).getByText("Step 1 of 5").waitFor();
    await band(page).getByRole("button", { name: "Class mode" }).click();
    await band(page).locator(".lesson-count").click();
    await page.keyboard.press("PageDown");
    await band(page).getByRole("button", { name: "Skip to the end" }).waitFor();
    // While it plays the band is one row: the diagram has most of the screen.
    const canvas = await page.locator(".canvas").boundingBox();
    expect(canvas?.height ?? 0).toBeGreaterThan(768 * 0.6);
    const m = await measureLegibility(page);
    expect(m.minName).toBeGreaterThanOrEqual(16);
    await page.keyboard.press("PageDown");
    await page.keyboard.press("PageDown");
    await band(page).getByText("The answer: C. A 500 error page.").waitFor();
    // Every control of the band is on the screen (nothing cut below the fold).
    for (const name of ["Watch again, slower", "Next step"]) {
      const box = await band(page).getByRole("button", { name }).boundingBox();
      expect((box?.y ?? 1e9) + (box?.height ?? 0), name).toBeLessThanOrEqual(768);
    }
    await page.screenshot({ path: `${ARTIFACTS}/lesson-present-1024.png` });
    // The worksheet: printed instead of the app, with every prediction and no answer.
    await page.emulateMedia({ media: "print" });
    const sheet = page.locator(".worksheet");
    expect(await sheet.isVisible()).toBe(true);
    expect(await page.locator(".app").isVisible()).toBe(false);
    const text = (await sheet.textContent()) ?? "";
    expect(text).toMatch(/If MySQL is down, what does the user see\?/);
    expect(text).toMatch(/☐ C\. A 500 error page/);
    expect(text).not.toMatch(/Right:|the answer/i);
    await page.emulateMedia({ media: "screen" });
    expect(await sheet.isVisible()).toBe(false);
    expect(errors).toEqual([]);
    await page.close();
  }, 120_000);
});

describe("a lesson's accessibility", () => {
  const AXE_SOURCE = readFileSync(
    createRequire(import.meta.url).resolve("axe-core/axe.min.js"),
    "utf8",
  );
  /** axe-core's serious and critical violations on the page as it is now. */
  async function serious(page: Page): Promise<string[]> {
    await page.evaluate(AXE_SOURCE);
    return page.evaluate(async () => {
      const axe = (window as unknown as { axe: typeof import("axe-core") }).axe;
      const r = await axe.run(document, { resultTypes: ["violations"] });
      return r.violations
        .filter((v) => v.impact === "serious" || v.impact === "critical")
        .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
    });
  }
  for (const colorScheme of ["light", "dark"] as const) {
    it(`axe-core: 0 serious or critical, asking, revealed, in class mode and in the list (${colorScheme})`, async () => {
      const { page } = await app.open("?lesson=when-parts-fail", {
        viewport: { width: 1280, height: 720 },
        colorScheme,
      });
      await band(page).getByText("Step 1 of 5").waitFor();
      expect(await serious(page)).toEqual([]);
      await band(page).getByRole("radio").first().check();
      await band(page).getByRole("button", { name: "Lock in my prediction and watch" }).click();
      await band(page).getByRole("button", { name: "Skip to the end" }).click();
      await band(page).getByRole("button", { name: "Next step" }).waitFor();
      expect(await serious(page)).toEqual([]);
      await band(page).getByRole("button", { name: "Class mode" }).click();
      await band(page).getByRole("button", { name: "Next step" }).click();
      await band(page).getByRole("button", { name: "Play it for the class" }).click();
      await band(page).getByRole("button", { name: "Skip to the end" }).click();
      await band(page).getByRole("button", { name: "Reveal the answer" }).waitFor();
      expect(await serious(page)).toEqual([]);
      await page.keyboard.press("l");
      await page.getByRole("dialog", { name: "Lessons" }).waitFor();
      expect(await serious(page)).toEqual([]);
      await page.close();
    }, 120_000);
  }
});
