import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DEFAULT_SEED, encodeLink, parseLink } from "../../src/app/link";
import { SCENES } from "../../src/scenes/catalog";
import { oneServerTopology } from "../../src/scenes/oneServer";
import { type SceneSetup, setupOfScene } from "../../src/store";
import { DEFAULT_SPEED, SPEEDS } from "../../src/store/speed";

/** The notices' plain text. */
const texts = (notices: readonly (string | { text: string })[]) =>
  notices.map((n) => (typeof n === "string" ? n : n.text));

/** The start options a link gives, flattened (rps only when traffic is on). */
function parseStartOptions(search: string) {
  const link = parseLink(search, oneServerTopology);
  return {
    seed: link.setup.seed,
    speed: link.setup.speed,
    autoplay: link.autoplay,
    ...(link.setup.rps > 0 ? { rps: link.setup.rps } : {}),
    notices: texts(link.notices),
  };
}

const DEFAULTS = { seed: DEFAULT_SEED, speed: DEFAULT_SPEED, autoplay: false } as const;

describe("parseLink: valid values", () => {
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

describe("parseLink: invalid values", () => {
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

  it("sums up many unknown parameters in one notice that names the first three", () => {
    const query = Array.from({ length: 2_000 }, (_, i) => `p${i}=1`).join("&");
    expect(parseStartOptions(`?${query}&p0=again&seed=5`)).toEqual({
      ...DEFAULTS,
      seed: 5,
      notices: ["Ignored 2,000 unknown parameters: “p0”, “p1”, “p2”, …"],
    });
    expect(parseStartOptions("?a=1&b=2").notices).toEqual([
      "Ignored 2 unknown parameters: “a”, “b”.",
    ]);
  });

  it("sums up the parameters given more than once in one notice", () => {
    expect(parseStartOptions("?seed=2&seed=3").notices).toEqual([
      "seed was given more than once: used the first value.",
    ]);
    const out = parseStartOptions("?seed=2&speed=10&seed=3&speed=1&speed=100");
    expect(out).toMatchObject({ seed: 2, speed: "10" });
    expect(out.notices).toEqual([
      "seed, speed were given more than once: used the first value of each.",
    ]);
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

describe("parseLink never throws", () => {
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
    const huge = parseStartOptions("?rps=1000000000");
    expect(huge.rps).toBe(5000);
    expect(huge.notices[0]).toMatch(/using 5000/);
    for (const bad of ["-3", "abc", "", "NaN", "Infinity", "1e9"]) {
      const r = parseStartOptions(`?rps=${bad}`);
      expect(r.rps).toBeUndefined(); // the scene's own traffic: none
      expect(r.notices).toHaveLength(1);
    }
  });
});

describe("numbers in a link are plain decimal digits, nothing looser", () => {
  // Number() reads all of these; a link must not.
  const LOOSE = ["0x1F4", "1e3", " 10 ", "0b11", "0o7", "+10", "10.", ".5", "1_000", "10px", "١٠"];

  it("rps: whole numbers only, anything else is refused and quoted", () => {
    expect(parseStartOptions("?rps=500").rps).toBe(500);
    expect(parseStartOptions("?rps=0050").rps).toBe(50);
    for (const bad of [...LOOSE, "2.5"]) {
      const out = parseStartOptions(`?rps=${encodeURIComponent(bad)}`);
      expect(out.rps, bad).toBeUndefined();
      expect(out.notices, bad).toEqual([
        `Ignored rps=“${bad}”: write a whole number of visits per second in plain digits, from 0 to 5000.`,
      ]);
    }
  });

  it("seed: an optional minus and digits only", () => {
    expect(parseStartOptions("?seed=-7").seed).toBe(-7);
    for (const bad of [...LOOSE, "- 7", "--7"]) {
      const out = parseStartOptions(`?seed=${encodeURIComponent(bad)}`);
      expect(out.seed, bad).toBe(DEFAULT_SEED);
      expect(out.notices, bad).toEqual([
        `Ignored seed=“${bad}”: the seed must be a whole number in plain digits. Using seed 1.`,
      ]);
    }
  });

  it("speed: exactly one of the ids, no spaces around it", () => {
    for (const bad of [" 10 ", "1e1", "0x0A", "10.0", "+10"]) {
      const out = parseStartOptions(`?speed=${encodeURIComponent(bad)}`);
      expect(out.speed, bad).toBe(DEFAULT_SPEED);
      expect(out.notices, bad).toHaveLength(1);
      expect(out.notices[0], bad).toContain(`speed=“${bad}”`);
    }
  });

  it("set values: digits with an optional fraction; each refusal says what was refused", () => {
    expect(parseLink("?set=mysql.queryMs:0.5", oneServerTopology).setup.settings).toEqual([
      { component: "mysql", setting: "queryMs", value: 0.5 },
    ]);
    for (const bad of [...LOOSE, "-0", "-2"]) {
      const item = `app.workers:${bad}`;
      const link = parseLink(`?set=${encodeURIComponent(item)}`, oneServerTopology);
      expect(link.setup.settings, bad).toEqual([]);
      expect(texts(link.notices), bad).toEqual([
        `Ignored set=“${item}”: “${item}”: write component.setting:number, the number in plain digits (8 or 2.5).`,
      ]);
    }
  });
});

describe("scenes and the view", () => {
  const topo = oneServerTopology;

  it("opens a named scene with its own faults, traffic and speed", () => {
    const link = parseLink("?scene=mysql-down", topo);
    expect(link.notices).toEqual([]);
    expect(link.setup).toMatchObject({ scene: "mysql-down", kill: ["mysql"], rps: 0, speed: "1" });
    expect(parseLink("?scene=surge", topo).setup).toMatchObject({ scene: "surge", rps: 60 });
  });

  it("refuses an unknown scene, or one that looks like markup, with the default scene", () => {
    for (const bad of ["nope", "<img src=x onerror=alert(1)>", "MYSQL-DOWN", ""]) {
      const link = parseLink(`?scene=${encodeURIComponent(bad)}`, topo);
      expect(link.setup.scene).toBe("one-server");
      expect(link.notices).toHaveLength(1);
      expect(link.notices[0]?.text).toContain(`scene=“${bad}”`);
      expect(link.notices[0]?.text).toContain("Showing “The one-server stack”");
    }
  });

  it("reads embed, controls and theme, and refuses other values", () => {
    expect(parseLink("?embed=1&controls=0&theme=dark", topo).view).toEqual({
      embed: true,
      controls: false,
      theme: "dark",
    });
    expect(parseLink("?present=1", topo).view).toEqual({
      embed: false,
      controls: true,
      present: true,
    });
    const bad = parseLink("?embed=yes&controls=2&present=on&theme=blue", topo);
    expect(bad.view).toEqual({ embed: false, controls: true });
    expect(bad.notices.map((n) => n.text.split("=")[0])).toEqual([
      "Ignored embed",
      "Ignored controls",
      "Ignored present",
      "Ignored theme",
    ]);
  });

  it("kill and slow take known component ids (empty: none); anything else is ignored whole", () => {
    expect(parseLink("?scene=mysql-down&kill=", topo).setup.kill).toEqual([]);
    expect(parseLink("?kill=nginx,app&slow=mysql", topo).setup).toMatchObject({
      kill: ["nginx", "app"],
      slow: ["mysql"],
    });
    const bad = parseLink("?scene=app-down&kill=app,ghost", topo);
    expect(bad.setup.kill).toEqual(["app"]); // the scene's own
    expect(bad.notices[0]?.text).toContain("no component “ghost”");
  });

  it("set takes component.setting:number within the engine's limits", () => {
    expect(parseLink("?set=app.workers:8,mysql.queryMs:2.5", topo).setup.settings).toEqual([
      { component: "app", setting: "workers", value: 8 },
      { component: "mysql", setting: "queryMs", value: 2.5 },
    ]);
    for (const bad of ["app.workers:0", "app.colour:3", "ghost.workers:3", "app.workers", "x"]) {
      const link = parseLink(`?set=${bad}`, topo);
      expect(link.setup.settings).toEqual([]);
      expect(link.notices).toHaveLength(1);
    }
  });

  it("a setting named like Object's own properties is no such setting, not a broken range", () => {
    const names = ["__proto__", "constructor", "toString", "hasOwnProperty", "valueOf"];
    for (const name of names) {
      const link = parseLink(`?set=app.${name}:1`, topo);
      expect(link.setup.settings, name).toEqual([]);
      expect(texts(link.notices), name).toEqual([
        `Ignored set=“app.${name}:1”: “app.${name}:1”: no such setting.`,
      ]);
    }
    // A component kind that is not configurable (the browser) has no settings at all.
    expect(texts(parseLink("?set=browser.constructor:1", topo).notices)[0]).toMatch(
      /no such setting/,
    );
  });

  it("a link made before Nginx spoke FastCGI still sets the read timeout, and says the new name", () => {
    const link = parseLink("?set=nginx.proxyReadTimeoutMs:5000", topo);
    expect(link.setup.settings).toEqual([
      { component: "nginx", setting: "fastcgiReadTimeoutMs", value: 5000 },
    ]);
    expect(texts(link.notices)).toEqual([
      "set=“nginx.proxyReadTimeoutMs:5000”: that setting is now called fastcgiReadTimeoutMs; using it.",
    ]);
  });

  it("traffic plays in real time: rps with slow motion asked for gets 1× and a notice", () => {
    const link = parseLink("?rps=100&speed=slow", topo);
    expect(link.setup.speed).toBe("1");
    expect(link.notices).toHaveLength(1);
    expect(parseLink("?rps=100", topo).notices).toEqual([]);
  });
});

describe("encodeLink: a round trip", () => {
  const topo = oneServerTopology;
  const ids = topo.components.map((c) => c.id);
  // The one-server scenes, whose ids these are (tests/store/architectures.test.ts: the others).
  const oneServerScenes = SCENES.filter((s) => (s.architecture ?? "one-server") === "one-server");
  const setupArb = fc.record({
    scene: fc.constantFrom(...oneServerScenes.map((s) => s.id)),
    seed: fc.integer({ min: -(2 ** 31), max: 2 ** 31 }),
    speed: fc.constantFrom(...SPEEDS.map((s) => s.id)),
    rps: fc.integer({ min: 0, max: 5000 }),
    kill: fc.uniqueArray(fc.constantFrom(...ids), { maxLength: 4 }),
    slow: fc.uniqueArray(fc.constantFrom("app", "mysql"), { maxLength: 2 }),
    settings: fc.uniqueArray(
      fc.oneof(
        fc.record({
          component: fc.constant("app"),
          setting: fc.constant("workers"),
          value: fc.integer({ min: 1, max: 1000 }),
        }),
        fc.record({
          component: fc.constant("mysql"),
          setting: fc.constant("queryMs"),
          value: fc.double({ min: 0.1, max: 60_000, noNaN: true }),
        }),
      ),
      { selector: (s) => `${s.component}.${s.setting}`, maxLength: 2 },
    ),
  });

  it("parse(encode(setup)) gives the setup back, with no notices", () => {
    fc.assert(
      fc.property(
        setupArb,
        fc.boolean(),
        fc.boolean(),
        fc.boolean(),
        (setup, embed, controls, present) => {
          // Traffic never plays in slow motion (the parser says so): a live setup never has both.
          const s = {
            ...setup,
            speed: setup.rps > 0 && setup.speed === "slow" ? "1" : setup.speed,
          };
          // Present mode is the full app's: an embed is never in it.
          const view = { embed, controls, ...(present && !embed ? { present: true } : {}) };
          const link = parseLink(encodeLink(s as SceneSetup, view, true), topo);
          expect(link.notices).toEqual([]);
          expect(link.setup).toEqual(s);
          expect(link.view).toEqual(view);
          expect(link.autoplay).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });

  it("writes only what differs from the scene, readably", () => {
    const scene = SCENES.find((s) => s.id === "mysql-down");
    if (!scene) throw new Error("no mysql-down scene");
    const setup = { ...setupOfScene(scene, 7), kill: [], slow: ["app"] };
    expect(encodeLink(setup)).toBe("?scene=mysql-down&seed=7&speed=1&kill=&slow=app");
    expect(
      encodeLink({ ...setup, settings: [{ component: "app", setting: "workers", value: 8 }] }),
    ).toContain("set=app.workers:8");
  });
});

describe("lesson= and step=", () => {
  const text = (search: string) => parseLink(search).notices.map((n) => n.text);
  it("opens a lesson at a step counted from 1", () => {
    expect(parseLink("?lesson=when-parts-fail&step=3").lesson).toEqual({
      id: "when-parts-fail",
      step: 2,
    });
    expect(parseLink("?lesson=when-parts-fail").lesson).toEqual({ id: "when-parts-fail", step: 0 });
    expect(text("?lesson=when-parts-fail&step=3")).toEqual([]);
  });
  it("ignores an unknown lesson, and a step out of range, saying so", () => {
    expect(parseLink("?lesson=nope").lesson).toBeUndefined();
    expect(text("?lesson=nope")[0]).toMatch(
      /^Ignored lesson=“nope”: there is no such lesson \(use /,
    );
    for (const step of ["0", "6", "x", "-1", "1.5", "99999"]) {
      expect(parseLink(`?lesson=when-parts-fail&step=${step}`).lesson?.step).toBe(0);
      expect(text(`?lesson=when-parts-fail&step=${step}`)).toEqual([
        `Ignored step=“${step}”: “When one part fails” has steps 1 to 5. Opened at step 1.`,
      ]);
    }
    expect(text("?step=2")).toEqual(["Ignored step=“2”: it needs a lesson=."]);
  });
});
