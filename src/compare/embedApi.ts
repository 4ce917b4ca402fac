import { replyError } from "../app/embedApi";
import {
  API_VERSION,
  type ApiEvent,
  COMMAND_NAMES,
  type Command,
  PREFIX,
  parseMessage,
} from "../app/messages";
import type { CompareState, CompareStore } from "./driver";

/** The commands compare mode takes from the page around it: the one clock's. */
export const COMPARE_COMMANDS = ["play", "pause", "reset", "setSpeed"] as const;
type CompareCommand = (typeof COMPARE_COMMANDS)[number];

const isCompareCommand = (c: Command): c is Extract<Command, { name: CompareCommand }> =>
  (COMPARE_COMMANDS as readonly string[]).includes(c.name);

/** What `stateChanged` says in compare mode: the comparison, the one clock, both sides' traffic. */
function snapshot(s: CompareState) {
  return {
    scene: s.scene.id,
    playing: s.playing,
    speed: s.speed,
    rps: s.scene.rps,
    components: [],
  };
}

/**
 * The postMessage API in compare mode (see src/app/embedApi.ts for the usual page): the
 * same checked messages, of which play, pause, reset and setSpeed act on both sides; any
 * other command is answered with `hopscope:error` and changes nothing. Posts `ready` and
 * `stateChanged` (the comparison's id as `scene`). Returns a function that disconnects it.
 */
export function connectCompareApi(store: CompareStore, win: Window = window): () => void {
  const framed = win.parent !== win;
  const post = (event: ApiEvent) => {
    if (framed) win.parent.postMessage(event, "*");
  };
  const onMessage = (e: MessageEvent) => {
    // A command of the usual page (kill, visit…) is refused by name, before its fields are
    // checked against components that compare mode does not have as one list.
    const type: unknown = (e.data as { type?: unknown } | null)?.type;
    const name =
      typeof type === "string" && type.startsWith(PREFIX) ? type.slice(PREFIX.length) : "";
    const single =
      (COMMAND_NAMES as readonly string[]).includes(name) &&
      !(COMPARE_COMMANDS as readonly string[]).includes(name);
    const parsed = single ? undefined : parseMessage(e.data, []);
    if (!single && !parsed) return; // not for us
    const reply = (message: string, received?: string) =>
      replyError(e, win, post, message, received);
    if (single || !parsed)
      return reply(
        `Compare mode takes ${COMPARE_COMMANDS.join(", ")}; ${PREFIX}${name} works on a single scene.`,
        `${PREFIX}${name}`,
      );
    if (!parsed.ok) return reply(parsed.message, parsed.received);
    const { command } = parsed;
    if (!isCompareCommand(command)) return;
    const { actions } = store.getState();
    if (command.name === "setSpeed") {
      const before = store.getState().notices.length;
      actions.setSpeed(command.speed);
      const added = store.getState().notices[before];
      if (added) reply(added.text, "hopscope:setSpeed");
    } else actions[command.name]();
  };
  win.addEventListener("message", onMessage);
  let last = JSON.stringify(snapshot(store.getState()));
  const unsubscribe = store.subscribe((s) => {
    const now = JSON.stringify(snapshot(s));
    if (now === last) return;
    last = now;
    post({ type: "hopscope:stateChanged", version: API_VERSION, ...snapshot(s) });
  });
  post({
    type: "hopscope:ready",
    version: API_VERSION,
    scene: store.getState().scene.id,
    components: [],
    commands: [...COMPARE_COMMANDS],
  });
  return () => {
    win.removeEventListener("message", onMessage);
    unsubscribe();
  };
}
