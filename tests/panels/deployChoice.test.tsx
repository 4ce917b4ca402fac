// @vitest-environment jsdom
import { act, cleanup, render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it } from "vitest";
import { DeployChoice } from "../../src/panels/DeployChoice";
import { Notices } from "../../src/panels/Notices";
import { sceneById } from "../../src/scenes/catalog";
import {
  createHopscopeStore,
  HopscopeProvider,
  type HopscopeStore,
  setupOfScene,
} from "../../src/store";

afterEach(cleanup);

function setup(scene: string) {
  const found = sceneById(scene);
  if (!found) throw new Error(scene);
  const store = createHopscopeStore({ seed: 1, setup: setupOfScene(found, 1) });
  const user = userEvent.setup();
  render(
    <HopscopeProvider store={store}>
      <DeployChoice />
      <Notices />
    </HopscopeProvider>,
  );
  return { store, user };
}

/** Moves the simulated clock on by `ms` and publishes, as the frame loop would. */
function run(store: HopscopeStore, ms: number): void {
  act(() => {
    const { sim, actions } = store.getState();
    sim.advanceTo(sim.now + ms);
    actions.pause();
  });
}

const strategies = () => screen.getByRole("group", { name: "Strategy" });
const releases = () => screen.getByRole("group", { name: "Release" });

describe("the deploy control", () => {
  it("offers the four strategies by name on several servers, the chosen one checked", () => {
    setup("rolling-deploy");
    const group = within(strategies());
    for (const name of [/^All at once/, /^Rolling/, /^Blue-green/, /^Canary/])
      expect(group.getByRole("radio", { name })).toBeEnabled();
    expect(group.getByRole("radio", { name: /^Rolling/ })).toBeChecked();
    expect(within(releases()).getByRole("radio", { name: /^Good release/ })).toBeChecked();
  });

  it("on one server offers only all at once, and says why the others are not there", () => {
    setup("one-server");
    const group = within(strategies());
    expect(group.getByRole("radio", { name: /^All at once/ })).toBeChecked();
    const rolling = group.getByRole("radio", { name: /^Rolling/ });
    expect(rolling).toBeDisabled();
    expect(rolling.closest("label")).toHaveTextContent(/Needs a load balancer/);
  });

  it("deploys a bad release by keyboard, shows the rollout's steps, and rolls back", async () => {
    const { store, user } = setup("rolling-deploy");
    const rollback = screen.getByRole("button", { name: "Roll back" });
    expect(rollback).toHaveAttribute("aria-disabled", "true");
    expect(rollback).toHaveAttribute(
      "title",
      "There is nothing to roll back to: the site runs v1, the first version it had.",
    );
    within(releases())
      .getByRole("radio", { name: /^Bad: 500s/ })
      .focus();
    await user.keyboard(" ");
    expect(store.getState().deployRelease).toBe("bad-500");
    const deploy = screen.getByRole("button", {
      name: "Deploy the next version (rolling, Bad: 500s, restart)",
    });
    deploy.focus();
    await user.keyboard("{Enter}");
    run(store, 200);
    const progress = within(screen.getByRole("region", { name: "Deploy progress" }));
    expect(progress.getByText(/web1 draining|Deploying v2 to web1/)).toBeInTheDocument();
    expect(progress.getByRole("list", { name: "Deploy steps" }).textContent ?? "").toMatch(
      /set server web\/web1 state drain/,
    );
    run(store, 30_000);
    // The newest step is announced.
    expect(progress.getByRole("status")).toHaveTextContent(
      /stopped: web1 failed 3 health checks in a row .*L7STS/,
    );
    expect(rollback).not.toHaveAttribute("aria-disabled");
    await user.click(rollback);
    expect(store.getState().sim.deployState()).toMatchObject({ version: "v1", hosts: ["web1"] });
    run(store, 30_000);
    expect(progress.getByRole("status")).toHaveTextContent("finished: every server runs v1");
    expect(store.getState().sim.codeVersion("web1-app")).toBe("v1");
  });

  it("shows the canary's errors as it is judged", async () => {
    const { store, user } = setup("bad-canary");
    expect(within(strategies()).getByRole("radio", { name: /^Canary/ })).toBeChecked();
    await user.click(
      screen.getByRole("button", { name: "Deploy the next version (canary, Bad: 500s, restart)" }),
    );
    run(store, 20_000);
    expect(screen.getByText(/canary at 10 %: \d+ errors of \d+/)).toBeInTheDocument();
  });

  it("refuses a deploy during a deploy with a notice, and changes nothing", async () => {
    const { store, user } = setup("rolling-deploy");
    const deploy = screen.getByRole("button", { name: /^Deploy the next version/ });
    await user.click(deploy);
    run(store, 1_000);
    const before = JSON.stringify(store.getState().sim.deployState());
    await user.click(deploy);
    expect(screen.getByText("A deploy (v2) is already running.")).toBeInTheDocument();
    expect(JSON.stringify(store.getState().sim.deployState())).toBe(before);
  });
});
