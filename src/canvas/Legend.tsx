import { Panel } from "@xyflow/react";
import { useLayoutEffect, useRef } from "react";

/**
 * Below this canvas width (px) the open legend would cover nodes' text (the diagram is fitted
 * to the canvas, so only a very wide one leaves room beside it): it starts folded.
 */
const OPEN_FROM_WIDTH = 1500;

/** The packet kinds in the order a visit meets them, each with its colour's CSS variable. */
const KINDS = [
  { word: "DNS", colour: "--packet-dns", hint: "a DNS query or answer" },
  { word: "TCP", colour: "--packet-tcp", hint: "a TCP handshake, probe or reset" },
  { word: "Request", colour: "--packet-request", hint: "an HTTP or FastCGI request" },
  { word: "Response", colour: "--packet-response", hint: "a response on its way back" },
  { word: "SQL", colour: "--packet-sql", hint: "a query to MySQL or its rows" },
  { word: "Error", colour: "--packet-error", hint: "an error answer or a failed hop" },
] as const;

/**
 * What the packet colours mean, in a corner of the canvas: each colour beside its word,
 * so colour is never the only cue. A disclosure: folded at first on a narrow canvas, where
 * it would cover nodes, and one click (or Enter) away.
 */
export function Legend({ placement = "canvas" }: { placement?: "canvas" | "inline" }) {
  const ref = useRef<HTMLDetailsElement>(null);
  // Open from the start where there is room for it; a narrow canvas shows only its summary.
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el || placement === "inline") return;
    const width = el.closest(".canvas")?.clientWidth ?? 0;
    el.open = width === 0 || width >= OPEN_FROM_WIDTH;
  }, [placement]);
  const legend = (
    <details className={`packet-legend ${placement}`} ref={ref}>
      <summary>Packets</summary>
      <ul aria-label="Packet colours">
        {KINDS.map((k) => (
          <li key={k.word} title={k.hint}>
            <span
              className="legend-dot"
              style={{ background: `var(${k.colour})` }}
              aria-hidden="true"
            />
            {k.word}
          </li>
        ))}
        <li title="a packet heading for a component that is down: nothing will receive it">
          <span className="legend-doomed" aria-hidden="true">
            ×
          </span>
          Lost
        </li>
      </ul>
    </details>
  );
  // Inline: in a bar outside the diagram (a projector's diagram fills its canvas, so anything
  // laid over it covers a node), opening as a popover.
  return placement === "inline" ? (
    legend
  ) : (
    <Panel position="top-left" className="packet-legend-panel">
      {legend}
    </Panel>
  );
}
