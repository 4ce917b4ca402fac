import type { SimEvent } from "./events";
import type { Behaviour, Kernel } from "./kernel";
import { type ComponentState, type KindDefinition, kindOf } from "./kinds";
import { PacketTable } from "./packets";
import { EventQueue } from "./queue";
import { createRng, type Rng } from "./random";
import { Records } from "./records";
import { type CompiledTopology, compileTopology } from "./topology";
import type { ComponentSpec, Release, Topology } from "./types";

/**
 * What every part of a running simulation shares: the topology, the seeded PRNG, the clock and
 * the event queue, what it records, and one entry per component (by index) in each table.
 * `createSimulation` makes one, and each part of the engine (loop.ts, network.ts, cpu.ts,
 * visits.ts, traffic.ts, faults.ts, deploy.ts, configure.ts) is a factory that takes it.
 *
 * The tables are created once and never replaced, so a part may keep them in its own
 * variables (its hot paths then read a closure's variable, not a property).
 */
export interface Context {
  readonly topology: CompiledTopology;
  /** The traffic's writes, as the topology sets them at first (see Topology.writes). */
  readonly writes: Topology["writes"];
  /** Components by index: the topology's own array (`configure` replaces a spec in it). */
  readonly specs: readonly ComponentSpec[];
  /** Each component's kind: what it does, and which commands and settings apply (see kinds/). */
  readonly kinds: readonly KindDefinition[];
  readonly rng: Rng;
  readonly queue: EventQueue<SimEvent>;
  /** The simulated time (ms). In a typed array: a double stored in a closure's variable is boxed anew on every write. */
  readonly clock: Float64Array;
  /** Packets in flight, for drawing. */
  readonly packets: PacketTable;
  /** The trace, traced visits and requests, and incidents, in bounded windows (see Records). */
  readonly records: Records;
  /** Each component's runtime state (replaced by a fresh one when it starts again). */
  readonly states: ComponentState[];
  /** How each component reacts to a message (replaced when `configure` changes its spec). */
  readonly behaviours: (Behaviour<unknown> | undefined)[];
  /** 1 for a browser, where visits start (read for every packet: a number, not a property). */
  readonly clients: Uint8Array;
  /** Killed by a command (a process or a machine). */
  readonly killed: boolean[];
  readonly slow: boolean[];
  /** Bumped on every kill: timers of an older epoch are dropped. */
  readonly epoch: number[];
  /** Bumped when a process's connections are closed (see Kernel.epochOf). */
  readonly connEpoch: number[];
  /** Processes that a deploy is restarting. */
  readonly restarting: boolean[];
  /** The code version each component runs ("" when it runs none). */
  readonly versions: string[];
  /** The release each component's code is: "good", or a defect a deploy brought (see Release). */
  readonly releases: Release[];
  /**
   * What behaviours are given (see Kernel). Set once by `createSimulation` when every part
   * exists, before anything runs; the parts read it when they call a behaviour.
   */
  kernel: Kernel;
  /** Running: not killed, and its machine running. */
  isUp(i: number): boolean;
  /** Its machine (a host, or itself) is running. */
  machineUp(i: number): boolean;
  idOf(i: number): string;
  labelOf(i: number): string;
  indexFor(id: string): number | undefined;
  /** The processes running on a machine. */
  processesOn(machine: number): number[];
  /** A component's state when it starts. */
  initialState(i: number): ComponentState;
  /** A component's state when it starts again after a stop (KindDefinition.restarted: what survives). */
  restartState(i: number): ComponentState;
}

export function createContext(topologyData: Topology, seed: number): Context {
  const topology = compileTopology(topologyData);
  const { specs } = topology;
  const kinds = specs.map((spec) => kindOf(spec.kind));
  const killed = specs.map(() => false);
  const initialState = (i: number): ComponentState => {
    const kind = kinds[i] as KindDefinition;
    return {
      kind: kind.kind,
      state: kind.initialState(specs[i] as ComponentSpec),
    } as ComponentState;
  };
  const states = specs.map((_, i) => initialState(i));
  const restartState = (i: number): ComponentState => {
    const kind = kinds[i] as KindDefinition;
    const old = states[i];
    if (!kind.restarted || !old) return initialState(i);
    return {
      kind: kind.kind,
      state: kind.restarted(specs[i] as ComponentSpec, old.state),
    } as ComponentState;
  };
  const machineUp = (i: number) => !killed[topology.machineOf(i)];
  const idOf = (i: number) => specs[i]?.id ?? `#${i}`;
  return {
    topology,
    writes: topologyData.writes,
    specs,
    kinds,
    rng: createRng(seed),
    queue: new EventQueue<SimEvent>(),
    clock: new Float64Array(1),
    packets: new PacketTable(),
    records: new Records(),
    states,
    behaviours: specs.map((spec, i) => kinds[i]?.behaviour?.(spec)),
    clients: Uint8Array.from(kinds, (d) => (d.client ? 1 : 0)),
    killed,
    slow: specs.map(() => false),
    epoch: specs.map(() => 0),
    connEpoch: specs.map(() => 0),
    restarting: specs.map(() => false),
    versions: specs.map((s, i) => {
      const deploy = kinds[i]?.deploy;
      return deploy?.role === "code" ? deploy.version(s) : "";
    }),
    releases: specs.map(() => "good" as Release),
    // Set by createSimulation once the kernel is made of the parts (see there).
    kernel: undefined as unknown as Kernel,
    isUp: (i) => !killed[i] && machineUp(i),
    machineUp,
    idOf,
    labelOf: (i) => specs[i]?.label ?? idOf(i),
    indexFor(id) {
      const i = specs.findIndex((s) => s.id === id);
      return i < 0 ? undefined : i;
    },
    processesOn: (machine) =>
      specs.map((_, i) => i).filter((i) => i !== machine && topology.machineOf(i) === machine),
    initialState,
    restartState,
  };
}
