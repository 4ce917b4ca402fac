import { DEFAULT_SPEED, MAX_SLIDER_RPS, SPEEDS, type SpeedId, speedById } from "../store";

export interface StartOptions {
  seed: number;
  speed: SpeedId;
  autoplay: boolean;
  /** Starting traffic in visits per second, when given. */
  rps?: number;
  /** One message per value that was ignored, to show the user. */
  notices: string[];
}

export const DEFAULT_SEED = 1;
const KNOWN = new Set(["seed", "speed", "autoplay", "rps"]);

/** Shows a user-supplied value safely and briefly inside a message. */
function quote(value: string): string {
  const chars = Array.from(value); // whole characters, so an emoji is never cut in half
  const short = chars.length > 40 ? `${chars.slice(0, 40).join("")}…` : value;
  return `“${short}”`;
}

/**
 * Reads `seed`, `speed` and `autoplay` from a query string. Anything invalid is
 * ignored (the default is used) and explained in a notice; nothing here throws.
 */
export function parseStartOptions(search: string): StartOptions {
  const params = new URLSearchParams(search);
  const out: StartOptions = {
    seed: DEFAULT_SEED,
    speed: DEFAULT_SPEED,
    autoplay: false,
    notices: [],
  };

  const seed = params.get("seed");
  if (seed !== null) {
    if (/^-?\d{1,10}$/.test(seed.trim()) && Math.abs(Number(seed)) <= 2 ** 32)
      out.seed = Number(seed);
    else
      out.notices.push(
        `Ignored seed=${quote(seed)}: the seed must be a whole number. Using seed ${DEFAULT_SEED}.`,
      );
  }

  const speed = params.get("speed");
  if (speed !== null) {
    const found = speedById(speed.trim());
    if (found) out.speed = found.id;
    else {
      const allowed = SPEEDS.map((s) => s.id).join(", ");
      out.notices.push(`Ignored speed=${quote(speed)}: use one of ${allowed}. Using slow motion.`);
    }
  }

  const autoplay = params.get("autoplay");
  if (autoplay !== null) {
    if (autoplay === "1" || autoplay === "0") out.autoplay = autoplay === "1";
    else
      out.notices.push(
        `Ignored autoplay=${quote(autoplay)}: use 1 to start a visit on load, or 0.`,
      );
  }

  const rps = params.get("rps");
  if (rps !== null) {
    const n = Number(rps.trim());
    if (rps.trim() === "" || !Number.isFinite(n) || n < 0) {
      out.notices.push(
        `Ignored rps=${quote(rps)}: use a number of visits per second from 0 to ${MAX_SLIDER_RPS}.`,
      );
    } else if (n > MAX_SLIDER_RPS) {
      out.rps = MAX_SLIDER_RPS;
      out.notices.push(
        `rps=${quote(rps)} is more than this page offers: using ${MAX_SLIDER_RPS} visits per second.`,
      );
    } else out.rps = Math.round(n);
  }

  for (const key of new Set(params.keys())) {
    if (!KNOWN.has(key)) out.notices.push(`Ignored unknown parameter ${quote(key)}.`);
    else if (params.getAll(key).length > 1)
      out.notices.push(`${key} was given more than once: used the first value.`);
  }
  return out;
}
