import { ancestors, type DnsMessage, describeResponse } from "./dns";
import type { Behaviour, Kernel, Timer } from "./kernel";
import type { DnsLookupRef, Message } from "./messages";
import { HopKind, type ResolverSpec, type ResourceRecord } from "./types";

interface CacheEntry {
  records: ResourceRecord[];
  expires: number;
  /** The records as the resolver hands them out now: with the TTL left (see `remaining`). */
  shown: ResourceRecord[] | undefined;
  /** The TTL `shown` carries (whole seconds). */
  shownTtl: number;
}

/** One lookup the resolver works on for a client. */
interface Lookup {
  id: number;
  client: number;
  clientRef: DnsLookupRef;
  qname: string;
  /** The name being resolved now (after following CNAMEs). */
  current: string;
  /** CNAMEs followed so far, for the final answer. */
  chain: ResourceRecord[];
  /** Whether it is in `ResolverState.asking` (from its first question upstream until it ends). */
  registered: boolean;
  /** Whether anything had to be asked upstream (for the note). */
  askedUpstream: boolean;
  /** Tries of the current upstream question; `asking` is true while one is unanswered. */
  attempts: number;
  asking: boolean;
  timer?: Timer;
}

export interface ResolverState {
  /** `name|type` → records, until `expires`. */
  cache: Map<string, CacheEntry>;
  /** Names whose resolution failed lately (RFC 9520): name → when the failure is forgotten (ms). */
  failures: Map<string, number>;
  /** Lookups being worked on now. */
  pending: number;
  /** Lookups waiting for an answer from upstream, by id (a lookup answered from cache is never here). */
  asking: Map<number, Lookup>;
  nextId: number;
  /**
   * The last answer built from cache, to be sent again while its records are the same
   * objects: most lookups ask for the same name (responses are never changed once sent).
   */
  lastAnswer:
    | { cname: ResourceRecord | undefined; a: ResourceRecord[]; response: DnsMessage }
    | undefined;
}

export function createResolverState(): ResolverState {
  return {
    cache: new Map(),
    failures: new Map(),
    pending: 0,
    asking: new Map(),
    nextId: 1,
    lastAnswer: undefined,
  };
}

/**
 * A recursive resolver. It answers from its cache where it can; otherwise it
 * walks down from the closest zone whose name servers it knows (the root when
 * it knows none), following referrals and CNAMEs, and caches everything it
 * learns for the records' TTLs.
 */
export const resolverBehaviour =
  (spec: ResolverSpec): Behaviour<ResolverState> =>
  (k, self, state, from, msg) => {
    if (msg.type === "dns.query") {
      const lookup: Lookup = {
        id: state.nextId++,
        client: from,
        clientRef: msg.lookup,
        qname: msg.qname,
        current: msg.qname,
        chain: NO_RECORDS, // replaced, never pushed to, when a CNAME is followed
        registered: false,
        askedUpstream: false,
        attempts: 0,
        asking: false,
      };
      state.pending++;
      k.later(self, k.vary(spec.processMs), proceed, spec, state, lookup);
    } else if (msg.type === "dns.response") {
      const lookup = state.asking.get(msg.lookup.id);
      if (lookup?.asking) {
        lookup.timer?.cancel();
        lookup.asking = false;
        lookup.attempts = 0;
        onUpstreamResponse(k, self, spec, state, lookup, msg.response);
      }
    }
  };

/** Empty sections of an answer from cache, shared: a response is never changed once sent. */
const NO_RECORDS: ResourceRecord[] = Object.freeze([]) as unknown as ResourceRecord[];

const SERVFAIL: DnsMessage = Object.freeze({
  rcode: "SERVFAIL",
  answer: NO_RECORDS,
  authority: NO_RECORDS,
  additional: NO_RECORDS,
}) as DnsMessage;

/**
 * The resolution failed: remember it for `failureCacheSeconds` (RFC 9520 asks for 1 s to
 * 5 minutes; Unbound keeps a SERVFAIL for 5 s, BIND for 1 s) and answer SERVFAIL at once meanwhile.
 */
function failed(k: Kernel, spec: ResolverSpec, state: ResolverState, lookup: Lookup): void {
  if (spec.failureCacheSeconds > 0)
    state.failures.set(lookup.qname, k.now + spec.failureCacheSeconds * 1000);
}

