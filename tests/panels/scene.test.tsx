// @vitest-environment jsdom
import { act, cleanup, render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import { App } from "../../src/app/App";
import { parseLink, type View } from "../../src/app/link";
import { SCENES } from "../../src/scenes/catalog";
import { oneServerTopology } from "../../src/scenes/oneServer";
import { createHopscopeStore, HopscopeProvider } from "../../src/store";

afterEach(() => {
  cleanup();
  delete document.documentElement.dataset.theme;
});

function renderApp(view?: View) {
  const store = createHopscopeStore({ topology: oneServerTopology, seed: 1 });
  const user = userEvent.setup();
  render(
    <HopscopeProvider store={store}>
      <App {...(view ? { view } : {})} />
    </HopscopeProvider>,
  );
  return { store, user };
}

const notices = () => screen.getByRole("status", { name: "Notices" });

describe("the scene panel", () => {
  it("lists every scene; choosing one loads it paused, with its explanation", async () => {
    const { store, user } = renderApp();
    const panel = screen.getByRole("region", { name: "Scene" });
    const picker = within(panel).getByRole("combobox", { name: "Scene" });
    expect(
      within(picker)
        .getAllByRole("option")
        .map((o) => o.textContent),
    ).toEqual(SCENES.map((s) => s.title));
    await user.selectOptions(picker, "MySQL is down");
    expect(store.getState().scene.id).toBe("mysql-down");
    expect(store.getState().sim.health("mysql").killed).toBe(true);
    expect(store.getState().playing).toBe(false);
    expect(within(panel).getByText(/cannot connect to its database/)).toBeVisible();
    expect(within(notices()).getByText("MySQL is down: press Play to start.")).toBeVisible();
    expect(screen.getAllByRole("button", { name: "Revive MySQL" }).length).toBeGreaterThan(0);
  });

  it("Copy link puts a link that restores the live state on the clipboard", async () => {
    const { store, user } = renderApp();
    const writeText = vi.fn(async (_: string) => {});
    Object.defineProperty(navigator, "clipboard", { value: { writeText }, configurable: true });
    act(() => {
      store.getState().actions.kill("nginx");
      store.getState().actions.setRps(30);
      store.getState().actions.configure("mysql", "maxConnections", 20);
    });
    await user.click(screen.getByRole("button", { name: "Copy link" }));
    expect(writeText).toHaveBeenCalledTimes(1);
    const url = writeText.mock.calls[0]?.[0] ?? "";
    expect(url).toMatch(/^http:\/\/localhost(:\d+)?\/\?scene=one-server&seed=1&speed=1&/);
    const link = parseLink(new URL(url).search, oneServerTopology);
    expect(link.notices).toEqual([]);
    expect(link.setup).toMatchObject({
      scene: "one-server",
      rps: 30,
      kill: ["nginx"],
      settings: [{ component: "mysql", setting: "maxConnections", value: 20 }],
    });
    // Notices render in a transition (src/panels/Notices.tsx): on a busy machine, a moment later.
    expect(await within(notices()).findByText(`Link copied: ${url}`)).toBeVisible();
  });

  it("without a clipboard, Copy link shows the link to copy by hand", async () => {
    const { user } = renderApp();
    Object.defineProperty(navigator, "clipboard", {
      value: { writeText: () => Promise.reject(new Error("denied")) },
      configurable: true,
    });
    await user.click(screen.getByRole("button", { name: "Copy link" }));
    expect(
      await within(notices()).findByText(/^Copy this link by hand .*\?scene=one-server/),
    ).toBeVisible();
  });
});

describe("keyboard shortcuts", () => {
  it("? opens the help dialog, which lists them; Escape closes it and gives focus back", async () => {
    const { user } = renderApp();
    const helpButton = screen.getByRole("button", { name: "Keyboard shortcuts" });
    helpButton.focus();
    await user.keyboard("?");
    const dialog = screen.getByRole("dialog", { name: "Keyboard shortcuts" });
    expect(within(dialog).getByText("Play or pause")).toBeVisible();
    expect(within(dialog).getByRole("button", { name: "Close keyboard shortcuts" })).toHaveFocus();
    await user.keyboard("v"); // shortcuts sleep while the help is open
    expect(screen.queryByRole("dialog")).toBeInTheDocument();
    await user.keyboard("{Escape}");
    expect(screen.queryByRole("dialog")).not.toBeInTheDocument();
    expect(helpButton).toHaveFocus();
  });

  it("v visits, Space pauses and plays, → steps", async () => {
    const { store, user } = renderApp();
    await user.keyboard("v");
    expect(store.getState().sim.visits).toHaveLength(1);
    expect(store.getState().playing).toBe(true);
    await user.keyboard(" ");
    expect(store.getState().playing).toBe(false);
    await user.keyboard(" ");
    expect(store.getState().playing).toBe(true);
    await user.keyboard("{ArrowRight}");
    expect(store.getState().stepping).toBe(true);
  });

  it("k kills the selected component and revives it the second time; without one it says how", async () => {
    const { store, user } = renderApp();
    await user.keyboard("k");
    expect(within(notices()).getByText(/Select a component first/)).toBeVisible();
    act(() => store.getState().actions.select("mysql"));
    await user.keyboard("k");
    expect(store.getState().sim.health("mysql").killed).toBe(true);
    await user.keyboard("K");
    expect(store.getState().sim.health("mysql").killed).toBe(false);
  });

  it("d deploys, s surges (with traffic), t switches the theme, p hides the panels", async () => {
    const { store, user } = renderApp();
    await user.keyboard("d");
    expect(store.getState().sim.deployState()?.endedAt).toBeUndefined();
    act(() => store.getState().actions.setRps(20));
    await user.keyboard("s");
    expect(store.getState().sim.trafficState().surging).toBe(true);
    document.documentElement.dataset.theme = "light";
    await user.keyboard("t");
    expect(store.getState().theme).toBe("dark");
    expect(document.documentElement.dataset.theme).toBe("dark");
    await user.keyboard("p");
    expect(screen.queryByRole("region", { name: "Scene" })).not.toBeInTheDocument();
  });

  it("does nothing while typing in the address bar, or with a modifier key", async () => {
    const { store, user } = renderApp();
    const address = screen.getByRole("textbox", { name: "Address" });
    await user.click(address);
    await user.keyboard("vds ");
    expect(store.getState().sim.visits).toHaveLength(0);
    expect(store.getState().sim.deployState()).toBeUndefined();
    address.blur();
    await user.keyboard("{Control>}v{/Control}");
    expect(store.getState().sim.visits).toHaveLength(0);
  });

  it("ignores a key named like an inherited property (a script-made event), without an error", () => {
    const { store } = renderApp();
    const before = store.getState().sim.stats();
    // An exception in a listener does not leave dispatchEvent: it is reported as an error event.
    const errors: unknown[] = [];
    const onError = (e: ErrorEvent) => {
      errors.push(e.error);
      e.preventDefault();
    };
    window.addEventListener("error", onError);
    for (const key of ["constructor", "__proto__", "toString", "hasOwnProperty"])
      document.body.dispatchEvent(new KeyboardEvent("keydown", { key, bubbles: true }));
    window.removeEventListener("error", onError);
    expect(errors).toEqual([]);
    expect(store.getState().sim.stats()).toEqual(before);
    expect(store.getState().notices).toEqual([]);
  });
});

describe("embed mode", () => {
  it("shows the canvas and a small bar: no side panels, no traffic or scene panel", () => {
    renderApp({ embed: true, controls: true });
    const bar = screen.getByRole("toolbar", { name: "Playback" });
    expect(within(bar).getByRole("button", { name: "Visit www.foobar.com" })).toBeVisible();
    expect(within(bar).queryByRole("button", { name: "Start deploy" })).not.toBeInTheDocument();
    expect(screen.queryByRole("region", { name: "Scene" })).not.toBeInTheDocument();
    expect(screen.queryByRole("log", { name: "Event log" })).not.toBeInTheDocument();
    expect(screen.getByText("The one-server stack")).toBeVisible();
  });

  it("controls=0 leaves a pure picture", () => {
    renderApp({ embed: true, controls: false });
    expect(screen.queryByRole("toolbar", { name: "Playback" })).not.toBeInTheDocument();
  });
});

describe("notices in a slide", () => {
  it("show only the newest two, so they never cover the diagram", () => {
    const { store } = renderApp({ embed: true, controls: true });
    act(() => {
      for (const n of [1, 2, 3]) store.getState().actions.notify(`warning ${n}`);
    });
    expect(within(notices()).queryByText("warning 1")).not.toBeInTheDocument();
    expect(within(notices()).getByText("warning 2")).toBeVisible();
    expect(within(notices()).getByText("warning 3")).toBeVisible();
  });
});
