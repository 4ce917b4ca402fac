import { Zap } from "lucide-react";
import { useId } from "react";
import { BackendStatus } from "../canvas/BackendState";
import {
  FAILURE_OUTCOMES,
  MAX_SLIDER_RPS,
  METRICS_WINDOW_MS,
  type MetricsSample,
  selectActions,
  selectMetrics,
  selectStats,
  selectTraffic,
  surgeRefusal,
  useHopscope,
} from "../store";
import { OUTCOME_LOOK } from "./outcomes";
import { ScalingCell } from "./ScalingPanel";

/**
 * Traffic controls (a rate slider and a surge) and the metrics they produce:
 * throughput, error rate and latency percentiles over a sliding window, as
 * small charts that scroll with simulated time.
 */
export function Traffic() {
  const traffic = useHopscope(selectTraffic);
  const metrics = useHopscope(selectMetrics);
  const stats = useHopscope(selectStats);
  const { setRps, surge } = useHopscope(selectActions);
  // With no traffic, or a surge under way, Surge can only be refused: it says so before the click.
  const surgeWhyNot = useHopscope((s) => surgeRefusal(s.sim));
  const sliderId = useId();
  const last = metrics[metrics.length - 1];
  return (
    <section className="traffic" aria-labelledby="traffic-title">
      <div className="traffic-controls">
        <h2 id="traffic-title" className="panel-title">
          Traffic
        </h2>
        <label htmlFor={sliderId}>Requests per second</label>
        <input
          id={sliderId}
          type="range"
          min={0}
          max={MAX_SLIDER_RPS}
          step={10}
          value={Math.min(traffic.baseRps, MAX_SLIDER_RPS)}
          aria-valuetext={`${traffic.baseRps} visits per second`}
          onChange={(e) => setRps(Number(e.currentTarget.value))}
        />
        <output htmlFor={sliderId} className="rps-value mono">
          {traffic.baseRps.toLocaleString("en-US")}/s
          {traffic.surging ? ` → ${Math.round(traffic.rps).toLocaleString("en-US")}/s` : ""}
        </output>
        <button
          type="button"
          className={`btn${traffic.surging ? " surging" : ""}`}
          onClick={surge}
          aria-disabled={surgeWhyNot ? true : undefined}
          title={surgeWhyNot ?? "Ten times the traffic for 20 s, then easing back"}
        >
          <Zap size={16} aria-hidden="true" />
          {traffic.surging ? "Surging" : "Surge ×10"}
        </button>
        <span className="in-flight">
          In flight:{" "}
          <strong className="mono" data-testid="requests-in-flight">
            {stats.requestsInFlight}
          </strong>{" "}
          {stats.requestsInFlight === 1 ? "request" : "requests"}
        </span>
      </div>
      {metrics.length > 0 ? (
        <section
          className="metrics"
          aria-label={`Metrics over the last ${METRICS_WINDOW_MS / 1000} s`}
        >
          <Chart
            label="Throughput"
            unit="visits/s"
            values={metrics.map((m) => m.throughput)}
            current={last ? last.throughput.toFixed(0) : "–"}
          />
          <Chart
            label="Errors"
            unit="%"
            values={metrics.map((m) => m.errorRate * 100)}
            current={last ? (last.errorRate * 100).toFixed(1) : "–"}
            max={100}
            tone="bad"
            note={(last && mainErrors(last)) ?? ""}
          />
          <Chart
            label="Latency p50/95/99"
            unit={last ? latencyUnit(last) : "ms"}
            values={metrics.map((m) => m.p99 ?? 0)}
            lower={[metrics.map((m) => m.p50 ?? 0), metrics.map((m) => m.p95 ?? 0)]}
            current={last ? latencyText(last) : "–"}
          />
          {/* With a scaling group: its servers, demand and capacity instead (the group's panel is in the side panels). */}
          <ScalingCell fallback={<Distribution />} />
        </section>
      ) : null}
    </section>
  );
}

/**
 * The load balancer's distribution, a fourth cell beside the charts (only where the architecture
 * has one): each backend server's share of the requests and its errors since the start, and its
 * state in words. With a pair, the balancer that runs and carries traffic is the one shown, so
 * after a failover the cell follows lb2; a standby that has served nothing is never shown.
 * HAProxy's details list every figure.
 */
