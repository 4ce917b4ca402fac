import { useEffect } from "react";
import type { HopscopeStore } from "../store";

export type ShortcutAction =
  | "togglePlay"
  | "step"
  | "stepBack"
  | "visit"
  | "kill"
  | "deploy"
  | "surge"
  | "panels"
  | "present"
  | "theme"
  | "lessons"
  | "help";

/** The keyboard shortcuts, in the order the help lists them. */
export const SHORTCUTS: readonly { key: string; label: string; action: ShortcutAction }[] = [
  { key: "Space", label: "Play or pause", action: "togglePlay" },
  { key: "→", label: "Step to the next hop", action: "step" },
  { key: "←", label: "Step back to the previous entry", action: "stepBack" },
  { key: "V", label: "Visit www.foobar.com", action: "visit" },
  { key: "K", label: "Kill the selected component (again: revive it)", action: "kill" },
  { key: "D", label: "Start a deploy", action: "deploy" },
  { key: "S", label: "Surge the traffic ×10", action: "surge" },
  { key: "P", label: "Show or hide the side panels", action: "panels" },
  { key: "F", label: "Present: the diagram large (F or Esc to leave)", action: "present" },
  { key: "T", label: "Switch between light and dark", action: "theme" },
  { key: "L", label: "Lessons: predict, then watch", action: "lessons" },
  { key: "?", label: "Show or hide this help", action: "help" },
];

const BY_KEY: Record<string, ShortcutAction> = {
  " ": "togglePlay",
  ArrowRight: "step",
  ArrowLeft: "stepBack",
  v: "visit",
  k: "kill",
  d: "deploy",
  s: "surge",
  p: "panels",
  f: "present",
  t: "theme",
  l: "lessons",
  "?": "help",
};

/** Elements that use these keys themselves: typing, sliders, buttons (Space clicks them). */
function ownsKeys(target: EventTarget | null, key: string): boolean {
  if (!(target instanceof Element)) return false;
  if (target.closest("input, textarea, select, [contenteditable=''], [contenteditable='true']"))
    return true;
  // Space and Enter activate the focused button or link: do not also act globally.
  return key === " " && target.closest("button, a, summary, [role='button']") !== null;
}

/** The shortcut a key press means here, if any. */
export function shortcutOf(e: KeyboardEvent): ShortcutAction | undefined {
  if (e.ctrlKey || e.metaKey || e.altKey || e.defaultPrevented || e.isComposing) return undefined;
  const key = e.key.length === 1 && e.key !== " " ? e.key.toLowerCase() : e.key;
  // Own properties only: a key named "constructor" is not an action.
  const action = Object.hasOwn(BY_KEY, key) ? BY_KEY[key] : undefined;
  if (!action || ownsKeys(e.target, e.key)) return undefined;
  return action;
}

/** Kills the selected component, or revives it when it is already killed. */
function killSelected(store: HopscopeStore): void {
  const { selected, sim, actions } = store.getState();
  if (selected === undefined)
    actions.notify("Select a component first (click it), then press K to kill it.", "info");
  else if (sim.health(selected).killed) actions.revive(selected);
  else actions.kill(selected);
}

/** Flips between light and dark, from whichever is showing now. */
function flipTheme(store: HopscopeStore): void {
  const dark = document.documentElement.dataset.theme === "dark";
  store.getState().actions.setTheme(dark ? "light" : "dark");
}

/** The actions the page itself opens (a dialog), not the store. */
type PageAction = "help" | "lessons";

const RUN: Record<Exclude<ShortcutAction, PageAction>, (store: HopscopeStore) => void> = {
  togglePlay: (s) => s.getState().actions.togglePlay(),
  step: (s) => s.getState().actions.step(),
  stepBack: (s) => s.getState().actions.stepBack(),
  visit: (s) => s.getState().actions.visit(),
  kill: killSelected,
  deploy: (s) => s.getState().actions.deploy(),
  surge: (s) => s.getState().actions.surge(),
  panels: (s) => s.getState().actions.togglePanels(),
  present: (s) => s.getState().actions.present(),
  theme: flipTheme,
};

/** Runs a shortcut's action on the store; the help overlay is the caller's. */
export function runShortcut(
  store: HopscopeStore,
  action: Exclude<ShortcutAction, PageAction>,
): void {
  RUN[action](store);
}

/**
 * Listens for the shortcuts on the whole page while mounted. While the help is
 * open only "?" works (the rest would act behind it).
 */
export function useShortcuts(
  store: HopscopeStore,
  helpOpen: boolean,
  toggleHelp: () => void,
  toggleLessons: () => void = () => {},
): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      // Esc leaves present mode (in the full screen the browser takes Esc itself, and the
      // full screen's end leaves present mode: see usePresentFullscreen).
      if (e.key === "Escape" && !helpOpen && !e.defaultPrevented && store.getState().presenting) {
        store.getState().actions.present(false);
        return;
      }
      const action = shortcutOf(e);
      if (!action || (helpOpen && action !== "help")) return;
      e.preventDefault();
      if (action === "help") toggleHelp();
      else if (action === "lessons") toggleLessons();
      else runShortcut(store, action);
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [store, helpOpen, toggleHelp, toggleLessons]);
}
