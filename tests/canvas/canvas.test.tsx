// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import {
  afterAll,
  afterEach,
  beforeAll,
  beforeEach,
  describe,
  expect,
  it,
  onTestFinished,
  vi,
} from "vitest";
import { App } from "../../src/app/App";
import { absoluteBox } from "../../src/canvas/geometry";
import { type CanvasLayout, oneServerLayouts } from "../../src/canvas/layout";
import { OUTCOMES } from "../../src/engine";
import { oneServerTopology } from "../../src/scenes/oneServer";
import { createHopscopeStore, HopscopeProvider, type HopscopeStore } from "../../src/store";
import { nodeName } from "../support/nodeName";

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/**
 * The shared shims (tests/support/domShims.ts) make every element 1200 × 800.
 * React Flow measures each node with offsetWidth/offsetHeight, and clamps a
 * child with `extent: "parent"` inside its parent's measured box: with every
 * box the same size, Nginx, the app server and MySQL were all clamped to the
 * server's top-left corner. Here an element with an inline px size (React
 * Flow's node wrappers, sized from src/canvas/toFlow.ts) measures as that size.
 */
const shimmed = ["offsetWidth", "offsetHeight"] as const;
const saved = shimmed.map((p) => Object.getOwnPropertyDescriptor(HTMLElement.prototype, p));
beforeAll(() => {
  const inline = (el: HTMLElement, prop: "width" | "height", fallback: number) => {
    const px = /^([\d.]+)px$/.exec(el.style[prop])?.[1];
    return px === undefined ? fallback : Number(px);
  };
  Object.defineProperties(HTMLElement.prototype, {
    offsetWidth: {
      configurable: true,
      get(this: HTMLElement) {
        return inline(this, "width", 1200);
      },
    },
    offsetHeight: {
      configurable: true,
      get(this: HTMLElement) {
        return inline(this, "height", 800);
      },
    },
  });
});
afterAll(() => {
  shimmed.forEach((p, i) => {
    const d = saved[i];
    if (d) Object.defineProperty(HTMLElement.prototype, p, d);
  });
});

/**
 * Animation frames under the test's control: the app's frame loop (clock, then
 * packets) runs only when `frames()` says so, with a fake timestamp.
 */
let pending = new Map<number, FrameRequestCallback>();
let nextHandle = 1;
let clock = 0;

beforeEach(() => {
  pending = new Map();
  clock = 0;
  vi.stubGlobal("requestAnimationFrame", (cb: FrameRequestCallback) => {
    pending.set(nextHandle, cb);
    return nextHandle++;
  });
  vi.stubGlobal("cancelAnimationFrame", (handle: number) => pending.delete(handle));
});

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

function frames(count: number, dt = 16): void {
  for (let i = 0; i < count; i++) {
    clock += dt;
    const due = [...pending.values()];
    pending.clear();
    act(() => {
      for (const cb of due) cb(clock);
    });
  }
}

/**
 * Node's fs, imported without a literal specifier so that Node's types stay out
 * of the app's type program (tsconfig.app.json covers src and tests alike).
 */
const fs = (await import(/* @vite-ignore */ "node:fs" as string)) as {
  readFileSync(path: string, encoding: "utf8"): string;
};
const dirname = (import.meta as ImportMeta & { dirname: string }).dirname;

/**
 * Loads src/styles.css into the document (Vitest does not apply imported CSS),
 * for tests whose outcome depends on it: the pointer-events rule on node buttons.
 */
function loadAppStylesheet(): void {
  const style = document.createElement("style");
  style.textContent = fs.readFileSync(`${dirname}/../../src/styles.css`, "utf8");
  document.head.append(style);
  onTestFinished(() => style.remove());
}

function renderApp(): { store: HopscopeStore } {
  const store = createHopscopeStore({ topology: oneServerTopology, seed: 1 });
  render(
    <HopscopeProvider store={store}>
      <App />
    </HopscopeProvider>,
  );
  return { store };
}

/** A component node on the canvas, by its label. */
function node(label: string): HTMLElement {
  return screen.getByRole("button", { name: nodeName(label) });
}

/** The layout the canvas says it shows (the one that fits its shape best). */
function shownLayout(): CanvasLayout {
  const name = document.querySelector(".canvas")?.getAttribute("data-layout");
  const layout = oneServerLayouts.find((l) => l.name === name);
  if (!layout) throw new Error(`no layout named ${String(name)}`);
  return layout;
}

