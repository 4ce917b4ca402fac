import { Download, GraduationCap, Trash2, Upload, X } from "lucide-react";
import { useEffect, useRef } from "react";
import { LESSONS } from "../lessons";
import { useLesson } from "../store/lessonContext";
import { lessonDone } from "../store/progress";

/** The toolbar's button that opens the list of lessons. */
export function LessonsButton({ onOpen }: { onOpen: () => void }) {
  return (
    <button
      type="button"
      className="btn lessons-button"
      onClick={onOpen}
      aria-haspopup="dialog"
      title="Lessons: predict, then watch (L)"
    >
      <GraduationCap size={18} aria-hidden="true" />
      <span className="btn-text">Lessons</span>
    </button>
  );
}

/**
 * The lessons, each with how far this browser got, and the progress: saved here only, moved to
 * another machine as a file (export, import), or cleared.
 */
export function LessonPicker({ onClose }: { onClose: () => void }) {
  const actions = useLesson((s) => s.actions);
  const progress = useLesson((s) => s.progress);
  const stored = useLesson((s) => s.stored) ?? false;
  const dialog = useRef<HTMLDivElement>(null);
  const file = useRef<HTMLInputElement>(null);
  useEffect(() => {
    const before = document.activeElement;
    dialog.current?.querySelector<HTMLElement>(".lesson-open")?.focus();
    const onKey = (e: KeyboardEvent) => {
      if (e.key === "Escape") {
        e.preventDefault();
        onClose();
      } else if (e.key === "Tab" && dialog.current) {
        // Focus stays in the dialog: from the last control to the first, and back.
        const all = [...dialog.current.querySelectorAll<HTMLElement>("button")];
        const first = all[0];
        const last = all[all.length - 1];
        if (e.shiftKey && document.activeElement === first) {
          e.preventDefault();
          last?.focus();
        } else if (!e.shiftKey && document.activeElement === last) {
          e.preventDefault();
          first?.focus();
        }
      }
    };
    window.addEventListener("keydown", onKey, true);
    return () => {
      window.removeEventListener("keydown", onKey, true);
      if (before instanceof HTMLElement && before.isConnected) before.focus();
    };
  }, [onClose]);
  if (!actions || !progress) return null;
  const download = () => {
    const blob = new Blob([actions.exportProgress()], { type: "application/json" });
    const a = document.createElement("a");
    a.href = URL.createObjectURL(blob);
    a.download = "hopscope-progress.json";
    a.click();
    URL.revokeObjectURL(a.href);
  };
  return (
    <div className="overlay">
      <div
        className="help lesson-picker"
        role="dialog"
        aria-modal="true"
        aria-labelledby="lesson-picker-title"
        ref={dialog}
      >
        <header className="help-head">
          <h2 id="lesson-picker-title">Lessons</h2>
          <button type="button" className="btn" onClick={onClose} aria-label="Close the lessons">
            <X size={18} aria-hidden="true" />
          </button>
        </header>
        <p className="lesson-muted">
          Each step asks you to predict what will happen, then plays it on the diagram and shows
          what your answer meant.
        </p>
        <ol className="lesson-list">
          {LESSONS.map((lesson) => {
            const { done, of } = lessonDone(progress, lesson);
            return (
              <li key={lesson.id}>
                <button
                  type="button"
                  className="lesson-open"
                  onClick={() => {
                    actions.open(lesson.id, done >= of ? 0 : undefined);
                    onClose();
                  }}
                >
                  <strong>{lesson.title}</strong>
                  <span>{lesson.summary}</span>
                  <span className="lesson-done">
                    {done === 0 ? "Not started" : done >= of ? "Done" : `${done} of ${of} steps`}
                  </span>
                </button>
              </li>
            );
          })}
        </ol>
        <footer className="lesson-progress">
          <p className="lesson-muted">
            {stored
              ? "Your progress is kept in this browser only; nothing is sent anywhere."
              : "This browser does not keep your progress (storage is off): export it to keep it."}
          </p>
          <div className="lesson-buttons">
            <button type="button" className="btn" onClick={download}>
              <Download size={18} aria-hidden="true" />
              Export progress
            </button>
            <button type="button" className="btn" onClick={() => file.current?.click()}>
              <Upload size={18} aria-hidden="true" />
              Import progress
            </button>
            <input
              ref={file}
              type="file"
              accept="application/json,.json"
              hidden
              aria-label="Progress file to import"
              onChange={async (e) => {
                const f = e.target.files?.[0];
                e.target.value = "";
                if (f) actions.importProgress(await f.text());
              }}
            />
            <button
              type="button"
              className="btn"
              onClick={() => {
                if (window.confirm("Clear your progress in every lesson?")) actions.resetProgress();
              }}
            >
              <Trash2 size={18} aria-hidden="true" />
              Clear progress
            </button>
          </div>
        </footer>
      </div>
    </div>
  );
}
