import { CAPACITY_LIMITS, type Topology } from "../engine";
import { LESSONS, lessonById } from "../lessons";
import { architectureOf } from "../scenes/architectures";
import { DEFAULT_SCENE, SCENES, type SettingChange, sceneById } from "../scenes/catalog";
import {
  input,
  MAX_SLIDER_RPS,
  type Message,
  message,
  messageOf,
  type NoticePart,
  type SceneSetup,
  SPEEDS,
  speedById,
} from "../store";
import { parseRun, type SharedRun } from "./runLink";

/** How the page is shown, as opposed to what is simulated. */
export interface View {
  /** Canvas and a minimal control bar only, sized to the frame (for slides). */
  embed: boolean;
  /** Whether the control bar shows at all (`controls=0`: a pure picture). */
  controls: boolean;
  /** Present mode (`present=1`): the diagram, the caption and the outcome large, for a projector. */
  present?: boolean;
  /** A fixed theme; undefined follows the system. */
  theme?: "light" | "dark";
}

/** Everything a link says: where to start, whether to play, how to show it. */
export interface Link {
  setup: SceneSetup;
  autoplay: boolean;
  view: View;
  /** One message per value (or, for unknown and repeated parameters, per kind) that was ignored. */
  notices: Message[];
  /** The run's acts and the moment to open at (`run=`, `t=`), when the link has them. */
  run?: SharedRun;
  /** A lesson to open, at a step (0-based): `lesson=<id>&step=<n>`, n from 1. */
  lesson?: { id: string; step: number };
}

export const DEFAULT_SEED = 1;
export const DEFAULT_VIEW: View = { embed: false, controls: true, present: false };

/** Every parameter a link may carry. */
export const LINK_PARAMETERS = [
  "scene",
  "seed",
  "speed",
  "autoplay",
  "rps",
  "kill",
  "slow",
  "set",
  "embed",
  "controls",
  "present",
  "theme",
  // A run and a moment (runLink.ts).
  "run",
  "t",
  // Compare mode (src/compare/link.ts reads it; an invalid value falls back to this page).
  "compare",
  // A lesson, and its step (1-based): lessonLink below.
  "lesson",
  "step",
] as const;
const KNOWN = new Set<string>(LINK_PARAMETERS);

/**
 * A user-supplied value inside a message: quoted, at most 40 whole characters (an
 * emoji is never cut in half), control characters visible, and isolated when shown
 * (React renders it as text, in a <bdi>).
 */
export function quote(value: string): NoticePart {
  return input(value);
}

/** Names from the URL for a notice: the first few, quoted, then "…" if there are more. */
function listOf(names: readonly string[], shown = 3): Message {
  const parts: NoticePart[] = [];
  names.slice(0, shown).forEach((name, i) => {
    if (i > 0) parts.push(", ");
    parts.push(quote(name));
  });
  if (names.length > shown) parts.push(", …");
  return messageOf(parts);
}

/** A 0/1 switch, or undefined with a notice. */
function flag(
  params: URLSearchParams,
  key: string,
  meaning: string,
  notices: Message[],
): boolean | undefined {
  const v = params.get(key);
  if (v === null) return undefined;
  if (v === "1" || v === "0") return v === "1";
  notices.push(message`Ignored ${key}=${quote(v)}: use 1 ${meaning}, or 0.`);
  return undefined;
}

/** A comma-separated list of component ids (empty: none), or undefined with a notice. */
function idList(
  params: URLSearchParams,
  key: string,
  topology: Topology,
  notices: Message[],
): string[] | undefined {
  const v = params.get(key);
  if (v === null) return undefined;
  const ids = v === "" ? [] : v.split(",").map((s) => s.trim());
  const unknown = ids.find((id) => !topology.components.some((c) => c.id === id));
  if (unknown !== undefined) {
    const known = topology.components.map((c) => c.id).join(", ");
    notices.push(
      message`Ignored ${key}=${quote(v)}: there is no component ${quote(unknown)} (use ${known}).`,
    );
    return undefined;
  }
  return [...new Set(ids)];
}

