import {
  createSimulation,
  type HopEntry,
  type Simulation,
  type TraceEntry,
} from "../../src/engine";
import { oneServerTopology } from "../../src/scenes/oneServer";

/**
 * A small chainable driver over the engine, so tests read as scripts:
 * `sim(1).visit().runUntilIdle().hops()`.
 */
export interface Driver {
  readonly engine: Simulation;
  visit(host?: string, path?: string): Driver;
  at(time: number): Driver;
  runUntilIdle(): Driver;
  /** Hops of a visit (all visits when omitted), in trace order. */
  hops(visitId?: number): HopEntry[];
  /** `from→to` for each hop of a visit. */
  path(visitId?: number): string[];
  entries(visitId?: number): TraceEntry[];
}

export function sim(seed = 1, topology = oneServerTopology): Driver {
  const engine = createSimulation({ topology, seed });
  const d: Driver = {
    engine,
    visit(host = "www.foobar.com", path = "/") {
      engine.visit(host, { path });
      return d;
    },
    at(time) {
      engine.advanceTo(time);
      return d;
    },
    runUntilIdle() {
      engine.runUntilIdle();
      return d;
    },
    entries: (visitId) =>
      engine.trace.filter((e) => visitId === undefined || e.visitId === visitId),
    hops: (visitId) => d.entries(visitId).filter((e): e is HopEntry => e.type === "hop"),
    path: (visitId) => d.hops(visitId).map((h) => `${h.from}→${h.to}`),
  };
  return d;
}
