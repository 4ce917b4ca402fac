const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/**
 * The accessible name of a component's button on the canvas: the text drawn on it, which
 * starts with the component's title, then its status line ("Down · killed"). `status`, a
 * pattern, must follow the status word. (In jsdom, without the app's stylesheet, the drawn
 * parts join without spaces: "MySQLRelational database:3306 · table posts Up · idle".)
 */
export function nodeName(label: string, status = ""): RegExp {
  return new RegExp(`^${escapeRegExp(label)}.* (?:Up|Working|Down|Restarting) · .*${status}`);
}
