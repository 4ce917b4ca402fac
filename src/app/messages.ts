import type { Outcome } from "../engine";
import { SCENES } from "../scenes/catalog";
import { MAX_SLIDER_RPS, SPEEDS, type SpeedId } from "../store";

/**
 * The postMessage API: a parent page (a slide deck) drives Hopscope in an
 * iframe. Every message carries `type: "hopscope:<name>"` and `version: 1`.
 * A page opened from disk has the origin "null", so origins prove nothing:
 * each message's shape is checked instead, strictly, before anything runs.
 */
export const API_VERSION = 1;
export const PREFIX = "hopscope:";

export type Command =
  | { name: "visit"; url?: string }
  | { name: "kill"; component: string }
  | { name: "revive"; component: string }
  | { name: "slow"; component: string; on: boolean }
  | { name: "deploy"; mode?: "restart" | "reload" }
  | { name: "setRps"; rps: number }
  | { name: "surge" }
  | { name: "play" }
  | { name: "pause" }
  | { name: "step" }
  | { name: "setSpeed"; speed: SpeedId }
  | { name: "loadScene"; scene: string; autoplay: boolean }
  | { name: "reset" };

export type CommandName = Command["name"];

/** What Hopscope posts back to the parent. */
export type ApiEvent =
  | {
      type: "hopscope:ready";
      version: number;
      scene: string;
      components: ComponentStateEntry[];
      commands: CommandName[];
    }
  | {
      type: "hopscope:requestFinished";
      version: number;
      requestId: number;
      visitId: number;
      url: string;
      role: "document" | "subresource";
      outcome: Outcome;
      status?: number;
      durationMs: number;
      reason?: string;
    }
  | ({ type: "hopscope:stateChanged"; version: number } & PlaybackSnapshot)
  | { type: "hopscope:error"; version: number; message: string; received?: string };

/** What `stateChanged` reports: it is sent whenever any of it changes. */
export interface PlaybackSnapshot {
  scene: string;
  playing: boolean;
  speed: SpeedId;
  /** The traffic's base rate (visits per second), without a surge. */
  rps: number;
  components: ComponentStateEntry[];
}

export interface ComponentStateEntry {
  id: string;
  /** "up", "down" (killed, or its machine is), "restarting" (by a deploy); `slow` on top. */
  state: "up" | "down" | "restarting";
  slow: boolean;
}

export type Parsed =
  | { ok: true; command: Command }
  | { ok: false; message: string; received?: string };

type Field = (value: unknown) => string | undefined; // an error, or undefined when fine

const isString =
  (max: number): Field =>
  (v) =>
    typeof v === "string" && v.length > 0 && v.length <= max
      ? undefined
      : `must be a non-empty string of at most ${max} characters`;

const oneOf =
  (allowed: readonly string[]): Field =>
  (v) =>
    typeof v === "string" && allowed.includes(v)
      ? undefined
      : `must be one of ${allowed.join(", ")}`;

const isBoolean: Field = (v) => (typeof v === "boolean" ? undefined : "must be true or false");

const rpsField: Field = (v) =>
  typeof v === "number" && Number.isFinite(v) && v >= 0 && v <= MAX_SLIDER_RPS
    ? undefined
    : `must be a number from 0 to ${MAX_SLIDER_RPS}`;

/** Each command's fields: required ones, and optional ones with their defaults. */
function schemaOf(
  componentIds: readonly string[],
): Record<CommandName, { required: Record<string, Field>; optional: Record<string, Field> }> {
  const component = { component: oneOf(componentIds) };
  const none = { required: {}, optional: {} };
  return {
    visit: { required: {}, optional: { url: isString(200) } },
    kill: { required: component, optional: {} },
    revive: { required: component, optional: {} },
    slow: { required: component, optional: { on: isBoolean } },
    deploy: { required: {}, optional: { mode: oneOf(["restart", "reload"]) } },
    setRps: { required: { rps: rpsField }, optional: {} },
    surge: none,
    play: none,
    pause: none,
    step: none,
    setSpeed: { required: { speed: oneOf(SPEEDS.map((s) => s.id)) }, optional: {} },
    loadScene: {
      required: { scene: oneOf(SCENES.map((s) => s.id)) },
      optional: { autoplay: isBoolean },
    },
    reset: none,
  };
}

export const COMMAND_NAMES: readonly CommandName[] = Object.keys(schemaOf([])) as CommandName[];

/** Shows part of a received value in an error, briefly and as plain text. */
function brief(v: unknown): string {
  const text = typeof v === "string" ? v : (JSON.stringify(v) ?? String(v));
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}

/**
 * Checks a message. `undefined`: not meant for Hopscope (no `hopscope:` type),
 * so it is ignored silently (decks and browser extensions post their own).
 * Otherwise the command, or why it was refused; nothing runs until it is whole.
 */
export function parseMessage(data: unknown, componentIds: readonly string[]): Parsed | undefined {
  if (typeof data !== "object" || data === null || Array.isArray(data)) return undefined;
  const record = data as Record<string, unknown>;
  const type = record.type;
  if (typeof type !== "string" || !type.startsWith(PREFIX)) return undefined;
  const received = brief(type);
  const name = type.slice(PREFIX.length);
  const schemas = schemaOf(componentIds);
  if (!Object.hasOwn(schemas, name)) {
    return {
      ok: false,
      received,
      message: `Unknown command “${brief(name)}”: use one of ${COMMAND_NAMES.join(", ")}.`,
    };
  }
  if (record.version !== API_VERSION) {
    return {
      ok: false,
      received,
      message: `${type} needs version: ${API_VERSION} (got ${brief(record.version)}).`,
    };
  }
  const { required, optional } = schemas[name as CommandName];
  const fields: Record<string, unknown> = {};
  for (const key of Object.keys(record)) {
    if (key === "type" || key === "version") continue;
    // Own properties only: "constructor" or "__proto__" must not find Object's.
    const check = Object.hasOwn(required, key)
      ? required[key]
      : Object.hasOwn(optional, key)
        ? optional[key]
        : undefined;
    if (!check) return { ok: false, received, message: `${type} has no field “${brief(key)}”.` };
    const error = check(record[key]);
    if (error)
      return {
        ok: false,
        received,
        message: `${type}: ${key} ${error} (got ${brief(record[key])}).`,
      };
    fields[key] = record[key];
  }
  for (const key of Object.keys(required)) {
    if (!Object.hasOwn(fields, key))
      return { ok: false, received, message: `${type} needs “${key}”.` };
  }
  if (name === "slow") fields.on ??= true;
  if (name === "loadScene") fields.autoplay ??= false;
  return { ok: true, command: { name, ...fields } as Command };
}
