// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it } from "vitest";
import { Controls } from "../../src/panels/Controls";
import { EventLog } from "../../src/panels/EventLog";
import { Notices } from "../../src/panels/Notices";
import { oneServerTopology } from "../../src/scenes/oneServer";
import { createHopscopeStore, HopscopeProvider, type HopscopeStore } from "../../src/store";

afterEach(cleanup);

function setup(options: { notices?: string[] } = {}) {
  const store = createHopscopeStore({ topology: oneServerTopology, seed: 1, ...options });
  const user = userEvent.setup();
  render(
    <HopscopeProvider store={store}>
      <Controls />
      <Notices />
      <EventLog />
    </HopscopeProvider>,
  );
  const toolbar = screen.getByRole("toolbar", { name: "Playback" });
  const button = (name: string) => within(toolbar).getByRole("button", { name });
  return { store, user, toolbar, button };
}

/** Advances real time in 16 ms frames, as the animation loop would. */
function frames(store: HopscopeStore, realMs: number): void {
  act(() => {
    for (let t = 0; t < realMs; t += 16) store.getState().actions.tick(16);
  });
}

/**
 * The notices area. The speed's `<output>` is a `status` too (its implicit
 * role), so pick the one outside the toolbar.
 */
function noticesArea(): HTMLElement {
  const toolbar = screen.getByRole("toolbar", { name: "Playback" });
  const areas = screen.getAllByRole("status").filter((el) => !toolbar.contains(el));
  expect(areas).toHaveLength(1);
  return areas[0] as HTMLElement;
}

function logItems(): HTMLElement[] {
  return within(screen.getByRole("log", { name: "Event log" })).queryAllByRole("listitem");
}

