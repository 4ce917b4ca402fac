import { sceneOfStep } from "../lessons/run";
import { architectureOf } from "../scenes/architectures";
import { useLesson } from "../store/lessonContext";
import { componentLabel } from "./componentLabel";

const LETTERS = "ABCDEFGHIJ";

/**
 * The open lesson's questions on paper: what the print stylesheet prints instead of the app
 * (Worksheet, or the browser's Print). Each prediction with its choices, a box to tick and lines
 * for "why"; nothing of the answers.
 */
export function Worksheet() {
  const lesson = useLesson((s) => s.lesson);
  if (!lesson) return null;
  return (
    <article className="worksheet" aria-hidden="true">
      <h1>{lesson.title}</h1>
      <p>{lesson.summary}</p>
      <p className="worksheet-name">Name: ______________________________</p>
      <ol>
        {lesson.steps.map((step) =>
          step.kind === "predict" ? (
            <li key={step.id}>
              <p>
                <strong>{step.title}.</strong> {step.text}
              </p>
              <p className="worksheet-prompt">{step.prompt}</p>
              <ul>
                {step.question.type === "choice"
                  ? step.question.choices.map((c, i) => (
                      <li key={c.id}>
                        ☐ {LETTERS[i]}. {c.text}
                      </li>
                    ))
                  : step.question.candidates.map((id) => (
                      <li key={id}>
                        ☐ {componentLabel(architectureOf(sceneOfStep(step)).topology, id)}
                      </li>
                    ))}
              </ul>
              <p className="worksheet-why">Why? ____________________________________________</p>
              <p className="worksheet-why">What happened? __________________________________</p>
            </li>
          ) : step.kind === "challenge" ? (
            <li key={step.id}>
              <p>
                <strong>Challenge: {step.title}.</strong> {step.text}
              </p>
              <p className="worksheet-why">My plan: ________________________________________</p>
            </li>
          ) : null,
        )}
      </ol>
    </article>
  );
}
