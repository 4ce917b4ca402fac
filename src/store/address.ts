import { input, type Message, message } from "./notices";

/** What the address bar accepts: an HTTP URL or a bare host, with an optional path. */
export type ParsedAddress =
  | { ok: true; host: string; path: string }
  | { ok: false; message: Message };

const HOST = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}\.?$/i;
const PATH = /^\/[A-Za-z0-9._~\-/]*$/;

/**
 * Reads what a student typed: `www.foobar.com`, `foobar.com/style.css`,
 * `http://www.foobar.com/logo.png`. Anything else is refused with a reason,
 * which quotes what was typed as input (isolated, control characters visible).
 */
export function parseAddress(typed: string): ParsedAddress {
  const text = typed.trim();
  if (text === "")
    return { ok: false, message: message`Type an address first, such as www.foobar.com.` };
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(text)?.[1]?.toLowerCase();
  if (scheme !== undefined && scheme !== "http") {
    return {
      ok: false,
      message: message`Only plain http:// is simulated here (no ${input(scheme, { quote: false })}://): try http://www.foobar.com/.`,
    };
  }
  const rest = scheme === undefined ? text : text.slice(text.indexOf("://") + 3);
  const slash = rest.indexOf("/");
  const typedHost = slash < 0 ? rest : rest.slice(0, slash);
  const path = slash < 0 ? "/" : rest.slice(slash);
  // Checked as typed, then lowercased: toLowerCase() turns some non-ASCII letters into ASCII
  // ("K", the Kelvin sign, becomes "k"), so checking after it would accept them.
  const host = HOST.test(typedHost) ? typedHost.toLowerCase() : undefined;
  if (host === undefined) {
    return {
      ok: false,
      message: message`${input(typedHost)} is not a host name: try www.foobar.com.`,
    };
  }
  if (!PATH.test(path)) {
    return {
      ok: false,
      message: message`${input(path)} is not a path Hopscope can request: try / or /style.css.`,
    };
  }
  return { ok: true, host, path };
}
