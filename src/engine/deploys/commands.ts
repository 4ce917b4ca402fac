import type { Context } from "../context";
import { type DeployRunner, startDeploy } from "../deploy";
import type { Faults } from "../faults";
import type { Loop } from "../loop";
import type { Part } from "../snapshot";
import type { Trace } from "../trace";
import type {
  CommandResult,
  ComponentSpec,
  DeployMode,
  DeployStrategy,
  Release,
  Topology,
} from "../types";
import { own, shown } from "../validate";
import { type Balancers, membersOf, reading } from "./pool";
import { type RolloutHost, startRollout } from "./rollout";

/** The strategies, in the order a panel offers them. */
export const DEPLOY_STRATEGIES: readonly DeployStrategy[] = [
  "all-at-once",
  "rolling",
  "blue-green",
  "canary",
];
export const RELEASES: readonly Release[] = ["good", "bad-500", "bad-slow"];

/** What a deploy may be asked: how it puts the code in service, on which servers, which code. */
export interface DeployOptions {
  mode?: DeployMode;
  /** Default: all-at-once on one server, rolling on several. */
  strategy?: DeployStrategy;
  /** Default: good. */
  release?: Release;
}

/** One deploy in the history a rollback goes back through. */
export interface DeployedVersion {
  version: string;
  release: Release;
  strategy: DeployStrategy;
}

/** The `deploy` and `rollback` commands, and the deploy they started. */
export interface Deploys extends Part {
  deploy(hostId?: string, options?: DeployOptions): CommandResult;
  /**
   * Puts the version before the last deploy back, with the last deploy's strategy (a canary's
   * rollback is rolling; a blue-green one switches back when the idle half still runs it).
   */
  rollback(options?: { mode?: DeployMode }): CommandResult;
  /**
   * What `deploy` would answer now, without deploying: the refusal, or ok. A button says why it
   * would be refused before the click (src/store/refusals.ts) with the engine's own words.
   */
  check(hostId?: string, options?: DeployOptions): CommandResult;
  /** The deploy in progress, or the last one. */
  readonly current: DeployRunner | undefined;
  /** The versions deployed, oldest first: the first is what the site started with. */
  history(): readonly DeployedVersion[];
}

const refused = (message: string): CommandResult => ({ ok: false, message });
/** What a dry run (`check`) answers where the deploy would start. */
const WOULD_DEPLOY: CommandResult = { ok: true, message: "" };

