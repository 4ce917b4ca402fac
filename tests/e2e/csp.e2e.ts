import { createHash } from "node:crypto";
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { Frame, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DIST_INDEX, distFileUrl, openPanels, startApp, watchPage } from "./fixture";
import { serveStatic } from "./server";

/**
 * The Content-Security-Policy of the single-file build (build/csp.ts): the
 * meta tag is there, its hashes are those of the file's inline script and
 * style, and the app runs under it with no violation, from disk, framed by a
 * page from disk, and over http under a sub-path.
 */
const app = startApp();

/** Every directive the policy must have, the hashes aside. */
const FIXED = [
  "default-src 'none'",
  "img-src data: blob:",
  "connect-src 'none'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "require-trusted-types-for 'script'",
  "trusted-types 'none'",
];

const sha256 = (text: string) =>
  `'sha256-${createHash("sha256").update(text, "utf8").digest("base64")}'`;

/** The policy in dist/index.html, directive name → its sources. */
function policyOf(html: string): Map<string, string[]> {
  const metas = [...html.matchAll(/<meta http-equiv="Content-Security-Policy" content="([^"]*)"/g)];
  expect(metas).toHaveLength(1);
  const directives = new Map<string, string[]>();
  for (const part of (metas[0]?.[1] ?? "").split(";")) {
    const [name = "", ...sources] = part.trim().split(/\s+/);
    expect(directives.has(name), `directive ${name} twice`).toBe(false);
    directives.set(name, sources);
  }
  return directives;
}

/** The text of each element `<tag …>text</tag>` in `html`, read by hand. */
function elementTexts(html: string, tag: string): string[] {
  const texts: string[] = [];
  let at = html.indexOf(`<${tag}`);
  while (at !== -1) {
    const open = html.indexOf(">", at) + 1;
    const close = html.indexOf(`</${tag}>`, open);
    expect(html.slice(at, open)).not.toMatch(/\ssrc=/);
    texts.push(html.slice(open, close));
    at = html.indexOf(`<${tag}`, close);
  }
  return texts;
}

/**
 * Records, in every frame of every page of the context, each CSP violation
 * (`securitypolicyviolation`) in `window.__csp`, before any of the page's own
 * code runs.
 */
async function recordViolations(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const w = window as unknown as { __csp: string[] };
    w.__csp = [];
    window.addEventListener(
      "securitypolicyviolation",
      (e) => w.__csp.push(`${e.effectiveDirective} blocked ${e.blockedURI} ${e.sample}`.trim()),
      true,
    );
  });
}

function violations(frame: Frame | Page): Promise<string[]> {
  return frame.evaluate(() => (window as unknown as { __csp: string[] }).__csp.slice());
}

/**
 * Proves the listener hears violations in `frame` and that it heard no other:
 * adds an inline `<style>` the policy has no hash for and writes HTML through
 * `innerHTML` (a Trusted Types sink), then waits until both violations are
 * recorded. Events are queued in order, so any violation of the app's would
 * have been recorded before them: the list must hold these two and nothing else.
 */
async function expectOnlyCanaryViolations(frame: Frame | Page): Promise<void> {
  const thrown = await frame.evaluate(() => {
    const style = document.createElement("style");
    style.textContent = ".csp-canary { color: red }";
    document.head.append(style);
    try {
      document.createElement("div").innerHTML = "<i>canary</i>";
      return "nothing";
    } catch (e) {
      return (e as Error).name;
    }
  });
  expect(thrown).toBe("TypeError");
  await frame.waitForFunction(
    () => (window as unknown as { __csp: string[] }).__csp.length >= 2,
    undefined,
    { timeout: 5_000 },
  );
  expect(await violations(frame)).toEqual([
    // No sample: the policy has no 'report-sample' for styles.
    "style-src-elem blocked inline",
    "require-trusted-types-for blocked trusted-types-sink Element innerHTML|<i>canary</i>",
  ]);
}

/** Clicks Visit and waits for the event log to say the page loaded. */
async function visitToCompletion(scope: Page | ReturnType<Page["frameLocator"]>): Promise<void> {
  await scope.getByRole("button", { name: "Visit www.foobar.com" }).click();
  await openPanels(scope);
  await scope
    .getByRole("log", { name: "Event log" })
    .getByText(/page loaded in/)
    .waitFor({ timeout: 15_000 });
}

/**
 * A page from disk around Hopscope: it frames the full app (no embed=1, so the
 * event log shows) and keeps the `hopscope:` messages it posts in `window.events`.
 */
const PARENT_HTML = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><link rel="icon" href="data:,"><title>A page around Hopscope</title></head>
<body>
<script>
  window.events = [];
  window.addEventListener("message", (e) => {
    if (e.source === document.getElementById("hopscope").contentWindow) window.events.push(e.data);
  });
</script>
<iframe id="hopscope" title="Hopscope" width="1280" height="800"
  src="hopscope/index.html?speed=100"></iframe>
