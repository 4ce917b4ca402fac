import { Minus, Plus } from "lucide-react";
import { type FormEvent, type ReactNode, useId } from "react";
import type { Simulation } from "../engine";
import type { ScalingSample, ScalingView, SlotPhase } from "../engine/scaling/group";
import { selectActions, selectCommands, selectNow, selectSim, useHopscope } from "../store";

/** Each phase in words (never by colour alone). */
const PHASE_WORDS: Record<SlotPhase, string> = {
  off: "off",
  booting: "booting",
  joining: "health checks",
  "in-service": "in service",
  draining: "draining",
};

/** The chart's span: the last ten minutes of simulated time. */
const CHART_SECONDS = 600;

/**
 * The web servers' group on a scaling architecture: each server's phase, Add and Remove, the
 * autoscaler's target-tracking policy (editable), its last decision, a chart of servers and of
 * demand against capacity, and the cost in server-minutes. Nothing on an architecture without
 * a group. Every change is an engine command; a refusal becomes a notice.
 */
export function ScalingPanel() {
  const sim = useHopscope(selectSim);
  useHopscope(selectNow);
  useHopscope(selectCommands);
  if (!sim.scaling.available) return null;
  return <Group sim={sim} view={sim.scaling.view()} />;
}

/**
 * The traffic strip's fourth cell on a scaling architecture: the servers in service and starting,
 * a small chart of servers and of demand against capacity, and the cost; `fallback` elsewhere.
 */
export function ScalingCell({ fallback }: { fallback: ReactNode }) {
  const sim = useHopscope(selectSim);
  useHopscope(selectNow);
  useHopscope(selectCommands);
  if (!sim.scaling.available) return <>{fallback}</>;
  const view = sim.scaling.view();
  const count = (p: SlotPhase) => view.slots.filter((s) => s.phase === p).length;
  const starting = count("booting") + count("joining");
  return (
    <figure className="chart scaling-cell" aria-label="Web servers of the group">
      <figcaption>
        <span className="chart-label">Servers</span>
        <span className="chart-value mono">
          {count("in-service")}
          {starting > 0 ? ` +${starting}` : ""}
        </span>
      </figcaption>
      <ScalingLines samples={sim.scaling.samples()} />
      <p className="chart-note">
        {count("in-service")} in service{starting > 0 ? `, ${starting} starting` : ""} ·{" "}
        {(view.costMs / 60_000).toFixed(1)} server-min
      </p>
    </figure>
  );
}

function Group({ sim, view }: { sim: Simulation; view: ScalingView }) {
  const { addServer, removeServer, setAutoscaling } = useHopscope(selectActions);
  const base = useId();
  const count = (p: SlotPhase) => view.slots.filter((s) => s.phase === p).length;
  const inService = count("in-service");
  const starting = count("booting") + count("joining");
  const shown = view.slots.filter((s) => s.phase !== "off");
  const d = view.lastDecision;
  return (
    <section className="scaling" aria-labelledby={`${base}-title`}>
      <div className="scaling-head">
        <h3 id={`${base}-title`}>Web servers</h3>
        <p className="scaling-summary" aria-live="polite">
          <strong>{inService}</strong> in service
          {starting > 0 ? ` · ${starting} starting` : ""}
          {count("draining") > 0 ? ` · ${count("draining")} draining` : ""} · cost{" "}
          <span className="mono">{(view.costMs / 60_000).toFixed(1)}</span> server-minutes
        </p>
        <button type="button" className="btn" onClick={() => addServer()}>
          <Plus size={16} aria-hidden="true" /> Add a web server
        </button>
        <button type="button" className="btn" onClick={() => removeServer()}>
          <Minus size={16} aria-hidden="true" /> Remove a web server
        </button>
        <label className="scaling-auto">
          <input
            type="checkbox"
            checked={view.autoscaling}
            onChange={(e) => setAutoscaling(e.currentTarget.checked)}
          />
          Autoscaling
        </label>
      </div>
      <ul className="scaling-slots" aria-label="Servers of the group">
        {shown.map((s) => (
          <li key={s.host} className={`slot slot-${s.phase}`}>
            <span className="mono">{s.host}</span> {PHASE_WORDS[s.phase]}
            {s.phase === "booting" && s.readyAt !== undefined
              ? `, ${Math.max(0, Math.ceil((s.readyAt - sim.now) / 1000))} s left`
              : ""}
          </li>
        ))}
      </ul>
      {view.autoscaling && d ? (
        <p className="scaling-decision">
          Autoscaler at {clock(d.at)}:{" "}
          {d.kind === "out"
            ? `scale out to ${d.desired}`
            : d.kind === "in"
              ? `scale in to ${d.desired}`
              : "no change"}{" "}
          ({d.why}). Next at {clock(view.nextEvaluationAt ?? 0)}.
        </p>
      ) : null}
      <ScalingChart samples={sim.scaling.samples()} />
      <PolicyForm view={view} />
    </section>
  );
}

