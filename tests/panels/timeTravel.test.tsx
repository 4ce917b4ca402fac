// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it } from "vitest";
import { BrowserView } from "../../src/panels/BrowserView";
import { EventLog } from "../../src/panels/EventLog";
import { PacketInspector } from "../../src/panels/PacketInspector";
import { Scrubber } from "../../src/panels/Scrubber";
import { sceneById } from "../../src/scenes/catalog";
import { createHopscopeStore, HopscopeProvider, useHopscope } from "../../src/store";
import { setupOfScene } from "../../src/store/setup";

afterEach(cleanup);

/** The packet open in the store, as the app's side panel shows it. */
function OpenPacket() {
  const sim = useHopscope((s) => s.sim);
  const seq = useHopscope((s) => s.inspecting);
  const { inspect } = useHopscope((s) => s.actions);
  const entry = seq === undefined ? undefined : sim.entry(seq);
  return entry?.type === "hop" ? (
    <PacketInspector
      entry={entry}
      trace={sim.trace}
      topology={sim.topology}
      onClose={() => inspect(undefined)}
    />
  ) : null;
}

function setup(scene = "mysql-down") {
  const found = sceneById(scene);
  if (!found) throw new Error(scene);
  const store = createHopscopeStore({ seed: 1, setup: setupOfScene(found, 1), wallClock: () => 0 });
  render(
    <HopscopeProvider store={store}>
      <Scrubber />
      <BrowserView />
      <OpenPacket />
      <EventLog />
    </HopscopeProvider>,
  );
  const log = screen.getByRole("log", { name: "Event log" });
  return { store, log, user: userEvent.setup() };
}

/** Plays the scene's visit to its end, then pauses (published). */
function playToEnd(store: ReturnType<typeof setup>["store"]) {
  act(() => {
    store.getState().actions.play();
    store.getState().actions.advanceTo(3_000);
    store.getState().actions.pause();
  });
}

describe("time travel in the panels", () => {
  // jsdom does not move a range input by keyboard: the browser test does (timeTravel.e2e.ts).
  it("the slider goes back to any moment, and says where it is", () => {
    const { store } = setup();
    playToEnd(store);
    const slider = screen.getByRole("slider", { name: "Time travel" });
    expect(slider).toHaveAttribute("aria-valuetext", "3.00 s of 3.00 s");
    fireEvent.change(slider, { target: { value: "0" } });
    expect(store.getState().sim.now).toBe(0);
    expect(slider).toHaveAttribute("aria-valuetext", "0.0 ms of 3.00 s");
    // The run's end is still there, and the page says it is in the past.
    fireEvent.change(slider, { target: { value: "250" } });
    expect(store.getState().sim.now).toBe(250);
    expect(screen.getByText(/in the past/)).toBeInTheDocument();
    fireEvent.change(slider, { target: { value: "3000" } });
    expect(store.getState().sim.now).toBe(3_000);
    expect(screen.queryByText(/in the past/)).toBeNull();
  });

  it("an entry's time moves the run to it: the log then ends there and the browser waits again", async () => {
    const { store, log, user } = setup();
    playToEnd(store);
    expect(screen.getByRole("region", { name: "Browser view" })).toHaveTextContent(
      "500 Internal Server Error",
    );
    const sql = within(log).getAllByRole("button", { name: /^Inspect packet #\d+: / });
    expect(sql.length).toBeGreaterThan(10);
    const times = within(log).getAllByRole("button", { name: /^Go to / });
    // The fifth entry: the DNS walk is still going on then.
    const fifth = times[4] as HTMLElement;
    const entry = store.getState().sim.trace[4];
    const time = entry?.type === "hop" ? entry.depart : (entry?.at ?? -1);
    expect(fifth).toHaveAccessibleName(`Go to ${time.toFixed(1)} ms`);
    await user.click(fifth);
    expect(store.getState().playing).toBe(false);
    expect(store.getState().sim.now).toBe(time);
    // Every entry on screen happened by then, and the page is not loaded yet.
    for (const e of store.getState().sim.trace)
      expect(e.type === "hop" ? e.depart : e.at).toBeLessThanOrEqual(time);
    expect(within(log).getAllByRole("button", { name: /^Go to / }).length).toBeGreaterThanOrEqual(
      5,
    );
    expect(screen.getByRole("region", { name: "Browser view" })).not.toHaveTextContent(
      "500 Internal Server Error",
    );
  });

  it("an entry's packet opens in the inspector with its layers, and Close closes it", async () => {
    const { store, log, user } = setup("first-visit");
    playToEnd(store);
    const answer = within(log).getAllByRole("button", {
      name: /^Inspect packet #\d+: www\.foobar\.com\. CNAME foobar\.com\. \(TTL 3600\)/,
    })[0] as HTMLElement;
    await user.click(answer);
    expect(answer).toHaveAttribute("aria-pressed", "true");
    const inspector = screen.getByRole("region", { name: /^Packet #\d+: / });
    expect(
      within(inspector).getByRole("group", { name: /^Internet Protocol Version 4/ }),
    ).toBeInTheDocument();
    expect(
      within(inspector).getByRole("group", { name: /^Domain Name System \(response\)/ }),
    ).toBeInTheDocument();
    expect(inspector).toHaveTextContent("foobar.com. A 8.8.8.8");
    await user.click(within(inspector).getByRole("button", { name: "Close the inspector" }));
    expect(screen.queryByRole("region", { name: /^Packet #\d+: / })).toBeNull();
    expect(store.getState().inspecting).toBeUndefined();
  });

  it("following a visit keeps only its entries in the log, and says so until stopped", async () => {
    const { store, log, user } = setup("first-visit");
    act(() => {
      store.getState().actions.play();
      store.getState().actions.advanceTo(1_000);
      store.getState().actions.setRps(20);
      store.getState().actions.visit();
      store.getState().actions.advanceTo(3_000);
      store.getState().actions.pause();
    });
    const all = within(log).getAllByRole("listitem").length;
    await user.click(screen.getByRole("button", { name: "Follow visit #2" }));
    expect(store.getState().following).toBe(2);
    expect(screen.getByRole("button", { name: "Following visit #2" })).toHaveAttribute(
      "aria-pressed",
      "true",
    );
    expect(screen.getByText("Following visit #2: only its entries.")).toBeInTheDocument();
    const kept = within(log).getAllByRole("listitem");
    expect(kept.length).toBeLessThan(all);
    expect(kept.length).toBeGreaterThan(5);
    // The visit's timing opens with it.
    expect(screen.getByRole("table")).toBeInTheDocument();
    await user.click(screen.getByRole("button", { name: "Stop following" }));
    expect(store.getState().following).toBeUndefined();
    expect(within(log).getAllByRole("listitem")).toHaveLength(all);
  });

  it("acting in the past offers the other line, and switching brings it back", async () => {
    const { store, user } = setup("first-visit");
    act(() => {
      store.getState().actions.setRps(20);
      store.getState().actions.advanceTo(4_000);
      store.getState().actions.pause();
    });
    const slider = screen.getByRole("slider", { name: "Time travel" });
    fireEvent.change(slider, { target: { value: "1500" } });
    expect(store.getState().sim.now).toBe(1_500);
    act(() => store.getState().actions.kill("mysql"));
    const other = screen.getByRole("button", { name: "Other line: without “kill mysql”" });
    await user.click(other);
    expect(store.getState().sim.health("mysql").killed).toBe(false);
    expect(store.getState().sim.now).toBe(1_500);
    expect(
      screen.getByRole("button", { name: "Other line: with “kill mysql”" }),
    ).toBeInTheDocument();
  });
});
