import { Info, X } from "lucide-react";
import { useCallback, useEffect, useState } from "react";
import { createFrameLoop, FRAME_ORDER, FrameLoopContext, useFrame } from "../app/frameLoop";
import { applyTheme } from "../app/theme";
import { useReducedMotion } from "../app/useReducedMotion";
import { Canvas } from "../canvas/Canvas";
import { HopscopeProvider, type HopscopeStore, type NoticePart, useHopscope } from "../store";
import { CompareControls } from "./CompareControls";
import { ComparisonTable } from "./ComparisonTable";
import {
  selectCompareActions,
  selectCompareResults,
  selectCompareSides,
  useCompare,
  useCompareStore,
} from "./context";
import { connectCompareApi } from "./embedApi";
import { OutageStrip } from "./OutageStrip";
import "./compare.css";

/** How compare mode is shown: in a slide (`embed`), with or without its control bar. */
export interface CompareView {
  embed: boolean;
  controls: boolean;
  theme?: "light" | "dark";
}

/**
 * Compare mode: the same seed and script on two architectures, side by side, on one clock.
 * Each side has its own store and canvas; one frame loop moves the one clock (both engines)
 * and then draws both canvases' packets.
 */
export function CompareApp({ view }: { view: CompareView }) {
  const [loop] = useState(createFrameLoop);
  const store = useCompareStore();
  const stores = useCompare((s) => s.stores);
  const scene = useCompare((s) => s.scene);
  useEffect(() => applyTheme(view.theme), [view.theme]);
  // A resting loop wakes on any change: Play, a speed, a reset, a side's command.
  useEffect(() => {
    const offs = [store, ...stores].map((s) => s.subscribe(() => loop.wake()));
    return () => {
      for (const off of offs) off();
    };
  }, [store, stores, loop]);
  useSpaceToPlay();
  useEffect(() => connectCompareApi(store), [store]);
  return (
    <FrameLoopContext.Provider value={loop}>
      <CompareTick />
      <div className={`app compare${view.embed ? " embed" : ""}`}>
        {view.controls ? (
          <header className={`topbar compare-bar${view.embed ? " embed-bar" : ""}`}>
            <div className="compare-heading">
              {view.embed ? null : (
                <span className="brand-mark" aria-hidden="true" title="Hopscope" />
              )}
              <h1 className="compare-title" title={scene.explanation}>
                {scene.title}
              </h1>
            </div>
            <CompareControls compact={view.embed} />
          </header>
        ) : null}
        <CompareNotices />
        <main className="compare-main" aria-label={scene.title}>
          <div className="compare-sides">
            {stores.map((side, i) => (
              <SidePane key={side.getState().scene.id + String(i)} store={side} index={i} />
            ))}
          </div>
          <ComparisonTable />
          {view.embed ? null : <p className="compare-explanation">{scene.explanation}</p>}
        </main>
      </div>
    </FrameLoopContext.Provider>
  );
}

/** One side: its honest label, its own diagram (its own store) and its outage timeline. */
function SidePane({ store, index }: { store: HopscopeStore; index: number }) {
  const sides = useCompare(selectCompareSides);
  const results = useCompare(selectCompareResults);
  const scene = useCompare((s) => s.scene);
  const side = sides[index];
  const result = results[index];
  if (!side || !result) return null;
  return (
    <section className="compare-side" aria-label={side.description}>
      <h2 className="compare-side-title">{side.label}</h2>
      <HopscopeProvider store={store}>
        <SideCanvas />
      </HopscopeProvider>
      <OutageStrip results={result} label={side.label} scene={scene} />
    </section>
  );
}

/** A side's diagram, fitted to its half of the screen (no zoom buttons, no overlays). */
function SideCanvas() {
  const reducedMotion = useReducedMotion();
  const architecture = useHopscope((s) => s.architecture);
  return (
    <Canvas
      key={architecture.id}
      layouts={architecture.layouts}
      reducedMotion={reducedMotion}
      overlays={false}
    />
  );
}

/** Moves the one clock every animation frame, before either canvas draws. */
function CompareTick() {
  const { tick } = useCompare(selectCompareActions);
  const onFrame = useCallback((dt: number) => tick(dt), [tick]);
  useFrame(FRAME_ORDER.clock, onFrame);
  return null;
}

/** Space plays or pauses both sides (not while a field or a button has the key). */
function useSpaceToPlay() {
  const { togglePlay } = useCompare(selectCompareActions);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== " " || e.repeat || e.ctrlKey || e.metaKey || e.altKey) return;
      const el = e.target as HTMLElement | null;
      if (el?.closest("input, textarea, select, button, [contenteditable]")) return;
      e.preventDefault();
      togglePlay();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [togglePlay]);
}

/** A value from outside, isolated (its direction cannot reorder the words around it). */
function Part({ part }: { part: NoticePart }) {
  if (typeof part === "string") return part;
  return part.quote ? (
    <>
      “<bdi>{part.input}</bdi>”
    </>
  ) : (
    <bdi>{part.input}</bdi>
  );
}

/** The link's ignored values and the script's refused steps, until dismissed. */
function CompareNotices() {
  const notices = useCompare((s) => s.notices);
  const { dismissNotice } = useCompare(selectCompareActions);
  return (
    <div className="compare-notices" role="status">
      {notices.map((n) => (
        <div key={n.id} className="notice warning">
          <Info size={18} aria-hidden="true" />
          <span>
            {n.parts.map((part, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: a notice's parts are fixed
              <Part key={i} part={part} />
            ))}
          </span>
          <button
            type="button"
            className="btn notice-close"
            aria-label="Dismiss notice"
            onClick={() => dismissNotice(n.id)}
          >
            <X size={16} aria-hidden="true" />
          </button>
        </div>
      ))}
    </div>
  );
}
