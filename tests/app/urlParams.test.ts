import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DEFAULT_SEED, parseStartOptions } from "../../src/app/urlParams";
import { DEFAULT_SPEED, SPEEDS } from "../../src/store/speed";

const DEFAULTS = { seed: DEFAULT_SEED, speed: DEFAULT_SPEED, autoplay: false } as const;

describe("parseStartOptions: valid values", () => {
  it("uses the defaults for an empty query", () => {
    expect(parseStartOptions("")).toEqual({ ...DEFAULTS, notices: [] });
    expect(parseStartOptions("?")).toEqual({ ...DEFAULTS, notices: [] });
    expect(DEFAULTS).toEqual({ seed: 1, speed: "slow", autoplay: false });
  });

  it("reads seed, speed and autoplay", () => {
    expect(parseStartOptions("?seed=42&speed=10&autoplay=1")).toEqual({
      seed: 42,
      speed: "10",
      autoplay: true,
      notices: [],
    });
  });

  it("accepts negative seeds and every speed id", () => {
    expect(parseStartOptions("?seed=-7").seed).toBe(-7);
    expect(parseStartOptions("seed=4294967296").seed).toBe(2 ** 32);
    for (const s of SPEEDS) {
      const out = parseStartOptions(`?speed=${encodeURIComponent(s.id)}`);
      expect(out.speed).toBe(s.id);
      expect(out.notices).toEqual([]);
    }
  });

  it("reads autoplay=0 as off", () => {
    expect(parseStartOptions("?autoplay=0")).toEqual({ ...DEFAULTS, notices: [] });
  });
});

describe("parseStartOptions: invalid values", () => {
  const cases: { query: string; field: "seed" | "speed" | "autoplay"; quoted: string }[] = [
    { query: "?seed=abc", field: "seed", quoted: "abc" },
    { query: "?seed=1.5", field: "seed", quoted: "1.5" },
    { query: "?seed=", field: "seed", quoted: "" },
    { query: "?seed=99999999999", field: "seed", quoted: "99999999999" },
    {
      query: `?seed=${encodeURIComponent("<script>alert(1)</script>")}`,
      field: "seed",
      quoted: "<script>alert(1)</script>",
    },
    { query: "?speed=fast", field: "speed", quoted: "fast" },
    { query: "?speed=SLOW", field: "speed", quoted: "SLOW" },
    { query: "?autoplay=yes", field: "autoplay", quoted: "yes" },
    { query: "?autoplay=true", field: "autoplay", quoted: "true" },
  ];

  for (const { query, field, quoted } of cases) {
    it(`${query}: the default ${field}, and one notice quoting the value`, () => {
      const out = parseStartOptions(query);
      expect(out[field]).toBe(DEFAULTS[field]);
      expect({ ...out, notices: [] }).toEqual({ ...DEFAULTS, notices: [] });
      expect(out.notices).toHaveLength(1);
      expect(out.notices[0]).toContain(`${field}=“${quoted}”`);
    });
  }

  it("names an unknown parameter in its notice, and still reads the known ones", () => {
    const out = parseStartOptions("?seed=3&color=red");
    expect(out.seed).toBe(3);
    expect(out.notices).toEqual(["Ignored unknown parameter “color”."]);
  });

  it("keeps the valid fields when others are invalid, with one notice per bad value", () => {
    const out = parseStartOptions("?seed=abc&speed=100&autoplay=yes&x=1");
    expect(out).toMatchObject({ seed: DEFAULT_SEED, speed: "100", autoplay: false });
    expect(out.notices).toHaveLength(3);
    expect(out.notices[0]).toMatch(/^Ignored seed=“abc”/);
    expect(out.notices[1]).toMatch(/^Ignored autoplay=“yes”/);
    expect(out.notices[2]).toBe("Ignored unknown parameter “x”.");
  });

  it("truncates a very long value to 40 characters in its notice", () => {
    const long = "a".repeat(5000);
    const out = parseStartOptions(`?speed=${long}`);
    expect(out.speed).toBe(DEFAULT_SPEED);
    expect(out.notices).toHaveLength(1);
    const notice = out.notices[0] ?? "";
    expect(notice).toContain(`“${"a".repeat(40)}…”`);
    expect(notice).not.toContain("a".repeat(41));
    expect(notice.length).toBeLessThan(200);
  });

  it("truncates a very long unknown parameter name too", () => {
    const out = parseStartOptions(`?${"k".repeat(1000)}=1`);
    expect(out.notices).toEqual([`Ignored unknown parameter “${"k".repeat(40)}…”.`]);
  });
});

