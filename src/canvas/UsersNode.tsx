import type { NodeProps } from "@xyflow/react";
import { Users } from "lucide-react";
import { memo } from "react";
import { useHopscope } from "../store";
import { HiddenHandles } from "./HiddenHandles";
import type { ComponentNode } from "./toFlow";

const count = (n: number) => Math.round(n).toLocaleString("en-US");

/**
 * The traffic's source: many people's browsers on the Internet, each a new user with an
 * empty DNS cache. Shows the arrival rate now and the users still waiting for a page (from
 * the engine's once-a-second sample, so the number holds still long enough to read).
 */
function UsersNodeView(_props: NodeProps<ComponentNode>) {
  const rps = useHopscope((s) => Math.round(s.traffic.rps));
  const surging = useHopscope((s) => s.traffic.surging);
  const waiting = useHopscope((s) =>
    s.traffic.rps > 0 ? (s.sim.trafficSample()?.inFlight ?? 0) : 0,
  );
  const active = rps > 0 || waiting > 0;
  return (
    <div className={`users-node${active ? " is-busy" : ""}${surging ? " is-surging" : ""}`}>
      <HiddenHandles />
      <span className="users-head">
        <Users size={26} aria-hidden="true" />
        <span className="users-titles">
          <span className="users-name">Users</span>
          <span className="users-role">Others’ browsers</span>
        </span>
      </span>
      <span className="users-count" data-testid="users-count">
        {active ? (
          <>
            <strong className="mono">{count(rps)} visits/s</strong>
            <span className="users-waiting">
              {surging ? <span className="users-surge">Surge · </span> : null}
              {count(waiting)} waiting
            </span>
          </>
        ) : (
          <span className="users-idle">No traffic</span>
        )}
      </span>
    </div>
  );
}

export const UsersNodeComponent = memo(UsersNodeView);
