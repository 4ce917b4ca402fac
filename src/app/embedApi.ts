import {
  type HopscopeActions,
  type HopscopeState,
  type HopscopeStore,
  message,
  messageOf,
} from "../store";
import type { LessonStore } from "../store/lessons";
import {
  API_VERSION,
  type ApiEvent,
  COMMAND_NAMES,
  type Command,
  type CommandName,
  type ComponentStateEntry,
  type LessonSnapshot,
  type PlaybackSnapshot,
  parseMessage,
} from "./messages";

/** Where events go: the parent page when framed (targetOrigin "*": a file:// parent is "null"). */
type Post = (event: ApiEvent) => void;

/** The playback state and the components', for `stateChanged`. */
export function snapshot(state: HopscopeState): PlaybackSnapshot {
  return {
    scene: state.scene.id,
    playing: state.playing,
    speed: state.speed,
    rps: state.traffic.baseRps,
    components: componentStates(state),
  };
}

/** The components' states, for `ready` and `stateChanged`. */
export function componentStates(state: HopscopeState): ComponentStateEntry[] {
  const { sim } = state;
  return sim.topology.specs.map((spec) => {
    const h = sim.health(spec.id);
    return {
      id: spec.id,
      state: h.up ? "up" : h.restarting ? "restarting" : "down",
      slow: h.slow,
    };
  });
}

/** What each checked command does, in terms of the store's actions. */
const HANDLERS: {
  [N in CommandName]: (a: HopscopeActions, command: Extract<Command, { name: N }>) => void;
} = {
  visit: (a, c) => (c.url === undefined ? a.visit() : a.visitAddress(c.url)),
  kill: (a, c) => a.kill(c.component),
  revive: (a, c) => a.revive(c.component),
  slow: (a, c) => a.setSlow(c.component, c.on),
  deploy: (a, c) => {
    // The deploy control's choices, as a teacher would set them before pressing Deploy.
    if (c.strategy !== undefined) a.setDeployStrategy(c.strategy);
    if (c.release !== undefined) a.setDeployRelease(c.release);
    a.deploy(c.mode);
  },
  rollback: (a) => a.rollback(),
  setRps: (a, c) => a.setRps(c.rps),
  surge: (a) => a.surge(),
  play: (a) => a.play(),
  pause: (a) => a.pause(),
  step: (a) => a.step(),
  setSpeed: (a, c) => a.setSpeed(c.speed),
  loadScene: (a, c) => a.loadScene(c.scene, c.autoplay),
  reset: (a) => a.reset(),
  // Needs the lesson store: see lessonStep below (a page without lessons refuses it).
  lessonStep: (a) => a.notify("This page has no lessons: lessonStep cannot run here."),
};

/** `lessonStep`: opens a lesson at a step, or moves as a clicker does; a refusal is a notice. */
function lessonStep(
  lessons: LessonStore,
  a: HopscopeActions,
  c: Extract<Command, { name: "lessonStep" }>,
): void {
  const s = lessons.getState();
  const id = c.lesson ?? s.lesson?.id;
  if (id === undefined) {
    a.notify("lessonStep needs a lesson: no lesson is open.");
    return;
  }
  if (c.step === "next" || c.step === "previous") {
    if (id !== s.lesson?.id) s.actions.open(id);
    if (c.step === "next") lessons.getState().actions.advance();
    else lessons.getState().actions.previous();
    return;
  }
  const steps =
    lessons.getState().lesson?.id === id ? lessons.getState().lesson?.steps.length : undefined;
  if (id !== s.lesson?.id || steps === undefined) s.actions.open(id, c.step - 1);
  else lessons.getState().actions.goTo(c.step - 1);
}

/** Where the lesson is, for the `lessonStep` event. */
export function lessonSnapshot(lessons: LessonStore): LessonSnapshot {
  const { lesson, index, phase } = lessons.getState();
  return {
    lesson: lesson?.id ?? null,
    step: lesson ? index + 1 : 0,
    steps: lesson?.steps.length ?? 0,
    title: lesson?.steps[index]?.title ?? "",
    phase,
  };
}

function run(state: HopscopeState, command: Command, lessons?: LessonStore): void {
  if (command.name === "lessonStep" && lessons) {
    lessonStep(lessons, state.actions, command);
    return;
  }
  const handler = HANDLERS[command.name] as (a: HopscopeActions, c: Command) => void;
  handler(state.actions, command);
}

/**
 * Answers a refused or malformed message with `hopscope:error`: to the window that sent it when
 * it can be told apart from this one, else to the parent (the single page's and compare mode's).
 */
export function replyError(
  e: MessageEvent,
  win: Window,
  post: (event: ApiEvent) => void,
  message: string,
  received: string | undefined,
): void {
  const error: ApiEvent = {
    type: "hopscope:error",
    version: API_VERSION,
    message,
    ...(received !== undefined ? { received } : {}),
  };
  const source = e.source as Window | null;
  if (source && source !== win && typeof source.postMessage === "function")
    source.postMessage(error, "*");
  else post(error);
}

