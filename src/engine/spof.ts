import { createSimulation, type Simulation, type VisitOptions } from "./simulation";
import { OUTCOME_TEXT, type Outcome, type Topology, type VisitRecord } from "./types";

/**
 * What killing one component does to the site, as visits see it: found by running the engine,
 * not by reading the graph, so it knows what a graph cannot: health checks that take seconds to
 * react, caches that hide a dead DNS server until their TTL runs out, reads that go on while
 * writes fail.
 */
export type SpofKind =
  /** No probe failed. */
  | "survives"
  /** Every page fails from the kill on, to the end of the window (a write may still work). */
  | "down"
  /** Probes work for a while (caches), then every one fails until the probing ends. */
  | "down-after"
  /** Every probe fails for a while, then all work again (failover). */
  | "down-for"
  /** Some probes fail for a while (those sent to the dead part), then all work again. */
  | "partial-for"
  /** Some probes keep failing to the end of the window, others work. */
  | "partial"
  /** Pages load, writes fail (to the end of the window). */
  | "writes-fail"
  /** Already stopped in the setup tested: not tried. */
  | "stopped";

export interface SpofVerdict {
  component: string;
  label: string;
  kind: SpofKind;
  /** The whole site (or every write) is down for good while this component is: a single point of failure. */
  single: boolean;
  /** A few words: "down at once", "down for 11 s", "down after 300 s". */
  summary: string;
  /** One sentence for the class, with the failure users see. */
  detail: string;
  probes: number;
  failed: number;
  /** The failure seen most, when any. */
  outcome?: Outcome;
  /**
   * Ms from the kill to the start of the first failed visit (down-after) or of the last one
   * (down-for, partial-for); for "survives", the slowest visit's duration.
   */
  ms?: number;
}

export interface SpofOptions {
  seed: number;
  /** Puts the copy in the setup to test (the components already killed or slowed, settings). */
  prepare?: (sim: Simulation) => void;
  /** Components to try; by default every one but the browsers (the users' own machines). */
  candidates?: readonly string[];
  /** Ms of simulated time before the kill: caches warm, health checks settled. */
  warmupMs?: number;
  /** Ms after the kill during which probes are sent; longer than the DNS TTL (300 s). */
  windowMs?: number;
  /** Ms between two probes in the first `denseMs` after the kill (failovers take seconds). */
  probeEveryMs?: number;
  denseMs?: number;
  /** Ms between two probes after that (caches run out over minutes). */
  sparseEveryMs?: number;
  /**
   * What a probe visits: each probe round sends one visit of each (a page read by default; a
   * write, where the architecture has them, shows "writes fail, reads work").
   */
  probes?: readonly ProbeSpec[];
  /** The host visited (www.foobar.com). */
  host?: string;
}

export interface ProbeSpec {
  /** "read" or "write": how the verdict tells them apart. */
  kind: "read" | "write";
  options: VisitOptions;
  /**
   * Sent every this many rounds (1: every round). Writes go every third round: a read and a
   * write each round would alternate through a round-robin balancer in step, every read landing
   * on the same server.
   */
  everyRounds?: number;
}

const DEFAULTS = {
  warmupMs: 10_000,
  windowMs: 360_000,
  probeEveryMs: 1_000,
  denseMs: 30_000,
  sparseEveryMs: 5_000,
};
const READ_PAGE: readonly ProbeSpec[] = [{ kind: "read", options: { path: "/" } }];

/** A page read, and where the topology has writes, a write too (`POST` of its write page). */
export function defaultProbes(topology: Topology): readonly ProbeSpec[] {
  const writes = topology.writes;
  return writes
    ? [
        ...READ_PAGE,
        { kind: "write", options: { path: writes.path, method: "POST" }, everyRounds: 3 },
      ]
    : READ_PAGE;
}
/** Failures that start this late after the kill came from a cache running out, not the kill. */
const AT_ONCE_MS = 5_000;
/** A failure within this long of the window's end counts as lasting. */
const LASTING_MS = 30_000;

interface Probe {
  at: number;
  kind: ProbeSpec["kind"];
  visit: VisitRecord;
}

/**
 * For each candidate component, runs a copy of the setup (`prepare`), kills the component after
 * the warm-up, probes the site with visits from the first browser for `windowMs`, and says what
 * the probes saw. Deterministic: the same topology, options and seed give the same verdicts.
 */
export function findSinglePointsOfFailure(topology: Topology, options: SpofOptions): SpofVerdict[] {
  const candidates =
    options.candidates ?? topology.components.filter((c) => c.kind !== "browser").map((c) => c.id);
  return candidates.map((id) => probeKill(topology, id, options));
}

