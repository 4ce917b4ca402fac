import type { Page } from "playwright-core";

/** What a projector shows of the diagram: rendered sizes in screen pixels. */
export interface Legibility {
  /** The canvas's size on screen. */
  canvas: { width: number; height: number };
  /** The diagram's zoom (React Flow's viewport scale). */
  zoom: number;
  /** Smallest rendered font size of a component's name (px). */
  minName: number;
  /** Smallest rendered font size of any other visible text drawn in a node (px), and whose. */
  minText: number;
  minTextOf: string;
  /** Smallest button on a node (px): the lesser of its width and height. */
  minTarget: number;
  minTargetOf: string;
  /** Pairs of text boxes inside one node that overlap (by more than 1 px each way). */
  overlaps: string[];
  /**
   * Text cut off by a box that hides its overflow (a node's button, its card): a title or a
   * role pushed out of sight. Truncation a box asks for (an ellipsis, a line clamp) is meant.
   */
  clipped: string[];
}

/**
 * Measures the canvas as it renders: every text node's font size times the diagram's zoom,
 * every node button's box, and text boxes that overlap inside a node. Runs in the page.
 */
export function measureLegibility(page: Page): Promise<Legibility> {
  // A string, not a function: transpilers add helpers (such as __name) to functions, which
  // the page does not have.
  return page.evaluate(`(() => {
    const viewport = document.querySelector(".react-flow__viewport");
    const canvasEl = document.querySelector(".canvas");
    const zoom = viewport ? new DOMMatrixReadOnly(getComputedStyle(viewport).transform).a : 0;
    const box = canvasEl?.getBoundingClientRect();
    const visible = (el) => {
      const r = el.getBoundingClientRect();
      const style = getComputedStyle(el);
      return r.width > 0 && r.height > 0 && style.visibility !== "hidden" && style.opacity !== "0";
    };
    const label = (el) =>
      \`\${el.closest(".react-flow__node")?.getAttribute("data-id") ?? "?"}: \${(el.textContent ?? "").trim().slice(0, 30)}\`;
    let minName = Number.POSITIVE_INFINITY;
    let minText = Number.POSITIVE_INFINITY;
    let minTextOf = "";
    let minTarget = Number.POSITIVE_INFINITY;
    let minTargetOf = "";
    const overlaps = [];
    const clipped = [];
    const truncates = (style) =>
      style.textOverflow === "ellipsis" || (style.webkitLineClamp ?? "none") !== "none";
    for (const node of document.querySelectorAll(".react-flow__node")) {
      // Elements that hold text directly (the boxes a reader sees).
      const texts = [];
      for (const el of node.querySelectorAll("*")) {
        if (!visible(el)) continue;
        // Visually hidden text (screen readers only) is not drawn.
        if (el.closest(".sr-only")) continue;
        const ownText = [...el.childNodes].some(
          (c) => c.nodeType === Node.TEXT_NODE && (c.textContent ?? "").trim() !== "",
        );
        if (!ownText) continue;
        const px = Number.parseFloat(getComputedStyle(el).fontSize) * zoom;
        if (el.matches(".node-name, .host-name")) minName = Math.min(minName, px);
        else if (px < minText) {
          minText = px;
          minTextOf = label(el);
        }
        texts.push(el);
      }
      for (const b of node.querySelectorAll("button")) {
        if (!visible(b) || b.classList.contains("node-button") || b.classList.contains("host-title"))
          continue;
        const r = b.getBoundingClientRect();
        const side = Math.min(r.width, r.height);
        if (side < minTarget) {
          minTarget = side;
          minTargetOf = label(b);
        }
      }
      // What each text draws: its range, cut by every box up to the node that hides what
      // overflows it. A cut is a defect ("clipped") unless a box on the way asks for it (an
      // ellipsis, a line clamp). An absolutely placed box (a rate badge) is cut only by its
      // containing block and the boxes above it.
      const rects = texts.map((el) => {
        const range = document.createRange();
        range.selectNodeContents(el);
        const whole = range.getBoundingClientRect();
        const r = { top: whole.top, left: whole.left, bottom: whole.bottom, right: whole.right };
        let meant = false;
        let cut = false;
        let escaping = false;
        for (let a = el; a && a !== node.parentElement; a = a.parentElement) {
          const style = getComputedStyle(a);
          if (truncates(style)) meant = true;
          if (escaping && style.position === "static") continue;
          escaping = style.position === "absolute";
          if (style.overflowX === "visible" && style.overflowY === "visible") continue;
          const box = a.getBoundingClientRect();
          if (r.top < box.top - 1 || r.bottom > box.bottom + 1 || r.left < box.left - 1 || r.right > box.right + 1) {
            if (!meant) cut = true;
            r.top = Math.max(r.top, box.top);
            r.left = Math.max(r.left, box.left);
            r.bottom = Math.min(r.bottom, box.bottom);
            r.right = Math.min(r.right, box.right);
          }
        }
        if (cut) clipped.push(label(el));
        return { el, r };
      });
      for (let i = 0; i < rects.length; i++) {
        for (let j = i + 1; j < rects.length; j++) {
          const a = rects[i];
          const b = rects[j];
          if (!a || !b || a.el.contains(b.el) || b.el.contains(a.el)) continue;
          const dx = Math.min(a.r.right, b.r.right) - Math.max(a.r.left, b.r.left);
          const dy = Math.min(a.r.bottom, b.r.bottom) - Math.max(a.r.top, b.r.top);
          if (dx > 1 && dy > 1) overlaps.push(\`\${label(a.el)} × \${label(b.el)}\`);
        }
      }
    }
    return {
      canvas: { width: Math.round(box?.width ?? 0), height: Math.round(box?.height ?? 0) },
      zoom: Math.round(zoom * 1000) / 1000,
      minName: Math.round(minName * 10) / 10,
      minText: Math.round(minText * 10) / 10,
      minTextOf,
      minTarget: Math.round(minTarget * 10) / 10,
      minTargetOf,
      overlaps,
      clipped,
    };
})()`) as Promise<Legibility>;
}
