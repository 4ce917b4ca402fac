import type { HopEntry, Simulation, VisitRecord } from "../engine";

/**
 * One request of a visit as a browser's network panel shows it, in ms from the visit's start:
 * when it was queued, the DNS lookup (none when the name was cached), the TCP connect (none on
 * a reused connection), and the wait from sending the request until the answer arrived (the
 * time to first byte). The simulation sends an answer as one packet, so there is no separate
 * download time.
 */
export interface WaterfallRow {
  requestId: number;
  path: string;
  start: number;
  dns?: { from: number; to: number };
  connect?: { from: number; to: number };
  wait?: { from: number; to: number };
  /** When it ended (undefined: still under way), and how. */
  end?: number;
  status?: number;
  outcome?: string;
}

/**
 * The visit's requests, from the hops of its trace (the user's own visits are traced): each
 * request's first DNS question and its answer to the browser, its SYN and SYN-ACK, its HTTP
 * request and the answer. Read from the browser's side only.
 */
export function waterfallOf(sim: Simulation, visit: VisitRecord): WaterfallRow[] {
  // Your browser: the one that is not the crowd of other users.
  const browser = sim.topology.specs.find((c) => c.kind === "browser" && !c.crowd)?.id ?? "browser";
  const requests = sim.requests.filter((r) => r.visitId === visit.id);
  const hops = new Map<number, HopEntry[]>();
  for (const e of sim.trace) {
    if (e.type !== "hop" || e.visitId !== visit.id) continue;
    if (e.from !== browser && e.to !== browser) continue;
    const list = hops.get(e.requestId);
    if (list) list.push(e);
    else hops.set(e.requestId, [e]);
  }
  const t = (ms: number) => ms - visit.startedAt;
  return requests.map((r) => {
    const own = hops.get(r.id) ?? [];
    const first = (test: (h: HopEntry) => boolean) => own.find(test);
    const last = (test: (h: HopEntry) => boolean) => own.findLast(test);
    const dnsOut = first((h) => h.from === browser && h.step.startsWith("dns."));
    const dnsIn = last((h) => h.to === browser && h.step.startsWith("dns."));
    const syn = first((h) => h.from === browser && h.step === "tcp.syn");
    const synAck = last((h) => h.to === browser && h.step === "tcp.synack");
    const sent = first((h) => h.from === browser && h.step === "http.request");
    const answer = last((h) => h.to === browser && h.step === "http.response");
    const row: WaterfallRow = { requestId: r.id, path: r.path, start: t(r.startedAt) };
    if (dnsOut) row.dns = { from: t(dnsOut.depart), to: t(dnsIn?.arrive ?? dnsOut.arrive) };
    if (syn) row.connect = { from: t(syn.depart), to: t(synAck?.arrive ?? syn.arrive) };
    if (sent) {
      const to = answer?.arrive ?? r.endedAt;
      row.wait = { from: t(sent.depart), to: t(to ?? sent.arrive) };
    }
    if (r.endedAt !== undefined) row.end = t(r.endedAt);
    if (r.status !== undefined) row.status = r.status;
    if (r.outcome !== undefined) row.outcome = r.outcome;
    return row;
  });
}
