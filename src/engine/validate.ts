/**
 * Checks for arguments that come from outside (a link, a message, a fuzzer): every public
 * command checks each of its arguments with these before it changes anything.
 */

/**
 * A value as an error message shows it: numbers as themselves (`NaN`, `Infinity`, `-1`),
 * strings quoted and cut, anything else by its type. Never throws (BigInt, symbols, proxies).
 */
export function shown(value: unknown): string {
  switch (typeof value) {
    case "number":
      return Object.is(value, -0) ? "-0" : String(value);
    case "string":
      return `“${value.length > 40 ? `${value.slice(0, 40)}…` : value}”`;
    case "bigint":
      return `${value}n`;
    case "boolean":
    case "undefined":
      return String(value);
    default:
      return value === null ? "null" : `a ${typeof value}`;
  }
}

/** A finite number from `min` to `max`. */
export function inRange(value: unknown, min: number, max: number): value is number {
  return typeof value === "number" && Number.isFinite(value) && value >= min && value <= max;
}

/** A host name as DNS allows it (letters, digits and hyphens between dots), 253 characters at most. */
export function isHostName(value: unknown): value is string {
  return (
    typeof value === "string" &&
    value.length > 0 &&
    value.length <= 253 &&
    /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*\.?$/i.test(
      value,
    )
  );
}

/**
 * A URL's host and port as a visit takes them: a host name (or an IPv4 address, which is
 * one by this rule too), then `:port` from 1 to 65535 when it is not 80. Returns the
 * authority with `:80` dropped (as a browser writes the URL), or undefined when it is not one.
 */
export function authorityOf(value: unknown): string | undefined {
  if (typeof value !== "string") return undefined;
  const colon = value.lastIndexOf(":");
  if (colon < 0) return isHostName(value) ? value : undefined;
  const host = value.slice(0, colon);
  const portText = value.slice(colon + 1);
  if (!isHostName(host) || !/^[0-9]{1,5}$/.test(portText)) return undefined;
  const port = Number(portText);
  if (port < 1 || port > 65_535) return undefined;
  return port === 80 ? host : `${host}:${port}`;
}

/** A URL path: starts with `/`, no spaces or control characters, 2,048 characters at most. */
export function isUrlPath(value: unknown): value is string {
  return (
    typeof value === "string" &&
    value.length <= 2_048 &&
    value.startsWith("/") &&
    // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it refuses
    !/[\s\u0000-\u001f\u007f]/.test(value)
  );
}

/** A plain object (or undefined) whose own property `key` is read safely. */
export function own(options: unknown, key: string): unknown {
  return typeof options === "object" && options !== null && Object.hasOwn(options, key)
    ? (options as Record<string, unknown>)[key]
    : undefined;
}
