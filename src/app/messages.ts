import {
  DEPLOY_STRATEGIES,
  type DeployStrategy,
  type Outcome,
  RELEASES,
  type Release,
} from "../engine";
import { LESSONS } from "../lessons";
import { SCENES } from "../scenes/catalog";
import {
  input,
  MAX_SLIDER_RPS,
  type Message,
  message,
  type NoticePart,
  SPEEDS,
  type SpeedId,
} from "../store";

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
  | {
      name: "deploy";
      mode?: "restart" | "reload";
      strategy?: DeployStrategy;
      release?: Release;
    }
  | { name: "rollback" }
  | { name: "setRps"; rps: number }
  | { name: "surge" }
  | { name: "play" }
  | { name: "pause" }
  | { name: "step" }
  | { name: "setSpeed"; speed: SpeedId }
  | { name: "loadScene"; scene: string; autoplay: boolean }
  | { name: "reset" }
  /**
   * Opens `lesson` (default: the one open) at `step`, counted from 1; or "next" (what a clicker's
   * next does: play, reveal, next step) or "previous".
   */
  | { name: "lessonStep"; lesson?: string; step: number | "next" | "previous" };

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
  | ({ type: "hopscope:lessonStep"; version: number } & LessonSnapshot)
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

/** Where the lesson is, for `lessonStep` events: sent when the lesson, its step or its phase changes. */
export interface LessonSnapshot {
  /** The lesson open, or null when none is. */
  lesson: string | null;
  /** The step, counted from 1 (0 when no lesson is open). */
  step: number;
  steps: number;
  title: string;
  /** "ask" (predicting), "watching", "revealed". */
  phase: "ask" | "watching" | "revealed";
}

export interface ComponentStateEntry {
  id: string;
  /** "up", "down" (killed, or its machine is), "restarting" (by a deploy); `slow` on top. */
  state: "up" | "down" | "restarting";
  slow: boolean;
}

export type Parsed =
  | { ok: true; command: Command }
  | {
      ok: false;
      /** Why, as plain text (for the sender's `hopscope:error`). */
      message: string;
      /** The same in parts, with what was received kept apart (isolated in a notice). */
      parts: readonly NoticePart[];
      received?: string;
    };

type Field = (value: unknown) => string | undefined; // an error, or undefined when fine

const isString =
  (max: number): Field =>
  (v) =>
    typeof v === "string" && v.length > 0 && v.length <= max
      ? undefined
      : `must be a non-empty string of at most ${max} characters`;

/** Most characters of allowed values an error lists (the scenes alone are over 500). */
const MAX_LISTED = 240;

/** The allowed values in words, the first ones only when there are many: "a, b and 20 more". */
function listed(allowed: readonly string[]): string {
  const shown: string[] = [];
  let length = 0;
  for (const value of allowed) {
    if (length + value.length + 2 > MAX_LISTED) break;
    shown.push(value);
    length += value.length + 2;
  }
  const more = allowed.length - shown.length;
  return more > 0 ? `${shown.join(", ")} and ${more} more` : shown.join(", ");
}

const oneOf =
  (allowed: readonly string[]): Field =>
  (v) =>
    typeof v === "string" && allowed.includes(v) ? undefined : `must be one of ${listed(allowed)}`;

/** A step counted from 1, or "next" / "previous". */
const stepField: Field = (v) =>
  v === "next" ||
  v === "previous" ||
  (Number.isInteger(v) && (v as number) >= 1 && (v as number) <= 999)
    ? undefined
    : 'must be a step number from 1, "next" or "previous"';

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
    deploy: {
      required: {},
      optional: {
        mode: oneOf(["restart", "reload"]),
        strategy: oneOf(DEPLOY_STRATEGIES),
        release: oneOf(RELEASES),
      },
    },
    rollback: none,
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
    lessonStep: {
      required: { step: stepField },
      optional: { lesson: oneOf(LESSONS.map((l) => l.id)) },
    },
  };
}

export const COMMAND_NAMES: readonly CommandName[] = Object.keys(schemaOf([])) as CommandName[];

