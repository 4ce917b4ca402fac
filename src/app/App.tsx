import { useCallback, useState } from "react";
import { Canvas } from "../canvas/Canvas";
import { oneServerLayouts } from "../canvas/layout";
import { BrowserView } from "../panels/BrowserView";
import { Caption } from "../panels/Caption";
import { Controls } from "../panels/Controls";
import { EventLog } from "../panels/EventLog";
import { Inspector } from "../panels/Inspector";
import { Notices } from "../panels/Notices";
import { Timeline } from "../panels/Timeline";
import { Traffic } from "../panels/Traffic";
import { selectActions, selectPanelsOpen, useHopscope } from "../store";
import { createFrameLoop, FRAME_ORDER, FrameLoopContext, useFrame } from "./frameLoop";
import { useReducedMotion } from "./useReducedMotion";

/** The whole app: controls on top, the diagram, and the side panels. */
export function App() {
  const [loop] = useState(createFrameLoop);
  const reducedMotion = useReducedMotion();
  const panelsOpen = useHopscope(selectPanelsOpen);
  return (
    <FrameLoopContext.Provider value={loop}>
      <Clock />
      <div className="app">
        <header className="topbar">
          <div className="brand">
            <span className="brand-mark" aria-hidden="true" />
            <h1>Hopscope</h1>
            <span className="tagline">How a visit to a website really travels</span>
          </div>
          <Controls />
        </header>
        <Notices />
        <main className={panelsOpen ? "workspace" : "workspace panels-hidden"}>
          <section className="stage" aria-label="The one-server stack">
            <Caption />
            <Canvas layouts={oneServerLayouts} reducedMotion={reducedMotion} />
            <div className="stage-bottom">
              <Traffic />
              <Timeline />
            </div>
          </section>
          {panelsOpen ? (
            <aside className="side">
              <BrowserView />
              <Inspector />
              <EventLog />
            </aside>
          ) : null}
        </main>
      </div>
    </FrameLoopContext.Provider>
  );
}

/** Advances the simulated clock every animation frame (before packets are drawn). */
function Clock() {
  const { tick } = useHopscope(selectActions);
  const onFrame = useCallback((dt: number) => tick(dt), [tick]);
  useFrame(FRAME_ORDER.clock, onFrame);
  return null;
}
