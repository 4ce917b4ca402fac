import { X } from "lucide-react";
import { memo, useCallback, useEffect, useRef } from "react";
import { StatusLine } from "../canvas/ComponentNode";
import { explanationFor, failureFor } from "../content/distributedExplanations";
import { resolverCache, resolverFailures, type Simulation } from "../engine";
import {
  selectActions,
  selectCommands,
  selectSelected,
  selectSim,
  useHopscope,
  useLiveComponent,
  useNodeView,
} from "../store";
import { Capacity } from "./Capacity";
import { DeployChoice } from "./DeployChoice";
import { FaultButtons } from "./FaultButtons";
import { HaproxyPanel } from "./HaproxyPanel";
import { KeepalivedPanel, MysqlReplicationPanel } from "./ReplicationPanel";
import { ScalingPanel } from "./ScalingPanel";
import { SpofCard, SpofVerdictLine } from "./SpofPanel";

/** Explains the selected component: what it is, its part in this request, and its live state. */
export function Inspector() {
  const selected = useHopscope(selectSelected);
  const sim = useHopscope(selectSim);
  const { select } = useHopscope(selectActions);
  const commands = useHopscope(selectCommands);
  const live = useLiveComponent(selected ?? "");
  const architecture = useHopscope((s) => s.architecture.id);
  const close = useCloseDetails(live ? selected : undefined, select);

  if (!live) {
    return (
      <section className="panel inspector" aria-labelledby="inspector-title">
        <h2 id="inspector-title" className="panel-title">
          Component details
        </h2>
        <div className="inspector-body intro">
          {architecture === "ha-pair" ? (
            <p>
              <strong>Two load balancers</strong> in front of two web servers. Press{" "}
              <strong>Visit www.foobar.com</strong>: DNS turns the name into 8.8.8.8, the virtual IP
              that keepalived keeps on lb1 (the MASTER); if lb1 goes quiet for about 3.6 s, lb2
              takes the address. Its HAProxy passes the request to web1 or web2, whose code writes
              to MySQL's primary on web1 and reads from its replica on web2. Click a component to
              learn what it does.
            </p>
          ) : architecture !== "one-server" ? (
            <p>
              A <strong>load balancer</strong> in front of two web servers. Press{" "}
              <strong>Visit www.foobar.com</strong>: DNS turns the name into 8.8.8.8, where HAProxy
              passes the request to web1 or web2, whose Nginx and application server build the page
              from MySQL: writes go to the primary on web1, reads to its replica on web2. Click a
              component to learn what it does.
            </p>
          ) : (
            <p>
              A whole website on <strong>one server</strong>. Press{" "}
              <strong>Visit www.foobar.com</strong>: DNS turns the name into 8.8.8.8, then Nginx,
              the application server and MySQL build the page. Click a component to learn what it
              does; <strong>Step</strong> goes one hop at a time.
            </p>
          )}
          <ScalingPanel />
          <SpofCard />
          <ComponentList sim={sim} redundant={architecture !== "one-server"} />
          <Legend />
        </div>
      </section>
    );
  }

  const { spec, status } = live;
  const text = explanationFor(architecture, spec.id);
  const failure = failureFor(architecture, spec.id);
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
          title="Close details (Esc)"
          aria-keyshortcuts="Escape"
          onClick={close}
        >
          <X size={18} aria-hidden="true" />
        </button>
      </div>
      <div className="inspector-body">
        {text ? <p className="inspector-role">{text.role}</p> : null}
        <div className="inspector-status">
          <StatusLine status={status} />
          <FaultButtons spec={spec} status={status} />
        </div>
        {text ? (
          <>
            <h3>What it is</h3>
            <p>{text.whatItIs}</p>
            <h3>In this request</h3>
            <p>{text.inThisRequest}</p>
          </>
        ) : null}
        <LiveState sim={sim} id={spec.id} />
        <Capacity key={`${spec.id}-${commands}`} spec={spec} />
        {spec.kind === "host" ? <DeployChoice /> : null}
        {failure ? (
          <>
            <h3>When it fails</h3>
            <p>{failure}</p>
          </>
        ) : null}
        <SpofVerdictLine id={spec.id} />
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

/**
 * Closing the details, by their close button or by Escape anywhere on the page (unless a
 * dialog is open over it), gives the focus back to what opened them: the component's node,
 * or, when that is gone (the list of components the details replaced), the node on the
 * canvas. Without this, focus would fall to the page when the close button disappears.
 */
function useCloseDetails(open: string | undefined, select: (id: string | undefined) => void) {
  const opener = useRef<Element | null>(null);
  useEffect(() => {
    if (open === undefined) return;
    // Opened from the list inside the details, the opener has already gone (focus fell to
    // the body) or is about to.
    const active = document.activeElement;
    opener.current =
      active && active !== document.body && !active.closest(".inspector") ? active : null;
  }, [open]);
  const close = useCallback(() => {
    if (open === undefined) return;
    select(undefined);
    const back =
      opener.current instanceof HTMLElement && opener.current.isConnected
        ? opener.current
        : nodeButtonOf(open);
    opener.current = null;
    back?.focus();
  }, [open, select]);
  useEffect(() => {
    if (open === undefined) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== "Escape" || e.defaultPrevented) return;
      if (document.querySelector("[aria-modal='true']")) return; // the dialog's own Escape
      e.preventDefault();
      close();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [open, close]);
  return close;
}

/** A component's button on the canvas (React Flow marks each node with its id). */
function nodeButtonOf(id: string): HTMLElement | null {
  for (const node of document.querySelectorAll<HTMLElement>(".react-flow__node")) {
    if (node.dataset.id === id) return node.querySelector("button");
  }
  return null;
}

/** Every component with its state and its failure switches: "break it" from one list. */
function ComponentList({ sim, redundant }: { sim: Simulation; redundant: boolean }) {
  return (
    <>
      <h3 id="component-list-title">Break it</h3>
      <p className="muted">
        {redundant
          ? "Kill a part, or make it slow, then visit again: which failures still take the site down?"
          : "Kill a part, or make it slow, then visit again: every part here is a single point of failure."}
      </p>
      <ul className="component-list" aria-labelledby="component-list-title">
        {sim.topology.specs
          .filter((spec) => spec.kind !== "browser")
          .map((spec) => (
            <ComponentRow key={spec.id} id={spec.id} />
          ))}
      </ul>
    </>
  );
}

/** One row of the list: it re-renders when its component's status changes, not on every update. */
const ComponentRow = memo(function ComponentRow({ id }: { id: string }) {
  const view = useNodeView(id);
  const { select } = useHopscope(selectActions);
  if (!view) return null;
  const { spec, status } = view;
  return (
    <li className={`health-${status.health}`}>
      <button type="button" className="link-btn" onClick={() => select(spec.id)}>
        {spec.label}
      </button>
      <StatusLine status={status} />
      <FaultButtons spec={spec} status={status} compact />
    </li>
  );
});

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
          <ul className="kv mono" aria-label="Its DNS cache">
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
    const failures = resolverFailures(sim.now, runtime.state);
    return (
      <>
        <h3>Its cache now</h3>
        <p className="muted">
          As it would hand the records out now, like <span className="mono">dig</span> shows them:
          each TTL is the time left.
        </p>
        {cache.length === 0 && failures.length === 0 ? (
          <p className="muted">Empty: the next lookup starts at a root server.</p>
        ) : (
          <ul className="kv mono" aria-label="Cached records and failures">
            {cache.map(({ record }) => (
              <li key={`${record.name}${record.type}${record.value}`}>
                {record.name} {record.ttl} IN {record.type} {record.value}
              </li>
            ))}
            {failures.map(({ name, secondsLeft }) => (
              <li key={`failed ${name}`}>
                {name} SERVFAIL{" "}
                <span className="muted">
                  (a failure, remembered {Math.ceil(secondsLeft)} s more)
                </span>
              </li>
            ))}
          </ul>
        )}
      </>
    );
  }
  if (runtime.kind === "haproxy" && spec?.kind === "haproxy") {
    return <HaproxyPanel id={id} label={spec.label} backend={spec.backend} state={runtime.state} />;
  }
  if (runtime.kind === "mysql" && spec?.kind === "mysql" && runtime.state.role !== "standalone") {
    return <MysqlReplicationPanel id={id} label={spec.label} state={runtime.state} now={sim.now} />;
  }
  if (runtime.kind === "keepalived") return <KeepalivedPanel sim={sim} id={id} />;
  if (spec?.kind === "nameserver") {
    return (
      <>
        <h3>Zone {spec.zone}</h3>
        <ul className="kv mono" aria-label={`Zone ${spec.zone}`}>
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
    ["error", "Reset or error"],
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
