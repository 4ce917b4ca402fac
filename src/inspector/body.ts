import type { AppServerSpec } from "../engine";

/** How many characters of a body the inspector shows. */
export const EXCERPT_CHARS = 200;

/** Line ends made visible, as a protocol analyser prints them: `\r\n` then a new line. */
export function visible(text: string): string {
  return text.replace(/\r/g, "\\r").replace(/\n/g, "\\n\n");
}

/** The first characters of a body, for a field: "(first 200 of 559 bytes)". */
export function excerpt(text: string, bytes: number): { name: string; value: string } {
  const shown = text.slice(0, EXCERPT_CHARS);
  return {
    name:
      shown.length < bytes
        ? `Body (first ${shown.length} of ${bytes} bytes)`
        : `Body (${bytes} bytes)`,
    value: visible(shown),
  };
}

/**
 * The start of a page the application renders. The engine models a page's size and the files
 * it links, not its text: this is a plausible page that links those files.
 */
export function appPage(spec: AppServerSpec | undefined, host: string, status: number): string {
  const links = spec?.pageLinks ?? [];
  const css = links.filter((l) => l.endsWith(".css"));
  const head = [
    "<!DOCTYPE html>",
    '<html lang="en">',
    "<head>",
    '<meta charset="utf-8">',
    `<title>${status === 200 ? host : status === 404 ? "Page not found" : "Error"}</title>`,
    ...css.map((l) => `<link rel="stylesheet" href="${l}">`),
    "</head>",
    "<body>",
  ];
  if (status === 404) return [...head, "<h1>Page not found</h1>", ""].join("\n");
  if (status !== 200)
    return [
      ...head,
      "<h1>Internal Server Error</h1>",
      "<p>The page could not be built.</p>",
      "",
    ].join("\n");
  const images = links.filter((l) => !l.endsWith(".css") && !l.endsWith(".js"));
  return [
    ...head,
    `<header>${images.map((l) => `<img src="${l}" alt="${host}">`).join("")}</header>`,
    "<main>",
    "<article>",
    "",
  ].join("\n");
}

/** What the inspector can say of a static file's body: a PNG's signature is real; the rest is not modelled. */
export function fileBody(contentType: string): string {
  if (contentType === "image/png") return "\x89PNG\r\n\x1a\n (binary image data)";
  return "";
}
