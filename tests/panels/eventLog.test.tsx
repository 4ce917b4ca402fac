// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen, within } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import { EventLog } from "../../src/panels/EventLog";
import { oneServerTopology } from "../../src/scenes/oneServer";
import { createHopscopeStore, HopscopeProvider } from "../../src/store";

afterEach(cleanup);

function setup() {
  const store = createHopscopeStore({ topology: oneServerTopology, seed: 1 });
  render(
    <HopscopeProvider store={store}>
      <EventLog />
    </HopscopeProvider>,
  );
  const region = screen.getByRole("region", { name: "Event log" });
  const log = within(region).getByRole("log", { name: "Event log" });
  const items = () => within(log).queryAllByRole("listitem");
  /** Runs the engine to the end, then publishes (as a pause would). */
  const finish = () =>
    act(() => {
      store.getState().sim.runUntilIdle();
      store.getState().actions.pause();
    });
  return { store, region, log, items, finish };
}

describe("the event log", () => {
  it("is a region labelled by its heading, holding a log with an ordered list", () => {
    const { region, log, items } = setup();
    expect(within(region).getByRole("heading", { level: 2 })).toHaveTextContent(/^Event log/);
    expect(within(log).getByRole("list").tagName).toBe("OL");
    expect(items()).toHaveLength(0);
    expect(region).toHaveTextContent("0 entries");
    expect(region).toHaveTextContent("Nothing has happened yet.");
  });

  it("lists the first hop with its route, wire summary and narration", () => {
    const { store, region, items } = setup();
    act(() => store.getState().actions.visit());
    const hop = items()[1];
    expect(hop).toHaveTextContent("DNS");
    expect(hop).toHaveTextContent("Your browser → DNS resolver");
    expect(hop).toHaveTextContent("A? www.foobar.com.");
    expect(hop).toHaveTextContent(
      "Your browser asks the DNS resolver for the name's address", // narration
    );
    expect(hop).toHaveTextContent(/^0\.0 ms/); // it left at t = 0
    expect(region).not.toHaveTextContent("Nothing has happened yet.");
  });

  it("shows only what has been published, in trace order, newest last", () => {
    const { store, region, items, finish } = setup();
    act(() => store.getState().actions.visit());
    const published = items().length;
    // The engine runs ahead, but React only sees it on the next publish.
    store.getState().sim.runUntilIdle();
    expect(items()).toHaveLength(published);

    finish();
    const { sim } = store.getState();
    expect(items()).toHaveLength(sim.trace.length);
    expect(region).toHaveTextContent(`${sim.trace.length} entries`);
    items().forEach((li, i) => {
      expect(li).toHaveTextContent(sim.trace[i]?.summary ?? "missing");
    });
    expect(items().at(-1)).toHaveTextContent(/page loaded in/);
  });

  it("narrates notes inside one component", () => {
    const { store, items } = setup();
    act(() => store.getState().actions.visit());
    const note = items()[0];
    expect(note).toHaveTextContent("In");
    expect(note).toHaveTextContent("Your browser");
    expect(note).toHaveTextContent("www.foobar.com. not in the browser's DNS cache");
  });

  it("keeps at most the newest 400 entries on screen, and counts them all", () => {
    const { store, region, log } = setup();
    act(() => {
      const { sim, actions } = store.getState();
      for (let i = 0; i < 16; i++) {
        sim.visit("www.foobar.com");
        sim.runUntilIdle();
      }
      actions.pause();
    });
    const { trace } = store.getState().sim;
    expect(trace.length).toBeGreaterThan(400);
    // 400 entries: read the list's children directly (a role query per entry is slow).
    const shown = [...within(log).getByRole("list").children];
    expect(shown).toHaveLength(400);
    expect(shown.every((li) => li.tagName === "LI")).toBe(true);
    expect(region).toHaveTextContent(`${trace.length} entries`);
    expect(shown[0]).toHaveTextContent(trace[trace.length - 400]?.summary ?? "missing");
    expect(shown.at(-1)).toHaveTextContent(trace.at(-1)?.summary ?? "missing");
  });

  it("is keyboard reachable, since it scrolls", () => {
    const { log } = setup();
    log.focus();
    expect(log).toHaveFocus();
  });

  it("empties on reset", () => {
    const { store, items, finish } = setup();
    act(() => store.getState().actions.visit());
    finish();
    expect(items().length).toBeGreaterThan(10);
    act(() => store.getState().actions.reset());
    expect(items()).toHaveLength(0);
  });

  it("names a failed visit in a user's words: 500 Internal Server Error, not http_500", () => {
    const { store, log, finish } = setup();
    act(() => {
      store.getState().sim.kill("mysql");
      store.getState().actions.visit();
    });
    finish();
    expect(log).toHaveTextContent("visit failed: 500 Internal Server Error");
    expect(log).not.toHaveTextContent("http_500");
  });

  it("keeps a name's own case at the start of a sentence: ns1.foobar.com, never Ns1", () => {
    const { store, log, finish } = setup();
    act(() => store.getState().actions.visit());
    finish();
    expect(log).toHaveTextContent("ns1.foobar.com is authoritative for the name");
    expect(log.textContent).not.toMatch(/Ns1/);
    // A sentence that starts with an ordinary word still gets its capital.
    expect(log).toHaveTextContent("Your browser asks the DNS resolver");
  });
});