/** What killing one component does (see `findSinglePointsOfFailure`): one copy, one kill. */
export function probeKill(topology: Topology, id: string, options: SpofOptions): SpofVerdict {
  const warmupMs = options.warmupMs ?? DEFAULTS.warmupMs;
  const windowMs = options.windowMs ?? DEFAULTS.windowMs;
  const every = options.probeEveryMs ?? DEFAULTS.probeEveryMs;
  const denseMs = options.denseMs ?? DEFAULTS.denseMs;
  const sparse = options.sparseEveryMs ?? DEFAULTS.sparseEveryMs;
  const specs = options.probes ?? defaultProbes(topology);
  const host = options.host ?? "www.foobar.com";
  const spec = topology.components.find((c) => c.id === id);
  const label = spec?.label ?? id;
  const sim = createSimulation({ topology, seed: options.seed });
  options.prepare?.(sim);
  if (!sim.health(id).up) return verdict(id, label, "stopped", 0, 0);
  // Warm up: one visit of each kind fills the browser's and the resolver's caches.
  for (const p of specs) sim.visit(host, p.options);
  sim.advanceTo(warmupMs);
  const killed = sim.kill(id);
  if (!killed.ok) return verdict(id, label, "survives", 0, 0, undefined, undefined, killed.message);
  const probes: Probe[] = [];
  let round = 0;
  for (let t = 0; t < windowMs; t += t < denseMs ? every : sparse, round++) {
    sim.advanceTo(warmupMs + t);
    for (const p of specs)
      if (round % (p.everyRounds ?? 1) === 0)
        probes.push({ at: t, kind: p.kind, visit: sim.visit(host, p.options) });
  }
  // Let the last probes end (a browser gives up on a connection after at most a few minutes).
  const limit = warmupMs + windowMs + 600_000;
  while (probes.some((p) => p.visit.endedAt === undefined) && sim.now < limit)
    sim.advanceTo(Math.min(limit, sim.now + 5_000));
  return judge(id, label, probes, windowMs, remedyOf(topology, id));
}

/** What routes around `id` in this topology, if anything does: for the verdict's words. */
export type Remedy = "checks" | "vrrp" | undefined;

function remedyOf(topology: Topology, id: string): Remedy {
  const spec = topology.components.find((c) => c.id === id);
  const hostId = spec === undefined ? undefined : spec.kind === "host" ? spec.id : hostOf(spec);
  const host = topology.components.find((c) => c.id === hostId);
  if (host?.kind !== "host") return undefined;
  if (topology.components.some((c) => c.kind === "keepalived" && c.host === host.id)) return "vrrp";
  // HAProxy's checks can see a dead machine, web server or application server, not a database.
  if (spec?.kind === "mysql") return undefined;
  const backend = topology.components.some(
    (c) => c.kind === "haproxy" && c.servers.some((s) => s.address.split(":")[0] === host.ip),
  );
  return backend ? "checks" : undefined;
}

function hostOf(spec: Topology["components"][number]): string | undefined {
  return "host" in spec && typeof spec.host === "string" ? spec.host : undefined;
}

const failed = (p: Probe) => p.visit.outcome !== "ok";

function judge(
  id: string,
  label: string,
  probes: readonly Probe[],
  windowMs: number,
  remedy: Remedy,
): SpofVerdict {
  // The site's verdict comes from its pages (the reads); writes only add "writes fail".
  const reads = probes.filter((p) => p.kind === "read");
  const writes = probes.filter((p) => p.kind === "write");
  const writesFail = writes.filter(failed);
  const lasting = (ps: readonly Probe[]) => ps.some((p) => p.at >= windowMs - LASTING_MS);
  const bad = reads.filter(failed);
  const failedAll = bad.length + writesFail.length;
  if (!lasting(bad) && lasting(writesFail)) {
    const v = verdict(id, label, "writes-fail", probes.length, failedAll, mostCommon(writesFail));
    return bad.length > 0
      ? {
          ...v,
          detail: `${v.detail} Some pages failed too in the first ${seconds((bad[bad.length - 1] as Probe).at)}.`,
        }
      : v;
  }
  if (bad.length === 0 && writesFail.length > 0) {
    // Only writes failed, for a while.
    const last = writesFail[writesFail.length - 1] as Probe;
    return verdict(
      id,
      label,
      "partial-for",
      probes.length,
      failedAll,
      mostCommon(writesFail),
      last.at,
    );
  }
  const outcome = mostCommon(bad);
  if (bad.length === 0) {
    const slowest = Math.max(0, ...probes.map((p) => (p.visit.endedAt ?? 0) - p.visit.startedAt));
    return verdict(id, label, "survives", probes.length, failedAll, undefined, slowest);
  }
  const first = bad[0] as Probe;
  const last = bad[bad.length - 1] as Probe;
  const allFailFromFirst = reads.filter((p) => p.at >= first.at).every(failed);
  if (lasting(bad)) {
    if (!allFailFromFirst) {
      const v = verdict(id, label, "partial", probes.length, failedAll, outcome);
      return remedy === "checks" ? { ...v, detail: `${v.detail} ${TRAP}` } : v;
    }
    if (first.at < AT_ONCE_MS) return verdict(id, label, "down", probes.length, failedAll, outcome);
    return verdict(id, label, "down-after", probes.length, failedAll, outcome, first.at);
  }
  // It recovered: every page after the last failure worked.
  const kind = reads.filter((p) => p.at <= last.at).every(failed) ? "down-for" : "partial-for";
  const v = verdict(id, label, kind, probes.length, failedAll, outcome, last.at);
  return remedy ? { ...v, detail: `${v.detail} ${REMEDY_WORDS[remedy]}` } : v;
}

