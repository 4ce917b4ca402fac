import { describe, expect, it } from "vitest";
import type { ApiEvent } from "../../src/app/messages";
import { createCompareStore } from "../../src/compare/driver";
import { connectCompareApi } from "../../src/compare/embedApi";
import { type CompareScene, compareSceneById } from "../../src/compare/scenes";

/** A window inside a frame: its parent and the sender record what they are sent. */
function framedWindow() {
  const toParent: ApiEvent[] = [];
  const toSource: ApiEvent[] = [];
  const listeners: ((e: MessageEvent) => void)[] = [];
  const win = {
    parent: { postMessage: (m: ApiEvent) => toParent.push(m) },
    addEventListener: (_: string, fn: (e: MessageEvent) => void) => listeners.push(fn),
    removeEventListener: (_: string, fn: (e: MessageEvent) => void) =>
      listeners.splice(listeners.indexOf(fn), 1),
  } as unknown as Window;
  const source = { postMessage: (m: ApiEvent) => toSource.push(m) };
  const send = (data: unknown) => {
    for (const fn of [...listeners]) fn({ data, source } as unknown as MessageEvent);
  };
  return { win, toParent, toSource, send };
}

const v1 = (name: string, fields: Record<string, unknown> = {}) => ({
  type: `hopscope:${name}`,
  version: 1,
  ...fields,
});

describe("the postMessage API in compare mode", () => {
  it("plays, pauses and sets the speed of both sides; refuses single-scene commands", () => {
    const scene = compareSceneById("compare-surge") as CompareScene;
    const store = createCompareStore({ scene, seed: 1, wallClock: () => 0 });
    const { win, toParent, toSource, send } = framedWindow();
    connectCompareApi(store, win);
    expect(toParent[0]).toMatchObject({
      type: "hopscope:ready",
      scene: "compare-surge",
      commands: ["play", "pause", "reset", "setSpeed"],
    });
    send(v1("play"));
    expect(store.getState().playing).toBe(true);
    send(v1("setSpeed", { speed: "100" }));
    expect(store.getState().speed).toBe("100");
    expect(toParent.at(-1)).toMatchObject({
      type: "hopscope:stateChanged",
      scene: "compare-surge",
      playing: true,
      speed: "100",
    });
    send(v1("kill", { component: "nginx" }));
    send(v1("setSpeed", { speed: "slow" }));
    expect(toSource.map((e) => e.type === "hopscope:error" && e.message)).toEqual([
      "Compare mode takes play, pause, reset, setSpeed; hopscope:kill works on a single scene.",
      "slow is not a speed of compare mode: use 0.1, 1, 10, 100.",
    ]);
    expect(store.getState().stores.map((s) => s.getState().sim.health("browser").up)).toEqual([
      true,
      true,
    ]);
    expect(store.getState().speed).toBe("100");
  });
});
