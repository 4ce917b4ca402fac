import "@xyflow/react/dist/base.css";
import {
  Controls as FlowControls,
  ReactFlow,
  ReactFlowProvider,
  useReactFlow,
} from "@xyflow/react";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import type { Simulation } from "../engine";
import { selectSim, useHopscope } from "../store";
import { ComponentNodeComponent } from "./ComponentNode";
import { HostNodeComponent } from "./HostNode";
import { Legend } from "./Legend";
import { LinkEdgeComponent } from "./LinkEdge";
import { bestLayout, type CanvasLayout, fitLayout } from "./layout";
import { PacketLayer } from "./PacketLayer";
import { toFlow } from "./toFlow";
import { UsersNodeComponent } from "./UsersNode";

const nodeTypes = {
  component: ComponentNodeComponent,
  host: HostNodeComponent,
  users: UsersNodeComponent,
};
const edgeTypes = { link: LinkEdgeComponent };
const MIN_ZOOM = 0.1;
const MAX_ZOOM = 2.4;
/** The band at the pane's top that the zoom buttons and the legend cover: nodes stay below it. */
const OVERLAY_BAND = 46;

export interface CanvasProps {
  /** Layouts of the same topology; the one that fits the canvas's shape best is shown. */
  layouts: readonly CanvasLayout[];
  reducedMotion: boolean;
  /**
   * Whether the zoom buttons and the packet legend lie over the diagram (default), in a band
   * at its top kept free of nodes. Where every pixel counts (a projector, a slide, present
   * mode) the app shows the legend in a bar instead, and the diagram stays fitted.
   */
  overlays?: boolean;
}

/** The infrastructure diagram: React Flow for the components and links, one canvas for packets. */
export function Canvas(props: CanvasProps) {
  return (
    <ReactFlowProvider>
      <Diagram {...props} />
    </ReactFlowProvider>
  );
}

/**
 * The servers a scaling group's layouts must draw: up to the last one provisioned (booting,
 * in service or draining); undefined without a group.
 */
function drawnServers(sim: Simulation): number | undefined {
  if (!sim.scaling.available) return undefined;
  const slots = sim.scaling.view().slots;
  let last = 0;
  slots.forEach((s, i) => {
    if (s.phase !== "off") last = i + 1;
  });
  return Math.max(1, last);
}

function Diagram({ layouts: all, reducedMotion, overlays = true }: CanvasProps) {
  const sim = useHopscope(selectSim);
  const drawn = useHopscope((s) => drawnServers(s.sim));
  const layouts = useMemo(() => {
    const fitting = all.filter((l) => l.servers === undefined || l.servers === drawn);
    return fitting.length > 0 ? fitting : all;
  }, [all, drawn]);
  const [layout, setLayout] = useState(() => bestLayout(layouts, 16, 10));
  const { nodes, edges } = useMemo(() => toFlow(sim.topology, layout), [sim.topology, layout]);
  const wrapper = useRef<HTMLDivElement>(null);
  const { setViewport } = useReactFlow();

  const fit = useCallback(() => {
    const el = wrapper.current;
    if (!el || el.clientWidth === 0 || el.clientHeight === 0) return;
    const inset = overlays ? OVERLAY_BAND : 0;
    const next = bestLayout(layouts, el.clientWidth, el.clientHeight - inset);
    setLayout(next);
    void setViewport(fitLayout(next, el.clientWidth, el.clientHeight, inset));
  }, [layouts, setViewport, overlays]);

  // Pick the layout that fits the canvas's shape, and keep it all in view when
  // the window (or the slide's iframe) changes size.
  useEffect(() => {
    const el = wrapper.current;
    if (!el) return;
    const observer = new ResizeObserver(fit);
    observer.observe(el);
    return () => observer.disconnect();
  }, [fit]);

  return (
    <div className="canvas" ref={wrapper} data-layout={layout.name}>
      <ReactFlow
        nodes={nodes}
        edges={edges}
        nodeTypes={nodeTypes}
        edgeTypes={edgeTypes}
        minZoom={MIN_ZOOM}
        maxZoom={MAX_ZOOM}
        nodesDraggable={false}
        nodesConnectable={false}
        nodesFocusable={false}
        edgesFocusable={false}
        elementsSelectable={false}
        zoomOnDoubleClick={false}
        // Without the zoom buttons (a projector, a slide, present mode) the diagram stays
        // fitted to its frame: a stray wheel or drag cannot leave it zoomed with no way back,
        // and the wheel scrolls the page as usual.
        zoomOnScroll={overlays}
        zoomOnPinch={overlays}
        panOnDrag={overlays}
        preventScrolling={overlays}
        // The page's keyboard shortcuts own Space and the letters: React Flow's
        // own keys (Space to pan, Backspace to delete…) would swallow them.
        panActivationKeyCode={null}
        deleteKeyCode={null}
        selectionKeyCode={null}
        multiSelectionKeyCode={null}
        zoomActivationKeyCode={null}
        aria-label="Infrastructure diagram"
      >
        <PacketLayer layout={layout} reducedMotion={reducedMotion} />
        {overlays ? (
          <>
            <Legend />
            <FlowControls
              showInteractive={false}
              position="top-left"
              orientation="horizontal"
              onFitView={fit}
            />
          </>
        ) : null}
      </ReactFlow>
    </div>
  );
}
