import { useEffect, useId, useMemo, useRef, useState } from "react";
import { narrate, SPOKEN_NAMES } from "../content/narration";
import { HopKind, type Simulation, type TraceEntry } from "../engine";
import { selectActions, selectSim, selectTraceLength, useHopscope } from "../store";
import { formatDuration, formatTime } from "./format";
import {
  filterLog,
  isFiltered,
  LOG_PROTOCOLS,
  type LogFilter,
  type LogProtocol,
  NO_FILTER,
} from "./logFilter";

/** Most entries kept on screen; older ones stay in the engine's trace. */
const MAX_SHOWN = 400;

const KIND_CLASS: Record<HopKind, string> = {
  [HopKind.Dns]: "dns",
  [HopKind.Tcp]: "tcp",
  [HopKind.HttpRequest]: "request",
  [HopKind.HttpResponse]: "response",
  [HopKind.Sql]: "sql",
  [HopKind.Error]: "error",
};

const KIND_NAME: Record<HopKind, string> = {
  [HopKind.Dns]: "DNS",
  [HopKind.Tcp]: "TCP",
  [HopKind.HttpRequest]: "HTTP",
  [HopKind.HttpResponse]: "HTTP",
  [HopKind.Sql]: "SQL",
  [HopKind.Error]: "Error",
};

/**
 * Every hop and note of the simulation in order, newest last. A `log` region,
 * so screen readers announce new entries politely.
 */
export function EventLog() {
  const sim = useHopscope(selectSim);
  const length = useHopscope(selectTraceLength);
  const actions = useHopscope(selectActions);
  const following = useHopscope((s) => s.following);
  const inspecting = useHopscope((s) => s.inspecting);
  const listRef = useRef<HTMLDivElement>(null);
  const stick = useRef(true);
  const [filter, setFilter] = useState<LogFilter>(NO_FILTER);
  const filtered = isFiltered(filter) || following !== undefined;
  // `length` counts every entry since the start; the engine keeps the newest (sim.trace).
  const end = length - sim.traceDropped;
  // A filter looks through every entry the engine keeps, so that an old DNS answer is found
  // (the trace grows in place: `end` says how far to read).
  const matching = useMemo(
    () =>
      filtered
        ? filterLog(
            following === undefined
              ? sim.trace.slice(0, Math.max(0, end))
              : sim.trace.slice(0, Math.max(0, end)).filter((e) => e.visitId === following),
            filter,
            sim,
            (e) => wordsOf(sim, e),
          )
        : undefined,
    [sim, end, filter, filtered, following],
  );
  const entries = matching
    ? matching.slice(-MAX_SHOWN)
    : sim.trace.slice(Math.max(0, end - MAX_SHOWN), Math.max(0, end));

  // Follow the newest entry unless the reader has scrolled up.
  // biome-ignore lint/correctness/useExhaustiveDependencies: scroll again whenever entries are added
  useEffect(() => {
    const list = listRef.current;
    if (list && stick.current) list.scrollTop = list.scrollHeight;
  }, [length]);

  return (
    <section className="panel event-log" aria-labelledby="event-log-title">
      <div className="panel-title-row">
        <h2 id="event-log-title" className="panel-title">
          Event log
        </h2>
        <span className="count">
          {matching ? `${matching.length} of ${length} entries` : `${length} entries`}
        </span>
      </div>
      {following !== undefined ? (
        <p className="log-following">
          <span>Following visit #{following}: only its entries.</span>
          <button type="button" className="btn" onClick={() => actions.follow(undefined)}>
            Stop following
          </button>
        </p>
      ) : null}
      {length > 0 ? <LogFilters sim={sim} filter={filter} onChange={setFilter} /> : null}
      {matching && matching.length === 0 ? (
        <p className="empty">No entry matches the filter.</p>
      ) : null}
      {length === 0 ? (
        <p className="empty">
          Nothing has happened yet. Press “Visit www.foobar.com” to send a request.
        </p>
      ) : null}
      <div
        ref={listRef}
        className="log-scroll"
        role="log"
        aria-label="Event log"
        // biome-ignore lint/a11y/noNoninteractiveTabindex: the log scrolls, so keyboard users must be able to reach it
        tabIndex={0}
        onScroll={(e) => {
          const el = e.currentTarget;
          stick.current = el.scrollHeight - el.scrollTop - el.clientHeight < 40;
        }}
      >
        <ol className="log-list">
          {foldTraffic(entries).map(({ entry, seconds }) => (
            <LogEntry
              key={entry.seq}
              entry={entry}
              sim={sim}
              seconds={seconds}
              open={entry.seq === inspecting}
              onSeek={actions.seek}
              onInspect={actions.inspect}
            />
          ))}
        </ol>
      </div>
    </section>
  );
}