/** Components drawn as a button each; the traffic's Users are drawn as a source, not a part to break. */
const LABELS = oneServerTopology.components
  .filter((c) => !(c.kind === "browser" && c.crowd))
  .map((c) => c.label);

describe("the canvas inside the whole app", () => {
  it("draws each of the nine components as a button named by its label", () => {
    renderApp();
    expect(LABELS).toEqual([
      "Your browser",
      "DNS resolver",
      "Root server",
      ".com TLD server",
      "ns1.foobar.com",
      "Server 8.8.8.8",
      "Nginx",
      "Application server",
      "MySQL",
    ]);
    for (const label of LABELS) {
      const button = node(label);
      expect(button).toHaveAttribute("aria-pressed", "false");
    }
    const nodeButtons = screen
      .getAllByRole("button")
      .filter(
        (b) =>
          b.getAttribute("aria-describedby") !== null &&
          /Shows its details/.test(
            document.getElementById(b.getAttribute("aria-describedby") ?? "")?.textContent ?? "",
          ),
      );
    expect(nodeButtons).toHaveLength(9);
    // The traffic's source is drawn too, with its count in words.
    expect(screen.getByText("Users")).toBeInTheDocument();
    expect(screen.getByTestId("users-count")).toHaveTextContent("No traffic");
    // The rest of the app is around it.
    expect(screen.getByRole("heading", { level: 1, name: "Hopscope" })).toBeInTheDocument();
    expect(screen.getByRole("toolbar", { name: "Playback" })).toBeInTheDocument();
    expect(screen.getByRole("log", { name: "Event log" })).toBeInTheDocument();
    expect(screen.getByRole("region", { name: "Component details" })).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Zoom In" })).toBeInTheDocument();
    // Each sits in its own React Flow node, at the size the layout gives it.
    expect(node("Nginx").closest("[data-id]")).toHaveAttribute("data-id", "nginx");
    const nginxBox = shownLayout().boxes.nginx;
    expect(node("Nginx").closest("[data-id]")).toHaveStyle({
      width: `${nginxBox?.width}px`,
      height: `${nginxBox?.height}px`,
    });
  });

  it("names each node by the text drawn on it, title first, then its status; pressing it is described", () => {
    renderApp();
    // jsdom lays nothing out, so it joins inline parts without a space: compare the words only.
    const loose = (text: string) =>
      new RegExp(`^${[...text.replace(/\s+/g, "")].map(escapeRegExp).join("\\s*")}$`);
    for (const label of LABELS) {
      const button = node(label);
      const status = button.closest(".react-flow__node")?.querySelector(".node-status");
      // What a sighted user reads on the card and its status line, in order: nothing replaced.
      expect(button).toHaveAccessibleName(loose(`${button.textContent}${status?.textContent}`));
      expect(button).toHaveAccessibleName(new RegExp(`^${escapeRegExp(label)}`));
      expect(button).not.toHaveAttribute("aria-label");
      expect(button).toHaveAccessibleDescription("Shows its details");
    }
    expect(node("ns1.foobar.com")).toHaveAccessibleName(/foobar\.com\s*A\s*8\.8\.8\.8/);
    expect(node("ns1.foobar.com")).toHaveAccessibleName(/www\.foobar\.com\s*CNAME\s*foobar\.com/);
    expect(node("DNS resolver")).toHaveAccessibleName(/192\.0\.2\.53 Up · 0 cached$/);
    expect(node("Application server")).toHaveAccessibleName(
      /Code base v1 · index\.php Up · 0\/5 workers$/,
    );
  });

  it("places the processes inside the server's frame, where the layout says", () => {
    renderApp();
    const at = (label: string) =>
      (node(label).closest("[data-id]") as HTMLElement).style.transform.replace(/\s/g, "");
    const abs = (id: string) => {
      const b = absoluteBox(shownLayout(), id);
      return `translate(${b?.x}px,${b?.y}px)`;
    };
    expect(at("Server 8.8.8.8")).toBe(abs("server"));
    // Children are placed relative to their parent, and drawn at parent + offset.
    expect(at("Nginx")).toBe(abs("nginx"));
    expect(at("Application server")).toBe(abs("app"));
    expect(at("MySQL")).toBe(abs("mysql"));
    expect(at("ns1.foobar.com")).toBe(abs("auth"));
  });

  it("clicking ns1.foobar.com shows its zone, with the CNAME record", async () => {
    loadAppStylesheet();
    renderApp();
    const auth = node("ns1.foobar.com");
    // The node's own card already shows the www CNAME.
    expect(auth).toHaveTextContent(/www\.foobar\.comCNAMEfoobar\.com/);
    // A pointer click, with user-event checking pointer-events as a browser would.
    const user = userEvent.setup();
    await user.click(auth);

    expect(auth).toHaveAttribute("aria-pressed", "true");
    const details = screen.getByRole("region", { name: "ns1.foobar.com" });
    expect(within(details).getByRole("heading", { name: "What it is" })).toBeInTheDocument();
    expect(within(details).getByRole("heading", { name: "Zone foobar.com." })).toBeInTheDocument();
    expect(details).toHaveTextContent("www.foobar.com. 3600 IN CNAME foobar.com.");
    expect(details).toHaveTextContent("foobar.com. 300 IN A 8.8.8.8");
    expect(
      within(details).getByRole("heading", { name: "What kind of record www is" }),
    ).toBeInTheDocument();

    await user.click(within(details).getByRole("button", { name: "Close details" }));
    expect(screen.getByRole("region", { name: "Component details" })).toBeInTheDocument();
    expect(auth).toHaveAttribute("aria-pressed", "false");
  });

  it("lets a pointer reach every node's button, although React Flow turns the nodes off", () => {
    loadAppStylesheet();
    renderApp();
    for (const label of LABELS) {
      const button = node(label);
      // Not selectable, not draggable, no onNodeClick: React Flow sets the wrapper
      // to `pointer-events: none`, which the button would inherit...
      expect((button.closest("[data-id]") as HTMLElement).style.pointerEvents).toBe("none");
      // ...so src/styles.css must turn it back on for the button itself.
      expect(getComputedStyle(button).pointerEvents).toBe("auto");
    }
  });

  it("has a packet layer that copes with a canvas without a 2D context", () => {
    const getContext = vi.spyOn(HTMLCanvasElement.prototype, "getContext");
    const { store } = renderApp();
    const stage = screen.getByRole("region", { name: "The one-server stack" });
    const canvas = stage.querySelector(".packet-layer canvas");
    expect(canvas).toBeInstanceOf(HTMLCanvasElement);
    expect(canvas?.closest('[aria-hidden="true"]')).not.toBeNull();

    fireEvent.click(screen.getByRole("button", { name: "Visit www.foobar.com" }));
    expect(store.getState().sim.packets.count).toBe(1);
    frames(30);
    // The loop ran: the clock ticked, and the packet layer asked for its context once (not
    // every frame: that cost 2% of the main thread with the CPU slowed 4×), and drew nothing.
    expect(getContext).toHaveBeenCalledWith("2d");
    expect(getContext.mock.calls.length).toBe(1);
    expect(getContext.mock.results.every((r) => r.type === "return" && r.value === null)).toBe(
      true,
    );
    expect(store.getState().sim.now).toBeGreaterThan(0);
    expect(screen.getByRole("button", { name: "Pause" })).toBeInTheDocument();
  });

  it("drives the simulation from animation frames, pacing a hop at about 900 ms", () => {
    const { store } = renderApp();
    fireEvent.click(screen.getByRole("button", { name: "Visit www.foobar.com" }));
    const hop = store.getState().sim.trace.find((e) => e.type === "hop");
    if (hop?.type !== "hop") throw new Error("no hop");
    frames(1); // the first frame only sets the loop's start time
    frames(28); // 448 ms
    expect(store.getState().sim.now).toBeLessThan(hop.arrive);
    frames(35); // 1008 ms
    expect(store.getState().sim.now).toBeGreaterThanOrEqual(hop.arrive);
  });

  it("stops the frame loop when the app unmounts", () => {
    const { unmount } = render(
      <HopscopeProvider store={createHopscopeStore({ topology: oneServerTopology, seed: 1 })}>
        <App />
      </HopscopeProvider>,
    );
    expect(pending.size).toBeGreaterThan(0);
    unmount();
    frames(1);
    expect(pending.size).toBe(0);
  });

  it("updates a node's name while its component works", () => {
    const { store } = renderApp();
    expect(node("DNS resolver")).toHaveAccessibleName(/^DNS resolver.* Up · /);
    act(() => {
      const { sim, actions } = store.getState();
      actions.visit();
      sim.advanceTo(sim.nextEventTime()); // the query reaches the resolver
      actions.pause();
    });
    expect(node("DNS resolver")).toHaveAccessibleName(/^DNS resolver.* Working · resolving/);
  });
});

