import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createSimulation, type HopEntry, type Simulation, type Step } from "../../src/engine";
import { BROWSER_ADDRESS_PREFIX } from "../../src/inspector/addresses";
import { type Layer, layersOf } from "../../src/inspector/layers";
import { architectureOf } from "../../src/scenes/architectures";
import { sceneById } from "../../src/scenes/catalog";
import { httpCheckTopology } from "../../src/scenes/deployScenes";

/** A scene's opening visit, run to its end (or for `ms` where health checks run for ever). */
function scene(id: string, seed = 1, ms?: number): Simulation {
  const s = sceneById(id);
  if (!s) throw new Error(`no scene ${id}`);
  const sim = createSimulation({ topology: architectureOf(s).topology, seed });
  for (const k of s.kill) sim.kill(k);
  for (const path of s.alsoVisit ?? []) sim.visit("www.foobar.com", { path });
  sim.visit("www.foobar.com");
  sim.runUntilIdle(ms);
  return sim;
}

function hops(sim: Simulation, step?: Step): HopEntry[] {
  return sim.trace.filter((e): e is HopEntry => e.type === "hop" && (!step || e.step === step));
}

function only<T>(items: readonly T[], what: string): T {
  const [first] = items;
  if (first === undefined) throw new Error(`no ${what}`);
  return first;
}

function layer(layers: readonly Layer[], name: string | RegExp): Layer {
  const all = layers.flatMap(function flat(l): Layer[] {
    return [l, ...(l.children ?? []).flatMap(flat)];
  });
  return only(
    all.filter((l) => (typeof name === "string" ? l.name === name : name.test(l.name))),
    String(name),
  );
}

function value(l: Layer, name: string): string {
  return only(
    l.fields.filter((f) => f.name === name),
    `${l.name} field ${name}`,
  ).value;
}

/** The TCP numbers of a hop: absolute seq, ack (undefined without ACK), length, flags. */
function tcp(sim: Simulation, hop: HopEntry) {
  const t = layer(layersOf(hop, sim.trace, sim.topology), "Transmission Control Protocol");
  const abs = (v: string) => Number(v.split(" ")[0]);
  const ackText = value(t, "Acknowledgment Number");
  return {
    seq: abs(value(t, "Sequence Number")),
    ack: ackText.startsWith("0 (ACK flag not set)") ? undefined : abs(ackText),
    len: Number(value(t, "TCP Segment Len")),
    flags: value(t, "Flags"),
    src: Number(value(t, "Source Port")),
    dst: Number(value(t, "Destination Port")),
  };
}

const add = (a: number, b: number) => (a + b) >>> 0;

