import type { CompiledTopology, HopEntry, NoteEntry, Step, TraceEntry } from "../engine";
import { specOf } from "./addresses";

/** What every decoder reads: the hop, the trace it is part of, and the topology. */
export interface InspectContext {
  readonly entry: HopEntry;
  readonly trace: readonly TraceEntry[];
  readonly topology: CompiledTopology;
  /** The hop's position in `trace` (-1 when the trace does not hold it). */
  readonly position: number;
}

export function createContext(
  entry: HopEntry,
  trace: readonly TraceEntry[],
  topology: CompiledTopology,
): InspectContext {
  // Entries are in `seq` order, usually without gaps: try the direct position first.
  const first = trace[0]?.seq ?? 0;
  const guess = entry.seq - first;
  const position =
    trace[guess]?.seq === entry.seq ? guess : trace.findIndex((e) => e.seq === entry.seq);
  return { entry, trace, topology, position };
}

/** The kind of a component, by id (undefined for an id the topology lacks). */
export function kindOf(ctx: InspectContext, id: string): string | undefined {
  return specOf(ctx.topology, id)?.kind;
}

/** The latest hop before `position` that matches. */
export function hopBefore(
  ctx: InspectContext,
  position: number,
  match: (hop: HopEntry) => boolean,
): HopEntry | undefined {
  for (let i = Math.min(position, ctx.trace.length) - 1; i >= 0; i--) {
    const e = ctx.trace[i];
    if (e?.type === "hop" && match(e)) return e;
  }
  return undefined;
}

/** The first hop after `position` that matches. */
export function hopAfter(
  ctx: InspectContext,
  position: number,
  match: (hop: HopEntry) => boolean,
): HopEntry | undefined {
  for (let i = position + 1; i < ctx.trace.length; i++) {
    const e = ctx.trace[i];
    if (e?.type === "hop" && match(e)) return e;
  }
  return undefined;
}

/** The first note of a request with one of `steps`, anywhere in the trace. */
export function noteOf(
  ctx: InspectContext,
  requestId: number,
  steps: readonly Step[],
): NoteEntry | undefined {
  for (const e of ctx.trace)
    if (e.type === "note" && e.requestId === requestId && steps.includes(e.step)) return e;
  return undefined;
}

/** `www.foobar.com.` → `www.foobar.com` */
export function withoutDot(name: string): string {
  return name.endsWith(".") && name.length > 1 ? name.slice(0, -1) : name;
}

/**
 * The host name a browser request was for (its Host header), from the browser's own notes
 * about the request: its DNS cache missed or hit that name, or the URL held an IP address.
 */
export function requestHost(ctx: InspectContext, requestId: number): string | undefined {
  const note = noteOf(ctx, requestId, ["browser.cache.miss", "browser.cache.hit", "browser.ip"]);
  const name = note?.summary.split(" ")[0];
  return name ? withoutDot(name) : undefined;
}

/** A hop's position in the trace (-1 when not there). */
export function positionOf(ctx: InspectContext, seq: number): number {
  if (seq === ctx.entry.seq) return ctx.position;
  const first = ctx.trace[0]?.seq ?? 0;
  const guess = seq - first;
  return ctx.trace[guess]?.seq === seq ? guess : ctx.trace.findIndex((e) => e.seq === seq);
}
