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
