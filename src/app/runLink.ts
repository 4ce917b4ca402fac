import { input, type Message, type Moment, message, OPS } from "../store";

/**
 * A run and a moment in a link (`run=` and `t=`): the acts of the run with their simulated
 * times, so that a teacher's "look at 12.4 s" lands a student on the same picture. The acts
 * are JSON (times written exactly: the replay must do each act at the very same time), in
 * base64url, after a version: `run=1.<base64url>`. A link made by another version of the
 * format, a corrupted or oversized one, is refused with a notice and the page opens without it.
 */

/** The format this page writes and reads. */
export const RUN_FORMAT = 1;
/** Most characters of `run=` read (a link of a long lesson stays far below). */
export const MAX_RUN_CHARS = 16_000;
/** Most acts a run may carry. */
export const MAX_ACTS = 500;
/** The latest moment a link may name (simulated ms): an hour (opening it replays the run to there). */
export const MAX_MOMENT_MS = 3_600_000;

export interface SharedRun {
  moments: Moment[];
  /** The moment to open at (simulated ms). */
  time: number;
}

function toBase64Url(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let binary = "";
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function fromBase64Url(text: string): string {
  const binary = atob(text.replace(/-/g, "+").replace(/_/g, "/"));
  const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
  return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
}

/** `run=` and `t=` for a link: the acts as `[at, act]` pairs, the time to the nearest µs. */
export function encodeRun(moments: readonly Moment[], time: number): URLSearchParams {
  const params = new URLSearchParams();
  const pairs = moments.map((m) => (m.scheduled ? [m.at, m.act, 1] : [m.at, m.act]));
  if (pairs.length > 0) params.set("run", `${RUN_FORMAT}.${toBase64Url(JSON.stringify(pairs))}`);
  params.set("t", String(Math.round(time * 1000) / 1000));
  return params;
}

const isText = (v: unknown): v is string => typeof v === "string" && v.length <= 200;
const isNumber = (v: unknown): v is number => typeof v === "number" && Number.isFinite(v);
const isFlag = (v: unknown): v is boolean => typeof v === "boolean";

/** The fields each act carries, and what they must be (anything else in an act is refused). */
const FIELDS: Record<string, Record<string, (v: unknown) => boolean>> = {
  opening: {},
  visit: { host: isText, path: isText },
  repeat: { on: isFlag },
  kill: { id: isText },
  revive: { id: isText },
  slow: { id: isText, on: isFlag },
  rps: { rps: isNumber },
  surge: {},
  configure: { id: isText, setting: isText, value: isNumber },
  command: { id: isText, name: isText, argument: () => true },
  deploy: { options: (v) => typeof v === "object" && v !== null && !Array.isArray(v) },
  rollback: { mode: isText },
  addServer: {},
  removeServer: { server: isText },
  autoscaling: { on: isFlag },
  policy: {
    change: (v) =>
      typeof v === "object" &&
      v !== null &&
      !Array.isArray(v) &&
      Object.values(v as object).every(isNumber),
  },
  bootTime: { ms: isNumber },
};
/** Fields an act may leave out. */
const OPTIONAL = new Set(["command.argument", "removeServer.server"]);

/** Why `value` is not an act this page knows, or undefined when it is one. */
function actProblem(value: unknown): string | undefined {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return "not an act";
  const { op, ...rest } = value as { op?: unknown };
  if (typeof op !== "string" || !OPS.includes(op as never) || !Object.hasOwn(FIELDS, op))
    return "an unknown act";
  const fields = FIELDS[op] as Record<string, (v: unknown) => boolean>;
  for (const key of Object.keys(rest))
    if (!Object.hasOwn(fields, key)) return `an unknown field in “${op}”`;
  for (const [key, ok] of Object.entries(fields)) {
    const v = (rest as Record<string, unknown>)[key];
    if (v === undefined ? !OPTIONAL.has(`${op}.${key}`) : !ok(v)) return `a bad “${op}”`;
  }
  return undefined;
}

/**
 * Reads `run=` and `t=`. Undefined with no notice when the link has neither; otherwise the run,
 * or undefined and a notice saying why it was not used (the page then opens without it).
 */
export function parseRun(params: URLSearchParams): { run?: SharedRun; notice?: Message } {
  const runText = params.get("run");
  const timeText = params.get("t");
  if (runText === null && timeText === null) return {};
  let time = 0;
  if (timeText !== null) {
    const t = /^\d{1,9}(\.\d{1,6})?$/.test(timeText) ? Number(timeText) : Number.NaN;
    if (!(t >= 0 && t <= MAX_MOMENT_MS))
      return {
        notice: message`Ignored the moment t=${input(timeText)}: write simulated milliseconds, from 0 to ${MAX_MOMENT_MS}. The scene opens at its start.`,
      };
    time = t;
  }
  if (runText === null) return { run: { moments: [], time } };
  const refuse = (why: string) => ({
    notice: message`This link's run could not be used (${why}): the scene opens at its start, without it.`,
  });
  if (runText.length > MAX_RUN_CHARS)
    return refuse(`it is longer than ${MAX_RUN_CHARS.toLocaleString("en-US")} characters`);
  const dot = runText.indexOf(".");
  const version = dot > 0 ? runText.slice(0, dot) : "";
  if (version !== String(RUN_FORMAT)) {
    return /^\d{1,4}$/.test(version) && Number(version) < RUN_FORMAT
      ? refuse(`it was made by an older version of Hopscope (format ${version})`)
      : /^\d{1,4}$/.test(version)
        ? refuse(`it was made by a newer version of Hopscope (format ${version})`)
        : refuse("it does not start with a format number");
  }
  let pairs: unknown;
  try {
    pairs = JSON.parse(fromBase64Url(runText.slice(dot + 1)));
  } catch {
    return refuse("it is corrupted");
  }
  if (!Array.isArray(pairs)) return refuse("it is corrupted");
  if (pairs.length > MAX_ACTS) return refuse(`it has more than ${MAX_ACTS} acts`);
  const moments: Moment[] = [];
  let last = 0;
  for (const [i, pair] of pairs.entries()) {
    if (!Array.isArray(pair) || pair.length < 2 || pair.length > 3)
      return refuse(`act ${i + 1} is corrupted`);
    const [at, act, scheduled] = pair as [unknown, unknown, unknown];
    if (!isNumber(at) || at < last || at > MAX_MOMENT_MS)
      return refuse(`act ${i + 1} has a bad time`);
    const problem = actProblem(act);
    if (problem) return refuse(`act ${i + 1} is ${problem}`);
    last = at;
    moments.push(
      scheduled === 1
        ? { at, act: act as Moment["act"], scheduled: true }
        : { at, act: act as Moment["act"] },
    );
  }
  return { run: { moments, time } };
}
