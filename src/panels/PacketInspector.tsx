import { X } from "lucide-react";
import { memo, useId, useMemo } from "react";
import type { CompiledTopology, HopEntry, TraceEntry } from "../engine";
import { type Layer, layersOf } from "../inspector/layers";

export interface PacketInspectorProps {
  /** The hop to take apart. */
  entry: HopEntry;
  /** The trace it belongs to: connections and queries are reconstructed from what came before it. */
  trace: readonly TraceEntry[];
  topology: CompiledTopology;
  onClose: () => void;
}

/**
 * One hop taken apart as a protocol analyser shows a packet: a tree of layers (the hop, IPv4,
 * TCP or UDP, the application's message), each a folding `<details>` with its fields. Plain
 * text only: every value is rendered as text, never as HTML.
 */
export function PacketInspector({ entry, trace, topology, onClose }: PacketInspectorProps) {
  const headingId = useId();
  const layers = useMemo(() => layersOf(entry, trace, topology), [entry, trace, topology]);
  return (
    <section className="panel packet-inspector" aria-labelledby={headingId}>
      <div className="panel-title-row">
        <h2 id={headingId} className="panel-title">
          Packet #{entry.seq}: {labelOf(topology, entry.from)} → {labelOf(topology, entry.to)}
        </h2>
        <button
          type="button"
          className="icon-btn"
          aria-label="Close the inspector"
          title="Close the inspector"
          onClick={onClose}
        >
          <X size={18} aria-hidden="true" />
        </button>
      </div>
      <div className="packet-layers">
        {layers.map((layer, i) => (
          // A fixed list for one hop, never reordered: its position is its identity.
          // biome-ignore lint/suspicious/noArrayIndexKey: see above
          <LayerView key={i} layer={layer} />
        ))}
      </div>
    </section>
  );
}

/** One layer: its summary line, its fields, and its parts (records, packets) inside it. */
const LayerView = memo(function LayerView({ layer }: { layer: Layer }) {
  return (
    <details open className="packet-layer-view" aria-label={layer.summary}>
      <summary>{layer.summary}</summary>
      {layer.fields.length > 0 ? (
        <dl className="packet-fields">
          {layer.fields.map((f, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: fields repeat names ("Note") and never move
            <div key={i} className="packet-field">
              <dt>{f.name}</dt>
              <dd>{f.value}</dd>
            </div>
          ))}
        </dl>
      ) : null}
      {layer.children?.map((child, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: a fixed list of parts, never reordered
        <LayerView key={i} layer={child} />
      ))}
    </details>
  );
});

/** A component's name as the diagram shows it ("DNS resolver"), or its id. */
function labelOf(topology: CompiledTopology, id: string): string {
  return topology.specs.find((s) => s.id === id)?.label ?? id;
}
