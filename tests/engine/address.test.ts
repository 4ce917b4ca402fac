import { describe, expect, it } from "vitest";
import { Outcome } from "../../src/engine";
import { sim } from "../support/driver";

/** The document request of the newest visit. */
function documentOf(d: ReturnType<typeof sim>) {
  const visit = d.engine.visits.at(-1);
  const id = visit?.requestIds[0];
  return id === undefined ? undefined : d.engine.requestById(id);
}

describe("visiting the server by its IP address", () => {
  it("connects to 8.8.8.8 without any DNS lookup, and foobar.com's server block answers", () => {
    const d = sim(1).visit("8.8.8.8").runUntilIdle();
    const visit = d.engine.visits[0];
    expect(visit).toMatchObject({ url: "http://8.8.8.8/", outcome: Outcome.Ok, status: 200 });
    // Not one packet to the resolver: the page and both its files.
    expect(d.hops().filter((h) => h.kind === 0)).toEqual([]);
    expect(d.path(visit?.id).slice(0, 3)).toEqual([
      "browser→nginx", // SYN
      "nginx→browser", // SYN-ACK
      "browser→nginx", // GET / with Host: 8.8.8.8
    ]);
    const notes = d.entries().filter((e) => e.type === "note");
    expect(notes.map((e) => e.summary)).toContain("8.8.8.8 is an IP address: no DNS lookup");
    expect(notes.find((e) => e.step === "http.server")?.summary).toBe(
      "Host: 8.8.8.8 matches no server_name: the default server of port 80 (server_name foobar.com www.foobar.com) answers",
    );
    // The static files come from the same address, also without DNS.
    const files = d.engine.requests.filter((r) => r.role === "subresource");
    expect(files.map((r) => [r.url, r.outcome])).toEqual([
      ["http://8.8.8.8/style.css", Outcome.Ok],
      ["http://8.8.8.8/logo.png", Outcome.Ok],
    ]);
  });

  it("does not mention server selection when the Host header names the site", () => {
    const d = sim(1).visit().runUntilIdle();
    expect(d.entries().some((e) => e.step === "http.server")).toBe(false);
  });

  it("reaches the server while DNS is down: the way around the dns-down scene", () => {
    const d = sim(1);
    d.engine.kill("auth");
    d.visit("www.foobar.com").runUntilIdle();
    expect(d.engine.visits[0]?.outcome).toBe(Outcome.NameNotResolved);
    d.visit("8.8.8.8").runUntilIdle();
    expect(d.engine.visits[1]).toMatchObject({ outcome: Outcome.Ok, status: 200 });
  });

  it("with Nginx stopped, the IP address is refused like the name", () => {
    const d = sim(1);
    d.engine.kill("nginx");
    d.visit("8.8.8.8").runUntilIdle();
    expect(d.engine.visits[0]?.outcome).toBe(Outcome.ConnectionRefused);
  });
});

describe("a port in the address", () => {
  it("port 80 is the same as no port", () => {
    const d = sim(1).visit("www.foobar.com:80").runUntilIdle();
    expect(d.engine.visits[0]).toMatchObject({ url: "http://www.foobar.com/", outcome: "ok" });
  });

  it("nothing listens on 8080: the server's kernel resets the SYN, ERR_CONNECTION_REFUSED", () => {
    const d = sim(1).visit("www.foobar.com:8080").runUntilIdle();
    const visit = d.engine.visits[0];
    expect(visit?.url).toBe("http://www.foobar.com:8080/");
    expect(visit?.outcome).toBe(Outcome.ConnectionRefused);
    expect(visit?.reason).toBe(
      "8.8.8.8:8080 answered the SYN with a reset: nothing listens on port 8080.",
    );
    const hops = d.hops(visit?.id);
    expect(hops.map((h) => h.summary).slice(-2)).toEqual([
      "SYN → 8.8.8.8:8080",
      "RST: nothing listens on port 8080",
    ]);
    // The name was still looked up first: only the port differs.
    expect(hops[0]?.summary).toBe("A? www.foobar.com.");
    // Nginx took no connection.
    const nginx = d.engine.componentState("nginx");
    expect(nginx.kind === "nginx" && nginx.state.accepted).toBe(0);
  });

  it("PHP-FPM (9000) and MySQL (3306) listen on 127.0.0.1 only: refused from outside", () => {
    for (const port of [9000, 3306]) {
      const d = sim(1).visit(`8.8.8.8:${port}`).runUntilIdle();
      expect(d.engine.visits[0]?.outcome, String(port)).toBe(Outcome.ConnectionRefused);
      expect(d.engine.received[d.engine.topology.indexOf("app")]).toBe(0);
    }
  });

  it("refuses ports outside 1 to 65535, and anything that is not a port", () => {
    const e = sim(1).engine;
    for (const host of ["www.foobar.com:0", "www.foobar.com:65536", "www.foobar.com:x", ":80"]) {
      const out = e.tryVisit(host);
      expect(out.ok, host).toBe(false);
      expect(out.message, host).toMatch(/is not a host name \(with a port from 1 to 65535\)/);
    }
    expect(e.visits).toHaveLength(0);
  });
});

describe("a path outside the site's root", () => {
  it("/etc/passwd is no file under /var/www/foobar: PHP-FPM's front controller answers 404", () => {
    const d = sim(1).visit("8.8.8.8", "/etc/passwd").runUntilIdle();
    expect(documentOf(d)).toMatchObject({ status: 404, outcome: Outcome.NotFound, origin: "app" });
  });
});

describe("the log's words for a failed visit", () => {
  it("says 500 Internal Server Error and ERR_CONNECTION_REFUSED, never http_500", () => {
    const d = sim(1);
    d.engine.kill("mysql");
    d.visit().runUntilIdle();
    d.visit("www.foobar.com:8080").runUntilIdle();
    const ends = d.entries().filter((e) => e.step === "visit.end");
    expect(ends.map((e) => e.summary)).toEqual([
      "visit failed: 500 Internal Server Error",
      "visit failed: ERR_CONNECTION_REFUSED",
    ]);
  });
});
