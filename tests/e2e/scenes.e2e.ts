import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { ARTIFACTS, noticeTexts, startApp, watchPage } from "./fixture";

const app = startApp();

/** Waits until `text` shows in the Browser view. */
function inView(page: Page, text: string | RegExp, timeout = 15_000): Promise<void> {
  return page
    .getByRole("region", { name: "Browser view" })
    .getByText(text, { exact: typeof text === "string" })
    .first()
    .waitFor({ timeout });
}

/**
 * Each scene: its title in the picker, and what `autoplay=1` shows soon after
 * loading (at a speed that keeps the wait short).
 */
const SCENES: {
  id: string;
  title: string;
  waits: boolean;
  autoplay: string;
  shows: (page: Page) => Promise<void>;
}[] = [
  {
    id: "one-server",
    title: "The one-server stack",
    waits: false,
    // An idle scene with autoplay: one visit, as a first look.
    autoplay: "speed=100",
    shows: (page) => inView(page, "served by code v1"),
  },
  {
    id: "first-visit",
    title: "A first visit",
    waits: true,
    autoplay: "speed=100",
    shows: async (page) => {
      await inView(page, "served by code v1");
      await inView(page, /style\.css ✓ · logo\.png ✓/);
    },
  },
  {
    id: "dns-down",
    title: "DNS is down",
    waits: true,
    autoplay: "speed=100",
    shows: async (page) => {
      await inView(page, "ERR_NAME_NOT_RESOLVED");
      await inView(page, "www.foobar.com’s server IP address could not be found.");
    },
  },
  {
    id: "mysql-down",
    title: "MySQL is down",
    waits: true,
    autoplay: "",
    shows: (page) => inView(page, "Error establishing a database connection"),
  },
  {
    id: "app-down",
    title: "The application server is down",
    waits: true,
    autoplay: "",
    shows: (page) => inView(page, "502 Bad Gateway"),
  },
  {
    id: "nginx-down",
    title: "Nginx is down",
    waits: true,
    autoplay: "",
    shows: async (page) => {
      await inView(page, "ERR_CONNECTION_REFUSED");
      await inView(page, "www.foobar.com refused to connect.");
    },
  },
  {
    id: "server-down",
    title: "The server is down",
    waits: true,
    // 127 s of SYN retries: 1.3 s at 100×.
    autoplay: "speed=100",
    shows: async (page) => {
      await inView(page, "ERR_CONNECTION_TIMED_OUT");
      await inView(page, "www.foobar.com took too long to respond.");
    },
  },
  {
    id: "deploy",
    title: "A deploy under traffic",
    waits: true,
    // At 10× the 5 s upload takes half a second: the restart follows soon.
    autoplay: "speed=10",
    shows: async (page) => {
      // Seen at the same moment: the server's progress label, the app server
      // restarting, and the toolbar's deploy button busy.
      await page.waitForFunction(
        () => {
          const progress = document.querySelector(".deploy-progress")?.textContent ?? "";
          // The node's accessible name: its own text, then its status line (aria-labelledby).
          const appNode = [
            ...document.querySelectorAll(".react-flow__node button[aria-labelledby]"),
          ]
            .map((b) =>
              (b.getAttribute("aria-labelledby") ?? "")
                .split(" ")
                .map((id) => document.getElementById(id)?.textContent ?? "")
                .join(" "),
            )
            .find((name) => name.startsWith("Application server"));
          const deployButton = [
            ...document.querySelectorAll("[role='toolbar'][aria-label='Playback'] button"),
          ].find((b) => b.textContent?.startsWith("Deploying"));
          return (
            progress.includes("Restarting the application server (v2)") &&
            appNode?.includes("Restarting · deploy in progress") &&
            deployButton?.textContent?.includes("Deploying v2…") &&
            deployButton.getAttribute("aria-disabled") === "true"
          );
        },
        undefined,
        { timeout: 10_000, polling: "raf" },
      );
      // And it ends: the code base is v2.
      await page
        .getByRole("button", { name: /^Application server / })
        .getByText("v2", { exact: true })
        .waitFor({ timeout: 10_000 });
    },
  },
  {
    id: "surge",
    title: "A surge",
    waits: true,
    autoplay: "",
    shows: async (page) => {
      const traffic = page.getByRole("region", { name: "Traffic" });
      // 60 visits per second for 10 s, then surging to ten times that.
      await traffic.getByText("60/s → 600/s", { exact: true }).waitFor({ timeout: 16_000 });
      await traffic
        .getByRole("button", { name: /^Surg(e ×10|ing)$/ })
        .getByText("Surging")
        .waitFor();
      // At 60/s a handful of requests are in flight; the surge piles up hundreds.
      await page.waitForFunction(
        () => Number(document.querySelector("[data-testid=requests-in-flight]")?.textContent) > 200,
        undefined,
        { timeout: 15_000 },
      );
    },
  },
];

