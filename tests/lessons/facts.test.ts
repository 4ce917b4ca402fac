import { describe, expect, it } from "vitest";
import { checkFact } from "../../src/lessons/facts";
import { playStep } from "../../src/lessons/run";
import type { Fact, Step } from "../../src/lessons/types";

/** A step to play: a show step of `scene`, with acts, to `watchMs`. */
function play(scene: string, watchMs: number, acts?: Step["acts"]) {
  const step: Step = { kind: "show", id: "s", title: "s", text: "s", setup: { scene }, watchMs };
  return playStep(acts ? { ...step, acts } : step);
}

/** Each fact holds, and its opposite is reported with a reason. */
function expectHolds(sim: ReturnType<typeof play>, holds: Fact, fails: Fact) {
  expect(checkFact(sim, holds)).toBeUndefined();
  expect(checkFact(sim, fails)).toEqual(expect.any(String));
}

describe("facts", () => {
  it("read a first visit: its trace, its version, what ended", () => {
    const sim = play("first-visit", 2_000);
    const cname = { kind: "trace", step: "dns.answer", includes: "www.foobar.com. CNAME" } as const;
    expectHolds(sim, cname, { ...cname, absent: true });
    expectHolds(sim, { ...cname, from: "auth" }, { ...cname, from: "root" });
    expectHolds(sim, { ...cname, toMs: 200 }, { ...cname, fromMs: 200 });
    expectHolds(
      sim,
      { kind: "trace", step: "http.static", component: "nginx", includes: "logo.png" },
      { kind: "trace", step: "http.static", component: "app" },
    );
    expectHolds(sim, { kind: "version", version: "v1" }, { kind: "version", version: "v2" });
    expectHolds(
      sim,
      { kind: "version", version: "v1", component: "app" },
      { kind: "version", version: "v2", component: "app" },
    );
    expectHolds(sim, { kind: "loaded", min: 1, max: 1 }, { kind: "loaded", min: 2 });
    expectHolds(
      sim,
      { kind: "loaded", toMs: 1_000, min: 1 },
      { kind: "loaded", fromMs: 1_000, min: 1 },
    );
    expectHolds(sim, { kind: "failed", max: 0 }, { kind: "failed", min: 1 });
    expectHolds(
      sim,
      { kind: "cpu", component: "server", busyMax: 0 },
      { kind: "cpu", component: "server", busyMin: 1 },
    );
    expectHolds(
      sim,
      { kind: "queued", component: "app", max: 0 },
      { kind: "queued", component: "app", min: 1 },
    );
    expect(checkFact(sim, { kind: "servers", min: 1 })).toBe("there is no scaling group");
  });

  it("read HAProxy, keepalived and MySQL", () => {
    const sim = play("ha-pair", 16_000);
    expectHolds(
      sim,
      { kind: "vrrp", component: "lb2-keepalived", state: "MASTER" },
      { kind: "vrrp", component: "lb1-keepalived", state: "MASTER" },
    );
    expectHolds(
      sim,
      { kind: "lb-server", haproxy: "lb2-haproxy", server: "web1", status: "UP", check: "L4OK" },
      { kind: "lb-server", haproxy: "lb2-haproxy", server: "web1", status: "DOWN" },
    );
    expectHolds(
      sim,
      { kind: "database", component: "web2-mysql", role: "replica", lostMax: 0 },
      { kind: "database", component: "web2-mysql", role: "primary" },
    );
    expectHolds(
      sim,
      { kind: "requests", method: "writes", failedMax: 0, okMin: 1 },
      { kind: "requests", method: "writes", failedMin: 1 },
    );
    expectHolds(
      sim,
      { kind: "failed", outcome: "ERR_CONNECTION_RESET", fromMs: 10_000, max: 5 },
      { kind: "failed", outcome: "http_503", min: 1 },
    );
  });

  it("read a deploy and a scaling group", () => {
    const deploy = play("rolling-deploy", 30_000);
    expectHolds(deploy, { kind: "deploy", phase: "done" }, { kind: "deploy", phase: "upload" });
    const group = play("scale-out", 1_000);
    expectHolds(group, { kind: "servers", min: 2, max: 2 }, { kind: "servers", min: 3 });
  });
});
