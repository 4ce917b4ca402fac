// @vitest-environment jsdom
import { act, cleanup, render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it } from "vitest";
import { Inspector } from "../../src/panels/Inspector";
import { Notices } from "../../src/panels/Notices";
import { Traffic } from "../../src/panels/Traffic";
import { sceneById } from "../../src/scenes/catalog";
import { createHopscopeStore, HopscopeProvider, setupOfScene } from "../../src/store";

afterEach(cleanup);

function setup(scene: string) {
  const found = sceneById(scene);
  if (!found) throw new Error(scene);
  const store = createHopscopeStore({ seed: 1, setup: setupOfScene(found, 1) });
  const user = userEvent.setup();
  render(
    <HopscopeProvider store={store}>
      <Notices />
      <Traffic />
      <Inspector />
    </HopscopeProvider>,
  );
  const panel = () => screen.getByRole("region", { name: "Web servers" });
  /** Moves the simulated clock and publishes, as the frame loop would. */
  const advance = (ms: number) =>
    act(() => {
      const { sim, actions } = store.getState();
      sim.advanceTo(sim.now + ms);
      actions.pause();
    });
  return { store, user, panel, advance };
}

describe("the scaling panel", () => {
  it("is not there without a scaling group", () => {
    setup("distributed");
    expect(screen.queryByRole("region", { name: "Web servers" })).toBeNull();
    expect(screen.queryByRole("figure", { name: "Web servers of the group" })).toBeNull();
  });

  it("the traffic strip's cell shows the servers and the cost on a scaling architecture", () => {
    const { advance } = setup("scale-out");
    // The strip's cells come with the traffic's first samples.
    advance(3_000);
    const cell = screen.getByRole("figure", { name: "Web servers of the group" });
    expect(cell).toHaveTextContent("2 in service");
    expect(cell).toHaveTextContent(/server-min/);
  });

  it("lists the servers in words, adds one that boots then joins, and removes one by draining", async () => {
    const { user, panel, advance, store } = setup("scale-out");
    const list = within(panel()).getByRole("list", { name: "Servers of the group" });
    const item = (host: string) =>
      within(list)
        .getAllByRole("listitem")
        .find((li) => li.textContent?.startsWith(`${host} `));
    expect(
      within(list)
        .getAllByRole("listitem")
        .map((li) => li.textContent),
    ).toEqual(["web1 in service", "web2 in service"]);
    await user.click(within(panel()).getByRole("button", { name: "Add a web server" }));
    expect(item("web3")).toHaveTextContent("web3 booting, 60 s left");
    expect(store.getState().playing).toBe(true);
    advance(61_000);
    expect(item("web3")).toHaveTextContent("web3 health checks");
    advance(4_000);
    expect(item("web3")).toHaveTextContent("web3 in service");
    expect(within(panel()).getByText(/server-minutes/)).toHaveTextContent(/^3 in service/);
    // Keyboard: Tab to Remove and press Enter.
    const remove = within(panel()).getByRole("button", { name: "Remove a web server" });
    remove.focus();
    await user.keyboard("{Enter}");
    expect(item("web3")).toHaveTextContent("web3 draining");
    advance(3_000);
    expect(item("web3")).toBeUndefined();
    // The chart's summary is its accessible name.
    expect(within(panel()).getByRole("img", { name: /servers in service of/ })).toBeTruthy();
  });

  it("refuses to remove the last server with a notice, and changes nothing", async () => {
    const { user, panel, store } = setup("scale-out");
    const remove = within(panel()).getByRole("button", { name: "Remove a web server" });
    await user.click(remove);
    await user.click(remove);
    const before = JSON.stringify(store.getState().sim.scaling.view().slots);
    await user.click(remove);
    expect(screen.getByText(/is the last web server/)).toBeTruthy();
    expect(JSON.stringify(store.getState().sim.scaling.view().slots)).toBe(before);
  });

  it("edits the policy: a good one applies, min above max is refused with a notice", async () => {
    const { user, panel, store } = setup("autoscale-surge");
    expect(within(panel()).getByRole("checkbox", { name: "Autoscaling" })).toBeChecked();
    await user.click(within(panel()).getByText(/^Policy:/));
    const form = within(panel()).getByRole("form", { name: "Autoscaling policy" });
    const target = within(form).getByRole("spinbutton", { name: /Target CPU/ });
    await user.clear(target);
    await user.type(target, "70");
    await user.click(within(form).getByRole("button", { name: "Apply policy" }));
    expect(store.getState().sim.scaling.view().policy.targetCpu).toBe(70);
    const min = within(panel()).getByRole("spinbutton", { name: /Minimum servers/ });
    await user.clear(min);
    await user.type(min, "9");
    const max = within(panel()).getByRole("spinbutton", { name: /Maximum servers/ });
    await user.clear(max);
    await user.type(max, "3");
    await user.click(within(panel()).getByRole("button", { name: "Apply policy" }));
    expect(screen.getByText(/minimum \(9\) is more than the maximum \(3\)/)).toBeTruthy();
    expect(store.getState().sim.scaling.view().policy).toMatchObject({ min: 2, max: 10 });
    const boot = within(panel()).getByRole("spinbutton", { name: /Boot time/ });
    await user.clear(boot);
    await user.type(boot, "0");
    await user.click(within(panel()).getByRole("button", { name: "Apply policy" }));
    expect(screen.getByText(/cannot boot in no time/)).toBeTruthy();
    expect(store.getState().sim.scaling.view().bootMs).toBe(60_000);
    await user.click(within(panel()).getByRole("checkbox", { name: "Autoscaling" }));
    expect(store.getState().sim.scaling.view().autoscaling).toBe(false);
  });
});
