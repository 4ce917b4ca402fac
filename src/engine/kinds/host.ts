import type { HostSpec } from "../types";
import type { KindDefinition } from "./definition";

/**
 * A server machine: its processes (Nginx, PHP-FPM, MySQL) run on it and share its cores. It has
 * no behaviour of its own: what reaches it and no process takes, its kernel refuses.
 */
export const host: KindDefinition<HostSpec, null> = {
  kind: "host",
  initialState: () => null,
  settings: { cores: { range: [1, 64], integer: true } },
  machine: { cores: (spec) => spec.cores },
};
