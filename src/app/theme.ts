/**
 * Follows the system's light or dark setting by setting `data-theme` on the
 * document, so the stylesheet has one set of dark colours and the packet layer
 * one place to look.
 */
export function followSystemTheme(root: HTMLElement = document.documentElement): () => void {
  const query = window.matchMedia("(prefers-color-scheme: dark)");
  const apply = () => {
    root.dataset.theme = query.matches ? "dark" : "light";
  };
  apply();
  query.addEventListener("change", apply);
  return () => query.removeEventListener("change", apply);
}

/** Sets a fixed theme, or follows the system's when `theme` is undefined. Returns a cleanup. */
export function applyTheme(
  theme: "light" | "dark" | undefined,
  root: HTMLElement = document.documentElement,
): () => void {
  if (theme === undefined) return followSystemTheme(root);
  root.dataset.theme = theme;
  return () => {};
}
