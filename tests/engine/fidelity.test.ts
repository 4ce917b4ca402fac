import { describe, expect, it } from "vitest";
import {
  createSimulation,
  Outcome,
  resolverCache,
  resolverFailures,
  type Simulation,
  type TraceEntry,
} from "../../src/engine";
import { nginxErrorPage } from "../../src/engine/nginx";
import { oneServerTopology } from "../../src/scenes/oneServer";
import { sim } from "../support/driver";

/** The trace of one visit, by step. */
const steps = (entries: TraceEntry[], step: string) => entries.filter((e) => e.step === step);

function appState(s: Simulation) {
  const state = s.componentState("app");
  if (state.kind !== "app") throw new Error("not the app server");
  return state.state;
}

describe("1. a full listen backlog drops the SYN silently; Nginx retries, then answers 504", () => {
  /** One worker, stuck (slow fault), and a listen backlog of 0 (Linux still queues one). */
  function stuck() {
    const d = sim(1).visit().runUntilIdle();
    d.engine.configure("app", "workers", 1);
    d.engine.configure("app", "listenBacklog", 0);
    d.engine.setSlow("app", true);
    return d;
  }

  it("the third visit's SYNs are dropped at 1, 3, 7, 15 and 31 s, and Nginx gives up at 60 s", () => {
    const d = stuck();
    const t0 = d.engine.now;
    d.engine.visit("www.foobar.com"); // takes the only worker, which hangs 75 s
    d.at(t0 + 100);
    d.engine.visit("www.foobar.com"); // waits in the backlog
    d.at(t0 + 200);
    const third = d.engine.visit("www.foobar.com");
    d.runUntilIdle();
    const entries = d.entries(third.id);
    // No reset, no 502: the kernel drops the SYN and answers nothing.
    expect(entries.some((e) => e.step === "tcp.rst")).toBe(false);
    const syns = entries.filter(
      (e) =>
        e.type === "hop" && e.from === "nginx" && e.to === "app" && e.step.startsWith("tcp.syn"),
    );
    expect(syns.map((s) => s.step)).toEqual([
      "tcp.syn",
      "tcp.syn.retry",
      "tcp.syn.retry",
      "tcp.syn.retry",
      "tcp.syn.retry",
      "tcp.syn.retry",
    ]);
    const first = syns[0]?.type === "hop" ? syns[0].depart : Number.NaN;
    const gaps = syns.map((s) => (s.type === "hop" ? Math.round(s.depart - first) : -1));
    expect(gaps).toEqual([0, 1_000, 3_000, 7_000, 15_000, 31_000]);
    expect(steps(entries, "tcp.syn.dropped")).toHaveLength(6);
    expect(steps(entries, "tcp.syn.dropped")[0]?.summary).toMatch(
      /listen queue of port 9000 is full .*drops the SYN and answers nothing/,
    );
    const timeout = steps(entries, "http.upstream.timeout")[0];
    expect(timeout?.summary).toMatch(
      /^upstream timed out \(110: Connection timed out\) while connecting to upstream/,
    );
    expect(timeout?.type === "note" && Math.round(timeout.at - first)).toBe(60_000);
    expect(third).toMatchObject({ outcome: Outcome.GatewayTimeout, status: 504 });
    expect(third.reason).toMatch(/fastcgi_connect_timeout \(60 s\)/);
    expect(appState(d.engine).dropped).toBe(6);
  });

  it("a connection in the backlog waits; Nginx's fastcgi_read_timeout ends it with 504", () => {
    const d = stuck();
    const t0 = d.engine.now;
    d.engine.visit("www.foobar.com");
    d.at(t0 + 100);
    const second = d.engine.visit("www.foobar.com");
    d.runUntilIdle();
    expect(second).toMatchObject({ outcome: Outcome.GatewayTimeout, status: 504 });
    expect(second.reason).toMatch(/fastcgi_read_timeout \(60 s\)/);
    expect(
      d
        .entries(second.id)
        .some((e) => e.summary.includes("while reading response header from upstream")),
    ).toBe(true);
  });

  it("a dropped SYN gets in when the queue has room again: the page is late, not failed", () => {
    const d = sim(1).visit().runUntilIdle();
    d.engine.configure("app", "workers", 1);
    d.engine.configure("app", "listenBacklog", 0);
    d.engine.configure("app", "cpuMs", 400); // each page holds the only worker for about 0.4 s
    const t0 = d.engine.now;
    // Three visits at once: one works, one waits, the third's SYN finds the queue full.
    const visits = [0, 1, 2].map(() => d.engine.visit("www.foobar.com"));
    d.runUntilIdle();
    expect(visits.map((v) => v.outcome)).toEqual([Outcome.Ok, Outcome.Ok, Outcome.Ok]);
    const late = visits.find((v) => steps(d.entries(v.id), "tcp.syn.dropped").length > 0);
    expect(late).toBeDefined();
    expect(steps(d.entries(late?.id ?? 0), "tcp.syn.retry")).toHaveLength(1);
    expect((late?.endedAt ?? 0) - t0).toBeGreaterThan(1_000); // the retransmission after 1 s
    expect(d.engine.stats().requestsInFlight).toBe(0);
  });

  it("a stopped PHP-FPM still refuses at once: 502, connect() failed (111: Connection refused)", () => {
    const d = sim(1).visit().runUntilIdle();
    d.engine.kill("app");
    const v = d.engine.visit("www.foobar.com");
    d.runUntilIdle();
    expect(v).toMatchObject({ outcome: Outcome.BadGateway, status: 502 });
    expect(d.entries(v.id).some((e) => e.summary.includes("(111: Connection refused)"))).toBe(true);
    expect((v.endedAt ?? 0) - v.startedAt).toBeLessThan(300);
  });

  it("under a surge, with Nginx tuned for it, pages get slower and slower, then time out", () => {
    const s = createSimulation({ topology: oneServerTopology, seed: 1 });
    s.configure("nginx", "workerConnections", 16_384);
    s.setTraffic(60);
    s.surge();
    const p50 = (from: number, to: number) => {
      const d: number[] = [];
      s.completions.forEachSince(from, (end, took) => {
        if (end <= to) d.push(took);
      });
      d.sort((a, b) => a - b);
      return d[d.length >> 1] ?? 0;
    };
    const outcomes = new Map<string, number>();
    s.advanceTo(120_000);
    s.completions.forEachSince(0, (_e, _d, o) => outcomes.set(o, (outcomes.get(o) ?? 0) + 1));
    const medians = [5, 15, 25, 35, 45].map((t) => p50((t - 5) * 1000, t * 1000));
    for (let i = 1; i < medians.length; i++)
      expect(medians[i]).toBeGreaterThan(medians[i - 1] as number);
    expect(medians[4]).toBeGreaterThan(20_000);
    expect(appState(s).dropped).toBeGreaterThan(1_000);
    expect(outcomes.get(Outcome.GatewayTimeout) ?? 0).toBeGreaterThan(100);
    // A full queue is never a refusal: no 502, no reset.
    expect(outcomes.get(Outcome.BadGateway) ?? 0).toBe(0);
    expect(outcomes.get(Outcome.ConnectionReset) ?? 0).toBe(0);
  });
});

