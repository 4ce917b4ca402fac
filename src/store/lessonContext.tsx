import { createContext, type ReactNode, useContext } from "react";
import { useStore } from "zustand";
import type { LessonState, LessonStore } from "./lessons";

const LessonContext = createContext<LessonStore | null>(null);

export function LessonProvider({ store, children }: { store: LessonStore; children: ReactNode }) {
  return <LessonContext.Provider value={store}>{children}</LessonContext.Provider>;
}

/** The lesson store, or null where the page has none (compare mode, some tests). */
export function useLessonStore(): LessonStore | null {
  return useContext(LessonContext);
}

const NONE = (): undefined => undefined;

/** Selects from the lesson store; undefined where there is none. */
export function useLesson<T>(selector: (state: LessonState) => T): T | undefined {
  const store = useContext(LessonContext);
  // Hooks are called the same way whether or not there is a store (a store never comes and goes).
  return useStore(store ?? EMPTY, store ? selector : NONE);
}

/** A stand-in so the hook above has something to subscribe to. */
const EMPTY = {
  getState: NONE,
  getInitialState: NONE,
  subscribe: () => () => {},
  setState: NONE,
} as unknown as LessonStore;