describe("the playback toolbar", () => {
  it("has the visit, play, step and reset buttons and the speed slider", () => {
    const { toolbar, button } = setup();
    expect(button("Visit www.foobar.com")).toBeEnabled();
    expect(button("Play")).toBeEnabled();
    expect(button("Step")).toHaveAttribute("aria-disabled", "true");
    expect(button("Reset")).toBeEnabled();
    const slider = within(toolbar).getByRole("slider", { name: "Speed" });
    expect(slider).toHaveAttribute("aria-valuetext", "Slow motion: about a second per hop");
    expect(within(toolbar).queryByRole("button", { name: "Pause" })).toBeNull();
  });

  it("visit fills the event log, starting with the browser's DNS query", async () => {
    const { store, user, button } = setup();
    expect(logItems()).toHaveLength(0);
    await user.click(button("Visit www.foobar.com"));

    const [miss, query] = logItems();
    expect(miss).toHaveTextContent("not in the browser's DNS cache");
    expect(query).toHaveTextContent("DNS");
    expect(query).toHaveTextContent("Your browser → DNS resolver");
    expect(query).toHaveTextContent("A? www.foobar.com.");

    // As the engine advances, the resolver goes on to ask a root server.
    frames(store, 2500);
    const texts = logItems().map((li) => li.textContent ?? "");
    expect(texts.length).toBeGreaterThan(2);
    expect(texts.some((t) => t.includes("DNS resolver → Root server"))).toBe(true);
    expect(texts).toHaveLength(store.getState().traceLength);
  });

  it("one button toggles between Play and Pause", async () => {
    const { store, user, button, toolbar } = setup();
    await user.click(button("Visit www.foobar.com"));
    expect(store.getState().playing).toBe(true);
    await user.click(button("Pause"));
    expect(store.getState().playing).toBe(false);
    expect(within(toolbar).queryByRole("button", { name: "Pause" })).toBeNull();
    await user.click(button("Play"));
    expect(store.getState().playing).toBe(true);
    expect(button("Pause")).toBeInTheDocument();
  });

  it("Step is disabled before any visit, saying why, enabled after, and steps one entry at a time", async () => {
    const { store, user, button } = setup();
    // Disabled with its reason, yet focusable: a keyboard user finds it and hears why.
    const why = "Nothing to step through: press “Visit www.foobar.com” first.";
    expect(button("Step")).toHaveAttribute("aria-disabled", "true");
    expect(button("Step")).toHaveAccessibleDescription(why);
    expect(button("Step")).toHaveAttribute("title", why);
    expect(button("Step")).not.toHaveAttribute("disabled");
    await user.tab();
    await user.tab();
    await user.tab();
    await user.tab();
    // Step back comes first, disabled at time 0 with its reason.
    expect(button("Step back")).toHaveFocus();
    expect(button("Step back")).toHaveAttribute("aria-disabled", "true");
    expect(button("Step back")).toHaveAccessibleDescription(
      "Already at the start: there is nothing before time 0.",
    );
    await user.tab();
    expect(button("Step")).toHaveFocus();
    // Pressed anyway: nothing starts, and the notice says the same.
    await user.keyboard("{Enter}");
    expect(store.getState().playing).toBe(false);
    expect(store.getState().notices.map((n) => n.text)).toEqual([why]);
    await user.click(button("Visit www.foobar.com"));
    expect(button("Step")).not.toHaveAttribute("aria-disabled");
    expect(button("Step")).toHaveAccessibleDescription("Advance to the next hop, then pause (→)");
    await user.click(button("Pause"));

    const before = logItems().length;
    await user.click(button("Step"));
    expect(store.getState().stepping).toBe(true);
    frames(store, 1400);
    expect(store.getState().playing).toBe(false);
    expect(logItems().length).toBeGreaterThan(before);
    expect(button("Play")).toBeInTheDocument();

    // Once the visit is over nothing is scheduled, and Step is disabled again.
    act(() => {
      store.getState().sim.runUntilIdle();
      store.getState().actions.pause();
    });
    expect(button("Step")).toHaveAttribute("aria-disabled", "true");
  });

  it("Reset empties the log and stops playback", async () => {
    const { store, user, button } = setup();
    await user.click(button("Visit www.foobar.com"));
    frames(store, 1000);
    expect(logItems().length).toBeGreaterThan(0);
    await user.click(button("Reset"));
    expect(logItems()).toHaveLength(0);
    expect(button("Play")).toBeInTheDocument();
    expect(button("Step")).toHaveAttribute("aria-disabled", "true");
    expect(store.getState().sim.trace).toHaveLength(0);
  });

  it("the Speed slider sets the speed and says it in words", () => {
    const { store, toolbar } = setup();
    const slider = within(toolbar).getByRole("slider", { name: "Speed" });
    fireEvent.change(slider, { target: { value: "4" } });
    expect(store.getState().speed).toBe("100");
    expect(slider).toHaveAttribute("aria-valuetext", "100 times real time");
    expect(within(toolbar).getByText("100×")).toBeInTheDocument();
    fireEvent.change(slider, { target: { value: "2" } });
    expect(store.getState().speed).toBe("1");
    expect(slider).toHaveAttribute("aria-valuetext", "Real time");
  });

  it("shows the simulated time, which moves as the engine advances", async () => {
    const { store, user, button, toolbar } = setup();
    expect(within(toolbar).getByText("0.0 ms")).toBeInTheDocument();
    fireEvent.change(within(toolbar).getByRole("slider", { name: "Speed" }), {
      target: { value: "2" },
    });
    await user.click(button("Visit www.foobar.com"));
    frames(store, 208);
    expect(within(toolbar).queryByText("0.0 ms")).toBeNull();
    expect(store.getState().now).toBeGreaterThan(100);
  });

  // During a step the toggle reads "Play"; pressing it must play on, not pause.
  it("pressing Play during a step plays on", async () => {
    const { store, user, button } = setup();
    await user.click(button("Visit www.foobar.com"));
    await user.click(button("Pause"));
    await user.click(button("Step"));
    frames(store, 200); // still inside the step: the first hop takes ~900 ms
    expect(store.getState().stepping).toBe(true);
    await user.click(button("Play"));
    const { playing, stepping } = store.getState();
    expect({ playing, stepping }).toEqual({ playing: true, stepping: false });
  });
});

describe("notices", () => {
  it("render in the status area and can be dismissed one by one", async () => {
    const { user } = setup({ notices: ["Ignored seed=“abc”.", "Ignored speed=“fast”."] });
    const status = noticesArea();
    expect(status).toHaveTextContent("Ignored seed=“abc”.");
    expect(status).toHaveTextContent("Ignored speed=“fast”.");
    const dismiss = within(status).getAllByRole("button", { name: "Dismiss notice" });
    expect(dismiss).toHaveLength(2);
    await user.click(dismiss[0] as HTMLElement);
    expect(status).not.toHaveTextContent("abc");
    expect(status).toHaveTextContent("Ignored speed=“fast”.");
    await user.click(within(status).getByRole("button", { name: "Dismiss notice" }));
    expect(within(status).queryByRole("button", { name: "Dismiss notice" })).toBeNull();
    expect(status).toBeEmptyDOMElement();
  });

  it("a refused step explains itself in a notice", () => {
    const { store } = setup();
    act(() => store.getState().actions.step());
    expect(noticesArea()).toHaveTextContent(/Nothing to step through/);
  });

  it("a notice shows user text as text, not markup", () => {
    setup({ notices: ["Ignored seed=“<img src=x onerror=alert(1)>”."] });
    const status = noticesArea();
    expect(status).toHaveTextContent("<img src=x onerror=alert(1)>");
    expect(status.querySelector("img")).toBeNull();
  });
});
