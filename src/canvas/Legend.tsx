import { Panel } from "@xyflow/react";

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
 * so colour is never the only cue. A disclosure, so it can be folded away.
 */
export function Legend() {
  return (
    <Panel position="bottom-left" className="packet-legend-panel">
      <details className="packet-legend" open>
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
    </Panel>
  );
}
