import type { Behaviour, Kernel } from "../kernel";
import type { Message } from "../messages";
import type { CommandResult, ComponentSpec, RequestRecord } from "../types";

/** What a kind's own command may do: read and replace its spec, change its state, note what it did. */
export interface CommandContext<Spec, State> {
  readonly k: Kernel;
  readonly self: number;
  readonly spec: Spec;
  readonly state: State;
  /** Replaces its spec (a new behaviour is made for it, as `configure` does). */
  setSpec(next: Spec): void;
  /** A note in the trace, at this component (`config.change`). */
  note(summary: string): void;
  /**
   * Other components, for a command that acts on the setup around it (a promoted MySQL replica
   * repoints the applications' writes to itself): an index by id, a spec and a state by index
   * (read-only), and a new spec for one (a new behaviour is made for it, as `configure` does).
   */
  indexOf(id: string): number | undefined;
  specOf(i: number): ComponentSpec | undefined;
  stateOf(i: number): unknown;
  setSpecOf(i: number, next: ComponentSpec): void;
}

/** A setting `Simulation.configure` may change at run time: its range, and whether it is a whole number. */
export interface Setting {
  readonly range: readonly [min: number, max: number];
  /** Rounded to a whole number when set (workers, connections, cores). */
  readonly integer?: boolean;
}

/**
 * Everything the engine knows about one kind of component, so that nothing in it branches on
 * `spec.kind`: a new kind is a file that exports one of these, registered in `kinds/index.ts`.
 * Only `kind` and `initialState` are required; every other part is there when the kind has it.
 * (Functions are written as methods so that a definition for one spec and state type is also
 * a definition of any component, which is how the engine holds them by index.)
 */
export interface KindDefinition<Spec extends ComponentSpec = ComponentSpec, State = unknown> {
  readonly kind: Spec["kind"];
  /**
   * Its runtime state when it starts, and again after every restart (kill and revive, a deploy's
   * restart): `null` for a kind that keeps none. `Simulation.componentState` returns it.
   */
  initialState(spec: Spec): State;
  /**
   * Its state when it starts again after a stop, made from the state it had: for what survives a
   * restart (a database's data on its disk). None: `initialState`.
   */
  restarted?(spec: Spec, old: State): State;
  /**
   * How it reacts to a message, made for its spec (again when `configure` changes the spec).
   * None: no process of it listens, so its machine's kernel refuses or resets what reaches it.
   */
  behaviour?(spec: Spec): Behaviour<State>;
  /**
   * Called when it is killed on a running machine (not when its machine dies, which tells no
   * one): its kernel resets the connections of the clients it was serving.
   */
  killed?(k: Kernel, self: number, state: State): void;
  /**
   * Called when it starts running: when the simulation starts, and after every restart (revived,
   * or its machine booted again), with its fresh state. Work it does on its own (HAProxy's health
   * checks) starts here. `atStart` is true when the simulation starts (the components are then
   * taken as long running: keepalived's pair is already settled), false after a restart.
   */
  started?(k: Kernel, self: number, spec: Spec, state: State, atStart: boolean): void;
  /**
   * Whether what `started` begins runs for ever (health checks, a replica's connection to its
   * source), so that the simulation is never idle. None: it does, whenever there is `started`.
   */
  background?(spec: Spec): boolean;
  /**
   * Commands of its own (`Simulation.command(id, name, argument)`): each validates its argument
   * and answers like any command, refusing bad input without changing anything.
   */
  readonly commands?: Readonly<
    Record<string, (c: CommandContext<Spec, State>, argument: unknown) => CommandResult>
  >;
  /** The settings `Simulation.configure` may change, in the order a panel lists them. */
  readonly settings?: Readonly<Record<string, Setting>>;
  /**
   * The "slow" fault applies to it (its behaviour reads `Kernel.isSlow`). `who` names it in the
   * sentence that refuses the fault for other kinds: "the application server".
   */
  readonly slow?: { readonly who: string };
  /**
   * The most pages a second it can serve on a machine of `cores` cores, for a capacity estimate
   * (scaling.ts): the application server's CPU per page and workers. None: it is no bound.
   */
  pagesPerSecond?(spec: Spec, cores: number): number;
  /** Why `kill` refuses it, when it cannot be killed (the browser: it is the user). */
  readonly unkillable?: string;
  /**
   * A machine: processes run on it (their spec names it as `host`); killing it stops them all
   * without a word to anyone; a deploy goes to it; `cores` (undefined: not modelled) are the
   * CPU its processes share.
   */
  readonly machine?: { cores(spec: Spec): number | undefined };
  /**
   * A user's browser: visits start here. `fetch` starts a request; `segmentLost` tells it that a
   * request it sent was lost on the way (its TCP retransmits). A generated user (the traffic)
   * gets a browser state of its own (`initialState`) for the length of its visit.
   */
  readonly client?: {
    fetch(k: Kernel, self: number, spec: Spec, state: State, request: RequestRecord): void;
    segmentLost(k: Kernel, self: number, spec: Spec, state: State, msg: Message): void;
  };
  /**
   * A load balancer (HAProxy): its pool of servers as it sees them now, so that a deploy on
   * several servers (deploys/rollout.ts) can drain them, weigh them and wait for their checks,
   * through the kind's own `server` command.
   */
  readonly balancer?: {
    servers(k: Kernel, self: number, spec: Spec, state: State): readonly BalancedServer[];
    /** `check inter … fall … rise …`, and whether the check is HTTP (it sees the code). */
    checks(spec: Spec): { interMs: number; fall: number; rise: number; http: boolean };
    backend(spec: Spec): string;
  };
  /**
   * Its part in a deploy on its machine (deploy.ts). `code` runs the site's code base: it has a
   * version, which a deploy replaces, and it is restarted first, or reloaded (`reload` calls
   * `ready` when it serves the new code). `web` serves in front of the code: restarted after it.
   */
  readonly deploy?:
    | {
        readonly role: "code";
        version(spec: Spec): string;
        reload(k: Kernel, self: number, spec: Spec, state: State, ready: () => void): void;
      }
    | { readonly role: "web" };
}

/** One server of a load balancer's pool, as a deploy reads it (KindDefinition.balancer). */
export interface BalancedServer {
  readonly name: string;
  /** The machine its address leads to (-1: none). */
  readonly machine: number;
  readonly admin: "ready" | "drain" | "maint";
  /** Up by its health checks (maintenance excluded). */
  readonly up: boolean;
  /** As the stats page shows it: "UP", "DRAIN", "DOWN 1/2", "MAINT". */
  readonly status: string;
  /** Connections open to it now. */
  readonly active: number;
  readonly weight: number;
  readonly configWeight: number;
  /** Checks finished since start; one is running now; good (bad) checks in a row. */
  readonly checksDone: number;
  readonly checking: boolean;
  readonly goodStreak: number;
  readonly badStreak: number;
  /** The last check's code and info ("L7STS", "Internal Server Error"). */
  readonly lastCheck: string | undefined;
  readonly lastCheckInfo: string | undefined;
  /** Requests sent to it, and those that failed there (errors, 5xx answers), since start. */
  readonly sent: number;
  readonly failed: number;
  /** Answers from it since start, and the sum of their response times (ms; HAProxy's Tr). */
  readonly answered: number;
  readonly responseMs: number;
}
