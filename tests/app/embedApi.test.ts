import { describe, expect, it } from "vitest";
import { connectEmbedApi } from "../../src/app/embedApi";
import type { ApiEvent } from "../../src/app/messages";
import { oneServerTopology } from "../../src/scenes/oneServer";
import { createHopscopeStore } from "../../src/store";
import { createLessonStore } from "../../src/store/lessons";
import { cyclic, nested } from "./hostile";

/** A window inside a frame: its parent records what it is sent; messages are dispatched by hand. */
function framedWindow() {
  const toParent: ApiEvent[] = [];
  const toSource: ApiEvent[] = [];
  const listeners: ((e: MessageEvent) => void)[] = [];
  const parent = { postMessage: (m: ApiEvent) => toParent.push(m) };
  const source = { postMessage: (m: ApiEvent) => toSource.push(m) };
  const win = {
    parent,
    addEventListener: (_: string, fn: (e: MessageEvent) => void) => listeners.push(fn),
    removeEventListener: (_: string, fn: (e: MessageEvent) => void) =>
      listeners.splice(listeners.indexOf(fn), 1),
  } as unknown as Window;
  const send = (data: unknown) => {
    for (const fn of [...listeners]) fn({ data, source } as unknown as MessageEvent);
  };
  return { win, toParent, toSource, send, listeners };
}

function setup() {
  const store = createHopscopeStore({ topology: oneServerTopology, seed: 1 });
  const frame = framedWindow();
  const disconnect = connectEmbedApi(store, frame.win);
  /** Runs the engine, as the frame loop would, then lets the store publish. */
  const runFor = (ms: number) => {
    const { sim } = store.getState();
    sim.advanceTo(sim.now + ms);
    store.getState().actions.pause();
  };
  return { store, ...frame, disconnect, runFor };
}

/** Lets the bridge look at the store (it does so once per burst of updates, in a microtask). */
const settle = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

const v1 = (name: string, fields: Record<string, unknown> = {}) => ({
  type: `hopscope:${name}`,
  version: 1,
  ...fields,
});

