import { Info, TriangleAlert, X } from "lucide-react";
import { memo, startTransition, useEffect, useId, useRef, useState } from "react";
import {
  type Notice,
  type NoticePart,
  selectActions,
  useHopscope,
  useHopscopeStore,
  VISIBLE_NOTICES,
} from "../store";

/** A value from outside: isolated, so its direction (a U+202E) cannot reorder the words around it. */
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

/** Counts as 1,234 (one formatter: toLocaleString would build one per call). */
const COUNT = new Intl.NumberFormat("en-US");

/**
 * One notice. Memoized: in a burst, only the notice that changed renders again,
 * not the two beside it and their icons.
 */
const NoticeItem = memo(function NoticeItem({
  notice,
  onDismiss,
}: {
  notice: Notice;
  onDismiss: (id: number) => void;
}) {
  const repeatsId = useId();
  const count = COUNT.format(notice.count);
  return (
    <div className={`notice ${notice.tone}`} data-notice-id={notice.id}>
      {notice.tone === "warning" ? (
        <TriangleAlert size={18} aria-hidden="true" />
      ) : (
        <Info size={18} aria-hidden="true" />
      )}
      <span>
        {notice.parts.map((part, i) => (
          // Parts never move: their index is their identity.
          // biome-ignore lint/suspicious/noArrayIndexKey: a notice's parts are fixed
          <Part key={i} part={part} />
        ))}
      </span>
      {notice.count > 1 ? (
        // Shown, not announced: a repeat changes only this number, and the live
        // region would otherwise read the notice out again for every repeat.
        <>
          <small className="notice-count" aria-hidden="true" title={`${count} times`}>
            ×{count}
          </small>
          <span id={repeatsId} hidden>
            {`Came ${count} times.`}
          </span>
        </>
      ) : null}
      <button
        type="button"
        className="icon-btn"
        aria-label="Dismiss notice"
        title="Dismiss notice"
        {...(notice.count > 1 ? { "aria-describedby": repeatsId } : {})}
        onClick={() => onDismiss(notice.id)}
      >
        <X size={16} aria-hidden="true" />
      </button>
    </div>
  );
});

/**
 * The store's notices, rendered as a transition: in a burst (10,000 refused
 * messages from the page around Hopscope, each its own task) the updates merge
 * into one render once the burst lets React run, instead of one render per
 * message. The store itself is always current; only the picture waits.
 */
function useNoticesInBursts(): readonly Notice[] {
  const store = useHopscopeStore();
  const [notices, setNotices] = useState(() => store.getState().notices);
  useEffect(() => {
    setNotices(store.getState().notices);
    return store.subscribe((state, previous) => {
      if (state.notices !== previous.notices) startTransition(() => setNotices(state.notices));
    });
  }, [store]);
  return notices;
}

/**
 * Visible, non-blocking messages (ignored URL parameters, refused actions). They
 * float over the diagram and never take its room: the newest `limit` show (newest
 * last), the older ones are summed up as "+N more", which opens them or dismisses
 * them. Repeats of a message show as one notice with a count. Notices go away
 * by themselves after a few seconds, but not while the pointer is over them or
 * focus is inside them.
 */
export function Notices({ limit = VISIBLE_NOTICES }: { limit?: number }) {
  const all = useNoticesInBursts();
  const { dismissNotice, holdNotices } = useHopscope(selectActions);
  const [expanded, setExpanded] = useState(false);
  const [hovered, setHovered] = useState(false);
  const [focused, setFocused] = useState(false);
  const panel = useRef<HTMLDivElement>(null);
  const olderId = useId();

  const shown = all.slice(-limit);
  const older = all.slice(0, Math.max(0, all.length - limit));
  const open = expanded && older.length > 0;

  const held = hovered || focused;
  useEffect(() => holdNotices(held), [held, holdNotices]);
  useEffect(() => () => holdNotices(false), [holdNotices]);
  // A focused button that goes away (its notice was dismissed) sends no blur: keep
  // keyboard focus in the notices while any are left, or let them go on expiring.
  useEffect(() => {
    const box = panel.current;
    if (!all || !focused || !box || box.contains(document.activeElement)) return;
    const next = box.querySelector<HTMLButtonElement>("button");
    if (next) next.focus();
    else setFocused(false);
  }, [all, focused]);
  useEffect(() => {
    if (older.length === 0) setExpanded(false);
  }, [older.length]);
  // Only watched, not handled: the panel itself does nothing on hover or focus.
  useEffect(() => {
    const box = panel.current;
    if (!box) return;
    const enter = () => setHovered(true);
    const leave = () => setHovered(false);
    const focusIn = () => setFocused(true);
    const focusOut = (e: FocusEvent) => {
      if (!box.contains(e.relatedTarget as Node | null)) setFocused(false);
    };
    box.addEventListener("pointerenter", enter);
    box.addEventListener("pointerleave", leave);
    box.addEventListener("focusin", focusIn);
    box.addEventListener("focusout", focusOut);
    return () => {
      box.removeEventListener("pointerenter", enter);
      box.removeEventListener("pointerleave", leave);
      box.removeEventListener("focusin", focusIn);
      box.removeEventListener("focusout", focusOut);
    };
  }, []);

  return (
    <div className="notices">
      <div ref={panel} className="notices-panel">
        {older.length > 0 ? (
          <div className="notices-more">
            <button
              type="button"
              className="btn"
              aria-expanded={open}
              aria-controls={olderId}
              onClick={() => setExpanded(!open)}
            >
              {open ? `Hide ${older.length} older` : `+${older.length} more`}
            </button>
            <button
              type="button"
              className="btn"
              onClick={() => {
                setExpanded(false);
                dismissNotice(older.map((n) => n.id));
              }}
            >
              Dismiss {older.length} older
            </button>
          </div>
        ) : null}
        {open ? (
          <ul id={olderId} className="notices-older" aria-label="Older notices">
            {older.map((n) => (
              <li key={n.id}>
                <NoticeItem notice={n} onDismiss={dismissNotice} />
              </li>
            ))}
          </ul>
        ) : null}
        <div className="notices-list" role="status" aria-live="polite" aria-label="Notices">
          {shown.map((n) => (
            <NoticeItem key={n.id} notice={n} onDismiss={dismissNotice} />
          ))}
        </div>
      </div>
    </div>
  );
}