describe("2. answers from a resolver's cache carry the TTL that is left", () => {
  it("200 s after caching the 300 s A record, the resolver hands it out with TTL 100", () => {
    const d = sim(1).visit().runUntilIdle();
    const cachedAt = d.engine.now;
    // The browser keeps its own copy 60 s; after that it asks the resolver again.
    d.at(cachedAt + 200_000);
    const v = d.engine.visit("www.foobar.com");
    d.runUntilIdle();
    const answer = d.hops(v.id).find((h) => h.step === "dns.answer.client");
    expect(answer?.summary).toMatch(/^www\.foobar\.com\. CNAME foobar\.com\. \(TTL 3400\)/);
    expect(answer?.summary).toMatch(/foobar\.com\. A 8\.8\.8\.8 \(TTL 100\)$/);
    const resolver = d.engine.componentState("resolver");
    if (resolver.kind !== "resolver") throw new Error("not the resolver");
    const a = resolverCache(d.engine.now, resolver.state).find(
      (e) => e.record.name === "foobar.com." && e.record.type === "A",
    );
    expect(a?.record.ttl).toBe(100);
  });

  it("a fresh answer carries the full TTL, and the count goes down second by second", () => {
    const d = sim(2).visit().runUntilIdle();
    const first = d.hops(1).find((h) => h.step === "dns.answer.client");
    expect(first?.summary).toMatch(/A 8\.8\.8\.8 \(TTL 300\)$/);
    const ttls: number[] = [];
    // Each time past the browser's own 60 s cache, so it asks the resolver again.
    for (const at of [61_000, 122_000, 183_000]) {
      d.at(at);
      const v = d.engine.visit("www.foobar.com");
      d.runUntilIdle();
      const summary = d.hops(v.id).find((h) => h.step === "dns.answer.client")?.summary ?? "";
      ttls.push(Number(/A 8\.8\.8\.8 \(TTL (\d+)\)/.exec(summary)?.[1]));
    }
    // Cached about 60 ms after 0: 61 s later, 239.06 s are left, handed out as 240.
    expect(ttls).toEqual([240, 179, 118]);
  });
});