describe("DNS", () => {
  it("shows the resolver's answer: the CNAME and the A record with their TTLs, the query's ID", () => {
    const sim = scene("first-visit");
    const answer = only(hops(sim, "dns.answer.client"), "answer");
    const query = only(hops(sim, "dns.query.stub"), "query");
    const layers = layersOf(answer, sim.trace, sim.topology);
    const dns = layer(layers, "Domain Name System (response)");
    expect(value(dns, "Transaction ID")).toBe(
      value(
        layer(layersOf(query, sim.trace, sim.topology), /^Domain Name System/),
        "Transaction ID",
      ),
    );
    expect(value(dns, "Flags")).toMatch(/QR.*RD.*RA.*RCODE NOERROR/);
    const records = dns.children?.filter((c) => c.name === "Answer record") ?? [];
    expect(records.map((r) => [value(r, "Type"), value(r, "Time to live")])).toEqual([
      ["CNAME (5)", "3600 s"],
      ["A (1)", "300 s"],
    ]);
    expect(value(only(records, "CNAME"), "CNAME")).toBe("foobar.com.");
    const udp = layer(layers, "User Datagram Protocol");
    expect(value(udp, "Source Port")).toBe("53");
    const ip = layer(layers, "Internet Protocol Version 4");
    expect(value(ip, "Source Address")).toBe("192.0.2.53");
    expect(value(ip, "Protocol")).toBe("UDP (17)");
  });

  it("shows a cached answer's remaining TTL, exactly as the resolver hands it out", () => {
    const sim = scene("first-visit");
    sim.advanceTo(200_000); // past the browser's 60 s, within the records' TTLs
    sim.visit("www.foobar.com");
    sim.runUntilIdle();
    const answer = hops(sim, "dns.answer.client").at(-1) as HopEntry;
    const stated = [...answer.summary.matchAll(/\(TTL (\d+)\)/g)].map((m) => `${m[1]} s`);
    expect(stated).toHaveLength(2);
    const dns = layer(layersOf(answer, sim.trace, sim.topology), "Domain Name System (response)");
    const ttls = (dns.children ?? [])
      .filter((c) => c.name === "Answer record")
      .map((r) => value(r, "Time to live"));
    expect(ttls).toEqual(stated);
    expect(Number.parseInt(ttls[1] ?? "", 10)).toBeLessThan(300);
    expect(dns.fields.some((f) => f.value.includes("what is left"))).toBe(true);
  });

  it("gives a referral's name servers and glue from the zone, and SERVFAIL when DNS is down", () => {
    const first = scene("first-visit");
    const referral = only(hops(first, "dns.referral"), "referral");
    const dns = layer(
      layersOf(referral, first.trace, first.topology),
      "Domain Name System (response)",
    );
    expect(value(layer([dns], "Authority record"), "Time to live")).toBe("172800 s");
    expect(value(layer([dns], "Additional record"), "Address")).toBe("192.5.6.30");
    const down = scene("dns-down");
    const servfail = only(hops(down, "dns.answer.client"), "SERVFAIL");
    const failed = layer(
      layersOf(servfail, down.trace, down.topology),
      "Domain Name System (response)",
    );
    expect(value(failed, "Flags")).toMatch(/RCODE SERVFAIL/);
    expect(value(layer([failed], "Query"), "Name")).toBe("www.foobar.com.");
  });
});

describe("TCP", () => {
  it("numbers a connection's segments so that they add up, and continue on a reused connection", () => {
    const sim = scene("first-visit");
    const [syn] = hops(sim, "tcp.syn").filter((h) => h.from === "browser");
    const [synack] = hops(sim, "tcp.synack").filter((h) => h.to === "browser");
    const [first, reused] = hops(sim, "http.request").filter((h) => h.from === "browser");
    const [response, secondResponse] = hops(sim, "http.response");
    if (!syn || !synack || !first || !reused || !response || !secondResponse)
      throw new Error("hops");
    expect(reused.requestId).not.toBe(first.requestId);
    const s = tcp(sim, syn);
    const sa = tcp(sim, synack);
    const req = tcp(sim, first);
    const res = tcp(sim, response);
    const req2 = tcp(sim, reused);
    const res2 = tcp(sim, secondResponse);
    expect(s.flags).toBe("SYN");
    expect(sa).toMatchObject({ flags: "SYN, ACK", ack: add(s.seq, 1), src: 80, dst: s.src });
    expect(req).toMatchObject({ flags: "PSH, ACK", seq: add(s.seq, 1), ack: add(sa.seq, 1) });
    expect(res).toMatchObject({ seq: add(sa.seq, 1), ack: add(req.seq, req.len) });
    // The browser's connection #N, reused for /style.css: same ports, numbers carry on.
    expect(req2).toMatchObject({
      src: s.src,
      seq: add(req.seq, req.len),
      ack: add(res.seq, res.len),
    });
    expect(res2).toMatchObject({
      dst: s.src,
      seq: add(res.seq, res.len),
      ack: add(req2.seq, req2.len),
    });
    // Lengths are the real lengths of what is shown.
    const http = layer(layersOf(first, sim.trace, sim.topology), "Hypertext Transfer Protocol");
    expect(value(http, "Message Length")).toMatch(new RegExp(`^${req.len} bytes`));
    expect(value(http, "User-Agent")).toMatch(/Chrome\/\d+/);
    expect(value(http, "Connection")).toBe("keep-alive");
    const body = layer(layersOf(response, sim.trace, sim.topology), "Hypertext Transfer Protocol");
    expect(value(body, "Server")).toBe("nginx/1.22.1");
  });
});

