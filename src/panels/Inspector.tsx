import { X } from "lucide-react";
import { EXPLANATIONS } from "../content/explanations";
import { resolverCache, type Simulation } from "../engine";
import {
  componentStatus,
  selectActions,
  selectNow,
  selectSelected,
  selectSim,
  selectTraceLength,
  useHopscope,
} from "../store";

/** Explains the selected component: what it is, its part in this request, and its live state. */
export function Inspector() {
  const selected = useHopscope(selectSelected);
  const sim = useHopscope(selectSim);
  const { select } = useHopscope(selectActions);
  useHopscope(selectNow);
  useHopscope(selectTraceLength);

  if (!selected) {
    return (
      <section className="panel inspector" aria-labelledby="inspector-title">
        <h2 id="inspector-title" className="panel-title">
          Component details
        </h2>
        <div className="inspector-body intro">
          <p>
            This is a whole website on <strong>one server</strong>. Press{" "}
            <strong>Visit www.foobar.com</strong> and follow the request: first DNS turns the name
            into the address 8.8.8.8, then the browser connects to the server, where Nginx, the
            application server and MySQL build the page.
          </p>
          <p>
            Click any component (or tab to it and press Enter) to learn what it does. Pause and{" "}
            <strong>Step</strong> to go one hop at a time.
          </p>
          <Legend />
        </div>
      </section>
    );
  }

  const spec = sim.topology.specs.find((c) => c.id === selected);
  const text = EXPLANATIONS[selected];
  if (!spec) return null;
  const status = componentStatus(sim, selected);

  return (
    <section className="panel inspector" aria-labelledby="inspector-title">
      <div className="panel-title-row">
        <h2 id="inspector-title" className="panel-title">
          {spec.label}
        </h2>
        <button
          type="button"
          className="icon-btn"
          aria-label="Close details"
          onClick={() => select(undefined)}
        >
          <X size={18} aria-hidden="true" />
        </button>
      </div>
      <div className="inspector-body">
        {text ? <p className="inspector-role">{text.role}</p> : null}
        <p className="inspector-status">
          <span className={`status-dot ${status.busy ? "busy" : "idle"}`} aria-hidden="true" />
          <strong>{status.busy ? "Working" : "Up"}</strong> · {status.activity}
        </p>
        {text ? (
          <>
            <h3>What it is</h3>
            <p>{text.whatItIs}</p>
            <h3>In this request</h3>
            <p>{text.inThisRequest}</p>
          </>
        ) : null}
        <LiveState sim={sim} id={selected} />
        {text?.topics?.map((t) => (
          <div key={t.title}>
            <h3>{t.title}</h3>
            <p>{t.text}</p>
          </div>
        ))}
        {text?.simplified ? (
          <>
            <h3>Simplified here</h3>
            <p className="simplified">{text.simplified}</p>
          </>
        ) : null}
      </div>
    </section>
  );
}

/** What the component holds right now: caches, records, workers. */
function LiveState({ sim, id }: { sim: Simulation; id: string }) {
  const runtime = sim.componentState(id);
  const spec = sim.topology.specs[sim.topology.indexOf(id)];
  if (runtime.kind === "browser") {
    const entries = [...runtime.state.hostCache.entries()].filter(([, v]) => v.expires > sim.now);
    return (
      <>
        <h3>Its DNS cache now</h3>
        {entries.length === 0 ? (
          <p className="muted">Empty: the next visit must ask DNS.</p>
        ) : (
          <ul className="kv mono">
            {entries.map(([name, v]) => (
              <li key={name}>
                {name} → {v.ip}{" "}
                <span className="muted">({Math.ceil((v.expires - sim.now) / 1000)} s left)</span>
              </li>
            ))}
          </ul>
        )}
      </>
    );
  }
  if (runtime.kind === "resolver") {
    const cache = resolverCache(sim.now, runtime.state);
    return (
      <>
        <h3>Its cache now</h3>
        {cache.length === 0 ? (
          <p className="muted">Empty: the next lookup starts at a root server.</p>
        ) : (
          <ul className="kv mono">
            {cache.map(({ record, secondsLeft }) => (
              <li key={`${record.name}${record.type}${record.value}`}>
                {record.name} {record.type} {record.value}{" "}
                <span className="muted">({Math.ceil(secondsLeft)} s left)</span>
              </li>
            ))}
          </ul>
        )}
      </>
    );
  }
  if (spec?.kind === "nameserver") {
    return (
      <>
        <h3>Zone {spec.zone}</h3>
        <ul className="kv mono">
          {spec.records.map((r) => (
            <li key={`${r.name}${r.type}${r.value}`}>
              {r.name} {r.ttl} IN {r.type} {r.value}
            </li>
          ))}
        </ul>
      </>
    );
  }
  return null;
}

function Legend() {
  const items = [
    ["dns", "DNS query or answer"],
    ["tcp", "TCP handshake"],
    ["request", "HTTP request"],
    ["response", "HTTP response"],
    ["sql", "SQL query or rows"],
  ] as const;
  return (
    <>
      <h3>Packets</h3>
      <ul className="legend">
        {items.map(([cls, text]) => (
          <li key={cls}>
            <span className={`legend-dot ${cls}`} aria-hidden="true" />
            {text}
          </li>
        ))}
      </ul>
      <p className="muted">
        Every moving packet also carries its label, so colour is never the only cue.
      </p>
    </>
  );
}
