import {
  type BrowserState,
  browserBehaviour,
  browserFetch,
  browserSegmentLost,
  createBrowserState,
} from "../browser";
import type { BrowserSpec } from "../types";
import type { KindDefinition } from "./definition";

/** A user's browser (Chromium), or the crowd of other users the traffic comes from. */
export const browser: KindDefinition<BrowserSpec, BrowserState> = {
  kind: "browser",
  initialState: createBrowserState,
  behaviour: browserBehaviour,
  unkillable: "The browser is the user: it cannot be killed here.",
  client: { fetch: browserFetch, segmentLost: browserSegmentLost },
};