describe("FastCGI and MySQL", () => {
  it("shows the FastCGI request's records and parameters", () => {
    const sim = scene("first-visit");
    const request = only(hops(sim, "fastcgi.request"), "FastCGI request");
    const layers = layersOf(request, sim.trace, sim.topology);
    expect(value(layer(layers, "Internet Protocol Version 4"), "Source Address")).toMatch(
      /^127\.0\.0\.1/,
    );
    expect(tcp(sim, request).dst).toBe(9000);
    expect(value(layer(layers, "FastCGI BEGIN_REQUEST"), "Role")).toBe("RESPONDER (1)");
    const params = layers
      .flatMap((l) => l.children ?? [])
      .find((l) => l.name === "FastCGI PARAMS" && l.fields.length > 6) as Layer;
    expect(value(params, "REQUEST_METHOD")).toBe("GET");
    expect(value(params, "SCRIPT_FILENAME")).toBe("/var/www/foobar/index.php");
    expect(value(params, "REQUEST_URI")).toBe("/");
    expect(value(params, "SERVER_NAME")).toBe("foobar.com");
    expect(value(params, "HTTP_HOST")).toBe("www.foobar.com");
    const browserSyn = only(hops(sim, "tcp.syn"), "SYN");
    expect(Number(value(params, "REMOTE_PORT"))).toBe(tcp(sim, browserSyn).src);
    const response = only(hops(sim, "fastcgi.response"), "FastCGI response");
    expect(layer(layersOf(response, sim.trace, sim.topology), "FastCGI END_REQUEST")).toBeTruthy();
  });

  it("shows a refused database connection as a SYN and a reset, and PHP's 2002", () => {
    const sim = scene("mysql-down");
    const query = only(hops(sim, "sql.query"), "query");
    const rst = only(
      hops(sim, "tcp.rst").filter((h) => h.from === "mysql"),
      "reset",
    );
    const q = tcp(sim, query);
    expect(q).toMatchObject({ flags: "SYN", dst: 3306 });
    expect(tcp(sim, rst)).toMatchObject({ flags: "RST, ACK", ack: add(q.seq, 1), src: 3306 });
    const mysql = layer(layersOf(rst, sim.trace, sim.topology), "MySQL Protocol");
    expect(mysql.fields.map((f) => f.value).join(" ")).toContain(
      "SQLSTATE[HY000] [2002] Connection refused",
    );
  });

  it("shows the query and its result set on one connection", () => {
    const sim = scene("first-visit");
    const query = only(hops(sim, "sql.query"), "query");
    const result = only(hops(sim, "sql.result"), "result");
    const q = tcp(sim, query);
    expect(tcp(sim, result).ack).toBe(add(q.seq, q.len));
    const sent = layer(layersOf(query, sim.trace, sim.topology), "COM_QUERY");
    expect(value(sent, "Statement")).toBe(query.summary);
    expect(q.len).toBe(4 + 1 + query.summary.length);
    const rows = layer(layersOf(result, sim.trace, sim.topology), "Column Count");
    expect(value(rows, "Number of Fields")).toBe("2");
  });
});

describe("error pages", () => {
  it("shows Nginx's own 502 page, byte for byte, when PHP-FPM is down", () => {
    const sim = scene("app-down");
    const response = only(
      hops(sim, "http.response").filter((h) => h.summary.startsWith("HTTP/1.1 502")),
      "502",
    );
    const http = layer(layersOf(response, sim.trace, sim.topology), "Hypertext Transfer Protocol");
    expect(value(http, "Content-Length")).toBe("559");
    expect(value(http, "Server")).toBe("nginx/1.22.1");
    const body = only(
      http.fields.filter((f) => f.name.startsWith("Body")),
      "body",
    );
    expect(body.name).toBe("Body (first 200 of 559 bytes)");
    expect(body.value).toContain("<title>502 Bad Gateway</title>");
    expect(body.value).toContain("<center><h1>502 Bad Gateway</h1></center>");
  });

  it("passes Nginx's 502 through HAProxy as it came (the TCP check trap)", () => {
    const sim = scene("tcp-check-trap", 1, 5000);
    const relayed = only(
      hops(sim, "http.response").filter((h) => h.from === "haproxy"),
      "relayed",
    );
    const layers = layersOf(relayed, sim.trace, sim.topology);
    expect(value(layer(layers, "Hypertext Transfer Protocol"), "Server")).toBe("nginx/1.22.1");
    expect(value(layer(layers, "Internet Protocol Version 4"), "Source Address")).toBe("8.8.8.8");
  });
});