describe("3. Nginx out of worker_connections while connecting to PHP-FPM answers 500", () => {
  it("logs 'worker_connections are not enough while connecting to upstream' and sends its 500 page", () => {
    const d = sim(1).visit().runUntilIdle();
    d.engine.configure("server", "cores", 1); // one Nginx worker
    d.engine.configure("nginx", "workerConnections", 3);
    d.engine.setSlow("app", true); // the first request keeps its two connections
    const t0 = d.engine.now;
    d.engine.visit("www.foobar.com");
    d.at(t0 + 1_000);
    const second = d.engine.visit("www.foobar.com");
    d.at(t0 + 2_000);
    expect(second).toMatchObject({ outcome: Outcome.ServerError, status: 500 });
    const doc = d.engine.requests.find((r) => r.visitId === second.id && r.role === "document");
    expect(doc).toMatchObject({ servedBy: "nginx", origin: "web" }); // Nginx's own page
    expect(second.reason).toMatch(/worker_connections are not enough/);
    expect(
      d
        .entries(second.id)
        .some(
          (e) => e.summary === "3 worker_connections are not enough while connecting to upstream",
        ),
    ).toBe(true);
    expect(
      d.hops(second.id).some((h) => h.summary.startsWith("HTTP/1.1 500 Internal Server Error")),
    ).toBe(true);
  });
});

describe("4. the resolver remembers a failure and answers SERVFAIL at once meanwhile", () => {
  it("within 5 s of a failure, a lookup is answered SERVFAIL without asking ns1.foobar.com", () => {
    const d = sim(1);
    d.engine.kill("auth");
    const first = d.engine.visit("www.foobar.com");
    d.runUntilIdle();
    expect(first.outcome).toBe(Outcome.NameNotResolved);
    expect(steps(d.entries(first.id), "dns.servfail")[0]?.summary).toMatch(
      /SERVFAIL, remembered for 5 s$/,
    );
    const failedAt = d.engine.now;
    // 2 s later the browser (which keeps no failure) asks the resolver again.
    d.at(failedAt + 2_000);
    const second = d.engine.visit("www.foobar.com");
    d.runUntilIdle();
    const entries = d.entries(second.id);
    expect(second.outcome).toBe(Outcome.NameNotResolved);
    expect(d.hops(second.id).some((h) => h.to === "auth" || h.to === "root")).toBe(false);
    expect(steps(entries, "dns.servfail.cached")[0]?.summary).toMatch(
      /^www\.foobar\.com\. failed to resolve \d+\.\d s ago: SERVFAIL from the failure cache \(kept 5 s\)$/,
    );
    expect((second.endedAt ?? 0) - second.startedAt).toBeLessThan(100);
  });

  it("after 5 s the failure is forgotten and the resolver asks again", () => {
    const d = sim(1);
    d.engine.kill("auth");
    d.visit().runUntilIdle();
    const failedAt = d.engine.now;
    d.engine.revive("auth");
    d.at(failedAt + 6_000);
    const v = d.engine.visit("www.foobar.com");
    d.runUntilIdle();
    expect(v.outcome).toBe(Outcome.Ok);
    expect(d.hops(v.id).some((h) => h.to === "auth")).toBe(true);
  });

  it("shows the failure in the resolver's cache view while it lasts", () => {
    const d = sim(1);
    d.engine.kill("auth");
    d.visit().runUntilIdle();
    const state = d.engine.componentState("resolver");
    if (state.kind !== "resolver") throw new Error("not the resolver");
    const now = d.engine.now;
    const [failure, ...others] = resolverFailures(now, state.state);
    expect(others).toEqual([]);
    expect(failure?.name).toBe("www.foobar.com.");
    expect(failure?.secondsLeft).toBeGreaterThan(4.9);
    expect(failure?.secondsLeft).toBeLessThanOrEqual(5);
    expect(resolverFailures(now + 5_000, state.state)).toEqual([]);
  });
});

