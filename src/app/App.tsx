import { CircleHelp, X } from "lucide-react";
import { useCallback, useEffect, useRef, useState } from "react";
import { Canvas } from "../canvas/Canvas";
import { Legend } from "../canvas/Legend";
import { BrowserView } from "../panels/BrowserView";
import { Caption } from "../panels/Caption";
import { Controls, PlaybackClock } from "../panels/Controls";
import { EventLog } from "../panels/EventLog";
import { Inspector } from "../panels/Inspector";
import { LessonPlayer } from "../panels/Lesson";
import { LessonPicker, LessonsButton } from "../panels/LessonPicker";
import { Notices } from "../panels/Notices";
import { OutcomeBanner } from "../panels/OutcomeBanner";
import { PacketInspector } from "../panels/PacketInspector";
import { SceneCard } from "../panels/Scene";
import { Timeline } from "../panels/Timeline";
import { Traffic } from "../panels/Traffic";
import { Worksheet } from "../panels/Worksheet";
import {
  selectActions,
  selectArchitecture,
  selectPanelsOpen,
  selectPresenting,
  selectScene,
  selectSelected,
  selectSim,
  selectTheme,
  useHopscope,
  useHopscopeStore,
} from "../store";
import { useLesson, useLessonStore } from "../store/lessonContext";
import { CopyLink } from "./CopyLink";
import { connectEmbedApi } from "./embedApi";
import { createFrameLoop, FRAME_ORDER, FrameLoopContext, useFrame } from "./frameLoop";
import { HelpOverlay } from "./HelpOverlay";
import { useLessonKeys } from "./lessonKeys";
import { DEFAULT_VIEW, type View } from "./link";
import { PresentButton, usePresentFullscreen } from "./Present";
import { DIAGRAM_ID, SkipLink } from "./SkipLink";
import { useShortcuts } from "./shortcuts";
import { applyTheme } from "./theme";
import { DRAWER_QUERY, useMediaQuery } from "./useMediaQuery";
import { useReducedMotion } from "./useReducedMotion";

/**
 * The whole app: controls on top, the diagram, and the side panels. With
 * `view.embed` (for slides) only the canvas and a small control bar, sized to
 * the frame; `view.controls` false hides the bar too.
 */
