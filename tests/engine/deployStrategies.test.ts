import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  CANARY_HOLD_MS,
  createSimulation,
  type DeployOptions,
  type Outcome,
  type Simulation,
  type Topology,
} from "../../src/engine";
import type { HaproxyState } from "../../src/engine/haproxy";
import { blueGreenTopology, httpCheckTopology } from "../../src/scenes/deployScenes";
import { distributedTopology } from "../../src/scenes/distributed";
import { oneServerTopology } from "../../src/scenes/oneServer";

const DEPLOY_AT = 10_000;
const RPS = 20;

/** Visits ended in (from, to]: how many, and the failed ones' end times. */
function visitsBetween(sim: Simulation, from: number, to = sim.now) {
  const failed: number[] = [];
  let total = 0;
  sim.completions.forEachSince(from, (t, _d, outcome: Outcome) => {
    if (t > to) return;
    total++;
    if (outcome !== "ok") failed.push(t);
  });
  return { total, failed: failed.sort((a, b) => a - b) };
}

/** Runs the clock in steps of `stepMs` until `done()` (at most `limitMs` more). */
function runUntil(sim: Simulation, done: () => boolean, stepMs = 500, limitMs = 300_000): void {
  const end = sim.now + limitMs;
  while (!done() && sim.now < end) sim.advanceTo(sim.now + stepMs);
}

/** Steady traffic, a deploy at 10 s, and time until it ends (plus 20 s). */
function deployUnderTraffic(topology: Topology, options: DeployOptions, seed = 1) {
  const sim = createSimulation({ topology, seed });
  sim.setTraffic(RPS);
  sim.advanceTo(DEPLOY_AT);
  const result = sim.deploy(undefined, options);
  runUntil(sim, () => sim.deployState()?.endedAt !== undefined);
  sim.advanceTo(sim.now + 20_000);
  return { sim, result, ...visitsBetween(sim, DEPLOY_AT) };
}

const lb = (sim: Simulation): HaproxyState => {
  const s = sim.componentState("haproxy");
  if (s.kind !== "haproxy") throw new Error("not an haproxy");
  return s.state;
};
const admin = (sim: Simulation, name: string) =>
  lb(sim).servers.find((s) => s.name === name)?.health.admin;

describe("rolling deploy", () => {
  it("drains, deploys and checks one server at a time: no visit fails at a load one server carries", () => {
    const { sim, result, total, failed } = deployUnderTraffic(httpCheckTopology(), {
      strategy: "rolling",
    });
    expect(result.ok).toBe(true);
    expect(total).toBeGreaterThan(500);
    expect(failed).toEqual([]);
    expect(sim.codeVersion("web1-app")).toBe("v2");
    expect(sim.codeVersion("web2-app")).toBe("v2");
    const steps = sim.deployState()?.progress ?? [];
    expect(steps[0]).toMatch(/set server web\/web1 state drain/);
    expect(steps.findIndex((s) => /web1 UP, 2\/2 checks/.test(s))).toBeLessThan(
      steps.findIndex((s) => /state drain: web2/.test(s) || /web\/web2 state drain/.test(s)),
    );
    expect(sim.deployState()?.phase).toBe("done");
  });

  it("serves two versions at once while it runs, and says which served each page", () => {
    const sim = createSimulation({ topology: httpCheckTopology(3), seed: 3 });
    sim.setTraffic(RPS);
    sim.setRepeatVisits(250);
    sim.advanceTo(DEPLOY_AT);
    sim.deploy(undefined, { strategy: "rolling" });
    sim.advanceTo(DEPLOY_AT + 60_000);
    expect(sim.deployState()?.phase).toBe("done");
    const served = sim.visits.filter((v) => v.startedAt > DEPLOY_AT && v.endedAt !== undefined);
    expect(new Set(served.map((v) => v.version))).toEqual(new Set(["v1", "v2"]));
    // A page of v1 (from web3, not yet deployed) ends after a page of v2 (from web1) began.
    const firstV2 = Math.min(...served.filter((v) => v.version === "v2").map((v) => v.startedAt));
    const lastV1 = Math.max(...served.filter((v) => v.version === "v1").map((v) => v.endedAt ?? 0));
    expect(lastV1).toBeGreaterThan(firstV2);
    // The log says which version ran each page.
    expect(sim.trace.some((e) => e.type === "note" && /\(code v2\)/.test(e.summary))).toBe(true);
  });

  it("stops at the first server when a bad-500 release fails the HTTP check: no visitor sees it", () => {
    const { sim, total, failed } = deployUnderTraffic(httpCheckTopology(), {
      strategy: "rolling",
      release: "bad-500",
    });
    const state = sim.deployState();
    expect(state?.phase).toBe("stopped");
    expect(state?.stopped).toMatch(/web1 failed 3 health checks in a row.*L7STS/);
    expect(sim.codeVersion("web1-app")).toBe("v2");
    expect(sim.codeVersion("web2-app")).toBe("v1");
    expect(admin(sim, "web1")).toBe("drain");
    expect(total).toBeGreaterThan(500);
    expect(failed).toEqual([]);
  });

  it("rolls back: v1 goes back on the server that had the bad release, with no failed visit", () => {
    const { sim } = deployUnderTraffic(httpCheckTopology(), {
      strategy: "rolling",
      release: "bad-500",
    });
    const from = sim.now;
    expect(sim.rollback().ok).toBe(true);
    runUntil(sim, () => sim.deployState()?.endedAt !== undefined);
    sim.advanceTo(sim.now + 10_000);
    expect(sim.deployState()?.phase).toBe("done");
    expect(sim.deployState()?.hosts).toEqual(["web1"]);
    expect(sim.codeVersion("web1-app")).toBe("v1");
    expect(admin(sim, "web1")).toBe("ready");
    expect(visitsBetween(sim, from).failed).toEqual([]);
    expect(sim.rollback()).toEqual({
      ok: false,
      message: "There is nothing to roll back to: the site runs v1, the first version it had.",
    });
  });
});

