import {
  ChevronLeft,
  ChevronRight,
  CircleCheck,
  CircleX,
  Eye,
  Printer,
  RotateCcw,
  Users,
  X,
} from "lucide-react";
import { useId } from "react";
import { goalById } from "../lessons/goals";
import type { ChallengeStep, Lesson, PredictStep, Step } from "../lessons/types";
import { selectSim, selectTopology, useHopscope } from "../store";
import { useLesson } from "../store/lessonContext";
import { type LessonActions, type LessonState, revealFor } from "../store/lessons";
import { componentLabel } from "./componentLabel";
import { DeployChoice } from "./DeployChoice";
import { visitOutcome } from "./OutcomeBanner";
import { ScalingPanel } from "./ScalingPanel";

import "./lesson.css";

const LETTERS = "ABCDEFGHIJ";

/**
 * The lesson being played: its step's text, the prediction asked, then (once the step has played)
 * the reveal for the answer given, with "watch again, slower" and the next step. Keyboard: every
 * control is a real button, radio or field; a clicker's keys drive it (see useLessonKeys).
 */
export function LessonPlayer({ large = false }: { large?: boolean }) {
  const lesson = useLesson((s) => s.lesson);
  const index = useLesson((s) => s.index) ?? 0;
  const actions = useLesson((s) => s.actions);
  const phase = useLesson((s) => s.phase);
  if (!lesson || !actions) return null;
  const step = lesson.steps[index] as Step;
  // While the step plays, the band is one row: the diagram gets the room, to be watched.
  if (phase === "watching")
    return (
      <section
        className={`lesson lesson-watch${large ? " lesson-large" : ""}`}
        aria-label={`Lesson: ${lesson.title}`}
      >
        <Watching step={step} actions={actions} title={`${index + 1}. ${step.title}`} />
      </section>
    );
  return (
    <section
      className={`lesson${large ? " lesson-large" : ""}`}
      aria-label={`Lesson: ${lesson.title}`}
    >
      <LessonHead lesson={lesson} index={index} actions={actions} />
      <div className={`lesson-body${phase === "revealed" ? " lesson-body-revealed" : ""}`}>
        <div className="lesson-text">
          <h3 className="lesson-step-title">{step.title}</h3>
          {/* Once revealed, the question stays and the room goes to what it meant. */}
          {phase === "revealed" && step.kind === "predict" ? null : <p>{step.text}</p>}
          {step.kind === "predict" ? <p className="lesson-prompt">{step.prompt}</p> : null}
          {step.kind === "challenge" ? <ChallengeGoal step={step} /> : null}
          {/* Revealed, the buttons sit under the question: the answer's side keeps its room. */}
          {phase === "revealed" && step.kind === "predict" ? <RevealedButtons /> : null}
        </div>
        <div className="lesson-answer">
          {step.kind === "predict" ? (
            <Prediction step={step} actions={actions} />
          ) : step.kind === "challenge" ? (
            <Challenge step={step} actions={actions} />
          ) : (
            <Show actions={actions} />
          )}
        </div>
      </div>
    </section>
  );
}

function LessonHead({
  lesson,
  index,
  actions,
}: {
  lesson: Lesson;
  index: number;
  actions: LessonActions;
}) {
  const teacher = useLesson((s) => s.teacher) ?? false;
  const last = index + 1 >= lesson.steps.length;
  return (
    <header className="lesson-head">
      <h2 className="lesson-title">{lesson.title}</h2>
      <p className="lesson-count">
        Step {index + 1} of {lesson.steps.length}
      </p>
      <div className="lesson-tools">
        <button
          type="button"
          className="btn"
          onClick={actions.previous}
          aria-disabled={index === 0}
          title="Previous step (PageUp or ←)"
        >
          <ChevronLeft size={18} aria-hidden="true" />
          <span className="lesson-tool-word">Previous</span>
        </button>
        <button
          type="button"
          className="btn"
          onClick={actions.next}
          aria-disabled={last}
          title="Next step"
        >
          <span className="lesson-tool-word">Next</span>
          <ChevronRight size={18} aria-hidden="true" />
        </button>
        <button
          type="button"
          className="btn"
          aria-pressed={teacher}
          onClick={() => actions.setTeacher(!teacher)}
          title="Class mode: a show of hands, the answer hidden until you reveal it"
        >
          <Users size={18} aria-hidden="true" />
          <span className="lesson-tool-word">Class mode</span>
        </button>
        <button
          type="button"
          className="btn"
          onClick={() => window.print()}
          title="Print this lesson's questions as a worksheet"
        >
          <Printer size={18} aria-hidden="true" />
          <span className="lesson-tool-word">Worksheet</span>
        </button>
        <button type="button" className="btn" onClick={actions.close} title="Close the lesson">
          <X size={18} aria-hidden="true" />
          <span className="lesson-tool-word">Close</span>
        </button>
      </div>
    </header>
  );
}