describe("scenes, in Chromium", () => {
  for (const scene of SCENES) {
    it(`?scene=${scene.id}: “${scene.title}”, waiting for Play; with autoplay=1 it plays out`, async () => {
      const { page, errors } = await app.open(`?scene=${scene.id}`);
      await expect(
        page.getByRole("combobox", { name: "Scene" }).evaluate((s: HTMLSelectElement) => ({
          value: s.value,
          title: s.selectedOptions[0]?.textContent,
        })),
      ).resolves.toEqual({ value: scene.id, title: scene.title });
      expect(await noticeTexts(page)).toEqual(
        scene.waits ? [`${scene.title}: press Play to start.`] : [],
      );
      expect(await page.locator(".notices .notice.warning").count()).toBe(0);
      // Nothing runs until Play.
      await expect(page.locator(".clock-state").textContent()).resolves.toBe("paused");
      await page.waitForTimeout(200);
      await expect(page.locator(".clock-value").textContent()).resolves.toBe("0.0 ms");
      await page.close();

      const played = await app.open(
        `?scene=${scene.id}&autoplay=1${scene.autoplay ? `&${scene.autoplay}` : ""}`,
      );
      await scene.shows(played.page);
      expect(await played.page.locator(".notices .notice.warning").allTextContents()).toEqual([]);
      expect(played.errors).toEqual([]);
      await played.page.close();
      expect(errors).toEqual([]);
    });
  }
});

/** What a visit left on screen: the Browser view's page and the event log, entry by entry. */
async function runOf(page: Page): Promise<{ page: string; log: string[] }> {
  const log = page.getByRole("log", { name: "Event log" });
  // The last hop of this visit: the app server's answer, 75 s late, thrown away by Nginx.
  // Paused by the page itself as soon as it shows: at 100× the traffic's line a simulated
  // second would otherwise push it out of the log's newest 400 while a slow machine clicks.
  await page.evaluate(
    () =>
      new Promise<void>((done) => {
        const check = () => {
          const late = [...document.querySelectorAll(".log-entry")].some((e) =>
            e.textContent?.includes("late answer is discarded"),
          );
          if (!late) return false;
          (
            document.querySelector("button[aria-label='Pause']") as HTMLButtonElement | null
          )?.click();
          return true;
        };
        if (check()) return done();
        const observer = new MutationObserver(() => {
          if (check()) {
            observer.disconnect();
            done();
          }
        });
        observer.observe(document.body, { childList: true, subtree: true });
      }),
  );
  await log.getByText(/late answer is discarded/).waitFor({ timeout: 20_000 });
  const pause = page.getByRole("button", { name: "Pause" });
  if (await pause.isVisible()) await pause.click();
  const entries = await log.locator(".log-entry").allTextContents();
  const last = entries.findIndex((e) => e.includes("late answer is discarded"));
  return {
    page: (await page.locator(".browser-page").textContent()) ?? "",
    log: [
      (await page.locator(".browser-view .count").textContent()) ?? "",
      ...entries.slice(0, last + 1),
    ],
  };
}

