import { describe, expect, it } from "vitest";
import { parseLink } from "../../src/app/link";
import { parseCompareLink } from "../../src/compare/link";

describe("compare= in a link", () => {
  it("opens a comparison by id, with its own speed and the default seed", () => {
    const { mode, notices } = parseCompareLink("?compare=compare-surge&autoplay=1");
    expect(notices).toEqual([]);
    expect(mode?.scene.id).toBe("compare-surge");
    expect(mode?.scene.sides.map((s) => s.label)).toEqual([
      "One server",
      "Three servers: HAProxy + 2 web servers",
    ]);
    expect(mode).toMatchObject({ seed: 1, speed: "10", autoplay: true });
    expect(mode?.view).toEqual({ embed: false, controls: true });
  });

  it("works in the embed, with a seed, a speed and a theme", () => {
    const { mode } = parseCompareLink(
      "?compare=compare-surge&embed=1&seed=7&speed=100&theme=dark&controls=0",
    );
    expect(mode).toMatchObject({ seed: 7, speed: "100" });
    expect(mode?.view).toEqual({ embed: true, controls: false, theme: "dark" });
  });

  it("compares two architectures named in the link, on the same script", () => {
    const { mode, notices } = parseCompareLink("?compare=one-server,distributed&rps=30");
    expect(notices).toEqual([]);
    expect(mode?.scene.sides.map((s) => s.architecture)).toEqual(["one-server", "distributed"]);
    expect(mode?.scene.rps).toBe(30);
  });

  it("refuses an architecture compared with itself: no compare mode, a notice saying why", () => {
    const { mode, notices } = parseCompareLink("?compare=one-server,one-server");
    expect(mode).toBeUndefined();
    expect(notices.map((n) => n.text)).toEqual([
      "Ignored compare=“one-server,one-server”: comparing an architecture with itself gives two identical runs; name two different ones (one-server, distributed, web-tier, ha-pair, rolling, blue-green, scale-group, scale-ten, read-replicas, autoscaling, scale-one).",
    ]);
  });

  it("refuses an unknown architecture or comparison, quoting it as text", () => {
    expect(parseCompareLink("?compare=one-server,mainframe").notices[0]?.text).toBe(
      "Ignored compare=“one-server,mainframe”: there is no architecture “mainframe” (use one-server, distributed, web-tier, ha-pair, rolling, blue-green, scale-group, scale-ten, read-replicas, autoscaling, scale-one).",
    );
    const hostile = parseCompareLink("?compare=%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E");
    expect(hostile.mode).toBeUndefined();
    expect(hostile.notices[0]?.parts).toContainEqual({
      input: "<img src=x onerror=alert(1)>",
      quote: true,
    });
    expect(hostile.notices[0]?.text).toMatch(
      /^Ignored compare=“<img src=x onerror=alert\(1\)>”: name a comparison \(compare-surge, compare-deploy\)/,
    );
  });

  it("a refused compare= changes nothing else: the usual page reads the link as without it", () => {
    const search = "?scene=surge&seed=4&speed=10&compare=distributed,distributed";
    const without = parseLink("?scene=surge&seed=4&speed=10");
    const withIt = parseLink(search);
    expect(withIt).toEqual(without); // no "unknown parameter" notice, the same setup and view
    expect(parseCompareLink(search).mode).toBeUndefined();
  });

  it("ignores, with a notice, what compare mode does not use: slow motion, kills, a scene", () => {
    const { mode, notices } = parseCompareLink(
      "?compare=compare-surge&speed=slow&kill=nginx&scene=surge",
    );
    expect(mode?.speed).toBe("10");
    expect(notices.map((n) => n.text)).toEqual([
      "Ignored speed=“slow”: compare mode plays at 0.1, 1, 10, 100 (always traffic, so no slow motion). Using 10.",
      "Ignored “kill”, “scene”: compare mode does not use them.",
    ]);
  });

  it("checks the shared values as the usual page does", () => {
    const { mode, notices } = parseCompareLink("?compare=compare-surge&seed=0x10&rps=5");
    expect(mode?.seed).toBe(1);
    expect(notices.map((n) => n.text)).toEqual([
      "Ignored rps: compare-surge sets its own traffic.",
      "Ignored seed=“0x10”: the seed must be a whole number in plain digits. Using seed 1.",
    ]);
  });
});
