import {
  createKeepalivedState,
  type KeepalivedState,
  keepalivedBehaviour,
  keepalivedStarted,
} from "../keepalived";
import type { KeepalivedSpec } from "../types";
import type { KindDefinition } from "./definition";

/**
 * keepalived 2.x with one VRRPv2 instance: the MASTER of a pair of load balancers holds the
 * virtual IP. Killing it is a crash: no priority-0 advert, and the address stays where it was
 * until the other one takes over.
 */
export const keepalived: KindDefinition<KeepalivedSpec, KeepalivedState> = {
  kind: "keepalived",
  initialState: createKeepalivedState,
  behaviour: keepalivedBehaviour,
  started: keepalivedStarted,
};
