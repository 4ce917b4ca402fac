import { createHash } from "node:crypto";
import type { Plugin } from "vite";

/**
 * A strict Content-Security-Policy for the single-file build, as a `<meta>` in
 * dist/index.html. The file's only code is its inline `<script>` and `<style>`,
 * so each is allowed by its sha256 hash and nothing else is allowed at all: no
 * other script or style, no request (`connect-src 'none'`), no plugin, no form
 * submission, no `<base>`. Images only from data: and blob: URLs (the favicon is
 * a data: URL). Fonts are the system's, so `font-src` stays at `'none'`.
 *
 * Style attributes: none is in the markup, and React (and React Flow) set
 * styles through the CSSOM (`element.style`), which CSP does not govern; so
 * `style-src` needs no `'unsafe-inline'`.
 *
 * Trusted Types (`require-trusted-types-for 'script'`, `trusted-types 'none'`):
 * neither React 19 nor React Flow writes to an HTML or script sink here (no
 * `dangerouslySetInnerHTML`, no `<script>` rendered by React), so the page
 * needs no policy and any such write is refused. tests/e2e/csp.e2e.ts checks
 * that the app runs with no violation.
 *
 * `frame-ancestors` is ignored in a `<meta>` policy: a host that wants to limit
 * who may frame the file must send it as an HTTP header.
 */
export function cspDirectives(hashes: { scripts: string[]; styles: string[] }): string[] {
  return [
    "default-src 'none'",
    `script-src ${sources(hashes.scripts)}`,
    `style-src ${sources(hashes.styles)}`,
    "img-src data: blob:",
    "connect-src 'none'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "require-trusted-types-for 'script'",
    "trusted-types 'none'",
  ];
}

function sources(hashes: string[]): string {
  return hashes.length === 0 ? "'none'" : [...new Set(hashes)].map((h) => `'${h}'`).join(" ");
}

/**
 * The CSP source expression for an inline element's text, `sha256-<base64>`.
 * The text is taken as the HTML parser will give it to the browser: the parser
 * turns CR LF and lone CR into LF before anything else, and the browser hashes
 * the UTF-8 bytes of the element's text.
 */
export function cspHash(text: string): string {
  const normalized = text.replace(/\r\n?/g, "\n");
  return `sha256-${createHash("sha256").update(normalized, "utf8").digest("base64")}`;
}

/**
 * The text of every `<script>` and `<style>` element in the file, in order, as
 * the parser ends it: at the first `</script` or `</style` (vite-plugin-singlefile
 * escapes `</script>` inside code as `\x3C/script>`). Also every script that
 * still has a `src` and every stylesheet `<link>`: a hash cannot allow those.
 */
export function inlineCode(html: string): {
  scripts: string[];
  styles: string[];
  external: string[];
} {
  const scripts: string[] = [];
  const styles: string[] = [];
  const external: string[] = [];
  for (const m of html.matchAll(/<(script|style)\b([^>]*)>([\s\S]*?)<\/\1[\s/>]/gi)) {
    const [, tag = "", attributes = "", text = ""] = m;
    if (tag.toLowerCase() === "script") {
      if (/\ssrc\s*=/i.test(attributes)) external.push(m[0].slice(0, 120));
      else scripts.push(text);
    } else {
      styles.push(text);
    }
  }
  // Only the document's own <link> elements: a string in a script that spells one (the packet
  // inspector's sample page) is text, not markup.
  const markup = html.replace(/<(script|style)\b[^>]*>[\s\S]*?<\/\1[\s/>]/gi, "");
  for (const m of markup.matchAll(/<link\b[^>]*>/gi)) {
    if (/\srel\s*=\s*["']?[^"'>]*\b(stylesheet|modulepreload|preload)\b/i.test(m[0]))
      external.push(m[0].slice(0, 120));
  }
  return { scripts, styles, external };
}

/** The `content` of the policy for `html`: every inline script and style by hash. */
export function cspFor(html: string): string {
  const { scripts, styles, external } = inlineCode(html);
  if (external.length > 0) {
    throw new Error(
      `CSP: the build still loads code from other files, which the policy would block: ${external.join(", ")}`,
    );
  }
  return cspDirectives({ scripts: scripts.map(cspHash), styles: styles.map(cspHash) }).join("; ");
}

/**
 * `html` with the policy as the first element after `<meta charset>`: a meta
 * policy applies only to what comes after it, so it must precede every script
 * and style.
 */
export function addCsp(html: string): string {
  if (/http-equiv\s*=\s*["']?content-security-policy/i.test(html)) {
    throw new Error("CSP: the page already has a Content-Security-Policy meta tag.");
  }
  const meta = `<meta http-equiv="Content-Security-Policy" content="${cspFor(html)}" />`;
  const anchor = /<meta\s+charset\s*=[^>]*>/i.exec(html) ?? /<head\b[^>]*>/i.exec(html);
  if (!anchor) throw new Error("CSP: no <meta charset> or <head> to put the policy after.");
  const at = anchor.index + anchor[0].length;
  const first = html.search(/<(script|style|link)\b/i);
  if (first !== -1 && first < at) {
    throw new Error("CSP: a script, style or link comes before <meta charset>.");
  }
  const indent = /\n([ \t]*)$/.exec(html.slice(0, anchor.index))?.[1] ?? "";
  return `${html.slice(0, at)}\n${indent}${meta}${html.slice(at)}`;
}

/**
 * Adds the policy to every HTML file of the production build, after
 * vite-plugin-singlefile has inlined the scripts and styles: list this plugin
 * after `viteSingleFile()`. Both rewrite the HTML in a `generateBundle` hook
 * with `order: "post"` and `enforce: "post"`, so they run in the order listed.
 * The dev server is left alone (`apply: "build"`): its HMR client and
 * transformed modules are scripts the policy would block.
 */
export function strictCsp(): Plugin {
  return {
    name: "hopscope:strict-csp",
    apply: "build",
    enforce: "post",
    generateBundle: {
      order: "post",
      handler(_options, bundle) {
        for (const file of Object.values(bundle)) {
          if (file.type !== "asset" || !/\.html?$/.test(file.fileName)) continue;
          const html =
            typeof file.source === "string" ? file.source : new TextDecoder().decode(file.source);
          file.source = addCsp(html);
          this.info(`Content-Security-Policy added to ${file.fileName}`);
        }
      },
    },
  };
}
