import type { NodeProps } from "@xyflow/react";
import { memo } from "react";
import { EXPLANATIONS } from "../content/explanations";
import { selectActions, selectSelected, selectSim, useHopscope } from "../store";
import { iconFor } from "./icons";
import type { ComponentNode } from "./toFlow";

/** A machine that contains processes: drawn as a labelled frame around them. */
function HostNodeView({ data }: NodeProps<ComponentNode>) {
  const id = data.componentId;
  const sim = useHopscope(selectSim);
  const selected = useHopscope(selectSelected) === id;
  const { select } = useHopscope(selectActions);
  const spec = sim.topology.specs[sim.topology.indexOf(id)];
  if (spec?.kind !== "host") return null;
  const Icon = iconFor("host");
  const role = EXPLANATIONS[id]?.role ?? "Server";
  return (
    <div className={`host-node${selected ? " is-selected" : ""}`}>
      <button
        type="button"
        className="host-title nodrag nopan"
        aria-label={`${spec.label}: ${role}. Up. Show details`}
        aria-pressed={selected}
        onClick={() => select(selected ? undefined : id)}
      >
        <Icon size={24} aria-hidden="true" />
        <span className="host-titles">
          <span className="host-name">{spec.label}</span>
          <span className="host-role">{role}</span>
        </span>
        <span className="host-status">
          <span className="status-dot idle" aria-hidden="true" /> Up
        </span>
      </button>
    </div>
  );
}

export const HostNodeComponent = memo(HostNodeView);
