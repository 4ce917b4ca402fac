// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen, within } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import { CompareApp } from "../../src/compare/CompareApp";
import { ComparisonTable } from "../../src/compare/ComparisonTable";
import { CompareProvider } from "../../src/compare/context";
import { type CompareStore, createCompareStore } from "../../src/compare/driver";
import { OutageStrip } from "../../src/compare/OutageStrip";
import {
  type CompareScene,
  compareSceneById,
  DISTRIBUTED_SIDE,
  ONE_SERVER_SIDE,
} from "../../src/compare/scenes";

afterEach(cleanup);

/** Nginx stops after 2 s on both sides: the one server refuses everyone, HAProxy routes around it. */
const nginxDies: CompareScene = {
  id: "test-nginx-dies",
  title: "Nginx dies",
  explanation: "A test comparison.",
  speed: "10",
  rps: 20,
  writeShare: 0,
  sides: [ONE_SERVER_SIDE, DISTRIBUTED_SIDE],
  script: [{ at: 2_000, do: "kill", component: ["nginx", "web1-nginx"] }],
};

const still = () => 0;

/** Runs the one clock for `simMs` of simulated time at 10× in 20 ms frames. */
function run(store: CompareStore, simMs: number) {
  act(() => {
    store.getState().actions.play();
    for (let t = 0; t < simMs; t += 200) store.getState().actions.tick(20);
    store.getState().actions.pause(); // publishes
  });
}

function table(store: CompareStore) {
  render(
    <CompareProvider store={store}>
      <ComparisonTable />
    </CompareProvider>,
  );
  return screen.getByRole("table", { name: "Side by side" });
}

/** The cell of `row` (a row header's name, matched at its start) under the column `side`. */
function cell(t: HTMLElement, row: RegExp, side: string): string {
  const headers = within(t).getAllByRole("columnheader");
  const col = headers.findIndex((h) => h.textContent === side);
  const tr = within(t).getByRole("rowheader", { name: row }).closest("tr") as HTMLElement;
  return within(tr).getAllByRole("cell")[col]?.textContent ?? "";
}

describe("the comparison table", () => {
  it("names each side honestly, in its column header", () => {
    const store = createCompareStore({ scene: nginxDies, seed: 1, wallClock: still });
    const t = table(store);
    expect(within(t).getByRole("columnheader", { name: "One server" })).toBeInTheDocument();
    expect(
      within(t).getByRole("columnheader", { name: "Three servers: HAProxy + 2 web servers" }),
    ).toBeInTheDocument();
    for (const row of [/^Availability/, /^Error rate/, /^p95 latency/, /^Failed visits/])
      expect(within(t).getByRole("rowheader", { name: row })).toBeInTheDocument();
    // Nothing has finished yet: no figure is made up.
    expect(cell(t, /^Availability/, "One server")).toBe("–");
    expect(cell(t, /^p95 latency/, "One server")).toBe("–");
  });

  it("updates live: the side whose only Nginx died loses its visits, the other keeps most", () => {
    const store = createCompareStore({ scene: nginxDies, seed: 1, wallClock: still });
    const t = table(store);
    run(store, 1_500);
    expect(cell(t, /^Availability/, "One server")).toBe("100%");
    expect(cell(t, /^Error rate/, "One server")).toBe("0%");
    run(store, 10_000); // to 11.5 s
    const one = Number.parseFloat(cell(t, /^Availability/, "One server"));
    const three = Number.parseFloat(
      cell(t, /^Availability/, "Three servers: HAProxy + 2 web servers"),
    );
    expect(one).toBeLessThan(40);
    expect(three).toBeGreaterThan(one + 30);
    expect(cell(t, /^Error rate/, "One server")).toBe("100%");
    expect(cell(t, /^Failed visits/, "One server")).toMatch(
      /^[\d,]+ of [\d,]+ · mostly ERR_CONNECTION_REFUSED$/,
    );
    expect(cell(t, /^p95 latency/, "Three servers: HAProxy + 2 web servers")).toMatch(
      /^\d+(\.\d)? (ms|s)$/,
    );
  });
});

describe("the outage timeline", () => {
  it("says in words when visits failed, not only in red bars", () => {
    const store = createCompareStore({ scene: nginxDies, seed: 1, wallClock: still });
    run(store, 6_000);
    const { results, sides, scene } = store.getState();
    render(
      <CompareProvider store={store}>
        <OutageStrip results={results[0]} label={sides[0].label} scene={scene} />
      </CompareProvider>,
    );
    const strip = screen.getByRole("region", { name: "Outage timeline of One server" });
    expect(within(strip).getByText(/^Failed: 0:02–0:06 \([\d,]+\)$/)).toBeInTheDocument();
  });
});

describe("compare mode", () => {
  it("has one Play for both sides, one speed, and a diagram for each side", () => {
    const surge = compareSceneById("compare-surge") as CompareScene;
    const store = createCompareStore({ scene: surge, seed: 1, wallClock: still });
    render(
      <CompareProvider store={store}>
        <CompareApp view={{ embed: false, controls: true }} />
      </CompareProvider>,
    );
    expect(screen.getByRole("region", { name: ONE_SERVER_SIDE.description })).toBeInTheDocument();
    expect(screen.getByRole("region", { name: DISTRIBUTED_SIDE.description })).toBeInTheDocument();
    expect(screen.getAllByRole("button", { name: /^Play/ })).toHaveLength(1);
    fireEvent.click(screen.getByRole("button", { name: "Play both" }));
    expect(store.getState().playing).toBe(true);
    expect(screen.getByRole("button", { name: "Pause both" })).toBeInTheDocument();
    const speeds = screen.getByRole("group", { name: "Speed" });
    expect(within(speeds).getByRole("button", { name: "10×" })).toHaveAttribute(
      "aria-pressed",
      "true",
    );
    fireEvent.click(within(speeds).getByRole("button", { name: "100×" }));
    expect(store.getState().speed).toBe("100");
    expect(within(speeds).getByRole("button", { name: "100×" })).toHaveAttribute(
      "aria-pressed",
      "true",
    );
  });
});
