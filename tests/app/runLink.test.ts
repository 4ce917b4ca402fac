import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseLink } from "../../src/app/link";
import { encodeRun, MAX_RUN_CHARS, parseRun } from "../../src/app/runLink";
import { sceneById } from "../../src/scenes/catalog";
import { toMessage } from "../../src/store";
import type { Moment } from "../../src/store/acts";
import { createHopscopeStore } from "../../src/store/hopscopeStore";
import { setupOfScene } from "../../src/store/setup";

const moments: Moment[] = [
  { at: 0, act: { op: "rps", rps: 30 } },
  { at: 1234.567891234, act: { op: "kill", id: "mysql" } },
  {
    at: 2000,
    act: { op: "command", id: "lb", name: "server", argument: { name: "web1", state: "drain" } },
  },
  { at: 10_000, act: { op: "kill", id: "web1" }, scheduled: true },
];

const textOf = (m: Parameters<typeof toMessage>[0] | undefined) => (m ? toMessage(m).text : "");

describe("a run in a link", () => {
  it("round-trips the acts with their exact times, and the moment", () => {
    const params = encodeRun(moments, 4321.1234567);
    const { run, notice } = parseRun(params);
    expect(notice).toBeUndefined();
    expect(run?.moments).toEqual(moments);
    expect(run?.time).toBe(4321.123);
  });

  it("round-trips any run of known acts (property)", () => {
    const act = fc.oneof(
      fc.record({ op: fc.constant("kill" as const), id: fc.string({ maxLength: 30 }) }),
      fc.record({ op: fc.constant("rps" as const), rps: fc.integer({ min: 0, max: 5000 }) }),
      fc.record({ op: fc.constant("visit" as const), host: fc.string(), path: fc.string() }),
      fc.record({ op: fc.constant("surge" as const) }),
    );
    fc.assert(
      fc.property(
        fc.array(fc.record({ at: fc.double({ min: 0, max: 3_600_000, noNaN: true }), act })),
        (raw) => {
          const sorted = raw.sort((a, b) => a.at - b.at);
          const { run, notice } = parseRun(encodeRun(sorted, 0));
          expect(notice).toBeUndefined();
          expect(run?.moments).toEqual(sorted);
        },
      ),
    );
  });

  it("a link without run= or t= has no run and no notice (links of every older page)", () => {
    expect(parseRun(new URLSearchParams("scene=first-visit"))).toEqual({});
    expect(parseLink("?scene=first-visit").run).toBeUndefined();
  });

  it.each([
    ["run=1.%%%", "it is corrupted"],
    ["run=1.bm90IGpzb24", "it is corrupted"],
    ["run=1.eyJhIjoxfQ", "it is corrupted"],
    ["run=0.W10", "it was made by an older version of Hopscope (format 0)"],
    ["run=7.W10", "it was made by a newer version of Hopscope (format 7)"],
    ["run=W10", "it does not start with a format number"],
    [`run=1.${"A".repeat(MAX_RUN_CHARS)}`, "it is longer than 16,000 characters"],
    // [[5,{"op":"explode"}]]
    [`run=1.${btoa('[[5,{"op":"explode"}]]')}`, "act 1 is an unknown act"],
    // [[5,{"op":"kill"}]]: no id
    [`run=1.${btoa('[[5,{"op":"kill"}]]')}`, "act 1 is a bad “kill”"],
    // times out of order
    [`run=1.${btoa('[[5,{"op":"surge"}],[1,{"op":"surge"}]]')}`, "act 2 has a bad time"],
    [`run=1.${btoa('[[5,{"op":"surge","x":1}]]')}`, "act 1 is an unknown field in “surge”"],
  ])("%s is refused: %s", (query, why) => {
    const { run, notice } = parseRun(new URLSearchParams(query));
    expect(run).toBeUndefined();
    expect(textOf(notice)).toBe(
      `This link's run could not be used (${why}): the scene opens at its start, without it.`,
    );
  });

  it("refuses a moment that is not simulated milliseconds, quoting it", () => {
    for (const t of ["-1", "1e9", "abc", "3600001"]) {
      const { run, notice } = parseRun(new URLSearchParams(`t=${t}`));
      expect(run).toBeUndefined();
      expect(textOf(notice)).toContain(`Ignored the moment t=“${t}”`);
    }
  });

  it("a refused run leaves the rest of the link as it was, with one notice", () => {
    const link = parseLink("?scene=mysql-down&seed=7&run=1.%%%&t=100");
    expect(link.setup.scene).toBe("mysql-down");
    expect(link.setup.seed).toBe(7);
    expect(link.run).toBeUndefined();
    expect(link.notices.map(textOf)).toEqual([
      "This link's run could not be used (it is corrupted): the scene opens at its start, without it.",
    ]);
  });

  it("a copied moment opens on the same picture in a fresh store", () => {
    const scene = sceneById("first-visit");
    if (!scene) throw new Error("scene");
    const a = createHopscopeStore({ seed: 3, setup: setupOfScene(scene, 3), wallClock: () => 0 });
    a.getState().actions.setRps(25);
    a.getState().actions.advanceTo(2_500.25);
    a.getState().actions.kill("app");
    a.getState().actions.advanceTo(5_000);
    const params = encodeRun(a.getState().actions.moments(), 3_700.5);
    const link = parseLink(`?scene=first-visit&seed=3&${params.toString()}`);
    expect(link.notices).toEqual([]);
    const b = createHopscopeStore({ seed: 3, setup: link.setup, wallClock: () => 0 });
    b.getState().actions.loadRun(link.run?.moments ?? [], link.run?.time ?? 0);
    a.getState().actions.seek(3_700.5);
    const sa = a.getState().sim;
    const sb = b.getState().sim;
    expect(sb.now).toBe(3_700.5);
    expect(sb.traceTotal).toBe(sa.traceTotal);
    expect(sb.stats()).toEqual(sa.stats());
    expect(sb.health("app").killed).toBe(true);
    expect(b.getState().history.head).toBe(3_700.5);
  });
});