/** The choices (or the components) to predict from, then what the student's answer meant. */
function Prediction({ step, actions }: { step: PredictStep; actions: LessonActions }) {
  const phase = useLesson((s) => s.phase);
  const teacher = useLesson((s) => s.teacher) ?? false;
  const answerShown = useLesson((s) => s.answerShown) ?? false;
  if (phase === "ask") return <Ask step={step} actions={actions} teacher={teacher} />;
  if (teacher && !answerShown) return <HandsBeforeReveal step={step} actions={actions} />;
  return <Reveal step={step} teacher={teacher} />;
}

/** Each option a prediction offers: a choice, or a component by its name on the diagram. */
function useOptions(step: PredictStep): { id: string; text: string }[] {
  const topology = useHopscope(selectTopology);
  const q = step.question;
  return q.type === "choice"
    ? q.choices.map((c, i) => ({ id: c.id, text: `${LETTERS[i]}. ${c.text}` }))
    : q.candidates.map((id) => ({ id, text: componentLabel(topology, id) }));
}

function Ask({
  step,
  actions,
  teacher,
}: {
  step: PredictStep;
  actions: LessonActions;
  teacher: boolean;
}) {
  const pick = useLesson((s) => s.pick);
  const reason = useLesson((s) => s.reason) ?? "";
  const hands = useLesson((s) => s.hands) ?? {};
  const options = useOptions(step);
  const name = useId();
  const component = step.question.type === "component";
  return (
    <form
      className="lesson-ask"
      onSubmit={(e) => {
        e.preventDefault();
        actions.advance();
      }}
    >
      <fieldset className="lesson-choices">
        <legend className="sr-only">{step.prompt}</legend>
        {component ? (
          <p className="lesson-hint">Click it on the diagram, or choose it here:</p>
        ) : null}
        {options.map((o) =>
          teacher ? (
            // Its own key: a number field must not reuse the radio's element (and its value).
            <label key={`hands-${o.id}`} className="lesson-choice lesson-hands">
              <input
                type="number"
                min={0}
                max={999}
                inputMode="numeric"
                value={hands[o.id] ?? ""}
                onChange={(e) => actions.setHands(o.id, Number(e.target.value))}
                aria-label={`Hands for ${o.text}`}
              />
              <span>{o.text}</span>
            </label>
          ) : (
            <label key={o.id} className={`lesson-choice${pick === o.id ? " picked" : ""}`}>
              <input
                type="radio"
                name={name}
                value={o.id}
                checked={pick === o.id}
                onChange={() => actions.choose(o.id)}
              />
              <span>{o.text}</span>
            </label>
          ),
        )}
      </fieldset>
      <div className="lesson-commit">
        {teacher ? null : (
          <details className="lesson-reason">
            <summary>Why do you think so? (optional)</summary>
            <textarea
              value={reason}
              maxLength={500}
              rows={2}
              onChange={(e) => actions.setReason(e.target.value)}
              aria-label="Why do you think so?"
            />
          </details>
        )}
        <button
          type="submit"
          className="btn primary lesson-go"
          aria-disabled={!teacher && pick === undefined}
        >
          <Eye size={18} aria-hidden="true" />
          {teacher ? "Play it for the class" : "Lock in my prediction and watch"}
        </button>
      </div>
    </form>
  );
}

