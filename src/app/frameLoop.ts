import { createContext, useContext, useEffect } from "react";

/**
 * Called every animation frame with the real time since the last one (ms). Returns whether
 * it wants another frame: `false` when nothing it shows will change by itself (a paused clock,
 * packets that do not move). `undefined` counts as wanting one.
 */
type FrameCallback = (realMs: number) => boolean | undefined;

/**
 * One requestAnimationFrame loop for the whole app, so the clock always ticks before the
 * packets are drawn in the same frame. Listeners run in `order`. When no listener wants
 * another frame, the loop stops asking for frames (an idle page rests: no work at all) until
 * `wake()` is called: on any change to the store, the view or the window.
 */
export interface FrameLoop {
  subscribe(order: number, fn: FrameCallback): () => void;
  /** Starts the loop again if it rests (harmless when it runs). */
  wake(): void;
  /** Whether a frame is requested now (for tests). */
  readonly running: boolean;
}

export function createFrameLoop(
  request: (fn: FrameRequestCallback) => number = (fn) => requestAnimationFrame(fn),
  cancel: (id: number) => void = (id) => cancelAnimationFrame(id),
): FrameLoop {
  const listeners: { order: number; fn: FrameCallback }[] = [];
  let raf = 0;
  let last: number | undefined;
  const frame = (time: number) => {
    raf = 0;
    const dt = last === undefined ? 0 : time - last;
    last = time;
    let again = false;
    for (const l of listeners) if (l.fn(dt) !== false) again = true;
    if (again) raf = request(frame);
    // Resting: the next frame after a wake starts a new interval, not one as long as the rest.
    else last = undefined;
  };
  const wake = () => {
    if (raf === 0 && listeners.length > 0) raf = request(frame);
  };
  return {
    subscribe(order, fn) {
      const entry = { order, fn };
      listeners.push(entry);
      listeners.sort((a, b) => a.order - b.order);
      wake();
      return () => {
        listeners.splice(listeners.indexOf(entry), 1);
        if (listeners.length === 0 && raf !== 0) {
          cancel(raf);
          raf = 0;
          last = undefined;
        }
      };
    },
    wake,
    get running() {
      return raf !== 0;
    },
  };
}

export const FrameLoopContext = createContext<FrameLoop | null>(null);

/** Runs `fn` every animation frame while the calling component is mounted. */
export function useFrame(order: number, fn: FrameCallback): void {
  const loop = useContext(FrameLoopContext);
  useEffect(() => loop?.subscribe(order, fn), [loop, order, fn]);
}

/** The app's frame loop, to wake it from code that changes what is drawn. */
export function useFrameLoop(): FrameLoop | null {
  return useContext(FrameLoopContext);
}

export const FRAME_ORDER = { clock: 0, draw: 1 } as const;
