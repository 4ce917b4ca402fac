import { useMemo } from "react";
import { useShallow } from "zustand/react/shallow";
import { type ComponentSpec, kindOf } from "../engine";
import type { ComponentStatus } from "./componentStatus";
import { componentStatus } from "./componentStatus";
import { useHopscope } from "./context";
import type { HopscopeState } from "./hopscopeStore";

/** What a node on the canvas shows: only values, so that it re-renders when one of them changes. */
export interface NodeView {
  spec: ComponentSpec;
  status: ComponentStatus;
  selected: boolean;
  /** The code version an app server runs ("" for others). */
  version: string;
  /** A deploy running on this host, in words, with the seconds left ("" when none). */
  deploy: string;
  /** Opens this component's details, or closes them when they are open. */
  toggleSelected(): void;
}

/** The node's values, read from the engine on every store update (cheap), compared shallowly. */
function nodeFields(s: HopscopeState, id: string) {
  const { sim } = s;
  const spec = sim.topology.specs.find((c) => c.id === id);
  if (!spec) return { spec: undefined };
  const status = componentStatus(sim, id);
  const d = kindOf(spec.kind).machine ? sim.deployState() : undefined;
  const deploying = d?.host === id && d.endedAt === undefined ? d : undefined;
  const left =
    deploying?.phaseEndsAt === undefined ? undefined : Math.max(0, deploying.phaseEndsAt - s.now);
  return {
    spec,
    health: status.health,
    slow: status.slow,
    busy: status.busy,
    word: status.word,
    activity: status.activity,
    selected: s.selected === id,
    version: sim.codeVersion(id),
    deploy: deploying
      ? `${deploying.label}${left === undefined ? "" : ` · ${(left / 1000).toFixed(1)} s`}`
      : "",
    select: s.actions.select,
  };
}

/**
 * One component as its node on the canvas shows it. Unlike `useLiveComponent` (for the
 * details panel, which shows caches and queues that change all the time), the node
 * re-renders only when what it shows changes: under traffic, an idle DNS server's node
 * does not render at all, and the app server's when its "5/5 workers, N waiting" does.
 */
export function useNodeView(id: string): NodeView | undefined {
  const f = useHopscope(useShallow((s: HopscopeState) => nodeFields(s, id)));
  const status = useMemo<ComponentStatus | undefined>(
    () =>
      f.spec === undefined
        ? undefined
        : {
            health: f.health,
            slow: f.slow,
            busy: f.busy,
            word: f.word,
            activity: f.activity,
          },
    [f.spec, f.health, f.slow, f.busy, f.word, f.activity],
  );
  if (f.spec === undefined || status === undefined) return undefined;
  const { select, selected } = f;
  return {
    spec: f.spec,
    status,
    selected,
    version: f.version,
    deploy: f.deploy,
    toggleSelected: () => select(selected ? undefined : id),
  };
}
