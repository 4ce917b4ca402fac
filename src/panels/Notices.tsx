import { Info, TriangleAlert, X } from "lucide-react";
import { selectActions, selectNotices, useHopscope } from "../store";

/**
 * Visible, non-blocking messages (ignored URL parameters, refused actions).
 * `limit` shows only the newest few (in a slide, older ones would cover the diagram).
 */
export function Notices({ limit }: { limit?: number }) {
  const all = useHopscope(selectNotices);
  const { dismissNotice } = useHopscope(selectActions);
  const notices = limit === undefined ? all : all.slice(-limit);
  return (
    <div className="notices" role="status" aria-live="polite" aria-label="Notices">
      {notices.map((n) => (
        <div key={n.id} className={`notice ${n.tone}`}>
          {n.tone === "warning" ? (
            <TriangleAlert size={18} aria-hidden="true" />
          ) : (
            <Info size={18} aria-hidden="true" />
          )}
          <span>{n.text}</span>
          <button
            type="button"
            className="icon-btn"
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