describe("connectEmbedApi", () => {
  it("reports every finished request exactly once, also after the engine drops its oldest records", async () => {
    const { store, toParent, runFor } = setup();
    // A visit every 100 ms for 400 s: 4,000 visits, more than the 2,000 the engine keeps.
    store.getState().sim.setRepeatVisits(100);
    for (let t = 0; t < 400; t++) {
      runFor(1_000);
      await settle();
    }
    store.getState().sim.setRepeatVisits(undefined);
    store.getState().sim.runUntilIdle();
    store.getState().actions.pause();
    await settle();
    const finished = toParent.filter((m) => m.type === "hopscope:requestFinished");
    const ids = finished.map((m) => (m.type === "hopscope:requestFinished" ? m.requestId : 0));
    expect(store.getState().sim.requestsDropped).toBeGreaterThan(0);
    expect(new Set(ids).size).toBe(ids.length); // none twice
    // Every request was reported: the engine's count of them all.
    expect(ids.length).toBe(store.getState().sim.stats().requestsSent);
  });

  it("says ready with the scene, the components and the commands", () => {
    const { toParent } = setup();
    expect(toParent).toHaveLength(1);
    const ready = toParent[0];
    expect(ready?.type).toBe("hopscope:ready");
    if (ready?.type !== "hopscope:ready") return;
    expect(ready.scene).toBe("one-server");
    expect(ready.components.find((c) => c.id === "mysql")).toEqual({
      id: "mysql",
      state: "up",
      slow: false,
    });
    expect(ready.commands).toContain("loadScene");
  });

  it("runs a visit and reports each of its requests once, with its outcome", async () => {
    const { send, toParent, runFor } = setup();
    send(v1("visit"));
    runFor(5_000);
    await settle();
    runFor(5_000);
    await settle();
    const finished = toParent.filter((e) => e.type === "hopscope:requestFinished");
    expect(finished.map((e) => e.type === "hopscope:requestFinished" && e.role)).toEqual([
      "document",
      "subresource",
      "subresource",
    ]);
    expect(finished[0]).toMatchObject({
      outcome: "ok",
      status: 200,
      url: "http://www.foobar.com/",
    });
    expect(
      new Set(finished.map((e) => e.type === "hopscope:requestFinished" && e.requestId)).size,
    ).toBe(3);
  });

  it("visits what the address bar would: an IP address, a port, a normalised path", async () => {
    const { send, toParent, toSource, runFor } = setup();
    send(v1("visit", { url: "8.8.8.8/a/../style.css" }));
    send(v1("visit", { url: "http://www.foobar.com:8080/" }));
    send(v1("visit", { url: "www.foobar.com:65536" }));
    runFor(5_000);
    await settle();
    const finished = toParent.filter((e) => e.type === "hopscope:requestFinished");
    expect(
      finished.map((e) => e.type === "hopscope:requestFinished" && [e.url, e.outcome]),
    ).toEqual([
      ["http://8.8.8.8/style.css", "ok"],
      ["http://www.foobar.com:8080/", "ERR_CONNECTION_REFUSED"],
    ]);
    expect(toSource.map((e) => e.type === "hopscope:error" && e.message)).toEqual([
      "“65536” is not a port: a port is a number from 1 to 65535, as in www.foobar.com:80.",
    ]);
  });

  it("tells the parent when a component's state changes", async () => {
    const { send, toParent, store } = setup();
    send(v1("kill", { component: "mysql" }));
    expect(store.getState().sim.health("mysql").killed).toBe(true);
    await settle();
    const changed = toParent.filter((e) => e.type === "hopscope:stateChanged");
    expect(changed).toHaveLength(1);
    const mysql =
      changed[0]?.type === "hopscope:stateChanged" &&
      changed[0].components.find((c) => c.id === "mysql");
    expect(mysql).toEqual({ id: "mysql", state: "down", slow: false });
    send(v1("slow", { component: "app" }));
    await settle();
    expect(toParent.filter((e) => e.type === "hopscope:stateChanged")).toHaveLength(2);
  });

  it("answers a malformed message with an error to its sender and a notice; nothing runs", () => {
    const { send, toSource, store } = setup();
    const before = store.getState().sim;
    send(v1("kill", { component: "mysql", also: "nginx" }));
    send(v1("setRps", { rps: -1 }));
    expect(toSource.map((e) => e.type)).toEqual(["hopscope:error", "hopscope:error"]);
    expect(toSource[0]).toMatchObject({ received: "hopscope:kill" });
    expect(store.getState().sim).toBe(before);
    expect(store.getState().sim.health("mysql").up).toBe(true);
    expect(store.getState().sim.trafficState().baseRps).toBe(0);
    expect(store.getState().notices.map((n) => n.text)).toEqual([
      "Ignored a message from the page around Hopscope: hopscope:kill has no field “also”.",
      "Ignored a message from the page around Hopscope: hopscope:setRps: rps must be a number from 0 to 5000 (got -1).",
    ]);
  });

  it("answers BigInt, cyclic and deeply nested payloads with an error and a notice, not a throw", () => {
    const { send, toSource, store } = setup();
    const before = store.getState().sim;
    const payloads = [
      v1("play", { version: 1n }),
      v1("setRps", { rps: 1n }),
      v1("visit", { url: cyclic() }),
      v1("visit", { url: nested(10_000) }),
      v1("play", { extra: cyclic({ n: 1n }) }),
    ];
    for (const data of payloads) expect(() => send(data)).not.toThrow();
    expect(toSource.map((e) => e.type)).toEqual(Array(payloads.length).fill("hopscope:error"));
    expect(toSource.map((e) => e.type === "hopscope:error" && e.message)).toEqual([
      "hopscope:play needs version: 1 (got 1n).",
      "hopscope:setRps: rps must be a number from 0 to 5000 (got 1n).",
      'hopscope:visit: url must be a non-empty string of at most 200 characters (got {"self":[cycle]}).',
      'hopscope:visit: url must be a non-empty string of at most 200 characters (got {"a":{"a":{"a":{…}}}}).',
      "hopscope:play has no field “extra”.",
    ]);
    expect(store.getState().notices).toHaveLength(payloads.length);
    expect(store.getState().sim).toBe(before);
    expect(store.getState().playing).toBe(false);
  });

  it("tells the sender when a well-formed command is refused", () => {
    const { send, toSource, store } = setup();
    send(v1("kill", { component: "mysql" }));
    expect(toSource).toEqual([]);
    send(v1("kill", { component: "mysql" }));
    send(v1("surge")); // no traffic to multiply
    expect(toSource).toEqual([
      {
        type: "hopscope:error",
        version: 1,
        message: "MySQL is already down.",
        received: "hopscope:kill",
      },
      expect.objectContaining({ type: "hopscope:error", received: "hopscope:surge" }),
    ]);
    expect(store.getState().sim.health("mysql").killed).toBe(true);
  });

  it("answers every repeat of a refused command, though the notice shows it once with a count", () => {
    const { send, toSource, store } = setup();
    for (let i = 0; i < 4; i++) send(v1("kill", { component: "mysql" }));
    expect(toSource.map((e) => e.type === "hopscope:error" && e.message)).toEqual([
      "MySQL is already down.",
      "MySQL is already down.",
      "MySQL is already down.",
    ]);
    expect(store.getState().notices.map((n) => [n.text, n.count])).toEqual([
      ["MySQL is already down.", 3],
    ]);
  });

  it("reports scene, playback and traffic changes, not only components", async () => {
    const { send, toParent } = setup();
    const changes = () =>
      toParent
        .filter((e) => e.type === "hopscope:stateChanged")
        .map(
          (e) =>
            e.type === "hopscope:stateChanged" && {
              scene: e.scene,
              playing: e.playing,
              speed: e.speed,
              rps: e.rps,
            },
        );
    send(v1("setSpeed", { speed: "10" }));
    await settle();
    send(v1("loadScene", { scene: "first-visit" }));
    await settle();
    send(v1("setRps", { rps: 50 }));
    await settle();
    expect(changes()).toEqual([
      { scene: "one-server", playing: false, speed: "10", rps: 0 },
      { scene: "first-visit", playing: false, speed: "slow", rps: 0 },
      { scene: "first-visit", playing: true, speed: "1", rps: 50 },
    ]);
  });

  it("ignores other pages' messages silently, and loads scenes", () => {
    const { send, toSource, store } = setup();
    send({ type: "reveal:slidechanged" });
    send("hello");
    expect(toSource).toEqual([]);
    expect(store.getState().notices).toEqual([]);
    send(v1("loadScene", { scene: "nginx-down", autoplay: true }));
    expect(store.getState().scene.id).toBe("nginx-down");
    expect(store.getState().playing).toBe(true);
  });

  it("deploys with a strategy and a release, and rolls back, as a slide asks", () => {
    const { send, toSource, store } = setup();
    send(v1("loadScene", { scene: "blue-green" }));
    send(v1("deploy", { strategy: "blue-green", release: "bad-slow" }));
    expect(toSource).toEqual([]);
    const d = store.getState().sim.deployState();
    expect(d?.strategy).toBe("blue-green");
    expect(d?.release).toBe("bad-slow");
    expect(store.getState().deployStrategy).toBe("blue-green");
    // A rollback while it runs is refused, and the sender is told why.
    send(v1("rollback"));
    expect(toSource.at(-1)).toMatchObject({ type: "hopscope:error" });
    expect(JSON.stringify(toSource.at(-1))).toMatch(/already running/);
  });

  it("stops listening when disconnected", () => {
    const { disconnect, listeners } = setup();
    expect(listeners).toHaveLength(1);
    disconnect();
    expect(listeners).toHaveLength(0);
  });
});

