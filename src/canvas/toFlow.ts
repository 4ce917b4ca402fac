import type { Edge, Node } from "@xyflow/react";
import type { CompiledTopology, ComponentSpec } from "../engine";
import { linkPath } from "./geometry";
import type { CanvasLayout, Point } from "./layout";

export interface ComponentNodeData extends Record<string, unknown> {
  componentId: string;
  /** Without its details line (see Box.compact). */
  compact?: boolean;
  /** Its dense variant (see CanvasLayout.dense). */
  dense?: boolean;
  /** A machine's status on up to two lines (see Box.statusWraps). */
  statusWraps?: boolean;
  /** A machine's bar on up to two rows (see Box.barWraps). */
  barWraps?: boolean;
}

export interface LinkEdgeData extends Record<string, unknown> {
  points: Point[];
  label: string;
  /** Where the label goes; undefined: the middle of the longest segment; null: no label. */
  labelAt: Point | null | undefined;
}

export type ComponentNode = Node<ComponentNodeData, "component" | "host" | "users">;
export type LinkEdge = Edge<LinkEdgeData, "link">;

/**
 * Maps a topology and its layout to React Flow nodes and edges. Pure: the
 * dynamic state (busy, cached records) is read by the nodes from the store.
 * Containers come before their children, as React Flow requires.
 */
export function toFlow(
  topology: CompiledTopology,
  layout: CanvasLayout,
): { nodes: ComponentNode[]; edges: LinkEdge[] } {
  const nodes: ComponentNode[] = [];
  for (const spec of topology.specs) {
    const box = layout.boxes[spec.id];
    if (!box) continue;
    const node: ComponentNode = {
      id: spec.id,
      type: nodeType(spec),
      position: { x: box.x, y: box.y },
      width: box.width,
      height: box.height,
      data: {
        componentId: spec.id,
        ...(box.compact ? { compact: true } : {}),
        ...(layout.dense ? { dense: true } : {}),
        ...(box.statusWraps ? { statusWraps: true } : {}),
        ...(box.barWraps ? { barWraps: true } : {}),
      },
      draggable: false,
      selectable: false,
      focusable: false,
      ...(box.parent ? { parentId: box.parent, extent: "parent" as const } : {}),
    };
    nodes.push(node);
  }
  nodes.sort((a, b) => Number(Boolean(a.parentId)) - Number(Boolean(b.parentId)));

  // A process the layout does not draw (a web server drawn as its machine alone): its links end
  // at its machine.
  const drawn = (id: string): string =>
    layout.boxes[id] ? id : (topology.specs[topology.machineOf(topology.indexOf(id))]?.id ?? id);
  const edges: LinkEdge[] = [];
  for (const link of topology.links) {
    const points = linkPath(layout, link);
    if (!points) continue;
    edges.push({
      id: link.id,
      source: drawn(link.a),
      target: drawn(link.b),
      type: "link",
      data: {
        points,
        label: layout.labels?.[link.id]?.text ?? link.label,
        labelAt: layout.labels?.[link.id],
      },
      selectable: false,
      focusable: false,
    });
  }
  return { nodes, edges };
}

/** Which node draws a component: a machine, the traffic's crowd of users, or one component. */
function nodeType(spec: ComponentSpec): ComponentNode["type"] {
  if (spec.kind === "host") return "host";
  return spec.kind === "browser" && spec.crowd === true ? "users" : "component";
}
