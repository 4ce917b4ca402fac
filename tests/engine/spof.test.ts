import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  createSimulation,
  findSinglePointsOfFailure,
  probeKill,
  type Simulation,
  type SpofVerdict,
  type Topology,
} from "../../src/engine";
import { distributedTopology } from "../../src/scenes/distributed";
import { haPairTopology } from "../../src/scenes/haPair";
import { oneServerTopology } from "../../src/scenes/oneServer";

const byId = (verdicts: readonly SpofVerdict[]) =>
  Object.fromEntries(verdicts.map((v) => [v.component, v]));

/** Killing `id` by hand after a warm visit, then one visit `afterMs` later: its outcome. */
function killByHand(topology: Topology, id: string, afterMs: number): string | undefined {
  const sim = createSimulation({ topology, seed: 1 });
  sim.visit("www.foobar.com");
  sim.advanceTo(10_000);
  expect(sim.kill(id).ok).toBe(true);
  sim.advanceTo(10_000 + afterMs);
  const visit = sim.visit("www.foobar.com");
  sim.advanceTo(sim.now + 400_000);
  return visit.outcome;
}

describe("the single-point-of-failure finder", () => {
  it("finds every part of the one-server stack but the root and TLD servers, with the nuances of caches", () => {
    const v = byId(findSinglePointsOfFailure(oneServerTopology, { seed: 1 }));
    for (const id of ["server", "nginx", "app", "mysql"]) {
      expect(v[id]?.kind, id).toBe("down");
      expect(v[id]?.single).toBe(true);
      expect(v[id]?.summary).toBe("down at once");
    }
    // The answers for foobar.com are cached: the root and .com are not asked again within the run.
    expect(v.root?.kind).toBe("survives");
    expect(v.tld?.kind).toBe("survives");
    expect(v.root?.single).toBe(false);
    // ns1.foobar.com: the resolver answers from its cache until the records' TTL (300 s) runs out.
    expect(v.auth?.kind).toBe("down-after");
    expect(v.auth?.ms).toBeGreaterThan(280_000);
    expect(v.auth?.ms).toBeLessThanOrEqual(310_000);
    expect(v.auth?.outcome).toBe("ERR_NAME_NOT_RESOLVED");
    expect(v.auth?.detail).toMatch(/cached DNS answers/);
    // The resolver: the browser keeps its own answer 60 s (Chromium), then cannot resolve.
    expect(v.resolver?.kind).toBe("down-after");
    expect(v.resolver?.ms).toBeGreaterThan(45_000);
    expect(v.resolver?.ms).toBeLessThanOrEqual(65_000);
    // Users' browsers are not parts of the site.
    expect(v.browser).toBeUndefined();
    expect(v.users).toBeUndefined();
    expect(v.app?.outcome).toBe("http_502");
    expect(v.mysql?.outcome).toBe("http_500");
  });

  it("agrees with killing each part by hand", () => {
    const v = byId(findSinglePointsOfFailure(oneServerTopology, { seed: 1 }));
    for (const verdict of Object.values(v)) {
      const soon = killByHand(oneServerTopology, verdict.component, 1_000);
      const late = killByHand(oneServerTopology, verdict.component, 340_000);
      if (verdict.kind === "down") {
        expect(soon, verdict.component).not.toBe("ok");
        expect(late, verdict.component).not.toBe("ok");
      } else if (verdict.kind === "down-after") {
        expect(soon, verdict.component).toBe("ok");
        expect(late, verdict.component).not.toBe("ok");
      } else {
        expect(verdict.kind).toBe("survives");
        expect(soon, verdict.component).toBe("ok");
        expect(late, verdict.component).toBe("ok");
      }
    }
  });

  it("on two web servers behind HAProxy, finds the load balancer and the database, not the web servers", () => {
    const v = byId(
      findSinglePointsOfFailure(distributedTopology({ webServers: 2, database: "single" }), {
        seed: 1,
      }),
    );
    for (const id of ["lb", "haproxy", "db", "mysql"]) expect(v[id]?.single, id).toBe(true);
    for (const id of ["web1", "web1-nginx", "web2", "web2-nginx"]) {
      // Some visits fail until the health checks mark the server DOWN, then none.
      expect(v[id]?.kind, id).toBe("partial-for");
      expect(v[id]?.single).toBe(false);
      expect(v[id]?.ms).toBeLessThan(15_000);
      expect(v[id]?.outcome).toBe("http_503");
    }
    // The TCP check trap: Nginx still accepts connections, so HAProxy keeps sending requests.
    expect(v["web1-app"]?.kind).toBe("partial");
    expect(v["web1-app"]?.outcome).toBe("http_502");
    expect(v["web1-app"]?.failed).toBeGreaterThan((v["web1-app"]?.probes ?? 0) / 3);
  });

  it("with a replicated database, tells writes failing from pages failing", () => {
    const v = byId(findSinglePointsOfFailure(distributedTopology({ webServers: 2 }), { seed: 1 }));
    // Probes write too (POST /comment) where the topology has writes.
    // (96 page reads in the six minutes, and a write every third round: 32.)
    expect(v["web1-mysql"]?.probes).toBe(128);
    // The primary: pages load from the replica, writes fail until a replica is promoted.
    expect(v["web1-mysql"]?.kind).toBe("writes-fail");
    expect(v["web1-mysql"]?.single).toBe(true);
    expect(v["web1-mysql"]?.summary).toBe("writes fail, reads work");
    expect(v["web1-mysql"]?.outcome).toBe("http_500");
    // The replica: every page reads from it, so every page fails.
    expect(v["web2-mysql"]?.kind).toBe("down");
    expect(v["web2-mysql"]?.detail).not.toMatch(/health check/);
  });

  it("on a pair of load balancers, finds what is really left: DNS and the database", () => {
    const v = byId(findSinglePointsOfFailure(haPairTopology({}), { seed: 1 }));
    const single = Object.values(v)
      .filter((x) => x.single)
      .map((x) => x.component)
      .sort();
    // MySQL's primary (writes) and its replica (every page reads from it), and the machines
    // they run on; DNS on a timer. Not the load balancers.
    expect(single).toEqual(["auth", "resolver", "web1", "web1-mysql", "web2", "web2-mysql"]);
    expect(v.web1?.kind).toBe("writes-fail");
    // The master's machine dies: its SYNs are retried and reach lb2 once it holds 8.8.8.8
    // (about 3.6 s later): slower visits, none failed.
    expect(v.lb1?.kind).toBe("survives");
    expect(v.lb1?.ms).toBeGreaterThan(2_500);
    expect(v.lb1?.detail).toMatch(/the slowest took \d/);
    for (const id of ["lb1-haproxy", "lb1-keepalived"]) {
      expect(["down-for", "partial-for"], id).toContain(v[id]?.kind);
      expect(v[id]?.detail).toMatch(/keepalived on the other load balancer took over/);
    }
    expect(v["web1-nginx"]?.detail).toMatch(/HAProxy's health checks took it out of service/);
    expect(v["web1-app"]?.detail).toMatch(/health check does not see this failure/);
  });

  it("under traffic (20 visits/s, as the app replays it), agrees with killing each part by hand under the same traffic", () => {
    const topology = distributedTopology({ webServers: 2 });
    const traffic = (sim: Simulation) => sim.setTraffic(20);
    // DNS is left to the one-server test above (its verdicts need the six-minute window).
    const candidates = ["lb", "haproxy", "web1", "web1-nginx", "web1-app", "web1-mysql", "web2"];
    const verdicts = findSinglePointsOfFailure(topology, {
      seed: 1,
      prepare: traffic,
      candidates,
      windowMs: 60_000,
    });
    /** By hand: the same traffic, the kill at 10 s, then a page and a write 40 s later. */
    const byHand = (id: string) => {
      const sim = createSimulation({ topology, seed: 1 });
      traffic(sim);
      sim.advanceTo(10_000);
      expect(sim.kill(id).ok).toBe(true);
      sim.advanceTo(50_000);
      const page = sim.visit("www.foobar.com");
      const write = sim.visit("www.foobar.com", { path: "/comment", method: "POST" });
      sim.advanceTo(sim.now + 200_000);
      return { page: page.outcome, write: write.outcome };
    };
    const seen = Object.fromEntries(
      verdicts.map((v) => {
        const hand = byHand(v.component);
        // What the verdict says a user sees 40 s after the kill, against what one saw.
        const pageFails = v.kind === "down" || v.kind === "partial";
        const writeFails = pageFails || v.kind === "writes-fail";
        expect(hand.page === "ok", `${v.component} page (${v.kind}: ${hand.page})`).toBe(
          !pageFails,
        );
        if (v.kind !== "partial")
          expect(hand.write === "ok", `${v.component} write (${v.kind}: ${hand.write})`).toBe(
            !writeFails,
          );
        return [v.component, v.kind];
      }),
    );
    // Under traffic the primary's machine takes the pages down with the writes (each write holds a
    // PHP worker on a silent address); the primary's process alone refuses at once: writes fail.
    expect(seen).toMatchObject({ web1: "down", "web1-mysql": "writes-fail", haproxy: "down" });
  });

  it("with HAProxy's HTTP check, a dead application server is taken out of service", () => {
    const topology = distributedTopology({ webServers: 2, database: "single" });
    const verdict = probeKill(topology, "web1-app", {
      seed: 1,
      prepare: (sim) => expect(sim.command("haproxy", "check", "http").ok).toBe(true),
    });
    expect(verdict.kind).toBe("partial-for");
    expect(verdict.ms).toBeLessThan(10_000);
  });

  it("tests the setup as it is: with one web server already stopped, the other becomes a single point of failure", () => {
    const topology = distributedTopology({ webServers: 2, database: "single" });
    const verdicts = byId(
      findSinglePointsOfFailure(topology, {
        seed: 1,
        candidates: ["web1", "web2"],
        prepare: (sim) => expect(sim.kill("web1").ok).toBe(true),
      }),
    );
    expect(verdicts.web1?.kind).toBe("stopped");
    expect(verdicts.web1?.single).toBe(false);
    expect(verdicts.web2?.kind).toBe("down");
    expect(verdicts.web2?.outcome).toBe("http_503");
  });

  it("is deterministic and every verdict counts its probes (random setups)", () => {
    const topology = distributedTopology({ webServers: 2, database: "single" });
    const optional = ["root", "tld", "web1", "web2-nginx", "web1-app"];
    fc.assert(
      fc.property(
        fc.subarray(optional, { maxLength: 2 }),
        fc.constantFrom("web2", "haproxy", "auth"),
        fc.integer({ min: 1, max: 1_000 }),
        (killed, candidate, seed) => {
          const options = {
            seed,
            candidates: [candidate],
            windowMs: 60_000,
            prepare: (sim: ReturnType<typeof createSimulation>) => {
              for (const id of killed) sim.kill(id);
            },
          };
          const a = findSinglePointsOfFailure(topology, options);
          const b = findSinglePointsOfFailure(topology, options);
          expect(a).toEqual(b);
          const [v] = a;
          expect(v?.failed).toBeLessThanOrEqual(v?.probes ?? 0);
          if (v?.kind === "survives") expect(v.failed).toBe(0);
          // Every page failed (a write may have worked): pages are three probes in four.
          if (v?.kind === "down")
            expect(v.failed).toBeGreaterThanOrEqual(Math.floor((v.probes * 3) / 4));
        },
      ),
      { numRuns: 8 },
    );
  });
});