describe("blue-green deploy", () => {
  it("deploys to the idle half, switches at once, and a rollback switches back: no visit fails", () => {
    const { sim, total, failed } = deployUnderTraffic(blueGreenTopology(), {
      strategy: "blue-green",
    });
    expect(total).toBeGreaterThan(500);
    expect(failed).toEqual([]);
    expect(["web1", "web2", "web3", "web4"].map((n) => admin(sim, n))).toEqual([
      "maint",
      "maint",
      "ready",
      "ready",
    ]);
    expect(sim.codeVersion("web1-app")).toBe("v1");
    expect(sim.codeVersion("web3-app")).toBe("v2");
    const from = sim.now;
    expect(sim.rollback()).toMatchObject({
      ok: true,
      message: expect.stringMatching(/Switching back to v1/),
    });
    // At once: no deploy step, the switch is done in the same instant.
    expect(sim.deployState()?.phase).toBe("done");
    expect(admin(sim, "web1")).toBe("ready");
    expect(admin(sim, "web3")).toBe("maint");
    sim.advanceTo(from + 30_000);
    expect(visitsBetween(sim, from).failed).toEqual([]);
  });

  it("is refused where no server is idle", () => {
    const sim = createSimulation({ topology: httpCheckTopology(), seed: 1 });
    const r = sim.deploy(undefined, { strategy: "blue-green" });
    expect(r.ok).toBe(false);
    expect(r.message).toMatch(/needs an idle half of the servers/);
    expect(sim.deployState()).toBeUndefined();
  });
});

describe("all-at-once on several servers", () => {
  it("fails visits only while the servers restart: the outage window", () => {
    const { sim, failed } = deployUnderTraffic(httpCheckTopology(), { strategy: "all-at-once" });
    const { uploadMs, appRestartMs, webRestartMs } = sim.topology.specs.length
      ? oneServerTopology.deploy
      : { uploadMs: 0, appRestartMs: 0, webRestartMs: 0 };
    expect(failed.length).toBeGreaterThan(50);
    // Nothing fails before the restarts begin (the upload keeps the old code serving)…
    expect(failed[0]).toBeGreaterThanOrEqual(DEPLOY_AT + uploadMs);
    // …and nothing started after the restarts and HAProxy's checks (2 × 2 s) fails.
    const last = failed[failed.length - 1] as number;
    expect(last).toBeLessThanOrEqual(DEPLOY_AT + uploadMs + appRestartMs + webRestartMs + 10_000);
  });
});

