import { Check, Link as LinkIcon } from "lucide-react";
import { useState } from "react";
import { liveSetup, useHopscopeStore } from "../store";
import { encodeLink, type View } from "./link";

/** The address of this page without its query: works for http(s) and file:// alike. */
function pageAddress(): string {
  return window.location.href.split(/[?#]/)[0] ?? "";
}

/**
 * Copies a link that restores what is on screen: the scene, seed, speed, traffic,
 * faults and capacities (and the way the page is shown).
 */
export function CopyLink({ view }: { view: View }) {
  const store = useHopscopeStore();
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    const s = store.getState();
    const url =
      pageAddress() +
      encodeLink(liveSetup(s.sim, s.topology, s.scene.id, s.speed), {
        ...view,
        present: s.presenting,
        ...(s.theme ? { theme: s.theme } : {}),
      });
    try {
      await navigator.clipboard.writeText(url);
      setCopied(true);
      window.setTimeout(() => setCopied(false), 2_000);
      s.actions.notify(`Link copied: ${url}`, "info");
    } catch {
      // No clipboard (an insecure page, or permission refused): show the link to copy by hand.
      s.actions.notify(`Copy this link by hand (the clipboard is not available here): ${url}`);
    }
  };
  return (
    <button
      type="button"
      className="btn"
      onClick={copy}
      aria-label="Copy link"
      title="Copy a link that opens this scene as it is now: faults, traffic, speed and seed"
    >
      {copied ? <Check size={18} aria-hidden="true" /> : <LinkIcon size={18} aria-hidden="true" />}
      <span className="btn-text">{copied ? "Copied" : "Copy link"}</span>
    </button>
  );
}
