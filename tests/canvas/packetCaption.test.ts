import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { packetCaption } from "../../src/canvas/packetCaption";

describe("packetCaption: the fact a moving packet carries", () => {
  it.each([
    [
      "www.foobar.com. CNAME foobar.com. (TTL 3600), foobar.com. A 8.8.8.8 (TTL 300)",
      "CNAME foobar.com, A 8.8.8.8",
    ],
    ["HTTP/1.1 500 Internal Server Error (text/html, 900 B)", "500 Internal Server Error"],
    ["HTTP/1.1 200 OK (text/html, 4.2 kB)", "200 OK"],
    ["HTTP/1.1 502 Bad Gateway (text/html, 559 B)", "502 Bad Gateway"],
    ["GET /style.css HTTP/1.1", "GET /style.css"],
    ["FastCGI request: GET / (BEGIN_REQUEST, PARAMS, STDIN)", "FastCGI GET /"],
    [
      "FastCGI STDOUT: Status 500 Internal Server Error (text/html, 900 B, v1), END_REQUEST",
      "FastCGI: status 500",
    ],
    ["referral: com. NS a.gtld-servers.net.", "ask a.gtld-servers.net"],
    ["SELECT title, body FROM posts ORDER BY created_at DESC LIMIT 10", "SELECT … posts"],
    ["A? www.foobar.com.", "A? www.foobar.com."],
    ["SYN → 8.8.8.8:80 (retransmission 3)", "SYN → 8.8.8.8:80 (retry 3)"],
    ["RST: connection refused on port 3306", "RST: refused, port 3306"],
    ["RST: nothing listens on port 9000", "RST: nothing on port 9000"],
    [
      "www.foobar.com. not in cache: asking a root server about it now",
      "www.foobar.com. not in cache:…",
    ],
    ["SERVFAIL", "SERVFAIL"],
  ])("%s → %s", (summary, caption) => {
    expect(packetCaption(summary)).toBe(caption);
  });

  it("is never longer than asked, and never cuts a word in two", () => {
    fc.assert(
      fc.property(
        fc.array(fc.stringMatching(/^[a-z0-9.:/]{1,12}$/), { minLength: 1, maxLength: 12 }),
        (words) => {
          const text = words.join(" ");
          const caption = packetCaption(text);
          expect(caption.length).toBeLessThanOrEqual(31);
          if (caption.endsWith("…")) {
            // Every word shown is a whole word of the text (the last one too), unless the
            // first word alone was longer than the room.
            const shown = caption.slice(0, -1).split(" ");
            if (shown.length > 1 || (words[0]?.length ?? 0) <= 30)
              for (const w of shown) expect(words).toContain(w);
          } else expect(caption).toBe(text);
        },
      ),
    );
  });
});
