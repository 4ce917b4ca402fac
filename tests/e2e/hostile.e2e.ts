import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Frame, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ARTIFACTS, DIST_INDEX, openPanels, startApp, watchPage } from "./fixture";
import { serveStatic } from "./server";

/**
 * Issue 11, "Unbreakable": hostile links, hostile postMessage payloads, a burst
 * of 10,000 refused commands and a string of refused addresses. Each time: no
 * uncaught error, a clear notice or hopscope:error, nothing else changed, no
 * prototype pollution, the diagram keeps its room, at most three notices show,
 * and a visit still completes afterwards.
 */
const app = startApp();

const PROJECTOR = { width: 1280, height: 720 };

/**
 * A slide deck's page around the full app (not embed=1: it has the event log),
 * framed at 1280×720. The frame gets the page's own query. `window.events` keeps
 * what the frame posts, `window.send(m)` posts `m` to it.
 */
const PARENT_HTML = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><link rel="icon" href="data:,"><title>A page around Hopscope</title></head>
<body style="margin:0">
<script>
  window.events = [];
  window.addEventListener("message", (e) => {
    const frame = document.getElementById("hopscope");
    if (frame && e.source === frame.contentWindow) window.events.push(e.data);
  });
  window.send = (message) =>
    document.getElementById("hopscope").contentWindow.postMessage(message, "*");
</script>
<iframe id="hopscope" name="hopscope" title="Hopscope" width="1280" height="720" style="border:0;display:block"></iframe>
<script>
  document.getElementById("hopscope").src = "hopscope/index.html" + location.search;