export function createDeploys(
  ctx: Context,
  trace: Trace,
  loop: Loop,
  faults: Faults,
  timing: Topology["deploy"],
): Deploys {
  const { specs, kinds, states, clock, versions, releases, isUp, labelOf, indexFor, processesOn } =
    ctx;
  let current: DeployRunner | undefined;
  /** Set while `check` runs `deploy`: everything but starting it (and recording it). */
  let dryRun = false;

  const balancers: Balancers = {
    all: kinds.flatMap((d, i) => (d.balancer ? [i] : [])),
    pool(lb) {
      const d = kinds[lb]?.balancer;
      const st = states[lb];
      return d && st ? d.servers(ctx.kernel, lb, specs[lb] as ComponentSpec, st.state) : [];
    },
    checks: (lb) =>
      kinds[lb]?.balancer?.checks(specs[lb] as ComponentSpec) ?? {
        interMs: 2_000,
        fall: 3,
        rise: 2,
        http: false,
      },
    backend: (lb) => kinds[lb]?.balancer?.backend(specs[lb] as ComponentSpec) ?? "",
    isUp,
    server: (lb, argument) => faults.command(ctx.idOf(lb), "server", argument),
  };

  const host: RolloutHost = {
    get now() {
      return clock[0] as number;
    },
    specs,
    processesOn,
    isUp,
    stop: (i) => faults.stop(i, `${labelOf(i)}`, true),
    start: faults.start,
    setVersion: (i, v) => {
      versions[i] = v;
    },
    setRelease: (i, r) => {
      releases[i] = r;
    },
    deployRole: (i) => kinds[i]?.deploy?.role,
    reload: (i, ready) => {
      const spec = specs[i];
      const state = states[i];
      const deploy = kinds[i]?.deploy;
      if (spec && state && deploy?.role === "code")
        deploy.reload(ctx.kernel, i, spec, state.state, ready);
      else ready();
    },
    versionOf: (i) => versions[i] ?? "",
    schedule: loop.schedule,
    note: (i, summary) => trace.commandNote(i, "deploy.step", summary),
    startIncident: trace.startIncident,
    endIncident: trace.endIncident,
    balancers,
    id: ctx.idOf,
  };

  /** The machines that run the site's code. */
  const codeMachines = () =>
    kinds.flatMap((d, i) =>
      d.machine !== undefined && processesOn(i).some((p) => kinds[p]?.deploy?.role === "code")
        ? [i]
        : [],
    );
  const codeOf = (machine: number) =>
    processesOn(machine).find((p) => kinds[p]?.deploy?.role === "code");
  const runs = (machine: number) => {
    const app = codeOf(machine);
    return {
      version: app === undefined ? "" : (versions[app] ?? ""),
      release: app === undefined ? ("good" as Release) : (releases[app] ?? "good"),
    };
  };
  /** In maintenance on every load balancer that has it: the idle half of a blue-green pool. */
  const idle = (machine: number) => {
    const members = membersOf(balancers, machine);
    return members.length > 0 && members.every((m) => reading(balancers, m)?.admin === "maint");
  };
  const first = codeMachines().map(runs)[0];
  const history: DeployedVersion[] = [
    { version: first?.version ?? "v1", release: first?.release ?? "good", strategy: "all-at-once" },
  ];

  const nextVersion = () => {
    const numbers = versions.map((v) => Number(v.replace(/^v/, "")) || 0);
    return `v${Math.max(1, ...numbers) + 1}`;
  };
  const downOn = (machines: readonly number[]): CommandResult | undefined => {
    for (const m of machines) {
      const down = [m, ...processesOn(m)].filter((i) => !isUp(i));
      if (down.length > 0)
        return refused(
          `Deploying needs everything on ${labelOf(m)} running: revive ${down.map(labelOf).join(", ")} first.`,
        );
    }
    return undefined;
  };
  const runningNow = () =>
    current?.running
      ? refused(`A deploy (${current.state.version}) is already running.`)
      : undefined;

  /**
   * A deploy on several servers. `target` is the code; `onlyChanged` leaves the servers that
   * already run it (a rollback).
   */
  const rollout = (
    strategy: DeployStrategy,
    mode: DeployMode,
    target: { version: string; release: Release },
    rollback: boolean,
  ): CommandResult => {
    const machines = codeMachines();
    const lbs = balancers.all;
    if (strategy !== "all-at-once") {
      if (lbs.length === 0)
        return refused(`A ${strategy} deploy needs a load balancer in front of the web servers.`);
      const downLb = lbs.filter((lb) => !isUp(lb));
      if (downLb.length === lbs.length)
        return refused(
          `${downLb.map(labelOf).join(", ")} ${downLb.length > 1 ? "are" : "is"} not running: a ${strategy} deploy works through the load balancer; revive it first.`,
        );
    }
    const behind = machines.filter((m) => membersOf(balancers, m).length > 0);
    const live = behind.filter((m) => !idle(m));
    const idleHalf = behind.filter(idle);
    const changed = (m: number) => {
      const r = runs(m);
      return !rollback || r.version !== target.version || r.release !== target.release;
    };
    const from = runs(live[0] ?? machines[0] ?? -1).version;
    let hosts: number[];
    let switchOnly = false;
    switch (strategy) {
      case "all-at-once":
        hosts = machines.filter(changed);
        break;
      case "rolling":
        hosts = live.filter(changed);
        break;
      case "canary":
        if (live.length < 2)
          return refused(
            `A canary deploy needs at least two servers taking traffic, to give one a small share: ${live.length} ${live.length === 1 ? "does" : "do"} here.`,
          );
        hosts = live.filter(changed);
        break;
      case "blue-green":
        if (idleHalf.length === 0)
          return refused(
            `A blue-green deploy needs an idle half of the servers, in maintenance in the load balancer (the blue-green scene has web3 and web4 idle); every server here takes traffic. Use rolling or canary.`,
          );
        hosts = idleHalf;
        switchOnly =
          rollback &&
          idleHalf.every((m) => {
            const r = runs(m);
            return r.version === target.version && r.release === target.release;
          });
        break;
    }
    const down = downOn(switchOnly ? [] : hosts);
    if (down) return down;
    if (dryRun) return WOULD_DEPLOY;
    current = startRollout(host, {
      strategy,
      mode,
      version: target.version,
      release: target.release,
      hosts,
      live,
      switchOnly,
      from,
      timing,
    });
    const names = hosts.map(labelOf).join(", ");
    return {
      ok: true,
      message: switchOnly
        ? `Switching back to ${target.version}: ${names}.`
        : `${rollback ? "Rolling back to" : "Deploying"} ${target.version}${target.release === "good" ? "" : ` (${target.release})`}, ${strategy}, to ${names || "no server (every one already runs it)"}${mode === "reload" ? " with graceful reloads" : ""}.`,
    };
  };

  const parseMode = (options: unknown): DeployMode | CommandResult => {
    const mode = own(options, "mode") ?? "restart";
    if (mode !== "restart" && mode !== "reload")
      return refused(`${shown(mode)} is not a way to deploy: use restart or reload.`);
    return mode;
  };

  const api: Deploys = {
    save: () => ({ current, dryRun, history }),
    restore(saved) {
      current = saved.current as DeployRunner | undefined;
      dryRun = saved.dryRun as boolean;
    },
    check(hostId, options) {
      dryRun = true;
      try {
        return api.deploy(hostId, options);
      } finally {
        dryRun = false;
      }
    },
    deploy(hostId, options) {
      if (options !== undefined && (typeof options !== "object" || options === null))
        return refused(`The options of a deploy must be an object, not ${shown(options)}.`);
      const mode = parseMode(options);
      if (typeof mode !== "string") return mode;
      const strategy = own(options, "strategy");
      if (strategy !== undefined && !DEPLOY_STRATEGIES.includes(strategy as DeployStrategy))
        return refused(
          `${shown(strategy)} is not a deploy strategy: use ${DEPLOY_STRATEGIES.join(", ")}.`,
        );
      const release = own(options, "release") ?? "good";
      if (!RELEASES.includes(release as Release))
        return refused(`${shown(release)} is not a release: use ${RELEASES.join(", ")}.`);
      if (hostId !== undefined && typeof hostId !== "string")
        return refused(`There is no server ${shown(hostId)}.`);
      const machines = codeMachines();
      if (machines.length > 1) {
        if (hostId !== undefined)
          return refused(
            `This architecture runs the code on ${machines.length} servers (${machines.map(labelOf).join(", ")}): a deploy goes to all of them, by a strategy; leave the server out.`,
          );
        const busy = runningNow();
        if (busy) return busy;
        const chosen = (strategy ?? "rolling") as DeployStrategy;
        const target = { version: nextVersion(), release: release as Release };
        const result = rollout(chosen, mode, target, false);
        if (result.ok && !dryRun) history.push({ ...target, strategy: chosen });
        return result;
      }
      if (strategy !== undefined && strategy !== "all-at-once") {
        const only = machines[0];
        return refused(
          `A ${strategy} deploy needs a load balancer in front of several web servers: this architecture runs the code on one server${only === undefined ? "" : ` (${labelOf(only)})`}. Use all-at-once.`,
        );
      }
      const target = indexOfHost(hostId, machines);
      if (target === undefined || target < 0 || !kinds[target]?.machine)
        return refused("There is no server to deploy to.");
      const busy = runningNow();
      if (busy) return busy;
      const down = downOn([target]);
      if (down) return down;
      if (dryRun) return WOULD_DEPLOY;
      const code =
        release === "good" ? undefined : { version: nextVersion(), release: release as Release };
      current = startDeploy(host, target, timing, mode, code);
      history.push({
        version: current.state.version,
        release: release as Release,
        strategy: "all-at-once",
      });
      return {
        ok: true,
        message: `Deploying ${current.state.version}${release === "good" ? "" : ` (${release})`} to ${labelOf(target)}${mode === "reload" ? " with a graceful reload" : ""}.`,
      };
    },
    rollback(options) {
      if (options !== undefined && (typeof options !== "object" || options === null))
        return refused(`The options of a rollback must be an object, not ${shown(options)}.`);
      const mode = parseMode(options);
      if (typeof mode !== "string") return mode;
      const busy = runningNow();
      if (busy) return busy;
      const last = history[history.length - 1] as DeployedVersion;
      const before = history[history.length - 2];
      if (!before)
        return refused(
          `There is nothing to roll back to: the site runs ${last.version}, the first version it had.`,
        );
      const machines = codeMachines();
      let result: CommandResult;
      if (machines.length > 1) {
        const strategy = last.strategy === "canary" ? "rolling" : last.strategy;
        result = rollout(strategy, mode, before, true);
      } else {
        const target = machines[0];
        if (target === undefined) return refused("There is no server to deploy to.");
        const down = downOn([target]);
        if (down) return down;
        current = startDeploy(host, target, timing, mode, before);
        result = {
          ok: true,
          message: `Rolling back to ${before.version} on ${labelOf(target)}${mode === "reload" ? " with a graceful reload" : ""}.`,
        };
      }
      if (result.ok) history.pop();
      return result;
    },
    get current() {
      return current;
    },
    history: () => history,
  };
  return api;

  function indexOfHost(hostId: string | undefined, machines: number[]): number | undefined {
    return hostId === undefined ? machines[0] : indexFor(hostId);
  }
}
