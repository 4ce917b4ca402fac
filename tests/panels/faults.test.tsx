// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen, within } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import { App } from "../../src/app/App";
import { oneServerTopology } from "../../src/scenes/oneServer";
import { createHopscopeStore, HopscopeProvider, type HopscopeStore } from "../../src/store";
import { nodeName } from "../support/nodeName";

afterEach(cleanup);

function setup(): HopscopeStore {
  const store = createHopscopeStore({ topology: oneServerTopology, seed: 1 });
  render(
    <HopscopeProvider store={store}>
      <App />
    </HopscopeProvider>,
  );
  return store;
}

/** Runs the engine until nothing is scheduled, then publishes (as the clock would). */
function settle(store: HopscopeStore): void {
  act(() => {
    store.getState().sim.runUntilIdle();
    store.getState().actions.pause();
  });
}

const canvas = () => within(screen.getByRole("region", { name: "The one-server stack" }));
const browserView = () => within(screen.getByRole("region", { name: "Browser view" }));
const nodeButton = (label: string) => canvas().getByRole("button", { name: nodeName(label) });
const visit = () => fireEvent.click(screen.getByRole("button", { name: "Visit www.foobar.com" }));

describe("breaking the stack from the UI", () => {
  it("kill MySQL on its node: the node says so, and the next visit shows the database error", () => {
    const store = setup();
    visit();
    settle(store);
    expect(browserView().getByRole("heading", { name: "foobar.com" })).toBeInTheDocument();
    expect(browserView().getByText("served by code v1")).toBeInTheDocument();

    fireEvent.click(canvas().getByRole("button", { name: "Kill MySQL" }));
    expect(nodeButton("MySQL")).toHaveAccessibleName(/Down · killed/);
    expect(canvas().getByRole("button", { name: "Revive MySQL" })).toBeInTheDocument();
    expect(canvas().queryByRole("button", { name: "Kill MySQL" })).toBeNull();

    visit();
    settle(store);
    expect(
      browserView().getByRole("heading", { name: "Error establishing a database connection" }),
    ).toBeInTheDocument();
    // The error page links the site's stylesheet, which Nginx still serves.
    expect(browserView().getByText(/style\.css ✓ 200 from Nginx/)).toBeInTheDocument();

    fireEvent.click(canvas().getByRole("button", { name: "Revive MySQL" }));
    expect(nodeButton("MySQL")).toHaveAccessibleName(/Up · idle/);
    visit();
    settle(store);
    expect(browserView().getByRole("heading", { name: "foobar.com" })).toBeInTheDocument();
  });

  it("from the component list: kill the server, and a refused revive explains itself", () => {
    const store = setup();
    const list = within(screen.getByRole("list", { name: "Break it" }));
    fireEvent.click(list.getByRole("button", { name: "Kill Server 8.8.8.8" }));
    expect(nodeButton("Nginx")).toHaveAccessibleName(/Down · Server 8\.8\.8\.8 is off/);
    // Nginx is down because its machine is: Revive says why it cannot work before it is
    // pressed (disabled, with the reason as description and tooltip), on the node and in the list.
    for (const revive of [
      list.getByRole("button", { name: "Revive Nginx" }),
      canvas().getByRole("button", { name: "Revive MySQL" }),
    ]) {
      expect(revive).toHaveAttribute("aria-disabled", "true");
      expect(revive).not.toHaveAttribute("disabled");
      expect(revive).toHaveAccessibleDescription(
        /^Start Server 8\.8\.8\.8 first: \w+ runs on it\.$/,
      );
      expect(revive.getAttribute("title")).toMatch(
        /^Start Server 8\.8\.8\.8 first: \w+ runs on it\.$/,
      );
    }
    expect(list.getByRole("button", { name: "Revive Server 8.8.8.8" })).not.toHaveAttribute(
      "aria-disabled",
    );
    // Pressed anyway, it is refused with the same reason, and nothing changes.
    fireEvent.click(list.getByRole("button", { name: "Revive Nginx" }));
    const notices = within(screen.getByRole("status", { name: "Notices" }));
    expect(notices.getByText("Start Server 8.8.8.8 first: Nginx runs on it.")).toBeInTheDocument();
    expect(store.getState().sim.health("nginx").up).toBe(false);
    fireEvent.click(list.getByRole("button", { name: "Revive Server 8.8.8.8" }));
    expect(nodeButton("Nginx")).toHaveAccessibleName(/Up · idle/);
    // Its cause gone (the server runs again), the refusal's notice goes at once.
    expect(notices.queryByText("Start Server 8.8.8.8 first: Nginx runs on it.")).toBeNull();
  });

  it("slow app server: the toggle is pressed, and the visit ends in Nginx's 504 page", () => {
    const store = setup();
    const slow = canvas().getByRole("button", { name: "Slow Application server" });
    fireEvent.click(slow);
    expect(slow).toHaveAttribute("aria-pressed", "true");
    expect(nodeButton("Application server")).toHaveAccessibleName(/slow/);
    visit();
    settle(store);
    expect(
      browserView().getByRole("heading", { name: "504 Gateway Time-out" }),
    ).toBeInTheDocument();
    expect(browserView().getByText("nginx/1.22.1")).toBeInTheDocument();
  });

  it("Chrome's own error page for a refused connection, and the counters add up", () => {
    const store = setup();
    visit();
    settle(store);
    fireEvent.click(canvas().getByRole("button", { name: "Kill Nginx" }));
    visit();
    settle(store);
    expect(
      browserView().getByRole("heading", { name: "This site can’t be reached" }),
    ).toBeInTheDocument();
    expect(browserView().getByText("ERR_CONNECTION_REFUSED")).toBeInTheDocument();
    const timeline = within(screen.getByRole("region", { name: "Outage timeline" }));
    const count = (term: string) =>
      timeline.getByText(term).closest("div")?.querySelector("dd")?.textContent;
    expect(count("Visits")).toBe("2");
    expect(count("Succeeded")).toBe("1");
    expect(count("ERR_CONNECTION_REFUSED")).toBe("1");
    expect(count("Availability")).toBe("50.0%");
    expect(timeline.getByText(/Nginx down from/)).toBeInTheDocument();
  });

  it("the address bar visits what is typed, and refuses what is not an address", () => {
    const store = setup();
    const address = browserView().getByRole("textbox", { name: "Address" });
    fireEvent.change(address, { target: { value: "www.foobar.com/style.css" } });
    fireEvent.click(browserView().getByRole("button", { name: "Go" }));
    settle(store);
    expect(
      browserView().getByText(/style\.css · 200 OK · served by Nginx from disk/),
    ).toBeInTheDocument();
    expect(store.getState().sim.visits[0]?.url).toBe("http://www.foobar.com/style.css");

    fireEvent.change(address, { target: { value: "<script>alert(1)</script>" } });
    fireEvent.click(browserView().getByRole("button", { name: "Go" }));
    expect(store.getState().sim.visits).toHaveLength(1);
    expect(
      within(screen.getByRole("status", { name: "Notices" })).getByText(/is not a host name/),
    ).toBeInTheDocument();
  });

  it("Start deploy shows its progress on the server and refuses a second deploy", () => {
    const store = setup();
    fireEvent.click(screen.getByRole("button", { name: "Start deploy" }));
    expect(canvas().getByText(/Uploading code v2/)).toBeInTheDocument();
    // Named by what it shows now, disabled with the reason, and refused if pressed anyway.
    const deploying = screen.getByRole("button", { name: "Deploying v2…" });
    expect(deploying).toHaveAttribute("aria-disabled", "true");
    expect(deploying).toHaveAccessibleDescription("A deploy (v2) is already running.");
    // While it runs, the processes on the server cannot be killed one by one.
    const killNginx = canvas().getByRole("button", { name: "Kill Nginx" });
    expect(killNginx).toHaveAttribute("aria-disabled", "true");
    expect(killNginx).toHaveAccessibleDescription(
      "A deploy is running on Server 8.8.8.8: wait for it to finish, or kill the whole server.",
    );
    expect(canvas().getByRole("button", { name: "Kill Server 8.8.8.8" })).not.toHaveAttribute(
      "aria-disabled",
    );
    fireEvent.click(deploying);
    expect(
      within(screen.getByRole("status", { name: "Notices" })).getByText(/already running/),
    ).toBeInTheDocument();
    act(() => {
      store.getState().sim.advanceTo(6_000);
      store.getState().actions.pause();
    });
    expect(nodeButton("Application server")).toHaveAccessibleName(/Restarting/);
    act(() => {
      store.getState().sim.advanceTo(20_000);
      store.getState().actions.pause();
    });
    // The code base on the app server's node now says v2.
    expect(nodeButton("Application server")).toHaveTextContent("Code base v2");
    expect(store.getState().sim.deployState()?.phase).toBe("done");
    expect(screen.getByRole("button", { name: "Start deploy" })).not.toHaveAttribute(
      "aria-disabled",
    );
    expect(canvas().getByRole("button", { name: "Kill Nginx" })).not.toHaveAttribute(
      "aria-disabled",
    );
  });
});
