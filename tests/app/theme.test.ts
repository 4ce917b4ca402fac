// @vitest-environment jsdom
import { describe, expect, it, vi } from "vitest";
import { followSystemTheme } from "../../src/app/theme";

describe("followSystemTheme", () => {
  it("sets data-theme from the system setting and follows its changes", () => {
    let dark = true;
    const listeners: (() => void)[] = [];
    vi.stubGlobal("matchMedia", () => ({
      get matches() {
        return dark;
      },
      addEventListener: (_: string, fn: () => void) => listeners.push(fn),
      removeEventListener: () => {},
    }));
    const root = document.createElement("div");
    const stop = followSystemTheme(root);
    expect(root.dataset.theme).toBe("dark");
    dark = false;
    for (const fn of listeners) fn();
    expect(root.dataset.theme).toBe("light");
    stop();
    vi.unstubAllGlobals();
  });
});