/** Printable ASCII (so `&`, `=`, `%` and `+` are common), any UTF-16, and known traps. */
const anyQuery = fc.oneof(
  fc.string({ unit: "grapheme-ascii", maxLength: 120 }),
  fc.string({ unit: "binary", maxLength: 40 }),
  fc.constantFrom("%", "%E0%A4%A", "?seed=%FF", "?&&==&", "?seed=1&seed=abc", "?__proto__=1"),
);

describe("parseStartOptions never throws", () => {
  it("on any string as a query", () => {
    fc.assert(
      fc.property(anyQuery, (search) => {
        const out = parseStartOptions(search);
        expect(Number.isSafeInteger(out.seed)).toBe(true);
        expect(SPEEDS.map((s) => s.id)).toContain(out.speed);
        expect(typeof out.autoplay).toBe("boolean");
        for (const n of out.notices) expect(n.length).toBeLessThan(250);
      }),
      { numRuns: 300 },
    );
  });

  it("on any values for the known keys: each is either used or explained", () => {
    const value = fc.option(fc.string({ maxLength: 80 }), { nil: undefined });
    fc.assert(
      fc.property(value, value, value, (seed, speed, autoplay) => {
        const params = new URLSearchParams();
        if (seed !== undefined) params.set("seed", seed);
        if (speed !== undefined) params.set("speed", speed);
        if (autoplay !== undefined) params.set("autoplay", autoplay);
        const out = parseStartOptions(`?${params}`);
        const noticeFor = (key: string) =>
          out.notices.filter((n) => n.startsWith(`Ignored ${key}=`));
        const given = [seed, speed, autoplay].filter((v) => v !== undefined).length;
        const explained = ["seed", "speed", "autoplay"].map((k) => noticeFor(k).length);
        expect(explained.every((n) => n <= 1)).toBe(true);
        expect(out.notices).toHaveLength(explained.reduce((a, b) => a + b, 0));
        expect(out.notices.length).toBeLessThanOrEqual(given);

        if (seed === undefined || explained[0]) expect(out.seed).toBe(DEFAULT_SEED);
        else expect(out.seed).toBe(Number(seed));
        if (speed === undefined || explained[1]) expect(out.speed).toBe(DEFAULT_SPEED);
        else expect(out.speed).toBe(speed.trim());
        if (autoplay === undefined || explained[2]) expect(out.autoplay).toBe(false);
        else expect(out.autoplay).toBe(autoplay === "1");
        if (autoplay === "yes") expect(explained[2]).toBe(1);
      }),
      { numRuns: 300 },
    );
  });
});

describe("rps", () => {
  it("sets the starting traffic, clamps a huge value with a notice, and refuses nonsense", () => {
    expect(parseStartOptions("?rps=2000&autoplay=1")).toMatchObject({
      rps: 2000,
      autoplay: true,
      notices: [],
    });
    const huge = parseStartOptions("?rps=1e9");
    expect(huge.rps).toBe(5000);
    expect(huge.notices[0]).toMatch(/using 5000/);
    for (const bad of ["-3", "abc", "", "NaN", "Infinity"]) {
      const r = parseStartOptions(`?rps=${bad}`);
      expect(r.rps).toBeUndefined();
      expect(r.notices).toHaveLength(1);
    }
  });
});
