import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { COMMAND_NAMES, parseMessage } from "../../src/app/messages";
import { oneServerTopology } from "../../src/scenes/oneServer";

const ids = oneServerTopology.components.map((c) => c.id);
const parse = (data: unknown) => parseMessage(data, ids);
const msg = (name: string, fields: Record<string, unknown> = {}) => ({
  type: `hopscope:${name}`,
  version: 1,
  ...fields,
});

describe("parseMessage: valid commands", () => {
  it("reads every command, with defaults for optional fields", () => {
    expect(parse(msg("visit"))).toEqual({ ok: true, command: { name: "visit" } });
    expect(parse(msg("visit", { url: "www.foobar.com/about" }))).toEqual({
      ok: true,
      command: { name: "visit", url: "www.foobar.com/about" },
    });
    expect(parse(msg("kill", { component: "mysql" }))).toEqual({
      ok: true,
      command: { name: "kill", component: "mysql" },
    });
    expect(parse(msg("slow", { component: "app" }))).toEqual({
      ok: true,
      command: { name: "slow", component: "app", on: true },
    });
    expect(parse(msg("slow", { component: "app", on: false }))).toMatchObject({
      command: { on: false },
    });
    expect(parse(msg("setRps", { rps: 250 }))).toMatchObject({ command: { rps: 250 } });
    expect(parse(msg("setSpeed", { speed: "10" }))).toMatchObject({ command: { speed: "10" } });
    expect(parse(msg("loadScene", { scene: "dns-down" }))).toEqual({
      ok: true,
      command: { name: "loadScene", scene: "dns-down", autoplay: false },
    });
    for (const name of ["deploy", "surge", "play", "pause", "step", "reset"])
      expect(parse(msg(name))).toEqual({ ok: true, command: { name } });
    expect(parse(msg("deploy", { mode: "reload" }))).toEqual({
      ok: true,
      command: { name: "deploy", mode: "reload" },
    });
    expect(parse(msg("deploy", { mode: "yolo" }))).toMatchObject({
      ok: false,
      message: "hopscope:deploy: mode must be one of restart, reload (got yolo).",
    });
    expect(COMMAND_NAMES).toHaveLength(13);
  });
});

describe("parseMessage: anything else", () => {
  it("ignores messages that are not for Hopscope, silently", () => {
    for (const data of [null, 1, "hopscope:play", [], {}, { type: "reveal:slide" }, { type: 3 }])
      expect(parse(data)).toBeUndefined();
  });

  const refused: [string, unknown][] = [
    ["an unknown command", msg("explode")],
    ["a missing version", { type: "hopscope:play" }],
    ["another version", msg("play", { version: 2 })],
    ["a missing field", msg("kill")],
    ["an unknown component", msg("kill", { component: "<script>" })],
    ["an extra field", msg("play", { force: true })],
    ["a prototype key", JSON.parse('{"type":"hopscope:play","version":1,"__proto__":1}')],
    ["a constructor key", msg("play", { constructor: 1 })],
    ["rps out of range", msg("setRps", { rps: 1e9 })],
    ["rps not a number", msg("setRps", { rps: "100" })],
    ["rps NaN", msg("setRps", { rps: Number.NaN })],
    ["an unknown speed", msg("setSpeed", { speed: "fast" })],
    ["an unknown scene", msg("loadScene", { scene: "moon" })],
    ["autoplay not boolean", msg("loadScene", { scene: "surge", autoplay: 1 })],
    ["an empty url", msg("visit", { url: "" })],
    ["a huge url", msg("visit", { url: "x".repeat(500) })],
  ];
  for (const [what, data] of refused) {
    it(`refuses ${what}, saying why`, () => {
      const out = parse(data);
      expect(out?.ok).toBe(false);
      if (out && !out.ok) {
        expect(out.message.length).toBeGreaterThan(10);
        expect(out.message.length).toBeLessThan(300);
      }
    });
  }

  it("never throws, and accepts only well-formed commands (any object)", () => {
    const anyValue = fc.oneof(fc.jsonValue(), fc.anything());
    fc.assert(
      fc.property(
        fc.constantFrom(...COMMAND_NAMES, "nope"),
        fc.dictionary(fc.string({ maxLength: 10 }), anyValue, { maxKeys: 3 }),
        fc.oneof(fc.constant(1), anyValue),
        (name, extra, version) => {
          const out = parse({ ...extra, type: `hopscope:${name}`, version });
          expect(out).toBeDefined();
          if (out?.ok) {
            expect(version).toBe(1);
            expect(out.command.name).toBe(name);
          }
        },
      ),
      { numRuns: 500 },
    );
  });
});
