import { createResolverState, type ResolverState, resolverBehaviour } from "../resolver";
import type { ResolverSpec } from "../types";
import type { KindDefinition } from "./definition";

/** The recursive resolver the user's computer is configured to use. */
export const resolver: KindDefinition<ResolverSpec, ResolverState> = {
  kind: "resolver",
  initialState: createResolverState,
  behaviour: resolverBehaviour,
};
