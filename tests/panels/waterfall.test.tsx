// @vitest-environment jsdom
import { act, cleanup, render, screen, within } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import { createSimulation } from "../../src/engine";
import { BrowserView } from "../../src/panels/BrowserView";
import { waterfallOf } from "../../src/panels/waterfall";
import { oneServerTopology } from "../../src/scenes/oneServer";
import { createHopscopeStore, HopscopeProvider } from "../../src/store";

afterEach(cleanup);

describe("a visit's waterfall", () => {
  it("reads each request's DNS, connect and wait from the trace, in order and adding up", () => {
    const sim = createSimulation({ topology: oneServerTopology, seed: 1 });
    const visit = sim.visit("www.foobar.com");
    sim.runUntilIdle();
    const rows = waterfallOf(sim, visit);
    expect(rows.map((r) => r.path)).toEqual(["/", "/style.css", "/logo.png"]);
    const [page, css, logo] = rows;
    // The page: a cold lookup through the hierarchy, a new connection, then the wait.
    expect(page?.start).toBe(0);
    expect(page?.dns?.from).toBe(0);
    expect(page?.dns?.to).toBeGreaterThan(100); // root, .com, ns1: four round trips
    expect(page?.connect?.from).toBeCloseTo(page?.dns?.to ?? 0, 5);
    expect(page?.wait?.from).toBeCloseTo(page?.connect?.to ?? 0, 5);
    expect(page?.wait?.to).toBeCloseTo(page?.end ?? 0, 5);
    expect(page?.status).toBe(200);
    // The stylesheet: the name cached and the connection kept alive: only the wait.
    expect(css?.dns).toBeUndefined();
    expect(css?.connect).toBeUndefined();
    expect(css?.wait?.to).toBeCloseTo(css?.end ?? 0, 5);
    // The logo opens a second connection (the first is busy), still no lookup.
    expect(logo?.dns).toBeUndefined();
    expect(logo?.connect).toBeDefined();
    expect(logo?.end).toBeCloseTo((visit.endedAt ?? 0) - visit.startedAt, 5);
    for (const r of rows)
      for (const part of [r.dns, r.connect, r.wait])
        if (part) expect(part.to).toBeGreaterThanOrEqual(part.from);
  });

  it("in the Browser view: closed at first; opened, a table of the requests with the figures in words", () => {
    const store = createHopscopeStore({ topology: oneServerTopology, seed: 1 });
    render(
      <HopscopeProvider store={store}>
        <BrowserView />
      </HopscopeProvider>,
    );
    act(() => {
      store.getState().actions.visit();
      store.getState().sim.runUntilIdle();
      store.getState().actions.pause();
    });
    const region = screen.getByRole("region", { name: "Browser view" });
    const summary = within(region).getByText(/^Timing of visit #1$/);
    expect(within(region).queryByRole("table")).not.toBeInTheDocument();
    // jsdom does not open a <details> on a click: open it as the browser would.
    const details = summary.closest("details") as HTMLDetailsElement;
    act(() => {
      details.open = true;
      details.dispatchEvent(new Event("toggle"));
    });
    const table = within(region).getByRole("table", { name: /Each request of visit #1/ });
    const rows = within(table).getAllByRole("row").slice(1);
    expect(rows).toHaveLength(3);
    expect(within(rows[0] as HTMLElement).getByRole("rowheader")).toHaveTextContent("/");
    expect(rows[1]).toHaveTextContent(/\/style\.css\s*cached\s*reused\s*\d+ ms\s*\d+ ms · 200/);
  });
});