/**
 * The traffic's one line per simulated second, folded: a run of them with nothing else
 * between shows as its newest line and how many seconds it stands for (at 100× a hundred
 * such lines a second would bury the log).
 */
export function foldTraffic(
  entries: readonly TraceEntry[],
): { entry: TraceEntry; seconds: number }[] {
  const out: { entry: TraceEntry; seconds: number }[] = [];
  for (const entry of entries) {
    const last = out[out.length - 1];
    if (isTraffic(entry) && last && isTraffic(last.entry)) {
      last.entry = entry;
      last.seconds++;
    } else out.push({ entry, seconds: 1 });
  }
  return out;
}

const isTraffic = (e: TraceEntry) => e.type === "note" && e.step === "traffic.sample";

/** The words a reader sees for an entry, which the text filter searches. */
function wordsOf(sim: Simulation, e: TraceEntry): string {
  if (e.type === "hop") {
    const from = SPOKEN_NAMES[e.from] ?? label(sim, e.from);
    const to = SPOKEN_NAMES[e.to] ?? label(sim, e.to);
    return `${label(sim, e.from)} ${label(sim, e.to)} ${e.summary} ${narrate(e.step, { from, to })}`;
  }
  const at = SPOKEN_NAMES[e.component] ?? label(sim, e.component);
  return `${label(sim, e.component)} ${e.summary} ${narrate(e.step, { at })}`;
}

/**
 * The log's filters: protocols (toggles, none pressed: all), a component, failures only, and
 * words to search for. Each narrows what the list shows; Clear shows everything again.
 */
function LogFilters({
  sim,
  filter,
  onChange,
}: {
  sim: Simulation;
  filter: LogFilter;
  onChange: (f: LogFilter) => void;
}) {
  const toggle = (p: LogProtocol) =>
    onChange({
      ...filter,
      protocols: filter.protocols.includes(p)
        ? filter.protocols.filter((x) => x !== p)
        : [...filter.protocols, p],
    });
  const on =
    filter.protocols.length +
    (filter.component ? 1 : 0) +
    (filter.failuresOnly ? 1 : 0) +
    (filter.text.trim() ? 1 : 0);
  // Folded by default: the log's own room is small beside the diagram.
  return (
    <details className="log-filter-box">
      <summary>Filter the log{on > 0 ? ` (${on} on)` : ""}</summary>
      <LogFilterFields sim={sim} filter={filter} onChange={onChange} toggle={toggle} />
    </details>
  );
}

