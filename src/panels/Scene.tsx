import { type ReactNode, useId } from "react";
import { SCENES } from "../scenes/catalog";
import { selectActions, selectScene, useHopscope } from "../store";

/** Chooses a scene: each starts fresh, paused, on its own setup. */
export function ScenePicker() {
  const scene = useHopscope(selectScene);
  const { loadScene } = useHopscope(selectActions);
  const id = useId();
  return (
    <div className="scene-picker">
      <label htmlFor={id}>Scene</label>
      <select id={id} value={scene.id} onChange={(e) => loadScene(e.currentTarget.value)}>
        {SCENES.map((s) => (
          <option key={s.id} value={s.id}>
            {s.title}
          </option>
        ))}
      </select>
    </div>
  );
}

/** The scene: a picker, its paragraph for the class, and (from the app) a way to share it. */
export function SceneCard({ children }: { children?: ReactNode }) {
  const scene = useHopscope(selectScene);
  return (
    <section className="panel scene-card" aria-label="Scene">
      <div className="scene-row">
        <ScenePicker />
        {children}
      </div>
      <details open>
        <summary>About “{scene.title}”</summary>
        {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a long explanation scrolls, so keyboard users must be able to reach it */}
        <p tabIndex={0}>{scene.explanation}</p>
      </details>
    </section>
  );
}
