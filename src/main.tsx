import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { App } from "./app/App";
import { parseLink } from "./app/link";
import { DRAWER_QUERY } from "./app/useMediaQuery";
import { CompareApp } from "./compare/CompareApp";
import { CompareProvider } from "./compare/context";
import { createCompareStore } from "./compare/driver";
import { parseCompareLink } from "./compare/link";
import { createHopscopeStore, HopscopeProvider } from "./store";
import { LessonProvider } from "./store/lessonContext";
import { createLessonStore } from "./store/lessons";
import type { ProgressStorage } from "./store/progress";
import "./styles.css";

const root = document.getElementById("root");
if (!root) throw new Error('HOPSCOPE_NO_ROOT: index.html needs <div id="root">');

// `compare=` opens compare mode; a bad value opens the usual page with a notice saying why.
const compare = parseCompareLink(window.location.search);
if (compare.mode) {
  const { scene, seed, speed, autoplay, view, notices } = compare.mode;
  const store = createCompareStore({ scene, seed, speed, autoplay, notices });
  createRoot(root).render(
    <StrictMode>
      <CompareProvider store={store}>
        <CompareApp view={view} />
      </CompareProvider>
    </StrictMode>,
  );
} else {
  const link = parseLink(window.location.search);
  const store = createHopscopeStore({
    seed: link.setup.seed,
    setup: link.setup,
    autoplay: link.autoplay,
    ...(link.view.theme ? { theme: link.view.theme } : {}),
    notices: [...compare.notices, ...link.notices],
    // On a projector or a tablet the panels are a drawer over the diagram: closed at first.
    panelsOpen: !window.matchMedia(DRAWER_QUERY).matches,
    presenting: link.view.present === true && !link.view.embed,
  });
  // A shared moment: the run's acts, then the clock at that moment, paused.
  if (link.run) store.getState().actions.loadRun(link.run.moments, link.run.time);
  else if (
    link.autoplay &&
    store.getState().setup.rps === 0 &&
    store.getState().scene.opening === "none"
  )
    store.getState().actions.visit(); // autoplay on an idle scene: one visit, as a first look

  const lessons = createLessonStore(store, { storage: browserStorage() });
  if (link.lesson) {
    lessons.getState().actions.open(link.lesson.id, link.lesson.step);
    // Opening the lesson's step starts a scene, which clears the notices: say the link's again.
    for (const notice of [...compare.notices, ...link.notices])
      store.getState().actions.notify(notice);
  }

  createRoot(root).render(
    <StrictMode>
      <HopscopeProvider store={store}>
        <LessonProvider store={lessons}>
          <App view={link.view} />
        </LessonProvider>
      </HopscopeProvider>
    </StrictMode>,
  );
}

/** This browser's localStorage, or none where reading it throws (a sandboxed frame, storage off). */
function browserStorage(): ProgressStorage | undefined {
  try {
    return window.localStorage;
  } catch {
    return undefined;
  }
}
