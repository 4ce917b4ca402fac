// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen, within } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import { Notices } from "../../src/panels/Notices";
import { Timeline } from "../../src/panels/Timeline";
import { mainErrors, Traffic } from "../../src/panels/Traffic";
import { oneServerTopology } from "../../src/scenes/oneServer";
import { createHopscopeStore, HopscopeProvider, type HopscopeStore } from "../../src/store";

afterEach(cleanup);

function setup(): HopscopeStore {
  const store = createHopscopeStore({ topology: oneServerTopology, seed: 1 });
  render(
    <HopscopeProvider store={store}>
      <Traffic />
      <Notices />
    </HopscopeProvider>,
  );
  return store;
}

function frames(store: HopscopeStore, realMs: number): void {
  act(() => {
    for (let t = 0; t < realMs; t += 16) store.getState().actions.tick(16);
  });
}

const region = () => within(screen.getByRole("region", { name: "Traffic" }));

describe("the traffic panel", () => {
  it("the slider sets the rate, switches slow motion to real time, and metrics start moving", () => {
    const store = setup();
    const slider = region().getByRole("slider", { name: "Requests per second" });
    fireEvent.change(slider, { target: { value: "100" } });
    expect(store.getState().sim.trafficRps()).toBe(100);
    expect(store.getState().speed).toBe("1");
    expect(slider).toHaveAttribute("aria-valuetext", "100 visits per second");
    expect(
      within(screen.getByRole("status", { name: "Notices" })).getByText(/real time/),
    ).toBeInTheDocument();
    frames(store, 3_000); // 3 s of simulated time at 1×
    const metrics = within(region().getByRole("region", { name: /Metrics over the last 5 s/ }));
    expect(metrics.getByText("Throughput")).toBeInTheDocument();
    const last = store.getState().metrics.at(-1);
    expect(last?.throughput).toBeGreaterThan(20);
    expect(last?.errorRate).toBe(0);
  });

  it("Surge says why it cannot work before it is pressed: no traffic to multiply, or a surge under way", () => {
    const store = setup();
    const surge = region().getByRole("button", { name: "Surge ×10" });
    expect(surge).toHaveAttribute("aria-disabled", "true");
    expect(surge).toHaveAccessibleDescription("Turn the traffic up first: a surge multiplies it.");
    // Pressed anyway: refused with the same words, and the notice goes once traffic runs.
    fireEvent.click(surge);
    const notices = within(screen.getByRole("status", { name: "Notices" }));
    expect(
      notices.getByText("Turn the traffic up first: a surge multiplies it."),
    ).toBeInTheDocument();
    fireEvent.change(region().getByRole("slider", { name: "Requests per second" }), {
      target: { value: "50" },
    });
    expect(notices.queryByText("Turn the traffic up first: a surge multiplies it.")).toBeNull();
    expect(surge).not.toHaveAttribute("aria-disabled");
    fireEvent.click(surge);
    frames(store, 200);
    const surging = region().getByRole("button", { name: "Surging" });
    expect(surging).toHaveAttribute("aria-disabled", "true");
    expect(surging).toHaveAccessibleDescription("A surge is already under way.");
  });

  it("says which errors the failures are, in a user's words, the commonest first", () => {
    const sample = (byOutcome: Record<string, number>) => ({
      t: 0,
      throughput: 0,
      errorRate: 0,
      rates: {},
      byOutcome,
    });
    expect(mainErrors(sample({ ok: 10 }))).toBeUndefined();
    expect(mainErrors(sample({ ok: 5, http_504: 46, ERR_CONNECTION_RESET: 4 }))).toBe(
      "504 Gateway Time-out 92% · ERR_CONNECTION_RESET 8%",
    );
    expect(mainErrors(sample({ http_502: 1, http_500: 1, http_504: 3 }))).toBe(
      "504 Gateway Time-out 60% · 500 Internal Server Error 20%",
    );
  });

  it("under an overload past the listen backlog, the Errors chart says they are 504s", () => {
    const store = setup();
    act(() => {
      const { actions } = store.getState();
      actions.configure("nginx", "workerConnections", 16_384);
      actions.configure("app", "listenBacklog", 100);
      actions.setRps(600);
    });
    act(() => store.getState().sim.advanceTo(75_000));
    frames(store, 1_100); // the clock goes on, and publishes a sample of the window
    const errors = region().getByText("Errors").closest("figure") as HTMLElement;
    // The commonest are 504s from fastcgi_connect_timeout (by 75 s even 16,384 connections
    // per worker run out, so a few resets follow); never a 502.
    expect(errors).toHaveTextContent(/ %504 Gateway Time-out \d+%/);
    expect(errors).not.toHaveTextContent(/502/);
  });

  it("Surge multiplies the rate and says so; a surge without traffic is refused with a notice", () => {
    const store = setup();
    fireEvent.click(region().getByRole("button", { name: /^Surg(e ×10|ing)$/ }));
    expect(
      within(screen.getByRole("status", { name: "Notices" })).getByText(
        /Turn the traffic up first/,
      ),
    ).toBeInTheDocument();
    fireEvent.change(region().getByRole("slider", { name: "Requests per second" }), {
      target: { value: "50" },
    });
    fireEvent.click(region().getByRole("button", { name: /^Surg(e ×10|ing)$/ }));
    expect(store.getState().traffic).toMatchObject({ baseRps: 50, rps: 500, surging: true });
    expect(region().getByText("50/s → 500/s")).toBeInTheDocument();
  });

  it("refuses an impossible rate from code, and changes nothing", () => {
    const store = setup();
    act(() => store.getState().actions.setRps(-5));
    act(() => store.getState().actions.setRps(Number.NaN));
    act(() => store.getState().actions.setRps(1e7));
    expect(store.getState().sim.trafficRps()).toBe(0);
    expect(screen.getByRole("status", { name: "Notices" }).children).toHaveLength(3);
  });

  it("the outage timeline gets a row for the traffic's visits once traffic runs, beside your own", () => {
    const store = createHopscopeStore({ topology: oneServerTopology, seed: 1 });
    render(
      <HopscopeProvider store={store}>
        <Timeline />
      </HopscopeProvider>,
    );
    const timeline = within(screen.getByRole("region", { name: "Outage timeline" }));
    const row = /^Visits failed:/;
    expect(timeline.queryByText(row)).not.toBeInTheDocument();
    act(() => {
      store.getState().actions.setSpeed("10");
      store.getState().actions.setRps(100);
    });
    frames(store, 500);
    expect(timeline.getByText("Visits failed: none")).toBeInTheDocument();
    act(() => store.getState().actions.visit());
    frames(store, 100);
    // Your own visit is a mark above; the row still counts every visit.
    expect(timeline.getByText("Visits failed: none")).toBeInTheDocument();
  });
});