function proceed(
  k: Kernel,
  self: number,
  spec: ResolverSpec,
  state: ResolverState,
  lookup: Lookup,
): void {
  // Follow the chain through the cache as far as it goes.
  for (let guard = 0; guard < 8; guard++) {
    const a = fresh(k, cachedEntry(k, state, lookup.current, "A"));
    if (a) {
      if (!lookup.askedUpstream) {
        const request = lookup.clientRef.request;
        if (request.traced)
          k.note(self, "resolver.cache.hit", `${lookup.qname} answered from cache`, request);
      }
      reply(k, self, state, lookup, answerFromCache(state, lookup.chain, a));
      return;
    }
    const cname = fresh(k, cachedEntry(k, state, lookup.current, "CNAME"))?.[0];
    if (!cname) break;
    // A one-element array rather than a push onto [] (which makes room for 16).
    if (lookup.chain.length === 0) lookup.chain = [cname];
    else lookup.chain.push(cname);
    lookup.current = cname.value;
  }
  // A name that failed to resolve moments ago is not asked for again (RFC 9520).
  if (!lookup.askedUpstream && lookup.attempts === 0) {
    const until = state.failures.get(lookup.qname);
    if (until !== undefined && until > k.now) {
      k.note(
        self,
        "dns.servfail.cached",
        () =>
          `${lookup.qname} failed to resolve ${((k.now - (until - spec.failureCacheSeconds * 1000)) / 1000).toFixed(1)} s ago: SERVFAIL from the failure cache (kept ${spec.failureCacheSeconds} s)`,
        lookup.clientRef.request,
      );
      reply(k, self, state, lookup, SERVFAIL);
      return;
    }
    if (until !== undefined) state.failures.delete(lookup.qname);
  }
  // Ask the closest name server we know of for the name.
  const server = closestServer(k, spec, state, lookup.current);
  if (!server) {
    failed(k, spec, state, lookup);
    reply(k, self, state, lookup, SERVFAIL);
    return;
  }
  if (!lookup.askedUpstream && lookup.attempts === 0) {
    k.note(
      self,
      "resolver.cache.miss",
      () =>
        `${lookup.current} not in cache: asking ${server.zone === "." ? "a root server" : `the ${server.zone} name server`}`,
      lookup.clientRef.request,
    );
  }
  lookup.askedUpstream = true;
  if (!lookup.registered) {
    lookup.registered = true;
    state.asking.set(lookup.id, lookup);
  }
  const target = k.topology.atIp(server.ip);
  if (target === undefined) {
    failed(k, spec, state, lookup);
    reply(k, self, state, lookup, SERVFAIL);
    return;
  }
  lookup.attempts++;
  lookup.asking = true;
  const request = lookup.clientRef.request;
  k.send(
    self,
    target,
    { type: "dns.query", qname: lookup.current, lookup: { id: lookup.id, request } },
    "dns.query.iterative",
    HopKind.Dns,
    request,
    () =>
      lookup.attempts === 1
        ? `A? ${lookup.current}`
        : `A? ${lookup.current} (try ${lookup.attempts})`,
  );
  // UDP: no answer means ask again, then give up with SERVFAIL.
  const attempt = lookup.attempts;
  lookup.timer = k.after(self, spec.queryTimeoutMs, queryTimedOut, spec, state, {
    lookup,
    attempt,
    target,
    ip: server.ip,
  });
}

/** No answer from the server asked: ask again, or give up with SERVFAIL. */
function queryTimedOut(
  k: Kernel,
  self: number,
  spec: ResolverSpec,
  state: ResolverState,
  { lookup, attempt, target, ip }: { lookup: Lookup; attempt: number; target: number; ip: string },
): void {
  const request = lookup.clientRef.request;
  if (!lookup.asking || lookup.attempts !== attempt || !state.asking.has(lookup.id)) return;
  lookup.asking = false;
  const name = k.topology.specs[target]?.label ?? ip;
  k.note(
    self,
    "dns.timeout",
    `${name} (${ip}) did not answer in ${spec.queryTimeoutMs} ms`,
    request,
  );
  if (lookup.attempts < spec.queryAttempts) {
    proceed(k, self, spec, state, lookup);
    return;
  }
  k.note(
    self,
    "dns.servfail",
    `giving up on ${lookup.current} after ${lookup.attempts} tries: SERVFAIL, remembered for ${spec.failureCacheSeconds} s`,
    request,
  );
  failed(k, spec, state, lookup);
  reply(k, self, state, lookup, SERVFAIL);
}

function onUpstreamResponse(
  k: Kernel,
  self: number,
  spec: ResolverSpec,
  state: ResolverState,
  lookup: Lookup,
  response: DnsMessage,
): void {
  if (response.rcode === "NXDOMAIN") {
    reply(k, self, state, lookup, { ...response, answer: lookup.chain });
    return;
  }
  for (const section of [response.answer, response.authority, response.additional]) {
    store(k, state, section);
  }
  if (response.answer.length === 0 && response.authority.length === 0) {
    // The name exists but has no A record: nothing more to learn.
    reply(k, self, state, lookup, { ...response, answer: lookup.chain });
    return;
  }
  k.later(self, k.vary(spec.processMs), proceed, spec, state, lookup);
}

function reply(
  k: Kernel,
  self: number,
  state: ResolverState,
  lookup: Lookup,
  response: DnsMessage,
): void {
  state.pending--;
  if (lookup.registered) state.asking.delete(lookup.id);
  k.send(
    self,
    lookup.client,
    { type: "dns.response", qname: lookup.qname, lookup: lookup.clientRef, response },
    "dns.answer.client",
    HopKind.Dns,
    lookup.clientRef.request,
    answerSummary,
  );
}

