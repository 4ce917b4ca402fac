import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { placeLabel, type Rect, titleBands } from "../../src/canvas/labelPlacement";
import { oneServerLayouts } from "../../src/canvas/layout";

const overlaps = (a: Rect, b: Rect) =>
  a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

describe("packet labels keep off titles and each other", () => {
  it("a title band per box, where the box is drawn (a process inside its machine)", () => {
    for (const layout of oneServerLayouts) {
      const bands = titleBands(layout);
      const server = layout.boxes.server;
      const nginx = layout.boxes.nginx;
      if (!server || !nginx) throw new Error("layout without the server");
      expect(bands).toContainEqual({
        x: server.x + nginx.x,
        y: server.y + nginx.y,
        width: nginx.width,
        height: 70,
      });
      // The machine's own title is a shorter band at its top.
      expect(bands).toContainEqual({ x: server.x, y: server.y, width: server.width, height: 50 });
    }
  });

  it("above the dot when free; below when a title is above; beside when both are taken", () => {
    const title = { x: 0, y: 0, width: 200, height: 70 };
    expect(placeLabel(100, 200, 20, 80, 24, [title], [])).toEqual({ x: 100, y: 180 });
    expect(placeLabel(100, 80, 20, 80, 24, [title], [])).toEqual({ x: 100, y: 100 });
    // Above covers the title, below covers another box's title: to the left of the dot.
    const below = { x: 80, y: 100, width: 40, height: 40 };
    expect(placeLabel(100, 90, 20, 80, 24, [title, below], [])).toEqual({ x: 40, y: 90 });
  });

  it("a second label on the same spot moves away from the first", () => {
    const placed: Rect[] = [];
    const a = placeLabel(300, 300, 20, 120, 24, [], placed);
    const b = placeLabel(310, 300, 20, 120, 24, [], placed);
    expect(a).toEqual({ x: 300, y: 280 });
    expect(b).toEqual({ x: 310, y: 320 });
    expect(placed).toHaveLength(2);
  });

  it("whenever a free place exists among the four, the label covers no title and no label", () => {
    const rect = fc.record({
      x: fc.integer({ min: 0, max: 800 }),
      y: fc.integer({ min: 0, max: 600 }),
      width: fc.integer({ min: 10, max: 300 }),
      height: fc.integer({ min: 10, max: 120 }),
    });
    fc.assert(
      fc.property(
        fc.array(rect, { maxLength: 8 }),
        fc.array(
          fc.record({ x: fc.integer({ min: 0, max: 800 }), y: fc.integer({ min: 0, max: 600 }) }),
          {
            minLength: 1,
            maxLength: 6,
          },
        ),
        (titles, dots) => {
          const placed: Rect[] = [];
          for (const dot of dots) {
            const before = placed.slice();
            const at = placeLabel(dot.x, dot.y, 20, 90, 24, titles, placed);
            const mine = placed[placed.length - 1] as Rect;
            expect(mine).toEqual({ x: at.x - 45, y: at.y - 12, width: 90, height: 24 });
            const clear = (r: Rect) =>
              !titles.some((t) => overlaps(r, t)) && !before.some((p) => overlaps(r, p));
            const options = [
              { x: dot.x, y: dot.y - 20 },
              { x: dot.x, y: dot.y + 20 },
              { x: dot.x - 65, y: dot.y },
              { x: dot.x + 65, y: dot.y },
            ].map((c) => ({ x: c.x - 45, y: c.y - 12, width: 90, height: 24 }));
            if (options.some(clear)) expect(clear(mine)).toBe(true);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
