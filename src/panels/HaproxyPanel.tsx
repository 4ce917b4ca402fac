import { useId } from "react";
import { BackendStatus } from "../canvas/BackendState";
import type { ComponentState } from "../engine";
import { selectActions, useHopscope } from "../store";

type HaproxyState = Extract<ComponentState, { kind: "haproxy" }>["state"];

const ALGORITHMS = [
  { value: "roundrobin", label: "roundrobin", hint: "each server in turn" },
  { value: "leastconn", label: "leastconn", hint: "the server with the fewest connections" },
] as const;

const CHECKS = [
  { value: "tcp", label: "TCP", hint: "a connection to port 80 is enough" },
  { value: "http", label: "HTTP", hint: "option httpchk GET /health: wants 2xx or 3xx" },
] as const;

const ADMIN = [
  { value: "ready", label: "Ready" },
  { value: "drain", label: "Drain" },
  { value: "maint", label: "Maint" },
] as const;

/**
 * HAProxy's details: its backend as the stats page shows it (each server's state, last check,
 * connections, requests, errors), the balance algorithm and the health check (each a choice),
 * and Ready / Drain / Maint for each server. Every change is an engine command; a refusal
 * (HAProxy stopped, the state already set) becomes a notice, as everywhere else.
 */
export function HaproxyPanel({
  id,
  label,
  backend,
  state,
}: {
  id: string;
  label: string;
  backend: string;
  state: HaproxyState;
}) {
  const { command } = useHopscope(selectActions);
  const base = useId();
  return (
    <div className="lb-panel">
      <h3 id={`${base}-backend`}>Backend {backend}</h3>
      <div className="lb-table-wrap">
        <table className="lb-table" aria-labelledby={`${base}-backend`}>
          <thead>
            <tr>
              <th scope="col">Server</th>
              <th scope="col">State</th>
              <th scope="col">Last check</th>
              <th scope="col" title="Connections open now">
                Conn.
              </th>
              <th scope="col">Requests</th>
              <th scope="col">Errors</th>
            </tr>
          </thead>
          <tbody>
            {state.servers.map((s) => (
              <tr key={s.name}>
                <th scope="row">
                  <span className="mono">{s.name}</span>
                  <span className="lb-address mono">{s.address}</span>
                </th>
                <td>
                  <BackendStatus text={s.statusText} />
                </td>
                <td className="mono">
                  {s.lastCheck === undefined
                    ? "none yet"
                    : `${s.checking ? "* " : ""}${s.lastCheck}${s.lastCheckInfo ? ` ${s.lastCheckInfo}` : ""}`}
                </td>
                <td>{s.active}</td>
                <td>{s.sent.toLocaleString("en-US")}</td>
                <td>{(s.errors + s.http5xx).toLocaleString("en-US")}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className="muted">
        Errors: failed connections and answers that never came, plus 5xx answers. HAProxy's own
        pages so far: 503 × {state.errorPages[503]}, 502 × {state.errorPages[502]}, 504 ×{" "}
        {state.errorPages[504]}.
      </p>
      <h3>Servers in or out of service</h3>
      <ul className="lb-admin">
        {state.servers.map((s) => (
          <li key={s.name}>
            <span className="mono">{s.name}</span>
            <span className="lb-admin-buttons">
              {ADMIN.map((a) => (
                <button
                  key={a.value}
                  type="button"
                  className="btn small"
                  aria-label={`${a.label} ${s.name}`}
                  aria-pressed={s.health.admin === a.value}
                  title={`set server ${backend}/${s.name} state ${a.value}`}
                  onClick={() => command(id, "server", { name: s.name, state: a.value })}
                >
                  {a.label}
                </button>
              ))}
            </span>
          </li>
        ))}
      </ul>
      <fieldset className="lb-choice">
        <legend>Algorithm (balance)</legend>
        {ALGORITHMS.map((a) => (
          <label key={a.value}>
            <input
              type="radio"
              name={`${base}-algorithm`}
              value={a.value}
              checked={state.algorithm === a.value}
              onChange={() => command(id, "algorithm", a.value)}
            />
            <span className="mono">{a.label}</span> <span className="muted">{a.hint}</span>
          </label>
        ))}
      </fieldset>
      <fieldset className="lb-choice">
        <legend>Health check</legend>
        {CHECKS.map((c) => (
          <label key={c.value}>
            <input
              type="radio"
              name={`${base}-check`}
              value={c.value}
              checked={state.checkType === c.value}
              onChange={() => command(id, "check", c.value)}
            />
            {c.label} <span className="muted">{c.hint}</span>
          </label>
        ))}
      </fieldset>
      <p className="muted">
        {label} checks every {state.settings.interMs / 1000} s: fall {state.settings.fall}, rise{" "}
        {state.settings.rise}.
      </p>
    </div>
  );
}