function LogFilterFields({
  sim,
  filter,
  onChange,
  toggle,
}: {
  sim: Simulation;
  filter: LogFilter;
  onChange: (f: LogFilter) => void;
  toggle: (p: LogProtocol) => void;
}) {
  const componentId = useId();
  return (
    <fieldset className="log-filters">
      <legend className="sr-only">Filter the log</legend>
      <div className="log-protocols">
        {LOG_PROTOCOLS.map((p) => (
          <button
            key={p}
            type="button"
            className="log-protocol"
            aria-pressed={filter.protocols.includes(p)}
            onClick={() => toggle(p)}
          >
            {p}
          </button>
        ))}
      </div>
      <label className="log-component" htmlFor={componentId}>
        Component
        <select
          id={componentId}
          value={filter.component}
          onChange={(e) => onChange({ ...filter, component: e.currentTarget.value })}
        >
          <option value="">All</option>
          {sim.topology.specs.map((spec) => (
            <option key={spec.id} value={spec.id}>
              {spec.label}
            </option>
          ))}
        </select>
      </label>
      <label className="log-failures">
        <input
          type="checkbox"
          checked={filter.failuresOnly}
          onChange={(e) => onChange({ ...filter, failuresOnly: e.currentTarget.checked })}
        />
        Failures only
      </label>
      <input
        type="search"
        className="log-search"
        aria-label="Search the log"
        placeholder="Search: CNAME, 502, SELECT…"
        value={filter.text}
        onChange={(e) => onChange({ ...filter, text: e.currentTarget.value })}
      />
      {isFiltered(filter) ? (
        <button type="button" className="log-clear" onClick={() => onChange(NO_FILTER)}>
          Clear filters
        </button>
      ) : null}
    </fieldset>
  );
}

function label(sim: Simulation, id: string): string {
  return sim.topology.specs[sim.topology.indexOf(id)]?.label ?? id;
}

function LogEntry({
  entry,
  sim,
  seconds,
  open,
  onSeek,
  onInspect,
}: {
  entry: TraceEntry;
  sim: Simulation;
  /** For a folded run of traffic lines: how many seconds it stands for. */
  seconds: number;
  /** Whether the packet inspector shows this entry. */
  open: boolean;
  onSeek: (time: number) => void;
  onInspect: (seq: number) => void;
}) {
  if (entry.type === "hop") {
    const text = narrate(entry.step, {
      from: SPOKEN_NAMES[entry.from] ?? label(sim, entry.from),
      to: SPOKEN_NAMES[entry.to] ?? label(sim, entry.to),
    });
    return (
      <li className={`log-entry hop ${KIND_CLASS[entry.kind]}${open ? " inspected" : ""}`}>
        <TimeButton at={entry.depart} onSeek={onSeek} />
        <span className="log-main">
          <span className="log-route">
            <span className={`kind-tag ${KIND_CLASS[entry.kind]}`}>{KIND_NAME[entry.kind]}</span>
            {label(sim, entry.from)} → {label(sim, entry.to)}
            <span className="log-took"> · {formatDuration(entry.arrive - entry.depart)}</span>
          </span>
          <button
            type="button"
            className="log-summary log-inspect"
            aria-pressed={open}
            aria-label={`Inspect packet #${entry.seq}: ${entry.summary}`}
            title="Open this packet's layers in the inspector"
            onClick={() => onInspect(entry.seq)}
          >
            <code>{entry.summary}</code>
          </button>
          <span className="log-narration">{text}</span>
        </span>
      </li>
    );
  }
  const at = SPOKEN_NAMES[entry.component] ?? label(sim, entry.component);
  return (
    <li className="log-entry note">
      <TimeButton at={entry.at} onSeek={onSeek} />
      <span className="log-main">
        <span className="log-route">
          <span className="kind-tag note">In</span>
          {label(sim, entry.component)}
          {seconds > 1 ? (
            <span className="log-took"> · the last {seconds} s, newest shown</span>
          ) : null}
        </span>
        <span className="log-summary plain">{entry.summary}</span>
        <span className="log-narration">{narrate(entry.step, { at })}</span>
      </span>
    </li>
  );
}

/** An entry's time, as the button that moves the run to that moment. */
function TimeButton({ at, onSeek }: { at: number; onSeek: (time: number) => void }) {
  const text = formatTime(at);
  return (
    <button
      type="button"
      className="log-time mono"
      aria-label={`Go to ${text}`}
      title="Move time to this moment"
      onClick={() => onSeek(at)}
    >
      {text}
    </button>
  );
}
