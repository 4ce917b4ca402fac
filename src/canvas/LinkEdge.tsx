import { EdgeLabelRenderer, type EdgeProps } from "@xyflow/react";
import { memo } from "react";
import { roundedPathData } from "./geometry";
import type { Point } from "./layout";
import type { LinkEdge as LinkEdgeType } from "./toFlow";

/** A network link, drawn exactly where the packet layer moves packets along it. */
function LinkEdgeView({ id, data }: EdgeProps<LinkEdgeType>) {
  if (!data) return null;
  const { points, label, labelAt } = data;
  const at = labelAt === undefined ? middleOfLongestSegment(points) : labelAt;
  return (
    <>
      <path id={id} className="link-edge" d={roundedPathData(points)} fill="none" />
      {at ? (
        <EdgeLabelRenderer>
          <div
            className="link-label"
            style={{ transform: `translate(-50%, -50%) translate(${at.x}px, ${at.y}px)` }}
          >
            {label}
          </div>
        </EdgeLabelRenderer>
      ) : null}
    </>
  );
}

function middleOfLongestSegment(points: Point[]): Point {
  let best: Point = points[0] ?? { x: 0, y: 0 };
  let bestLen = -1;
  for (let i = 1; i < points.length; i++) {
    const a = points[i - 1] as Point;
    const b = points[i] as Point;
    const len = Math.hypot(b.x - a.x, b.y - a.y);
    if (len > bestLen) {
      bestLen = len;
      best = { x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 };
    }
  }
  return best;
}

export const LinkEdgeComponent = memo(LinkEdgeView);
