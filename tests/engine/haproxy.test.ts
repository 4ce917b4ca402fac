import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  createSimulation,
  OUTCOMES,
  type Outcome,
  type Simulation,
  type Topology,
} from "../../src/engine";
import { HAPROXY_PAGES, type HaproxyState } from "../../src/engine/haproxy";
import { distributedTopology as replicatedTopology } from "../../src/scenes/distributed";

/**
 * The distributed stack as these tests were written for: one MySQL on a database server of its
 * own and no writes in the traffic, so that a web server's failure is only the web server's
 * (with the replicated design, killing web1 also kills MySQL's primary: replication.test.ts).
 */
function distributedTopology(options: { webServers: number }): Topology {
  return { ...replicatedTopology({ ...options, database: "single" }), writes: undefined };
}
const distributed = distributedTopology({ webServers: 2 });

/** The distributed stack with changes to HAProxy's spec. */
function withHaproxy(change: Record<string, unknown>, webServers = 2): Topology {
  const t = distributedTopology({ webServers });
  return {
    ...t,
    components: t.components.map((c) => (c.kind === "haproxy" ? { ...c, ...change } : c)),
  };
}

function lb(sim: Simulation): HaproxyState {
  const s = sim.componentState("haproxy");
  if (s.kind !== "haproxy") throw new Error("not an haproxy");
  return s.state;
}

const server = (sim: Simulation, name: string) =>
  lb(sim).servers.find((s) => s.name === name) as HaproxyState["servers"][number];

/** When HAProxy logged a line matching `pattern`, after `since`. */
function loggedAt(sim: Simulation, pattern: RegExp, since = 0): number | undefined {
  const e = sim.trace.find(
    (t) => t.type === "note" && t.step === "lb.check" && t.at > since && pattern.test(t.summary),
  );
  return e?.type === "note" ? e.at : undefined;
}

interface Ended {
  end: number;
  duration: number;
  outcome: Outcome;
}

/** Runs to `until` in 100 ms slices, collecting every visit that ended (traffic included). */
function runCollect(sim: Simulation, until: number, into: Ended[]): Ended[] {
  let prev = sim.now;
  for (let t = sim.now + 100; t <= until; t += 100) {
    sim.advanceTo(t);
    sim.completions.forEachSince(prev, (end, duration, outcome) =>
      into.push({ end, duration, outcome }),
    );
    prev = t;
  }
  return into;
}

