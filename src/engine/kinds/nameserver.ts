import { nameServerBehaviour } from "../nameServer";
import type { NameServerSpec } from "../types";
import type { KindDefinition } from "./definition";

/** An authoritative name server (the root, `com.`, `foobar.com.`): it keeps no state. */
export const nameserver: KindDefinition<NameServerSpec, null> = {
  kind: "nameserver",
  initialState: () => null,
  behaviour: nameServerBehaviour,
};
