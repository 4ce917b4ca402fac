// @vitest-environment jsdom
import { cleanup, render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it } from "vitest";
import { App } from "../../src/app/App";
import { oneServerTopology } from "../../src/scenes/oneServer";
import { createHopscopeStore, HopscopeProvider } from "../../src/store";
import { nodeName } from "../support/nodeName";

afterEach(cleanup);

function renderApp(view = { embed: false, controls: true }) {
  const store = createHopscopeStore({ topology: oneServerTopology, seed: 1 });
  render(
    <HopscopeProvider store={store}>
      <App view={view} />
    </HopscopeProvider>,
  );
}

describe("the skip link", () => {
  it("is the first thing Tab reaches, and takes the focus to the diagram's first component", async () => {
    renderApp();
    const user = userEvent.setup();
    await user.tab();
    const skip = screen.getByRole("link", { name: "Skip to the diagram" });
    expect(skip).toHaveFocus();
    expect(skip).toHaveAttribute("href", "#diagram");
    expect(document.getElementById("diagram")).toHaveAccessibleName("The one-server stack");
    await user.keyboard("{Enter}");
    expect(screen.getByRole("button", { name: nodeName("Your browser") })).toHaveFocus();
    // Tab goes on through the diagram, not back to the toolbar.
    await user.tab();
    expect(screen.getByRole("button", { name: nodeName("DNS resolver") })).toHaveFocus();
  });

  it("is not in an embed, which has no toolbar to skip", () => {
    renderApp({ embed: true, controls: true });
    expect(screen.queryByRole("link", { name: "Skip to the diagram" })).toBeNull();
  });
});