describe("5. Nginx reaches PHP-FPM with fastcgi_pass 127.0.0.1:9000 and speaks FastCGI", () => {
  it("opens a TCP connection on the loopback, then sends FastCGI records, and gets them back", () => {
    const d = sim(1).visit().runUntilIdle();
    const loop = d
      .hops(1)
      .filter((h) => h.requestId === 1 && (h.from === "app" || h.to === "app"))
      .filter((h) => h.from === "nginx" || h.to === "nginx");
    expect(loop.map((h) => [h.step, h.summary])).toEqual([
      ["tcp.syn", "SYN"],
      ["tcp.synack", "SYN-ACK"],
      ["fastcgi.request", "FastCGI request: GET / (BEGIN_REQUEST, PARAMS, STDIN)"],
      ["fastcgi.response", "FastCGI STDOUT: Status 200 OK (text/html, 4.2 kB, v1), END_REQUEST"],
    ]);
    const nginx = d.engine.topology.specs.find((s) => s.id === "nginx");
    expect(nginx?.kind === "nginx" && nginx.fastcgiPass).toBe("127.0.0.1:9000");
    const app = d.engine.topology.specs.find((s) => s.id === "app");
    expect(app?.kind === "app" && app.port).toBe(9000);
  });

  it("has FastCGI's own timeouts: fastcgi_read_timeout (60 s) ends a hung script with 504", () => {
    const d = sim(1).visit().runUntilIdle();
    d.engine.setSlow("app", true);
    const v = d.engine.visit("www.foobar.com");
    d.runUntilIdle();
    expect(v).toMatchObject({ outcome: Outcome.GatewayTimeout, status: 504 });
    expect(v.reason).toBe(
      "PHP-FPM did not answer within Nginx's fastcgi_read_timeout (60 s), so Nginx answered 504.",
    );
    expect(d.engine.configure("nginx", "fastcgiReadTimeoutMs", 5_000).ok).toBe(true);
    expect(d.engine.configure("nginx", "proxyReadTimeoutMs", 5_000).ok).toBe(false);
  });
});

describe("6. the static files' survival is on screen", () => {
  it("MySQL down: the app's 500 error page uses the site's layout, so style.css loads (200)", () => {
    const d = sim(1).visit().runUntilIdle();
    d.engine.kill("mysql");
    d.at(d.engine.now + 1_000);
    const v = d.engine.visit("www.foobar.com");
    d.runUntilIdle();
    expect(v.outcome).toBe(Outcome.ServerError);
    const requests = d.engine.requests.filter((r) => r.visitId === v.id);
    expect(requests.map((r) => [r.path, r.status, r.origin])).toEqual([
      ["/", 500, "app"], // the site's own error page, relayed by Nginx
      ["/style.css", 200, "web"],
    ]);
  });

  it("the application server down: Nginx's own 502 page links nothing, and /logo.png is still 200", () => {
    const d = sim(1).visit().runUntilIdle();
    d.engine.kill("app");
    const page = d.engine.visit("www.foobar.com");
    const logo = d.engine.visit("www.foobar.com", { path: "/logo.png" });
    d.runUntilIdle();
    expect(d.engine.requests.filter((r) => r.visitId === page.id)).toHaveLength(1);
    expect(page.status).toBe(502);
    expect(logo).toMatchObject({ outcome: Outcome.Ok, status: 200 });
  });
});