describe("canary deploy", () => {
  it("with a bad-500 release, fails about its weight's share of visits, then stops", () => {
    const sim = createSimulation({ topology: distributedTopology({ webServers: 2 }), seed: 1 });
    sim.setTraffic(RPS);
    sim.advanceTo(DEPLOY_AT);
    expect(sim.deploy(undefined, { strategy: "canary", release: "bad-500" }).ok).toBe(true);
    runUntil(sim, () => sim.deployState()?.phase === "canary", 100);
    const from = sim.now;
    sim.advanceTo(from + CANARY_HOLD_MS - 500);
    const { total, failed } = visitsBetween(sim, from + 2_000);
    const share = failed.length / total;
    expect(total).toBeGreaterThan(400);
    expect(share).toBeGreaterThan(0.06);
    expect(share).toBeLessThan(0.14);
    expect(sim.deployState()?.label).toMatch(/^canary at 10 %: \d+ errors of \d+$/);
    sim.advanceTo(from + CANARY_HOLD_MS + 5_000);
    expect(sim.deployState()?.phase).toBe("stopped");
    expect(sim.deployState()?.stopped).toMatch(/the canary web1 failed \d+ of its \d+ requests/);
    expect(sim.codeVersion("web2-app")).toBe("v1");
    // Drained and weights back: no new visit fails.
    const after = sim.now + 2_000;
    sim.advanceTo(after + 20_000);
    expect(visitsBetween(sim, after).failed).toEqual([]);
  });

  it("with a good release, promotes to every server", () => {
    const { sim, failed } = deployUnderTraffic(distributedTopology({ webServers: 2 }), {
      strategy: "canary",
    });
    expect(sim.deployState()?.phase).toBe("done");
    expect(failed).toEqual([]);
    expect(lb(sim).servers.map((s) => s.weight)).toEqual([1, 1]);
    // Judged on its latency too, and it was as fast as the others.
    expect((sim.deployState()?.progress ?? []).join("\n")).toMatch(
      /canary web1 answered \d+ requests with 0 errors in 30 s, in \d+ ms on average \(the others \d+ ms\): promoting v2/,
    );
  });

  it("with a bad-slow release under the TCP check (no failed request), stops on the canary's latency", () => {
    // The TCP check cannot see a slow page and no request fails: only the response times
    // (HAProxy's Tr) tell the canary from the others: each page 3 s more, its static files as
    // fast as ever, about 1.1 s on average against a few ms.
    const sim = createSimulation({ topology: distributedTopology({ webServers: 2 }), seed: 2 });
    sim.setTraffic(RPS);
    sim.advanceTo(DEPLOY_AT);
    expect(sim.deploy(undefined, { strategy: "canary", release: "bad-slow" }).ok).toBe(true);
    runUntil(sim, () => sim.deployState()?.phase === "canary", 100);
    const from = sim.now;
    sim.advanceTo(from + CANARY_HOLD_MS + 5_000);
    expect(visitsBetween(sim, from).failed).toEqual([]);
    const state = sim.deployState();
    expect(state?.phase).toBe("stopped");
    const m = /the canary web1 answered in (\d+) ms on average against (\d+) ms on the others/.exec(
      state?.stopped ?? "",
    );
    expect(m).not.toBeNull();
    expect(Number(m?.[1])).toBeGreaterThan(1_000);
    expect(Number(m?.[2])).toBeLessThan(100);
    expect(sim.codeVersion("web2-app")).toBe("v1");
    expect(admin(sim, "web1")).toBe("drain");
    expect(lb(sim).servers.map((s) => s.weight)).toEqual([1, 1]);
  });
});

