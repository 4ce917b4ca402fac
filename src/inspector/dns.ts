import type { HopEntry, ResourceRecord } from "../engine";
import { endpointsOf, specOf } from "./addresses";
import { hopBefore, type InspectContext, noteOf, positionOf, withoutDot } from "./context";
import type { Decoder } from "./decoder";
import { ephemeralPort, hex16, id16 } from "./hash";
import { type Field, field, type Layer } from "./types";

const HEADER_BYTES = 12;
const TYPE_CODES = { A: 1, NS: 2, CNAME: 5 } as const;

/** A record as the summary states it; the TTL is exactly the summary's (what is left of it, from a cache). */
interface Record {
  name: string;
  type: ResourceRecord["type"];
  value: string;
  ttl: number | undefined;
}

/** `A? www.foobar.com. (try 2)` → the name asked. */
function questionOf(summary: string): string | undefined {
  return /^A\? (\S+)/.exec(summary)?.[1];
}

/** `www.foobar.com. CNAME foobar.com. (TTL 3600), foobar.com. A 8.8.8.8 (TTL 300)` → records. */
function recordsIn(summary: string): Record[] {
  const out: Record[] = [];
  for (const m of summary.matchAll(/(\S+) (A|CNAME|NS) (\S+) \(TTL (\d+)\)/g))
    out.push({
      name: m[1] ?? "",
      type: m[2] as Record["type"],
      value: m[3] ?? "",
      ttl: Number(m[4]),
    });
  return out;
}

/**
 * A message's length with name compression (RFC 1035 §4.1.4): a name, or its tail, written
 * once is later a 2-byte pointer to where it was.
 */
class Encoder {
  bytes = HEADER_BYTES;
  private seen = new Map<string, number>();
  name(full: string): void {
    const labels = withoutDot(full) === "." ? [] : withoutDot(full).split(".");
    for (let i = 0; i < labels.length; i++) {
      const tail = labels.slice(i).join(".").toLowerCase();
      if (this.seen.has(tail)) {
        this.bytes += 2;
        return;
      }
      if (this.bytes < 0x4000) this.seen.set(tail, this.bytes);
      this.bytes += 1 + (labels[i]?.length ?? 0);
    }
    this.bytes += 1;
  }
  record(r: Record): void {
    this.name(r.name);
    this.bytes += 10; // type, class, TTL, RDLENGTH
    if (r.type === "A") this.bytes += 4;
    else this.name(r.value);
  }
}

interface Message {
  id: number;
  response: boolean;
  flags: { aa: boolean; rd: boolean; ra: boolean };
  rcode: "NOERROR" | "NXDOMAIN" | "SERVFAIL";
  question: string | undefined;
  answer: Record[];
  authority: Record[];
  additional: Record[];
  notes: string[];
}

function encodedLength(m: Message): number {
  const e = new Encoder();
  if (m.question) {
    e.name(m.question);
    e.bytes += 4;
  }
  for (const r of [...m.answer, ...m.authority, ...m.additional]) e.record(r);
  return e.bytes;
}

/** The query a response answers: the last query from the response's receiver to its sender. */
function queryFor(ctx: InspectContext, hop: HopEntry): HopEntry | undefined {
  return hopBefore(
    ctx,
    positionOf(ctx, hop.seq),
    (h) =>
      h.requestId === hop.requestId &&
      h.from === hop.to &&
      h.to === hop.from &&
      (h.step === "dns.query.stub" || h.step === "dns.query.iterative"),
  );
}

/** A record's TTL as its zone has it, for a referral's records (the summary gives none). */
function zoneTtl(ctx: InspectContext, server: string, r: Omit<Record, "ttl">): number | undefined {
  const spec = specOf(ctx.topology, server);
  if (spec?.kind !== "nameserver") return undefined;
  return spec.records.find((z) => z.name === r.name && z.type === r.type && z.value === r.value)
    ?.ttl;
}

function messageOf(
  hop: HopEntry,
  ctx: InspectContext,
): { message: Message; query: HopEntry | undefined } {
  const isQuery = hop.step === "dns.query.stub" || hop.step === "dns.query.iterative";
  const query = isQuery ? hop : queryFor(ctx, hop);
  const id = query
    ? id16(`${query.from}>${query.to}@${query.seq}`)
    : id16(`${hop.to}>${hop.from}@${hop.seq}`);
  // A stub asks for recursion; a resolver asking name servers does not.
  const rd = query ? query.step === "dns.query.stub" : hop.step === "dns.answer.client";
  const question = query ? questionOf(query.summary) : undefined;
  const base: Message = {
    id,
    response: !isQuery,
    flags: { aa: false, rd, ra: false },
    rcode: "NOERROR",
    question,
    answer: [],
    authority: [],
    additional: [],
    notes: [],
  };
  if (isQuery) return { message: base, query };
  const sender = specOf(ctx.topology, hop.from);
  base.flags.ra = sender?.kind === "resolver";
  if (!query)
    base.notes.push(
      "The query it answers is not in the kept trace: its ID and question are unknown",
    );
  const s = hop.summary;
  if (s === "NXDOMAIN" || s === "SERVFAIL") base.rcode = s;
  else if (s.startsWith("referral: ")) {
    const m = /^referral: (\S+) NS (.+)$/.exec(s);
    const zone = m?.[1] ?? "";
    for (const ns of (m?.[2] ?? "").split(", ")) {
      const r = { name: zone, type: "NS" as const, value: ns };
      base.authority.push({ ...r, ttl: zoneTtl(ctx, hop.from, r) });
    }
    // The glue: the name servers' addresses, from the referring zone's data.
    if (sender?.kind === "nameserver")
      for (const g of sender.records)
        if (g.type === "A" && base.authority.some((ns) => ns.value === g.name))
          base.additional.push({ name: g.name, type: "A", value: g.value, ttl: g.ttl });
    base.notes.push(
      "A referral: no answer, the name servers of the zone below (authority) and their addresses (additional, from the zone's glue)",
    );
  } else base.answer = recordsIn(s);
  if (sender?.kind === "nameserver" && s !== "SERVFAIL" && !s.startsWith("referral: "))
    base.flags.aa = true;
  if (sender?.kind === "resolver") {
    const cached = noteOf(ctx, hop.requestId, ["resolver.cache.hit"]);
    if (cached && cached.seq < hop.seq && base.answer.length > 0)
      base.notes.push("Answered from the resolver's cache: each TTL is what is left of it");
    if (s === "SERVFAIL")
      base.notes.push("SERVFAIL: the resolver could not get an answer from the name servers");
  }
  return { message: base, query };
}

