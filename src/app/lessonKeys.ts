import { useEffect } from "react";
import type { LessonStore } from "../store/lessons";

/**
 * A presenter's clicker drives an open lesson: PageDown (and →) does what the lesson's main
 * button does (play, reveal, next step), PageUp (and ←) goes to the previous step, as remotes
 * send them. Keys that a focused control uses itself (a radio group's arrows, a field) stay its.
 * Listens before the app's own shortcuts (→ steps a hop, ← steps back), which a lesson replaces.
 */
export function useLessonKeys(store: LessonStore | null, blocked: boolean): void {
  useEffect(() => {
    if (!store) return;
    const onKey = (e: KeyboardEvent) => {
      if (blocked || e.ctrlKey || e.metaKey || e.altKey || e.defaultPrevented) return;
      const { lesson, actions } = store.getState();
      if (!lesson) return;
      const forward = e.key === "PageDown" || e.key === "ArrowRight";
      const back = e.key === "PageUp" || e.key === "ArrowLeft";
      if (!forward && !back) return;
      const t = e.target;
      if (
        t instanceof Element &&
        t.closest("input, textarea, select, [role='radio'], [role='slider'], [contenteditable]")
      )
        return;
      e.preventDefault();
      if (forward) actions.advance();
      else actions.previous();
    };
    window.addEventListener("keydown", onKey, true);
    return () => window.removeEventListener("keydown", onKey, true);
  }, [store, blocked]);
}
