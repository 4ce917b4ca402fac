import type { MouseEvent } from "react";

/** The id of the part of the page the skip link leads to: the stage with the diagram. */
export const DIAGRAM_ID = "diagram";

/**
 * "Skip to the diagram": the page's first focusable element, shown only while it has
 * focus, so that a keyboard user need not Tab through the toolbar first. It moves the
 * focus to the diagram's first component (the browser), from where Tab goes on through
 * the others; without one, to the stage itself.
 */
export function SkipLink() {
  const skip = (e: MouseEvent<HTMLAnchorElement>) => {
    const stage = document.getElementById(DIAGRAM_ID);
    if (!stage) return;
    e.preventDefault();
    const first = stage.querySelector<HTMLElement>(".react-flow__node button");
    if (first) first.focus();
    else {
      stage.tabIndex = -1;
      stage.focus();
    }
  };
  return (
    <a className="skip-link" href={`#${DIAGRAM_ID}`} onClick={skip}>
      Skip to the diagram
    </a>
  );
}
