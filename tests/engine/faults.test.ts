import { describe, expect, it } from "vitest";
import { Outcome, type Simulation } from "../../src/engine";
import { sim } from "../support/driver";

/** A visit after the caches are warm, with a fault applied first. */
function visitWith(
  fault: (s: Simulation) => void,
  options: { warm?: boolean; wait?: number } = {},
) {
  const d = sim(1);
  if (options.warm)
    d.visit()
      .runUntilIdle()
      .at(d.engine.now + (options.wait ?? 1_000));
  fault(d.engine);
  const visit = d.engine.visit("www.foobar.com");
  d.runUntilIdle();
  const requests = d.engine.requests.filter((r) => r.visitId === visit.id);
  return { d, visit, requests, took: (visit.endedAt ?? Number.NaN) - visit.startedAt };
}

describe("what the user sees when a component fails (FIDELITY.md)", () => {
  it("authoritative DNS down, answer still cached: works until the TTL runs out, then fails", () => {
    const d = sim(1).visit().runUntilIdle();
    expect(d.engine.kill("auth").ok).toBe(true);
    // 2 minutes later: the browser's 60 s cache is gone, the resolver still has the A record (TTL 300 s).
    d.at(120_000).visit().runUntilIdle();
    expect(d.engine.visits[1]?.outcome).toBe(Outcome.Ok);
    expect(d.path(2).slice(0, 2)).toEqual(["browser→resolver", "resolver→browser"]);
    // 6 minutes in: the A record expired, the resolver must ask ns1.foobar.com, which is silent.
    d.at(360_000).visit().runUntilIdle();
    const v3 = d.engine.visits[2];
    expect(v3?.outcome).toBe(Outcome.NameNotResolved);
    expect(d.hops(3).filter((h) => h.to === "auth")).toHaveLength(3); // three tries
    expect(d.entries(3).some((e) => e.step === "dns.servfail")).toBe(true);
    expect(v3?.reason).toMatch(/SERVFAIL/);
  });

  it("DNS down, nothing cached: ERR_NAME_NOT_RESOLVED after the resolver gives up (SERVFAIL)", () => {
    const { visit, took, d } = visitWith((s) => s.kill("auth"));
    expect(visit.outcome).toBe(Outcome.NameNotResolved);
    expect(visit.reason).toMatch(/SERVFAIL/);
    expect(took).toBeGreaterThan(3_000); // three 1 s tries
    expect(
      d.hops().some((h) => h.from === "resolver" && h.to === "browser" && h.summary === "SERVFAIL"),
    ).toBe(true);
  });

  it("the recursive resolver down: the browser's stub resolver gives up after 2 × 5 s", () => {
    const { visit, took } = visitWith((s) => s.kill("resolver"));
    expect(visit.outcome).toBe(Outcome.NameNotResolved);
    expect(took).toBe(10_000);
  });

  it("server 8.8.8.8 down: the SYN gets no answer; ERR_CONNECTION_TIMED_OUT after 127 s", () => {
    const { visit, took, d } = visitWith((s) => s.kill("server"), { warm: true, wait: 100_000 });
    expect(visit.outcome).toBe(Outcome.ConnectionTimedOut);
    const syns = d.hops(visit.id).filter((h) => h.step === "tcp.syn" || h.step === "tcp.syn.retry");
    expect(syns).toHaveLength(7);
    expect(d.hops(visit.id).some((h) => h.from === "nginx")).toBe(false); // nothing ever answers
    expect(took).toBeGreaterThan(127_000);
    expect(took).toBeLessThan(128_000);
  });

  it("Nginx down, server up: an immediate reset, ERR_CONNECTION_REFUSED", () => {
    const { visit, took, d } = visitWith((s) => s.kill("nginx"), { warm: true });
    expect(visit.outcome).toBe(Outcome.ConnectionRefused);
    expect(took).toBeLessThan(300);
    expect(d.hops(visit.id).some((h) => h.step === "tcp.rst")).toBe(true);
  });

  it("app server down: Nginx answers 502 Bad Gateway, static files still 200", () => {
    const { visit, d } = visitWith((s) => s.kill("app"), { warm: true });
    expect(visit).toMatchObject({ outcome: Outcome.BadGateway, status: 502 });
    expect(
      d
        .entries(visit.id)
        .some((e) => e.summary.includes("connect() failed (111: Connection refused)")),
    ).toBe(true);
    // The page failed, so the browser never asked for its files; ask for one directly.
    const file = d.engine.visit("www.foobar.com", { path: "/style.css" });
    d.runUntilIdle();
    expect(file).toMatchObject({ outcome: Outcome.Ok, status: 200 });
  });

  it("app server slow: Nginx answers 504 Gateway Time-out after proxy_read_timeout (60 s)", () => {
    const { visit, took, d } = visitWith((s) => s.setSlow("app", true), { warm: true });
    expect(visit).toMatchObject({ outcome: Outcome.GatewayTimeout, status: 504 });
    expect(took).toBeGreaterThan(60_000);
    expect(took).toBeLessThan(60_500);
    const file = d.engine.visit("www.foobar.com", { path: "/logo.png" });
    d.runUntilIdle();
    expect(file.outcome).toBe(Outcome.Ok);
  });

  it("MySQL slow: the page waits on the query, so Nginx answers 504 too", () => {
    const { visit } = visitWith((s) => s.setSlow("mysql", true), { warm: true });
    expect(visit.outcome).toBe(Outcome.GatewayTimeout);
  });

  it("MySQL down: the app answers 500 with a database connection error, static files still 200", () => {
    const { visit, d } = visitWith((s) => s.kill("mysql"), { warm: true });
    expect(visit).toMatchObject({ outcome: Outcome.ServerError, status: 500, version: "v1" });
    expect(visit.reason).toMatch(/SQLSTATE\[HY000\] \[2002\] Connection refused/);
    const file = d.engine.visit("www.foobar.com", { path: "/style.css" });
    d.runUntilIdle();
    expect(file.outcome).toBe(Outcome.Ok);
  });

  it("a revived component works again, starting with empty caches", () => {
    const d = sim(1).visit().runUntilIdle();
    d.engine.kill("resolver");
    d.engine.kill("mysql");
    expect(d.engine.revive("resolver").ok).toBe(true);
    expect(d.engine.revive("mysql").ok).toBe(true);
    d.at(100_000).visit().runUntilIdle();
    expect(d.engine.visits[1]?.outcome).toBe(Outcome.Ok);
    // The resolver lost its cache: it starts from the root again.
    expect(d.path(2).slice(0, 2)).toEqual(["browser→resolver", "resolver→root"]);
  });
});

