import { ArrowRight, Loader } from "lucide-react";
import { useEffect, useId, useRef, useState } from "react";
import type { Outcome, RequestRecord, Simulation, VisitRecord } from "../engine";
import { selectActions, selectNow, selectSim, selectTraceLength, useHopscope } from "../store";
import { type WaterfallRow, waterfallOf } from "./waterfall";

/** Chromium's error pages: the heading and the line under it, by error code. */
const CHROME_ERRORS: Partial<Record<Outcome, { title: string; detail: (host: string) => string }>> =
  {
    ERR_NAME_NOT_RESOLVED: {
      title: "This site can’t be reached",
      detail: (host) => `${host}’s server IP address could not be found.`,
    },
    ERR_CONNECTION_REFUSED: {
      title: "This site can’t be reached",
      detail: (host) => `${host} refused to connect.`,
    },
    ERR_CONNECTION_TIMED_OUT: {
      title: "This site can’t be reached",
      detail: (host) => `${host} took too long to respond.`,
    },
    ERR_TIMED_OUT: {
      title: "This site can’t be reached",
      detail: (host) => `${host} took too long to respond.`,
    },
    ERR_CONNECTION_RESET: {
      title: "This site can’t be reached",
      detail: () => "The connection was reset.",
    },
  };

/**
 * What the user's browser shows for the latest visit: the page (with the code
 * version that served it), Chrome's own error page, Nginx's own 500/502/504 page
 * (with its version, as `server_tokens on` shows it), or the application's error
 * page, and under it the visits before. Plain text and simple styling, nothing fetched.
 */
