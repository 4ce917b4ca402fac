/**
 * What a moving packet's label says: the fact a student needs from the message, not the whole
 * line as the event log prints it. `www.foobar.com. CNAME foobar.com. (TTL 3600), foobar.com.
 * A 8.8.8.8 (TTL 300)` becomes `CNAME foobar.com, A 8.8.8.8`; `HTTP/1.1 500 Internal Server
 * Error (text/html, 900 B)` becomes `500 Internal Server Error`. Anything else longer than
 * `max` characters is shortened at a word boundary, never mid-word.
 */
export function packetCaption(summary: string, max = 30): string {
  return shorten(essential(summary.trim()), max);
}

/** Rewrites, first match wins: the fact in each kind of message. */
const RULES: readonly [RegExp, (m: RegExpExecArray) => string][] = [
  // An HTTP status line: the code and its reason (the size is in the log).
  [/^HTTP\/\d(?:\.\d)? (\d{3} [^(]+?)(?: \(.*)?$/, (m) => m[1] ?? ""],
  // A request line: the method and path.
  [/^([A-Z]+ \S+) HTTP\/\d(?:\.\d)?$/, (m) => m[1] ?? ""],
  // FastCGI: what it carries.
  [/^FastCGI request: ([A-Z]+ \S+)/, (m) => `FastCGI ${m[1] ?? ""}`],
  [/^FastCGI STDOUT: Status (\d{3})/, (m) => `FastCGI: status ${m[1] ?? ""}`],
  // TCP: what happened, and where.
  [/^SYN → (\S+) \(retransmission (\d+)\)$/, (m) => `SYN → ${m[1]} (retry ${m[2]})`],
  [/^RST: connection refused on port (\d+)$/, (m) => `RST: refused, port ${m[1]}`],
  [/^RST: nothing listens on port (\d+)$/, (m) => `RST: nothing on port ${m[1]}`],
  // A DNS referral: where to ask next.
  [/^referral: (\S+) NS (\S+)$/, (m) => `ask ${trimDot(m[2] ?? "")}`],
  // SQL: the verb and the table.
  [
    /^(SELECT|INSERT|UPDATE|DELETE)\b.*?\b(?:FROM|INTO|UPDATE)\s+(\w+)/i,
    (m) => `${m[1]} … ${m[2]}`,
  ],
];

function essential(text: string): string {
  // A DNS answer: its records' types and values, without the owner names and TTLs.
  if (/ (CNAME|A|AAAA) \S+/.test(text) && !/^[A-Z]+\? /.test(text)) {
    const records = text
      .split(/,\s*(?=\S+\.\s+[A-Z]+\s)/)
      .map((r) => /^\S+\s+([A-Z]+)\s+(\S+)/.exec(r.trim()))
      .filter((m): m is RegExpExecArray => m !== null)
      .map((m) => `${m[1]} ${trimDot(m[2] ?? "")}`);
    if (records.length > 0) return records.join(", ");
  }
  for (const [pattern, rewrite] of RULES) {
    const m = pattern.exec(text);
    if (m) return rewrite(m);
  }
  return text;
}

function trimDot(name: string): string {
  return name.endsWith(".") && name.length > 1 ? name.slice(0, -1) : name;
}

/** At most `max` characters, cut at the last space (or comma) that fits, with "…". */
function shorten(text: string, max: number): string {
  if (text.length <= max) return text;
  const room = text.slice(0, max);
  const cut = Math.max(room.lastIndexOf(" "), room.lastIndexOf(","));
  // One word longer than the room is the only thing ever cut inside a word.
  const head = (cut > 0 ? room.slice(0, cut) : room).replace(/[\s,·]+$/, "");
  return `${head}…`;
}
