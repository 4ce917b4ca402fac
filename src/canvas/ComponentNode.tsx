import type { NodeProps } from "@xyflow/react";
import { CircleX, FileCode, HardDrive, RefreshCw, Snail } from "lucide-react";
import { memo, useId } from "react";
import { explanationFor } from "../content/distributedExplanations";
import type { ComponentSpec, ComponentState, Simulation } from "../engine";
import { FaultButtons } from "../panels/FaultButtons";
import { type ComponentStatus, useHopscope, useNodeView } from "../store";
import { BackendStatus } from "./BackendState";
import { HiddenHandles } from "./HiddenHandles";
import { iconFor } from "./icons";
import { hasLiveRole, LiveRole } from "./RedundancyBodies";
import { SpofBadge } from "./SpofBadge";
import type { ComponentNode as ComponentNodeType } from "./toFlow";

/**
 * A component on the canvas: icon, name, role, live status, what is worth
 * seeing at a glance (DNS records, files, code version), and its failure
 * switches. The card's main area is one button that opens the details.
 */
function ComponentNodeView({ data }: NodeProps<ComponentNodeType>) {
  const id = data.componentId;
  const live = useNodeView(id);
  const rate = useHopscope((s) => s.metrics[s.metrics.length - 1]?.rates[id]);
  const a11y = useNodeNaming();
  const architecture = useHopscope((s) => s.architecture.id);
  if (!live) return null;
  const { spec, status, selected } = live;
  const Icon = iconFor(spec.kind, spec.kind === "nameserver" ? spec.zone : undefined);
  const role = explanationFor(architecture, id)?.role ?? spec.kind;
  const name = splitLabel(spec);
  const classes = [
    "component-node",
    `kind-${spec.kind}`,
    `health-${status.health}`,
    status.busy ? "is-busy" : "",
    status.slow ? "is-slow" : "",
    selected ? "is-selected" : "",
    data.dense ? "is-dense" : "",
  ].join(" ");
  // A dense card keeps a role line only where it says something live (MASTER, primary…).
  const liveRole = hasLiveRole(spec);

  return (
    <div className={classes}>
      <HiddenHandles />
      <SpofBadge id={id} edge="bottom" />
      <button
        type="button"
        className="node-button nodrag nopan"
        {...a11y.button}
        aria-pressed={selected}
        onClick={live.toggleSelected}
      >
        <span className="node-head">
          <span className="node-icon" aria-hidden="true">
            <Icon size={24} strokeWidth={2} />
          </span>
          <span className="node-titles">
            <span className="node-name">{name.shown}</span>
            {data.dense && !liveRole ? null : (
              <span className="node-role">{liveRole ? <LiveRole id={spec.id} /> : role}</span>
            )}
          </span>
          {rate !== undefined && rate > 0 ? (
            <span className="node-rate mono" title="Requests reaching it per second (simulated)">
              {rate >= 100 ? Math.round(rate).toLocaleString("en-US") : rate.toFixed(1)}/s
            </span>
          ) : null}
        </span>
        {data.compact ? null : <NodeBody spec={spec} version={live.version} />}
        {/* The machine, which its frame shows: after the visible text, so the name starts with it. */}
        {name.hidden ? <span className="sr-only">{name.hidden}</span> : null}
      </button>
      {a11y.hint}
      <span className="node-footer">
        <StatusLine status={status} id={a11y.statusId} />
        <FaultButtons spec={spec} status={status} compact withSlow={!data.dense} />
      </span>
    </div>
  );
}

/**
 * How a node's button is named for assistive technology. Its name is what is drawn on it,
 * in order (title, role, records, code version…), then its status line (the button names
 * itself and the status through `aria-labelledby`): a screen reader reads what a sighted
 * user sees, and the name starts with the visible title (WCAG 2.5.3, label in name). An
 * `aria-label` instead would replace the drawn text, hiding the IPs, records and version.
 * What pressing it does is its description, from an element that is never shown.
 */
