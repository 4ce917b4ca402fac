// @vitest-environment jsdom
import { act, cleanup, render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it } from "vitest";
import { parseLink } from "../../src/app/link";
import { Notices } from "../../src/panels/Notices";
import { oneServerTopology } from "../../src/scenes/oneServer";
import {
  createHopscopeStore,
  HopscopeProvider,
  type HopscopeStore,
  input,
  type Message,
  message,
} from "../../src/store";

afterEach(cleanup);

function setup(options: { notices?: readonly (string | Message)[]; limit?: number } = {}) {
  const store = createHopscopeStore({
    topology: oneServerTopology,
    seed: 1,
    ...(options.notices ? { notices: options.notices } : {}),
  });
  const user = userEvent.setup();
  render(
    <HopscopeProvider store={store}>
      <button type="button">Elsewhere</button>
      <Notices {...(options.limit ? { limit: options.limit } : {})} />
    </HopscopeProvider>,
  );
  return { store, user };
}

const status = () => screen.getByRole("status", { name: "Notices" });
const notify = (store: HopscopeStore, text: string | Message, tone?: "info" | "warning") =>
  act(() => store.getState().actions.notify(text, tone));

/** Advances real time in 16 ms frames, as the animation loop would. */
function frames(store: HopscopeStore, realMs: number): void {
  act(() => {
    for (let t = 0; t < realMs; t += 16) store.getState().actions.tick(16);
  });
}

/** The visible notices, by their text (without the count). */
const shownTexts = () =>
  within(status())
    .queryAllByRole("button", { name: "Dismiss notice" })
    .map((b) => b.closest(".notice")?.querySelector(":scope > span")?.textContent);

describe("the notices region", () => {
  it("is a polite status named Notices; each notice keeps its icon and a named dismiss button", async () => {
    const { store, user } = setup();
    const region = status();
    expect(region).toHaveAttribute("aria-live", "polite");
    expect(region).toBeEmptyDOMElement();
    notify(store, "MySQL is already down.");
    notify(store, "Traffic plays in real time.", "info");
    const dismiss = within(region).getAllByRole("button", { name: "Dismiss notice" });
    expect(dismiss).toHaveLength(2);
    // Status never by colour alone: a warning and an info each have their icon.
    expect(region.querySelectorAll(".notice.warning svg.lucide-triangle-alert")).toHaveLength(1);
    expect(region.querySelectorAll(".notice.info svg.lucide-info")).toHaveLength(1);
    // Keyboard reachable: Tab goes from the page into the dismiss buttons.
    await user.tab();
    expect(screen.getByRole("button", { name: "Elsewhere" })).toHaveFocus();
    await user.tab();
    expect(dismiss[0]).toHaveFocus();
    await user.keyboard("{Enter}");
    expect(shownTexts()).toEqual(["Traffic plays in real time."]);
    // Focus stays in the notices, on what is left.
    expect(within(region).getByRole("button", { name: "Dismiss notice" })).toHaveFocus();
  });
});

describe("repeats", () => {
  it("the same message eight times is one notice marked ×8, announced once", () => {
    const { store } = setup();
    notify(store, "MySQL is already down.");
    const first = status().querySelector(".notice");
    const text = first?.querySelector(":scope > span")?.textContent;
    for (let i = 0; i < 7; i++) notify(store, "MySQL is already down.");
    expect(store.getState().notices).toHaveLength(1);
    expect(store.getState().notices[0]?.count).toBe(8);
    expect(status().querySelectorAll(".notice")).toHaveLength(1);
    // Same element, same words: the live region has nothing new to read out…
    expect(status().querySelector(".notice")).toBe(first);
    expect(first?.querySelector(":scope > span")?.textContent).toBe(text);
    // …the count is shown but hidden from the live region, and told by the dismiss button.
    const count = within(status()).getByText("×8");
    expect(count).toBeVisible();
    expect(count).toHaveAttribute("aria-hidden", "true");
    expect(
      within(status()).getByRole("button", {
        name: "Dismiss notice",
        description: "Came 8 times.",
      }),
    ).toBeInTheDocument();
  });

  it("counts thousands readably, and an info with the same words is another notice", () => {
    const { store } = setup();
    act(() => {
      for (let i = 0; i < 1_234; i++) store.getState().actions.notify("Refused.");
    });
    notify(store, "Refused.", "info");
    expect(within(status()).getByText("×1,234")).toBeVisible();
    expect(store.getState().notices.map((n) => [n.tone, n.count])).toEqual([
      ["warning", 1234],
      ["info", 1],
    ]);
  });
});

