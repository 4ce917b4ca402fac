import "@xyflow/react/dist/base.css";
import {
  Controls as FlowControls,
  ReactFlow,
  ReactFlowProvider,
  useReactFlow,
} from "@xyflow/react";
import { useEffect, useMemo, useRef } from "react";
import { selectSim, useHopscope } from "../store";
import { ComponentNodeComponent } from "./ComponentNode";
import { HostNodeComponent } from "./HostNode";
import { LinkEdgeComponent } from "./LinkEdge";
import type { CanvasLayout } from "./layout";
import { PacketLayer } from "./PacketLayer";
import { toFlow } from "./toFlow";

const nodeTypes = { component: ComponentNodeComponent, host: HostNodeComponent };
const edgeTypes = { link: LinkEdgeComponent };
const FIT = { padding: 0.04 } as const;

export interface CanvasProps {
  layout: CanvasLayout;
  reducedMotion: boolean;
}

/** The infrastructure diagram: React Flow for the components and links, one canvas for packets. */
export function Canvas(props: CanvasProps) {
  return (
    <ReactFlowProvider>
      <Diagram {...props} />
    </ReactFlowProvider>
  );
}

function Diagram({ layout, reducedMotion }: CanvasProps) {
  const sim = useHopscope(selectSim);
  const { nodes, edges } = useMemo(() => toFlow(sim.topology, layout), [sim.topology, layout]);
  const wrapper = useRef<HTMLDivElement>(null);
  const { fitView } = useReactFlow();

  // Keep the whole stack in view when the window (or the slide's iframe) changes size.
  useEffect(() => {
    const el = wrapper.current;
    if (!el) return;
    const observer = new ResizeObserver(() => void fitView(FIT));
    observer.observe(el);
    return () => observer.disconnect();
  }, [fitView]);

  return (
    <div className="canvas" ref={wrapper}>
      <ReactFlow
        nodes={nodes}
        edges={edges}
        nodeTypes={nodeTypes}
        edgeTypes={edgeTypes}
        fitView
        fitViewOptions={FIT}
        minZoom={0.3}
        maxZoom={2.5}
        nodesDraggable={false}
        nodesConnectable={false}
        nodesFocusable={false}
        edgesFocusable={false}
        elementsSelectable={false}
        zoomOnDoubleClick={false}
        aria-label="Infrastructure diagram"
      >
        <PacketLayer layout={layout} reducedMotion={reducedMotion} />
        <FlowControls showInteractive={false} position="bottom-left" />
      </ReactFlow>
    </div>
  );
}
