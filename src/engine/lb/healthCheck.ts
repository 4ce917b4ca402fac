/**
 * HAProxy's health of one server, as src/check.c keeps it (HAProxy 3.4): a counter from 0 to
 * rise + fall − 1. A failed check takes one off while the server is up, and marks it DOWN
 * (0) when it would drop below `rise`; a good check adds one, and marks it UP (rise + fall − 1)
 * when it reaches `rise`. A server starts at `rise` ("up, but will fall down at first
 * failure"). With the defaults (inter 2 s, fall 3, rise 2) a stopped process is DOWN 4–6 s
 * after it died, a dead machine 10–12 s after (each failed check itself waits `inter`), and a
 * revived one UP 2–4 s after it came back.
 */

/** `server … check inter 2s fall 3 rise 2`, with `fastinter`/`downinter` unset (they then fall back to `inter`). */
export interface CheckSettings {
  readonly interMs: number;
  readonly fall: number;
  readonly rise: number;
  readonly fastinterMs?: number;
  readonly downinterMs?: number;
}

export const CHECK_DEFAULTS: CheckSettings = { interMs: 2_000, fall: 3, rise: 2 };

/** The result of one check, with HAProxy's status code (the stats page's `check_status`). */
export type CheckResult =
  | { readonly ok: true; readonly code: "L4OK" | "L7OK"; readonly durationMs: number }
  | {
      readonly ok: false;
      readonly code: "L4CON" | "L4TOUT" | "L7STS" | "L7RSP" | "L7TOUT";
      readonly durationMs: number;
      /** `info` in the log: the system's words ("Connection refused") or the reason phrase. */
      readonly info?: string;
      /** For L7STS: the status the server answered. */
      readonly status?: number;
    };

/** The description of each code, as src/check.c words it in logs and on the stats page. */
export const CHECK_CODE_TEXT: Record<CheckResult["code"], string> = {
  L4OK: "Layer4 check passed",
  L4CON: "Layer4 connection problem",
  L4TOUT: "Layer4 timeout",
  L7OK: "Layer7 check passed",
  L7STS: "Layer7 wrong status",
  L7RSP: "Layer7 invalid response",
  L7TOUT: "Layer7 timeout",
};

/** The administrative state set with `set server b/s state …` (ready is the usual one). */
export type AdminState = "ready" | "drain" | "maint";

export interface ServerHealth {
  /** 0 … rise + fall − 1; the server is up from `rise` on. */
  health: number;
  admin: AdminState;
  /** Whether checks run at all (`check` on the server line). */
  checked: boolean;
  last: CheckResult | undefined;
}

export function createServerHealth(settings: CheckSettings, checked = true): ServerHealth {
  return { health: settings.rise, admin: "ready", checked, last: undefined };
}

/**
 * `init-state` (HAProxy 3.1+): the health a server starts with when HAProxy starts, when it is
 * discovered, and when it leaves maintenance. `up` (the default): UP, one failed check marks it
 * DOWN; `fully-up`: UP, `fall` failed checks to go DOWN; `down`: DOWN, one good check marks it
 * UP; `fully-down`: DOWN until `rise` good checks in a row.
 */
export type InitState = "up" | "fully-up" | "down" | "fully-down";

export function initialHealth(init: InitState | undefined, s: CheckSettings): number {
  switch (init) {
    case "fully-up":
      return s.rise + s.fall - 1;
    case "down":
      return s.rise - 1;
    case "fully-down":
      return 0;
    default:
      return s.rise;
  }
}

export const isUp = (h: ServerHealth, s: CheckSettings): boolean =>
  h.admin !== "maint" && (!h.checked || h.health >= s.rise);

/** Whether new requests may be sent to it: up, and not draining. */
export const takesTraffic = (h: ServerHealth, s: CheckSettings): boolean =>
  h.admin === "ready" && isUp(h, s);

/**
 * Applies one check's result. Returns "down" or "up" when the server changes state (the
 * moment HAProxy logs it), else undefined. A server in maintenance is not checked.
 */
export function applyCheck(
  h: ServerHealth,
  result: CheckResult,
  s: CheckSettings,
): "down" | "up" | undefined {
  if (h.admin === "maint" || !h.checked) return undefined;
  h.last = result;
  const top = s.rise + s.fall - 1;
  if (result.ok) {
    if (h.health >= top) return undefined;
    const wasUp = h.health >= s.rise;
    h.health++;
    if (h.health >= s.rise) {
      h.health = top;
      return wasUp ? undefined : "up";
    }
    return undefined;
  }
  if (h.health > s.rise) {
    h.health--;
    return undefined;
  }
  const wasUp = h.health >= s.rise;
  h.health = 0;
  return wasUp ? "down" : undefined;
}

/** The wait before the next check, counted from the end of the last (src/server.c srv_getinter). */
export function nextCheckIn(h: ServerHealth, s: CheckSettings): number {
  const top = s.rise + s.fall - 1;
  if (h.health === top || !h.checked) return s.interMs;
  if (h.health === 0) return s.downinterMs ?? s.interMs;
  return s.fastinterMs ?? s.interMs;
}

/**
 * The server's status as HAProxy's stats page shows it: "UP", "UP 2/3" (one failed check
 * of three), "DOWN", "DOWN 1/2" (one good check of two), "DRAIN", "MAINT", "no check".
 */
export function statusText(h: ServerHealth, s: CheckSettings): string {
  if (h.admin === "maint") return "MAINT";
  if (!h.checked) return h.admin === "drain" ? "DRAIN" : "no check";
  const top = s.rise + s.fall - 1;
  const up = h.health >= s.rise;
  const ratio = up
    ? h.health === top
      ? ""
      : ` ${h.health - s.rise + 1}/${s.fall}`
    : h.health === 0
      ? ""
      : ` ${h.health}/${s.rise}`;
  if (h.admin === "drain" && up) return `DRAIN${ratio}`;
  return `${up ? "UP" : "DOWN"}${ratio}`;
}

/**
 * The line HAProxy logs when a server changes state (src/server.c), e.g.
 * `Server web/web2 is DOWN, reason: Layer4 connection problem, info: "Connection refused",
 * check duration: 0ms. 1 active and 0 backup servers left. 0 sessions active, 0 requeued,
 * 0 remaining in queue.`
 */
export function transitionLog(
  backend: string,
  server: string,
  change: "down" | "up",
  result: CheckResult,
  activeNow: number,
  sessions: number,
): string {
  const reason = CHECK_CODE_TEXT[result.code];
  const code = !result.ok && result.status !== undefined ? `, code: ${result.status}` : "";
  const info = !result.ok && result.info ? `, info: "${result.info}"` : "";
  const head = `Server ${backend}/${server} is ${change === "down" ? "DOWN" : "UP"}, reason: ${reason}${code}${info}, check duration: ${Math.round(result.durationMs)}ms.`;
  return change === "down"
    ? `${head} ${activeNow} active and 0 backup servers left. ${sessions} sessions active, 0 requeued, 0 remaining in queue.`
    : `${head} ${activeNow} active and 0 backup servers online. 0 sessions requeued, 0 total in queue.`;
}
