import type { BalancedServer } from "../kinds/definition";
import type { CommandResult } from "../types";

/**
 * What a deploy on several servers may do with the load balancers in front of them: read each
 * one's pool (KindDefinition.balancer) and run its `server` command, as an operator does with
 * HAProxy's runtime API (`set server web/web1 state drain`, `… weight 10`).
 */
export interface Balancers {
  /** Indexes of the load balancers (every HAProxy of the topology). */
  readonly all: readonly number[];
  pool(lb: number): readonly BalancedServer[];
  checks(lb: number): { interMs: number; fall: number; rise: number; http: boolean };
  backend(lb: number): string;
  isUp(lb: number): boolean;
  /** `set server <backend>/<name> state …` or `… weight …`, through the kind's command. */
  server(lb: number, argument: { name: string; state?: string; weight?: number }): CommandResult;
}

/** One load balancer's entry for a machine: `web/web1` on HAProxy #lb. */
export interface Member {
  lb: number;
  name: string;
}

/** Where a machine sits in the load balancers' pools (none: not behind any). */
export function membersOf(b: Balancers, machine: number): Member[] {
  const out: Member[] = [];
  for (const lb of b.all)
    for (const s of b.pool(lb)) if (s.machine === machine) out.push({ lb, name: s.name });
  return out;
}

/** A member's server as its load balancer sees it now. */
export function reading(b: Balancers, m: Member): BalancedServer | undefined {
  return b.pool(m.lb).find((s) => s.name === m.name);
}

/** The name HAProxy gives a machine (`web1`), or its index when no pool has it. */
export function serverName(b: Balancers, machine: number): string {
  return membersOf(b, machine)[0]?.name ?? `#${machine}`;
}
