import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { COMMAND_NAMES, parseMessage } from "../../src/app/messages";
import { oneServerTopology } from "../../src/scenes/oneServer";
import {
  cyclic,
  HUGE_STRING,
  hostileValue,
  hostileWrapper,
  nested,
  ownProto,
  revokedProxy,
  throwingGetter,
  throwingProxy,
} from "./hostile";

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
    for (const name of ["deploy", "rollback", "surge", "play", "pause", "step", "reset"])
      expect(parse(msg(name))).toEqual({ ok: true, command: { name } });
    expect(parse(msg("deploy", { mode: "reload" }))).toEqual({
      ok: true,
      command: { name: "deploy", mode: "reload" },
    });
    expect(parse(msg("deploy", { mode: "yolo" }))).toMatchObject({
      ok: false,
      message: "hopscope:deploy: mode must be one of restart, reload (got yolo).",
    });
    expect(parse(msg("deploy", { strategy: "canary", release: "bad-500" }))).toEqual({
      ok: true,
      command: { name: "deploy", strategy: "canary", release: "bad-500" },
    });
    expect(parse(msg("deploy", { strategy: "yolo" }))).toMatchObject({
      ok: false,
      message:
        "hopscope:deploy: strategy must be one of all-at-once, rolling, blue-green, canary (got yolo).",
    });
    expect(parse(msg("lessonStep", { lesson: "when-parts-fail", step: 2 }))).toEqual({
      ok: true,
      command: { name: "lessonStep", lesson: "when-parts-fail", step: 2 },
    });
    expect(parse(msg("lessonStep", { step: "next" }))).toEqual({
      ok: true,
      command: { name: "lessonStep", step: "next" },
    });
    for (const step of [0, 1.5, -1, "2", "last", 1000])
      expect(parse(msg("lessonStep", { step }))).toMatchObject({
        ok: false,
        message: `hopscope:lessonStep: step must be a step number from 1, "next" or "previous" (got ${step}).`,
      });
    expect(parse(msg("lessonStep", { lesson: "nope", step: 1 }))).toMatchObject({ ok: false });
    expect(COMMAND_NAMES).toHaveLength(15);
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
        // Bounded, though an unknown scene's message names every scene there is (23 now).
        expect(out.message.length).toBeLessThan(500);
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

  it("never throws for hostile values anywhere: BigInt, cycles, deep, huge, getters, Proxies", () => {
    const before = Object.getOwnPropertyNames(Object.prototype).sort();
    const key = fc.oneof(
      fc.string({ maxLength: 10 }),
      fc.constantFrom("__proto__", "constructor", "prototype", "toString", "hasOwnProperty"),
      fc.constantFrom("url", "rps", "component", "scene", "speed", "on", "mode", "autoplay"),
    );
    fc.assert(
      fc.property(
        fc.constantFrom(...COMMAND_NAMES, "nope", "__proto__", "constructor", "toString"),
        fc.array(fc.tuple(key, hostileValue), { maxLength: 3 }),
        fc.oneof(fc.constant(1), hostileValue),
        fc.oneof(fc.constant(undefined), hostileValue),
        fc.nat(),
        (name, extra, version, type, how) => {
          const message: Record<string, unknown> = {};
          for (const [k, make] of extra)
            Object.defineProperty(message, k, {
              value: make(),
              enumerable: true,
              writable: true,
              configurable: true,
            });
          message.type = type === undefined ? `hopscope:${name}` : type();
          const versionValue = version === 1 ? 1 : version();
          message.version = versionValue;
          const out = parse(hostileWrapper(message, how));
          if (out === undefined) return;
          if (out.ok) {
            expect(versionValue).toBe(1);
            expect(out.command.name).toBe(name);
          } else {
            expect(typeof out.message).toBe("string");
            expect(out.message.length).toBeLessThan(400);
            if (out.received !== undefined) expect(out.received.length).toBeLessThan(60);
          }
        },
      ),
      { numRuns: 1000 },
    );
    for (const data of [throwingProxy(), throwingProxy([]), revokedProxy(), HUGE_STRING])
      expect(() => parse(data)).not.toThrow();
    // Nothing leaked onto Object.prototype.
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(before);
    expect(Object.keys(Object.prototype)).toEqual([]);
  });
});

