import { Presentation } from "lucide-react";
import { useEffect, useRef } from "react";
import { selectActions, selectPresenting, useHopscope } from "../store";

/**
 * The toolbar's Present toggle (F): the diagram takes the screen, with the caption and the
 * latest visit's outcome in large type. Its name stays "Present"; `aria-pressed` says whether
 * it is on.
 */
export function PresentButton() {
  const presenting = useHopscope(selectPresenting);
  const { present } = useHopscope(selectActions);
  return (
    <button
      type="button"
      className="btn"
      aria-pressed={presenting}
      onClick={() => present()}
      title={
        presenting
          ? "Leave present mode (F or Esc)"
          : "Present: the diagram, the caption and the outcome fill the screen in large type (F)"
      }
    >
      <Presentation size={18} aria-hidden="true" />
      <span className="btn-text">Present</span>
    </button>
  );
}

/**
 * Present mode asks for the full screen where the page may have it (not inside a slide's
 * iframe, not without a click); leaving the full screen (Esc) leaves present mode too, and
 * leaving present mode gives the screen back.
 */
export function usePresentFullscreen(): void {
  const presenting = useHopscope(selectPresenting);
  const { present } = useHopscope(selectActions);
  const ours = useRef(false);
  useEffect(() => {
    if (typeof document === "undefined" || !document.fullscreenEnabled) return;
    // Only on a user's gesture (the button, F): a link with present=1 opens present mode without
    // the full screen, and asking then only logs the browser's refusal.
    const gesture = navigator.userActivation?.isActive ?? true;
    if (presenting && !document.fullscreenElement && gesture) {
      document.documentElement.requestFullscreen?.().then(
        () => {
          ours.current = true;
        },
        () => {}, // no user gesture (a link with present=1): present mode without the full screen
      );
    } else if (!presenting && ours.current && document.fullscreenElement) {
      ours.current = false;
      document.exitFullscreen?.().catch(() => {});
    }
  }, [presenting]);
  useEffect(() => {
    const onChange = () => {
      if (!document.fullscreenElement && ours.current) {
        ours.current = false;
        present(false);
      }
    };
    document.addEventListener("fullscreenchange", onChange);
    return () => document.removeEventListener("fullscreenchange", onChange);
  }, [present]);
}
