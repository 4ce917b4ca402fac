import { useId } from "react";
import { CAPACITY_LIMITS, type ComponentSpec } from "../engine";
import { selectActions, useHopscope } from "../store";

/** What each setting is called for people, and where it comes from. */
const SETTING_LABELS: Record<string, string> = {
  workers: "Workers (pm.max_children)",
  cpuMs: "CPU per page (ms)",
  listenBacklog: "Listen backlog (listen.backlog)",
  processControlTimeoutMs: "process_control_timeout (ms)",
  maxConnections: "max_connections",
  queryMs: "Query time (ms)",
  fastcgiConnectTimeoutMs: "fastcgi_connect_timeout (ms)",
  fastcgiReadTimeoutMs: "fastcgi_read_timeout (ms)",
  workerConnections: "worker_connections",
  cores: "CPU cores",
  timeoutConnectMs: "timeout connect (ms)",
  timeoutServerMs: "timeout server (ms)",
  retries: "retries",
};

/** The limits of a component, visible and editable: they decide when it saturates. */
export function Capacity({ spec }: { spec: ComponentSpec }) {
  const settings = CAPACITY_LIMITS[spec.kind];
  const { configure } = useHopscope(selectActions);
  const baseId = useId();
  if (!settings) return null;
  const current = spec as unknown as Record<string, number | undefined>;
  return (
    <>
      <h3>Capacity</h3>
      <div className="capacity">
        {Object.entries(settings).map(([setting, [min, max]]) => {
          const id = `${baseId}-${setting}`;
          return (
            <div key={setting} className="capacity-row">
              <label htmlFor={id}>{SETTING_LABELS[setting] ?? setting}</label>
              <input
                id={id}
                type="number"
                min={min}
                max={max}
                step={setting.endsWith("Ms") ? 0.1 : 1}
                defaultValue={current[setting]}
                onKeyDown={(e) => {
                  if (e.key === "Enter") e.currentTarget.blur();
                }}
                onBlur={(e) => {
                  const input = e.currentTarget;
                  const value = input.valueAsNumber;
                  if (value === current[setting]) return;
                  configure(spec.id, setting, value);
                  // Refused: show the value still in force (accepted: the panel re-renders anyway).
                  if (input.isConnected) input.value = String(current[setting] ?? "");
                }}
              />
            </div>
          );
        })}
      </div>
    </>
  );
}