describe("7. a deploy restarts by default; a graceful reload is offered too", () => {
  /** Visits every 250 ms around a deploy at 10 s; the outcomes of the pages, in order. */
  function deployUnderVisits(mode: "restart" | "reload", setup?: (s: Simulation) => void) {
    const d = sim(7).visit().runUntilIdle();
    setup?.(d.engine);
    for (let t = 5_000; t <= 30_000; t += 250) {
      d.at(t);
      if (t === 10_000) expect(d.engine.deploy(undefined, { mode }).ok).toBe(true);
      d.engine.visit("www.foobar.com");
    }
    d.runUntilIdle();
    return { d, pages: d.engine.visits.slice(1) };
  }

  it("restart (the default): 502s and refused connections while the processes restart", () => {
    const { d, pages } = deployUnderVisits("restart");
    const outcomes = new Set(pages.map((v) => v.outcome));
    expect(outcomes.has(Outcome.BadGateway)).toBe(true);
    expect(outcomes.has(Outcome.ConnectionRefused)).toBe(true);
    expect(d.engine.deployState()).toMatchObject({ mode: "restart", phase: "done" });
  });

  it("reload, with process_control_timeout set: no visit fails, and v1 gives way to v2", () => {
    const { d, pages } = deployUnderVisits("reload", (s) => {
      s.configure("app", "processControlTimeoutMs", 10_000);
      s.configure("app", "cpuMs", 200); // pages long enough to be in flight at the reload
    });
    expect(pages.every((v) => v.outcome === Outcome.Ok)).toBe(true);
    const versions = pages.map((v) => v.version);
    expect(versions[0]).toBe("v1");
    expect(versions.at(-1)).toBe("v2");
    const firstV2 = versions.indexOf("v2");
    expect(versions.slice(firstV2).every((v) => v === "v2")).toBe(true);
    expect(d.engine.deployState()).toMatchObject({ mode: "reload", phase: "done", version: "v2" });
    const notes = d.engine.trace.filter((e) => e.step === "deploy.step").map((e) => e.summary);
    expect(notes.some((n) => n.includes("nginx -s reload"))).toBe(true);
    expect(notes.some((n) => n.includes("SIGUSR2"))).toBe(true);
  });

  it("reload with PHP-FPM's default process_control_timeout (0): only the requests in flight get 502", () => {
    const d = sim(3).visit().runUntilIdle();
    d.engine.configure("app", "cpuMs", 8_000); // a page takes about 8 s of CPU
    const t0 = d.engine.now;
    const busy = d.engine.visit("www.foobar.com");
    d.at(t0 + 500); // the page is being worked on
    expect(d.engine.deploy(undefined, { mode: "reload" }).ok).toBe(true);
    d.at(t0 + 5_600); // the upload is done: the reload kills the busy worker
    const after = d.engine.visit("www.foobar.com");
    d.runUntilIdle();
    expect(busy).toMatchObject({ outcome: Outcome.BadGateway });
    expect(busy.reason).toMatch(/PHP-FPM stopped while handling the request/);
    expect(after).toMatchObject({ outcome: Outcome.Ok, version: "v2" });
  });

  it("refuses a way to deploy that does not exist, and changes nothing", () => {
    const s = createSimulation({ topology: oneServerTopology, seed: 1 });
    const result = s.deploy(undefined, { mode: "yolo" as "reload" });
    expect(result).toEqual({
      ok: false,
      message: "“yolo” is not a way to deploy: use restart or reload.",
    });
    expect(s.deployState()).toBeUndefined();
  });
});

describe("7. Nginx's own error pages end with nginx/<version>, as real ones do by default", () => {
  it("is the page of ngx_http_special_response.c, with Chrome's padding", () => {
    const page = nginxErrorPage(502, "Bad Gateway", "nginx/1.22.1");
    expect(
      page.startsWith(
        "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx/1.22.1</center>\r\n</body>\r\n</html>\r\n",
      ),
    ).toBe(true);
    expect(page.match(/a padding to disable MSIE and Chrome friendly error page/g)).toHaveLength(6);
    const d = sim(1).visit().runUntilIdle();
    d.engine.kill("app");
    const v = d.engine.visit("www.foobar.com");
    d.runUntilIdle();
    expect(d.hops(v.id).at(-1)?.summary).toBe(
      `HTTP/1.1 502 Bad Gateway (text/html, ${page.length} B)`,
    );
  });
});

