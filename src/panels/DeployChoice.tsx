import { useId } from "react";
import type { DeployMode, DeployStrategy, Release } from "../engine";
import {
  rollbackRefusal,
  runsOnSeveralServers,
  selectActions,
  selectDeployMode,
  useHopscope,
} from "../store";
import { DeployProgress } from "./DeployProgress";

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

/** How a deploy reaches the servers, in words. */
export const DEPLOY_STRATEGY_CHOICES: readonly {
  strategy: DeployStrategy;
  label: string;
  detail: string;
}[] = [
  {
    strategy: "all-at-once",
    label: "All at once",
    detail: "Every server together: with restarts, the whole site is down meanwhile.",
  },
  {
    strategy: "rolling",
    label: "Rolling",
    detail:
      "One server at a time: drained in HAProxy, deployed, health-checked, put back; then the next.",
  },
  {
    strategy: "blue-green",
    label: "Blue-green",
    detail:
      "The idle half gets the code, then HAProxy switches every new request to it at once; rollback switches back.",
  },
  {
    strategy: "canary",
    label: "Canary",
    detail:
      "One server gets the code and about 10 % of requests (HAProxy weights) for 30 s; promoted only if it fails almost none and answers about as fast as the others.",
  },
];

/** The releases a class can deploy, a good one and two with a defect. */
export const RELEASE_CHOICES: readonly { release: Release; label: string; detail: string }[] = [
  { release: "good", label: "Good release", detail: "The new code works." },
  {
    release: "bad-500",
    label: "Bad: 500s",
    detail:
      "Every page the PHP code renders (/health too) dies with a fatal error: 500. Static files still load.",
  },
  {
    release: "bad-slow",
    label: "Bad: slow",
    detail: "Every page the PHP code renders takes 3 s more (a slow new query).",
  },
];

const ONE_SERVER_ONLY =
  "Needs a load balancer in front of several web servers: this architecture runs the code on one server.";

/**
 * The deploy control, shown in a machine's details: how the new code is put in service
 * (restart or reload), the strategy across servers, the release (good or defective), Deploy
 * and Roll back, and the deploy's progress in words.
 */
export function DeployChoice() {
  const mode = useHopscope(selectDeployMode);
  const strategy = useHopscope((s) => s.deployStrategy);
  const release = useHopscope((s) => s.deployRelease);
  const several = useHopscope((s) => runsOnSeveralServers(s.sim));
  // Re-read when commands run or the clock is published: a deploy ends by itself.
  const rollbackWhyNot = useHopscope((s) => (s.commands >= 0 ? rollbackRefusal(s.sim) : ""));
  const { setDeployMode, setDeployStrategy, setDeployRelease, deploy, rollback } =
    useHopscope(selectActions);
  const name = useId();
  const what = [
    several
      ? DEPLOY_STRATEGY_CHOICES.find((c) => c.strategy === strategy)?.label.toLowerCase()
      : "",
    release === "good" ? "" : RELEASE_CHOICES.find((c) => c.release === release)?.label,
    mode === "reload" ? "graceful reload" : "restart",
  ].filter(Boolean);
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
      <fieldset className="deploy-choice">
        <legend>Strategy</legend>
        {DEPLOY_STRATEGY_CHOICES.map((c) => {
          const unavailable = !several && c.strategy !== "all-at-once";
          return (
            <label key={c.strategy} className="deploy-option">
              <input
                type="radio"
                name={`${name}-strategy`}
                value={c.strategy}
                checked={(several ? strategy : "all-at-once") === c.strategy}
                disabled={unavailable}
                onChange={() => setDeployStrategy(c.strategy)}
              />
              <span>
                <strong>{c.label}</strong>
                <span className="muted"> {unavailable ? ONE_SERVER_ONLY : c.detail}</span>
              </span>
            </label>
          );
        })}
      </fieldset>
      <fieldset className="deploy-choice">
        <legend>Release</legend>
        {RELEASE_CHOICES.map((c) => (
          <label key={c.release} className="deploy-option">
            <input
              type="radio"
              name={`${name}-release`}
              value={c.release}
              checked={release === c.release}
              onChange={() => setDeployRelease(c.release)}
            />
            <span>
              <strong>{c.label}</strong>
              <span className="muted"> {c.detail}</span>
            </span>
          </label>
        ))}
      </fieldset>
      <div className="deploy-buttons">
        <button type="button" className="btn" onClick={() => deploy()}>
          Deploy the next version ({what.join(", ")})
        </button>
        <button
          type="button"
          className="btn"
          onClick={rollback}
          {...(rollbackWhyNot
            ? { "aria-disabled": true as const, title: rollbackWhyNot }
            : { title: "Put back the version the last deploy replaced" })}
        >
          Roll back
        </button>
      </div>
      <DeployProgress />
    </>
  );
}