function flagsValue(m: Message): number {
  const rcode = { NOERROR: 0, NXDOMAIN: 3, SERVFAIL: 2 }[m.rcode];
  return (
    (m.response ? 0x8000 : 0) |
    (m.flags.aa ? 0x0400 : 0) |
    (m.flags.rd ? 0x0100 : 0) |
    (m.flags.ra ? 0x0080 : 0) |
    rcode
  );
}

function recordLayer(r: Record, section: string): Layer {
  const ttl = r.ttl === undefined ? "not in the summary" : `${r.ttl} s`;
  return {
    name: `${section} record`,
    summary: `${withoutDot(r.name)}: type ${r.type}, class IN, ${r.type === "A" ? "addr" : r.type === "CNAME" ? "cname" : "ns"} ${withoutDot(r.value)}`,
    fields: [
      field("Name", r.name),
      field("Type", `${r.type} (${TYPE_CODES[r.type]})`),
      field("Class", "IN (0x0001)"),
      field("Time to live", ttl),
      field(r.type === "A" ? "Address" : r.type === "CNAME" ? "CNAME" : "Name Server", r.value),
    ],
  };
}

function dnsLayer(m: Message, bytes: number): Layer {
  const f = flagsValue(m);
  const flagText = [
    m.response ? "QR (response)" : "query",
    "opcode QUERY",
    ...(m.response ? [m.flags.aa ? "AA (authoritative)" : "not authoritative"] : []),
    m.flags.rd ? "RD (recursion desired)" : "no RD",
    ...(m.response ? [m.flags.ra ? "RA (recursion available)" : "no RA"] : []),
    ...(m.response ? [`RCODE ${m.rcode}`] : []),
  ].join(", ");
  const fields: Field[] = [
    field("Transaction ID", hex16(m.id)),
    field("Flags", `${hex16(f)}: ${flagText}`),
    field("Questions", m.question ? 1 : 0),
    field("Answer RRs", m.answer.length),
    field("Authority RRs", m.authority.length),
    field("Additional RRs", m.additional.length),
    field("Length", `${bytes} bytes (names compressed; no EDNS(0) OPT record: not modelled)`),
    ...m.notes.map((n) => field("Note", n)),
  ];
  const children: Layer[] = [];
  if (m.question)
    children.push({
      name: "Query",
      summary: `${withoutDot(m.question)}: type A, class IN`,
      fields: [field("Name", m.question), field("Type", "A (1)"), field("Class", "IN (0x0001)")],
    });
  for (const r of m.answer) children.push(recordLayer(r, "Answer"));
  for (const r of m.authority) children.push(recordLayer(r, "Authority"));
  for (const r of m.additional) children.push(recordLayer(r, "Additional"));
  const what = m.response
    ? `Standard query response ${hex16(m.id)}${m.rcode === "NOERROR" ? "" : ` ${m.rcode}`}`
    : `Standard query ${hex16(m.id)}`;
  return {
    name: `Domain Name System (${m.response ? "response" : "query"})`,
    summary: `Domain Name System (${m.response ? "response" : "query"}): ${what} A ${m.question ?? "?"}${m.answer.map((r) => ` ${r.type} ${withoutDot(r.value)}`).join("")}`,
    fields,
    children,
  };
}

/** DNS over UDP: a query from an ephemeral port to 53, the answer back with the query's ID. */
export const dnsDecoder: Decoder = {
  decode(hop, ctx) {
    const { message, query } = messageOf(hop, ctx);
    const bytes = encodedLength(message);
    const client = message.response ? hop.to : hop.from;
    const server = message.response ? hop.from : hop.to;
    const ends = endpointsOf(ctx.topology, client, server);
    const port = ephemeralPort(
      query ? `${query.from}>${query.to}@${query.seq}` : `${client}>${server}@${hop.seq}`,
    );
    const clientEnd = { ip: ends.clientIp, port };
    const serverEnd = { ip: ends.serverIp, port: ends.serverPort || 53 };
    return {
      transport: "udp",
      src: message.response ? serverEnd : clientEnd,
      dst: message.response ? clientEnd : serverEnd,
      bytes,
      app: [dnsLayer(message, bytes)],
    };
  },
};
