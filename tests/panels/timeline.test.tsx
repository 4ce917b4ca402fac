// @vitest-environment jsdom
import { act, cleanup, render, screen, within } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import { Timeline } from "../../src/panels/Timeline";
import { oneServerTopology } from "../../src/scenes/oneServer";
import { createHopscopeStore, HopscopeProvider } from "../../src/store";

afterEach(cleanup);

function setup() {
  const store = createHopscopeStore({ topology: oneServerTopology, seed: 1 });
  const { container } = render(
    <HopscopeProvider store={store}>
      <Timeline />
    </HopscopeProvider>,
  );
  const region = screen.getByRole("region", { name: "Outage timeline" });
  const finish = () =>
    act(() => {
      store.getState().sim.runUntilIdle();
      store.getState().actions.pause();
    });
  return { store, region, container, finish };
}

describe("the outage timeline", () => {
  it("under traffic, writes out the seconds in which visits failed, and says when none did", () => {
    const { store, region, container } = setup();
    const at = (ms: number) =>
      act(() => {
        store.getState().sim.advanceTo(ms);
        store.getState().actions.pause(); // publishes
      });
    act(() => {
      store.getState().sim.setTraffic(20);
    });
    at(5_000);
    expect(within(region).getByText("Visits failed: none")).toBeTruthy();
    act(() => {
      store.getState().sim.kill("nginx");
    });
    at(9_000);
    act(() => {
      store.getState().sim.revive("nginx");
    });
    at(20_000);
    const words = region.querySelector(".timeline-traffic-words")?.textContent ?? "";
    const m = /^Visits failed: 0:0(\d)–0:(\d\d) \((\d+)\)$/.exec(words);
    expect(m, words).not.toBeNull();
    // Nginx was down from 5 s to 9 s: about 20 visits a second failed (refused) then.
    expect(Number(m?.[1])).toBe(5);
    expect(Number(m?.[2])).toBeGreaterThanOrEqual(9);
    expect(Number(m?.[2])).toBeLessThanOrEqual(11);
    expect(Number(m?.[3])).toBeGreaterThan(50);
    // Drawn as bars (full height: every visit of that second failed), never by colour alone:
    // the words are there, and a screen reader reads them too.
    expect(
      container.querySelectorAll(".timeline-traffic-plot .outage-bar").length,
    ).toBeGreaterThanOrEqual(4);
    expect(region.querySelector("p.sr-only")?.textContent).toContain(words);
  });

  it("counts failures under the words a user reads", () => {
    const { store, region, finish } = setup();
    act(() => {
      store.getState().sim.kill("mysql");
      store.getState().actions.visit();
    });
    finish();
    act(() => {
      store.getState().sim.revive("mysql");
      store.getState().sim.kill("nginx");
      store.getState().actions.visit();
    });
    finish();
    const count = (term: string) =>
      within(region).getByText(term).closest("div")?.querySelector("dd")?.textContent;
    expect(count("500 Internal Server Error")).toBe("1");
    expect(count("ERR_CONNECTION_REFUSED")).toBe("1");
    expect(region.textContent).not.toMatch(/http_\d|Connection refused/);
  });

  it("labels bands with whole words, a short name first: MySQL down, Nginx down, App slow", () => {
    const { store, container, region, finish } = setup();
    act(() => {
      const { sim } = store.getState();
      sim.kill("mysql");
      sim.kill("nginx");
      sim.setSlow("app", true);
      store.getState().actions.visit();
    });
    finish();
    const bands = [...container.querySelectorAll(".band")].map((b) =>
      [...b.querySelectorAll(".band-word")].map((w) => w.textContent),
    );
    expect(bands).toEqual([
      ["MySQL", "down"],
      ["Nginx", "down"],
      ["App", "slow"],
    ]);
    // The full names stay in the text a screen reader reads.
    expect(region).toHaveTextContent("MySQL down from");
    expect(region).toHaveTextContent("Application server slow from");
  });
});