describe("Copy link, in Chromium", () => {
  it("restores the scene, faults, traffic, speed and seed, and with the same seed the same run", async () => {
    const permissions = ["clipboard-read", "clipboard-write"];
    const { page, errors } = await app.open("?seed=4242", { permissions });
    const stage = page.getByRole("region", { name: "The one-server stack" });
    // Change everything a link carries, by hand.
    await page.getByRole("combobox", { name: "Scene" }).selectOption("first-visit");
    await stage.getByRole("button", { name: "Kill MySQL" }).click();
    await stage.getByRole("button", { name: "Slow Application server" }).click();
    await stage.getByRole("button", { name: /^Application server / }).click();
    const workers = page
      .getByRole("region", { name: "Application server" })
      .getByRole("spinbutton", { name: "Workers (pm.max_children)" });
    await workers.fill("8");
    await workers.press("Enter");
    await stage.getByRole("button", { name: /^Application server .* 0\/8 workers/ }).waitFor();
    const rps = page.getByRole("slider", { name: "Requests per second" });
    await rps.focus();
    await page.keyboard.press("ArrowRight"); // 0 → 10 visits per second: plays, at 1×
    await expect(rps.inputValue()).resolves.toBe("10");
    const speed = page.getByRole("slider", { name: "Speed" });
    await speed.focus();
    await page.keyboard.press("ArrowRight"); // 1× → 10×
    await page.keyboard.press("ArrowRight"); // 10× → 100×
    await expect(page.locator(".speed-value").textContent()).resolves.toBe("100×");

    await page.getByRole("button", { name: "Copy link", exact: true }).click();
    const notice = page.getByRole("status", { name: "Notices" }).getByText(/^Link copied: /);
    await notice.waitFor();
    const link = ((await notice.textContent()) ?? "").replace(/^Link copied: /, "");
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(link);
    const url = new URL(link);
    expect(`${url.origin}${url.pathname}`).toBe(app.baseUrl());
    expect(Object.fromEntries(url.searchParams)).toEqual({
      scene: "first-visit",
      seed: "4242",
      speed: "100",
      rps: "10",
      kill: "mysql",
      slow: "app",
      set: "app.workers:8",
    });
    // What the scene's visit came to here (the app server hangs, so Nginx gives up: 504).
    const original = await runOf(page);
    expect(original.page).toContain("504 Gateway Time-out");
    expect(errors).toEqual([]);
    await page.close();

    // The link opens the same picture, paused at the start.
    const restored = await app.open(url.search);
    const p = restored.page;
    await expect(p.getByRole("combobox", { name: "Scene" }).inputValue()).resolves.toBe(
      "first-visit",
    );
    await p.getByRole("button", { name: /^MySQL .* Down · killed/ }).waitFor();
    await p
      .getByRole("button", { name: /^Application server .* Up · 0\/8 workers slow$/ })
      .waitFor();
    await expect(p.getByRole("button", { name: / Down · / }).count()).resolves.toBe(1);
    await expect(p.getByRole("button", { name: / slow$/ }).count()).resolves.toBe(1);
    await expect(p.getByRole("slider", { name: "Requests per second" }).inputValue()).resolves.toBe(
      "10",
    );
    await expect(p.locator(".rps-value").textContent()).resolves.toBe("10/s");
    await expect(p.locator(".speed-value").textContent()).resolves.toBe("100×");
    await expect(p.locator(".clock-value").textContent()).resolves.toBe("0.0 ms");
    expect(await noticeTexts(p)).toEqual(["A first visit: press Play to start."]);
    // Played, it comes to the same end as the page the link was copied from.
    await p.getByRole("button", { name: "Play" }).click();
    const played = await runOf(p);
    expect(played.page).toBe(original.page);
    expect(restored.errors).toEqual([]);
    await p.close();

    // Same link, same seed: the same run, hop for hop and to the tenth of a millisecond.
    const autoplayed = await app.open(`${url.search}&autoplay=1`);
    const again = await runOf(autoplayed.page);
    await autoplayed.page.close();
    expect(played.log.length).toBeGreaterThan(20);
    expect(again).toEqual(played);
    // Which is the seed's doing: another seed times the same hops differently.
    const other = await app.open(`${url.search.replace("seed=4242", "seed=4243")}&autoplay=1`);
    const otherRun = await runOf(other.page);
    await other.page.close();
    expect(otherRun.page).toBe(played.page);
    expect(otherRun.log).not.toEqual(played.log);
  });
});