</script>
</body>
</html>
`;

let site = { dir: "", url: "", close: async () => {} };
beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), "hopscope-hostile-"));
  mkdirSync(join(dir, "hopscope"), { recursive: true });
  copyFileSync(DIST_INDEX, join(dir, "hopscope", "index.html"));
  writeFileSync(join(dir, "parent.html"), PARENT_HTML);
  writeFileSync(join(dir, "index.html"), "<!doctype html><title>Course site</title>");
  const server = await serveStatic(dir);
  site = { dir, url: server.url, close: server.close };
});
afterAll(async () => {
  await site.close();
  if (site.dir) rmSync(site.dir, { recursive: true, force: true });
});

type Scope = Page | Frame;
type ApiEvent = Record<string, unknown> & { type: string };

/** What must not change: the scene, every component's state, the traffic, the clock. */
async function picture(s: Scope) {
  await openPanels(s);
  return {
    scene: await s.getByRole("combobox", { name: "Scene" }).inputValue(),
    components: await s
      .locator(".react-flow__node button[aria-labelledby]")
      // Each node's accessible name: its own text, then its status line.
      .evaluateAll((els) =>
        els.map((e) =>
          (e.getAttribute("aria-labelledby") ?? "")
            .split(" ")
            .map((id) => document.getElementById(id)?.textContent ?? "")
            .join(" "),
        ),
      ),
    rps: await s.getByRole("slider", { name: "Requests per second" }).inputValue(),
    clock: await s.locator(".clock-value").textContent(),
  };
}

/** No key was added to Object.prototype, in this document. */
async function prototypeIsClean(s: Scope) {
  return s.evaluate(() => ({
    polluted: ({} as Record<string, unknown>).polluted ?? null,
    keys: Object.keys(Object.prototype),
  }));
}

/** The notices on screen, by their words. */
async function noticeTexts(s: Scope): Promise<string[]> {
  return s.locator(".notices .notice > span").allTextContents();
}

/** Everything that must hold after hostile input, whatever it was. */
async function expectStillWhole(s: Scope): Promise<void> {
  const pane = await s.locator(".react-flow__pane").boundingBox();
  expect(pane?.height ?? 0, "the diagram keeps its room").toBeGreaterThan(300);
  expect(await s.locator(".notices .notice").count(), "at most three notices").toBeLessThanOrEqual(
    3,
  );
  expect(await prototypeIsClean(s)).toEqual({ polluted: null, keys: [] });
}

/** Entries in the event log saying a page loaded. */
function loadedCount(s: Scope): Promise<number> {
  return s
    .getByRole("log", { name: "Event log" })
    .getByText(/page loaded in/)
    .count();
}

/** Runs `visit` and waits for one more "page loaded in" in the event log. */
async function expectVisitCompletes(s: Scope, visit: () => Promise<unknown>): Promise<void> {
  await openPanels(s);
  const before = await loadedCount(s);
  await visit();
  await expect
    .poll(() => loadedCount(s), { timeout: 20_000, interval: 100 })
    .toBeGreaterThan(before);
}

describe("hostile links, in Chromium at 1280×720", () => {
  const UNKNOWN_2000 = Array.from({ length: 2_000 }, (_, i) => `p${i}=1`).join("&");
  const CASES: { name: string; query: string; notice: string; shot?: string }[] = [
    {
      name: "a right-to-left override (U+202E) and a script tag in scene=",
      query: `?speed=100&scene=${encodeURIComponent("\u202Eevil<script>alert(1)</script>")}`,
      notice: "Ignored scene=“⟨U+202E⟩evil<script>alert(1)</script>”: there is no such scene",
    },
    {
      name: "2,000 unknown parameters",
      query: `?speed=100&${UNKNOWN_2000}`,
      notice: "Ignored 2,000 unknown parameters: “p0”, “p1”, “p2”, …",
      shot: "/tmp/hostile-2000-params.png",
    },
    {
      name: "set=app.__proto__:1",
      query: "?speed=100&set=app.__proto__:1",
      notice: "Ignored set=“app.__proto__:1”: “app.__proto__:1”: no such setting.",
    },
    {
      name: "set=app.constructor:1",
      query: "?speed=100&set=app.constructor:1",
      notice: "Ignored set=“app.constructor:1”: “app.constructor:1”: no such setting.",
    },
    {
      name: "rps=0x1F4 (not 500)",
      query: "?speed=100&rps=0x1F4",
      notice: "Ignored rps=“0x1F4”: write a whole number of visits per second in plain digits",
    },
    {
      name: "script and img tags as a parameter's name and value",
      query: `?speed=100&${encodeURIComponent("<script>alert(1)</script>")}=${encodeURIComponent("<img src=x onerror=alert(2)>")}`,
      notice: "Ignored unknown parameter “<script>alert(1)</script>”.",
    },
  ];

  for (const c of CASES) {
    it(`${c.name}: one clear notice, nothing else changes, and the app still works`, async () => {
      const page = await app.browser().newPage({ viewport: PROJECTOR });
      const seen = watchPage(page); // from before it loads
      await page.goto(`${app.baseUrl()}${c.query}`);
      await page.getByRole("button", { name: "Visit www.foobar.com" }).waitFor();
      const notices = await noticeTexts(page);
      expect(notices).toHaveLength(1);
      expect(notices[0]).toContain(c.notice);
      if (c.shot) await page.screenshot({ path: c.shot });

      // The default picture: one-server, everything up and idle, no traffic.
      const now = await picture(page);
      expect(now).toMatchObject({ scene: "one-server", rps: "0", clock: "0.0 ms" });
      expect(now.components).toHaveLength(9);
      for (const label of now.components) expect(label).toMatch(/\b(Up|Working) · /);

      // Input stays text: no element made from it, nothing run, no dialog.
      expect(await page.locator("script").count()).toBe(1); // the app's own
      expect(await page.locator("body img, body script, [onerror]").count()).toBe(0);
      expect(seen.dialogs).toEqual([]);
      // A bidi override never reaches the screen as such: it is shown as ⟨U+202E⟩, in an isolate.
      expect(
        await page.evaluate(() =>
          (document.getElementById("root")?.textContent ?? "").includes("\u202E"),
        ),
      ).toBe(false);
      for (const bdi of await page.locator(".notices bdi").all())
        expect(await bdi.evaluate((e) => getComputedStyle(e).unicodeBidi)).toBe("isolate");

      await expectStillWhole(page);
      await expectVisitCompletes(page, () =>
        page.getByRole("button", { name: "Visit www.foobar.com" }).click(),
      );
      expect(seen.errors).toEqual([]);
      await page.close();
    });
  }
});

/** The parent page with the app framed, ready; the frame as a Playwright Frame. */
async function openParent(query: string): Promise<{
  page: Page;
  frame: Frame;
  seen: ReturnType<typeof watchPage>;
}> {
  const page = await app.browser().newPage({ viewport: { width: 1300, height: 760 } });
  const seen = watchPage(page);
  await page.goto(`${site.url}parent.html${query}`);
  await page.waitForFunction(() =>
    (window as unknown as { events: ApiEvent[] }).events.some((e) => e.type === "hopscope:ready"),
  );
  const frame = page.frame({ name: "hopscope" });
  if (!frame) throw new Error("no frame");
  await frame.getByRole("button", { name: "Visit www.foobar.com" }).waitFor();
  return { page, frame, seen };
}

function events(page: Page): Promise<ApiEvent[]> {
  return page.evaluate(() => (window as unknown as { events: ApiEvent[] }).events.slice());
}

function eventCount(page: Page): Promise<number> {
  return page.evaluate(() => (window as unknown as { events: ApiEvent[] }).events.length);
}

/**
 * Hostile payloads. "post": built in the parent page and posted to the frame
 * (BigInt and cycles cannot cross from Node). "dispatch": built in the frame and
 * dispatched there as a message from the parent, as a script in the page could:
 * what postMessage cannot carry (getters, Proxies, and nesting deeper than
 * Chromium's structured clone accepts).
 */
const PAYLOADS: { name: string; via: "post" | "dispatch"; error: RegExp }[] = [
  { name: "proto-key", via: "post", error: /^hopscope:play has no field “__proto__”\.$/ },
  { name: "constructor-key", via: "post", error: /^hopscope:kill has no field “constructor”\.$/ },
  { name: "bigint-version", via: "post", error: /^hopscope:play needs version: 1 \(got 1n\)\.$/ },
  {
    name: "bigint-rps",
    via: "post",
    error: /^hopscope:setRps: rps must be a number .* \(got 1n\)\.$/,
  },
  {
    name: "cyclic-url",
    via: "post",
    error: /^hopscope:visit: url must be .* \(got \{"self":\[cycle\]\}\)\.$/,
  },
  { name: "cyclic-unknown-key", via: "post", error: /^hopscope:play has no field “extra”\.$/ },
  {
    name: "deep-url-1000",
    via: "post",
    error: /^hopscope:visit: url must be .* \(got \{"a":\{"a":\{"a":\{…\}\}\}\}\)\.$/,
  },
  {
    name: "deep-url",
    via: "dispatch",
    error: /^hopscope:visit: url must be .* \(got \{"a":\{"a":\{"a":\{…\}\}\}\}\)\.$/,
  },
  { name: "huge-url", via: "post", error: /^hopscope:visit: url must be .* \(got x{40}…\)\.$/ },
  { name: "huge-type", via: "post", error: /^Unknown command “x{40}…”: use one of / },
  {
    name: "getter-throws",
    via: "dispatch",
    error: /^hopscope:setRps: rps must be plain data, not a getter\.$/,
  },
  {
    name: "proxy-throws",
    via: "dispatch",
    error: /^hopscope:setRps: rps must be a number .* \(got \[unreadable\]\)\.$/,
  },
];

/**
 * Makes a named payload. Plain JavaScript in a string: it runs in the browser
 * (the parent page or the frame), with nothing of this file around it.
 */
const MAKE_PAYLOAD = `(name) => {
  const deep = (depth) => {
    let url = "bottom";
    for (let i = 0; i < depth; i++) url = { a: url };
    return { type: "hopscope:visit", version: 1, url };
  };
  const fail = () => { throw new Error("trap"); };
  const traps = { get: fail, has: fail, ownKeys: fail, getOwnPropertyDescriptor: fail, getPrototypeOf: fail };
  switch (name) {
    case "proto-key":
      return JSON.parse('{"type":"hopscope:play","version":1,"__proto__":{"polluted":"yes"}}');
    case "constructor-key":
      return { type: "hopscope:kill", version: 1, component: "mysql", constructor: { prototype: { polluted: "yes" } } };
    case "bigint-version":
      return { type: "hopscope:play", version: BigInt(1) };
    case "bigint-rps":
      return { type: "hopscope:setRps", version: 1, rps: BigInt(1) };
    case "cyclic-url": {
      const url = {};
      url.self = url;
      return { type: "hopscope:visit", version: 1, url };
    }
    case "cyclic-unknown-key": {
      const extra = { n: BigInt(7) };
      extra.self = extra;
      return { type: "hopscope:play", version: 1, extra };
    }
    case "deep-url":
      return deep(10000);
    case "deep-url-1000":
      return deep(1000);
    case "huge-url":
      return { type: "hopscope:visit", version: 1, url: "x".repeat(5 * 1024 * 1024) };
    case "huge-type":
      return { type: "hopscope:" + "x".repeat(5 * 1024 * 1024), version: 1 };
    case "getter-throws": {
      const m = { type: "hopscope:setRps", version: 1 };
      Object.defineProperty(m, "rps", { enumerable: true, get: fail });
      return m;
    }
    case "proxy-throws":
      return { type: "hopscope:setRps", version: 1, rps: new Proxy({}, traps) };
    case "whole-proxy-throws":
      return new Proxy({ type: "hopscope:play", version: 1 }, traps);
    case "revoked-proxy": {
      const { proxy, revoke } = Proxy.revocable({}, {});
      revoke();
      return proxy;
    }
  }
  throw new Error("no payload " + name);
}`;

/** Delivers a payload: posted from the parent page, or dispatched in the frame. */
async function deliver(page: Page, frame: Frame, p: (typeof PAYLOADS)[number]): Promise<void> {
  const name = JSON.stringify(p.name);
  if (p.via === "dispatch") {
    await frame.evaluate(
      `window.dispatchEvent(new MessageEvent("message", { data: (${MAKE_PAYLOAD})(${name}), source: window.parent }))`,
    );
    return;
  }
  await page.evaluate(`window.send((${MAKE_PAYLOAD})(${name}))`);
}

describe("hostile postMessage payloads from the page around Hopscope", () => {
  it("non-objects, foreign messages and unreadable Proxies are ignored silently, as documented", async () => {
    const { page, frame, seen } = await openParent("?speed=100");
    const before = await picture(frame);
    const mark = await eventCount(page);
    await page.evaluate(() => {
      const send = (window as unknown as { send: (m: unknown) => void }).send;
      for (const m of [1, "hopscope:visit", null, [], true, ["hopscope:visit"], { type: 3 }])
        send(m);
    });
    // Dispatched in the frame (postMessage cannot carry them): a message that is a
    // Proxy whose every trap throws, and a revoked Proxy. Its type cannot be read,
    // so it cannot be for Hopscope.
    for (const name of ["whole-proxy-throws", "revoked-proxy"])
      await frame.evaluate(
        `window.dispatchEvent(new MessageEvent("message", { data: (${MAKE_PAYLOAD})(${JSON.stringify(name)}), source: window.parent }))`,
      );
    // Nested 10,000 deep, posted: Chromium's structured clone refuses it at the
    // sender (RangeError), or (a little less deep) hands the frame null. Either way
    // nothing reaches Hopscope whole, and nothing breaks.
    const posted = await page.evaluate(() => {
      let url: unknown = "bottom";
      for (let i = 0; i < 10_000; i++) url = { a: url };
      try {
        (window as unknown as { send: (m: unknown) => void }).send({
          type: "hopscope:visit",
          version: 1,
          url,
        });
        return "posted";
      } catch (e) {
        return String(e);
      }
    });
    console.log(`posting a message nested 10,000 deep: ${posted}`);
    await page.waitForTimeout(500);
    expect((await events(page)).slice(mark)).toEqual([]);
    expect(await frame.locator(".notices .notice").count()).toBe(0);
    expect(await picture(frame)).toEqual(before);
    await expectStillWhole(frame);
    expect(seen.errors).toEqual([]);
    await page.close();
  });

  it("__proto__ keys, BigInt, cycles, nesting 10,000 deep and 5 MB strings: an error each, nothing else", async () => {
    const { page, frame, seen } = await openParent("?speed=100");
    const before = await picture(frame);
    for (const p of PAYLOADS) {
      const mark = await eventCount(page);
      await deliver(page, frame, p);
      const handle = await page
        .waitForFunction(
          (mark) =>
            (window as unknown as { events: ApiEvent[] }).events
              .slice(mark)
              .find((e) => e.type === "hopscope:error"),
          mark,
          { timeout: 15_000 },
        )
        .catch((e: Error) => {
          throw new Error(`no hopscope:error for ${p.name}: ${e.message}`);
        });
      const error = (await handle.jsonValue()) as unknown as { message: string; received: string };
      expect(error.message, p.name).toMatch(p.error);
      expect(error.received.length, p.name).toBeLessThanOrEqual(41);
      // The notice says the same, and the diagram keeps its room each time.
      await frame
        .getByRole("status", { name: "Notices" })
        .getByText(`Ignored a message from the page around Hopscope: ${error.message}`, {
          exact: true,
        })
        .waitFor();
      await expectStillWhole(frame);
    }
    // Nothing ran: no state changed, nothing else was posted.
    await page.waitForTimeout(300);
    const posted = (await events(page)).filter((e) => e.type !== "hopscope:ready");
    expect(posted.map((e) => e.type)).toEqual(PAYLOADS.map(() => "hopscope:error"));
    expect(await picture(frame)).toEqual(before);
    await page.screenshot({ path: `${ARTIFACTS}/hostile-payloads.png` });

    // And it still works: a valid visit completes.
    await expectVisitCompletes(frame, () =>
      page.evaluate(() =>
        (window as unknown as { send: (m: unknown) => void }).send({
          type: "hopscope:visit",
          version: 1,
        }),
      ),
    );
    expect(seen.errors).toEqual([]);
    await page.close();
  });

  it("a burst of 10,000 refused commands: Play works at once after it, and so does a visit", async () => {
    const { page, frame, seen } = await openParent("?speed=100&scene=first-visit");
    const mark = await eventCount(page);
    const BURST = 10_000;
    // Half malformed, each different (an unknown component); half well-formed but
    // refused, all alike (Nginx is already running).
    const sendMs = await page.evaluate((n) => {
      const send = (window as unknown as { send: (m: unknown) => void }).send;
      const t0 = performance.now();
      for (let i = 0; i < n; i++)
        send(
          i % 2
            ? { type: "hopscope:kill", version: 1, component: `nope-${i}` }
            : { type: "hopscope:revive", version: 1, component: "nginx" },
        );
      return performance.now() - t0;
    }, BURST);
    // Right after the burst, the page must respond to a click: Play starts the scene's visit.
    const t0 = Date.now();
    await frame.getByRole("button", { name: "Play" }).click({ timeout: 30_000 });
    await frame.locator(".clock-state.running").waitFor({ timeout: 30_000 });
    const playMs = Date.now() - t0;
    // Every message is answered, one error each.
    await page.waitForFunction(
      ({ mark, n }) =>
        (window as unknown as { events: ApiEvent[] }).events.filter(
          (e, i) => i >= mark && e.type === "hopscope:error",
        ).length >= n,
      { mark, n: BURST },
      { timeout: 60_000, polling: 100 },
    );
    const answeredMs = Date.now() - t0;
    // Hold the notices (the pointer over them) while they are looked at: they expire in 8 s.
    await frame.locator(".notices-panel").hover();
    console.log(
      `burst of ${BURST} refused commands: posted in ${Math.round(sendMs)} ms; Play took effect ${playMs} ms after the burst; all ${BURST} answered ${answeredMs} ms after it`,
    );
    writeFileSync(
      `${ARTIFACTS}/hostile-burst.json`,
      JSON.stringify({ burst: BURST, sendMs, playMs, answeredMs }, null, 2),
    );
    expect(playMs).toBeLessThan(10_000);
    expect(answeredMs).toBeLessThan(30_000);

    const after = (await events(page)).slice(mark);
    const errors = after.filter((e) => e.type === "hopscope:error");
    expect(errors).toHaveLength(BURST);
    expect(errors.filter((e) => e.message === "Nginx is already running.")).toHaveLength(BURST / 2);
    // None of it ran: the only change reported is Play's (the scene, the traffic and
    // every component as they were).
    const changes = after.filter((e) => e.type === "hopscope:stateChanged");
    expect(changes.length).toBeGreaterThan(0);
    for (const c of changes) {
      expect(c).toMatchObject({ scene: "first-visit", rps: 0 });
      for (const component of c.components as { state: string; slow: boolean }[])
        expect(component).toMatchObject({ state: "up", slow: false });
    }

    // The notices coalesced: three show, the rest are summed up; the repeated
    // refusal is one notice counted 5,000 times.
    expect(await frame.locator(".notices .notice").count()).toBe(3);
    const more = frame.getByRole("button", { name: /^\+\d+ more$/ });
    await more.waitFor();
    await expectStillWhole(frame);
    await more.click();
    await frame
      .getByRole("list", { name: "Older notices" })
      .locator(".notice", { hasText: "Nginx is already running." })
      .getByText("×5,000")
      .waitFor();
    await frame.getByRole("button", { name: /^Hide \d+ older$/ }).click();

    // The scene's visit completes, and so does one more, asked for by message.
    await openPanels(frame);
    await frame
      .getByRole("log", { name: "Event log" })
      .getByText(/page loaded in/)
      .first()
      .waitFor({ timeout: 20_000 });
    await expectVisitCompletes(frame, () =>
      page.evaluate(() =>
        (window as unknown as { send: (m: unknown) => void }).send({
          type: "hopscope:visit",
          version: 1,
        }),
      ),
    );
    await page.screenshot({ path: `${ARTIFACTS}/hostile-burst.png` });
    expect(seen.errors).toEqual([]);
    await page.close();
  }, 180_000);
});

describe("the address bar", () => {
  it("15 refused addresses: three notices show, the diagram keeps its room, a visit still works", async () => {
    const { page, errors } = await app.open("?speed=100", { viewport: PROJECTOR });
    const before = await picture(page);
    const address = page
      .getByRole("region", { name: "Browser view" })
      .getByRole("textbox", { name: "Address" });
    const bad = [
      "ftp://www.foobar.com/",
      "javascript:alert(1)",
      "<script>alert(1)</script>",
      // (An IP address, :80, a space or ../ in the path are addresses now, normalised as a
      // browser does: see tests/app/address.test.ts.)
      "www.foobar.com:99999/",
      "\u202Emoc.raboof.www",
      "www.foobar.com:8080x",
      "https://www.foobar.com/",
      "www.foobar.com:22",
      "user@www.foobar.com",
      "[::1]",
      "www.fooba\u212A.com",
      "a".repeat(300),
      "http://",
      "http://www.foobar.com:0/",
      "data:text/html,<b>x</b>",
    ];
    for (const typed of bad) {
      await address.fill(typed);
      await address.press("Enter");
    }
    const status = page.getByRole("status", { name: "Notices" });
    await status
      .getByText(/is not a (host name|port)/)
      .first()
      .waitFor();
    expect(await page.locator(".notices .notice").count()).toBe(3);
    await page.getByRole("button", { name: "+12 more" }).waitFor();
    expect(
      await page.evaluate(() =>
        (document.getElementById("root")?.textContent ?? "").includes("\u202E"),
      ),
    ).toBe(false);
    await expectStillWhole(page);
    expect(await picture(page)).toEqual(before);
    await page.screenshot({ path: `${ARTIFACTS}/hostile-addresses.png` });
    await expectVisitCompletes(page, async () => {
      await address.fill("www.foobar.com");
      await address.press("Enter");
    });
    expect(errors).toEqual([]);
    await page.close();
  });
});