describe("under load, what the class sees is the engine's own numbers", () => {
  it("the nodes' gauges, their rates and the metrics charts, read back after a pause", () => {
    const { store } = renderApp();
    act(() => store.getState().actions.setRps(2_000));
    frames(260); // about 4 s of simulated time at 1×: the server is saturated
    act(() => store.getState().actions.pause());
    const { sim, metrics } = store.getState();

    // Gauges: each node says what its component's state holds now.
    const app = sim.componentState("app");
    const nginx = sim.componentState("nginx");
    if (app.kind !== "app" || nginx.kind !== "nginx") throw new Error("unexpected topology");
    const workers = sim.topology.specs.find((c) => c.id === "app");
    const busy = app.state.working.size;
    const waiting = app.state.backlog.size;
    expect(busy).toBe(workers?.kind === "app" ? workers.workers : -1);
    expect(waiting).toBeGreaterThan(100);
    expect(node("Application server")).toHaveAccessibleName(
      new RegExp(` Working · ${busy}/${busy} workers, ${waiting} waiting$`),
    );
    expect(node("Nginx")).toHaveAccessibleName(
      new RegExp(` Working · ${nginx.state.active.size} requests$`),
    );
    const cpu = sim.cpu("server");
    expect(node("Server 8.8.8.8")).toHaveAccessibleName(
      new RegExp(
        ` Working · CPU ${cpu?.busy}/${cpu?.cores}${cpu?.waiting ? `, ${cpu.waiting} waiting` : ""}$`,
      ),
    );

    // Rates: the badge shows the newest sample's rate, which is the engine's counter growth.
    const last = metrics.at(-1);
    const appRate = last?.rates.app ?? 0;
    // PHP-FPM only hears from the connections its full queue let in: about 118 a second.
    expect(appRate).toBeGreaterThan(50);
    expect(within(node("Application server")).getByTitle(/per second/)).toHaveTextContent(
      `${Math.round(appRate).toLocaleString("en-US")}/s`,
    );

    // Charts: the window's visits recounted straight from the engine's completion log.
    const t = last?.t ?? 0;
    const log = sim.completions;
    let n = 0;
    let ok = 0;
    for (let i = 0; i < Math.min(log.total, log.capacity); i++) {
      const ended = log.endedAt[i] as number;
      if (ended > t - 5_000 && ended <= t) {
        n++;
        if (OUTCOMES[log.outcome[i] as number] === "ok") ok++;
      }
    }
    expect(n).toBeGreaterThan(1_000);
    const chart = (label: string) =>
      within(screen.getByRole("region", { name: /^Metrics over the last/ }))
        .getByText(label)
        .closest("figure") as HTMLElement;
    expect(chart("Throughput")).toHaveTextContent(`${(n / 5).toFixed(0)} visits/s`);
    expect(chart("Errors")).toHaveTextContent(`${(((n - ok) / n) * 100).toFixed(1)} %`);
  });
});

describe("the side panels", () => {
  it("can be hidden to give the canvas the whole width, and come back when a component is opened", async () => {
    loadAppStylesheet();
    renderApp();
    const user = userEvent.setup();
    const toggle = screen.getByRole("button", { name: "Side panels" });
    expect(toggle).toHaveAttribute("aria-pressed", "true");
    expect(screen.getByRole("region", { name: "Event log" })).toBeInTheDocument();
    await user.click(toggle);
    expect(toggle).toHaveAttribute("aria-pressed", "false");
    expect(screen.queryByRole("region", { name: "Event log" })).toBeNull();
    expect(screen.queryByRole("region", { name: "Component details" })).toBeNull();
    await user.click(node("MySQL"));
    expect(screen.getByRole("region", { name: "MySQL" })).toBeInTheDocument();
    expect(toggle).toHaveAttribute("aria-pressed", "true");
  });
});