/** What an own property holds: its value, or why it cannot be read safely. */
const ABSENT: unique symbol = Symbol("absent");
const GETTER: unique symbol = Symbol("getter");
const UNREADABLE: unique symbol = Symbol("unreadable");
type Read = unknown | typeof ABSENT | typeof GETTER | typeof UNREADABLE;

/**
 * Reads an own, enumerable data property without running anything of the
 * sender's: a getter is reported, not called, and a Proxy's trap that throws
 * makes the property unreadable instead of throwing through.
 */
function ownData(obj: object, key: string): Read {
  try {
    const d = Object.getOwnPropertyDescriptor(obj, key);
    if (d === undefined || !d.enumerable) return ABSENT;
    return "value" in d ? d.value : GETTER;
  } catch {
    return UNREADABLE;
  }
}

/** Own enumerable keys, or undefined when they cannot be listed (a Proxy's trap throws). */
function ownKeys(obj: object): string[] | undefined {
  try {
    return Object.keys(obj);
  } catch {
    return undefined;
  }
}

/** Whether `v` is an array; a revoked Proxy throws from Array.isArray, so it says no. */
function isArray(v: object): boolean {
  try {
    return Array.isArray(v);
  } catch {
    return false;
  }
}

/** The first `max` characters (whole code points) of `text`, with "…" when there was more. */
function cut(text: string, max: number): string {
  // A 5 MB string is sliced first: Array.from of all of it would be slow.
  const head = text.length > max * 2 + 2 ? text.slice(0, max * 2 + 2) : text;
  const chars = Array.from(head);
  return chars.length > max || head.length < text.length
    ? `${chars.slice(0, max).join("")}…`
    : text;
}

const BRIEF_CHARS = 40;
const BRIEF_DEPTH = 3;
const BRIEF_ITEMS = 5;

/** A short, JSON-like picture of a value; total (never throws) and bounded in depth and length. */
function picture(v: unknown, depth: number, seen: Set<object>): string {
  if (v === GETTER) return "[getter]";
  if (v === UNREADABLE) return "[unreadable]";
  switch (typeof v) {
    case "string":
      return JSON.stringify(cut(v, BRIEF_CHARS));
    case "bigint":
      return `${v}n`;
    case "number":
    case "boolean":
    case "undefined":
      return String(v);
    case "symbol":
      return String(v);
    case "function":
      return "[function]";
  }
  if (v === null) return "null";
  const obj = v as object;
  if (seen.has(obj)) return "[cycle]";
  const array = isArray(obj);
  if (depth >= BRIEF_DEPTH) return array ? "[…]" : "{…}";
  let proto: object | null;
  try {
    proto = Object.getPrototypeOf(obj);
  } catch {
    return "[unreadable]";
  }
  if (!array && proto !== Object.prototype && proto !== null) {
    // Map, Date, a typed array, a boxed string…: its kind, not its (maybe huge) contents.
    try {
      return `[${Object.prototype.toString.call(obj).slice(8, -1).slice(0, 20)}]`;
    } catch {
      return "[unreadable]";
    }
  }
  seen.add(obj);
  const parts: string[] = [];
  let more = false;
  if (array) {
    const length = ownData(obj, "length");
    const n = typeof length === "number" ? length : 0;
    for (let i = 0; i < Math.min(n, BRIEF_ITEMS); i++) {
      const item = ownData(obj, String(i));
      parts.push(item === ABSENT ? "" : picture(item, depth + 1, seen));
    }
    more = n > BRIEF_ITEMS;
  } else {
    const keys = ownKeys(obj);
    if (keys === undefined) return "[unreadable]";
    for (const key of keys.slice(0, BRIEF_ITEMS)) {
      const item = ownData(obj, key);
      if (item !== ABSENT)
        parts.push(`${JSON.stringify(cut(key, BRIEF_CHARS))}:${picture(item, depth + 1, seen)}`);
    }
    more = keys.length > BRIEF_ITEMS;
  }
  seen.delete(obj);
  const inner = more ? [...parts, "…"].join(",") : parts.join(",");
  return array ? `[${inner}]` : `{${inner}}`;
}