describe("Copy link of a scene with its fault undone, in Chromium", () => {
  it("says kill= (none) and opens with every component up", async () => {
    const { page, errors } = await app.open("?scene=mysql-down", {
      permissions: ["clipboard-read", "clipboard-write"],
    });
    await page
      .getByRole("region", { name: "The one-server stack" })
      .getByRole("button", { name: "Revive MySQL" })
      .click();
    await page.getByRole("button", { name: /^MySQL .* Up · idle/ }).waitFor();
    await page.getByRole("button", { name: "Copy link", exact: true }).click();
    await page
      .getByRole("status", { name: "Notices" })
      .getByText(/^Link copied: /)
      .waitFor();
    const url = new URL(await page.evaluate(() => navigator.clipboard.readText()));
    expect(url.search).toBe("?scene=mysql-down&seed=1&speed=1&kill=");
    await page.close();
    const restored = await app.open(url.search);
    await expect(restored.page.getByRole("button", { name: / Down · / }).count()).resolves.toBe(0);
    expect(await noticeTexts(restored.page)).toEqual(["MySQL is down: press Play to start."]);
    expect(errors).toEqual([]);
    expect(restored.errors).toEqual([]);
    await restored.page.close();
  });
});

describe("malformed URL parameters, in Chromium", () => {
  const BAD = [
    {
      query: "?scene=%3Cscript%3Ealert(1)%3C%2Fscript%3E",
      notice: "Ignored scene=“<script>alert(1)</script>”: there is no such scene",
    },
    { query: "?kill=ghost", notice: "Ignored kill=“ghost”: there is no component “ghost”" },
    {
      query: "?set=app.workers:0",
      notice: "Ignored set=“app.workers:0”: “app.workers:0”: it must be from",
    },
    { query: "?theme=blue", notice: "Ignored theme=“blue”: use light or dark" },
    { query: "?embed=yes", notice: "Ignored embed=“yes”: use 1" },
    {
      query: "?kill=%3Cimg%20src%3Dx%20onerror%3Dalert(2)%3E",
      notice: "Ignored kill=“<img src=x onerror=alert(2)>”: there is no component",
    },
  ];
  it("each is quoted as text in a notice, injects nothing, and the default scene opens", async () => {
    for (const bad of BAD) {
      // Watched from before it loads: a dialog during the load would count.
      const page = await app.browser().newPage({ viewport: { width: 1440, height: 900 } });
      const seen = watchPage(page);
      await page.goto(`${app.baseUrl()}${bad.query}`);
      await page.getByRole("button", { name: "Visit www.foobar.com" }).waitFor();
      const notices = await noticeTexts(page);
      expect(notices, bad.query).toHaveLength(1);
      expect(notices[0], bad.query).toContain(bad.notice);
      expect(await page.locator(".notices .notice.warning").count()).toBe(1);
      // Shown as text: no element was made from the value, nothing ran.
      expect(await page.locator("script").count(), bad.query).toBe(1); // the app's own
      expect(await page.locator("body img, body script, [onerror]").count(), bad.query).toBe(0);
      // The notice's text holds no element but the <bdi> isolating the value: any
      // other "<" in it is an escaped character.
      const html = await page.locator(".notices .notice > span").innerHTML();
      expect(html, bad.query).toMatch(/<bdi>[^<]*<\/bdi>/);
      expect(html.replace(/<bdi>([^<]*)<\/bdi>/g, "$1"), bad.query).not.toContain("<");
      expect(seen.dialogs, bad.query).toEqual([]);
      // Otherwise the default: the full app on the one-server scene, nothing broken.
      await expect(page.getByRole("combobox", { name: "Scene" }).inputValue()).resolves.toBe(
        "one-server",
      );
      await expect(page.getByRole("button", { name: / Down · / }).count()).resolves.toBe(0);
      await expect(page.getByRole("log", { name: "Event log" }).count()).resolves.toBe(1);
      await expect(page.evaluate(() => document.documentElement.dataset.theme)).resolves.toBe(
        "light",
      );
      expect(seen.errors, bad.query).toEqual([]);
      await page.close();
    }
  });
});