describe("HAProxy in front of two web servers (distributed)", () => {
  it("balance roundrobin alternates web1 and web2", () => {
    const sim = createSimulation({ topology: distributed, seed: 1 });
    sim.visit("www.foobar.com");
    sim.advanceTo(5_000);
    const to = sim.trace
      .filter((e) => e.type === "hop" && e.from === "haproxy" && e.step === "http.request")
      .map((e) => (e.type === "hop" ? e.to : ""));
    expect(to).toEqual(["web1-nginx", "web2-nginx", "web1-nginx"]);
    expect(sim.visits[0]?.outcome).toBe("ok");
    // The check is a real connection: both servers were checked and are UP.
    expect(lb(sim).servers.map((s) => [s.name, s.statusText, s.lastCheck])).toEqual([
      ["web1", "UP", "L4OK"],
      ["web2", "UP", "L4OK"],
    ]);
    expect(lb(sim).algorithm).toBe("roundrobin");
    expect(lb(sim).checkType).toBe("tcp");
  });

  it("first checks spread over one inter: server k of n at k·inter/n", () => {
    const sim = createSimulation({ topology: distributedTopology({ webServers: 4 }), seed: 1 });
    // The checks are not traced: their SYNs show in the servers' accepted connections.
    const accepted: number[][] = [];
    for (const t of [1, 499, 501, 999, 1_001, 1_499, 1_501]) {
      sim.advanceTo(t);
      accepted.push(
        [1, 2, 3, 4].map((n) => {
          const s = sim.componentState(`web${n}-nginx`);
          return s.kind === "nginx" ? s.state.accepted : -1;
        }),
      );
    }
    expect(accepted).toEqual([
      [1, 0, 0, 0],
      [1, 0, 0, 0],
      [1, 1, 0, 0],
      [1, 1, 0, 0],
      [1, 1, 1, 0],
      [1, 1, 1, 0],
      [1, 1, 1, 1],
    ]);
  });

  it("web1's machine dies under traffic: requests to it get 503 after 4 × timeout connect until it is DOWN 10–12 s later, then none fail", () => {
    const sim = createSimulation({ topology: distributed, seed: 3 });
    sim.setTraffic(20);
    const ended: Ended[] = [];
    runCollect(sim, 10_000, ended);
    expect(ended.every((e) => e.outcome === "ok")).toBe(true);
    const killedAt = sim.now;
    expect(sim.kill("web1").ok).toBe(true);
    runCollect(sim, killedAt + 60_000, ended);
    const downAt = loggedAt(sim, /^Server web\/web1 is DOWN, reason: Layer4 timeout/);
    expect(downAt).toBeDefined();
    const detection = (downAt as number) - killedAt;
    expect(detection).toBeGreaterThanOrEqual(10_000);
    expect(detection).toBeLessThanOrEqual(12_100);
    const failed = ended.filter((e) => e.outcome !== "ok");
    expect(failed.length).toBeGreaterThan(0);
    for (const f of failed) {
      expect(f.outcome).toBe("http_503");
      // 4 attempts × timeout connect 5 s, plus the Internet round trips.
      expect(f.duration).toBeGreaterThanOrEqual(20_000);
      expect(f.duration).toBeLessThan(21_000);
      // Only requests that started before web1 was marked DOWN.
      expect(f.end - f.duration).toBeLessThan(downAt as number);
    }
    // Visits that started after DOWN all load.
    const after = ended.filter((e) => e.end - e.duration > (downAt as number));
    expect(after.length).toBeGreaterThan(100);
    expect(after.every((e) => e.outcome === "ok")).toBe(true);
    expect(server(sim, "web1").statusText).toBe("DOWN");
    expect(server(sim, "web1").lastCheck).toBe("L4TOUT");
  });

  it("with option redispatch, the requests caught by the dead machine go to web2 after one timeout connect: none fail", () => {
    const sim = createSimulation({ topology: withHaproxy({ redispatch: true }), seed: 3 });
    sim.setTraffic(20);
    const ended: Ended[] = [];
    runCollect(sim, 10_000, ended);
    sim.kill("web1");
    runCollect(sim, 60_000, ended);
    expect(ended.every((e) => e.outcome === "ok")).toBe(true);
    // Some were delayed by one timeout connect (5 s) per request: a visit's page, then its
    // static files, so at most two in a row.
    const slow = ended.filter((e) => e.duration > 5_000);
    expect(slow.length).toBeGreaterThan(0);
    expect(slow.every((e) => e.duration < 11_000)).toBe(true);
  });

  it("web1's Nginx stops (refused): DOWN 4–6 s later, 503 after 3 s meanwhile; revived, UP 2–4 s later", () => {
    const sim = createSimulation({ topology: distributed, seed: 5 });
    sim.setTraffic(20);
    const ended: Ended[] = [];
    runCollect(sim, 10_000, ended);
    const killedAt = sim.now;
    sim.kill("web1-nginx");
    runCollect(sim, killedAt + 20_000, ended);
    const downAt = loggedAt(sim, /^Server web\/web1 is DOWN/) as number;
    expect(
      sim.trace.some(
        (e) =>
          e.type === "note" &&
          e.summary.startsWith(
            'Server web/web1 is DOWN, reason: Layer4 connection problem, info: "Connection refused", check duration: 0ms. 1 active and 0 backup servers left.',
          ),
      ),
    ).toBe(true);
    expect(downAt - killedAt).toBeGreaterThanOrEqual(4_000);
    expect(downAt - killedAt).toBeLessThanOrEqual(6_000);
    const failed = ended.filter((e) => e.outcome !== "ok");
    expect(failed.length).toBeGreaterThan(0);
    for (const f of failed) {
      expect(f.outcome).toBe("http_503");
      // 3 turn-around waits of min(timeout connect, 1 s).
      expect(f.duration).toBeGreaterThanOrEqual(3_000);
      expect(f.duration).toBeLessThan(4_000);
    }
    const revivedAt = sim.now;
    sim.revive("web1-nginx");
    runCollect(sim, revivedAt + 10_000, ended);
    const upAt = loggedAt(sim, /^Server web\/web1 is UP/, revivedAt) as number;
    expect(upAt - revivedAt).toBeGreaterThanOrEqual(2_000);
    expect(upAt - revivedAt).toBeLessThanOrEqual(4_000);
    expect(server(sim, "web1").statusText).toBe("UP");
  });

  it("refused with option redispatch: the retry goes to web2 at once, no one waits", () => {
    const sim = createSimulation({ topology: withHaproxy({ redispatch: true }), seed: 5 });
    sim.setTraffic(20);
    const ended: Ended[] = [];
    runCollect(sim, 10_000, ended);
    sim.kill("web1-nginx");
    runCollect(sim, 30_000, ended);
    expect(ended.every((e) => e.outcome === "ok")).toBe(true);
    expect(Math.max(...ended.map((e) => e.duration))).toBeLessThan(3_000);
  });

  it("the TCP check stays UP while web1's application server is dead, and users get Nginx's 502 through HAProxy; the HTTP check marks it DOWN", () => {
    const sim = createSimulation({ topology: distributed, seed: 7 });
    sim.setTraffic(20);
    const ended: Ended[] = [];
    runCollect(sim, 5_000, ended);
    sim.kill("web1-app");
    runCollect(sim, 30_000, ended);
    expect(server(sim, "web1").statusText).toBe("UP");
    const bad = ended.filter((e) => e.outcome !== "ok");
    expect(bad.length).toBeGreaterThan(20);
    expect(bad.every((e) => e.outcome === "http_502")).toBe(true);
    // The watched user sees it too: the answer comes from HAProxy, written by Nginx.
    const v = sim.visit("www.foobar.com");
    sim.advanceTo(sim.now + 3_000);
    sim.visit("www.foobar.com");
    sim.advanceTo(sim.now + 3_000);
    const failedVisit = sim.visits.find((x) => x.id >= v.id && x.outcome === "http_502");
    expect(failedVisit?.reason).toMatch(/PHP-FPM/);
    const page = sim.requests.find((r) => r.visitId === failedVisit?.id && r.path === "/");
    expect(page?.servedBy).toBe("haproxy");

    const switchedAt = sim.now;
    expect(sim.command("haproxy", "check", "http").ok).toBe(true);
    expect(lb(sim).checkType).toBe("http");
    const after: Ended[] = [];
    runCollect(sim, switchedAt + 20_000, after);
    const downAt = loggedAt(
      sim,
      /^Server web\/web1 is DOWN, reason: Layer7 wrong status, code: 502, info: "Bad Gateway"/,
      switchedAt,
    ) as number;
    expect(downAt - switchedAt).toBeLessThanOrEqual(6_100);
    expect(server(sim, "web1").statusText).toBe("DOWN");
    expect(server(sim, "web1").lastCheck).toBe("L7STS");
    expect(server(sim, "web2").statusText).toBe("UP");
    // After DOWN, no 502s for visits that started later.
    const late = after.filter((e) => e.end - e.duration > downAt);
    expect(late.length).toBeGreaterThan(50);
    expect(late.every((e) => e.outcome === "ok")).toBe(true);
  });

  it("all servers dead: HAProxy answers its own 503 page at once, and logs that the backend has no server", () => {
    const sim = createSimulation({ topology: distributed, seed: 2 });
    sim.visit("www.foobar.com");
    sim.advanceTo(3_000);
    sim.kill("web1-nginx");
    sim.kill("web2-nginx");
    sim.advanceTo(15_000);
    expect(lb(sim).servers.map((s) => s.statusText)).toEqual(["DOWN", "DOWN"]);
    expect(loggedAt(sim, /^backend web has no server available!$/)).toBeDefined();
    const v = sim.visit("www.foobar.com");
    sim.advanceTo(20_000);
    expect(v.outcome).toBe("http_503");
    expect(v.status).toBe(503);
    // Browser's DNS is cached: one round trip for the connection, one for the request.
    expect((v.endedAt as number) - v.startedAt).toBeLessThan(200);
    const page = sim.requests.find((r) => r.visitId === v.id);
    expect(page?.servedBy).toBe("haproxy");
    expect(page?.reason).toBe(
      "HAProxy has no server UP in backend web, so it answered 503 at once.",
    );
    const hop = sim.trace.find(
      (e) =>
        e.type === "hop" &&
        e.requestId === page?.id &&
        e.from === "haproxy" &&
        e.to === "browser" &&
        e.step === "http.response",
    );
    expect(hop?.summary).toBe("HTTP/1.1 503 Service Unavailable (text/html, 107 B)");
    expect(HAPROXY_PAGES[503].body).toBe(
      "<html><body><h1>503 Service Unavailable</h1>\nNo server is available to handle this request.\n</body></html>\n",
    );
    expect(HAPROXY_PAGES[503].body.length).toBe(107);
    expect(HAPROXY_PAGES[502].body.length).toBe(107);
    expect(HAPROXY_PAGES[504].body.length).toBe(92);
  });

  it("drain: no new requests go to web1, the one in flight finishes", () => {
    const sim = createSimulation({ topology: distributed, seed: 4 });
    sim.advanceTo(3_000);
    sim.setSlow("web1-app", true); // web1's answer takes 75 s
    sim.visit("www.foobar.com"); // its page goes to web1
    sim.advanceTo(4_000);
    expect(server(sim, "web1").active).toBe(1);
    const r = sim.command("haproxy", "server", { name: "web1", state: "drain" });
    expect(r).toEqual({ ok: true, message: "web/web1 is now DRAIN." });
    expect(
      sim.trace.some(
        (e) =>
          e.type === "note" &&
          e.summary ===
            "Server web/web1 enters drain state. 2 active and 0 backup servers online. 0 sessions requeued, 0 total in queue.",
      ),
    ).toBe(true);
    const sentBefore = server(sim, "web1").sent;
    sim.setTraffic(20);
    sim.advanceTo(40_000);
    expect(server(sim, "web1").sent).toBe(sentBefore);
    expect(server(sim, "web2").sent).toBeGreaterThan(100);
    sim.setTraffic(0);
    sim.advanceTo(120_000);
    // The slow request on web1 finished (75 s stall, within timeout server? no: 50 s → 504).
    expect(server(sim, "web1").active).toBe(0);
    const first = sim.visits[0];
    expect(first?.outcome).toBe("http_504");
    expect(first?.reason).toMatch(/timeout server \(50 s\)/);
    // Ready again: traffic returns to web1.
    expect(sim.command("haproxy", "server", { name: "web1", state: "ready" }).ok).toBe(true);
    expect(server(sim, "web1").statusText).toBe("UP");
  });

  it("a drained server's request in flight finishes with its answer", () => {
    const sim = createSimulation({ topology: distributed, seed: 4 });
    sim.advanceTo(3_000);
    const v = sim.visit("www.foobar.com");
    // While web1 works on the page, drain it.
    let drained = false;
    while (v.outcome === undefined && sim.now < 10_000) {
      sim.step();
      if (!drained && server(sim, "web1").active > 0) {
        drained = sim.command("haproxy", "server", { name: "web1", state: "drain" }).ok;
      }
    }
    expect(drained).toBe(true);
    expect(v.outcome).toBe("ok");
  });

  it("maint stops checks and traffic; leaving it is UP 1/3 at once and checked at once", () => {
    const sim = createSimulation({ topology: distributed, seed: 4 });
    sim.advanceTo(3_000);
    expect(sim.command("haproxy", "server", { name: "web2", state: "maint" }).ok).toBe(true);
    expect(server(sim, "web2").statusText).toBe("MAINT");
    const accepted = () => {
      const s = sim.componentState("web2-nginx");
      return s.kind === "nginx" ? s.state.accepted : -1;
    };
    const before = accepted();
    sim.setTraffic(10);
    sim.advanceTo(20_000);
    expect(accepted()).toBe(before); // no checks, no requests
    expect(sim.command("haproxy", "server", { name: "web2", state: "ready" }).ok).toBe(true);
    expect(server(sim, "web2").statusText).toBe("UP 1/3");
    sim.advanceTo(20_010);
    expect(server(sim, "web2").statusText).toBe("UP");
  });

  it("commands refuse bad input and change nothing", () => {
    const sim = createSimulation({ topology: distributed, seed: 1 });
    expect(sim.command("haproxy", "server", { name: "web9", state: "drain" })).toEqual({
      ok: false,
      message: 'Backend web has no server "web9": it has web1, web2.',
    });
    expect(sim.command("haproxy", "server", { name: "web1", state: "off" }).ok).toBe(false);
    expect(sim.command("haproxy", "server", { name: "web1", state: "ready" }).ok).toBe(false);
    expect(sim.command("haproxy", "server", null).ok).toBe(false);
    expect(sim.command("haproxy", "check", "udp").ok).toBe(false);
    expect(sim.command("haproxy", "check", "tcp").ok).toBe(false);
    expect(sim.command("haproxy", "algorithm", "random").ok).toBe(false);
    expect(sim.command("haproxy", "nope", 1).ok).toBe(false);
    expect(sim.command("web1-nginx", "check", "http").ok).toBe(false);
    expect(sim.command("nothing", "check", "http").ok).toBe(false);
    expect(sim.topology.specs.find((s) => s.id === "haproxy")).toMatchObject({
      check: "tcp",
      algorithm: "roundrobin",
    });
    sim.kill("haproxy");
    expect(sim.command("haproxy", "server", { name: "web1", state: "drain" })).toEqual({
      ok: false,
      message: "HAProxy is not running.",
    });
  });

  it("leastconn sends a new request to the server with fewer connections", () => {
    const sim = createSimulation({ topology: distributed, seed: 1 });
    expect(sim.command("haproxy", "algorithm", "leastconn").ok).toBe(true);
    expect(lb(sim).algorithm).toBe("leastconn");
    sim.advanceTo(3_000);
    sim.setSlow("web1-app", true);
    sim.setTraffic(20);
    sim.advanceTo(20_000);
    // web1 holds its slow requests; leastconn sends nearly everything else to web2.
    expect(server(sim, "web2").sent).toBeGreaterThan(server(sim, "web1").sent * 5);
  });

  it("HAProxy killed: browsers get ERR_CONNECTION_REFUSED; revived, it checks again and serves", () => {
    const sim = createSimulation({ topology: distributed, seed: 1 });
    sim.advanceTo(3_000);
    sim.kill("haproxy");
    const v = sim.visit("www.foobar.com");
    sim.advanceTo(10_000);
    expect(v.outcome).toBe("ERR_CONNECTION_REFUSED");
    sim.revive("haproxy");
    sim.advanceTo(13_000);
    expect(lb(sim).servers.map((s) => s.statusText)).toEqual(["UP", "UP"]);
    const w = sim.visit("www.foobar.com");
    sim.advanceTo(16_000);
    expect(w.outcome).toBe("ok");
  });

  it("deploys to several web servers by a strategy (rolling by default), and refuse a single one, clearly", () => {
    const sim = createSimulation({ topology: distributed, seed: 1 });
    const r = sim.deploy("web1");
    expect(r.ok).toBe(false);
    expect(r.message).toMatch(/code on 2 servers .*a deploy goes to all of them, by a strategy/);
    expect(sim.deploy().ok).toBe(true);
    expect(sim.deployState()?.strategy).toBe("rolling");
    const one = createSimulation({ topology: distributedTopology({ webServers: 1 }), seed: 1 });
    expect(one.deploy().ok).toBe(true);
    expect(one.deployState()?.host).toBe("web1");
  });

  it("n = 1 … 10 web servers: every one gets traffic", () => {
    for (let n = 1; n <= 10; n++) {
      const sim = createSimulation({ topology: distributedTopology({ webServers: n }), seed: n });
      sim.setTraffic(50);
      sim.advanceTo(10_000);
      const sent = lb(sim).servers.map((s) => s.sent);
      expect(sent).toHaveLength(n);
      const total = sent.reduce((a, b) => a + b, 0);
      for (const s of sent) expect(s).toBeGreaterThan(total / n / 2);
      const stats = sim.stats();
      expect(stats.finished.ok).toBeGreaterThan(0);
      expect(OUTCOMES.filter((o) => o !== "ok").every((o) => stats.finished[o] === 0)).toBe(true);
    }
    expect(() => distributedTopology({ webServers: 0 })).toThrow(RangeError);
    expect(() => distributedTopology({ webServers: 11 })).toThrow(RangeError);
  });
});