function Distribution() {
  useHopscope((s) => s.now);
  useHopscope((s) => s.commands);
  const sim = useHopscope((s) => s.sim);
  const balancers = sim.topology.specs.flatMap((spec) => {
    const runtime = sim.componentState(spec.id);
    if (runtime.kind !== "haproxy" || spec.kind !== "haproxy") return [];
    const total = runtime.state.servers.reduce((n, s) => n + s.sent, 0);
    return [{ spec, servers: runtime.state.servers, total, up: sim.health(spec.id).up }];
  });
  // Running first; then the one that has served the most.
  const lb = [...balancers].sort((a, b) => Number(b.up) - Number(a.up) || b.total - a.total)[0];
  if (!lb) return null;
  const { spec, servers, total, up } = lb;
  const many = servers.filter((s) => !(s.statusText === "MAINT" && s.sent === 0)).length > 3;
  return (
    <section className="chart lb-distribution" aria-label={`${spec.label}: requests per server`}>
      <h3 className="chart-caption">
        <span className="chart-label">Per server</span>
        <span className="chart-value">
          {balancers.length > 1 ? (spec.host ?? spec.label) : ""}
          {up ? "" : " (down)"}
        </span>
      </h3>
      <ul
        // More servers than the cell shows: it scrolls, and the keyboard can scroll it too.
        className={many ? "many" : undefined}
        tabIndex={many ? 0 : undefined}
        aria-label={many ? `${spec.label}: every server` : undefined}
      >
        {servers.map((s) => {
          // A scaling group's slots never provisioned (MAINT, no request yet) are left out.
          if (s.statusText === "MAINT" && s.sent === 0) return null;
          const errors = s.errors + s.http5xx;
          const share = total > 0 ? Math.round((s.sent / total) * 100) : 0;
          return (
            <li key={s.name} title={`${s.sent.toLocaleString("en-US")} requests sent`}>
              <span className="mono lb-backend-name">{s.name}</span>
              <span>
                {share}% · {errors.toLocaleString("en-US")} <abbr title="errors">err</abbr>
              </span>
              <BackendStatus text={s.statusText} />
            </li>
          );
        })}
      </ul>
    </section>
  );
}

/**
 * Which errors the window's failures are, the commonest first, in the words a user reads:
 * "504 Gateway Time-out 92% · Connection reset 8%". Undefined when nothing failed.
 */
export function mainErrors(m: MetricsSample): string | undefined {
  const failures = FAILURE_OUTCOMES.map((o) => [o, m.byOutcome[o] ?? 0] as const).filter(
    ([, n]) => n > 0,
  );
  const total = failures.reduce((sum, [, n]) => sum + n, 0);
  if (total === 0) return undefined;
  return failures
    .sort((a, b) => b[1] - a[1])
    .slice(0, 2)
    .map(([o, n]) => `${OUTCOME_LOOK[o].label} ${Math.round((n / total) * 100)}%`)
    .join(" · ");
}

/** Seconds once the slowest (p99) reaches one, so the three share one short unit. */
function latencyUnit(m: MetricsSample): "s" | "ms" {
  return (m.p99 ?? 0) >= 1000 ? "s" : "ms";
}

function latencyText(m: MetricsSample): string {
  const seconds = latencyUnit(m) === "s";
  const f = (v: number | undefined) =>
    v === undefined ? "–" : seconds ? (v / 1000).toFixed(1) : v.toFixed(0);
  return `${f(m.p50)} / ${f(m.p95)} / ${f(m.p99)}`;
}

/** A small line chart over the kept samples; the newest is on the right. */
function Chart({
  label,
  unit,
  values,
  lower = [],
  current,
  max,
  tone = "ok",
  note,
}: {
  label: string;
  unit: string;
  values: number[];
  lower?: number[][];
  current: string;
  max?: number;
  tone?: "ok" | "bad";
  /** A line under the chart: which errors, for the Errors chart. */
  note?: string | undefined;
}) {
  const top = max ?? Math.max(1, ...values, ...lower.flat());
  const points = (vs: number[]) =>
    vs
      .map(
        (v, i) =>
          `${((i / Math.max(1, vs.length - 1)) * 100).toFixed(2)},${(30 - (v / top) * 28).toFixed(2)}`,
      )
      .join(" ");
  return (
    <figure className="chart">
      <figcaption>
        <span className="chart-label">{label}</span>
        <span className="chart-value mono">
          {current} <span className="muted">{unit}</span>
        </span>
      </figcaption>
      <svg viewBox="0 0 100 32" preserveAspectRatio="none" aria-hidden="true">
        {lower.map((vs, i) => (
          <polyline key={String(i)} points={points(vs)} className={`line faint-${i}`} />
        ))}
        <polyline points={points(values)} className={`line tone-line-${tone}`} />
      </svg>
      {note === undefined ? null : (
        // Its line is kept when empty: the panel's height never changes (nor the diagram's).
        <p className="chart-note" title={note || undefined}>
          {note || "\u00a0"}
        </p>
      )}
    </figure>
  );
}
