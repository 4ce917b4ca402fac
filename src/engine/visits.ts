import { CompletionLog } from "./completions";
import type { Context } from "./context";
import { IdTable } from "./idTable";
import type { Kernel } from "./kernel";
import type { Part } from "./snapshot";
import { TopologyError } from "./topology";
import type { Trace } from "./trace";
import {
  type CommandResult,
  type ComponentSpec,
  OUTCOME_TEXT,
  OUTCOMES,
  type Outcome,
  type RequestMix,
  type RequestRecord,
  type Stats,
  type VisitRecord,
} from "./types";
import { authorityOf, isUrlPath, own, shown } from "./validate";

export interface VisitOptions {
  /** The URL path, `/` by default. */
  path?: string;
  /** The id of the browser that visits (the first one by default). */
  browser?: string;
  /** A visit by a new, anonymous user (traffic): its own browser, not traced. */
  generated?: boolean;
  /** `POST` sends a form (a write, such as a comment); `GET` (the default) reads the page. */
  method?: "GET" | "POST";
}

/** What the traffic counts of the generated visits (see traffic.ts). */
export interface GeneratedVisits {
  /** A generated visit started. */
  started(): void;
  /** A generated visit ended, with the outcome of its page. */
  ended(outcome: Outcome): void;
}

/** Visits and their requests: started, in flight and ended, and the counts of each. */
export interface Visits extends Part {
  /** `Kernel.startRequest`. */
  startRequest: Kernel["startRequest"];
  /** `Kernel.finishRequest`: every request ends exactly once. */
  finishRequest: Kernel["finishRequest"];
  /**
   * Starts a visit from browser `browserIndex`. A generated visit is a new user's, with a
   * browser of its own, and untraced. `withRecord`: whether to return a record of it (the
   * traffic generator needs none: the visit is counted, and its own bookkeeping says the rest).
   */
  start(
    host: string,
    path: string,
    browserIndex: number,
    generated: boolean,
    withRecord: boolean,
    /** The page's method: a write is a `POST`. */
    method?: "POST",
  ): VisitRecord | undefined;
  /** `Simulation.visit`: throws on a bad argument. */
  visit(host: string, options?: VisitOptions): VisitRecord;
  /** `Simulation.tryVisit`: refuses a bad argument with a reason. */
  tryVisit(host: string, options?: VisitOptions): CommandResult & { visit?: VisitRecord };
  /** The browser state a request belongs to: a generated user's own, or the component's. */
  browserStateOf(request: RequestRecord): unknown;
  /** Where the traffic's users come from: the crowd of other users, or else the first browser. */
  readonly trafficSource: number;
  /** The most recent finished visits, traced or not, for metrics. */
  readonly completions: CompletionLog;
  stats(): Stats;
  /** Requests by method: reads and writes apart. */
  requestMix(): RequestMix;
}

/** A visit in flight, with the engine's own bookkeeping. */
interface LiveVisit {
  readonly id: number;
  readonly user: number;
  readonly traced: boolean;
  readonly startedAt: number;
  /** The page's outcome, once its document request has ended. */
  outcome: Outcome | undefined;
  /** The record `Simulation.visit` returned; the traffic's visits have none (nothing would read it). */
  readonly record: VisitRecord | undefined;
  /** Requests not ended yet, including announced follow-ups not started yet. */
  awaiting: number;
  /** Follow-ups announced by a finished page and not started yet. */
  announced: number;
  /** Component index of its browser. */
  browser: number;
  /** A generated user's own browser state, while the visit lasts. */
  browserState: unknown;
}

/** `http://host/path` strings, built once per host and path: every generated visit asks for the same few. */
const urls = new Map<string, Map<string, string>>();
function urlOf(host: string, path: string): string {
  let byPath = urls.get(host);
  if (!byPath) {
    byPath = new Map();
    if (urls.size < 1024) urls.set(host, byPath);
  }
  let url = byPath.get(path);
  if (url === undefined) {
    url = `http://${host}${path}`;
    if (byPath.size < 1024) byPath.set(path, url);
  }
  return url;
}

/** The request ids of every untraced visit: never written to. */
const NO_REQUEST_IDS: number[] = Object.freeze([]) as unknown as number[];

