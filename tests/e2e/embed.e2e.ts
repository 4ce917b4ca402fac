import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import type { FrameLocator, Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { oneServerTopology } from "../../src/scenes/oneServer";
import { ARTIFACTS, deckSite, distFileUrl, noticeTexts, startApp, watchPage } from "./fixture";

const app = startApp();

/** The commands the postMessage API documents, in its order. */
const COMMANDS = [
  "visit",
  "kill",
  "revive",
  "slow",
  "deploy",
  "rollback",
  "setRps",
  "surge",
  "play",
  "pause",
  "step",
  "setSpeed",
  "loadScene",
  "reset",
  "lessonStep",
];
const COMPONENTS = oneServerTopology.components.map((c) => c.id);

/**
 * A slide deck's page around Hopscope: it frames `hopscope/index.html`, keeps
 * every message the frame posts in `window.events`, and `window.send(m)`
 * posts `m` to the frame.
 */
const PARENT_HTML = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><link rel="icon" href="data:,"><title>A slide around Hopscope</title></head>
<body>
<script>
  window.events = [];
  window.addEventListener("message", (e) => {
    const frame = document.getElementById("hopscope");
    if (frame && e.source === frame.contentWindow) window.events.push(e.data);
  });
  window.send = (message) =>
    document.getElementById("hopscope").contentWindow.postMessage(message, "*");
</script>
<iframe id="hopscope" title="Hopscope" width="1024" height="576"
  src="hopscope/index.html?embed=1&scene=one-server"></iframe>
</body>
</html>
`;

/**
 * A temporary site: the build at /deck/hopscope/index.html (a sub-path, as on a
 * course's web space) and the parent page at /deck/parent.html.
 */
const site = deckSite(PARENT_HTML);

type ApiEvent = Record<string, unknown> & { type: string };
type StateEntry = { id: string; state: string; slow: boolean };

/** The events the frame has posted so far. */
function events(page: Page): Promise<ApiEvent[]> {
  return page.evaluate(() => (window as unknown as { events: ApiEvent[] }).events.slice());
}

function send(page: Page, message: unknown): Promise<void> {
  return page.evaluate(
    (m) => (window as unknown as { send: (m: unknown) => void }).send(m),
    message,
  );
}

/** Waits for the first event from index `from` on whose fields all equal `fields`. */
async function waitForEvent(
  page: Page,
  fields: Record<string, unknown>,
  from = 0,
  timeout = 15_000,
): Promise<ApiEvent> {
  const handle = await page.waitForFunction(
    ({ fields, from }) =>
      (window as unknown as { events: Record<string, unknown>[] }).events
        .slice(from)
        .find((e) => Object.entries(fields).every(([k, v]) => e[k] === v)),
    { fields, from },
    { timeout },
  );
  return (await handle.jsonValue()) as ApiEvent;
}

/** Waits for a `stateChanged` (from index `from` on) in which each listed component has that state. */
async function waitForStates(
  page: Page,
  states: Record<string, string>,
  from: number,
): Promise<StateEntry[]> {
  const handle = await page.waitForFunction(
    ({ states, from }) =>
      (window as unknown as { events: { type: string; components?: StateEntry[] }[] }).events
        .slice(from)
        .find(
          (e) =>
            e.type === "hopscope:stateChanged" &&
            Object.entries(states).every(
              ([id, state]) => e.components?.find((c) => c.id === id)?.state === state,
            ),
        )?.components,
    { states, from },
    { timeout: 10_000 },
  );
  return (await handle.jsonValue()) as StateEntry[];
}

const stateOf = (components: StateEntry[]) =>
  Object.fromEntries(components.map((c) => [c.id, `${c.state}${c.slow ? ",slow" : ""}`]));

/**
 * Drives Hopscope in the parent page's frame through the whole API: ready,
 * visit, kill, malformed messages, loadScene, revive.
 */
async function driveFrame(page: Page, frame: FrameLocator): Promise<void> {
  // ready: the scene, every component up, the commands it understands.
  const ready = await waitForEvent(page, { type: "hopscope:ready" });
  expect(ready).toMatchObject({ version: 1, scene: "one-server", commands: COMMANDS });
  expect(stateOf(ready.components as StateEntry[])).toEqual(
    Object.fromEntries(COMPONENTS.map((id) => [id, "up"])),
  );

  // A slide shows the canvas and a compact control bar: no side panels, no event log.
  await frame.getByRole("button", { name: /^Nginx / }).waitFor();
  await frame.getByRole("toolbar", { name: "Playback" }).waitFor();
  await expect(frame.locator(".embed-title").textContent()).resolves.toBe("The one-server stack");
  await expect(frame.getByRole("log", { name: "Event log" }).count()).resolves.toBe(0);
  await expect(frame.getByRole("region", { name: "Scene" }).count()).resolves.toBe(0);
  await expect(frame.getByRole("region", { name: "Browser view" }).count()).resolves.toBe(0);
  await expect(frame.locator("aside").count()).resolves.toBe(0);

  // visit: the document finishes "ok" with 200.
  await send(page, { type: "hopscope:setSpeed", version: 1, speed: "100" });
  await send(page, { type: "hopscope:visit", version: 1 });
  const first = await waitForEvent(page, {
    type: "hopscope:requestFinished",
    role: "document",
    visitId: 1,
  });
  expect(first).toMatchObject({
    version: 1,
    url: "http://www.foobar.com/",
    outcome: "ok",
    status: 200,
  });
  expect(first.durationMs).toBeGreaterThan(0);
  // The static files of the same visit are reported too, as subresources.
  const files = await page.waitForFunction(
    () => {
      const done = (window as unknown as { events: Record<string, unknown>[] }).events.filter(
        (e) => e.type === "hopscope:requestFinished" && e.role === "subresource" && e.visitId === 1,
      );
      return done.length >= 2 ? done.map((e) => `${e.url} ${e.outcome} ${e.status}`).sort() : false;
    },
    undefined,
    { timeout: 10_000 },
  );
  expect(await files.jsonValue()).toEqual([
    "http://www.foobar.com/logo.png ok 200",
    "http://www.foobar.com/style.css ok 200",
  ]);

  // kill mysql: stateChanged says so, and the next visit's document is a 500.
  let mark = (await events(page)).length;
  await send(page, { type: "hopscope:kill", version: 1, component: "mysql" });
  const killed = await waitForStates(page, { mysql: "down" }, mark);
  expect(stateOf(killed)).toEqual({
    ...Object.fromEntries(COMPONENTS.map((id) => [id, "up"])),
    mysql: "down",
  });
  await frame.getByRole("button", { name: /^MySQL .* Down · killed/ }).waitFor();
  await send(page, { type: "hopscope:visit", version: 1 });
  const second = await waitForEvent(page, {
    type: "hopscope:requestFinished",
    role: "document",
    visitId: 2,
  });
  expect(second).toMatchObject({ url: "http://www.foobar.com/", outcome: "http_500", status: 500 });
  expect(second.reason).toContain("MySQL");

  // Malformed messages: an error back to the sender and a notice, nothing else.
  // (A 500 page loads no static files: the second visit is over.)
  mark = (await events(page)).length;
  const noticesBefore = (await noticeTexts(frame)).length;
  await send(page, { type: "hopscope:kill", version: 1, component: "nope" });
  await send(page, { type: "hopscope:bogus", version: 1 });
  await send(page, { type: "hopscope:visit" });
  // Not for Hopscope: ignored silently.
  await send(page, { type: "slide:next" });
  await send(page, "hopscope:visit");
  await send(page, { hello: "world" });
  await page.waitForFunction(
    (n) => (window as unknown as { events: unknown[] }).events.length >= n,
    mark + 3,
  );
  // 500 ms at 100× is 50 s simulated: a visit, had one started, would have been reported.
  await page.waitForTimeout(500);
  const after = (await events(page)).slice(mark);
  expect(after.map((e) => e.type)).toEqual(["hopscope:error", "hopscope:error", "hopscope:error"]);
  expect(after[0]).toMatchObject({ version: 1, received: "hopscope:kill" });
  expect(after[0]?.message).toContain("component must be one of");
  expect(after[0]?.message).toContain("nope");
  expect(after[1]).toMatchObject({ version: 1, received: "hopscope:bogus" });
  expect(after[1]?.message).toContain("Unknown command “bogus”");
  expect(after[2]).toMatchObject({ version: 1, received: "hopscope:visit" });
  expect(after[2]?.message).toContain("needs version: 1");
  // A slide shows only the newest two notices, so they never cover the diagram.
  expect(noticesBefore).toBe(0);
  expect(await noticeTexts(frame)).toEqual(
    after.slice(-2).map((e) => `Ignored a message from the page around Hopscope: ${e.message}`),
  );
  // Nothing changed: MySQL is still the only component down, and no visit started.
  await frame.getByRole("button", { name: /^MySQL .* Down · killed/ }).waitFor();
  await frame.getByRole("button", { name: /^Nginx .* (Up|Working) · / }).waitFor();
  await expect(frame.getByRole("button", { name: / Down · / }).count()).resolves.toBe(1);

  // loadScene: a fresh simulation of another scene, its opening played at once.
  mark = (await events(page)).length;
  await send(page, { type: "hopscope:loadScene", version: 1, scene: "nginx-down", autoplay: true });
  const loaded = await waitForStates(page, { nginx: "down", mysql: "up" }, mark);
  expect(stateOf(loaded)).toEqual({
    ...Object.fromEntries(COMPONENTS.map((id) => [id, "up"])),
    nginx: "down",
  });
  const refused = await waitForEvent(
    page,
    { type: "hopscope:requestFinished", role: "document", visitId: 1 },
    mark,
  );
  expect(refused).toMatchObject({ outcome: "ERR_CONNECTION_REFUSED" });
  await expect(frame.locator(".embed-title").textContent()).resolves.toBe("Nginx is down");

  // revive: back up, and the picture follows.
  mark = (await events(page)).length;
  await send(page, { type: "hopscope:revive", version: 1, component: "nginx" });
  const revived = await waitForStates(page, { nginx: "up" }, mark);
  expect(stateOf(revived)).toEqual(Object.fromEntries(COMPONENTS.map((id) => [id, "up"])));
  await frame.getByRole("button", { name: /^Nginx .* (Up|Working) · / }).waitFor();
}

describe("the single-file build", () => {
  it("opened from disk (file://): renders, runs a visit, and makes no request at all", async () => {
    const page = await app.browser().newPage({ viewport: { width: 1440, height: 900 } });
    const seen = watchPage(page);
    const url = distFileUrl("?speed=100");
    await page.goto(url);
    await page.getByRole("button", { name: /^Nginx / }).waitFor();
    await page.getByRole("button", { name: "Visit www.foobar.com" }).click();
    const view = page.getByRole("region", { name: "Browser view" });
    await view.getByText("served by code v1").waitFor({ timeout: 15_000 });
    await view.getByText(/style\.css ✓/).waitFor({ timeout: 15_000 });
    await page.screenshot({ path: `${ARTIFACTS}/file-url.png` });
    expect(seen.errors).toEqual([]);
    expect(seen.dialogs).toEqual([]);
    // Only the page itself: no script, style, font or image is fetched, from anywhere.
    const others = seen.requests.filter(
      (r) => r !== url && !r.startsWith("data:") && !r.startsWith("blob:"),
    );
    expect(others).toEqual([]);
    expect(seen.requests).toContain(url);
    await page.close();
  });

  it("served under a sub-path (/deck/hopscope/): works, and Copy link keeps the path", async () => {
    const page = await app.browser().newPage({
      permissions: ["clipboard-read", "clipboard-write"],
      viewport: { width: 1440, height: 900 },
    });
    const seen = watchPage(page);
    const base = `${site.url}deck/hopscope/index.html`;
    await page.goto(`${base}?speed=100&seed=3`);
    await page.getByRole("button", { name: "Visit www.foobar.com" }).click();
    await page
      .getByRole("region", { name: "Browser view" })
      .getByText("served by code v1")
      .waitFor({ timeout: 15_000 });
    await page.getByRole("button", { name: "Copy link", exact: true }).click();
    const link = `${base}?scene=one-server&seed=3&speed=100`;
    await page
      .getByRole("status", { name: "Notices" })
      .getByText(`Link copied: ${link}`, { exact: true })
      .waitFor();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(link);
    expect(seen.errors).toEqual([]);
    expect(seen.requests.filter((r) => !r.startsWith(base) && !r.startsWith("data:"))).toEqual([]);
    await page.close();
  });
});

describe("the postMessage API, in a parent page's iframe", () => {
  it("over http: ready, visit, kill, malformed messages, loadScene and revive", async () => {
    const page = await app.browser().newPage({ viewport: { width: 1100, height: 700 } });
    const seen = watchPage(page);
    await page.goto(`${site.url}deck/parent.html`);
    await driveFrame(page, page.frameLocator("#hopscope"));
    await page.screenshot({ path: `${ARTIFACTS}/embed-parent.png` });
    expect(seen.errors).toEqual([]);
    expect(seen.requests.filter((r) => !r.startsWith(`${site.url}deck/`))).toEqual([]);
    await page.close();
  });

  it("from disk: a file:// parent page (origin “null”) drives the file:// frame the same way", async () => {
    const page = await app.browser().newPage({ viewport: { width: 1100, height: 700 } });
    const seen = watchPage(page);
    await page.goto(pathToFileURL(join(site.dir, "deck", "parent.html")).href);
    await driveFrame(page, page.frameLocator("#hopscope"));
    expect(seen.errors).toEqual([]);
    expect(seen.requests.filter((r) => !r.startsWith("file://"))).toEqual([]);
    await page.close();
  });

  it("controls=0 hides the control bar: only the canvas is left", async () => {
    const page = await app.browser().newPage({ viewport: { width: 1024, height: 576 } });
    const seen = watchPage(page);
    await page.goto(distFileUrl("?embed=1&controls=0"));
    await page.getByRole("button", { name: /^Nginx / }).waitFor();
    await expect(page.getByRole("toolbar", { name: "Playback" }).count()).resolves.toBe(0);
    await expect(page.getByRole("button", { name: "Visit www.foobar.com" }).count()).resolves.toBe(
      0,
    );
    await expect(page.getByRole("log", { name: "Event log" }).count()).resolves.toBe(0);
    await expect(page.getByRole("region", { name: "Scene" }).count()).resolves.toBe(0);
    expect(seen.errors).toEqual([]);
    await page.close();
  });
});

describe("examples/slides.html", () => {
  it("opened from disk: its Visit button drives the frame, and its log shows requestFinished", async () => {
    const page = await app.browser().newPage({ viewport: { width: 1280, height: 900 } });
    const seen = watchPage(page);
    await page.goto(pathToFileURL(resolve("examples/slides.html")).href);
    const log = page.getByRole("log", { name: "Messages from Hopscope" });
    await log.getByText(/hopscope:ready/).waitFor();
    await page.getByLabel("Speed").selectOption("100");
    await page.getByRole("button", { name: "Visit", exact: true }).click();
    await log
      .getByText(
        /hopscope:requestFinished +visit #1 document http:\/\/www\.foobar\.com\/: ok 200 in \d+ ms/,
      )
      .waitFor({ timeout: 15_000 });
    // Its other buttons send commands the frame accepts: Kill MySQL changes the state.
    await page.getByRole("button", { name: "Kill MySQL" }).click();
    await log
      .getByText(/hopscope:stateChanged +.*: mysql down$/)
      .last()
      .waitFor();
    await page
      .frameLocator("#hopscope")
      .getByRole("button", { name: /^MySQL .* Down · killed/ })
      .waitFor();
    // Generated traffic is not reported visit by visit: only the watched user's requests are.
    await page.waitForTimeout(300); // the first visit's files
    const finished = () => log.getByText(/hopscope:requestFinished/).count();
    const before = await finished();
    await page.getByLabel("Speed").selectOption("1");
    await page.getByRole("button", { name: "Traffic: 200 visits/s" }).click();
    await page.waitForTimeout(1_000); // about 200 visits at 1×
    expect(await finished()).toBe(before);
    await page.screenshot({ path: `${ARTIFACTS}/slides-example.png` });
    // Every other button is a command Hopscope accepts.
    await page.getByRole("button", { name: "Surge ×10" }).click();
    await log
      .getByText(/hopscope:stateChanged +one-server, playing, speed 1, 200\/s/)
      .last()
      .waitFor();
    await page.getByRole("button", { name: "Stop traffic" }).click();
    await page.getByRole("button", { name: "Revive MySQL" }).click();
    await log
      .getByText(/hopscope:stateChanged +.*: everything is up$/)
      .last()
      .waitFor();
    await page.getByRole("button", { name: "Start deploy" }).click();
    await page.getByRole("button", { name: "Load scene “A surge”" }).click();
    const frame = page.frameLocator("#hopscope");
    await frame.locator(".embed-title").getByText("A surge", { exact: true }).waitFor();
    await page.getByRole("button", { name: "Reset" }).click();
    await frame.getByText("A surge: press Play to start.").waitFor();
    // The speed selector follows the frame: the surge scene plays at 1×.
    expect(await page.getByLabel("Speed").inputValue()).toBe("1");
    await expect(log.getByText(/hopscope:error/).count()).resolves.toBe(0);
    expect(seen.errors).toEqual([]);
    expect(seen.dialogs).toEqual([]);
    expect(seen.requests.filter((r) => !r.startsWith("file://") && !r.startsWith("data:"))).toEqual(
      [],
    );
    await page.close();
  });
});