describe("failures in the middle of a request", () => {
  it("MySQL killed during the query: the app loses the connection and answers 500", () => {
    const d = sim(1).visit().runUntilIdle().at(200_000);
    const visit = d.engine.visit("www.foobar.com");
    // Run until the query is with MySQL, then kill it.
    while (!d.hops(visit.id).some((h) => h.step === "sql.query" && h.arrive <= d.engine.now))
      d.engine.step();
    d.engine.kill("mysql");
    d.runUntilIdle();
    expect(visit.outcome).toBe(Outcome.ServerError);
    expect(visit.reason).toMatch(/Lost connection/);
  });

  // The server killed while a request is inside it: see fidelity.test.ts, point 8.
});

describe("deploys on the single server", () => {
  it("cause downtime only inside the restart window; v1 before, v2 after", () => {
    const d = sim(7).visit().runUntilIdle();
    const start = 10_000;
    let deployed = false;
    for (let t = start - 5_000; t <= start + 25_000; t += 250) {
      d.at(t);
      if (!deployed && t >= start) {
        expect(d.engine.deploy().ok).toBe(true);
        deployed = true;
      }
      d.engine.visit("www.foobar.com");
    }
    d.runUntilIdle();
    const state = d.engine.deployState();
    expect(state).toMatchObject({ phase: "done", version: "v2" });
    // Upload 5 s, then the restarts: app 4 s (502), Nginx 2 s (refused).
    const restartFrom = start + 5_000;
    const restartTo = start + 11_000;
    const pages = d.engine.visits.slice(1);
    const failed = pages.filter((v) => v.outcome !== Outcome.Ok);
    expect(failed.length).toBeGreaterThan(0);
    for (const v of failed) {
      expect(v.startedAt).toBeGreaterThanOrEqual(restartFrom - 500);
      expect(v.startedAt).toBeLessThanOrEqual(restartTo);
      expect([Outcome.BadGateway, Outcome.ConnectionRefused, Outcome.ConnectionReset]).toContain(
        v.outcome,
      );
    }
    expect(failed.some((v) => v.outcome === Outcome.BadGateway)).toBe(true);
    expect(failed.some((v) => v.outcome === Outcome.ConnectionRefused)).toBe(true);
    for (const v of pages.filter((p) => p.outcome === Outcome.Ok)) {
      expect(v.version).toBe(v.startedAt < restartFrom ? "v1" : "v2");
    }
    expect(d.engine.incidents.map((i) => `${i.kind}:${i.component}`)).toEqual([
      "deploy:server",
      "down:app",
      "down:nginx",
    ]);
  });

  it("refuses odd sequences with a clear message and changes nothing", () => {
    const d = sim(1);
    const e = d.engine;
    expect(e.deploy().ok).toBe(true);
    const second = e.deploy();
    expect(second.ok).toBe(false);
    expect(second.message).toMatch(/already running/);
    expect(e.kill("browser").ok).toBe(false);
    expect(e.revive("mysql")).toEqual({ ok: false, message: "MySQL is already running." });
    expect(e.setSlow("nginx", true).ok).toBe(false);
    expect(e.kill("nope").ok).toBe(false);
    d.at(6_000); // the app server is restarting now
    expect(e.kill("app").message).toMatch(/being restarted by the deploy/);
    expect(e.revive("app").message).toMatch(/being restarted by the deploy/);
    expect(e.kill("mysql").message).toMatch(/deploy is running/);
    d.runUntilIdle();
    expect(e.deployState()?.phase).toBe("done");
    expect(e.kill("mysql").ok).toBe(true);
    expect(e.kill("mysql").message).toBe("MySQL is already down.");
    expect(e.deploy().message).toMatch(/revive MySQL first/);
    expect(e.kill("server").ok).toBe(true);
    expect(e.revive("mysql").message).toMatch(/Start Server 8\.8\.8\.8 first/);
    expect(e.kill("nginx").message).toMatch(/its machine is off/);
  });

  it("killing the server mid-deploy aborts it; the uploaded code runs when the server is back", () => {
    const d = sim(1);
    d.engine.deploy();
    d.at(7_000); // app restarting with v2
    expect(d.engine.kill("server").ok).toBe(true);
    expect(d.engine.deployState()?.phase).toBe("aborted");
    d.at(8_000);
    expect(d.engine.revive("server").ok).toBe(true);
    expect(d.engine.health("app")).toMatchObject({ up: true, restarting: false });
    d.engine.visit("www.foobar.com");
    d.runUntilIdle();
    expect(d.engine.visits[0]).toMatchObject({ outcome: Outcome.Ok, version: "v2" });
  });
});