function Watching({ step, actions, title }: { step: Step; actions: LessonActions; title: string }) {
  const sim = useHopscope(selectSim);
  useHopscope((s) => s.now);
  const end = step.watchMs ?? 0;
  return (
    <div className="lesson-watching">
      <p className="lesson-watch-title">{title}</p>
      {/* Said once when the step starts playing; the running time is not announced each tenth. */}
      <p className="sr-only" role="status">
        Playing the step: watch the diagram.
      </p>
      <p className="lesson-watch-time">
        Watching… {(Math.min(sim.now, end) / 1000).toFixed(1)} s of {(end / 1000).toFixed(1)} s
      </p>
      <UserSees />
      <button type="button" className="btn" onClick={() => actions.endWatch(true)}>
        Skip to the end
      </button>
    </div>
  );
}

/** What your browser shows of the latest visit, as the browser view says it (none: nothing). */
function UserSees() {
  const sim = useHopscope(selectSim);
  useHopscope((s) => s.traceLength);
  const outcome = visitOutcome(sim, sim.visits[sim.visits.length - 1]);
  if (!outcome) return null;
  return (
    <p className={`lesson-sees outcome-${outcome.tone}`}>
      The browser shows: <strong>{outcome.head}</strong>
      {outcome.detail ? ` · ${outcome.detail}` : ""}
    </p>
  );
}

/** The class's mode after watching: the hands as counted, and the button that reveals. */
function HandsBeforeReveal({ step, actions }: { step: PredictStep; actions: LessonActions }) {
  const hands = useLesson((s) => s.hands) ?? {};
  const options = useOptions(step);
  return (
    <div className="lesson-reveal">
      <Tally options={options} hands={hands} />
      <button type="button" className="btn primary lesson-go" onClick={actions.revealAnswer}>
        <Eye size={18} aria-hidden="true" />
        Reveal the answer
      </button>
    </div>
  );
}

function Tally({
  options,
  hands,
  right,
}: {
  options: { id: string; text: string }[];
  hands: Record<string, number>;
  right?: (id: string) => boolean;
}) {
  const total = options.reduce((n, o) => n + (hands[o.id] ?? 0), 0);
  if (total === 0) return <p className="lesson-muted">No hands counted.</p>;
  return (
    <ul className="lesson-tally" aria-label="Show of hands">
      {options.map((o) => {
        const n = hands[o.id] ?? 0;
        const mark = right?.(o.id);
        return (
          <li key={o.id}>
            <span className="lesson-tally-text">
              {mark ? <strong>✓ {o.text} (right)</strong> : o.text}
            </span>
            <span className="lesson-bar" style={{ width: `${(100 * n) / total}%` }} />
            <span className="lesson-tally-n">
              {n} ({Math.round((100 * n) / total)} %)
            </span>
          </li>
        );
      })}
    </ul>
  );
}

function Reveal({ step, teacher }: { step: PredictStep; teacher: boolean }) {
  const pick = useLesson((s) => s.pick);
  const hands = useLesson((s) => s.hands) ?? {};
  const options = useOptions(step);
  const q = step.question;
  const isRight = (id: string) => (q.type === "choice" ? q.answer === id : q.answer.includes(id));
  const rightText = options.filter((o) => isRight(o.id)).map((o) => o.text);
  const mine = pick !== undefined && !teacher ? revealFor(step, pick) : undefined;
  const Icon = mine?.right ? CircleCheck : CircleX;
  return (
    <div className="lesson-reveal">
      <div role="status" className="lesson-verdict">
        {mine ? (
          <p className={mine.right ? "lesson-right" : "lesson-wrong"}>
            <Icon size={20} aria-hidden="true" />
            <strong>{mine.right ? "Right." : "Not quite."}</strong>{" "}
            {mine.right ? null : (
              <span>
                You predicted {options.find((o) => o.id === pick)?.text}; the answer:{" "}
                {rightText.join(" or ")}.{" "}
              </span>
            )}
            {mine.text}
          </p>
        ) : (
          <>
            <p className="lesson-right">
              <CircleCheck size={20} aria-hidden="true" />
              <strong>The answer: {rightText.join(" or ")}.</strong>
            </p>
            {teacher ? <Tally options={options} hands={hands} right={isRight} /> : null}
          </>
        )}
        <UserSees />
        <p className="lesson-explanation">{step.explanation}</p>
      </div>
    </div>
  );
}

