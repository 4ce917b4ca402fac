import { type DeployHost, type DeployRunner, startDeploy } from "../deploy";
import type { DeployMode, DeployState, DeployStrategy, Release, Topology } from "../types";
import { type Balancers, type Member, membersOf, reading, serverName } from "./pool";

/** How often a rollout looks at the load balancers while it waits (ms of simulated time). */
export const POLL_MS = 100;
/** How long a draining server may keep requests in flight before its deploy goes on anyway (ms). */
export const DRAIN_TIMEOUT_MS = 30_000;
/** How long a canary serves its share before it is judged (ms). */
export const CANARY_HOLD_MS = 30_000;
/** The canary's share of new requests while it is judged (its weight against the others'). */
export const CANARY_SHARE = 0.1;
/** A canary that fails more than this share of its requests is not promoted. */
export const CANARY_MAX_ERROR_SHARE = 0.01;
/**
 * A canary whose average response time (HAProxy's Tr) is more than this many times the other
 * servers', and at least CANARY_MIN_SLOWER_MS more, is not promoted either: a release that
 * answers every page, slowly, is as bad as one that fails some (canary analysis tools compare
 * the canary's latency with the baseline's, as Kayenta and Flagger do).
 */
export const CANARY_MAX_SLOWDOWN = 2;
export const CANARY_MIN_SLOWER_MS = 100;

/** What a rollout is asked to do (see createDeploys). */
export interface RolloutPlan {
  strategy: DeployStrategy;
  mode: DeployMode;
  version: string;
  release: Release;
  /** The machines that get the new code, in order (blue-green: the idle half). */
  hosts: readonly number[];
  /** Blue-green: the half serving now, which the switch puts in maintenance. */
  live: readonly number[];
  /** Blue-green: the idle half already runs this version: switch at once, deploy nothing. */
  switchOnly: boolean;
  /** The version the servers run now (for the words: "web2 still runs v1"). */
  from: string;
  timing: Topology["deploy"];
}

/** A rollout's access to the simulation: a one-server deploy's, and the load balancers. */
export interface RolloutHost extends DeployHost {
  readonly balancers: Balancers;
  /** A component's id (DeployState.host names the machine being worked on by its id). */
  id(i: number): string;
}

/**
 * A deploy on several web servers behind load balancers, as an operator or a CI job runs it
 * with HAProxy's runtime API. Each server's own deploy (upload, restart or reload) is the
 * one-server deploy (`startDeploy`); around it:
 *
 * - `all-at-once`: every server together, no one taken out: with restarts, an outage.
 * - `rolling`: per server, `state drain` (no new requests; those in flight finish: it waits
 *   until none is open, or DRAIN_TIMEOUT_MS), the deploy, then it waits until `rise` health
 *   checks in a row pass after the deploy (the server is still out of rotation, so a bad
 *   release serves no one), `state ready`, the next. `fall` failed checks stop the rollout.
 * - `blue-green`: the idle half (in `maint`) gets the code, leaves maintenance in `drain`
 *   (checks resume, no traffic), and once its checks pass the switch happens at once: the new
 *   half `ready`, the old half `maint` (its requests in flight finish). A rollback switches back.
 * - `canary`: one server gets the code as in `rolling`, then serves CANARY_SHARE of new
 *   requests (`set server … weight`) for CANARY_HOLD_MS; if it failed more than
 *   CANARY_MAX_ERROR_SHARE of them it is drained and the rollout stops, else the weights go
 *   back and the others follow one by one.
 *
 * Time passes only through `schedule`; every step is a note in the trace.
 */
