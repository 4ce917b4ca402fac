import { createContext, type ReactNode, useContext } from "react";
import { useStore } from "zustand";
import type { HopscopeState, HopscopeStore } from "./hopscopeStore";

const HopscopeContext = createContext<HopscopeStore | null>(null);

export function HopscopeProvider({
  store,
  children,
}: {
  store: HopscopeStore;
  children: ReactNode;
}) {
  return <HopscopeContext.Provider value={store}>{children}</HopscopeContext.Provider>;
}

/** The store itself, for code that reads it outside React's render (animation loops). */
export function useHopscopeStore(): HopscopeStore {
  const store = useContext(HopscopeContext);
  if (!store) throw new Error("HOPSCOPE_NO_STORE: wrap the app in <HopscopeProvider>");
  return store;
}

/** Selects a value from the Hopscope store. Selectors must return stable values. */
export function useHopscope<T>(selector: (state: HopscopeState) => T): T {
  return useStore(useHopscopeStore(), selector);
}
