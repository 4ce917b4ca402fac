import { Check, Clock3, Link as LinkIcon } from "lucide-react";
import { useState } from "react";
import { type HopscopeState, liveSetup, useHopscopeStore } from "../store";
import { encodeLink, type View } from "./link";
import { encodeRun } from "./runLink";

/** The address of this page without its query: works for http(s) and file:// alike. */
function pageAddress(): string {
  return window.location.href.split(/[?#]/)[0] ?? "";
}

/**
 * Copies a link that restores what is on screen: the scene, seed, speed, traffic,
 * faults and capacities (and the way the page is shown).
 */
export function CopyLink({ view }: { view: View }) {
  const shown = (s: HopscopeState): View => ({
    ...view,
    present: s.presenting,
    ...(s.theme ? { theme: s.theme } : {}),
  });
  return (
    <>
      <CopyButton
        name="Copy link"
        title="Copy a link that opens this scene as it is now: faults, traffic, speed and seed"
        url={(s) => encodeLink(liveSetup(s.sim, s.topology, s.scene.id, s.speed), shown(s))}
      />
      {view.embed ? null : (
        <CopyButton
          name="Copy link to this moment"
          short="This moment"
          icon="moment"
          title="Copy a link that replays this run (its seed and every act with its time) and opens it paused at this very moment"
          url={(s) =>
            `${encodeLink(s.setup, shown(s))}&${encodeRun(s.actions.moments(), s.sim.now).toString()}`
          }
        />
      )}
    </>
  );
}

/** Copies the link `url` makes of the store's state, and says so in a notice. */
function CopyButton({
  name,
  short = name,
  title,
  icon = "link",
  url: urlOf,
}: {
  name: string;
  short?: string;
  title: string;
  icon?: "link" | "moment";
  url: (s: HopscopeState) => string;
}) {
  const store = useHopscopeStore();
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    const s = store.getState();
    const url = pageAddress() + urlOf(s);
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
    <button type="button" className="btn" onClick={copy} aria-label={name} title={title}>
      {copied ? (
        <Check size={18} aria-hidden="true" />
      ) : icon === "moment" ? (
        <Clock3 size={18} aria-hidden="true" />
      ) : (
        <LinkIcon size={18} aria-hidden="true" />
      )}
      <span className="btn-text">{copied ? "Copied" : short}</span>
    </button>
  );
}
