import { createContext, useContext, useEffect } from "react";

type FrameCallback = (realMs: number) => void;

/**
 * One requestAnimationFrame loop for the whole app, so the clock always ticks
 * before the packets are drawn in the same frame. Listeners run in `order`.
 */
export interface FrameLoop {
  subscribe(order: number, fn: FrameCallback): () => void;
}

export function createFrameLoop(): FrameLoop {
  const listeners: { order: number; fn: FrameCallback }[] = [];
  let raf = 0;
  let last: number | undefined;
  const frame = (time: number) => {
    const dt = last === undefined ? 0 : time - last;
    last = time;
    for (const l of listeners) l.fn(dt);
    raf = requestAnimationFrame(frame);
  };
  return {
    subscribe(order, fn) {
      const entry = { order, fn };
      listeners.push(entry);
      listeners.sort((a, b) => a.order - b.order);
      if (listeners.length === 1) {
        last = undefined;
        raf = requestAnimationFrame(frame);
      }
      return () => {
        listeners.splice(listeners.indexOf(entry), 1);
        if (listeners.length === 0) cancelAnimationFrame(raf);
      };
    },
  };
}

export const FrameLoopContext = createContext<FrameLoop | null>(null);

/** Runs `fn` every animation frame while the calling component is mounted. */
export function useFrame(order: number, fn: FrameCallback): void {
  const loop = useContext(FrameLoopContext);
  useEffect(() => loop?.subscribe(order, fn), [loop, order, fn]);
}

export const FRAME_ORDER = { clock: 0, draw: 1 } as const;