/**
 * Settings renamed since links were first shared: Nginx reaches PHP-FPM with `fastcgi_pass`,
 * so its timeout is `fastcgi_read_timeout` (same meaning, same default), no longer `proxy_read_timeout`.
 */
const RENAMED_SETTINGS = new Map([["proxyReadTimeoutMs", "fastcgiReadTimeoutMs"]]);

/**
 * A setting's allowed range, or undefined when there is no such setting. Both
 * names come from the URL: own properties only, so "__proto__", "constructor"
 * or "toString" never find Object's.
 */
function capacityLimits(kind: string, setting: string): readonly [number, number] | undefined {
  if (!Object.hasOwn(CAPACITY_LIMITS, kind)) return undefined;
  const settings = CAPACITY_LIMITS[kind as keyof typeof CAPACITY_LIMITS];
  if (!settings || !Object.hasOwn(settings, setting)) return undefined;
  return settings[setting];
}

/** `app.workers:8,mysql.maxConnections:20`, each within its limits; or undefined with a notice. */
function settingList(
  params: URLSearchParams,
  topology: Topology,
  notices: Message[],
): SettingChange[] | undefined {
  const v = params.get("set");
  if (v === null) return undefined;
  const out: SettingChange[] = [];
  for (const item of v === "" ? [] : v.split(",")) {
    // Plain digits only (an optional fraction): Number() would also take 0x1F4, 1e3 or " 8 ".
    const m = /^([\w-]{1,40})\.(\w{1,40}):(\d+(?:\.\d+)?)$/.exec(item);
    const renamed = m ? RENAMED_SETTINGS.get(m[2] as string) : undefined;
    if (m && renamed) {
      notices.push(message`set=${quote(item)}: that setting is now called ${renamed}; using it.`);
      m[2] = renamed;
    }
    const spec = m ? topology.components.find((c) => c.id === m[1]) : undefined;
    const limits = m && spec ? capacityLimits(spec.kind, m[2] as string) : undefined;
    const value = m ? Number(m[3]) : Number.NaN;
    if (!m || !limits || !(value >= limits[0] && value <= limits[1])) {
      const why = !m
        ? "write component.setting:number, the number in plain digits (8 or 2.5)"
        : !limits
          ? "no such setting"
          : `it must be from ${limits[0]} to ${limits[1]}`;
      notices.push(message`Ignored set=${quote(v)}: ${quote(item)}: ${why}.`);
      return undefined;
    }
    out.push({ component: m[1] as string, setting: m[2] as string, value });
  }
  return out;
}

/**
 * Reads a link's query string. Anything invalid is ignored (the scene's own
 * value, or the default, is used) and explained in a notice; nothing throws,
 * and nothing from the URL is ever treated as markup.
 */
