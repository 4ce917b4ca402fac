import type { Step } from "../engine";

/**
 * One plain-language sentence per trace step, shown in the event log under the
 * wire-format summary. Hops use {from} and {to}; notes inside one component use {at}.
 */
export const NARRATION: Record<Step, string> = {
  "browser.cache.hit":
    "{at} already knows this name's address from a recent lookup, so it skips DNS entirely.",
  "browser.cache.miss":
    "{at} has no fresh address for this name in its own cache, so it must ask DNS.",
  "browser.ip":
    "The address typed is already an IP address, so {at} connects to it directly: no DNS at all.",
  "dns.query.stub":
    "{from} asks {to} for the name's address and waits for a complete answer (a recursive query).",
  "dns.query.iterative":
    "{from} asks {to} where to find the name: it does not know the answer itself.",
  "resolver.cache.hit": "{at} has the answer cached from an earlier lookup, within its TTL.",
  "resolver.cache.miss":
    "{at} has no cached answer, so it asks the closest name server it knows of.",
  "dns.referral":
    "{from} does not hold the name but refers {to} to the servers of the next zone down, with their IPs (glue).",
  "dns.answer":
    "{from} is authoritative for the name and gives {to} the final answer: its records, with their TTLs.",
  "dns.answer.client":
    "{from} hands the result to {to}; an address is kept in the browser's host cache for up to 60 s.",
  "dns.nxdomain": "{from} answers {to} that the name does not exist (NXDOMAIN).",
  "tcp.syn": "{from} opens a TCP connection to {to}: the first packet of the handshake (SYN).",
  "tcp.synack":
    "{from}'s kernel accepts the connection (SYN-ACK); the ACK and the first request follow right away, one round trip in all.",
  "tcp.reuse": "{at} reuses an open connection (keep-alive), so no new handshake is needed.",
  "tcp.idle-closed":
    "The server closed this connection after 75 s idle (keep-alive timeout), so {at} drops it.",
  "http.request": "{from} sends its HTTP request to {to}: a method, a path and the Host header.",
  "http.server":
    "The Host header names no server_name of {at}, so the default server of the port answers: here foobar.com's, the only server block.",
  "http.static": "The file exists on disk, so {at} serves it directly without the application.",
  "fastcgi.request":
    "Not a file on disk, so {from} hands the request to PHP-FPM as FastCGI records (fastcgi_pass): the script to run, the method, the path and the headers.",
  "app.run": "A free worker in {at} runs the site's code for this request.",
  "sql.query":
    "{from} sends an SQL query to {to} over the loopback, asking for the data the page needs.",
  "sql.result": "{from} sends the matching rows back to {to}.",
  "app.render": "With the rows in hand, {at} fills the HTML template to build the page.",
  "fastcgi.response":
    "{from} writes the page back as FastCGI records (STDOUT with the status and the HTML, then END_REQUEST); {to} relays it as an HTTP response.",
  "http.response": "{from} sends the HTTP response to {to}: a status line, headers and the body.",
  "page.parse": "{at} reads the HTML and finds the files it links to, and requests each of them.",
  "request.end": "{at} finishes this request: it got a response, or it failed with an error.",
  "visit.end": "The visit is over: the page and every file it links to have loaded or failed.",
  "packet.lost":
    "The packet reaches a machine that is switched off: nothing receives it and nothing answers.",
  "dns.timeout":
    "{at} heard nothing back in time: over UDP, silence is the only sign of a failure.",
  "dns.servfail": "{at} gives up and answers SERVFAIL: it could not reach the name servers.",
  "dns.servfail.cached":
    "{at} failed to resolve this name moments ago and remembers the failure for a while, so it answers SERVFAIL at once instead of asking again.",
  "tcp.syn.retry":
    "No SYN-ACK came back, so {from} sends the SYN again, waiting twice as long each time.",
  "tcp.syn.dropped":
    "The listen queue of {at} is full, so its kernel drops the SYN without a word (no reset): the client cannot tell a full queue from a lost packet, and tries again later.",
  "tcp.retransmit":
    "No acknowledgement came for the request, so {from}'s TCP sends it again, waiting twice as long each time.",
  "tcp.keepalive":
    "The connection has been silent for 45 s, so {from} sends a TCP keep-alive probe to check that {to} is still there.",
  "tcp.ack":
    "{from}'s kernel still has the connection and acknowledges the probe: the server is alive, so the browser keeps waiting.",
  "tcp.rst":
    "{from} answers with a reset (RST): no program is listening there, it just stopped, or it restarted and no longer knows the connection.",
  "nginx.drop":
    "Nginx has no free connection slot (worker_connections are not enough), so it closes the connection at once. On a new connection the browser shows ERR_CONNECTION_RESET; on a reused keep-alive one it first retries the request once.",
  "browser.retry":
    "{at} lost a reused keep-alive connection before any answer came, so it sends the request once more on another connection, as Chromium does.",
  "tcp.timeout": "{at} gives up on the connection: nothing ever answered.",
  "http.upstream.error":
    "{at} could not get an answer from PHP-FPM: nothing listens (502 Bad Gateway), PHP-FPM stopped mid-request (502), or Nginx has no connection left to open one (500).",
  "http.upstream.timeout":
    "{at} waited 60 s (fastcgi_connect_timeout for a connection, fastcgi_read_timeout for an answer) and will answer 504 Gateway Time-out.",
  "http.upstream.late":
    "{at} gave up on this request already, so the answer that finally arrives goes nowhere.",
  "sql.error": "{at} could not talk to MySQL, so it cannot build the page and answers 500.",
  "repl.binlog":
    "{from} sends committed transactions from its binary log to {to}, its replica, which applies them a moment later.",
  "repl.io":
    "{at} is a replica: its I/O thread keeps one connection to the source (the primary) to receive its binary log, and when that connection is lost it tries again every 60 s (SOURCE_CONNECT_RETRY), 10 times.",
  "repl.promote": "{at} stops replicating and starts taking writes: it is the primary now.",
  "lb.check":
    "{at}'s health checks changed what it thinks of a server: after enough failed checks it is marked DOWN and gets no more requests; after enough good ones it is UP again.",
  "lb.retry":
    "{at} could not connect to the server it picked, so it tries again: on the same server after a pause, or at once on another one with option redispatch.",
  "lb.error":
    "{at} could not get an answer from any server, so it answers with its own error page (503 when no connection could be made, 502 when the server closed it, 504 when it did not answer in time).",
  "vrrp.state":
    "{at} (keepalived) changed its VRRP role: the MASTER holds the virtual IP that DNS points to and says so every second; a BACKUP that hears nothing for 3 adverts and a bit takes the address over.",
  "fault.kill": "{at} was stopped: from now on it neither receives nor answers anything.",
  "fault.revive": "{at} runs again, starting fresh: empty caches, no work in progress.",
  "fault.slow": "{at} changed speed: when slow, every request it handles hangs for a long time.",
  "config.change":
    "A capacity of {at} was changed: it applies to the work that starts from now on.",
  "deploy.step":
    "A step of the deploy on {at}: the new code goes live only when the processes restart or reload.",
  "traffic.sample":
    "What the traffic did in the last second: new users who arrived, pages that loaded or failed, and users still waiting for a page.",
  "scale.step":
    "The web servers' group changed at {at}: a server launched, booting, joining after its health checks, draining, or powered off; or the autoscaler decided.",
};

