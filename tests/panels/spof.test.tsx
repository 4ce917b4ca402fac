// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen, within } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import { App } from "../../src/app/App";
import { createHopscopeStore, HopscopeProvider, type HopscopeStore } from "../../src/store";
import { nodeName } from "../support/nodeName";

afterEach(cleanup);

/** The app with a store whose later work (the finder's steps) waits in `tasks` until run. */
function setup(scene?: string): { store: HopscopeStore; runAll: () => void } {
  const tasks: (() => void)[] = [];
  const store = createHopscopeStore({
    seed: 1,
    schedule: (fn) => tasks.push(fn),
  });
  if (scene) store.getState().actions.loadScene(scene);
  render(
    <HopscopeProvider store={store}>
      <App />
    </HopscopeProvider>,
  );
  const runAll = () =>
    act(() => {
      while (tasks.length > 0) (tasks.shift() as () => void)();
    });
  return { store, runAll };
}

const finder = () => within(screen.getByRole("region", { name: "Single points of failure" }));

describe("the single-point-of-failure finder in the app", () => {
  it("finds, lists and marks on the diagram every part of the one-server stack", () => {
    const { runAll } = setup();
    fireEvent.click(finder().getByRole("button", { name: "Find single points of failure" }));
    expect(finder().getByRole("status")).toHaveTextContent("Testing 1 of 8");
    runAll();
    expect(finder().getByRole("status")).toHaveTextContent("6 of 8 parts take the site down.");
    const single = within(finder().getByRole("list", { name: "Single points of failure" }));
    expect(single.getAllByRole("listitem").map((li) => li.textContent)).toEqual([
      expect.stringMatching(/^DNS resolver: down after 5\d s/),
      expect.stringMatching(/^ns1\.foobar\.com: down after 30\d s/),
      expect.stringMatching(/^Server 8\.8\.8\.8: down at once/),
      expect.stringMatching(/^Nginx: down at once/),
      expect.stringMatching(/^Application server: down at once/),
      expect.stringMatching(/^MySQL: down at once/),
    ]);
    const fine = within(finder().getByRole("list", { name: "No outage" }));
    expect(fine.getAllByRole("listitem")).toHaveLength(2);
    // On the diagram: words beside an icon, on the node itself.
    const nginx = screen
      .getByRole("button", { name: nodeName("Nginx") })
      .closest(".react-flow__node");
    expect(nginx).toHaveTextContent("SPOF: down at once");
    const root = screen
      .getByRole("button", { name: nodeName("Root server") })
      .closest(".react-flow__node");
    expect(root?.textContent).not.toMatch(/SPOF/);
    expect(finder().getByRole("button", { name: "Find again" })).toBeInTheDocument();
  });

  it("runs again when the setup changes, and says the findings are stale meanwhile", () => {
    const { store, runAll } = setup("distributed");
    fireEvent.click(finder().getByRole("button", { name: "Find single points of failure" }));
    runAll();
    // web2's Nginx (web2's machine holds the replica, which every page reads: that is down at once).
    const web2 = () => document.querySelector(".react-flow__node[data-id='web2-nginx']");
    expect(web2()).toHaveTextContent(/Errors: first \d+ s/);
    act(() => store.getState().actions.kill("web1"));
    expect(finder().getByRole("status")).toHaveTextContent(/The setup has changed since/);
    runAll();
    // With web1 stopped, web2 alone carries the site.
    expect(web2()).toHaveTextContent("SPOF: down at once");
    expect(
      within(finder().getByRole("list", { name: "Already stopped: not tested" })).getByText(
        "Web server 1 10.0.0.11",
      ),
    ).toBeInTheDocument();
  });

  it("tests HAProxy's HTTP check once it is switched on", () => {
    const { store, runAll } = setup("distributed");
    act(() => store.getState().actions.command("haproxy", "check", "http"));
    fireEvent.click(finder().getByRole("button", { name: "Find single points of failure" }));
    runAll();
    const errors = within(finder().getByRole("list", { name: "Errors, but the site stays up" }));
    // A dead application server is taken out of service: its errors stop.
    expect(errors.getByText("Application server (web1)").closest("li")).toHaveTextContent(
      /first \d+ s/,
    );
  });

  it("runs the copies under the traffic on screen: a dead primary's machine ties up web2's workers, so the pages go down with the writes, as killing it by hand shows", () => {
    const { store, runAll } = setup("distributed");
    // No traffic: the probes alone see reads work and writes fail.
    fireEvent.click(finder().getByRole("button", { name: "Find single points of failure" }));
    runAll();
    expect(finder().getByText(/No traffic ran beside the probes/)).toBeInTheDocument();
    const verdictOf = (label: string) =>
      finder()
        .getAllByRole("listitem")
        .find((li) => li.textContent?.startsWith(`${label}:`))?.textContent;
    expect(verdictOf("Web server 1 10.0.0.11")).toMatch(/writes fail, reads work/);
    // Twenty visits a second: each write hangs a PHP worker on the dead primary's address.
    act(() => store.getState().actions.setRps(20));
    runAll();
    expect(finder().getByText(/carried your traffic \(20 visits\/s/)).toBeInTheDocument();
    expect(verdictOf("Web server 1 10.0.0.11")).toMatch(/down at once/);
  });
});
