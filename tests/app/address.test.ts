import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseAddress } from "../../src/store/address";

describe("parseAddress: what the address bar accepts", () => {
  it("reads a bare host, a path and plain http://", () => {
    expect(parseAddress("www.foobar.com")).toEqual({ ok: true, host: "www.foobar.com", path: "/" });
    expect(parseAddress("  WWW.Foobar.com/style.css ")).toEqual({
      ok: true,
      host: "www.foobar.com",
      path: "/style.css",
    });
    expect(parseAddress("http://foobar.com/logo.png")).toMatchObject({
      ok: true,
      path: "/logo.png",
    });
  });

  it("refuses a host that only becomes ASCII once lowercased (the Kelvin sign K is not k)", () => {
    // "K" (U+212A).toLowerCase() is "k": the host must be checked as typed, not after.
    for (const typed of ["\u212Aitten.com", "www.foobar.co\u212A", "İ.foobar.com"]) {
      const out = parseAddress(typed);
      expect(out.ok, typed).toBe(false);
    }
  });

  it("quotes what was typed as input, kept apart and with its control characters visible", () => {
    const out = parseAddress("evil\u202Ecom");
    if (out.ok) throw new Error("accepted");
    expect(out.message.text).toBe("“evil⟨U+202E⟩com” is not a host name: try www.foobar.com.");
    expect(out.message.parts).toContainEqual({ input: "evil⟨U+202E⟩com", quote: true });
  });

  it("never throws, and whatever it accepts is an ASCII host and path", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 60 }), (typed) => {
        const out = parseAddress(typed);
        if (out.ok) {
          expect(out.host).toMatch(/^[a-z0-9.-]+(:[0-9]{1,5})?$/);
          // Printable ASCII, no spaces, and no dot segments left: what a request line carries.
          expect(out.path).toMatch(/^\/[\x21-\x7e]*$/);
          expect(out.path.split("?")[0]?.split("/")).not.toContain("..");
        }
      }),
      { numRuns: 500 },
    );
  });

  it("reads an IPv4 address as the host (the URL parser's forms too)", () => {
    expect(parseAddress("8.8.8.8")).toEqual({ ok: true, host: "8.8.8.8", path: "/" });
    expect(parseAddress("http://8.8.8.8/style.css")).toEqual({
      ok: true,
      host: "8.8.8.8",
      path: "/style.css",
    });
    // 134744072 is 8.8.8.8 written as one number: WHATWG URL reads it as the address.
    expect(parseAddress("134744072")).toMatchObject({ ok: true, host: "8.8.8.8" });
  });

  it("keeps a port other than 80, and drops :80 as a browser does", () => {
    expect(parseAddress("www.foobar.com:8080")).toEqual({
      ok: true,
      host: "www.foobar.com:8080",
      path: "/",
    });
    expect(parseAddress("http://www.foobar.com:80/style.css")).toEqual({
      ok: true,
      host: "www.foobar.com",
      path: "/style.css",
    });
    expect(parseAddress("8.8.8.8:080")).toMatchObject({ ok: true, host: "8.8.8.8" });
  });

  it("refuses a port outside 1 to 65535, or one that is no number, saying so", () => {
    for (const [typed, port] of [
      ["www.foobar.com:0", "0"],
      ["www.foobar.com:65536", "65536"],
      ["www.foobar.com:99999/", "99999"],
      ["www.foobar.com:http", "http"],
      ["www.foobar.com:", ""],
      ["8.8.8.8:-1", "-1"],
    ] as const) {
      const out = parseAddress(typed);
      if (out.ok) throw new Error(`accepted ${typed}`);
      expect(out.message.text).toBe(
        `“${port}” is not a port: a port is a number from 1 to 65535, as in www.foobar.com:80.`,
      );
    }
  });

  it("refuses the ports Chromium blocks (ERR_UNSAFE_PORT), such as 22 and 25", () => {
    const out = parseAddress("8.8.8.8:22");
    if (out.ok) throw new Error("accepted");
    expect(out.message.text).toContain("ERR_UNSAFE_PORT");
    expect(parseAddress("8.8.8.8:3306").ok).toBe(true);
  });

  it("normalises the path as a browser does", () => {
    const path = (typed: string) => {
      const out = parseAddress(typed);
      if (!out.ok) throw new Error(out.message.text);
      return out.path;
    };
    expect(path("www.foobar.com/../../etc/passwd")).toBe("/etc/passwd");
    expect(path("www.foobar.com/a/./b/../c")).toBe("/a/c");
    expect(path("www.foobar.com/%2e%2e/%2E%2e/etc/passwd")).toBe("/etc/passwd");
    expect(path("www.foobar.com/a/.%2e/b")).toBe("/b");
    expect(path("www.foobar.com/a%20b/ü")).toBe("/a%20b/%C3%BC");
    expect(path("www.foobar.com/a b")).toBe("/a%20b");
    expect(path("www.foobar.com/%41")).toBe("/%41");
    expect(path("www.foobar.com\\style.css")).toBe("/style.css");
    expect(path("www.foobar.com/?q=1#top")).toBe("/?q=1");
    expect(path("www.foobar.com#top")).toBe("/");
  });

  it("refuses user names, IPv6 and non-ASCII hosts rather than guess", () => {
    for (const typed of ["user@www.foobar.com", "[::1]", "bücher.de", "localhost", "a..b.com"]) {
      expect(parseAddress(typed).ok, typed).toBe(false);
    }
  });

  it("reads javascript:, data: and other schemes as schemes, not as a host and a port", () => {
    for (const [typed, scheme] of [
      ["javascript:alert(1)", "javascript"],
      ["data:text/html,<b>x</b>", "data"],
      ["ftp://www.foobar.com/", "ftp"],
      ["HTTPS://www.foobar.com/", "https"],
    ] as const) {
      const out = parseAddress(typed);
      if (out.ok) throw new Error(`accepted ${typed}`);
      expect(out.message.text).toBe(
        `Only plain http:// is simulated here (no ${scheme}: addresses): try http://www.foobar.com/.`,
      );
    }
    // A host with a port is no scheme, nor is a name without dots that a port number follows.
    expect(parseAddress("www.foobar.com:8080").ok).toBe(true);
    expect(parseAddress("localhost:8080/").ok).toBe(false);
  });
});