export function parseLink(search: string, oneServer?: Topology): Link {
  const params = new URLSearchParams(search);
  const notices: Message[] = [];

  const sceneId = params.get("scene");
  let scene = DEFAULT_SCENE;
  if (sceneId !== null) {
    const found = sceneById(sceneId.trim());
    if (found) scene = found;
    else
      notices.push(
        message`Ignored scene=${quote(sceneId)}: there is no such scene (use ${SCENES.map((s) => s.id).join(", ")}). Showing “${DEFAULT_SCENE.title}”.`,
      );
  }

  let seed = DEFAULT_SEED;
  const seedText = params.get("seed");
  if (seedText !== null) {
    // An optional minus and plain digits: no spaces, no 0x, no exponent.
    if (/^-?\d{1,10}$/.test(seedText) && Math.abs(Number(seedText)) <= 2 ** 32)
      seed = Number(seedText);
    else
      notices.push(
        message`Ignored seed=${quote(seedText)}: the seed must be a whole number in plain digits. Using seed ${DEFAULT_SEED}.`,
      );
  }

  let speed = scene.speed;
  const speedText = params.get("speed");
  let speedGiven = false;
  if (speedText !== null) {
    const found = speedById(speedText); // exactly an id: " 10 " is not "10"
    if (found) {
      speed = found.id;
      speedGiven = true;
    } else {
      const allowed = SPEEDS.map((s) => s.id).join(", ");
      const current = speedById(scene.speed)?.short ?? scene.speed;
      notices.push(
        message`Ignored speed=${quote(speedText)}: use one of ${allowed}. Using ${current}.`,
      );
    }
  }

  let rps = scene.rps;
  const rpsText = params.get("rps");
  if (rpsText !== null) {
    // Plain digits only: Number() would also read 0x1F4, 1e3, 0b11 or " 10 ".
    const n = /^\d+$/.test(rpsText) ? Number(rpsText) : Number.NaN;
    if (Number.isNaN(n)) {
      notices.push(
        message`Ignored rps=${quote(rpsText)}: write a whole number of visits per second in plain digits, from 0 to ${MAX_SLIDER_RPS}.`,
      );
    } else if (n > MAX_SLIDER_RPS) {
      rps = MAX_SLIDER_RPS;
      notices.push(
        message`rps=${quote(rpsText)} is more than this page offers: using ${MAX_SLIDER_RPS} visits per second.`,
      );
    } else rps = n;
  }
  if (rps > 0 && speed === "slow") {
    // Slow motion paces every hop for the eye: with traffic it would crawl.
    speed = "1";
    if (speedGiven)
      notices.push(message`Traffic plays in real time (1×): slow motion is for one visit.`);
  }

  const autoplay = flag(params, "autoplay", "to start the scene on load", notices) ?? false;
  const embed = flag(params, "embed", "for the canvas and a small control bar only", notices);
  const controls = flag(params, "controls", "to show the control bar", notices);
  const present = flag(params, "present", "for present mode", notices);
  // A slide that plays a scene by itself plays it at a pace a room can follow.
  if (embed && autoplay && !speedGiven && scene.embedSpeed && rps === 0) speed = scene.embedSpeed;
  let theme: View["theme"];
  const themeText = params.get("theme");
  if (themeText !== null) {
    if (themeText === "light" || themeText === "dark") theme = themeText;
    else
      notices.push(
        message`Ignored theme=${quote(themeText)}: use light or dark (or leave it out to follow the system).`,
      );
  }

  // Component ids are checked against the scene's own architecture (`kill=web1` is fine on the
  // load-balanced stack, `kill=nginx` is not); `oneServer` may replace the one-server stack (tests).
  const architecture = architectureOf(scene);
  const topology =
    architecture.id === "one-server" && oneServer ? oneServer : architecture.topology;
  const setup: SceneSetup = {
    scene: scene.id,
    seed,
    speed,
    rps,
    kill: idList(params, "kill", topology, notices) ?? scene.kill,
    slow: idList(params, "slow", topology, notices) ?? scene.slow,
    settings: settingList(params, topology, notices) ?? scene.settings,
  };

  // One notice per kind, however many: 2,000 unknown parameters are one notice, not 2,000.
  const unknown: string[] = [];
  const repeated: string[] = [];
  const seen = new Set<string>();
  for (const key of params.keys()) {
    if (!KNOWN.has(key)) {
      if (!seen.has(key)) unknown.push(key);
    } else if (seen.has(key) && !repeated.includes(key)) repeated.push(key);
    seen.add(key);
  }
  if (unknown.length === 1)
    notices.push(message`Ignored unknown parameter ${quote(unknown[0] ?? "")}.`);
  else if (unknown.length > 1)
    notices.push(
      // "…" ends the list when there are more names than shown: no full stop after it.
      message`Ignored ${unknown.length.toLocaleString("en-US")} unknown parameters: ${listOf(unknown)}${unknown.length > 3 ? "" : "."}`,
    );
  if (repeated.length === 1)
    notices.push(message`${repeated[0] ?? ""} was given more than once: used the first value.`);
  else if (repeated.length > 1)
    notices.push(
      message`${repeated.join(", ")} were given more than once: used the first value of each.`,
    );
  const shared = parseRun(params);
  if (shared.notice) notices.push(shared.notice);
  const lesson = lessonLink(params, notices);
  return {
    ...(shared.run ? { run: shared.run } : {}),
    ...(lesson ? { lesson } : {}),
    setup,
    autoplay,
    view: {
      embed: embed ?? false,
      controls: controls ?? true,
      ...(present ? { present: true } : {}),
      ...(theme ? { theme } : {}),
    },
    notices,
  };
}

