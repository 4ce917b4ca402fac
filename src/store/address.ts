import { input, type Message, message } from "./notices";

/**
 * What the address bar accepts: an HTTP URL or a bare host, with an optional port and path.
 * `host` is the URL's host as a browser writes it: the name or IPv4 address, then `:port`
 * unless it is 80; `path` is the normalised path with its query, as the request line sends it.
 */
export type ParsedAddress =
  | { ok: true; host: string; path: string }
  | { ok: false; message: Message };

const HOST = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}\.?$/i;
const IPV4 =
  /^(?:(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])\.){3}(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])$/;
/** What may be typed as a host before the URL parser reads it: ASCII only (see below). */
const TYPED_HOST = /^[A-Za-z0-9.-]+$/;

/**
 * Ports a browser never connects to for HTTP (the Fetch standard's "bad ports", which
 * Chromium blocks with ERR_UNSAFE_PORT): services that a crafted request could confuse.
 */
const BAD_PORTS = new Set([
  1, 7, 9, 11, 13, 15, 17, 19, 20, 21, 22, 23, 25, 37, 42, 43, 53, 69, 77, 79, 87, 95, 101, 102,
  103, 104, 109, 110, 111, 113, 115, 117, 119, 123, 135, 137, 139, 143, 161, 179, 389, 427, 465,
  512, 513, 514, 515, 526, 530, 531, 532, 540, 548, 554, 556, 563, 587, 601, 636, 989, 990, 993,
  995, 1719, 1720, 1723, 2049, 3659, 4045, 4190, 5060, 5061, 6000, 6566, 6665, 6666, 6667, 6668,
  6669, 6679, 6697, 10080,
]);

/**
 * Reads what a student typed, as a browser's address bar does: `www.foobar.com`,
 * `foobar.com/style.css`, `http://www.foobar.com:8080/`, `8.8.8.8`. The URL parser (WHATWG
 * URL) normalises it: `:80` is dropped, `/a/./b/../c` becomes `/a/c`, `/../../etc/passwd`
 * becomes `/etc/passwd` (also when the dots are written `%2e`), other characters are
 * percent-encoded, and the `#fragment` stays in the browser. Anything else is refused with a
 * reason, which quotes what was typed as input (isolated, control characters visible).
 */
export function parseAddress(typed: string): ParsedAddress {
  const text = typed.trim();
  if (text === "")
    return { ok: false, message: message`Type an address first, such as www.foobar.com.` };
  // `ftp://…`, or `javascript:…`, `data:…` (a scheme without slashes: letters before a colon
  // that no port number follows; a name with dots before the colon is a host, as in `a.com:80`).
  const scheme = (/^([a-z][a-z0-9+.-]*):\/\//i.exec(text) ??
    /^([a-z][a-z0-9+-]*):(?![0-9]*(?:[/?#\\]|$))/i.exec(text))?.[1]?.toLowerCase();
  if (scheme !== undefined && scheme !== "http") {
    return {
      ok: false,
      message: message`Only plain http:// is simulated here (no ${input(scheme, { quote: false })}: addresses): try http://www.foobar.com/.`,
    };
  }
  const rest = scheme === undefined ? text : text.slice(text.indexOf("://") + 3);
  if (scheme !== undefined && !text.toLowerCase().startsWith("http://")) {
    return { ok: false, message: message`${input(text)} is not an address: try www.foobar.com.` };
  }
  // The authority ends where the path, query or fragment starts ("\" counts as "/" in http URLs).
  const end = rest.search(/[/\\?#]/);
  const authority = end < 0 ? rest : rest.slice(0, end);
  const colon = authority.lastIndexOf(":");
  const typedHost = colon < 0 ? authority : authority.slice(0, colon);
  // Checked as typed, before the URL parser maps it: IDNA mapping would turn "K" (the Kelvin
  // sign) into "k" and accept look-alikes; only ASCII names are simulated.
  if (!TYPED_HOST.test(typedHost)) {
    return {
      ok: false,
      message: message`${input(typedHost)} is not a host name: try www.foobar.com.`,
    };
  }
  if (colon >= 0) {
    const portText = authority.slice(colon + 1);
    const port = /^[0-9]{1,5}$/.test(portText) ? Number(portText) : Number.NaN;
    if (!(port >= 1 && port <= 65_535)) {
      return {
        ok: false,
        message: message`${input(portText)} is not a port: a port is a number from 1 to 65535, as in www.foobar.com:80.`,
      };
    }
    if (BAD_PORTS.has(port)) {
      return {
        ok: false,
        message: message`Chromium refuses to send HTTP to port ${input(portText, { quote: false })} (ERR_UNSAFE_PORT): it belongs to another service.`,
      };
    }
  }
  let url: URL;
  try {
    url = new URL(`http://${rest}`);
  } catch {
    return { ok: false, message: message`${input(text)} is not an address: try www.foobar.com.` };
  }
  const hostname = url.hostname;
  if (!HOST.test(hostname) && !IPV4.test(hostname)) {
    return {
      ok: false,
      message: message`${input(typedHost)} is not a host name: try www.foobar.com.`,
    };
  }
  return { ok: true, host: url.host, path: url.pathname + url.search };
}
