// @vitest-environment jsdom
import { cleanup, render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import { createSimulation, type HopEntry } from "../../src/engine";
import { PacketInspector } from "../../src/panels/PacketInspector";
import { oneServerTopology } from "../../src/scenes/oneServer";

afterEach(cleanup);

function firstVisit() {
  const sim = createSimulation({ topology: oneServerTopology, seed: 1 });
  sim.visit("www.foobar.com");
  sim.runUntilIdle();
  return sim;
}

function hop(trace: readonly { type: string }[], step: string): HopEntry {
  const found = trace.find((e) => e.type === "hop" && (e as HopEntry).step === step);
  if (!found) throw new Error(`no ${step} hop`);
  return found as HopEntry;
}

describe("the packet inspector", () => {
  it("shows the hop's heading and its layers as a tree", () => {
    const sim = firstVisit();
    const entry = hop(sim.trace, "http.request");
    render(
      <PacketInspector
        entry={entry}
        trace={sim.trace}
        topology={sim.topology}
        onClose={() => {}}
      />,
    );
    const region = screen.getByRole("region", {
      name: `Packet #${entry.seq}: Your browser → Nginx`,
    });
    expect(within(region).getByRole("heading", { level: 2 })).toHaveTextContent(
      `Packet #${entry.seq}: Your browser → Nginx`,
    );
    const groups = within(region).getAllByRole("group");
    expect(groups.map((g) => g.querySelector("summary")?.textContent)).toEqual(
      expect.arrayContaining([
        "Internet Protocol Version 4, Src: 198.51.100.10, Dst: 8.8.8.8",
        "Hypertext Transfer Protocol: GET / HTTP/1.1",
      ]),
    );
    const ip = within(region).getByRole("group", { name: /^Internet Protocol Version 4/ });
    expect(ip).toHaveAttribute("open");
    const terms = within(ip)
      .getAllByRole("term")
      .map((t) => t.textContent);
    expect(terms).toEqual(expect.arrayContaining(["Source Address", "Time to Live", "Protocol"]));
    const tcp = within(region).getByRole("group", { name: /^Transmission Control Protocol/ });
    expect(tcp).toHaveAccessibleName(/Seq: 1, Ack: 1, Len: \d+ \[PSH, ACK\]$/);
    const http = within(region).getByRole("group", {
      name: "Hypertext Transfer Protocol: GET / HTTP/1.1",
    });
    expect(within(http).getByText("www.foobar.com")).toBeInTheDocument();
  });

  it("folds a layer by its summary, and renders values as text, never as HTML", async () => {
    const sim = createSimulation({ topology: oneServerTopology, seed: 1 });
    sim.kill("app");
    sim.visit("www.foobar.com");
    sim.runUntilIdle();
    const entry = sim.trace.find(
      (e): e is HopEntry => e.type === "hop" && e.summary.startsWith("HTTP/1.1 502"),
    );
    if (!entry) throw new Error("no 502");
    const user = userEvent.setup();
    const { container } = render(
      <PacketInspector
        entry={entry}
        trace={sim.trace}
        topology={sim.topology}
        onClose={() => {}}
      />,
    );
    const http = screen.getByRole("group", {
      name: "Hypertext Transfer Protocol: HTTP/1.1 502 Bad Gateway",
    });
    // Nginx's error page is shown as its text: no <h1> element is made of it.
    expect(
      within(http).getByText(/<center><h1>502 Bad Gateway<\/h1><\/center>/),
    ).toBeInTheDocument();
    expect(container.querySelector("h1")).toBeNull();
    await user.click(
      within(http).getByText("Hypertext Transfer Protocol: HTTP/1.1 502 Bad Gateway"),
    );
    expect(http).not.toHaveAttribute("open");
  });

  it("calls onClose from its Close button", async () => {
    const sim = firstVisit();
    const onClose = vi.fn();
    const user = userEvent.setup();
    render(
      <PacketInspector
        entry={hop(sim.trace, "tcp.syn")}
        trace={sim.trace}
        topology={sim.topology}
        onClose={onClose}
      />,
    );
    await user.click(screen.getByRole("button", { name: "Close the inspector" }));
    expect(onClose).toHaveBeenCalledTimes(1);
  });
});
