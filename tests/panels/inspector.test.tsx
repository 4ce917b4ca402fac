// @vitest-environment jsdom
import { act, cleanup, render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it } from "vitest";
import { Canvas } from "../../src/canvas/Canvas";
import { oneServerLayouts } from "../../src/canvas/layout";
import { Inspector } from "../../src/panels/Inspector";
import { oneServerTopology } from "../../src/scenes/oneServer";
import { createHopscopeStore, HopscopeProvider } from "../../src/store";
import { nodeName } from "../support/nodeName";

afterEach(cleanup);

/** The diagram and the details panel, without the app's animation loop. */
function setup() {
  const store = createHopscopeStore({ topology: oneServerTopology, seed: 1 });
  const user = userEvent.setup();
  render(
    <HopscopeProvider store={store}>
      <Canvas layouts={oneServerLayouts} reducedMotion={false} />
      <Inspector />
    </HopscopeProvider>,
  );
  return { store, user };
}

/** A component node on the canvas, by its label. */
function node(label: string): HTMLElement {
  return screen.getByRole("button", { name: nodeName(label) });
}

describe("component details", () => {
  it("start as an introduction", () => {
    setup();
    const region = screen.getByRole("region", { name: "Component details" });
    expect(within(region).getByRole("heading", { level: 2 })).toHaveTextContent(
      "Component details",
    );
    expect(region).toHaveTextContent("one server");
    expect(within(region).queryByRole("button", { name: "Close details" })).toBeNull();
  });

  it("open from the keyboard: focus a node and press Enter", async () => {
    const { store, user } = setup();
    const nginx = node("Nginx");
    expect(nginx).toHaveAttribute("aria-pressed", "false");
    nginx.focus();
    expect(nginx).toHaveFocus();
    await user.keyboard("{Enter}");

    expect(store.getState().selected).toBe("nginx");
    expect(nginx).toHaveAttribute("aria-pressed", "true");
    const region = screen.getByRole("region", { name: "Nginx" });
    expect(within(region).getByRole("heading", { level: 2, name: "Nginx" })).toBeInTheDocument();
    expect(within(region).getByRole("heading", { name: "What it is" })).toBeInTheDocument();
    expect(within(region).getByRole("heading", { name: "In this request" })).toBeInTheDocument();
    expect(region).toHaveTextContent("proxy_pass");
    expect(screen.queryByRole("region", { name: "Component details" })).toBeNull();
  });

  it("open with Space too, and pressing the selected node again closes them", async () => {
    const { user } = setup();
    const mysql = node("MySQL");
    mysql.focus();
    await user.keyboard(" ");
    expect(screen.getByRole("region", { name: "MySQL" })).toBeInTheDocument();
    await user.keyboard("{Enter}");
    expect(mysql).toHaveAttribute("aria-pressed", "false");
    expect(screen.getByRole("region", { name: "Component details" })).toBeInTheDocument();
  });

  it("move to another component when it is chosen", async () => {
    const { user } = setup();
    node("Nginx").focus();
    await user.keyboard("{Enter}");
    node("Application server").focus();
    await user.keyboard("{Enter}");
    expect(screen.getByRole("region", { name: "Application server" })).toBeInTheDocument();
    expect(screen.queryByRole("region", { name: "Nginx" })).toBeNull();
    expect(node("Nginx")).toHaveAttribute("aria-pressed", "false");
    expect(node("Application server")).toHaveAttribute("aria-pressed", "true");
  });

  it("close with “Close details”", async () => {
    const { store, user } = setup();
    node("DNS resolver").focus();
    await user.keyboard("{Enter}");
    const region = screen.getByRole("region", { name: "DNS resolver" });
    await user.click(within(region).getByRole("button", { name: "Close details" }));
    expect(store.getState().selected).toBeUndefined();
    expect(screen.getByRole("region", { name: "Component details" })).toBeInTheDocument();
    expect(node("DNS resolver")).toHaveAttribute("aria-pressed", "false");
  });

  it("close with Escape, giving the focus back to the node that opened them", async () => {
    const { store, user } = setup();
    const mysql = node("MySQL");
    mysql.focus();
    await user.keyboard("{Enter}");
    const region = screen.getByRole("region", { name: "MySQL" });
    // Wherever the focus is: here on the details' own Kill button.
    within(region).getByRole("button", { name: "Kill MySQL" }).focus();
    await user.keyboard("{Escape}");
    expect(store.getState().selected).toBeUndefined();
    expect(screen.queryByRole("region", { name: "MySQL" })).toBeNull();
    expect(screen.getByRole("region", { name: "Component details" })).toBeInTheDocument();
    expect(mysql).toHaveFocus();
    expect(mysql).toHaveAttribute("aria-pressed", "false");
    // Escape with nothing open does nothing (and does not throw).
    await user.keyboard("{Escape}");
    expect(mysql).toHaveFocus();
  });

  it("opened from the list of components, Escape and “Close details” focus the component's node", async () => {
    const { user } = setup();
    const intro = screen.getByRole("region", { name: "Component details" });
    await user.click(within(intro).getByRole("button", { name: "Nginx" }));
    expect(screen.getByRole("region", { name: "Nginx" })).toBeInTheDocument();
    await user.keyboard("{Escape}");
    expect(screen.queryByRole("region", { name: "Nginx" })).toBeNull();
    expect(node("Nginx")).toHaveFocus();

    const list = screen.getByRole("region", { name: "Component details" });
    await user.click(within(list).getByRole("button", { name: "Application server" }));
    const details = screen.getByRole("region", { name: "Application server" });
    const close = within(details).getByRole("button", { name: "Close details" });
    expect(close).toHaveAttribute("title", "Close details (Esc)");
    await user.click(close);
    expect(node("Application server")).toHaveFocus();
  });

  it("show the resolver's cache, empty at first and filled after a visit", async () => {
    const { store, user } = setup();
    node("DNS resolver").focus();
    await user.keyboard("{Enter}");
    const region = screen.getByRole("region", { name: "DNS resolver" });
    expect(region).toHaveTextContent("Its cache now");
    expect(region).toHaveTextContent("Empty: the next lookup starts at a root server.");

    act(() => {
      store.getState().actions.visit();
      store.getState().sim.runUntilIdle();
      store.getState().actions.pause();
    });
    expect(region).not.toHaveTextContent("Empty: the next lookup");
    // As dig shows a resolver's cache: name, the TTL left, class, type, value.
    expect(region).toHaveTextContent("www.foobar.com. 3600 IN CNAME foobar.com.");
    expect(region).toHaveTextContent("foobar.com. 300 IN A 8.8.8.8");
  });

  it("show a resolution failure the resolver remembers, and forget it after 5 s", async () => {
    const { store, user } = setup();
    node("DNS resolver").focus();
    await user.keyboard("{Enter}");
    const region = screen.getByRole("region", { name: "DNS resolver" });
    act(() => {
      store.getState().actions.kill("auth");
      store.getState().actions.visit();
      store.getState().sim.runUntilIdle();
      store.getState().actions.pause();
    });
    const list = within(region).getByRole("list", { name: "Cached records and failures" });
    expect(list).toHaveTextContent(
      /www\.foobar\.com\. SERVFAIL \(a failure, remembered 5 s more\)/,
    );
    act(() => {
      const { sim, actions } = store.getState();
      sim.advanceTo(sim.now + 5_000);
      actions.pause();
    });
    expect(
      within(region).getByRole("list", { name: "Cached records and failures" }),
    ).not.toHaveTextContent("SERVFAIL");
  });

  it("let the server's details choose how a deploy puts new code in service", async () => {
    const { store, user } = setup();
    node("Server 8.8.8.8").focus();
    await user.keyboard("{Enter}");
    const region = within(screen.getByRole("region", { name: "Server 8.8.8.8" }));
    const how = region.getByRole("group", { name: "Deploying new code" });
    expect(within(how).getByRole("radio", { name: /^Restart \(downtime\)/ })).toBeChecked();
    await user.click(within(how).getByRole("radio", { name: /^Graceful reload/ }));
    expect(store.getState().deployMode).toBe("reload");
    await user.click(
      region.getByRole("button", { name: "Deploy the next version (graceful reload)" }),
    );
    expect(store.getState().sim.deployState()).toMatchObject({ mode: "reload", version: "v2" });
  });

  it("show the browser's host cache after a visit", async () => {
    const { store, user } = setup();
    node("Your browser").focus();
    await user.keyboard("{Enter}");
    const region = screen.getByRole("region", { name: "Your browser" });
    expect(region).toHaveTextContent("Empty: the next visit must ask DNS.");
    act(() => {
      store.getState().actions.visit();
      store.getState().sim.runUntilIdle();
      store.getState().actions.pause();
    });
    expect(region).toHaveTextContent(/www\.foobar\.com\. → 8\.8\.8\.8 \(\d+ s left\)/);
  });

  it("say a component is working while it is busy", async () => {
    const { store, user } = setup();
    node("Application server").focus();
    await user.keyboard("{Enter}");
    const region = screen.getByRole("region", { name: "Application server" });
    expect(region).toHaveTextContent("Up · 0/5 workers");

    // Run until the app server has a request, then publish.
    act(() => {
      const { sim, actions } = store.getState();
      sim.visit("www.foobar.com");
      for (let i = 0; i < 1000; i++) {
        const app = sim.componentState("app");
        if (app.kind === "app" && app.state.working.size > 0) break;
        sim.step();
      }
      actions.pause();
    });
    expect(region).toHaveTextContent("Working · 1/5 workers");
    expect(node("Application server")).toHaveAccessibleName(/ Working · 1\/5 workers$/);
  });
});
