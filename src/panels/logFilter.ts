import { HopKind, type Simulation, type TraceEntry } from "../engine";

/** The protocols a reader can pick in the event log, as a protocol analyser groups them. */
export const LOG_PROTOCOLS = ["DNS", "TCP", "HTTP", "FastCGI", "SQL", "Checks"] as const;
export type LogProtocol = (typeof LOG_PROTOCOLS)[number];

/** What the event log shows: every field empty (or false) shows everything. */
export interface LogFilter {
  /** Only these protocols (none: all). */
  protocols: readonly LogProtocol[];
  /** Only what this component (or, for a machine, its processes) sent, received or noted. */
  component: string;
  /** Only failures: error answers, refusals, timeouts, lost packets, kills. */
  failuresOnly: boolean;
  /** Only entries whose words contain this (any case). */
  text: string;
}

export const NO_FILTER: LogFilter = { protocols: [], component: "", failuresOnly: false, text: "" };

export function isFiltered(f: LogFilter): boolean {
  return f.protocols.length > 0 || f.component !== "" || f.failuresOnly || f.text.trim() !== "";
}

/**
 * The protocol an entry belongs to, from its step (`dns.query`, `fastcgi.request`, `lb.check`)
 * and, for hops, their kind; undefined for what is none of them (faults, deploys, traffic).
 */
export function protocolOf(e: TraceEntry): LogProtocol | undefined {
  const family = e.step.slice(0, e.step.indexOf("."));
  switch (family) {
    case "dns":
    case "resolver":
      return "DNS";
    case "tcp":
      return "TCP";
    case "fastcgi":
      return "FastCGI";
    case "sql":
    case "repl":
      return "SQL";
    case "http":
    case "browser":
    case "page":
    case "request":
      return "HTTP";
    case "lb":
      return e.step === "lb.check" ? "Checks" : "HTTP";
    default:
      break;
  }
  if (e.type !== "hop") return undefined;
  switch (e.kind) {
    case HopKind.Dns:
      return "DNS";
    case HopKind.Tcp:
      return "TCP";
    case HopKind.Sql:
      return "SQL";
    case HopKind.HttpRequest:
    case HopKind.HttpResponse:
      return "HTTP";
    default:
      return undefined;
  }
}

/** Words that mark a failure in a step or a summary. */
const FAILURE_STEP = /error|timeout|lost|drop|refused|fault\.|retry/;
const FAILURE_SUMMARY =
  /HTTP\/[\d.]+ 5\d\d|\b(RST|SERVFAIL|NXDOMAIN|ERROR \d+|refused|timed out|timeout|DOWN|killed|Fatal)\b/i;

/** Whether an entry tells of something going wrong. */
export function isFailure(e: TraceEntry): boolean {
  if (e.type === "hop" && e.kind === HopKind.Error) return true;
  return FAILURE_STEP.test(e.step) || FAILURE_SUMMARY.test(e.summary);
}

/** The components an entry involves: a hop's two ends, a note's component. */
function involves(e: TraceEntry): readonly string[] {
  return e.type === "hop" ? [e.from, e.to] : [e.component];
}

/**
 * The entries that pass the filter, in order. A machine picked as the component brings its
 * processes along (Nginx, PHP-FPM and MySQL run on "Server 8.8.8.8").
 */
export function filterLog(
  entries: readonly TraceEntry[],
  filter: LogFilter,
  sim: Simulation,
  /** The words a reader sees for an entry, searched by the text filter. */
  wordsOf: (e: TraceEntry) => string,
): TraceEntry[] {
  if (!isFiltered(filter)) return [...entries];
  const protocols = new Set(filter.protocols);
  let ids: Set<string> | undefined;
  if (filter.component !== "") {
    ids = new Set([filter.component]);
    for (const spec of sim.topology.specs)
      if ("host" in spec && spec.host === filter.component) ids.add(spec.id);
  }
  const text = filter.text.trim().toLowerCase();
  return entries.filter((e) => {
    if (protocols.size > 0) {
      const p = protocolOf(e);
      if (p === undefined || !protocols.has(p)) return false;
    }
    if (ids && !involves(e).some((id) => ids.has(id))) return false;
    if (filter.failuresOnly && !isFailure(e)) return false;
    if (text !== "" && !wordsOf(e).toLowerCase().includes(text)) return false;
    return true;
  });
}