/**
 * A NOERROR answer from cache: the CNAMEs followed, then the A records. Cached record
 * arrays are never changed, so an answer without CNAMEs shares one, and the last answer
 * is sent again while it is made of the same records.
 */
function answerFromCache(state: ResolverState, chain: ResourceRecord[], a: ResourceRecord[]) {
  const cname = chain.length === 1 ? chain[0] : undefined;
  const last = state.lastAnswer;
  if (chain.length <= 1 && last !== undefined && last.a === a && last.cname === cname)
    return last.response;
  const response: DnsMessage = {
    rcode: "NOERROR",
    answer: chain.length === 0 ? a : chain.concat(a),
    authority: NO_RECORDS,
    additional: NO_RECORDS,
  };
  if (chain.length <= 1) state.lastAnswer = { cname, a, response };
  return response;
}

/** A reply's summary, declared once: it reads the message (see HopInfo.summary). */
function answerSummary(msg: Message): string {
  return describeResponse((msg as Extract<Message, { type: "dns.response" }>).response);
}

/** `name|type` cache keys, built once per name (a new string per lookup would be hashed anew each time). */
const keyMemo = new Map<string, Record<ResourceRecord["type"], string>>();

function cacheKey(name: string, type: ResourceRecord["type"]): string {
  let keys = keyMemo.get(name);
  if (!keys) {
    keys = { A: `${name}|A`, CNAME: `${name}|CNAME`, NS: `${name}|NS` };
    if (keyMemo.size < 4096) keyMemo.set(name, keys);
  }
  return keys[type];
}

function cachedEntry(
  k: Kernel,
  state: ResolverState,
  name: string,
  type: ResourceRecord["type"],
): CacheEntry | undefined {
  const key = cacheKey(name, type);
  const entry = state.cache.get(key);
  if (!entry) return undefined;
  if (entry.expires <= k.now) {
    state.cache.delete(key);
    return undefined;
  }
  return entry;
}

function cached(k: Kernel, state: ResolverState, name: string, type: ResourceRecord["type"]) {
  return cachedEntry(k, state, name, type)?.records;
}

/** Seconds a cache entry has left, as a resolver hands it out (300 s cached 200 s ago: 100). */
function remaining(expires: number, now: number): number {
  return Math.ceil((expires - now) / 1000);
}

/**
 * The entry's records with the TTL they have left, as `dig` shows them from a resolver's cache.
 * Built once per second of TTL: the same array until the TTL ticks down, so answers are shared.
 */
function fresh(k: Kernel, entry: CacheEntry | undefined): ResourceRecord[] | undefined {
  if (!entry) return undefined;
  const ttl = remaining(entry.expires, k.now);
  if (entry.shown === undefined || entry.shownTtl !== ttl) {
    entry.shown = entry.records.map((r) => (r.ttl === ttl ? r : { ...r, ttl }));
    entry.shownTtl = ttl;
  }
  return entry.shown;
}

/** Caches records by name and type; each set lives for its smallest TTL (RFC 2181 §5.2). */
function store(k: Kernel, state: ResolverState, records: readonly ResourceRecord[]): void {
  const groups = new Map<string, ResourceRecord[]>();
  for (const r of records) {
    const key = cacheKey(r.name, r.type);
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  for (const [key, group] of groups) {
    const ttl = Math.min(...group.map((r) => r.ttl));
    state.cache.set(key, {
      records: group,
      expires: k.now + ttl * 1000,
      shown: undefined,
      shownTtl: 0,
    });
  }
}

/** The name server to ask about `name`: the deepest zone whose NS and address are cached. */
function closestServer(
  k: Kernel,
  spec: ResolverSpec,
  state: ResolverState,
  name: string,
): { zone: string; ip: string } | undefined {
  for (const zone of ancestors(name)) {
    const ns = cached(k, state, zone, "NS");
    for (const r of ns ?? []) {
      const glue = cached(k, state, r.value, "A")?.[0];
      if (glue) return { zone, ip: glue.value };
    }
  }
  const root = spec.rootHints[0];
  return root === undefined ? undefined : { zone: ".", ip: root };
}

/**
 * For inspection: what the resolver has cached, with seconds left; each record carries the
 * TTL it would be handed out with now.
 */
export function resolverCache(
  now: number,
  state: ResolverState,
): { record: ResourceRecord; secondsLeft: number }[] {
  const out: { record: ResourceRecord; secondsLeft: number }[] = [];
  for (const entry of state.cache.values()) {
    if (entry.expires <= now) continue;
    const ttl = remaining(entry.expires, now);
    for (const record of entry.records)
      out.push({ record: { ...record, ttl }, secondsLeft: (entry.expires - now) / 1000 });
  }
  return out;
}

/** For inspection: names whose resolution failed lately, with the seconds the failure is kept. */
export function resolverFailures(
  now: number,
  state: ResolverState,
): { name: string; secondsLeft: number }[] {
  const out: { name: string; secondsLeft: number }[] = [];
  for (const [name, until] of state.failures)
    if (until > now) out.push({ name, secondsLeft: (until - now) / 1000 });
  return out;
}
