import { useHopscope } from "../store";

/**
 * The deploy under way (or the last one) in words: what it does now ("web1 draining (2 in
 * flight)", "web2: 1/2 good checks", "canary at 10 %: 3 errors of 31") and its steps so far.
 * The newest step is announced (a status region); the counters that change every moment are not.
 */
export function DeployProgress() {
  // Primitive selections: a new object per call would re-render for ever.
  const label = useHopscope((s) => s.sim.deployState()?.label ?? "");
  const running = useHopscope((s) => {
    const d = s.sim.deployState();
    return d !== undefined && d.endedAt === undefined;
  });
  const phase = useHopscope((s) => s.sim.deployState()?.phase ?? "");
  const steps = useHopscope((s) => s.sim.deployState()?.progress?.join("\n") ?? "");
  if (!label) return null;
  const list = steps ? steps.split("\n") : [];
  const last = list[list.length - 1] ?? label;
  return (
    <section className="deploy-status" aria-label="Deploy progress">
      <p className={`deploy-now ${phase === "stopped" || phase === "aborted" ? "is-bad" : ""}`}>
        <strong>{running ? "Now: " : phase === "done" ? "Done: " : "Ended: "}</strong>
        {label}
      </p>
      <p className="sr-only" role="status">
        {last}
      </p>
      {list.length > 0 ? (
        <ol className="deploy-steps" aria-label="Deploy steps">
          {list.map((line, i) => (
            // Steps are only ever appended: the index is a stable key.
            // biome-ignore lint/suspicious/noArrayIndexKey: an append-only list
            <li key={i}>{line}</li>
          ))}
        </ol>
      ) : null}
    </section>
  );
}