/**
 * Shows part of a received value in an error, briefly and as plain text. Total:
 * BigInt shows as 1n, cycles as [cycle], getters as [getter] (never called),
 * anything that throws when read as [unreadable]; depth and length are capped.
 */
export function brief(v: unknown): string {
  let text: string;
  try {
    text = typeof v === "string" ? v : picture(v, 0, new Set());
  } catch {
    text = "[unreadable]";
  }
  return cut(text, BRIEF_CHARS);
}

const unreadable = (v: Read) => v === GETTER || v === UNREADABLE;

/**
 * Checks a message. `undefined`: not meant for Hopscope (no `hopscope:` type),
 * so it is ignored silently (decks and browser extensions post their own).
 * Otherwise the command, or why it was refused; nothing runs until it is whole.
 * Never throws, whatever `data` is (a Proxy, getters, BigInt, cycles…): only
 * own enumerable data properties are read, and nothing of the sender's runs.
 */
export function parseMessage(data: unknown, componentIds: readonly string[]): Parsed | undefined {
  if (typeof data !== "object" || data === null || isArray(data)) return undefined;
  const type = ownData(data, "type");
  if (typeof type !== "string" || !type.startsWith(PREFIX)) return undefined;
  const received = brief(type);
  try {
    return check(data, type, received, componentIds);
  } catch {
    // Not expected (every read above is guarded), but a message must never break the page.
    return refused(received, message`${got(received)} could not be read.`);
  }
}

function refused(received: string, why: Message): Parsed {
  return { ok: false, received, message: why.text, parts: why.parts };
}

/** A received value in a message: briefly, as plain text, isolated when shown. */
const got = (v: unknown) => input(brief(v), { quote: false });
/** A received name in a message, quoted. */
const named = (v: unknown) => input(brief(v));

function check(
  data: object,
  type: string,
  received: string,
  componentIds: readonly string[],
): Parsed {
  const name = type.slice(PREFIX.length);
  const schemas = schemaOf(componentIds);
  if (!Object.hasOwn(schemas, name)) {
    return refused(
      received,
      message`Unknown command ${named(name)}: use one of ${COMMAND_NAMES.join(", ")}.`,
    );
  }
  // From here on `type` is one of ours: "hopscope:" and a command's name.
  const version = ownData(data, "version");
  if (version !== API_VERSION) {
    const shown = got(version === ABSENT ? undefined : version);
    return refused(received, message`${type} needs version: ${API_VERSION} (got ${shown}).`);
  }
  const { required, optional } = schemas[name as CommandName];
  // No prototype: a key from the message can never reach Object.prototype through it.
  const fields: Record<string, unknown> = Object.create(null);
  const keys = ownKeys(data);
  if (keys === undefined) return refused(received, message`${type} could not be read.`);
  for (const key of keys) {
    if (key === "type" || key === "version") continue;
    // Own properties only: "constructor" or "__proto__" must not find Object's.
    const check = Object.hasOwn(required, key)
      ? required[key]
      : Object.hasOwn(optional, key)
        ? optional[key]
        : undefined;
    if (!check) return refused(received, message`${type} has no field ${named(key)}.`);
    // From here on `key` is one of the command's own field names.
    const value = ownData(data, key);
    if (value === GETTER)
      return refused(received, message`${type}: ${key} must be plain data, not a getter.`);
    const error = unreadable(value) ? "could not be read" : check(value);
    if (error) return refused(received, message`${type}: ${key} ${error} (got ${got(value)}).`);
    fields[key] = value;
  }
  for (const key of Object.keys(required)) {
    if (!Object.hasOwn(fields, key)) return refused(received, message`${type} needs “${key}”.`);
  }
  if (name === "slow") fields.on ??= true;
  if (name === "loadScene") fields.autoplay ??= false;
  return { ok: true, command: { name, ...fields } as Command };
}
