import { describe, expect, it } from "vitest";
import { oneServerTopology } from "../../src/scenes/oneServer";
import { runFinder, type SpofReport, spofCandidates } from "../../src/store/spofRunner";

describe("the finder's runner", () => {
  it("tries one component per task, reports after each, and can be stopped", () => {
    const tasks: (() => void)[] = [];
    const reports: SpofReport[] = [];
    const stop = runFinder(
      oneServerTopology,
      { seed: 1, key: "k", prepare: () => {} },
      (r) => reports.push(r),
      (fn) => tasks.push(fn),
    );
    const total = spofCandidates(oneServerTopology).length;
    expect(total).toBe(8); // every component but the two browsers
    expect(reports.at(-1)).toMatchObject({ key: "k", verdicts: [], total, running: true });
    // Nothing runs until the task does: the page gets its turn between components.
    (tasks.shift() as () => void)();
    expect(reports.at(-1)?.verdicts.map((v) => v.component)).toEqual(["resolver"]);
    (tasks.shift() as () => void)();
    expect(reports.at(-1)?.verdicts).toHaveLength(2);
    stop();
    (tasks.shift() as () => void)();
    expect(reports.at(-1)?.verdicts).toHaveLength(2);
    expect(tasks).toHaveLength(0);
  });

  it("ends with every verdict and running false", () => {
    const tasks: (() => void)[] = [];
    let last: SpofReport | undefined;
    runFinder(
      oneServerTopology,
      { seed: 1, key: "k", prepare: () => {} },
      (r) => {
        last = r;
      },
      (fn) => tasks.push(fn),
    );
    while (tasks.length > 0) (tasks.shift() as () => void)();
    expect(last?.running).toBe(false);
    expect(last?.verdicts.map((v) => [v.component, v.kind])).toEqual([
      ["resolver", "down-after"],
      ["root", "survives"],
      ["tld", "survives"],
      ["auth", "down-after"],
      ["server", "down"],
      ["nginx", "down"],
      ["app", "down"],
      ["mysql", "down"],
    ]);
  });
});
