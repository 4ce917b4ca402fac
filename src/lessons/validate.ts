import { CAPACITY_LIMITS, OUTCOMES, type Outcome, type Topology } from "../engine";
import { architectureOf } from "../scenes/architectures";
import { sceneById } from "../scenes/catalog";
import { OPS } from "../store/acts";
import { SPEEDS } from "../store/speed";
import { goalById } from "./goals";
import type { Fact, Lesson, Step } from "./types";

/** Lowercase words joined by "-". */
const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
/** One idea per step: a step's text stays short enough to read from the back of a room. */
export const MAX_STEP_TEXT = 420;
/** A lesson asks before it shows: at least this many predictions. */
export const MIN_PREDICTIONS = 3;

/**
 * Every problem with a lesson, as sentences (empty when it is sound): what the types cannot
 * say. Run at build time (vite.config.ts) and by the tests, with every lesson's facts then
 * checked against the engine (tests/lessons).
 */
export function validateLesson(lesson: Lesson): string[] {
  const problems: string[] = [];
  const at = (where: string, what: string) => problems.push(`${lesson.id}: ${where}: ${what}`);
  if (!SLUG.test(lesson.id)) at("id", "must be lowercase words joined by -");
  if (!lesson.title.trim()) at("title", "is empty");
  if (!lesson.summary.trim()) at("summary", "is empty");
  if (lesson.questions.length === 0) at("questions", "names none of the design's questions");
  if (lesson.steps.length === 0) at("steps", "there are none");
  const predictions = lesson.steps.filter((s) => s.kind === "predict").length;
  if (predictions < MIN_PREDICTIONS)
    at("steps", `${predictions} predictions; a lesson asks at least ${MIN_PREDICTIONS}`);
  const ids = new Set<string>();
  lesson.steps.forEach((step, i) => {
    const where = `step ${i + 1} (${step.id})`;
    if (!SLUG.test(step.id)) at(where, "id must be lowercase words joined by -");
    if (ids.has(step.id)) at(where, "id repeats an earlier step's");
    ids.add(step.id);
    for (const p of stepProblems(step)) at(where, p);
  });
  return problems;
}

/** Every lesson's problems, and ids that repeat. */
export function validateLessons(lessons: readonly Lesson[]): string[] {
  const problems = lessons.flatMap(validateLesson);
  const seen = new Set<string>();
  for (const l of lessons) {
    if (seen.has(l.id)) problems.push(`${l.id}: id repeats another lesson's`);
    seen.add(l.id);
  }
  return problems;
}