describe("at most three at once", () => {
  it("shows the newest three (newest last) and sums up the rest as +N more", async () => {
    const { store, user } = setup();
    for (let i = 1; i <= 15; i++) notify(store, `Refused ${i}.`);
    expect(shownTexts()).toEqual(["Refused 13.", "Refused 14.", "Refused 15."]);
    const more = screen.getByRole("button", { name: "+12 more" });
    expect(more).toHaveAttribute("aria-expanded", "false");
    expect(screen.queryByRole("list", { name: "Older notices" })).toBeNull();

    await user.click(more);
    const older = screen.getByRole("list", { name: "Older notices" });
    expect(within(older).getAllByRole("button", { name: "Dismiss notice" })).toHaveLength(12);
    expect(older).toHaveTextContent("Refused 1.");
    expect(screen.getByRole("button", { name: "Hide 12 older" })).toHaveAttribute(
      "aria-expanded",
      "true",
    );
    // Expanding shows them outside the live region: nothing is read out again.
    expect(status()).not.toHaveTextContent("Refused 1.");

    await user.click(screen.getByRole("button", { name: "Dismiss 12 older" }));
    expect(store.getState().notices.map((n) => n.text)).toEqual([
      "Refused 13.",
      "Refused 14.",
      "Refused 15.",
    ]);
    expect(screen.queryByRole("button", { name: /more|older/ })).toBeNull();
  });

  it("a slide shows two; the store keeps at most 50, dropping the oldest", () => {
    const { store } = setup({ limit: 2 });
    act(() => {
      for (let i = 1; i <= 10_000; i++) store.getState().actions.notify(`Refused ${i}.`);
    });
    expect(store.getState().notices).toHaveLength(50);
    expect(store.getState().notices[0]?.text).toBe("Refused 9951.");
    expect(shownTexts()).toEqual(["Refused 9999.", "Refused 10000."]);
    expect(screen.getByRole("button", { name: "+48 more" })).toBeVisible();
  });

  it("a refusal repeated all through a burst keeps its place among the 50, and its count", () => {
    const { store } = setup();
    act(() => {
      for (let i = 1; i <= 1_000; i++)
        store.getState().actions.notify(i % 2 ? `Refused ${i}.` : "Nginx is already running.");
    });
    const notices = store.getState().notices;
    expect(notices).toHaveLength(50);
    expect(notices.find((n) => n.text === "Nginx is already running.")?.count).toBe(500);
    expect(notices.at(-1)?.text).toBe("Refused 999.");
  });

  it("fifteen refused addresses from the address bar: three shown, +12 more", () => {
    const { store } = setup();
    act(() => {
      for (let i = 0; i < 15; i++) store.getState().actions.visitAddress(`bad address ${i}`);
    });
    expect(status().querySelectorAll(".notice")).toHaveLength(3);
    expect(screen.getByRole("button", { name: "+12 more" })).toBeVisible();
    expect(store.getState().sim.trace).toHaveLength(0); // nothing was visited
  });
});