export function App({ view = DEFAULT_VIEW }: { view?: View }) {
  const [loop] = useState(createFrameLoop);
  const reducedMotion = useReducedMotion();
  const panelsOpen = useHopscope(selectPanelsOpen) && !view.embed;
  const presenting = useHopscope(selectPresenting) && !view.embed;
  usePresentFullscreen();
  // Below 1,400 px the panels slide over the diagram instead of taking its width: on a
  // projector the diagram keeps the whole screen and stays legible from the back row.
  const drawer = useMediaQuery(DRAWER_QUERY);
  // In the drawer, a component clicked on the diagram brings its details into view.
  const selected = useHopscope(selectSelected);
  const side = useRef<HTMLElement>(null);
  useEffect(() => {
    if (drawer && panelsOpen && selected !== undefined)
      side.current?.querySelector(".inspector")?.scrollIntoView?.({ block: "start" });
  }, [drawer, panelsOpen, selected]);
  const theme = useHopscope(selectTheme);
  const store = useHopscopeStore();
  const [helpOpen, setHelpOpen] = useState(false);
  const toggleHelp = useCallback(() => setHelpOpen((open) => !open), []);
  const closeHelp = useCallback(() => setHelpOpen(false), []);
  const lessons = useLessonStore();
  const inLesson = useLesson((s) => s.lesson !== undefined) ?? false;
  const [pickerOpen, setPickerOpen] = useState(false);
  const togglePicker = useCallback(
    () => setPickerOpen((open) => lessons !== null && !open),
    [lessons],
  );
  const closePicker = useCallback(() => setPickerOpen(false), []);
  useShortcuts(store, helpOpen || pickerOpen, toggleHelp, togglePicker);
  useLessonKeys(lessons, helpOpen || pickerOpen);
  useEffect(() => applyTheme(theme), [theme]);
  useEffect(() => connectEmbedApi(store, window, lessons ?? undefined), [store, lessons]);
  // A resting frame loop wakes on any change: Play, a visit, a notice, a command.
  useEffect(() => store.subscribe(() => loop.wake()), [store, loop]);

  const help = (
    <button
      type="button"
      className="btn"
      aria-label="Keyboard shortcuts"
      aria-haspopup="dialog"
      onClick={toggleHelp}
      title="Keyboard shortcuts (?)"
    >
      <CircleHelp size={18} aria-hidden="true" />
    </button>
  );
  // A scene of another architecture brings its own topology and layouts: a fresh diagram.
  const architecture = useHopscope(selectArchitecture);
  const canvas = (
    <Canvas
      key={architecture.id}
      layouts={architecture.layouts}
      reducedMotion={reducedMotion}
      overlays={!view.embed && !presenting && !drawer}
    />
  );

  return (
    <FrameLoopContext.Provider value={loop}>
      <Clock />
      {presenting ? (
        <div className="app present">
          {view.controls ? (
            <header className="topbar embed-bar present-bar">
              <EmbedTitle />
              <Legend placement="inline" />
              <Controls panelsButton={false}>
                {lessons ? <LessonsButton onOpen={togglePicker} /> : null}
                <PresentButton />
                {help}
              </Controls>
            </header>
          ) : null}
          <main
            className="embed-stage present-stage"
            id={DIAGRAM_ID}
            aria-label={architecture.title}
          >
            <Notices limit={2} />
            {canvas}
            {/* A lesson says what the browser shows itself: its band takes the caption's place. */}
            {inLesson ? <LessonPlayer large /> : <OutcomeBanner />}
          </main>
        </div>
      ) : view.embed ? (
        <div className="app embed">
          {view.controls ? (
            <header className="topbar embed-bar">
              <EmbedTitle />
              <Legend placement="inline" />
              <Controls compact>{help}</Controls>
            </header>
          ) : null}
          <main className="embed-stage" aria-label={architecture.title}>
            <Notices limit={2} />
            {canvas}
            {inLesson ? <LessonPlayer /> : <OutcomeBanner />}
          </main>
        </div>
      ) : (
        <div className="app">
          <SkipLink />
          {view.controls ? (
            <header className="topbar">
              <div className="brand">
                <span className="brand-mark" aria-hidden="true" />
                <h1>Hopscope</h1>
                <span className="tagline">How a visit to a website really travels</span>
              </div>
              <Controls clock={false}>
                {lessons ? <LessonsButton onOpen={togglePicker} /> : null}
                <PresentButton />
                {help}
              </Controls>
            </header>
          ) : null}
          <main
            className={`workspace${panelsOpen ? "" : " panels-hidden"}${drawer ? " drawer-mode" : ""}`}
          >
            <section className="stage" id={DIAGRAM_ID} aria-label={architecture.title}>
              <div className="stage-head">
                <Caption />
                {drawer ? <Legend placement="inline" /> : null}
                <PlaybackClock />
              </div>
              <Notices />
              {canvas}
              {inLesson ? (
                <LessonPlayer />
              ) : (
                <div className="stage-bottom">
                  <Traffic />
                  <Timeline />
                </div>
              )}
            </section>
            {panelsOpen ? (
              <aside className="side" aria-label="Panels" ref={side}>
                {drawer ? <DrawerHead /> : null}
                <SceneCard>
                  <CopyLink view={view} />
                </SceneCard>
                <BrowserView />
                {/* An open packet takes the details' place; closing it brings them back. */}
                <DetailsOrPacket />
                <EventLog />
              </aside>
            ) : null}
          </main>
        </div>
      )}
      {helpOpen ? <HelpOverlay onClose={closeHelp} /> : null}
      {pickerOpen ? <LessonPicker onClose={closePicker} /> : null}
      <Worksheet />
    </FrameLoopContext.Provider>
  );
}

/** The packet open in the inspector (a log entry's or a dot's on the diagram), or else the selected component's details. */
function DetailsOrPacket() {
  const sim = useHopscope(selectSim);
  const seq = useHopscope((s) => s.inspecting);
  const { inspect } = useHopscope(selectActions);
  const entry = seq === undefined ? undefined : sim.entry(seq);
  if (entry?.type !== "hop") return <Inspector />;
  return (
    <PacketInspector
      entry={entry}
      trace={sim.trace}
      topology={sim.topology}
      onClose={() => inspect(undefined)}
    />
  );
}

/** The drawer's own title and close button (the toolbar's panel button also closes it). */
function DrawerHead() {
  const { togglePanels } = useHopscope(selectActions);
  return (
    <div className="drawer-head">
      <h2>Panels</h2>
      <button type="button" className="btn" onClick={togglePanels} title="Close the panels">
        <X size={18} aria-hidden="true" />
        <span>Close</span>
      </button>
    </div>
  );
}

/** The scene's name in the slide bar (its explanation is the slide's job). */
function EmbedTitle() {
  const scene = useHopscope(selectScene);
  return (
    <p className="embed-title" title={scene.explanation}>
      {scene.title}
    </p>
  );
}

/** Advances the simulated clock every animation frame (before packets are drawn). */
function Clock() {
  const { tick } = useHopscope(selectActions);
  // Whether the clock needs another frame: a paused page with nothing to expire lets the loop rest.
  const onFrame = useCallback((dt: number) => tick(dt), [tick]);
  useFrame(FRAME_ORDER.clock, onFrame);
  return null;
}