describe("the event log's filters", () => {
  /** A visit with MySQL down: DNS, TCP, HTTP, FastCGI and SQL hops, and a 500. */
  function failedVisit() {
    const s = setup();
    act(() => {
      s.store.getState().sim.kill("mysql");
      s.store.getState().actions.visit();
    });
    s.finish();
    const filters = within(s.region).getByRole("group", { name: "Filter the log" });
    const tags = () => s.items().map((li) => li.querySelector(".kind-tag")?.textContent ?? "");
    return { ...s, filters, tags };
  }

  it("a protocol toggle shows only its entries, and says it is on in words", async () => {
    const { filters, items, tags, region } = failedVisit();
    const all = items().length;
    const dns = within(filters).getByRole("button", { name: "DNS" });
    expect(dns).toHaveAttribute("aria-pressed", "false");
    act(() => dns.click());
    expect(dns).toHaveAttribute("aria-pressed", "true");
    expect(items().length).toBeGreaterThan(3);
    expect(items().length).toBeLessThan(all);
    // DNS hops, and the resolver's notes (its cache), nothing else.
    expect(new Set(tags().filter((t) => t !== "In"))).toEqual(new Set(["DNS"]));
    expect(region).toHaveTextContent(new RegExp(`${items().length} of \\d+ entries`));
    act(() => within(filters).getByRole("button", { name: "SQL" }).click());
    expect(new Set(tags().filter((t) => t !== "In"))).toEqual(new Set(["DNS", "SQL"]));
  });

  it("failures only keeps what went wrong: the refused connection to MySQL and the 500", () => {
    const { filters, items, log } = failedVisit();
    act(() => within(filters).getByRole("checkbox", { name: "Failures only" }).click());
    const text = log.textContent ?? "";
    expect(items().length).toBeGreaterThan(0);
    expect(text).toMatch(/500 Internal Server Error/);
    expect(text).not.toMatch(/A\? www\.foobar\.com/);
  });

  it("a component (a machine brings its processes) and a text search narrow it further; Clear shows all", () => {
    const { filters, items, log } = failedVisit();
    const all = items().length;
    const select = within(filters).getByRole("combobox", { name: "Component" });
    fireEvent.change(select, { target: { value: "auth" } });
    expect(items().length).toBeGreaterThan(0);
    for (const li of items()) expect(li.textContent).toMatch(/ns1\.foobar\.com/);
    // The server's machine: its Nginx, application server and MySQL come with it.
    fireEvent.change(select, { target: { value: "server" } });
    const text = log.textContent ?? "";
    expect(text).toMatch(/Nginx/);
    expect(text).toMatch(/MySQL/);
    expect(text).not.toMatch(/ns1\.foobar\.com →/);
    act(() => within(filters).getByRole("button", { name: "Clear filters" }).click());
    expect(items()).toHaveLength(all);
    const search = within(filters).getByRole("searchbox", { name: "Search the log" });
    fireEvent.change(search, { target: { value: "cname" } });
    expect(items().length).toBeGreaterThan(0);
    for (const li of items()) expect(li.textContent?.toLowerCase()).toContain("cname");
    fireEvent.change(search, { target: { value: "no such words anywhere" } });
    expect(items()).toHaveLength(0);
    expect(log.closest("section")).toHaveTextContent("No entry matches the filter.");
  });
});