export function useNodeNaming() {
  const buttonId = useId();
  const statusId = useId();
  const hintId = useId();
  return {
    statusId,
    button: {
      id: buttonId,
      "aria-labelledby": `${buttonId} ${statusId}`,
      "aria-describedby": hintId,
    },
    hint: (
      <span id={hintId} hidden>
        Shows its details
      </span>
    ),
  };
}

/** The status: an icon and a word first, so colour is never the only cue. */
export function StatusLine({ status, id }: { status: ComponentStatus; id?: string }) {
  return (
    <span className="node-status" id={id}>
      {status.health === "down" ? (
        <CircleX size={16} className="status-icon down" aria-hidden="true" />
      ) : status.health === "restarting" ? (
        <RefreshCw size={16} className="status-icon restarting" aria-hidden="true" />
      ) : (
        <span className={`status-dot ${status.busy ? "busy" : "idle"}`} aria-hidden="true" />
      )}
      <span className="status-text" title={`${status.word} · ${status.activity}`}>
        <strong>{status.word}</strong> · {status.activity}
        {status.slow ? (
          <span className="slow-badge">
            <Snail size={14} aria-hidden="true" /> slow
          </span>
        ) : null}
      </span>
    </span>
  );
}

/**
 * A process drawn inside its machine's frame need not repeat the machine: "Nginx (web1)" shows
 * as "Nginx" in web1's frame, and the " (web1)" stays in its accessible name.
 */
export function splitLabel(spec: ComponentSpec): { shown: string; hidden: string } {
  const host = "host" in spec ? spec.host : undefined;
  const suffix = host ? ` (${host})` : "";
  return suffix && spec.label.endsWith(suffix)
    ? { shown: spec.label.slice(0, -suffix.length), hidden: suffix }
    : { shown: spec.label, hidden: "" };
}

/** The part of a node that differs by kind. */
function NodeBody({ spec, version }: { spec: ComponentSpec; version: string }) {
  switch (spec.kind) {
    case "browser":
      return <span className="node-detail mono">www.foobar.com/</span>;
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
            Code base <strong className="version">{version}</strong> ·{" "}
            <span className="mono">{spec.entryPoint}</span>
          </span>
        </span>
      );
    case "mysql":
      return <span className="node-detail mono">:{spec.port} · table posts</span>;
    case "haproxy":
      return <HaproxyBody id={spec.id} />;
    default:
      return null;
  }
}

export const ComponentNodeComponent = memo(ComponentNodeView);

/** HAProxy's algorithm and check, and each backend server's state in words and an icon. */
function HaproxyBody({ id }: { id: string }) {
  // Re-read on every publish (a few times a second): the states change with the checks.
  useHopscope((s) => s.now);
  const sim = useHopscope((s) => s.sim);
  const state = haproxyState(sim, id);
  if (!state) return null;
  // A scaling group's slots that are off are summed up in one line.
  const off = new Set(
    sim.scaling
      .view()
      .slots.filter((s) => s.phase === "off")
      .map((s) => s.server),
  );
  return (
    <span className="lb-body">
      <span className="node-detail mono">
        balance {state.algorithm} · {state.checkType === "http" ? "HTTP check" : "TCP check"}
      </span>
      <span className="lb-backends">
        {state.servers
          .filter((s) => !off.has(s.name))
          .map((s) => (
            <span className="lb-backend" key={s.name}>
              <span className="mono lb-backend-name">{s.name}</span>
              <BackendStatus text={s.statusText} />
              <span className="lb-backend-conns">{s.active} conn</span>
            </span>
          ))}
        {off.size > 0 ? (
          <span className="lb-backend lb-backend-off">{off.size} more: off, MAINT</span>
        ) : null}
      </span>
    </span>
  );
}

type HaproxyState = Extract<ComponentState, { kind: "haproxy" }>["state"];

/** An HAProxy's runtime state, or undefined for another kind. */
export function haproxyState(sim: Simulation, id: string): HaproxyState | undefined {
  const runtime = sim.componentState(id);
  return runtime.kind === "haproxy" ? runtime.state : undefined;
}
