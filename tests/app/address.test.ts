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
          expect(out.host).toMatch(/^[a-z0-9.-]+$/);
          expect(out.path).toMatch(/^\/[A-Za-z0-9._~\-/]*$/);
        }
      }),
      { numRuns: 500 },
    );
  });
});
