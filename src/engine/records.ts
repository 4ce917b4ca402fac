import {
  type Incident,
  OUTCOMES,
  type Outcome,
  type RequestRecord,
  type TraceEntry,
  type VisitRecord,
} from "./types";

/** Trace entries kept: the newest. A visit is about 35 entries; a lesson can run for hours. */
export const TRACE_KEEP = 20_000;
/** Traced visits kept (with their requests): the newest. The timeline shows 10 minutes. */
export const VISITS_KEEP = 2_000;
/** Incidents kept: every open one, and the newest closed ones. */
export const INCIDENTS_KEEP = 1_000;

/** Counts of the watched user's visits since the start (kept whole when old records are dropped). */
export interface VisitCounts {
  started: number;
  inFlight: number;
  finished: Record<Outcome, number>;
}

/**
 * What the engine returns about the past, in bounded windows: the newest trace entries,
 * traced visits and requests, and incidents. Older ones are dropped in chunks (a quarter
 * of the window at a time, so trimming costs little per entry), while counters keep the
 * totals. A trace entry keeps its global `seq`: `entry(seq)` finds it while it is kept.
 */
export class Records {
  readonly trace: TraceEntry[] = [];
  /** Trace entries dropped from the front so far: `trace[0].seq`, when there is one. */
  traceDropped = 0;
  readonly visits: VisitRecord[] = [];
  readonly requests: RequestRecord[] = [];
  /** Requests dropped from the front of `requests` so far (a reader walking it by index adds this). */
  requestsDropped = 0;
  readonly requestById = new Map<number, RequestRecord>();
  readonly incidents: Incident[] = [];
  readonly counts: VisitCounts = {
    started: 0,
    inFlight: 0,
    finished: Object.fromEntries(OUTCOMES.map((o) => [o, 0])) as Record<Outcome, number>,
  };

  constructor(
    private readonly traceKeep = TRACE_KEEP,
    private readonly visitsKeep = VISITS_KEEP,
    private readonly incidentsKeep = INCIDENTS_KEEP,
  ) {}

  /** Entries recorded since the start, kept or not: the next entry's `seq`. */
  get traceTotal(): number {
    return this.traceDropped + this.trace.length;
  }

  /** The entry with this `seq`, while it is kept. */
  entry(seq: number): TraceEntry | undefined {
    return this.trace[seq - this.traceDropped];
  }

  addEntry(entry: TraceEntry): void {
    this.trace.push(entry);
    if (this.trace.length > this.traceKeep + (this.traceKeep >> 2)) {
      const drop = this.trace.length - this.traceKeep;
      this.trace.splice(0, drop);
      this.traceDropped += drop;
    }
  }

  addVisit(visit: VisitRecord): void {
    this.visits.push(visit);
    this.counts.started++;
    this.counts.inFlight++;
    if (this.visits.length > this.visitsKeep + (this.visitsKeep >> 2)) {
      const dropped = this.visits.splice(0, this.visits.length - this.visitsKeep);
      const last = (dropped[dropped.length - 1] as VisitRecord).id;
      for (const v of dropped) for (const id of v.requestIds) this.requestById.delete(id);
      let n = 0;
      while (n < this.requests.length && (this.requests[n] as RequestRecord).visitId <= last) n++;
      this.requests.splice(0, n);
      this.requestsDropped += n;
    }
  }

  visitEnded(outcome: Outcome): void {
    this.counts.inFlight--;
    this.counts.finished[outcome]++;
  }

  addRequest(request: RequestRecord): void {
    this.requests.push(request);
    this.requestById.set(request.id, request);
  }

  addIncident(incident: Incident): void {
    this.incidents.push(incident);
    if (this.incidents.length > this.incidentsKeep + (this.incidentsKeep >> 2)) {
      // Closed incidents go first, oldest first; open ones stay whatever their age.
      let excess = this.incidents.length - this.incidentsKeep;
      for (let i = 0; i < this.incidents.length && excess > 0; ) {
        if ((this.incidents[i] as Incident).to !== undefined) {
          this.incidents.splice(i, 1);
          excess--;
        } else i++;
      }
    }
  }
}

/**
 * A request record for traffic that is no one's visit (health checks, VRRP adverts): never
 * traced, never ended; it only lets such packets travel like the rest.
 */
export function backgroundRequest(url: string, path: string): RequestRecord {
  return {
    id: 0,
    visitId: 0,
    user: -1,
    traced: false,
    url,
    host: "",
    path,
    role: "document",
    startedAt: 0,
    outcome: undefined,
    endedAt: undefined,
    servedBy: undefined,
    origin: undefined,
    status: undefined,
    version: undefined,
    reason: undefined,
  };
}
