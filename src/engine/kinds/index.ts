import type { ComponentKind, ComponentSpec } from "../types";
import { app } from "./app";
import { browser } from "./browser";
import type { KindDefinition, Setting } from "./definition";
import { haproxy } from "./haproxy";
import { host } from "./host";
import { keepalived } from "./keepalived";
import { mysql } from "./mysql";
import { nameserver } from "./nameserver";
import { nginx } from "./nginx";
import { resolver } from "./resolver";

export type { KindDefinition, Setting } from "./definition";

/**
 * Every kind of component, by kind: registering a new kind is one line here (and its import).
 * The compiler refuses a kind of `ComponentKind` left out, or a definition under another kind's
 * name. The order is the order of `CAPACITY_LIMITS`, which panels and the fuzzer walk, and of the
 * kinds named in the refusal of the "slow" fault.
 */
const REGISTERED = {
  browser,
  resolver,
  nameserver,
  app,
  mysql,
  nginx,
  host,
  haproxy,
  keepalived,
} satisfies { [K in ComponentKind]: { readonly kind: K } };

/**
 * The definition of each kind, for any component. (Typed for any spec and state: each kind's
 * file checks its own definition against its spec and state types.)
 */
export const KINDS: ReadonlyMap<string, KindDefinition> = new Map(
  Object.entries(REGISTERED) as unknown as [string, KindDefinition][],
);

/** A kind's definition; a kind not registered is a component without state or behaviour. */
export function kindOf(kind: string): KindDefinition {
  return KINDS.get(kind) ?? { kind: kind as ComponentKind, initialState: () => null };
}

type StateOf<D> =
  D extends KindDefinition<infer Spec, infer State> ? { kind: Spec["kind"]; state: State } : never;

/** Runtime state of a component, by kind (see `KindDefinition.initialState`). */
export type ComponentState = StateOf<(typeof REGISTERED)[keyof typeof REGISTERED]>;

/** What `configure` may change, by kind, and the allowed range of each (see `KindDefinition.settings`). */
export const CAPACITY_LIMITS: Partial<
  Record<ComponentSpec["kind"], Record<string, [number, number]>>
> = Object.fromEntries(
  [...KINDS.values()]
    .filter((d) => d.settings !== undefined)
    .map((d) => [
      d.kind,
      Object.fromEntries(
        Object.entries(d.settings ?? {}).map(([name, s]) => [name, [s.range[0], s.range[1]]]),
      ),
    ]),
);

/** A setting of a kind, if it can be changed (own properties only: input names it). */
export function settingOf(kind: string, setting: unknown): Setting | undefined {
  const settings = KINDS.get(kind)?.settings;
  return typeof setting === "string" && settings && Object.hasOwn(settings, setting)
    ? settings[setting]
    : undefined;
}

/** The allowed range of a setting of a kind, if it can be changed (own properties only: input names it). */
export function capacityLimits(kind: string, setting: unknown): [number, number] | undefined {
  if (typeof setting !== "string" || !Object.hasOwn(CAPACITY_LIMITS, kind)) return undefined;
  const limits = CAPACITY_LIMITS[kind as ComponentSpec["kind"]] as Record<string, [number, number]>;
  return Object.hasOwn(limits, setting) ? limits[setting] : undefined;
}

/** The kinds the "slow" fault applies to, named for a sentence: "the application server and MySQL". */
export const SLOW_KINDS_NAMED = listed(
  [...KINDS.values()].flatMap((d) => (d.slow ? [d.slow.who] : [])),
);

function listed(names: readonly string[]): string {
  return names.length <= 1
    ? (names[0] ?? "")
    : `${names.slice(0, -1).join(", ")} and ${names[names.length - 1]}`;
}