</body>
</html>
`;

/** The build at /deck/hopscope/index.html, with the parent page at /deck/parent.html. */
let site = { dir: "", url: "", close: async () => {} };
beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), "hopscope-csp-"));
  mkdirSync(join(dir, "deck", "hopscope"), { recursive: true });
  copyFileSync(DIST_INDEX, join(dir, "deck", "hopscope", "index.html"));
  writeFileSync(join(dir, "deck", "parent.html"), PARENT_HTML);
  writeFileSync(join(dir, "index.html"), "<!doctype html><title>Course site</title>");
  const server = await serveStatic(dir);
  site = { dir, url: server.url, close: server.close };
});
afterAll(async () => {
  await site.close();
  if (site.dir) rmSync(site.dir, { recursive: true, force: true });
});

describe("the Content-Security-Policy of dist/index.html", () => {
  it("is a meta tag before any code, and hashes exactly the file's inline script and style", () => {
    const html = readFileSync(DIST_INDEX, "utf8");
    const policy = policyOf(html);
    for (const directive of FIXED) {
      const [name = "", ...sources] = directive.split(" ");
      expect(policy.get(name), name).toEqual(sources);
    }
    expect([...policy.keys()].sort()).toEqual(
      [...FIXED.map((d) => d.split(" ")[0]), "script-src", "style-src"].sort(),
    );
    // Ignored in a meta tag (and Chromium says so in the console).
    expect(policy.has("frame-ancestors")).toBe(false);

    const scripts = elementTexts(html, "script");
    const styles = elementTexts(html, "style");
    expect(scripts).toHaveLength(1);
    expect(styles).toHaveLength(1);
    expect(html).not.toContain("\r");
    expect(policy.get("script-src")).toEqual(scripts.map(sha256));
    expect(policy.get("style-src")).toEqual(styles.map(sha256));
    // A meta policy governs only what comes after it.
    const meta = html.indexOf('<meta http-equiv="Content-Security-Policy"');
    expect(meta).toBeLessThan(html.indexOf("<script"));
    expect(meta).toBeLessThan(html.indexOf("<style"));
    expect(meta).toBeLessThan(html.indexOf("<link"));
  });

  it("from disk (file://): the browser's hashes match, and a visit runs with no violation", async () => {
    const page = await app.browser().newPage({ viewport: { width: 1440, height: 900 } });
    await recordViolations(page);
    const seen = watchPage(page);
    await page.goto(distFileUrl("?speed=100"));
    // The browser's own view: what it parsed as each script and style hashes to the policy's sources.
    const parsed = await page.evaluate(async () => {
      const hash = async (text: string) => {
        const bytes = new TextEncoder().encode(text);
        const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
        return `'sha256-${btoa(String.fromCharCode(...digest))}'`;
      };
      const meta = document.querySelector('meta[http-equiv="Content-Security-Policy"]');
      return {
        policy: meta?.getAttribute("content") ?? "",
        scripts: await Promise.all([...document.scripts].map((s) => hash(s.text))),
        styles: await Promise.all(
          [...document.querySelectorAll("style")].map((s) => hash(s.textContent ?? "")),
        ),
      };
    });
    expect(parsed.scripts).toHaveLength(1);
    expect(parsed.policy).toContain(`script-src ${parsed.scripts.join(" ")};`);
    expect(parsed.policy).toContain(`style-src ${parsed.styles.join(" ")};`);

    await visitToCompletion(page);
    // The address bar is a form: submitting it is handled by the app, not sent anywhere.
    await page.getByRole("textbox", { name: "Address" }).fill("www.foobar.com/about");
    await page.getByRole("textbox", { name: "Address" }).press("Enter");
    await page
      .getByRole("log", { name: "Event log" })
      .getByText("GET /about HTTP/1.1")
      .first()
      .waitFor({ timeout: 15_000 });
    expect(seen.errors).toEqual([]);
    expect(seen.dialogs).toEqual([]);
    await expectOnlyCanaryViolations(page);
    await page.close();
  });

  it("framed by a page from disk (origin “null”): a visit runs, postMessage works both ways, no violation", async () => {
    const page = await app.browser().newPage({ viewport: { width: 1300, height: 850 } });
    await recordViolations(page);
    const seen = watchPage(page);
    await page.goto(pathToFileURL(join(site.dir, "deck", "parent.html")).href);
    const frameLocator = page.frameLocator("#hopscope");
    await visitToCompletion(frameLocator);
    // The frame posted its events to the parent, and takes a command from it.
    const posted = await page.waitForFunction(() => {
      const events = (window as unknown as { events: Record<string, unknown>[] }).events;
      const done = events.find(
        (e) => e.type === "hopscope:requestFinished" && e.role === "document",
      );
      return done && events.map((e) => e.type).includes("hopscope:ready") ? done : false;
    });
    expect(await posted.jsonValue()).toMatchObject({ visitId: 1, outcome: "ok", status: 200 });
    await page.evaluate(() =>
      (document.getElementById("hopscope") as HTMLIFrameElement).contentWindow?.postMessage(
        { type: "hopscope:visit", version: 1 },
        "*",
      ),
    );
    await frameLocator.getByText(/^visit #2 · /).waitFor({ timeout: 15_000 });
    expect(seen.errors).toEqual([]);
    const frame = page.frames().find((f) => f.url().includes("hopscope/index.html"));
    if (!frame) throw new Error("no Hopscope frame");
    expect(frame.url()).toMatch(/^file:\/\//);
    await expectOnlyCanaryViolations(frame);
    await page.close();
  });

  it("over http under a sub-path, framed and on its own: no violation", async () => {
    const page = await app.browser().newPage({ viewport: { width: 1440, height: 900 } });
    await recordViolations(page);
    const seen = watchPage(page);
    await page.goto(`${site.url}deck/hopscope/index.html?speed=100`);
    await visitToCompletion(page);
    expect(seen.errors).toEqual([]);
    await expectOnlyCanaryViolations(page);

    seen.errors.length = 0; // the canaries' own console errors
    await page.goto(`${site.url}deck/parent.html`);
    await visitToCompletion(page.frameLocator("#hopscope"));
    expect(seen.errors).toEqual([]);
    const frame = page.frames().find((f) => f.url().includes("hopscope/index.html"));
    if (!frame) throw new Error("no Hopscope frame");
    await expectOnlyCanaryViolations(frame);
    expect(seen.requests.filter((r) => !r.startsWith(`${site.url}deck/`))).toEqual([]);
    await page.close();
  });
});
