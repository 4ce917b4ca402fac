import { describe, expect, it } from "vitest";
import { Outcome } from "../../src/engine";
import { sim } from "../support/driver";

const FIRST_VISIT_DOCUMENT = [
  "browser→resolver", // A? www.foobar.com.
  "resolver→root", // asks a root server
  "root→resolver", // referral to .com
  "resolver→tld",
  "tld→resolver", // referral to foobar.com's name server
  "resolver→auth",
  "auth→resolver", // CNAME + A
  "resolver→browser",
  "browser→nginx", // SYN
  "nginx→browser", // SYN-ACK
  "browser→nginx", // GET /
  "nginx→app", // SYN on the loopback, to PHP-FPM
  "app→nginx", // SYN-ACK
  "nginx→app", // FastCGI request (fastcgi_pass)
  "app→mysql",
  "mysql→app",
  "app→nginx",
  "nginx→browser", // 200 OK
];

describe("a first visit to www.foobar.com", () => {
  it("resolves the name from the root down, connects, and goes through every process", () => {
    const d = sim(1).visit().runUntilIdle();
    const docHops = d.hops().filter((h) => h.requestId === 1);
    expect(docHops.map((h) => `${h.from}→${h.to}`)).toEqual(FIRST_VISIT_DOCUMENT);
    expect(docHops.map((h) => h.summary).slice(0, 2)).toEqual([
      "A? www.foobar.com.",
      "A? www.foobar.com.",
    ]);
    expect(docHops[1]?.step).toBe("dns.query.iterative");
    expect(docHops[2]?.summary).toBe("referral: com. NS a.gtld-servers.net.");
    expect(docHops[6]?.summary).toBe(
      "www.foobar.com. CNAME foobar.com. (TTL 3600), foobar.com. A 8.8.8.8 (TTL 300)",
    );
    expect(docHops[8]?.summary).toBe("SYN → 8.8.8.8:80");
    expect(docHops[10]?.summary).toBe("GET / HTTP/1.1");
    expect(docHops[11]?.summary).toBe("SYN");
    expect(docHops[12]?.summary).toBe("SYN-ACK");
    expect(docHops[13]).toMatchObject({
      step: "fastcgi.request",
      summary: "FastCGI request: GET / (BEGIN_REQUEST, PARAMS, STDIN)",
    });
    expect(docHops[14]?.summary).toMatch(/^SELECT title/);
    expect(docHops[16]).toMatchObject({
      step: "fastcgi.response",
      summary: "FastCGI STDOUT: Status 200 OK (text/html, 4.2 kB, v1), END_REQUEST",
    });
    expect(docHops[17]?.summary).toBe("HTTP/1.1 200 OK (text/html, 4.2 kB)");
  });

  it("then loads the page's static files, which Nginx serves without the app or MySQL", () => {
    const d = sim(1).visit().runUntilIdle();
    const statics = d.engine.requests.filter((r) => r.role === "subresource");
    expect(statics.map((r) => r.path).sort()).toEqual(["/logo.png", "/style.css"]);
    for (const r of statics) {
      const touched = d
        .hops()
        .filter((h) => h.requestId === r.id)
        .flatMap((h) => [h.from, h.to]);
      expect(touched).not.toContain("app");
      expect(touched).not.toContain("mysql");
      expect(touched).not.toContain("resolver");
      expect(r.outcome).toBe(Outcome.Ok);
      expect(r.servedBy).toBe("nginx");
    }
  });

  it("takes one round trip for the TCP handshake before the request", () => {
    const hops = sim(3)
      .visit()
      .runUntilIdle()
      .hops()
      .filter((h) => h.requestId === 1);
    const syn = hops.find((h) => h.step === "tcp.syn");
    const synAck = hops.find((h) => h.step === "tcp.synack");
    const get = hops.find((h) => h.step === "http.request");
    expect(syn && synAck && get).toBeTruthy();
    expect(synAck?.depart).toBe(syn?.arrive);
    expect(get?.depart).toBe(synAck?.arrive);
  });

  it("ends the visit once, with the page and both static files loaded", () => {
    const d = sim(5).visit().runUntilIdle();
    expect(d.engine.visits[0]).toMatchObject({ outcome: Outcome.Ok, requestIds: [1, 2, 3] });
    expect(d.engine.stats()).toMatchObject({
      requestsSent: 3,
      requestsInFlight: 0,
      visitsInFlight: 0,
    });
    expect(d.entries().filter((e) => e.step === "visit.end")).toHaveLength(1);
  });
});