describe("keyboard shortcuts, in Chromium", () => {
  it("? opens the help and Escape closes it; Space plays and pauses; V visits", async () => {
    const { page, errors } = await app.open();
    await page.keyboard.press("?");
    const help = page.getByRole("dialog", { name: "Keyboard shortcuts" });
    await help.waitFor();
    for (const label of [
      "Play or pause",
      "Step to the next hop",
      "Visit www.foobar.com",
      "Kill the selected component (again: revive it)",
      "Start a deploy",
      "Surge the traffic ×10",
      "Show or hide the side panels",
      "Switch between light and dark",
      "Show or hide this help",
    ]) {
      await expect(help.getByText(label, { exact: true }).isVisible()).resolves.toBe(true);
    }
    // While the help is open, other shortcuts do nothing.
    await page.keyboard.press("v");
    await page.keyboard.press("Escape");
    await help.waitFor({ state: "detached" });
    await expect(page.locator(".clock-state").textContent()).resolves.toBe("paused");
    await expect(page.locator(".log-entry").count()).resolves.toBe(0);

    // v: a visit starts (in slow motion, so it is still under way below).
    await page.keyboard.press("v");
    await page.locator(".log-entry").first().waitFor({ timeout: 5_000 });
    await expect(page.locator(".clock-state").textContent()).resolves.toBe("running");
    // Space pauses: the clock stops.
    await page.keyboard.press(" ");
    await page.getByRole("button", { name: "Play" }).waitFor();
    const stopped = await page.locator(".clock-value").textContent();
    await page.waitForTimeout(300);
    await expect(page.locator(".clock-value").textContent()).resolves.toBe(stopped);
    // Space again plays on.
    await page.keyboard.press(" ");
    await page.getByRole("button", { name: "Pause" }).waitFor();
    await page.waitForFunction(
      (before) => document.querySelector(".clock-value")?.textContent !== before,
      stopped,
      { timeout: 5_000 },
    );
    expect(errors).toEqual([]);
    await page.close();
  });

  it("K kills the selected component and K again revives it; no shortcut while typing", async () => {
    const { page, errors } = await app.open();
    const mysql = page.getByRole("button", { name: /^MySQL / });
    await mysql.click();
    await page.keyboard.press("k");
    await page.getByRole("button", { name: /^MySQL .* Down · killed/ }).waitFor();
    await page.keyboard.press("k");
    await page.getByRole("button", { name: /^MySQL .* Up · idle/ }).waitFor();

    // Typing in the address bar: the letters go into the field, nothing else happens.
    const entries = await page.locator(".log-entry").count(); // the kill and the revive
    const notices = await noticeTexts(page);
    const address = page
      .getByRole("region", { name: "Browser view" })
      .getByRole("textbox", { name: "Address" });
    await address.fill("");
    await address.pressSequentially("kvdstp? x");
    await expect(address.inputValue()).resolves.toBe("kvdstp? x");
    await page.waitForTimeout(200);
    await page.getByRole("button", { name: /^MySQL .* Up · idle/ }).waitFor(); // k: not killed
    await expect(page.locator(".log-entry").count()).resolves.toBe(entries); // v: no visit
    await expect(page.locator(".log-entry.hop").count()).resolves.toBe(0);
    await expect(page.getByRole("button", { name: "Start deploy" }).isEnabled()).resolves.toBe(
      true,
    ); // d: no deploy
    await expect(page.locator(".rps-value").textContent()).resolves.toBe("0/s"); // s: no surge
    await expect(page.getByRole("log", { name: "Event log" }).count()).resolves.toBe(1); // p
    await expect(page.evaluate(() => document.documentElement.dataset.theme)).resolves.toBe(
      "light",
    ); // t
    await expect(page.getByRole("dialog").count()).resolves.toBe(0); // ?
    await expect(page.locator(".clock-state").textContent()).resolves.toBe("paused"); // Space
    // Not even refused: a shortcut that cannot act (S with no traffic) would say so in a notice.
    expect(await noticeTexts(page)).toEqual(notices);
    expect(errors).toEqual([]);
    await page.close();
  });
});

describe("themes, in Chromium", () => {
  for (const theme of ["dark", "light"] as const) {
    it(`theme=${theme} sets data-theme="${theme}", whatever the system prefers`, async () => {
      const system = theme === "dark" ? "light" : "dark";
      const { page, errors } = await app.open(`?theme=${theme}`, {
        colorScheme: system,
        viewport: { width: 1280, height: 720 },
      });
      await expect(page.evaluate(() => document.documentElement.dataset.theme)).resolves.toBe(
        theme,
      );
      await page.screenshot({ path: `${ARTIFACTS}/theme-${theme}-1280x720.png` });
      // T flips it.
      await page.keyboard.press("t");
      await expect(page.evaluate(() => document.documentElement.dataset.theme)).resolves.toBe(
        system,
      );
      expect(errors).toEqual([]);
      await page.close();
    });
  }
});
