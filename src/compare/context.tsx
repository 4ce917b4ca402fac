import { createContext, type ReactNode, useContext } from "react";
import { useStore } from "zustand";
import type { CompareState, CompareStore } from "./driver";

const CompareContext = createContext<CompareStore | null>(null);

export function CompareProvider({ store, children }: { store: CompareStore; children: ReactNode }) {
  return <CompareContext.Provider value={store}>{children}</CompareContext.Provider>;
}

/** The compare store itself, for the frame loop. */
export function useCompareStore(): CompareStore {
  const store = useContext(CompareContext);
  if (!store) throw new Error("HOPSCOPE_NO_COMPARE: wrap compare mode in <CompareProvider>");
  return store;
}

/** Selects a value from the compare store. Selectors must return stable values. */
export function useCompare<T>(selector: (state: CompareState) => T): T {
  return useStore(useCompareStore(), selector);
}

export const selectCompareActions = (s: CompareState) => s.actions;
export const selectCompareResults = (s: CompareState) => s.results;
export const selectCompareSides = (s: CompareState) => s.sides;
export const selectCompareNow = (s: CompareState) => s.now;