describe("HAProxy properties", () => {
  const ids = [
    "haproxy",
    "lb",
    "web1",
    "web2",
    "web1-nginx",
    "web2-nginx",
    "web1-app",
    "web2-app",
    "mysql",
    "db",
  ];
  const action = fc.record({
    at: fc.integer({ min: 100, max: 8_000 }),
    what: fc.constantFrom("kill", "revive", "drain", "ready", "maint", "check"),
    id: fc.constantFrom(...ids),
    server: fc.constantFrom("web1", "web2"),
  });

  function play(
    seed: number,
    actions: { at: number; what: string; id: string; server: string }[],
    redispatch: boolean,
  ) {
    const sim = createSimulation({ topology: withHaproxy({ redispatch }), seed });
    sim.setTraffic(30);
    let t = 0;
    for (const a of actions) {
      t += a.at;
      sim.advanceTo(t);
      if (a.what === "kill") sim.kill(a.id);
      else if (a.what === "revive") sim.revive(a.id);
      else if (a.what === "check")
        sim.command("haproxy", "check", lb(sim).checkType === "tcp" ? "http" : "tcp");
      else sim.command("haproxy", "server", { name: a.server, state: a.what });
      const s = sim.stats();
      const ended = OUTCOMES.reduce((n, o) => n + s.finished[o], 0);
      expect(ended + s.requestsInFlight).toBe(s.requestsSent);
    }
    sim.setTraffic(0);
    for (const id of ids) sim.revive(id);
    sim.runUntilIdle(3_600_000);
    return sim;
  }

  it("random kills, revives and server states: every request ends exactly once, and nothing is left in flight", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1_000 }),
        fc.array(action, { maxLength: 8 }),
        fc.boolean(),
        (seed, actions, redispatch) => {
          const sim = play(seed, actions, redispatch);
          const s = sim.stats();
          expect(s.requestsInFlight).toBe(0);
          expect(s.visitsInFlight).toBe(0);
          expect(OUTCOMES.reduce((n, o) => n + s.finished[o], 0)).toBe(s.requestsSent);
          expect(lb(sim).active.size).toBe(0);
          expect(lb(sim).streams.size).toBe(0);
          expect(lb(sim).servers.every((x) => x.active === 0)).toBe(true);
        },
      ),
      { numRuns: 15 },
    );
  });

  it("same seed, same commands: same trace", () => {
    const actions = [
      { at: 3_000, what: "kill", id: "web1", server: "web1" },
      { at: 4_000, what: "drain", id: "", server: "web2" },
      { at: 2_000, what: "check", id: "", server: "" },
      { at: 6_000, what: "revive", id: "web1", server: "" },
    ];
    const a = play(42, actions, true);
    const b = play(42, actions, true);
    expect(JSON.stringify(b.trace)).toBe(JSON.stringify(a.trace));
    expect(b.stats()).toEqual(a.stats());
    expect(b.eventsProcessed).toBe(a.eventsProcessed);
  });
});
