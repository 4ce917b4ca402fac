import type { ResourceRecord } from "./types";

/** A DNS response, reduced to what the model needs. */
export interface DnsMessage {
  rcode: "NOERROR" | "NXDOMAIN" | "SERVFAIL";
  answer: ResourceRecord[];
  authority: ResourceRecord[];
  additional: ResourceRecord[];
}

/** Names already made fully qualified: the same few names are looked up on every visit. */
const fqdnMemo = new Map<string, string>();

/** `WWW.Foobar.com` → `www.foobar.com.` */
export function fqdn(name: string): string {
  let full = fqdnMemo.get(name);
  if (full === undefined) {
    const lower = name.toLowerCase();
    full = lower.endsWith(".") ? lower : `${lower}.`;
    // A bound, so that a user typing many names cannot grow it without end.
    if (fqdnMemo.size < 1024) fqdnMemo.set(name, full);
  }
  return full;
}

/** True when `name` is `zone` or lies below it. */
export function isWithin(name: string, zone: string): boolean {
  return zone === "." || name === zone || name.endsWith(`.${zone}`);
}

/** `www.foobar.com.` → [`www.foobar.com.`, `foobar.com.`, `com.`, `.`] */
export function ancestors(name: string): string[] {
  const out: string[] = [];
  let rest = name;
  while (rest !== "." && rest !== "") {
    out.push(rest);
    const dot = rest.indexOf(".");
    rest = rest.slice(dot + 1) || ".";
  }
  out.push(".");
  return out;
}

/**
 * How an authoritative server answers an A query for `qname` from its zone data:
 * a referral when the name is delegated to a child zone, the CNAME chain and the
 * A record when it holds them (chasing CNAMEs inside its own zone, as RFC 1034
 * §4.3.2 says), or NXDOMAIN.
 */
export function answerFromZone(
  zone: string,
  records: readonly ResourceRecord[],
  qname: string,
): DnsMessage {
  const referral = findDelegation(zone, records, qname);
  if (referral) return referral;

  const answer: ResourceRecord[] = [];
  let name = qname;
  for (let guard = 0; guard < 8; guard++) {
    const a = records.filter((r) => r.name === name && r.type === "A");
    if (a.length > 0)
      return { rcode: "NOERROR", answer: [...answer, ...a], authority: [], additional: [] };
    const cname = records.find((r) => r.name === name && r.type === "CNAME");
    if (!cname) break;
    answer.push(cname);
    name = cname.value;
    // The target lives elsewhere (or below a delegation): the resolver must chase it.
    if (!isWithin(name, zone) || findDelegation(zone, records, name)) {
      return { rcode: "NOERROR", answer, authority: [], additional: [] };
    }
  }
  if (answer.length > 0) return { rcode: "NOERROR", answer, authority: [], additional: [] };
  const exists = records.some((r) => isWithin(r.name, name));
  return { rcode: exists ? "NOERROR" : "NXDOMAIN", answer: [], authority: [], additional: [] };
}

function findDelegation(
  zone: string,
  records: readonly ResourceRecord[],
  qname: string,
): DnsMessage | undefined {
  // The deepest child zone (an NS set below the apex) that contains qname.
  let best: string | undefined;
  for (const r of records) {
    if (r.type !== "NS" || r.name === zone || !isWithin(qname, r.name)) continue;
    if (!best || r.name.length > best.length) best = r.name;
  }
  if (!best) return undefined;
  const authority = records.filter((r) => r.type === "NS" && r.name === best);
  const additional = records.filter(
    (r) => r.type === "A" && authority.some((ns) => ns.value === r.name),
  );
  return { rcode: "NOERROR", answer: [], authority, additional };
}

/** One line for a DNS response, as `dig` would sum it up. */
export function describeResponse(msg: DnsMessage): string {
  if (msg.rcode !== "NOERROR") return msg.rcode;
  if (msg.answer.length > 0) return msg.answer.map(describeRecord).join(", ");
  if (msg.authority.length > 0) {
    const ns = msg.authority.map((r) => r.value).join(", ");
    return `referral: ${msg.authority[0]?.name} NS ${ns}`;
  }
  return "NOERROR (no data)";
}

export function describeRecord(r: ResourceRecord): string {
  return `${r.name} ${r.type} ${r.value} (TTL ${r.ttl})`;
}
