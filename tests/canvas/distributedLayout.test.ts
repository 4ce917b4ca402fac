import { describe, expect, it } from "vitest";
import { type Box, type CanvasLayout, layoutBounds } from "../../src/canvas/layout";
import { toFlow } from "../../src/canvas/toFlow";
import { compileTopology } from "../../src/engine";
import { ARCHITECTURES } from "../../src/scenes/architectures";

/** Where a box is drawn, in flow units (a child's x and y are its parent's plus its own). */
function absolute(layout: CanvasLayout, box: Box): Box {
  const parent = box.parent ? layout.boxes[box.parent] : undefined;
  return { ...box, x: box.x + (parent?.x ?? 0), y: box.y + (parent?.y ?? 0) };
}

const overlap = (a: Box, b: Box) =>
  a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

const loadBalanced = Object.values(ARCHITECTURES).filter((a) => a.id !== "one-server");

describe("the load-balanced layouts, drawn dense", () => {
  for (const architecture of loadBalanced) {
    const topology = compileTopology(architecture.topology);
    for (const layout of architecture.layouts) {
      const where = `${architecture.id} ${layout.name}`;
      it(`${where}: dense; boxes apart, inside their machines and the bounds; every link drawn`, () => {
        expect(layout.dense, where).toBe(true);
        const drawn = layout.servers;
        const entries = Object.entries(layout.boxes);
        const bounds = layoutBounds(layout);
        for (const [id, box] of entries) {
          const at = absolute(layout, box);
          expect(at.x, `${where}: ${id}`).toBeGreaterThanOrEqual(0);
          expect(at.y, `${where}: ${id}`).toBeGreaterThanOrEqual(0);
          expect(at.x + at.width, `${where}: ${id}`).toBeLessThanOrEqual(bounds.width);
          expect(at.y + at.height, `${where}: ${id}`).toBeLessThanOrEqual(bounds.height);
          if (box.parent) {
            const parent = layout.boxes[box.parent] as Box;
            expect(box.x + box.width, `${where}: ${id} in ${box.parent}`).toBeLessThanOrEqual(
              parent.width,
            );
            expect(box.y + box.height, `${where}: ${id} in ${box.parent}`).toBeLessThanOrEqual(
              parent.height,
            );
          }
        }
        // Boxes side by side (both top level, or in the same machine) never overlap.
        for (let i = 0; i < entries.length; i++) {
          for (let j = i + 1; j < entries.length; j++) {
            const [idA, a] = entries[i] as [string, Box];
            const [idB, b] = entries[j] as [string, Box];
            if (a.parent !== b.parent) continue;
            expect(overlap(a, b), `${where}: ${idA} over ${idB}`).toBe(false);
          }
        }
        // Every component is on the diagram (a scaling group's: the servers this layout draws),
        // and every link between drawn components has a path for its packets.
        const { nodes, edges } = toFlow(topology, layout);
        const onDiagram = new Set(nodes.map((n) => n.id));
        for (const spec of topology.specs) {
          const server = /^web(\d+)/.exec(spec.id);
          if (drawn !== undefined && server && Number(server[1]) > drawn) continue;
          const machine = topology.specs[topology.machineOf(topology.indexOf(spec.id))]?.id;
          expect(
            onDiagram.has(spec.id) || (machine !== undefined && onDiagram.has(machine)),
            `${where}: ${spec.id}`,
          ).toBe(true);
        }
        for (const edge of edges) {
          if (!onDiagram.has(edge.source) || !onDiagram.has(edge.target)) continue;
          expect(edge.data?.points.length ?? 0, `${where}: ${edge.id}`).toBeGreaterThanOrEqual(2);
        }
      });
    }
  }
});
