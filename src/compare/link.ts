import { parseLink, quote } from "../app/link";
import { ARCHITECTURES, type ArchitectureId } from "../scenes/architectures";
import { MAX_SLIDER_RPS, type Message, message, messageOf, type NoticePart } from "../store";
import type { CompareView } from "./CompareApp";
import { COMPARE_SPEEDS, comparableArchitectures } from "./driver";
import {
  adHocScene,
  COMPARE_SCENES,
  type CompareScene,
  type CompareSpeed,
  compareSceneById,
} from "./scenes";

/** A link that opens compare mode: which comparison, its seed, speed and view. */
export interface CompareLink {
  scene: CompareScene;
  seed: number;
  speed: CompareSpeed;
  autoplay: boolean;
  view: CompareView;
  /** Values that were ignored, one message each. */
  notices: Message[];
}

/** Parameters compare mode reads itself, and those it shares with the usual page. */
const SHARED = ["seed", "autoplay", "embed", "controls", "theme"] as const;
const OWN = new Set<string>(["compare", "speed", "rps", ...SHARED]);
/** The traffic a link's `compare=a,b` runs by default (the deploy scenes'). */
const AD_HOC_RPS = 20;

/** An architecture compare mode can run (it has a scene to start from). */
const isArchitecture = (id: string): id is ArchitectureId =>
  Object.hasOwn(ARCHITECTURES, id) && comparableArchitectures().includes(id);
const architectureList = () => comparableArchitectures().join(", ");
const sceneList = () => COMPARE_SCENES.map((s) => s.id).join(", ");

/**
 * Reads `compare=` from a query string: a comparison's id (`compare-surge`) or two different
 * architectures (`one-server,distributed`, with `rps=` for their traffic). Without `compare`,
 * `mode` is undefined. A bad value (an unknown id, an architecture compared with itself) is
 * refused: `mode` is undefined and `notices` says why, so the usual page opens with the
 * notice and nothing else changes. Nothing throws; URL values are only ever shown as text.
 */
export function parseCompareLink(search: string): { mode?: CompareLink; notices: Message[] } {
  const params = new URLSearchParams(search);
  const value = params.get("compare");
  if (value === null) return { notices: [] };
  const refuse = (why: Message) => ({ notices: [why] });
  const id = value.trim();
  let scene = compareSceneById(id);
  const notices: Message[] = [];
  if (!scene) {
    const names = id.split(",").map((s) => s.trim());
    if (names.length !== 2)
      return refuse(
        message`Ignored compare=${quote(value)}: name a comparison (${sceneList()}) or two architectures separated by a comma (${architectureList()}).`,
      );
    const [a, b] = names as [string, string];
    const unknown = [a, b].find((n) => !isArchitecture(n));
    if (unknown !== undefined)
      return refuse(
        message`Ignored compare=${quote(value)}: there is no architecture ${quote(unknown)} (use ${architectureList()}).`,
      );
    if (a === b)
      return refuse(
        message`Ignored compare=${quote(value)}: comparing an architecture with itself gives two identical runs; name two different ones (${architectureList()}).`,
      );
    let rps = AD_HOC_RPS;
    const rpsText = params.get("rps");
    if (rpsText !== null) {
      const n = /^\d{1,6}$/.test(rpsText) ? Number(rpsText) : Number.NaN;
      if (n >= 1 && n <= MAX_SLIDER_RPS) rps = n;
      else
        notices.push(
          message`Ignored rps=${quote(rpsText)}: write a whole number of visits per second from 1 to ${MAX_SLIDER_RPS}. Using ${AD_HOC_RPS}.`,
        );
    }
    scene = adHocScene(a as ArchitectureId, b as ArchitectureId, rps);
  } else if (params.has("rps"))
    notices.push(message`Ignored rps: ${scene.id} sets its own traffic.`);

  // The shared parameters as the usual page reads them (the same checks, the same words).
  const shared = new URLSearchParams();
  for (const key of SHARED) {
    const v = params.get(key);
    if (v !== null) shared.set(key, v);
  }
  const link = parseLink(shared.toString());
  notices.push(...link.notices);

  let speed = scene.speed;
  const speedText = params.get("speed");
  if (speedText !== null) {
    if (COMPARE_SPEEDS.includes(speedText as CompareSpeed)) speed = speedText as CompareSpeed;
    else
      notices.push(
        message`Ignored speed=${quote(speedText)}: compare mode plays at ${COMPARE_SPEEDS.join(", ")} (always traffic, so no slow motion). Using ${speed}.`,
      );
  }

  const other = [...new Set(params.keys())].filter((k) => !OWN.has(k));
  if (other.length > 0) {
    const names: NoticePart[] = [];
    for (const [i, key] of other.slice(0, 3).entries()) {
      if (i > 0) names.push(", ");
      names.push(quote(key));
    }
    if (other.length > 3) names.push(", …");
    notices.push(
      message`Ignored ${messageOf(names)}: compare mode does not use ${other.length === 1 ? "it" : "them"}.`,
    );
  }

  return {
    mode: {
      scene,
      seed: link.setup.seed,
      speed,
      autoplay: link.autoplay,
      view: {
        embed: link.view.embed,
        controls: link.view.controls,
        ...(link.view.theme ? { theme: link.view.theme } : {}),
      },
      notices,
    },
    notices,
  };
}