describe("expiry", () => {
  it("a warning goes away by itself after about 8 s of real time", () => {
    const { store } = setup();
    notify(store, "MySQL is already down.");
    frames(store, 7_000);
    expect(shownTexts()).toEqual(["MySQL is already down."]);
    frames(store, 1_500);
    expect(shownTexts()).toEqual([]);
  });

  it("a repeat gives it a fresh 8 s", () => {
    const { store } = setup();
    notify(store, "MySQL is already down.");
    frames(store, 6_000);
    notify(store, "MySQL is already down.");
    frames(store, 6_000);
    expect(shownTexts()).toEqual(["MySQL is already down."]);
    frames(store, 2_500);
    expect(shownTexts()).toEqual([]);
  });

  it("waits while the pointer is over the notices, and goes on once it leaves", async () => {
    const { store, user } = setup();
    notify(store, "MySQL is already down.");
    frames(store, 5_000);
    await user.hover(within(status()).getByText("MySQL is already down."));
    frames(store, 30_000);
    expect(shownTexts()).toEqual(["MySQL is already down."]);
    await user.unhover(within(status()).getByText("MySQL is already down."));
    frames(store, 2_000);
    expect(shownTexts()).toEqual(["MySQL is already down."]);
    frames(store, 1_500);
    expect(shownTexts()).toEqual([]);
  });

  it("waits while focus is inside the notices", async () => {
    const { store, user } = setup();
    notify(store, "MySQL is already down.");
    notify(store, "Nginx is already up.");
    await user.tab();
    await user.tab();
    expect(within(status()).getAllByRole("button", { name: "Dismiss notice" })[0]).toHaveFocus();
    frames(store, 30_000);
    expect(shownTexts()).toHaveLength(2);
    // Focus leaves: the countdown goes on.
    await user.click(screen.getByRole("button", { name: "Elsewhere" }));
    frames(store, 8_500);
    expect(shownTexts()).toEqual([]);
  });
});

describe("input from outside", () => {
  it("is isolated in <bdi>, with a right-to-left override and C0 controls made visible", () => {
    const rlo = "abc\u202Edef\u0007";
    const { store } = setup();
    notify(store, message`Ignored scene=${input(rlo)}: there is no such scene.`);
    const notice = status().querySelector(".notice");
    const bdi = notice?.querySelector("bdi");
    expect(bdi?.textContent).toBe("abc⟨U+202E⟩def⟨U+0007⟩");
    // The words after the value are outside the isolate, in their own order.
    expect(notice?.querySelector(":scope > span")?.textContent).toBe(
      "Ignored scene=“abc⟨U+202E⟩def⟨U+0007⟩”: there is no such scene.",
    );
    expect(notice?.textContent).not.toContain("\u202E");
    expect(notice?.textContent).not.toContain("\u0007");
  });

  it("is text, never markup", () => {
    const { store } = setup();
    notify(store, message`Ignored seed=${input("<img src=x onerror=alert(1)>")}.`);
    expect(status()).toHaveTextContent("Ignored seed=“<img src=x onerror=alert(1)>”.");
    expect(status().querySelector("img")).toBeNull();
  });

  it("a link with 2,000 unknown parameters gives one notice that names a few", () => {
    const query = Array.from({ length: 2_000 }, (_, i) => `p${i}=1`).join("&");
    const link = parseLink(`?${query}&scene=%E2%80%AEevil`, oneServerTopology);
    setup({ notices: link.notices });
    expect(shownTexts()).toEqual([
      "Ignored scene=“⟨U+202E⟩evil”: there is no such scene (use one-server, first-visit, dns-down, mysql-down, app-down, nginx-down, server-down, deploy, deploy-reload, surge, distributed, server-failover, tcp-check-trap, lb-spof, ha-pair, db-failover, rolling-deploy, blue-green, bad-canary, scale-out, db-bottleneck, read-replicas, autoscale-surge, single-web-server, deploy-at-100, surge-on-budget). Showing “The one-server stack”.",
      "Ignored 2,000 unknown parameters: “p0”, “p1”, “p2”, …",
    ]);
    expect(status().querySelectorAll("bdi")).toHaveLength(4);
  });
});