describe("8. a rebooted server has forgotten its connections", () => {
  /**
   * A visit whose page request is inside the app server when the machine dies. At 100 s the
   * keep-alive connection of the first visit is gone (75 s), so the page goes on a new one.
   */
  function killedMidRequest(at = 100_000) {
    const d = sim(1).visit().runUntilIdle().at(at);
    const visit = d.engine.visit("www.foobar.com");
    while (!d.hops(visit.id).some((h) => h.to === "app")) d.engine.step();
    d.engine.kill("server");
    return { d, visit };
  }

  it("back within seconds: the next keep-alive probe gets a reset, ERR_CONNECTION_RESET", () => {
    const { d, visit } = killedMidRequest();
    const killedAt = d.engine.now;
    d.at(killedAt + 10_000);
    d.engine.revive("server");
    d.runUntilIdle();
    expect(visit.outcome).toBe(Outcome.ConnectionReset);
    expect(visit.reason).toMatch(/no longer knows this connection/);
    const probe = d.hops(visit.id).find((h) => h.step === "tcp.keepalive");
    expect(probe?.summary).toMatch(/^keep-alive probe 1 → 8\.8\.8\.8:80$/);
    // Chromium's probe comes 45 s after the request was sent: not 15 minutes.
    expect((visit.endedAt ?? 0) - killedAt).toBeLessThan(46_000);
    expect((visit.endedAt ?? 0) - killedAt).toBeGreaterThan(44_000);
  });

  it("on a reused keep-alive connection, Chromium sends the request again after the reset, and the page loads", () => {
    const { d, visit } = killedMidRequest(30_000);
    d.at(d.engine.now + 10_000);
    d.engine.revive("server");
    d.runUntilIdle();
    expect(d.entries(visit.id).some((e) => e.step === "browser.retry")).toBe(true);
    expect(visit.outcome).toBe(Outcome.Ok);
  });

  it("still down: keep-alive gives up after 9 unanswered probes (450 s), ERR_TIMED_OUT", () => {
    const { d, visit } = killedMidRequest();
    d.runUntilIdle();
    expect(visit.outcome).toBe(Outcome.TimedOut);
    expect(d.hops(visit.id).filter((h) => h.step === "tcp.keepalive")).toHaveLength(9);
    const took = (visit.endedAt ?? 0) - visit.startedAt;
    expect(took).toBeGreaterThan(449_000);
    expect(took).toBeLessThan(451_000);
  });

  it("a live server answers the probe: a long wait keeps its connection (a 504 after 60 s)", () => {
    const d = sim(1).visit().runUntilIdle();
    d.engine.setSlow("app", true);
    const v = d.engine.visit("www.foobar.com");
    d.runUntilIdle();
    expect(v.outcome).toBe(Outcome.GatewayTimeout);
    const probe = d.hops(v.id).find((h) => h.step === "tcp.keepalive");
    const ack = d.hops(v.id).find((h) => h.step === "tcp.ack");
    expect(probe && ack).toBeTruthy();
    expect(ack?.from).toBe("nginx");
  });

  it("a request lost on the way is retransmitted; the rebooted server resets it and Chromium retries on a new connection", () => {
    const d = sim(1).visit().runUntilIdle().at(20_000);
    d.engine.kill("server");
    d.at(21_000);
    // The browser still has the address and an idle keep-alive connection: it reuses it.
    const v = d.engine.visit("www.foobar.com");
    d.at(31_000);
    d.engine.revive("server");
    d.runUntilIdle();
    const entries = d.entries(v.id);
    const retransmissions = entries.filter((e) => e.step === "tcp.retransmit");
    expect(retransmissions.length).toBeGreaterThan(3);
    expect(retransmissions[0]?.summary).toBe("GET / HTTP/1.1 (retransmission 1)");
    expect(entries.some((e) => e.step === "browser.retry")).toBe(true);
    expect(v.outcome).toBe(Outcome.Ok);
  });

  it("a request lost on the way to a server that stays down: ERR_TIMED_OUT after about 924.6 s", () => {
    const d = sim(1).visit().runUntilIdle().at(20_000);
    d.engine.kill("server");
    d.at(21_000);
    const v = d.engine.visit("www.foobar.com");
    d.runUntilIdle();
    expect(v.outcome).toBe(Outcome.TimedOut);
    expect(d.entries(v.id).filter((e) => e.step === "tcp.retransmit")).toHaveLength(15);
    const took = (v.endedAt ?? 0) - v.startedAt;
    expect(took).toBeGreaterThan(924_000);
    expect(took).toBeLessThan(926_000);
  });
});