/** How a component is named inside a sentence, by id; others use their label. */
export const SPOKEN_NAMES: Record<string, string> = {
  browser: "your browser",
  resolver: "the DNS resolver",
  root: "a root server",
  tld: "the .com TLD server",
  auth: "ns1.foobar.com",
  server: "the server",
  nginx: "Nginx",
  app: "the application server",
  mysql: "MySQL",
  users: "the users",
};

/** Words a sentence may start with that are not a name: "your browser", "the DNS resolver". */
const COMMON_START = /^(your|the|a|an)\b/;

/**
 * The narration for `step`, with every {from}, {to} and {at} replaced by the given labels.
 * A sentence that starts with a name keeps the name's own case ("ns1.foobar.com answers…",
 * never "Ns1.foobar.com"); one that starts with "your browser" or "the…" gets its capital.
 */
export function narrate(step: Step, labels: { from?: string; to?: string; at?: string }): string {
  const template = NARRATION[step];
  const text = template
    .replaceAll("{from}", labels.from ?? "")
    .replaceAll("{to}", labels.to ?? "")
    .replaceAll("{at}", labels.at ?? "");
  const first = /^\{(from|to|at)\}/.exec(template)?.[1] as "from" | "to" | "at" | undefined;
  if (first !== undefined && !COMMON_START.test(labels[first] ?? "")) return text;
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** What the traffic's caption is built from: the engine's last sample and the server's queue. */
export interface TrafficPicture {
  rps: number;
  baseRps: number;
  surging: boolean;
  /** A surge has come and gone: a queue now is the surge's, draining. */
  afterSurge: boolean;
  loaded: number;
  failed: number;
  /** The most common failure in the last second, in words ("504 Gateway Time-out"). */
  mainFailure?: string;
  /** Users still waiting for a page. */
  waiting: number;
  /** The application server: its workers, how many are busy, connections in its queue. */
  workers: number;
  busy: number;
  queued: number;
  /** Median page time over the last few seconds (ms), when known. */
  p50Ms?: number;
}

const n = (x: number) => Math.round(x).toLocaleString("en-US");
const seconds = (ms: number) => `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)} s`;

/**
 * One sentence a student can read about what the traffic is doing now: calm, a queue
 * building, visits failing, or a queue draining after a surge. Plain words, live numbers.
 */
export function narrateTraffic(t: TrafficPicture): string {
  const rate = `${n(t.rps)} visits/s`;
  const pages = t.p50Ms === undefined ? "" : `, pages in about ${seconds(t.p50Ms)}`;
  const allBusy = t.workers > 0 && t.busy >= t.workers;
  const queue =
    t.queued > 0
      ? `${n(t.queued)} ${t.queued === 1 ? "connection waits" : "connections wait"} in its queue`
      : "";
  const failing =
    t.failed > 0
      ? ` ${n(t.failed)} ${t.failed === 1 ? "visit" : "visits"} failed in the last second${t.mainFailure ? ` (${t.mainFailure})` : ""}.`
      : "";
  if (t.rps === 0) {
    return t.waiting > 0
      ? `No new users; ${n(t.waiting)} still wait for a page.${failing}`
      : "No traffic: set Requests per second to send users.";
  }
  if (t.afterSurge && !t.surging && t.rps <= t.baseRps && t.queued > 0 && t.baseRps > 0) {
    return `Recovering: back to ${rate}, and the queue is draining (${n(t.queued)} still wait${pages}).${failing}`;
  }
  if (allBusy && queue) {
    return `${t.surging ? "Surge: " : ""}${rate}: the application server's ${t.workers} workers are all busy and ${queue}${pages}.${failing}`;
  }
  if (t.failed > 0) return `${t.surging ? "Surge: " : ""}${rate}${pages}.${failing}`;
  // Nothing loaded and nothing failed in the last second while users wait: the site hangs
  // (a dead load balancer whose address nobody answers yet, say); that is not calm.
  if (t.loaded === 0 && t.waiting > 0)
    return `${t.surging ? "Surge: " : ""}${rate}, but no page loaded in the last second: ${n(t.waiting)} ${t.waiting === 1 ? "user waits" : "users wait"} for one.`;
  const loads = t.p50Ms === undefined ? "" : ` in about ${seconds(t.p50Ms)}`;
  return `${t.surging ? "Surge: " : "Calm: "}${rate}, every page loads${loads}.`;
}
