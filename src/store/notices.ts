/** A visible, non-blocking message for the user: bad input, a refused action. */
export interface Notice {
  id: number;
  tone: "info" | "warning";
  text: string;
  /** Real time (ms since the store started ticking) after which an info notice goes away by itself. */
  expiresAt?: number;
}

/** How long an info notice stays (ms of real time); warnings stay until dismissed. */
export const INFO_NOTICE_MS = 8_000;
