import { useId } from "react";
import type { DeployMode } from "../engine";
import { selectActions, selectDeployMode, useHopscope } from "../store";

/** The ways a deploy can put the new code in service, in words a class reads. */
export const DEPLOY_MODES: readonly { mode: DeployMode; label: string; detail: string }[] = [
  {
    mode: "restart",
    label: "Restart (downtime)",
    detail:
      "Stop and start PHP-FPM (Nginx answers 502 meanwhile), then Nginx (connections are refused meanwhile).",
  },
  {
    mode: "reload",
    label: "Graceful reload",
    detail:
      "Reload PHP-FPM (its socket stays open; busy workers finish if process_control_timeout allows, else they are killed and their visitors get 502), then nginx -s reload, which fails nothing.",
  },
];

/** How the next deploy puts the new code in service: shown in the server's details. */
export function DeployChoice() {
  const mode = useHopscope(selectDeployMode);
  const { setDeployMode, deploy } = useHopscope(selectActions);
  const name = useId();
  return (
    <>
      <h3 id={`${name}-title`}>Deploying new code</h3>
      <fieldset className="deploy-choice" aria-labelledby={`${name}-title`}>
        {DEPLOY_MODES.map((m) => (
          <label key={m.mode} className="deploy-option">
            <input
              type="radio"
              name={name}
              value={m.mode}
              checked={mode === m.mode}
              onChange={() => setDeployMode(m.mode)}
            />
            <span>
              <strong>{m.label}</strong>
              <span className="muted"> {m.detail}</span>
            </span>
          </label>
        ))}
      </fieldset>
      <button type="button" className="btn" onClick={() => deploy()}>
        Deploy the next version ({mode === "reload" ? "graceful reload" : "restart"})
      </button>
    </>
  );
}
