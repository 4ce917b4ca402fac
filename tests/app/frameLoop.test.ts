import { describe, expect, it } from "vitest";
import { createFrameLoop } from "../../src/app/frameLoop";

/** A frame scheduler the test drives by hand: `run(t)` fires the pending frame at time t. */
function fakeFrames() {
  let pending: FrameRequestCallback | undefined;
  let requests = 0;
  return {
    request: (fn: FrameRequestCallback) => {
      pending = fn;
      return ++requests;
    },
    cancel: () => {
      pending = undefined;
    },
    run(t: number) {
      const fn = pending;
      pending = undefined;
      fn?.(t);
    },
    get pending() {
      return pending !== undefined;
    },
  };
}

describe("the frame loop", () => {
  it("runs listeners in order, and rests when none wants another frame", () => {
    const frames = fakeFrames();
    const loop = createFrameLoop(frames.request, frames.cancel);
    const calls: string[] = [];
    let moving = true;
    loop.subscribe(1, () => {
      calls.push("draw");
      return moving;
    });
    loop.subscribe(0, () => {
      calls.push("clock");
      return false;
    });
    frames.run(0);
    expect(calls).toEqual(["clock", "draw"]);
    expect(loop.running).toBe(true); // the drawing still moves
    moving = false;
    frames.run(16);
    expect(loop.running).toBe(false); // nobody wants a frame: no frame is asked for
    expect(frames.pending).toBe(false);
    frames.run(32); // nothing happens while resting
    expect(calls).toHaveLength(4);
  });

  it("wakes on demand, and gives the first frame after a rest a zero interval", () => {
    const frames = fakeFrames();
    const loop = createFrameLoop(frames.request, frames.cancel);
    const intervals: number[] = [];
    loop.subscribe(0, (dt) => {
      intervals.push(dt);
      return false;
    });
    frames.run(100);
    expect(loop.running).toBe(false);
    loop.wake();
    loop.wake(); // harmless when already woken
    expect(loop.running).toBe(true);
    frames.run(5_000); // long after: not a 4,900 ms frame
    expect(intervals).toEqual([0, 0]);
  });

  it("keeps going for a listener that says nothing (undefined), and stops when the last one leaves", () => {
    const frames = fakeFrames();
    const loop = createFrameLoop(frames.request, frames.cancel);
    const off = loop.subscribe(0, () => undefined);
    frames.run(0);
    expect(loop.running).toBe(true);
    off();
    expect(loop.running).toBe(false);
    expect(frames.pending).toBe(false);
  });
});