/**
 * Connects a store to `window.postMessage`: commands in, events out.
 * Returns a function that disconnects it.
 */
export function connectEmbedApi(
  store: HopscopeStore,
  win: Window = window,
  lessons?: LessonStore,
): () => void {
  const framed = win.parent !== win;
  const post: Post = (event) => {
    if (framed) win.parent.postMessage(event, "*");
  };
  const ids = () => store.getState().topology.components.map((c) => c.id);

  const onMessage = (e: MessageEvent) => {
    const parsed = parseMessage(e.data, ids());
    if (!parsed) return; // not for us
    const received = parsed.ok ? `hopscope:${parsed.command.name}` : parsed.received;
    const reply = (message: string) => replyError(e, win, post, message, received);
    if (!parsed.ok) {
      store
        .getState()
        .actions.notify(
          message`Ignored a message from the page around Hopscope: ${messageOf(parsed.parts)}`,
        );
      reply(parsed.message);
      return;
    }
    // A well-formed command can still be refused (MySQL is already down): the
    // app shows a notice, and the sender hears why too. A refusal already
    // showing is counted again rather than added: look at the counts too.
    const before = new Map(store.getState().notices.map((n) => [n.id, n.count]));
    run(store.getState(), parsed.command, lessons);
    for (const n of store.getState().notices)
      if (n.tone === "warning" && (before.get(n.id) ?? 0) < n.count) reply(n.text);
  };

  // requestFinished: the watched user's requests (traffic's generated ones are only counted).
  let sim = store.getState().sim;
  /** The first request not reported yet, counted from the start (the engine keeps the newest: see requestsDropped). */
  let firstOpen = 0;
  const reported = new Set<number>();
  let lastSnapshot = JSON.stringify(snapshot(store.getState()));

  const check = (state: HopscopeState) => {
    if (state.sim !== sim) {
      sim = state.sim;
      firstOpen = 0;
      reported.clear();
    }
    const requests = sim.requests;
    const dropped = sim.requestsDropped;
    if (firstOpen < dropped) {
      // Requests older than the engine keeps: forget them (ids grow with the index).
      const firstKept = requests[0]?.id ?? Number.POSITIVE_INFINITY;
      for (const id of reported) if (id < firstKept) reported.delete(id);
      firstOpen = dropped;
    }
    for (let i = firstOpen - dropped; i < requests.length; i++) {
      const r = requests[i];
      if (!r || r.outcome === undefined || r.endedAt === undefined || reported.has(r.id)) continue;
      reported.add(r.id);
      post({
        type: "hopscope:requestFinished",
        version: API_VERSION,
        requestId: r.id,
        visitId: r.visitId,
        url: r.url,
        role: r.role,
        outcome: r.outcome,
        ...(r.status !== undefined ? { status: r.status } : {}),
        durationMs: r.endedAt - r.startedAt,
        ...(r.reason !== undefined ? { reason: r.reason } : {}),
      });
    }
    while (
      firstOpen - dropped < requests.length &&
      reported.has((requests[firstOpen - dropped] as { id: number }).id)
    ) {
      reported.delete((requests[firstOpen - dropped] as { id: number }).id);
      firstOpen++;
    }
    const now = snapshot(state);
    const key = JSON.stringify(now);
    if (key !== lastSnapshot) {
      lastSnapshot = key;
      post({ type: "hopscope:stateChanged", version: API_VERSION, ...now });
    }
  };

  win.addEventListener("message", onMessage);
  // lessonStep events: whenever the lesson, its step or its phase changes.
  let lastLesson = lessons ? JSON.stringify(lessonSnapshot(lessons)) : "";
  const unsubscribeLessons = lessons?.subscribe(() => {
    const now = lessonSnapshot(lessons);
    const key = JSON.stringify(now);
    if (key === lastLesson) return;
    lastLesson = key;
    post({ type: "hopscope:lessonStep", version: API_VERSION, ...now });
  });
  // One look per burst of store updates (an action may set several fields in turn).
  let queued = false;
  const unsubscribe = store.subscribe(() => {
    if (queued) return;
    queued = true;
    queueMicrotask(() => {
      queued = false;
      check(store.getState());
    });
  });
  const state = store.getState();
  post({
    type: "hopscope:ready",
    version: API_VERSION,
    scene: state.scene.id,
    components: componentStates(state),
    commands: [...COMMAND_NAMES],
  });
  if (lessons?.getState().lesson)
    post({ type: "hopscope:lessonStep", version: API_VERSION, ...lessonSnapshot(lessons) });
  return () => {
    win.removeEventListener("message", onMessage);
    unsubscribe();
    unsubscribeLessons?.();
  };
}
