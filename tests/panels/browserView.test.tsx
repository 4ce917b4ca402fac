// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen, within } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import { BrowserView } from "../../src/panels/BrowserView";
import { oneServerTopology } from "../../src/scenes/oneServer";
import { createHopscopeStore, HopscopeProvider } from "../../src/store";

afterEach(cleanup);

function setup() {
  const store = createHopscopeStore({ topology: oneServerTopology, seed: 1 });
  render(
    <HopscopeProvider store={store}>
      <BrowserView />
    </HopscopeProvider>,
  );
  const region = screen.getByRole("region", { name: "Browser view" });
  const address = within(region).getByRole("textbox", { name: "Address" });
  const go = (typed: string) =>
    act(() => {
      fireEvent.change(address, { target: { value: typed } });
      fireEvent.click(within(region).getByRole("button", { name: "Go" }));
    });
  const finish = () =>
    act(() => {
      store.getState().sim.runUntilIdle();
      store.getState().actions.pause();
    });
  return { store, region, address, go, finish };
}

describe("the browser view's address bar", () => {
  it("visits 8.8.8.8 without DNS and shows the site foobar.com's server block answers with", () => {
    const { store, region, address, go, finish } = setup();
    go("8.8.8.8");
    finish();
    expect(address).toHaveValue("8.8.8.8/");
    expect(within(region).getByRole("heading", { name: "foobar.com" })).toBeInTheDocument();
    expect(store.getState().sim.trace.some((e) => e.step === "dns.query.stub")).toBe(false);
  });

  it("shows the normalised address: /../../etc/passwd becomes /etc/passwd, and a 404", () => {
    const { region, address, go, finish } = setup();
    go("www.foobar.com/a/../../../etc/passwd");
    finish();
    expect(address).toHaveValue("www.foobar.com/etc/passwd");
    expect(within(region).getByRole("heading", { name: "Not Found" })).toBeInTheDocument();
    expect(region).toHaveTextContent("foobar.com has no page at /etc/passwd");
  });

  it("www.foobar.com:8080: Chromium's refused page, naming the host without the port", () => {
    const { region, address, go, finish } = setup();
    go("www.foobar.com:8080");
    finish();
    expect(address).toHaveValue("www.foobar.com:8080/");
    expect(within(region).getByRole("heading", { name: "This site can’t be reached" }));
    expect(region).toHaveTextContent("www.foobar.com refused to connect.");
    expect(region).toHaveTextContent("ERR_CONNECTION_REFUSED");
  });

  it("a port out of range is refused with a notice and starts nothing", () => {
    const { store, go } = setup();
    go("www.foobar.com:70000");
    expect(store.getState().sim.visits).toHaveLength(0);
    expect(store.getState().notices.map((n) => n.text)).toEqual([
      "“70000” is not a port: a port is a number from 1 to 65535, as in www.foobar.com:80.",
    ]);
  });

  it("lists an earlier visit by IP with its address, and one to the site by its path", () => {
    const { region, go, finish } = setup();
    go("8.8.8.8");
    finish();
    go("www.foobar.com/style.css");
    finish();
    const earlier = within(region).getByRole("list", { name: "Earlier visits" });
    expect(within(earlier).getByRole("listitem")).toHaveTextContent(/^8\.8\.8\.8\/ 200 OK/);
  });
});