describe("HAProxy", () => {
  it("forwards a request to a web server at the address its server line gives", () => {
    const sim = scene("distributed", 1, 5000);
    const forwarded = only(
      hops(sim, "http.request").filter((h) => h.from === "haproxy"),
      "forwarded",
    );
    const layers = layersOf(forwarded, sim.trace, sim.topology);
    expect(value(layer(layers, "Internet Protocol Version 4"), "Destination Address")).toMatch(
      /^10\.0\.0\.1[12]$/,
    );
    expect(tcp(sim, forwarded)).toMatchObject({ dst: 80, seq: expect.any(Number) });
  });

  it("decodes a health check (never traced: built as haproxy.ts sends it) on `distributed`", () => {
    const sim = scene("distributed", 1, 5000);
    const check: HopEntry = {
      type: "hop",
      seq: sim.traceTotal,
      step: "tcp.syn",
      kind: 1,
      from: "haproxy",
      to: "web1-nginx",
      summary: "SYN",
      depart: 6000,
      arrive: 6000.2,
      requestId: 0,
      visitId: 0,
    };
    const layers = layersOf(check, sim.trace, sim.topology);
    const health = layer(layers, "HAProxy health check");
    expect(health.summary).toBe("HAProxy health check of web/web1 (10.0.0.11:80): TCP connect");
    expect(value(health, "Timing")).toMatch(/^inter 2s fall 3 rise 2/);
    expect(tcp(sim, check)).toMatchObject({ flags: "SYN", dst: 80 });
    // With option httpchk: the check's request.
    const http = createSimulation({ topology: httpCheckTopology(2), seed: 1 });
    const get: HopEntry = {
      ...check,
      seq: 0,
      step: "http.request",
      kind: 2,
      summary: "GET /health HTTP/1.0",
    };
    const got = layersOf(get, [], http.topology);
    expect(layer(got, "Hypertext Transfer Protocol").summary).toBe(
      "Hypertext Transfer Protocol: GET /health HTTP/1.0",
    );
    expect(layer(got, "HAProxy health check").summary).toMatch(/HTTP GET \/health$/);
  });
});

describe("every hop", () => {
  const SCENES = [
    "first-visit",
    "mysql-down",
    "app-down",
    "dns-down",
    "nginx-down",
    "distributed",
    "tcp-check-trap",
    "db-failover",
  ];

  it("decodes without throwing, with an IP layer whose addresses the topology gives or the inspector documents", () => {
    fc.assert(
      fc.property(fc.constantFrom(...SCENES), fc.integer({ min: 1, max: 10_000 }), (id, seed) => {
        const sim = scene(id, seed, 5000);
        const known = new Set(
          sim.topology.specs
            .flatMap((s) => ("ip" in s ? [s.ip] : []))
            .concat(["127.0.0.1", "224.0.0.18"]),
        );
        for (const hop of hops(sim)) {
          const layers = layersOf(hop, sim.trace, sim.topology);
          const ip = layer(layers, "Internet Protocol Version 4");
          for (const name of ["Source Address", "Destination Address"]) {
            const address = value(ip, name).split(" ")[0] ?? "";
            expect(known.has(address) || address.startsWith(BROWSER_ADDRESS_PREFIX)).toBe(true);
          }
          expect(
            layers.some(
              (l) => l.name === "Data" && l.fields.some((f) => f.value.startsWith("Not decoded")),
            ),
          ).toBe(false);
          expect(layersOf(hop, sim.trace, sim.topology)).toEqual(layers);
        }
      }),
      { numRuns: 12 },
    );
  });

  it("never throws on summaries it cannot parse", () => {
    const sim = scene("first-visit");
    for (const hop of hops(sim)) {
      const odd = { ...hop, summary: "§§ not a summary ((" };
      expect(() => layersOf(odd, sim.trace, sim.topology)).not.toThrow();
      expect(layersOf(odd, [], sim.topology).length).toBeGreaterThan(1);
    }
  });
});