export function BrowserView() {
  const sim = useHopscope(selectSim);
  useHopscope(selectNow);
  useHopscope(selectTraceLength);
  const { visitAddress, follow } = useHopscope(selectActions);
  const following = useHopscope((s) => s.following);
  const visit = sim.visits[sim.visits.length - 1];
  // Chromium's error pages name the host without its port ("www.foobar.com refused to connect").
  const host = visit ? new URL(visit.url).hostname : "www.foobar.com";
  const [draft, setDraft] = useState("www.foobar.com");
  const inputId = useId();
  // Show the address of each new visit, as a browser does.
  const shownUrl = visit?.url.replace(/^http:\/\//, "");
  useEffect(() => {
    if (shownUrl !== undefined) setDraft(shownUrl);
  }, [shownUrl]);
  return (
    <section className="panel browser-view" aria-labelledby="browser-view-title">
      <div className="panel-title-row">
        <h2 id="browser-view-title" className="panel-title">
          Browser view
        </h2>
        {visit?.endedAt !== undefined ? (
          <span className="count">
            visit #{visit.id} · {((visit.endedAt - visit.startedAt) / 1000).toFixed(2)} s
          </span>
        ) : null}
      </div>
      <div className="browser-frame">
        <form
          className="browser-chrome"
          onSubmit={(e) => {
            e.preventDefault();
            visitAddress(draft);
          }}
        >
          <label htmlFor={inputId} className="sr-only">
            Address
          </label>
          <input
            id={inputId}
            className="address mono"
            value={draft}
            onChange={(e) => setDraft(e.currentTarget.value)}
            spellCheck={false}
            autoComplete="off"
            maxLength={300}
          />
          <button
            type="submit"
            className="go-btn"
            aria-label="Go"
            title="Go: visit the address typed (Enter)"
          >
            <ArrowRight size={16} aria-hidden="true" />
          </button>
        </form>
        <div className="browser-page">
          {visit ? <Page sim={sim} visit={visit} host={host} /> : <Blank />}
        </div>
      </div>
      {visit ? (
        <Waterfall
          sim={sim}
          visit={sim.visits.find((v) => v.id === following) ?? visit}
          following={following}
          follow={follow}
        />
      ) : null}
      <History sim={sim} />
      <VisitAnnouncer sim={sim} />
    </section>
  );
}

/**
 * The visits before the one on screen (at most three, newest first): a 502 page and,
 * just before it, the logo served from disk with 200, side by side.
 */
function History({ sim }: { sim: Simulation }) {
  const earlier = sim.visits.slice(-4, -1).reverse();
  if (earlier.length === 0) return null;
  return (
    <div className="browser-history">
      <h3 className="sr-only">Earlier visits</h3>
      <ul aria-label="Earlier visits">
        {earlier.map((v) => (
          <li key={v.id}>
            <span className="mono">{shortUrl(v.url)}</span>{" "}
            <span className={`history-result ${v.outcome === "ok" ? "ok" : "bad"}`}>
              {visitResult(sim, v)}
            </span>
          </li>
        ))}
      </ul>
    </div>
  );
}

/** A URL as the history lists it: the path, after the host when that is not www.foobar.com. */
function shortUrl(url: string): string {
  return url.replace(/^http:\/\/(www\.foobar\.com(?=\/))?/, "");
}

/** "200 OK · Nginx, from disk", "502 Bad Gateway · Nginx", "ERR_CONNECTION_REFUSED", "loading…". */
function visitResult(sim: Simulation, v: VisitRecord): string {
  if (v.outcome === undefined) return "loading…";
  const doc = v.requestIds.map((id) => sim.requestById(id)).find((r) => r?.role === "document");
  if (v.status === undefined || !doc) return `${v.outcome} · the browser's own error page`;
  const reason = REASONS[v.status] ?? "";
  const by =
    doc.origin === "app"
      ? "PHP-FPM, through Nginx"
      : v.status === 200
        ? "Nginx, from disk"
        : "Nginx";
  return `${v.status} ${reason} · ${by}`;
}

const REASONS: Record<number, string> = {
  200: "OK",
  404: "Not Found",
  500: "Internal Server Error",
  502: "Bad Gateway",
  504: "Gateway Time-out",
};

function Blank() {
  return <p className="page-blank">A new tab. Press “Visit www.foobar.com” to load the site.</p>;
}

function Page({ sim, visit, host }: { sim: Simulation; visit: VisitRecord; host: string }) {
  const requests = visit.requestIds
    .map((id) => sim.requestById(id))
    .filter((r): r is RequestRecord => r !== undefined);
  const doc = requests.find((r) => r.role === "document");
  if (!doc || doc.outcome === undefined) {
    return (
      <p className="page-loading">
        <Loader size={16} aria-hidden="true" /> Waiting for {host}…
        <span className="muted"> ({((sim.now - visit.startedAt) / 1000).toFixed(1)} s)</span>
      </p>
    );
  }
  const chrome = CHROME_ERRORS[doc.outcome];
  if (chrome) {
    return (
      <div className="page-chrome-error">
        <p className="sad" aria-hidden="true">
          :(
        </p>
        <h3>{chrome.title}</h3>
        <p>{chrome.detail(host)}</p>
        <p className="error-code mono">{doc.outcome}</p>
      </div>
    );
  }
  const server = sim.topology.specs.find((c) => c.id === doc.servedBy);
  if (
    doc.origin === "web" &&
    server?.kind === "nginx" &&
    doc.status !== undefined &&
    doc.status >= 400
  ) {
    // Nginx's own error page, as ngx_http_special_response.c writes it.
    return (
      <div className="page-nginx-error">
        <h3>
          {doc.status} {REASONS[doc.status] ?? ""}
        </h3>
        <hr />
        <p>{server.serverHeader}</p>
      </div>
    );
  }
  const stylesheet = requests.find((r) => r.path === "/style.css" && r.role === "subresource");
  const styleNote =
    stylesheet === undefined
      ? null
      : stylesheet.outcome === undefined
        ? "style.css loading…"
        : stylesheet.outcome === "ok"
          ? "style.css ✓ 200 from Nginx: the static files still load"
          : `style.css failed (${stylesheet.status ?? stylesheet.outcome})`;
  if (doc.status === 404) {
    return (
      <div className={`page-app-error${stylesheet?.outcome === "ok" ? " styled" : ""}`}>
        <h3>Not Found</h3>
        <p>
          foobar.com has no page at <span className="mono">{doc.path}</span>. (HTTP 404 from the
          application, code {doc.version ?? "?"})
        </p>
        {styleNote ? <p className="site-files muted">{styleNote}</p> : null}
      </div>
    );
  }
  if (doc.status === 200 && doc.path !== "/") {
    return (
      <div className="page-file">
        <p className="mono">
          {doc.path.slice(1)} · 200 OK · served by{" "}
          {doc.servedBy === "nginx" ? "Nginx from disk" : doc.servedBy}
        </p>
        <p className="muted">
          A static file: Nginx read it from /var/www/foobar without the application or MySQL.
        </p>
      </div>
    );
  }
  if (doc.status === 500) {
    return (
      <div className={`page-app-error${stylesheet?.outcome === "ok" ? " styled" : ""}`}>
        <h3>Error establishing a database connection</h3>
        <p>The site’s code could not reach its database. (HTTP 500, code {doc.version ?? "?"})</p>
        {styleNote ? <p className="site-files muted">{styleNote}</p> : null}
      </div>
    );
  }
  const statics = requests.filter((r) => r.role === "subresource");
  const css = statics.find((r) => r.path === "/style.css");
  const logo = statics.find((r) => r.path === "/logo.png");
  const styled = css?.outcome === "ok";
  return (
    <div className={`page-site${styled ? " styled" : ""}`}>
      <div className="site-head">
        <span
          className={`site-logo${logo?.outcome === "ok" ? "" : " missing"}`}
          aria-label={logoLabel(logo)}
          role="img"
        >
          {logo?.outcome === "ok" ? "fb" : "⧄"}
        </span>
        <h3>foobar.com</h3>
        <span className="site-version">served by code {doc.version}</span>
      </div>
      <ul className="site-posts">
        <li>Why one server is a single point of failure</li>
        <li>What happens during a deploy</li>
        <li>Scaling out: load balancers</li>
      </ul>
      <p className="site-files muted">
        {statics.length === 0
          ? "Loading style.css and logo.png…"
          : statics.map((r) => fileState(r)).join(" · ")}
      </p>
    </div>
  );
}

function logoLabel(logo: RequestRecord | undefined): string {
  if (!logo || logo.outcome === undefined) return "Logo loading";
  return logo.outcome === "ok" ? "foobar.com logo" : "Broken image: the logo did not load";
}

function fileState(r: RequestRecord): string {
  const name = r.path.slice(1);
  if (r.outcome === undefined) return `${name} loading`;
  return r.outcome === "ok" ? `${name} ✓` : `${name} failed (${r.status ?? r.outcome})`;
}

/**
 * The outcome of each visit, said once by a screen reader when the visit ends: a polite
 * live region that changes only then (the page above changes with every clock update and is
 * not live). Each text names its visit, so two visits that end alike are both said. Visits
 * that had ended before the view appeared (panels shown again) are not news.
 */
function VisitAnnouncer({ sim }: { sim: Simulation }) {
  const latest = latestEnded(sim.visits);
  const before = useRef({ sim, id: latest?.id });
  const news = latest && !(before.current.sim === sim && before.current.id === latest.id);
  return (
    <p className="sr-only" role="status" aria-atomic="true">
      {news ? `${visitAnnouncement(sim, latest)} (visit ${latest.id})` : ""}
    </p>
  );
}

/** The visit that ended last (visits can overlap: a slow one may end after a later one). */
function latestEnded(visits: readonly VisitRecord[]): VisitRecord | undefined {
  let latest: VisitRecord | undefined;
  for (const v of visits) {
    if (v.endedAt !== undefined && (latest?.endedAt === undefined || v.endedAt >= latest.endedAt))
      latest = v;
  }
  return latest;
}

/**
 * What a visit's result is, in the words on screen: "Loaded www.foobar.com in 412 ms",
 * "500 Internal Server Error: Error establishing a database connection",
 * "ERR_CONNECTION_REFUSED: www.foobar.com refused to connect."
 */
function visitAnnouncement(sim: Simulation, v: VisitRecord): string {
  const url = new URL(v.url);
  const address = `${url.host}${url.pathname === "/" ? "" : url.pathname}`;
  const took = v.endedAt === undefined ? "" : spokenDuration(v.endedAt - v.startedAt);
  const doc = v.requestIds.map((id) => sim.requestById(id)).find((r) => r?.role === "document");
  const chrome = v.outcome === undefined ? undefined : CHROME_ERRORS[v.outcome];
  if (chrome) return `${v.outcome}: ${chrome.detail(url.host)}`;
  if (v.status === undefined) return `${address} did not load (${v.outcome ?? "unknown"}).`;
  if (v.status === 200) return `Loaded ${address} in ${took}`;
  const what = `${v.status} ${REASONS[v.status] ?? ""}`.trim();
  if (doc?.origin === "app" && v.status === 500)
    return `${what}: Error establishing a database connection, after ${took}`;
  if (doc?.origin === "app" && v.status === 404)
    return `${what}: foobar.com has no page at ${url.pathname}`;
  return `${what} from ${address}, after ${took}`;
}

/** "412 ms", "2.3 s", "2 min 7 s": as a person says a wait. */
function spokenDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 120_000) return `${(ms / 1000).toFixed(1)} s`;
  return `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;
}

/** A bar's segment: where it starts and how wide it is, in % of the visit's span. */
function span(part: { from: number; to: number } | undefined, total: number) {
  if (!part || total <= 0) return undefined;
  return {
    left: `${((part.from / total) * 100).toFixed(2)}%`,
    width: `${(Math.max(0.4, ((part.to - part.from) / total) * 100)).toFixed(2)}%`,
  };
}

const ms = (x: number | undefined) => (x === undefined ? "–" : `${Math.round(x)} ms`);

/**
 * The visit's timing, as a browser's network panel draws it: a row per request with its DNS
 * lookup, TCP connect and wait for the answer (time to first byte) as bars on one time axis,
 * and the same figures as numbers in a table, so "why was it slow?" has an answer on screen.
 */
function Waterfall({
  sim,
  visit,
  following,
  follow,
}: {
  sim: Simulation;
  visit: VisitRecord;
  /** The visit followed on the canvas and in the log, if any. */
  following: number | undefined;
  follow: (visitId: number | undefined) => void;
}) {
  // Read from the trace only while open: the panel re-renders with every frame.
  const [open, setOpen] = useState(false);
  const followed = following === visit.id;
  const rows = open ? waterfallOf(sim, visit) : [];
  const total = Math.max(
    1,
    ...rows.map((r) => r.end ?? r.wait?.to ?? r.connect?.to ?? r.dns?.to ?? r.start),
  );
  return (
    <div className="visit-tools">
      <button
        type="button"
        className="btn follow-btn"
        aria-pressed={followed}
        title={
          followed
            ? "Show every visit again on the diagram and in the log"
            : "Show only this visit's packets on the diagram and its entries in the log, with its timing"
        }
        onClick={() => {
          follow(followed ? undefined : visit.id);
          if (!followed) setOpen(true);
        }}
      >
        {followed ? `Following visit #${visit.id}` : `Follow visit #${visit.id}`}
      </button>
      <details className="waterfall" open={open} onToggle={(e) => setOpen(e.currentTarget.open)}>
        <summary>Timing of visit #{visit.id}</summary>
        {open ? <WaterfallTable rows={rows} visit={visit} total={total} /> : null}
      </details>
    </div>
  );
}