describe("later visits use the DNS caches until their TTLs run out", () => {
  it("within the browser's 60 s host cache: no DNS hop at all", () => {
    const d = sim(1).visit().runUntilIdle().at(30_000).visit().runUntilIdle();
    const steps = d.entries(2).map((e) => e.step);
    expect(steps).toContain("browser.cache.hit");
    expect(d.hops(2).filter((h) => h.kind === 0)).toEqual([]);
    expect(d.path(2).slice(0, 2)).toEqual(["browser→nginx", "nginx→app"]);
  });

  it("after 60 s but within the A record's 300 s: the resolver answers from its cache", () => {
    const d = sim(1).visit().runUntilIdle().at(120_000).visit().runUntilIdle();
    expect(d.path(2).slice(0, 2)).toEqual(["browser→resolver", "resolver→browser"]);
    expect(d.entries(2).map((e) => e.step)).toContain("resolver.cache.hit");
  });

  it("after 300 s: only the expired A record is fetched again, straight from foobar.com's server", () => {
    const d = sim(1).visit().runUntilIdle().at(400_000).visit().runUntilIdle();
    // The CNAME (TTL 3600) and the delegations (TTL 2 days) are still cached.
    expect(d.path(2).slice(0, 4)).toEqual([
      "browser→resolver",
      "resolver→auth",
      "auth→resolver",
      "resolver→browser",
    ]);
    expect(d.hops(2)[1]?.summary).toBe("A? foobar.com.");
  });

  it("reuses the kept-alive connection within 75 s, and reconnects after", () => {
    const soon = sim(1).visit().runUntilIdle().at(30_000).visit().runUntilIdle();
    const browserSyn = (h: { step: string; from: string }) =>
      h.step === "tcp.syn" && h.from === "browser";
    expect(soon.hops(2).some(browserSyn)).toBe(false);
    const late = sim(1).visit().runUntilIdle().at(100_000).visit().runUntilIdle();
    expect(late.entries(2).map((e) => e.step)).toContain("tcp.idle-closed");
    expect(late.hops(2).some(browserSyn)).toBe(true);
  });
});

describe("a name that does not exist", () => {
  it("ends with ERR_NAME_NOT_RESOLVED after the .com server says NXDOMAIN", () => {
    const d = sim(1).visit("nothing-here.com").runUntilIdle();
    expect(d.engine.requests[0]?.outcome).toBe(Outcome.NameNotResolved);
    expect(d.hops().some((h) => h.step === "dns.nxdomain" && h.from === "tld")).toBe(true);
    expect(d.engine.visits[0]?.outcome).toBe(Outcome.NameNotResolved);
  });
});

describe("determinism", () => {
  it("gives the same trace for the same seed and commands", () => {
    const run = (seed: number) =>
      sim(seed).visit().runUntilIdle().at(2000).visit().runUntilIdle().entries();
    expect(run(42)).toEqual(run(42));
  });

  it("varies the timings, not the path, with the seed", () => {
    const a = sim(1).visit().runUntilIdle();
    const b = sim(2).visit().runUntilIdle();
    expect(a.path()).toEqual(b.path());
    expect(a.hops().map((h) => h.arrive)).not.toEqual(b.hops().map((h) => h.arrive));
  });

  it("puts realistic times on the wire: tens of ms across the internet, well under 1 ms on loopback", () => {
    const hops = sim(9).visit().runUntilIdle().hops();
    const internet = hops.find((h) => h.from === "browser" && h.to === "nginx");
    const loopback = hops.find((h) => h.from === "nginx" && h.to === "app");
    expect((internet?.arrive ?? 0) - (internet?.depart ?? 0)).toBeGreaterThan(30);
    expect((loopback?.arrive ?? 1) - (loopback?.depart ?? 0)).toBeLessThan(1);
    const total = sim(9).visit().runUntilIdle().engine.visits[0];
    expect((total?.endedAt ?? 0) - (total?.startedAt ?? 0)).toBeGreaterThan(250);
    expect((total?.endedAt ?? 0) - (total?.startedAt ?? 0)).toBeLessThan(800);
  });
});