function mostCommon(probes: readonly Probe[]): Outcome | undefined {
  const counts = new Map<Outcome, number>();
  let best: Outcome | undefined;
  for (const p of probes) {
    const o = p.visit.outcome;
    if (o === undefined) continue;
    const n = (counts.get(o) ?? 0) + 1;
    counts.set(o, n);
    if (best === undefined || n > (counts.get(best) ?? 0)) best = o;
  }
  return best;
}

const seconds = (ms: number) => `${Math.max(1, Math.round(ms / 1000))} s`;

const REMEDY_WORDS: Record<Exclude<Remedy, undefined>, string> = {
  checks: "HAProxy's health checks took it out of service.",
  vrrp: "keepalived on the other load balancer took over the virtual IP.",
};
const TRAP =
  "HAProxy keeps sending requests there: its health check does not see this failure (a TCP check on a server whose Nginx still answers).";

function verdict(
  component: string,
  label: string,
  kind: SpofKind,
  probes: number,
  failedCount: number,
  outcome?: Outcome,
  ms?: number,
  why?: string,
): SpofVerdict {
  const seen = outcome ? ` (${OUTCOME_TEXT[outcome]})` : "";
  const dns = outcome === "ERR_NAME_NOT_RESOLVED";
  const words: Record<SpofKind, [string, string]> = {
    survives: [
      "no outage",
      why
        ? `Not tried: ${why}.`
        : `Killed, and every visit still worked${(ms ?? 0) >= 1_500 ? ` (the slowest took ${(Math.round((ms ?? 0) / 100) / 10).toLocaleString("en-US")} s)` : ""}: the site does not depend on ${label} alone.`,
    ],
    down: [
      "down at once",
      `Killed, and every visit failed from then on${seen}: a single point of failure.`,
    ],
    "down-after": [
      `down after ${seconds(ms ?? 0)}`,
      dns
        ? `Visits started in the first ${seconds(ms ?? 0)} after the kill worked, on cached DNS answers; once those expired every visit failed${seen}: a single point of failure on a timer.`
        : `Visits started in the first ${seconds(ms ?? 0)} after the kill worked; from then on every visit failed${seen}: a single point of failure on a timer.`,
    ],
    "down-for": [
      `down for ${seconds(ms ?? 0)}`,
      `Every visit started in the first ${seconds(ms ?? 0)} after the kill failed${seen}, then they worked again: not a single point of failure, but an outage.`,
    ],
    "partial-for": [
      `some visits fail (first ${seconds(ms ?? 0)})`,
      `Some of the visits started in the first ${seconds(ms ?? 0)} after the kill failed${seen}; every later one worked.`,
    ],
    partial: ["some visits keep failing", `Some visits failed${seen} for as long as it was down.`],
    stopped: [
      "already stopped",
      `${label} is already stopped in this setup: revive it to test it.`,
    ],
    "writes-fail": [
      "writes fail, reads work",
      `Pages still load, but writes failed${seen} for as long as it was down.`,
    ],
  };
  const [summary, detail] = words[kind];
  return {
    component,
    label,
    kind,
    single: kind === "down" || kind === "down-after" || kind === "writes-fail",
    summary,
    detail,
    probes,
    failed: failedCount,
    ...(outcome ? { outcome } : {}),
    ...(ms !== undefined ? { ms } : {}),
  };
}
