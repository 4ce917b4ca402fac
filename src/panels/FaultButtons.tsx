import { Power, PowerOff, Snail } from "lucide-react";
import { memo } from "react";
import type { ComponentSpec } from "../engine";
import type { ComponentStatus } from "../store";
import { killRefusal, reviveRefusal, selectActions, useHopscope } from "../store";

/** Which components can be made slow: the ones whose slowness reaches users as a timeout. */
export function canBeSlow(spec: ComponentSpec): boolean {
  return spec.kind === "app" || spec.kind === "mysql";
}

/**
 * Kill/Revive and Slow for one component. The same buttons sit on the node,
 * in the component list and in the details, so a teacher can use any of them. One
 * that can only be refused now is `aria-disabled` (not `disabled`, so a keyboard user
 * still reaches it and hears why) with the reason as its tooltip and description;
 * pressing it anyway changes nothing and shows the same reason as a notice.
 */
export const FaultButtons = memo(
  function FaultButtons({
    spec,
    status,
    compact = false,
    withSlow = true,
  }: {
    spec: ComponentSpec;
    status: ComponentStatus;
    compact?: boolean;
    /** Whether Slow is drawn where the component can be slow (a dense card leaves it to the details). */
    withSlow?: boolean;
  }) {
    const { kill, revive, toggleSlow } = useHopscope(selectActions);
    // Why the button showing would only be refused (its machine is off, a deploy is
    // restarting it…): it stays focusable and says why, as its description and tooltip.
    const killed = status.health === "down";
    const refusal = useHopscope((s) =>
      killed ? reviveRefusal(s.sim, spec.id) : killRefusal(s.sim, spec.id),
    );
    if (spec.kind === "browser") return null;
    return (
      <span className={`fault-buttons${compact ? " compact" : ""}`}>
        {killed ? (
          <button
            type="button"
            className="fault-btn revive"
            onClick={() => revive(spec.id)}
            aria-label={`Revive ${spec.label}`}
            aria-disabled={refusal ? true : undefined}
            title={refusal}
          >
            <Power size={14} aria-hidden="true" />
            Revive
          </button>
        ) : (
          <button
            type="button"
            className="fault-btn kill"
            onClick={() => kill(spec.id)}
            aria-label={`Kill ${spec.label}`}
            aria-disabled={refusal ? true : undefined}
            title={refusal}
          >
            <PowerOff size={14} aria-hidden="true" />
            Kill
          </button>
        )}
        {withSlow && canBeSlow(spec) ? (
          <button
            type="button"
            className="fault-btn slow"
            aria-pressed={status.slow}
            onClick={() => toggleSlow(spec.id)}
            aria-label={`Slow ${spec.label}`}
            title="Every request hangs for 75 s"
          >
            <Snail size={14} aria-hidden="true" />
            Slow
          </button>
        ) : null}
      </span>
    );
  },
  // Only health and the slow flag decide these buttons: not the status line's changing words.
  (a, b) =>
    a.spec === b.spec &&
    a.compact === b.compact &&
    a.withSlow === b.withSlow &&
    a.status.health === b.status.health &&
    a.status.slow === b.status.slow,
);