export function createVisits(ctx: Context, trace: Trace, generatedVisits: GeneratedVisits): Visits {
  const { specs, kinds, states, clients, clock, records, idOf, indexFor } = ctx;
  const now = (): number => clock[0] as number;
  const finished = Object.fromEntries(OUTCOMES.map((o) => [o, 0])) as Record<Outcome, number>;
  let requestsInFlight = 0;
  let visitsInFlight = 0;
  let requestsSent = 0;
  let visitsSent = 0;
  /** Writes (POST requests): sent, and ended by outcome (reads are the rest). */
  let writesSent = 0;
  const writesFinished = Object.fromEntries(OUTCOMES.map((o) => [o, 0])) as Record<Outcome, number>;
  /** Visits in flight, traced or not, by id. */
  const live = new IdTable<LiveVisit>();
  /** Browser state of each generated user while their visit lasts; user 0 is the component's own. */
  let nextUser = 1;
  const completions = new CompletionLog();

  /** The first browser of the topology that is one user's: where visits start unless told otherwise. */
  const isCrowd = (s: ComponentSpec) => "crowd" in s && s.crowd === true;
  const ownBrowser = specs.findIndex((s, i) => clients[i] === 1 && !isCrowd(s));
  const firstBrowser = ownBrowser >= 0 ? ownBrowser : clients.indexOf(1);
  const crowd = specs.findIndex((s, i) => clients[i] === 1 && isCrowd(s));
  const refused = (message: string): CommandResult => ({ ok: false, message });

  const visits: Visits = {
    save: () => ({
      finished,
      writesFinished,
      live,
      completions,
      requestsInFlight,
      visitsInFlight,
      requestsSent,
      visitsSent,
      writesSent,
      nextUser,
    }),
    restore(saved) {
      const v = saved as Record<string, number>;
      requestsInFlight = v.requestsInFlight as number;
      visitsInFlight = v.visitsInFlight as number;
      requestsSent = v.requestsSent as number;
      visitsSent = v.visitsSent as number;
      writesSent = v.writesSent as number;
      nextUser = v.nextUser as number;
    },
    startRequest(visitId, host, path, role) {
      const lv = live.get(visitId);
      const request: RequestRecord = {
        id: ++requestsSent,
        visitId,
        user: lv?.user ?? 0,
        traced: lv?.traced ?? true,
        url: urlOf(host, path),
        host,
        path,
        role,
        startedAt: now(),
        // Set when it ends (see VisitRecord above).
        outcome: undefined,
        endedAt: undefined,
        servedBy: undefined,
        origin: undefined,
        status: undefined,
        version: undefined,
        reason: undefined,
      };
      if (request.traced) {
        records.addRequest(request);
        lv?.record?.requestIds.push(request.id);
      }
      requestsInFlight++;
      if (lv) {
        if (lv.announced > 0) lv.announced--;
        else lv.awaiting++;
      }
      return request;
    },
    finishRequest(request, outcome, servedBy, reason, status, version, followUps = 0) {
      if (request.outcome !== undefined) {
        throw new Error(
          `ENGINE_DOUBLE_END: request ${request.id} already ended as ${request.outcome}`,
        );
      }
      request.outcome = outcome;
      request.endedAt = now();
      request.servedBy = idOf(servedBy);
      if (status !== undefined) request.status = status;
      if (version !== undefined) request.version = version;
      if (reason !== undefined) request.reason = reason;
      finished[outcome]++;
      requestsInFlight--;
      if (request.method !== undefined) writesFinished[outcome]++;
      const lv = live.get(request.visitId);
      if (!lv) return;
      const visit = lv.record;
      if (request.role === "document") {
        lv.outcome = outcome;
        if (visit) {
          visit.outcome = outcome;
          if (request.status !== undefined) visit.status = request.status;
          if (request.version !== undefined) visit.version = request.version;
          if (request.reason !== undefined) visit.reason = request.reason;
        }
      }
      lv.announced += followUps;
      lv.awaiting += followUps - 1;
      if (lv.awaiting === 0) {
        if (visit) visit.endedAt = now();
        visitsInFlight--;
        live.delete(lv.id);
        if (lv.user !== 0) generatedVisits.ended(lv.outcome ?? outcome);
        completions.record(now(), now() - lv.startedAt, lv.outcome ?? outcome);
        if (lv.traced) {
          records.visitEnded(lv.outcome ?? outcome);
          const took = (now() - lv.startedAt).toFixed(1);
          trace.note(
            lv.browser,
            "visit.end",
            lv.outcome === "ok"
              ? `page loaded in ${took} ms`
              : `visit failed: ${OUTCOME_TEXT[lv.outcome ?? outcome]}`,
            request.id,
            request.visitId,
          );
        }
      }
    },
    start(host, path, browserIndex, generated, withRecord, method) {
      const spec = specs[browserIndex];
      const state = states[browserIndex];
      const client = kinds[browserIndex]?.client;
      if (!spec || !state || !client) {
        throw new TopologyError("TOPOLOGY_NO_BROWSER", "a visit needs a browser component");
      }
      const id = ++visitsSent;
      const user = generated ? nextUser++ : 0;
      const traced = !generated;
      const startedAt = now();
      const visit: VisitRecord | undefined = withRecord
        ? {
            id,
            user,
            traced,
            url: urlOf(host, path),
            startedAt,
            // Only traced visits list their requests: the others share one empty list.
            requestIds: generated ? NO_REQUEST_IDS : [],
            // Set when it ends; declared now (in the order they are set, which JSON keeps) so that
            // setting them does not change the object's shape or allocate room for more properties.
            outcome: undefined,
            status: undefined,
            version: undefined,
            reason: undefined,
            endedAt: undefined,
          }
        : undefined;
      if (visit && traced) records.addVisit(visit);
      const browserState = generated ? kinds[browserIndex]?.initialState(spec) : state.state;
      live.set({
        id,
        user,
        traced,
        startedAt,
        outcome: undefined,
        record: visit,
        awaiting: 0,
        announced: 0,
        browser: browserIndex,
        browserState: generated ? browserState : undefined,
      });
      visitsInFlight++;
      if (generated) generatedVisits.started();
      const request = visits.startRequest(id, host, path, "document");
      if (method !== undefined) {
        request.method = method;
        writesSent++;
        if (visit) visit.method = method;
      }
      client.fetch(ctx.kernel, browserIndex, spec, browserState, request);
      return visit;
    },
    visit(host, options) {
      const result = visits.tryVisit(host, options);
      if (!result.visit) throw new RangeError(`ENGINE_BAD_ARGUMENT: ${result.message}`);
      return result.visit;
    },
    tryVisit(typedHost, options) {
      const host = authorityOf(typedHost);
      if (host === undefined)
        return refused(`${shown(typedHost)} is not a host name (with a port from 1 to 65535).`);
      if (options !== undefined && (typeof options !== "object" || options === null))
        return refused(`The options of a visit must be an object, not ${shown(options)}.`);
      const path = own(options, "path") ?? "/";
      if (!isUrlPath(path)) return refused(`${shown(path)} is not a URL path (it starts with /).`);
      const browser = own(options, "browser");
      let browserIndex = firstBrowser;
      if (browser !== undefined) {
        const i = typeof browser === "string" ? indexFor(browser) : undefined;
        if (i === undefined || clients[i] !== 1)
          return refused(`There is no browser ${shown(browser)}.`);
        browserIndex = i;
      }
      const generated = own(options, "generated") ?? false;
      if (typeof generated !== "boolean")
        return refused(`generated must be true or false, not ${shown(generated)}.`);
      const method = own(options, "method") ?? "GET";
      if (method !== "GET" && method !== "POST")
        return refused(`The method of a visit is GET or POST, not ${shown(method)}.`);
      const post = method === "POST" ? "POST" : undefined;
      const visit = visits.start(host, path, browserIndex, generated, true, post) as VisitRecord;
      return {
        ok: true,
        message: post
          ? `Sending POST ${path} to http://${host}.`
          : `Visiting http://${host}${path}.`,
        visit,
      };
    },
    browserStateOf(request) {
      if (request.user !== 0) return live.get(request.visitId)?.browserState;
      return clients[firstBrowser] === 1 ? states[firstBrowser]?.state : undefined;
    },
    trafficSource: crowd >= 0 ? crowd : firstBrowser,
    completions,
    requestMix() {
      let writesEnded = 0;
      const reads = { ...finished };
      for (const o of OUTCOMES) {
        reads[o] -= writesFinished[o];
        writesEnded += writesFinished[o];
      }
      const writesInFlight = writesSent - writesEnded;
      return {
        reads: {
          sent: requestsSent - writesSent,
          inFlight: requestsInFlight - writesInFlight,
          finished: reads,
        },
        writes: { sent: writesSent, inFlight: writesInFlight, finished: { ...writesFinished } },
      };
    },
    stats: () => ({
      requestsSent,
      requestsInFlight,
      finished: { ...finished },
      visitsSent,
      visitsInFlight,
    }),
  };
  return visits;
}