function WaterfallTable({
  rows,
  visit,
  total,
}: {
  rows: readonly WaterfallRow[];
  visit: VisitRecord;
  total: number;
}) {
  return (
    <>
      <table>
        <caption className="sr-only">
          Each request of visit #{visit.id}: its DNS lookup, TCP connect and wait for the answer
        </caption>
        <thead>
          <tr>
            <th scope="col">Request</th>
            <th scope="col">DNS</th>
            <th scope="col">Connect</th>
            <th scope="col">Waiting</th>
            <th scope="col">Ended</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.requestId}>
              <th scope="row" className="mono">
                {r.path}
              </th>
              <td>{r.dns ? ms(r.dns.to - r.dns.from) : "cached"}</td>
              <td>{r.connect ? ms(r.connect.to - r.connect.from) : "reused"}</td>
              <td>{r.wait ? ms(r.wait.to - r.wait.from) : "–"}</td>
              <td>
                {r.end === undefined
                  ? "under way"
                  : `${ms(r.end)}${r.status ? ` · ${r.status}` : ""}`}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="waterfall-chart" aria-hidden="true">
        {rows.map((r) => (
          <div key={r.requestId} className="waterfall-track">
            <span className="waterfall-path mono">{r.path}</span>
            <span className="waterfall-lane">
              {(
                [
                  ["dns", span(r.dns, total)],
                  ["connect", span(r.connect, total)],
                  ["wait", span(r.wait, total)],
                ] as const
              ).map(([kind, style]) =>
                style ? (
                  <span key={kind} className={`waterfall-bar ${kind}`} style={style} />
                ) : null,
              )}
            </span>
          </div>
        ))}
      </div>
      <p className="waterfall-key">
        <span className="waterfall-bar dns static" aria-hidden="true" /> DNS{" "}
        <span className="waterfall-bar connect static" aria-hidden="true" /> connect{" "}
        <span className="waterfall-bar wait static" aria-hidden="true" /> waiting for the answer
        (the simulation sends an answer as one packet: no separate download)
      </p>
    </>
  );
}
