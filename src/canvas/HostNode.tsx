import type { NodeProps } from "@xyflow/react";
import { Rocket } from "lucide-react";
import { memo } from "react";
import { explanationFor } from "../content/distributedExplanations";
import { FaultButtons } from "../panels/FaultButtons";
import { useHopscope, useNodeView } from "../store";
import { StatusLine, useNodeNaming } from "./ComponentNode";
import { HiddenHandles } from "./HiddenHandles";
import { iconFor } from "./icons";
import { VipBadge } from "./RedundancyBodies";
import { SpofBadge } from "./SpofBadge";
import type { ComponentNode } from "./toFlow";

/** A machine that contains processes: drawn as a labelled frame around them. */
function HostNodeView({ data }: NodeProps<ComponentNode>) {
  const id = data.componentId;
  const live = useNodeView(id);
  const a11y = useNodeNaming();
  const architecture = useHopscope((s) => s.architecture.id);
  if (live?.spec.kind !== "host") return null;
  const { spec, status, selected, deploy } = live;
  const Icon = iconFor("host");
  const role = explanationFor(architecture, id)?.role ?? "Server";
  return (
    <div
      className={`host-node health-${status.health}${selected ? " is-selected" : ""}${data.compact ? " is-compact" : ""}${data.dense ? " is-dense" : ""}${data.statusWraps ? " status-wraps" : ""}${data.barWraps ? " bar-wraps" : ""}`}
    >
      <SpofBadge id={id} />
      <HiddenHandles />
      <div className="host-bar">
        <button
          type="button"
          className="host-title nodrag nopan"
          {...a11y.button}
          aria-pressed={selected}
          onClick={live.toggleSelected}
        >
          <Icon size={24} aria-hidden="true" />
          <span className="host-titles">
            <span className="host-name">{spec.label}</span>
            {/* A dense machine's name says what it is ("Web server 1 10.0.0.11"). */}
            {data.dense ? null : <span className="host-role">{role}</span>}
          </span>
        </button>
        {a11y.hint}
        <VipBadge id={id} />
        {deploy ? (
          <span className="deploy-progress" role="status">
            <Rocket size={16} aria-hidden="true" />
            {deploy}
          </span>
        ) : null}
        <span className="host-footer">
          <StatusLine status={status} id={a11y.statusId} />
          <FaultButtons spec={spec} status={status} compact />
        </span>
      </div>
    </div>
  );
}

export const HostNodeComponent = memo(HostNodeView);
