/**
 * A piece of a notice: our own words (a string), or a value that came from
 * outside (a URL parameter, a message from the page around Hopscope, what was
 * typed in the address bar). Input is shown isolated (`<bdi>`), so a
 * right-to-left override in it cannot reorder the words around it, and with its
 * control characters made visible; `quote` puts it between “ and ”.
 */
export type NoticePart = string | { readonly input: string; readonly quote: boolean };

/** What a notice says: its parts, and the same as plain text (for replies, tests, comparisons). */
export interface Message {
  readonly parts: readonly NoticePart[];
  readonly text: string;
}

/** A visible, non-blocking message for the user: bad input, a refused action. */
export interface Notice {
  id: number;
  tone: "info" | "warning";
  /** The message as plain text: quoted input in “ ”, control characters as ⟨U+202E⟩. */
  text: string;
  /** The same message in parts: input is rendered isolated. */
  parts: readonly NoticePart[];
  /** How many times the same message (same tone, same text) came while this notice showed. */
  count: number;
  /** When it last came (the latest notify's number): the one seen longest ago goes first. */
  seen: number;
  /**
   * Notice time (ms of real time, which stands still while the pointer is over the
   * notices or focus is inside them) after which the notice goes away by itself.
   */
  expiresAt: number;
  /**
   * What the notice is about, when that can end before the notice expires: "opening" (the
   * scene waits for Play) goes as soon as the scene starts; a refused action's notice goes
   * as soon as the action would work (see NoticeCause).
   */
  cause?: NoticeCause;
}

/** What can make a notice stale before it expires. */
export type NoticeCause =
  | "opening"
  | { readonly refused: "kill" | "revive" | "deploy" | "surge"; readonly id?: string };

/** How long an info notice stays (ms of real time, not counting while it is hovered or focused). */
export const INFO_NOTICE_MS = 8_000;
/** How long a warning stays, likewise. */
export const WARNING_NOTICE_MS = 8_000;
/** Notices kept at most; past that the oldest go (a burst of refusals must not grow without end). */
export const MAX_NOTICES = 50;
/** Notices shown at once; the others are summed up as "+N more". */
export const VISIBLE_NOTICES = 3;
/** Characters of a value from outside shown in a notice (whole code points). */
export const INPUT_CHARS = 40;

/**
 * Characters that would act instead of being seen: C0 and C1 controls, DEL,
 * bidirectional formatting (U+202E reverses what follows), invisible spaces
 * and separators, and lone surrogates.
 */
const INVISIBLE =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
  /[\u0000-\u001F\u007F-\u009F\u00AD\u061C\u180E\u200B\u200E\u200F\u2028-\u202E\u2060-\u206F\uFEFF\uFFF9-\uFFFB]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** `text` with every control or invisible formatting character shown as ⟨U+XXXX⟩. */
export function visibleControls(text: string): string {
  return text.replace(
    INVISIBLE,
    (c) => `⟨U+${(c.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, "0")}⟩`,
  );
}

/** The first `max` whole characters of `text`, with "…" when there was more. */
export function shorten(text: string, max: number = INPUT_CHARS): string {
  // Sliced first: Array.from of a 5 MB string would be slow.
  const head = text.length > max * 2 + 2 ? text.slice(0, max * 2 + 2) : text;
  const chars = Array.from(head);
  return chars.length > max || head.length < text.length
    ? `${chars.slice(0, max).join("")}…`
    : text;
}

/** A value from outside, for a notice: shortened, control characters visible, quoted by default. */
export function input(value: string, options: { quote?: boolean; max?: number } = {}): NoticePart {
  return {
    input: visibleControls(shorten(String(value), options.max ?? INPUT_CHARS)),
    quote: options.quote ?? true,
  };
}

const isInput = (v: unknown): v is Exclude<NoticePart, string> =>
  typeof v === "object" && v !== null && "input" in v;

/** The plain text of some parts. */
export function textOf(parts: readonly NoticePart[]): string {
  return parts
    .map((p) => (typeof p === "string" ? p : p.quote ? `“${p.input}”` : p.input))
    .join("");
}

/** A message from parts (adjacent strings joined; our own words get visible controls too). */
export function messageOf(parts: readonly NoticePart[]): Message {
  const joined: NoticePart[] = [];
  for (const p of parts) {
    const last = joined[joined.length - 1];
    if (typeof p === "string") {
      if (p === "") continue;
      const own = visibleControls(p);
      if (typeof last === "string") joined[joined.length - 1] = last + own;
      else joined.push(own);
    } else joined.push(p);
  }
  return { parts: joined, text: textOf(joined) };
}

/**
 * Writes a message: `` message`Ignored seed=${input(value)}: …` ``. Interpolated
 * parts made with `input()` stay apart (isolated when rendered); anything else
 * interpolated is our own text.
 */
export function message(
  strings: TemplateStringsArray,
  ...values: readonly (NoticePart | Message | number)[]
): Message {
  const parts: NoticePart[] = [];
  strings.forEach((s, i) => {
    parts.push(s);
    if (i < values.length) {
      const v = values[i];
      if (typeof v === "number") parts.push(String(v));
      else if (typeof v === "string" || isInput(v)) parts.push(v);
      else if (v !== undefined) parts.push(...v.parts);
    }
  });
  return messageOf(parts);
}

/** A message from plain text of ours, or a message as it is. */
export function toMessage(m: string | Message): Message {
  return typeof m === "string" ? messageOf([m]) : m;
}

/**
 * `notices` with `next` added: the same message again (same tone and text)
 * counts as a repeat of the notice already there (kept in its place, so it is
 * announced once, and given a fresh lifetime) instead of a new notice. At most
 * MAX_NOTICES are kept: the one that came longest ago goes first, so a refusal
 * repeated all through a burst keeps its count.
 */
export function withNotice(notices: readonly Notice[], next: Notice): Notice[] {
  const i = notices.findIndex((n) => n.tone === next.tone && n.text === next.text);
  if (i >= 0) {
    const out = notices.slice();
    const same = notices[i] as Notice;
    out[i] = {
      ...same,
      count: same.count + next.count,
      seen: next.seen,
      expiresAt: next.expiresAt,
    };
    return out;
  }
  const out = [...notices, next];
  if (out.length > MAX_NOTICES) {
    let stalest = 0;
    out.forEach((n, j) => {
      if (n.seen < (out[stalest] as Notice).seen) stalest = j;
    });
    out.splice(stalest, 1);
  }
  return out;
}