describe("bad input", () => {
  const refusedWithoutChange = (sim: Simulation, run: () => { ok: boolean; message: string }) => {
    const before = JSON.stringify([sim.deployState(), sim.deployHistory(), sim.stats()]);
    const r = run();
    expect(r.ok).toBe(false);
    expect(JSON.stringify([sim.deployState(), sim.deployHistory(), sim.stats()])).toBe(before);
    return r.message;
  };

  it("refuses unknown strategies and releases, and strategies that need a load balancer on one server", () => {
    const one = createSimulation({ topology: oneServerTopology, seed: 1 });
    expect(refusedWithoutChange(one, () => one.deploy(undefined, { strategy: "rolling" }))).toMatch(
      /A rolling deploy needs a load balancer .* one server \(Server 8\.8\.8\.8\)/,
    );
    expect(
      refusedWithoutChange(one, () =>
        one.deploy(undefined, { strategy: "yolo" as unknown as "rolling" }),
      ),
    ).toBe("“yolo” is not a deploy strategy: use all-at-once, rolling, blue-green, canary.");
    expect(
      refusedWithoutChange(one, () =>
        one.deploy(undefined, { release: "meh" as unknown as "good" }),
      ),
    ).toBe("“meh” is not a release: use good, bad-500, bad-slow.");
    expect(refusedWithoutChange(one, () => one.rollback())).toMatch(/nothing to roll back to/);
  });

  it("refuses a deploy or a rollback during a deploy", () => {
    const sim = createSimulation({ topology: httpCheckTopology(), seed: 1 });
    sim.setTraffic(RPS);
    expect(sim.deploy(undefined, { strategy: "rolling" }).ok).toBe(true);
    sim.advanceTo(3_000);
    expect(refusedWithoutChange(sim, () => sim.deploy(undefined, { strategy: "canary" }))).toBe(
      "A deploy (v2) is already running.",
    );
    expect(refusedWithoutChange(sim, () => sim.rollback())).toBe(
      "A deploy (v2) is already running.",
    );
  });

  it("rolls back on one server too, and the one-server deploy keeps its words", () => {
    const sim = createSimulation({ topology: oneServerTopology, seed: 1 });
    expect(sim.deploy(undefined, { release: "bad-500" })).toEqual({
      ok: true,
      message: "Deploying v2 (bad-500) to Server 8.8.8.8.",
    });
    sim.runUntilIdle();
    const page = sim.visit("www.foobar.com");
    sim.runUntilIdle();
    expect(page.status).toBe(500);
    expect(page.reason).toMatch(/code of v2 failed on this page \(PHP Fatal error/);
    expect(sim.rollback().message).toBe("Rolling back to v1 on Server 8.8.8.8.");
    sim.runUntilIdle();
    const again = sim.visit("www.foobar.com");
    sim.runUntilIdle();
    expect(again.status).toBe(200);
    expect(again.version).toBe("v1");
  });
});

describe("HAProxy weights", () => {
  it("set server … weight shares roundrobin by weight, and refuses bad weights", () => {
    const sim = createSimulation({ topology: distributedTopology({ webServers: 2 }), seed: 1 });
    expect(sim.command("haproxy", "server", { name: "web1", weight: 10 }).ok).toBe(true);
    expect(sim.command("haproxy", "server", { name: "web2", weight: 90 }).ok).toBe(true);
    expect(sim.command("haproxy", "server", { name: "web2", weight: 257 })).toEqual({
      ok: false,
      message: "A server's weight is a whole number from 0 to 256, not 257.",
    });
    sim.setTraffic(RPS);
    sim.advanceTo(60_000);
    const [a, b] = lb(sim).servers.map((s) => s.sent) as [number, number];
    expect(a / (a + b)).toBeGreaterThan(0.08);
    expect(a / (a + b)).toBeLessThan(0.12);
  });
});

describe("property: deploys, rollbacks and kills under traffic", () => {
  const action = fc.oneof(
    fc.record({
      type: fc.constant("deploy" as const),
      strategy: fc.constantFrom("all-at-once", "rolling", "blue-green", "canary", "bogus"),
      release: fc.constantFrom("good", "bad-500", "bad-slow"),
      mode: fc.constantFrom("restart", "reload"),
    }),
    fc.record({ type: fc.constant("rollback" as const) }),
    fc.record({
      type: fc.constantFrom("kill" as const, "revive" as const),
      id: fc.constantFrom("web1", "web3-app", "web2-nginx", "haproxy", "web4"),
    }),
  );
  const run = (
    seed: number,
    steps: {
      at: number;
      a: fc.Arbitrary<unknown> extends never ? never : Record<string, string>;
    }[],
  ) => {
    const sim = createSimulation({ topology: blueGreenTopology(), seed });
    sim.setTraffic(30);
    for (const { at, a } of steps) {
      sim.advanceTo(sim.now + at);
      if (a.type === "deploy") sim.deploy(undefined, a as unknown as DeployOptions);
      else if (a.type === "rollback") sim.rollback();
      else if (a.type === "kill") sim.kill(a.id as string);
      else sim.revive(a.id as string);
      const s = sim.stats();
      const finished = Object.values(s.finished).reduce((x, y) => x + y, 0);
      expect(s.requestsSent).toBe(finished + s.requestsInFlight);
    }
    sim.advanceTo(sim.now + 120_000);
    return sim;
  };
  it("every request ends exactly once, and the same seed gives the same trace", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1_000 }),
        fc.array(fc.record({ at: fc.integer({ min: 0, max: 15_000 }), a: action }), {
          maxLength: 8,
        }),
        (seed, steps) => {
          const typed = steps as unknown as Parameters<typeof run>[1];
          const a = run(seed, typed);
          const b = run(seed, typed);
          expect(a.traceTotal).toBe(b.traceTotal);
          expect(JSON.stringify(a.stats())).toBe(JSON.stringify(b.stats()));
          expect(JSON.stringify(a.deployState())).toBe(JSON.stringify(b.deployState()));
          expect(a.trace.slice(-50)).toEqual(b.trace.slice(-50));
        },
      ),
      { numRuns: 12, seed: 15 },
    );
  });
});