/** A step's own problems (what `validateLesson` reports for it, without the lesson's name). */
export function stepProblems(step: Step): string[] {
  const problems: string[] = [];
  if (!step.title.trim()) problems.push("title is empty");
  if (!step.text.trim()) problems.push("text is empty");
  if (step.text.length > MAX_STEP_TEXT)
    problems.push(`text is ${step.text.length} characters; at most ${MAX_STEP_TEXT} (one idea)`);
  const scene = sceneById(step.setup.scene);
  if (!scene) {
    problems.push(`scene "${step.setup.scene}" does not exist`);
    return problems;
  }
  const topology = architectureOf(scene).topology;
  const kinds = new Map(topology.components.map((c) => [c.id, c.kind]));
  const known = (id: string, what: string) => {
    if (!kinds.has(id)) problems.push(`${what} "${id}" is not in scene ${scene.id}`);
  };
  for (const id of step.setup.kill ?? []) known(id, "killed component");
  for (const id of step.setup.slow ?? []) known(id, "slowed component");
  for (const s of step.setup.settings ?? []) {
    known(s.component, "setting's component");
    const kind = kinds.get(s.component);
    if (kind && !(s.setting in (CAPACITY_LIMITS[kind] ?? {})))
      problems.push(`${kind} has no setting "${s.setting}"`);
  }
  if (step.setup.speed && !SPEEDS.some((s) => s.id === step.setup.speed))
    problems.push(`speed "${step.setup.speed}" does not exist`);
  if (step.setup.rps !== undefined && !(step.setup.rps >= 0))
    problems.push("rps must be 0 or more");
  for (const { at, act } of step.acts ?? []) {
    if (!(at >= 0)) problems.push(`an act's time ${at} must be 0 or more`);
    if (!OPS.includes(act.op)) problems.push(`act "${act.op}" does not exist`);
    if ("id" in act && typeof act.id === "string") known(act.id, `${act.op}'s component`);
  }
  const plays =
    (step.acts?.length ?? 0) > 0 || (step.acts === undefined && scene.opening !== "none");
  if (step.watchMs !== undefined && !(step.watchMs > 0)) problems.push("watchMs must be above 0");
  if (step.kind === "show" && plays && step.watchMs === undefined)
    problems.push("it plays something: say how long to watch (watchMs)");
  if (step.kind === "predict") {
    if (!step.prompt.trim()) problems.push("prompt is empty");
    if (!step.explanation.trim()) problems.push("explanation is empty");
    if (step.facts.length === 0)
      problems.push("no facts: say what the engine must show for the reveal to be true");
    for (const f of step.facts) problems.push(...factProblems(f, known, topology));
    const q = step.question;
    if (q.type === "choice") {
      const ids = q.choices.map((c) => c.id);
      if (q.choices.length < 2 || q.choices.length > 5)
        problems.push(`${q.choices.length} choices; 2 to 5`);
      if (new Set(ids).size !== ids.length) problems.push("two choices share an id");
      if (!ids.includes(q.answer)) problems.push(`the answer "${q.answer}" is not a choice`);
      for (const c of q.choices) {
        if (!c.text.trim()) problems.push(`choice ${c.id} has no text`);
        if (!c.reveal.trim()) problems.push(`choice ${c.id} has no reveal`);
      }
    } else {
      if (q.candidates.length < 2) problems.push("a component question offers at least 2");
      if (new Set(q.candidates).size !== q.candidates.length)
        problems.push("a candidate is listed twice");
      for (const id of q.candidates) known(id, "candidate");
      if (q.answer.length === 0) problems.push("no right component");
      for (const id of q.answer)
        if (!q.candidates.includes(id)) problems.push(`the answer "${id}" is not a candidate`);
      for (const id of Object.keys(q.wrong ?? {})) {
        if (!q.candidates.includes(id)) problems.push(`a reveal for "${id}", not a candidate`);
        if (q.answer.includes(id)) problems.push(`a wrong-pick reveal for "${id}", a right answer`);
      }
      if (!q.right.trim() || !q.otherwise.trim()) problems.push("a reveal is empty");
    }
  }
  if (step.kind === "challenge") {
    if (!goalById(step.goal)) problems.push(`goal "${step.goal}" does not exist`);
    if (!step.hint.trim()) problems.push("hint is empty");
    if (!step.explanation.trim()) problems.push("explanation is empty");
  }
  return problems;
}

function factProblems(
  f: Fact,
  known: (id: string, what: string) => void,
  topology: Topology,
): string[] {
  const outcome = (o: string | undefined) =>
    o === undefined || OUTCOMES.includes(o as Outcome) ? [] : [`outcome "${o}" does not exist`];
  switch (f.kind) {
    case "visit":
    case "failed":
      return outcome(f.outcome);
    case "health":
    case "vrrp":
    case "database":
    case "cpu":
    case "queued":
      known(f.component, "fact's component");
      return [];
    case "version":
      if (f.component !== undefined) known(f.component, "fact's component");
      return [];
    case "trace":
      for (const id of [f.from, f.to, f.component])
        if (id !== undefined) known(id, "fact's component");
      return [];
    case "lb-server": {
      const lb = topology.components.find((c) => c.id === f.haproxy);
      if (lb?.kind !== "haproxy") return [`fact's component "${f.haproxy}" is not an HAProxy`];
      return lb.servers.some((s) => s.name === f.server)
        ? []
        : [`${f.haproxy} has no server "${f.server}"`];
    }
    case "visit-took":
    case "loaded":
    case "requests":
    case "servers":
    case "deploy":
      return [];
  }
}
