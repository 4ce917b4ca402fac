import { X } from "lucide-react";
import { useEffect, useId, useRef } from "react";
import { SHORTCUTS } from "./shortcuts";

/**
 * The keyboard shortcuts, over the app. Escape, "?" or the close button closes
 * it and gives focus back to where it was.
 */
export function HelpOverlay({ onClose }: { onClose: () => void }) {
  const titleId = useId();
  const closeRef = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    const before = document.activeElement;
    closeRef.current?.focus();
    const onKey = (e: KeyboardEvent) => {
      if (e.key === "Escape") {
        e.preventDefault();
        onClose();
      } else if (e.key === "Tab") {
        // The close button is the dialog's only control: focus stays inside.
        e.preventDefault();
        closeRef.current?.focus();
      }
    };
    window.addEventListener("keydown", onKey);
    return () => {
      window.removeEventListener("keydown", onKey);
      if (before instanceof HTMLElement && before.isConnected) before.focus();
    };
  }, [onClose]);
  return (
    <div className="overlay">
      <div className="help" role="dialog" aria-modal="true" aria-labelledby={titleId}>
        <div className="help-head">
          <h2 id={titleId}>Keyboard shortcuts</h2>
          <button
            ref={closeRef}
            type="button"
            className="btn icon"
            aria-label="Close keyboard shortcuts"
            onClick={onClose}
          >
            <X size={18} aria-hidden="true" />
          </button>
        </div>
        <dl className="shortcuts">
          {SHORTCUTS.map((s) => (
            <div key={s.key} className="shortcut">
              <dt>
                <kbd>{s.key}</kbd>
              </dt>
              <dd>{s.label}</dd>
            </div>
          ))}
        </dl>
        <p className="help-note">
          Shortcuts do nothing while you type in a field. Click a component on the canvas to select
          it for K.
        </p>
        <p className="help-note">
          In a lesson, a presenter's clicker works: <kbd>PageDown</kbd> or <kbd>→</kbd> plays the
          step, reveals it and goes on; <kbd>PageUp</kbd> or <kbd>←</kbd> goes back a step.
        </p>
      </div>
    </div>
  );
}