function clock(ms: number): string {
  const s = Math.floor(ms / 1000);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`;
}

/**
 * Servers (a step line) and demand against capacity (visits a second and pages a second) over
 * the last ten minutes. Told apart by line style and by the legend's words, not colour alone;
 * its summary is its accessible name.
 */
export function ScalingChart({ samples }: { samples: readonly ScalingSample[] }) {
  const last = samples[samples.length - 1];
  if (!last) return null;
  const servers = Math.max(2, ...samples.slice(-CHART_SECONDS).map((s) => s.provisioned));
  return (
    <figure className="scaling-chart">
      <ScalingLines samples={samples} />
      <figcaption>
        <span className="key demand">demand {Math.round(last.demandRps)} visits/s</span>
        <span className="key cap">capacity {Math.round(last.capacityRps)} pages/s</span>
        <span className="key servers">
          servers {last.provisioned} (scale 0–{servers})
        </span>
      </figcaption>
    </figure>
  );
}

/** The chart's lines; its summary in words is its accessible name. */
function ScalingLines({ samples }: { samples: readonly ScalingSample[] }) {
  const recent = samples.slice(-CHART_SECONDS);
  const last = recent[recent.length - 1];
  if (!last) return null;
  const top = Math.max(1, ...recent.map((s) => Math.max(s.demandRps, s.capacityRps)));
  const servers = Math.max(2, ...recent.map((s) => s.provisioned));
  const x = (i: number) => ((i / Math.max(1, recent.length - 1)) * 100).toFixed(2);
  const y = (v: number, max: number) => (38 - (v / max) * 36).toFixed(2);
  const line = (f: (s: ScalingSample) => number, max: number) =>
    recent.map((s, i) => `${x(i)},${y(f(s), max)}`).join(" ");
  const summary = `Over the last ${Math.round(recent.length / 60)} minutes: now ${last.inService} servers in service of ${last.provisioned} running, demand ${Math.round(last.demandRps)} visits/s, capacity ${Math.round(last.capacityRps)} pages/s.`;
  return (
    <svg
      className="scaling-lines"
      viewBox="0 0 100 40"
      preserveAspectRatio="none"
      role="img"
      aria-label={summary}
    >
      <polyline points={line((s) => s.capacityRps, top)} className="line cap-line" />
      <polyline points={line((s) => s.demandRps, top)} className="line demand-line" />
      <polyline points={line((s) => s.provisioned, servers)} className="line servers-line" />
    </svg>
  );
}

/** The policy's settings, applied together with Apply (each checked by the engine). */
function PolicyForm({ view }: { view: ScalingView }) {
  const { setScalingPolicy, setBootTime } = useHopscope(selectActions);
  const base = useId();
  const p = view.policy;
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const num = (name: string) => Number(form.get(name));
    setScalingPolicy({
      targetCpu: num("targetCpu"),
      min: num("min"),
      max: num("max"),
      scaleOutCooldownMs: num("scaleOut") * 1000,
      scaleInCooldownMs: num("scaleIn") * 1000,
    });
    const boot = num("boot") * 1000;
    if (boot !== view.bootMs) setBootTime(boot);
  };
  const field = (name: string, label: string, value: number, unit?: string) => (
    <label htmlFor={`${base}-${name}`}>
      {label}
      {unit ? <span className="muted"> ({unit})</span> : null}
      <input
        id={`${base}-${name}`}
        name={name}
        type="number"
        inputMode="decimal"
        defaultValue={value}
      />
    </label>
  );
  return (
    <details className="scaling-policy">
      <summary>
        Policy: target CPU {p.targetCpu} %, {p.min}–{p.max} servers, boot{" "}
        {Math.round(view.bootMs / 1000)} s
      </summary>
      <form
        onSubmit={submit}
        aria-label="Autoscaling policy"
        key={`${p.targetCpu}-${p.min}-${p.max}-${p.scaleOutCooldownMs}-${p.scaleInCooldownMs}-${view.bootMs}`}
      >
        {field("targetCpu", "Target CPU", p.targetCpu, "%")}
        {field("min", "Minimum servers", p.min)}
        {field("max", "Maximum servers", p.max)}
        {field("scaleOut", "Scale-out cooldown", p.scaleOutCooldownMs / 1000, "s")}
        {field("scaleIn", "Scale-in cooldown", p.scaleInCooldownMs / 1000, "s")}
        {field("boot", "Boot time", view.bootMs / 1000, "s")}
        <button type="submit" className="btn">
          Apply policy
        </button>
      </form>
    </details>
  );
}