describe("connectEmbedApi: lessons", () => {
  function lessonSetup() {
    const store = createHopscopeStore({ topology: oneServerTopology, seed: 1, wallClock: () => 0 });
    const lessons = createLessonStore(store, { schedule: (fn) => fn() });
    const frame = framedWindow();
    connectEmbedApi(store, frame.win, lessons);
    return { store, lessons, ...frame };
  }
  const lessonEvents = (events: ApiEvent[]) =>
    events.filter((e) => e.type === "hopscope:lessonStep");

  it("opens a lesson at a step, moves as a clicker does, and says where it is", () => {
    const s = lessonSetup();
    s.send({ type: "hopscope:lessonStep", version: 1, lesson: "when-parts-fail", step: 2 });
    expect(s.lessons.getState().index).toBe(1);
    expect(lessonEvents(s.toParent).at(-1)).toMatchObject({
      lesson: "when-parts-fail",
      step: 2,
      steps: 5,
      phase: "ask",
      title: "The application server stops",
    });
    // "next" before a prediction in class mode plays the step; "previous" goes back a step.
    s.lessons.getState().actions.setTeacher(true);
    s.send({ type: "hopscope:lessonStep", version: 1, step: "next" });
    expect(lessonEvents(s.toParent).at(-1)).toMatchObject({ step: 2, phase: "watching" });
    s.send({ type: "hopscope:lessonStep", version: 1, step: "previous" });
    expect(lessonEvents(s.toParent).at(-1)).toMatchObject({ step: 1, phase: "ask" });
  });

  it("refuses a step the lesson does not have, and a step with no lesson open, with an error", () => {
    const s = lessonSetup();
    s.send({ type: "hopscope:lessonStep", version: 1, step: 1 });
    expect(s.toSource.at(-1)).toMatchObject({
      type: "hopscope:error",
      message: "lessonStep needs a lesson: no lesson is open.",
    });
    s.send({ type: "hopscope:lessonStep", version: 1, lesson: "when-parts-fail", step: 1 });
    s.send({ type: "hopscope:lessonStep", version: 1, step: 9 });
    expect(s.lessons.getState().index).toBe(0);
    expect(s.toSource.at(-1)).toMatchObject({ type: "hopscope:error" });
    expect(String((s.toSource.at(-1) as { message: string }).message)).toMatch(/no step 9/);
  });
});