describe("parseMessage: what it got is kept apart from its own words", () => {
  it("gives a received name or value as an isolated part, control characters visible", () => {
    const out = parse(msg("\u202Eevil"));
    if (!out || out.ok) throw new Error("not refused");
    expect(out.parts).toContainEqual({ input: "⟨U+202E⟩evil", quote: true });
    expect(out.message).toMatch(/^Unknown command “⟨U\+202E⟩evil”: use one of/);
    const bad = parse(msg("setRps", { rps: "1\u0000" }));
    if (!bad || bad.ok) throw new Error("not refused");
    expect(bad.parts).toContainEqual({ input: "1⟨U+0000⟩", quote: false });
  });
});

describe("parseMessage: describing what it got never throws", () => {
  const refusal = (data: unknown) => {
    const out = parse(data);
    if (!out || out.ok) throw new Error(`not refused: ${JSON.stringify(out)}`);
    return out;
  };

  it("shows a BigInt as 1n, in the version or in a field", () => {
    expect(refusal(msg("play", { version: 1n })).message).toBe(
      "hopscope:play needs version: 1 (got 1n).",
    );
    expect(refusal(msg("setRps", { rps: 1n })).message).toBe(
      "hopscope:setRps: rps must be a number from 0 to 5000 (got 1n).",
    );
  });

  it("shows a cycle as [cycle], and caps depth and length", () => {
    expect(refusal(msg("visit", { url: cyclic({ a: 1 }) })).message).toBe(
      'hopscope:visit: url must be a non-empty string of at most 200 characters (got {"a":1,"self":[cycle]}).',
    );
    const deep = refusal(msg("visit", { url: nested(10_000) })).message;
    expect(deep).toContain('(got {"a":{"a":{"a":{…}}}})');
    const huge = refusal(msg("visit", { url: HUGE_STRING })).message;
    expect(huge).toContain(`(got ${"x".repeat(40)}…)`);
    expect(huge.length).toBeLessThan(200);
    const wide = refusal(
      msg("setRps", { rps: Object.fromEntries([..."abcdefgh"].map((k) => [k, 1])) }),
    );
    expect(wide.message).toContain('(got {"a":1,"b":1,"c":1,"d":1,"e":1,…})');
  });

  it("reads only own data: getters, Proxies and __proto__ keys are refused, never run", () => {
    expect(refusal(throwingGetter("rps", msg("setRps"))).message).toBe(
      "hopscope:setRps: rps must be plain data, not a getter.",
    );
    expect(parse(throwingGetter("type", { version: 1 }))).toBeUndefined();
    expect(refusal(throwingGetter("version", { type: "hopscope:play" })).message).toBe(
      "hopscope:play needs version: 1 (got [getter]).",
    );
    expect(refusal(msg("setRps", { rps: throwingProxy() })).message).toBe(
      "hopscope:setRps: rps must be a number from 0 to 5000 (got [unreadable]).",
    );
    expect(refusal(msg("setRps", { rps: revokedProxy() })).message).toContain("[unreadable]");
    expect(parse(throwingProxy(msg("play")))).toBeUndefined();
    expect(refusal(ownProto({ polluted: 1 }, msg("play"))).message).toBe(
      "hopscope:play has no field “__proto__”.",
    );
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe("a refusal names the allowed values briefly", () => {
  it("lists every scene while they fit, else the first ones and how many more", () => {
    const out = parse(msg("loadScene", { scene: "nope" }));
    expect(out).toMatchObject({ ok: false });
    const text = out && !out.ok ? out.message : "";
    expect(text).toMatch(
      /^hopscope:loadScene: scene must be one of one-server, first-visit, .* and \d+ more \(got nope\)\.$/,
    );
    expect(text.length).toBeLessThan(400);
  });
});
