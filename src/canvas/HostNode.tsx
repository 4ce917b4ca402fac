import type { NodeProps } from "@xyflow/react";
import { Rocket } from "lucide-react";
import { memo } from "react";
import { EXPLANATIONS } from "../content/explanations";
import { FaultButtons } from "../panels/FaultButtons";
import { useLiveComponent } from "../store";
import { StatusLine, statusWords } from "./ComponentNode";
import { iconFor } from "./icons";
import type { ComponentNode } from "./toFlow";

/** A machine that contains processes: drawn as a labelled frame around them. */
function HostNodeView({ data }: NodeProps<ComponentNode>) {
  const id = data.componentId;
  const live = useLiveComponent(id);
  if (live?.spec.kind !== "host") return null;
  const { sim, spec, status, selected, now } = live;
  const Icon = iconFor("host");
  const role = EXPLANATIONS[id]?.role ?? "Server";
  const deploy = sim.deployState();
  const deploying = deploy?.host === id && deploy.endedAt === undefined ? deploy : undefined;
  const left =
    deploying?.phaseEndsAt === undefined ? undefined : Math.max(0, deploying.phaseEndsAt - now);
  return (
    <div className={`host-node health-${status.health}${selected ? " is-selected" : ""}`}>
      <div className="host-bar">
        <button
          type="button"
          className="host-title nodrag nopan"
          aria-label={`${spec.label}: ${role}. ${statusWords(status)}. Show details`}
          aria-pressed={selected}
          onClick={live.toggleSelected}
        >
          <Icon size={24} aria-hidden="true" />
          <span className="host-titles">
            <span className="host-name">{spec.label}</span>
            <span className="host-role">{role}</span>
          </span>
        </button>
        {deploying ? (
          <span className="deploy-progress" role="status">
            <Rocket size={16} aria-hidden="true" />
            {deploying.label}
            {left === undefined ? "" : ` · ${(left / 1000).toFixed(1)} s`}
          </span>
        ) : null}
        <span className="host-footer">
          <StatusLine status={status} />
          <FaultButtons spec={spec} status={status} compact />
        </span>
      </div>
    </div>
  );
}

export const HostNodeComponent = memo(HostNodeView);
