import type { Context } from "./context";
import type { HopInfo } from "./kernel";
import type { Part } from "./snapshot";
import type { Incident, Step } from "./types";

/** A hop's summary, built now if it was deferred. */
export function summaryOf(hop: HopInfo): string {
  return typeof hop.summary === "function" ? hop.summary(hop.msg) : hop.summary;
}

/** Builds a traced hop's deferred summary once, when it is sent, so that later notes about it say the same. */
function resolveSummary(hop: HopInfo): string {
  const text = summaryOf(hop);
  hop.summary = text;
  return text;
}

/** What the engine writes down: trace entries (hops and notes) and incidents (see Records). */
export interface Trace extends Part {
  /** Something that happened inside a component, for a request (0 and 0: for none). */
  note(component: number, step: Step, summary: string, requestId: number, visitId: number): void;
  /** What a command did (a kill, a deploy's step, a setting changed). */
  commandNote(component: number, step: Step, summary: string): void;
  /** A traced packet leaving `from` now and arriving at `to` at `arrive`; returns the entry's seq. */
  hop(from: number, to: number, arrive: number, hop: HopInfo): number;
  /** A component starts being down or slow, or a deploy starts. */
  startIncident(id: string, kind: Incident["kind"], label: string): void;
  /** The incident of that kind on that component ends (if one is open). */
  endIncident(id: string, kind: Incident["kind"]): void;
}

export function createTrace(ctx: Context): Trace {
  const { records, clock, idOf } = ctx;
  const openIncident = new Map<string, Incident>();

  function note(
    component: number,
    step: Step,
    summary: string,
    requestId: number,
    visitId: number,
  ): void {
    records.addEntry({
      type: "note",
      seq: records.traceTotal,
      step,
      component: idOf(component),
      summary,
      at: clock[0] as number,
      requestId,
      visitId,
    });
  }

  return {
    save: () => ({ openIncident }),
    restore() {},
    note,
    commandNote: (i, step, summary) => note(i, step, summary, 0, 0),
    hop(from, to, arrive, hop) {
      const seq = records.traceTotal;
      records.addEntry({
        type: "hop",
        seq,
        step: hop.step,
        kind: hop.kind,
        from: idOf(from),
        to: idOf(to),
        summary: resolveSummary(hop),
        depart: clock[0] as number,
        arrive,
        requestId: hop.request.id,
        visitId: hop.request.visitId,
      });
      return seq;
    },
    startIncident(id, kind, label) {
      const incident: Incident = {
        id: records.incidents.length + 1,
        component: id,
        kind,
        label,
        from: clock[0] as number,
      };
      records.addIncident(incident);
      openIncident.set(`${kind}:${id}`, incident);
    },
    endIncident(id, kind) {
      const incident = openIncident.get(`${kind}:${id}`);
      if (incident) incident.to = clock[0] as number;
      openIncident.delete(`${kind}:${id}`);
    },
  };
}