export function startRollout(h: RolloutHost, plan: RolloutPlan): DeployRunner {
  const b = h.balancers;
  const { version, mode, timing } = plan;
  const release = plan.release;
  const name = (m: number) => serverName(b, m);
  const lb0 = b.all[0] as number;
  const checks = b.checks(lb0);
  let running = true;
  /** The one-server deploys under way now. */
  let hostRunners: DeployRunner[] = [];
  /** The machine being worked on (for `host`). */
  let at = plan.hosts[0] ?? plan.live[0] ?? -1;
  const state: DeployState = {
    host: h.id(at),
    version,
    mode,
    phase: "upload",
    label: `${plan.strategy} deploy of ${version}`,
    startedAt: h.now,
    strategy: plan.strategy,
    release,
    hosts: plan.hosts.map(name),
    progress: [],
  };
  const note = (line: string) => {
    state.progress?.push(line);
    h.note(b.all[0] ?? at, `${plan.strategy} ${version}: ${line}`);
  };
  const phase = (p: DeployState["phase"], label: string, machine = at) => {
    at = machine;
    state.host = h.id(machine);
    state.phase = p;
    state.label = label;
    delete state.phaseEndsAt;
  };

  const end = (p: "done" | "stopped" | "aborted", label: string) => {
    running = false;
    state.phase = p;
    state.label = label;
    state.endedAt = h.now;
    delete state.phaseEndsAt;
  };
  const finish = () => {
    end("done", `Deployed ${version}`);
    note(`finished: every server runs ${version}`);
  };
  const stop = (why: string) => {
    if (!running) return;
    state.stopped = why;
    end("stopped", `Stopped: ${why}`);
    note(`stopped: ${why}`);
  };

  /** Runs `fn` when `ready()` holds, checking every POLL_MS; `late` after `timeoutMs`. */
  const waitFor = (ready: () => boolean, timeoutMs: number, fn: () => void, late: () => void) => {
    const deadline = h.now + timeoutMs;
    const tick = () => {
      if (!running) return;
      if (ready()) fn();
      else if (h.now >= deadline) late();
      else h.schedule(POLL_MS, tick);
    };
    tick();
  };

  /** Sets every load balancer's entry for the machine to `to` (those already there are left). */
  const setState = (machine: number, to: "ready" | "drain" | "maint"): boolean => {
    for (const m of membersOf(b, machine)) {
      const now = reading(b, m);
      if (now?.admin === to) continue;
      const r = b.server(m.lb, { name: m.name, state: to });
      if (!r.ok) {
        stop(r.message);
        return false;
      }
    }
    return true;
  };
  const setWeight = (machine: number, weight: number): boolean => {
    for (const m of membersOf(b, machine)) {
      if (reading(b, m)?.weight === weight) continue;
      const r = b.server(m.lb, { name: m.name, weight });
      if (!r.ok) {
        stop(r.message);
        return false;
      }
    }
    return true;
  };
  const inFlight = (machine: number) =>
    membersOf(b, machine).reduce((n, m) => n + (reading(b, m)?.active ?? 0), 0);

  // ---- the steps, each calling `next` when done ------------------------------------------

  const drain = (machine: number, next: () => void) => {
    if (!setState(machine, "drain")) return;
    note(
      `set server ${b.backend(lb0)}/${name(machine)} state drain: ${name(machine)} takes no new requests, the ${inFlight(machine)} in flight finish`,
    );
    phase("drain", `${name(machine)} draining`, machine);
    waitFor(
      () => {
        state.label = `${name(machine)} draining (${inFlight(machine)} in flight)`;
        return inFlight(machine) === 0;
      },
      DRAIN_TIMEOUT_MS,
      () => {
        note(`${name(machine)} drained: no request in flight`);
        next();
      },
      () => {
        note(
          `${name(machine)} still has ${inFlight(machine)} requests in flight after ${DRAIN_TIMEOUT_MS / 1000} s: deploying anyway (the restart cuts them off)`,
        );
        next();
      },
    );
  };

  const deploy = (machines: readonly number[], next: () => void) => {
    const first = machines[0] ?? at;
    phase(
      "upload",
      `Deploying ${version} to ${machines.map(name).join(", ")}${mode === "reload" ? " (graceful reload)" : " (restart)"}`,
      first,
    );
    hostRunners = machines.map((m) => startDeploy(h, m, timing, mode, { version, release }));
    waitFor(
      () => hostRunners.every((r) => !r.running),
      Number.POSITIVE_INFINITY,
      () => {
        hostRunners = [];
        note(`${machines.map(name).join(", ")} ${machines.length > 1 ? "run" : "runs"} ${version}`);
        next();
      },
      () => {},
    );
  };

  /** Waits until `rise` checks in a row pass after now on every entry of the machines. */
  const healthy = (machines: readonly number[], next: () => void) => {
    const entries: { machine: number; m: Member; from: number }[] = [];
    for (const machine of machines)
      for (const m of membersOf(b, machine)) {
        const r = reading(b, m);
        // A check already running started before the deploy ended: it does not count.
        if (r) entries.push({ machine, m, from: r.checksDone + (r.checking ? 1 : 0) });
      }
    const names = machines.map(name).join(", ");
    phase("checks", `${names}: waiting for ${checks.rise} good health checks`, machines[0]);
    const how = checks.http ? "HTTP check GET /health" : "TCP check (it only sees Nginx accept)";
    const failed = () =>
      entries.find((e) => {
        const r = reading(b, e.m);
        return (
          r !== undefined && r.checksDone - e.from >= checks.fall && r.badStreak >= checks.fall
        );
      });
    waitFor(
      () => {
        const bad = failed();
        if (bad) return true;
        let good = Number.POSITIVE_INFINITY;
        let all = true;
        for (const e of entries) {
          const r = reading(b, e.m);
          const done = r ? r.checksDone - e.from : 0;
          const streak = r ? Math.min(r.goodStreak, done) : 0;
          good = Math.min(good, streak);
          if (!r || streak < checks.rise || !r.up) all = false;
        }
        state.label = `${names}: ${Math.min(good, checks.rise)}/${checks.rise} good checks (${how})`;
        return all;
      },
      (checks.rise + checks.fall + 2) * checks.interMs + 1_000,
      () => {
        const bad = failed();
        if (bad) {
          const r = reading(b, bad.m);
          const info = r?.lastCheckInfo ? `, ${r.lastCheckInfo}` : "";
          stop(
            `${name(bad.machine)} failed ${checks.fall} health checks in a row after the deploy (${r?.lastCheck ?? "?"}${info}); it stays out of the pool. Roll back to put ${plan.from} back.`,
          );
          return;
        }
        note(`${names} UP, ${checks.rise}/${checks.rise} checks (${how})`);
        next();
      },
      () =>
        stop(
          `${names} did not pass ${checks.rise} health checks in a row within ${((checks.rise + checks.fall + 2) * checks.interMs) / 1000} s; it stays out of the pool.`,
        ),
    );
  };

  const ready = (machine: number, next: () => void) => {
    if (!setState(machine, "ready")) return;
    note(
      `set server ${b.backend(lb0)}/${name(machine)} state ready: ${name(machine)} serves ${version}`,
    );
    next();
  };

  /** One server after another: drain, deploy, checks, ready. */
  const oneByOne = (machines: readonly number[], done: () => void) => {
    const go = (k: number) => {
      const m = machines[k];
      if (m === undefined) return done();
      drain(m, () => deploy([m], () => healthy([m], () => ready(m, () => go(k + 1)))));
    };
    go(0);
  };

  const switchOver = () => {
    phase("switch", `Switching to ${plan.hosts.map(name).join(", ")}`, plan.hosts[0]);
    for (const m of plan.hosts) if (!setState(m, "ready")) return;
    for (const m of plan.live) if (!setState(m, "maint")) return;
    note(
      `switched: ${plan.hosts.map(name).join(", ")} (${version}) take every new request; ${plan.live.map(name).join(", ")} go into maintenance (their requests in flight finish) and stay ready to switch back`,
    );
    finish();
  };

  const canary = (m: number, rest: readonly number[]) => {
    const others = plan.live.filter((x) => x !== m);
    const otherWeight = Math.max(
      1,
      Math.round((1 - CANARY_SHARE) * 100) / Math.max(1, others.length),
    );
    const share = Math.round(CANARY_SHARE * 100);
    drain(m, () =>
      deploy([m], () =>
        healthy([m], () => {
          for (const o of others) if (!setWeight(o, Math.round(otherWeight))) return;
          if (!setWeight(m, share)) return;
          if (!setState(m, "ready")) return;
          note(
            `canary: ${name(m)} runs ${version} at weight ${share} (the others ${Math.round(otherWeight)} each): about ${share} % of new requests`,
          );
          const members = membersOf(b, m);
          const baseline = others.flatMap((o) => membersOf(b, o));
          const count = (of: readonly Member[] = members) => {
            let sent = 0;
            let failedNow = 0;
            let answered = 0;
            let responseMs = 0;
            for (const x of of) {
              const r = reading(b, x);
              sent += r?.sent ?? 0;
              failedNow += r?.failed ?? 0;
              answered += r?.answered ?? 0;
              responseMs += r?.responseMs ?? 0;
            }
            return { sent, failed: failedNow, answered, responseMs };
          };
          const start = count();
          const baseStart = count(baseline);
          /** Average response time over the hold (ms), undefined with no answer. */
          const average = (from: ReturnType<typeof count>, to: ReturnType<typeof count>) =>
            to.answered > from.answered
              ? (to.responseMs - from.responseMs) / (to.answered - from.answered)
              : undefined;
          const holdUntil = h.now + CANARY_HOLD_MS;
          phase("canary", `canary at ${share} %`, m);
          state.phaseEndsAt = holdUntil;
          const restore = () => {
            for (const o of [...others, m]) {
              const w = membersOf(b, o).map((x) => reading(b, x)?.configWeight ?? 1)[0] ?? 1;
              if (!setWeight(o, w)) return false;
            }
            return true;
          };
          waitFor(
            () => {
              const now = count();
              const sent = now.sent - start.sent;
              const failedNow = now.failed - start.failed;
              state.label = `canary at ${share} %: ${failedNow} errors of ${sent}`;
              state.phaseEndsAt = holdUntil;
              return false;
            },
            CANARY_HOLD_MS,
            () => {},
            () => {
              const now = count();
              const sent = now.sent - start.sent;
              const failedNow = now.failed - start.failed;
              if (sent > 0 && failedNow / sent > CANARY_MAX_ERROR_SHARE) {
                if (!setState(m, "drain") || !restore()) return;
                stop(
                  `the canary ${name(m)} failed ${failedNow} of its ${sent} requests in ${CANARY_HOLD_MS / 1000} s: it is drained and ${version} goes no further. Roll back to put ${plan.from} back on ${name(m)}.`,
                );
                return;
              }
              const mine = average(start, now);
              const theirs = average(baseStart, count(baseline));
              const ms = (x: number) => `${Math.round(x)} ms`;
              if (
                mine !== undefined &&
                theirs !== undefined &&
                mine > CANARY_MAX_SLOWDOWN * theirs &&
                mine - theirs >= CANARY_MIN_SLOWER_MS
              ) {
                if (!setState(m, "drain") || !restore()) return;
                stop(
                  `the canary ${name(m)} answered in ${ms(mine)} on average against ${ms(theirs)} on the others (more than ${CANARY_MAX_SLOWDOWN} times slower) in ${CANARY_HOLD_MS / 1000} s: it is drained and ${version} goes no further. Roll back to put ${plan.from} back on ${name(m)}.`,
                );
                return;
              }
              note(
                `canary ${name(m)} answered ${sent} requests with ${failedNow} errors in ${CANARY_HOLD_MS / 1000} s${mine !== undefined && theirs !== undefined ? `, in ${ms(mine)} on average (the others ${ms(theirs)})` : ""}: promoting ${version} to the others`,
              );
              if (!restore()) return;
              oneByOne(rest, finish);
            },
          );
        }),
      ),
    );
  };

  h.note(
    b.all[0] ?? at,
    `${plan.strategy} deploy of ${version}${release === "good" ? "" : ` (a bad release: ${release})`} to ${plan.hosts.map(name).join(", ") || "no server"}${mode === "reload" ? " with graceful reloads" : " with restarts"}`,
  );
  if (plan.hosts.length === 0 && !plan.switchOnly) finish();
  else
    switch (plan.strategy) {
      case "all-at-once":
        deploy(plan.hosts, finish);
        break;
      case "rolling":
        oneByOne(plan.hosts, finish);
        break;
      case "blue-green":
        if (plan.switchOnly) switchOver();
        else
          deploy(plan.hosts, () => {
            for (const m of plan.hosts) if (!setState(m, "drain")) return;
            note(
              `${plan.hosts.map(name).join(", ")} leave maintenance in drain state: checks run, no traffic yet`,
            );
            healthy(plan.hosts, switchOver);
          });
        break;
      case "canary": {
        const [first, ...rest] = plan.hosts;
        if (first !== undefined) canary(first, rest);
        break;
      }
    }

  return {
    get host() {
      return at;
    },
    get running() {
      return running;
    },
    state,
    covers: (machine) => running && hostRunners.some((r) => r.running && r.host === machine),
    abort(reason) {
      if (!running) return;
      for (const r of hostRunners) r.abort(reason);
      hostRunners = [];
      end("aborted", `Deploy ${version} aborted: ${reason}`);
      note(`aborted: ${reason}`);
    },
  };
}