function RevealButtons({ actions, replaying }: { actions: LessonActions; replaying: boolean }) {
  return (
    <div className="lesson-buttons">
      <button type="button" className="btn" onClick={actions.watchAgain} aria-disabled={replaying}>
        <RotateCcw size={18} aria-hidden="true" />
        {replaying ? "Watching again…" : "Watch again, slower"}
      </button>
      <NextButton actions={actions} />
    </div>
  );
}

/** A revealed prediction's buttons, once the teacher has shown the answer (in class mode). */
function RevealedButtons() {
  const actions = useLesson((s) => s.actions);
  const replaying = useLesson((s) => s.replaying) ?? false;
  const hidden = useLesson((s) => s.teacher && !s.answerShown) ?? false;
  if (!actions || hidden) return null;
  return <RevealButtons actions={actions} replaying={replaying} />;
}

/** On to the next step; at the last one, back to the list of lessons. */
function NextButton({ actions }: { actions: LessonActions }) {
  const last = useLesson((s) => (s.lesson ? s.index + 1 >= s.lesson.steps.length : true));
  return (
    <button
      type="button"
      className="btn primary lesson-go"
      onClick={last ? actions.close : actions.next}
    >
      {last ? "Finish the lesson" : "Next step"}
      <ChevronRight size={18} aria-hidden="true" />
    </button>
  );
}

function Show({ actions }: { actions: LessonActions }) {
  const phase = useLesson((s) => s.phase);
  const replaying = useLesson((s) => s.replaying) ?? false;
  if (phase === "ask")
    return (
      <div className="lesson-buttons">
        <button type="button" className="btn primary lesson-go" onClick={actions.commit}>
          <Eye size={18} aria-hidden="true" />
          Watch
        </button>
      </div>
    );
  return <RevealButtons actions={actions} replaying={replaying} />;
}

function ChallengeGoal({ step }: { step: ChallengeStep }) {
  return (
    <>
      <p className="lesson-prompt">Goal: {goalById(step.goal)?.title}</p>
      <details className="lesson-hint-box">
        <summary>A hint</summary>
        <p>{step.hint}</p>
      </details>
    </>
  );
}

/** A challenge: the student changes the setup, then asks the engine whether the goal holds. */
function Challenge({ step, actions }: { step: ChallengeStep; actions: LessonActions }) {
  const checking = useLesson((s) => s.checking) ?? false;
  const goal = useLesson((s: LessonState) => s.goal);
  const phase = useLesson((s) => s.phase);
  return (
    <div className="lesson-challenge">
      {/* The controls the challenge is about, beside it (the side panels may be a closed drawer). */}
      {step.panel === "scaling" ? (
        <ScalingPanel />
      ) : step.panel === "deploy" ? (
        <DeployChoice />
      ) : null}
      <button
        type="button"
        className="btn primary lesson-go"
        onClick={actions.check}
        aria-disabled={checking}
      >
        {checking ? "Checking… (running the engine)" : "Check my setup"}
      </button>
      <div role="status" className="lesson-verdict">
        {goal ? (
          <>
            <p className={goal.met ? "lesson-right" : "lesson-wrong"}>
              {goal.met ? (
                <CircleCheck size={20} aria-hidden="true" />
              ) : (
                <CircleX size={20} aria-hidden="true" />
              )}
              <strong>{goal.met ? "Goal met." : "Not yet."}</strong>
            </p>
            <ul className="lesson-lines">
              {goal.lines.map((line) => (
                <li key={line}>{line}</li>
              ))}
            </ul>
            {phase === "revealed" ? <p className="lesson-explanation">{step.explanation}</p> : null}
          </>
        ) : null}
      </div>
      {phase === "revealed" ? <NextButton actions={actions} /> : null}
    </div>
  );
}