const sameList = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && a.every((x) => b.includes(x));

const sameSettings = (a: readonly SettingChange[], b: readonly SettingChange[]) =>
  a.length === b.length &&
  a.every((x) =>
    b.some((y) => y.component === x.component && y.setting === x.setting && y.value === x.value),
  );

/**
 * The query string of a link that restores `setup` (and the view): the scene,
 * seed and speed always; the traffic, faults and capacities where they differ
 * from the scene's own.
 */
export function encodeLink(setup: SceneSetup, view: View = DEFAULT_VIEW, autoplay = false): string {
  const scene = sceneById(setup.scene) ?? DEFAULT_SCENE;
  const params = new URLSearchParams();
  params.set("scene", scene.id);
  params.set("seed", String(setup.seed));
  params.set("speed", setup.speed);
  if (setup.rps !== scene.rps) params.set("rps", String(setup.rps));
  if (!sameList(setup.kill, scene.kill)) params.set("kill", setup.kill.join(","));
  if (!sameList(setup.slow, scene.slow)) params.set("slow", setup.slow.join(","));
  if (!sameSettings(setup.settings, scene.settings))
    params.set(
      "set",
      setup.settings.map((s) => `${s.component}.${s.setting}:${s.value}`).join(","),
    );
  if (autoplay) params.set("autoplay", "1");
  if (view.embed) params.set("embed", "1");
  if (!view.controls) params.set("controls", "0");
  if (view.present && !view.embed) params.set("present", "1");
  if (view.theme) params.set("theme", view.theme);
  // Commas and colons are legal in a query and easier to read than %2C and %3A.
  return `?${params.toString().replace(/%2C/g, ",").replace(/%3A/g, ":")}`;
}

/**
 * `lesson=<id>&step=<n>`: the lesson to open and its step, counted from 1. An unknown lesson is
 * ignored with a notice; a step out of range opens the lesson at its first step, with a notice.
 * A lesson sets its own scenes: a `scene=` beside it is only where the page starts.
 */
function lessonLink(
  params: URLSearchParams,
  notices: Message[],
): { id: string; step: number } | undefined {
  const id = params.get("lesson");
  const stepText = params.get("step");
  if (id === null) {
    if (stepText !== null)
      notices.push(message`Ignored step=${quote(stepText)}: it needs a lesson=.`);
    return undefined;
  }
  const lesson = lessonById(id.trim());
  if (!lesson) {
    notices.push(
      message`Ignored lesson=${quote(id)}: there is no such lesson (use ${LESSONS.map((l) => l.id).join(", ")}).`,
    );
    return undefined;
  }
  if (stepText === null) return { id: lesson.id, step: 0 };
  const n = /^\d{1,4}$/.test(stepText) ? Number(stepText) : Number.NaN;
  if (!(n >= 1 && n <= lesson.steps.length)) {
    notices.push(
      message`Ignored step=${quote(stepText)}: “${lesson.title}” has steps 1 to ${lesson.steps.length}. Opened at step 1.`,
    );
    return { id: lesson.id, step: 0 };
  }
  return { id: lesson.id, step: n - 1 };
}
