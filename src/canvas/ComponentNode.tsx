import { Handle, type NodeProps, Position } from "@xyflow/react";
import { FileCode, HardDrive } from "lucide-react";
import { memo } from "react";
import { EXPLANATIONS } from "../content/explanations";
import type { ComponentSpec } from "../engine";
import {
  componentStatus,
  selectActions,
  selectNow,
  selectSelected,
  selectSim,
  selectTraceLength,
  useHopscope,
} from "../store";
import { iconFor } from "./icons";
import type { ComponentNode as ComponentNodeType } from "./toFlow";

/**
 * A component on the canvas: icon, name, role, live status, and what is worth
 * seeing at a glance (DNS records, files, code version). The whole card is one
 * button that opens the component's details.
 */
function ComponentNodeView({ data }: NodeProps<ComponentNodeType>) {
  const id = data.componentId;
  const sim = useHopscope(selectSim);
  // Re-read the engine whenever new progress is published.
  useHopscope(selectNow);
  useHopscope(selectTraceLength);
  const selected = useHopscope(selectSelected) === id;
  const { select } = useHopscope(selectActions);
  const spec = sim.topology.specs[sim.topology.indexOf(id)];
  if (!spec) return null;
  const status = componentStatus(sim, id);
  const Icon = iconFor(spec.kind, spec.kind === "nameserver" ? spec.zone : undefined);
  const role = EXPLANATIONS[id]?.role ?? spec.kind;

  return (
    <div
      className={`component-node kind-${spec.kind}${status.busy ? " is-busy" : ""}${selected ? " is-selected" : ""}`}
    >
      <Handle
        type="target"
        position={Position.Left}
        className="hidden-handle"
        isConnectable={false}
      />
      <Handle
        type="source"
        position={Position.Right}
        className="hidden-handle"
        isConnectable={false}
      />
      <button
        type="button"
        className="node-button nodrag nopan"
        aria-label={`${spec.label}: ${role}. ${status.busy ? "Busy" : "Idle"}, ${status.activity}. Show details`}
        aria-pressed={selected}
        onClick={() => select(selected ? undefined : id)}
      >
        <span className="node-head">
          <span className="node-icon" aria-hidden="true">
            <Icon size={26} strokeWidth={2} />
          </span>
          <span className="node-titles">
            <span className="node-name">{spec.label}</span>
            <span className="node-role">{role}</span>
          </span>
        </span>
        <NodeBody spec={spec} />
        <span className="node-status">
          <span className={`status-dot ${status.busy ? "busy" : "idle"}`} aria-hidden="true" />
          <span className="status-text">
            <strong>{status.busy ? "Working" : "Up"}</strong> · {status.activity}
          </span>
        </span>
      </button>
    </div>
  );
}

/** The part of a node that differs by kind. */
function NodeBody({ spec }: { spec: ComponentSpec }) {
  switch (spec.kind) {
    case "browser":
      return <span className="node-detail mono">http://www.foobar.com/</span>;
    case "resolver":
      return <span className="node-detail mono">{spec.ip}</span>;
    case "nameserver":
      if (spec.zone === "foobar.com.") {
        return (
          <span className="node-records">
            {spec.records
              .filter((r) => r.type !== "NS" && !r.name.startsWith("ns"))
              .map((r) => (
                <span className="record mono" key={`${r.name}${r.type}`}>
                  <span>{r.name.replace(/\.$/, "")}</span>
                  <span className="record-type">{r.type}</span>
                  <span>{r.value.replace(/\.$/, "")}</span>
                </span>
              ))}
          </span>
        );
      }
      return (
        <span className="node-detail mono">
          {spec.ip} · zone {spec.zone}
        </span>
      );
    case "nginx":
      return (
        <span className="node-detail">
          <HardDrive size={15} aria-hidden="true" />
          <span className="mono">{Object.keys(spec.staticFiles).join(" ")}</span>
        </span>
      );
    case "app":
      return (
        <span className="node-detail codebase">
          <FileCode size={15} aria-hidden="true" />
          <span>
            Code base <strong className="version">{spec.version}</strong> ·{" "}
            <span className="mono">{spec.entryPoint}</span>
          </span>
        </span>
      );
    case "mysql":
      return <span className="node-detail mono">:{spec.port} · table posts</span>;
    default:
      return null;
  }
}

export const ComponentNodeComponent = memo(ComponentNodeView);
