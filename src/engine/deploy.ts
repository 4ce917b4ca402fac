import type { Context } from "./context";
import type { Faults } from "./faults";
import type { Loop } from "./loop";
import type { Trace } from "./trace";
import type {
  CommandResult,
  ComponentSpec,
  DeployMode,
  DeployState,
  Incident,
  Topology,
} from "./types";
import { own, shown } from "./validate";

/** What a deploy may do to the simulation (see createDeploys, which gives it this). */
export type DeployHost = {
  readonly now: number;
  readonly specs: readonly ComponentSpec[];
  processesOn(machine: number): number[];
  isUp(i: number): boolean;
  stop(i: number): void;
  start(i: number): void;
  setVersion(i: number, version: string): void;
  /** Its part in a deploy (see KindDefinition.deploy). */
  deployRole(i: number): "code" | "web" | undefined;
  /** Reloads a process gracefully; `ready` runs when it serves again (see reloadAppServer). */
  reload(i: number, ready: () => void): void;
  versionOf(i: number): string;
  schedule(delayMs: number, fn: () => void): void;
  note(i: number, summary: string): void;
  startIncident(id: string, kind: Incident["kind"], label: string): void;
  endIncident(id: string, kind: Incident["kind"]): void;
};

/** A deploy under way on one host. */
export interface DeployRunner {
  readonly host: number;
  readonly running: boolean;
  readonly state: DeployState;
  /** The host went down: stop here, and leave its processes to boot with it. */
  abort(reason: string): void;
}

/**
 * An all-at-once deploy on a single server, as it is usually done by hand or
 * by a simple script: upload the new code (the site keeps serving the old
 * one), then put it in service:
 *
 * - `restart` (the default): restart the application server (Nginx answers 502
 *   meanwhile), then restart Nginx (connections are refused meanwhile). The result
 *   is downtime, which is the lesson.
 * - `reload`: reload PHP-FPM (SIGUSR2: its socket stays open, so new connections wait;
 *   busy workers are killed unless `process_control_timeout` lets them finish), then
 *   `nginx -s reload` (new workers start, old ones finish their requests: nothing fails).
 *
 * Each step is scheduled in simulated time.
 */
export function startDeploy(
  h: DeployHost,
  host: number,
  timing: Topology["deploy"],
  mode: DeployMode = "restart",
): DeployRunner {
  const processes = h.processesOn(host);
  const apps = processes.filter((i) => h.deployRole(i) === "code");
  const webs = processes.filter((i) => h.deployRole(i) === "web");
  const current = apps.map((i) => Number(h.versionOf(i).replace(/^v/, "")) || 1);
  const version = `v${Math.max(1, ...current) + 1}`;
  const hostSpec = h.specs[host];
  const id = hostSpec?.id ?? String(host);
  let running = true;
  let uploaded = false;
  const state: DeployState = {
    host: id,
    version,
    mode,
    phase: "upload",
    label: `Uploading code ${version}`,
    startedAt: h.now,
    phaseEndsAt: h.now + timing.uploadMs,
  };

  const phase = (next: DeployState["phase"], label: string, lasts: number | undefined) => {
    state.phase = next;
    state.label = label;
    if (lasts === undefined) delete state.phaseEndsAt;
    else state.phaseEndsAt = h.now + lasts;
  };
  const step = (delay: number, fn: () => void) => h.schedule(delay, () => running && fn());

  h.startIncident(id, "deploy", `Deploy ${version}`);
  h.note(
    host,
    `deploy ${version}: uploading the new code to the server (the site still serves the old code)`,
  );

  const reload = () => {
    uploaded = true;
    phase("reload-app", `Reloading PHP-FPM (${version})`, undefined);
    h.note(
      host,
      `deploy ${version}: code uploaded; systemctl reload php-fpm (SIGUSR2): the socket stays open, new connections wait while the workers restart`,
    );
    let waiting = apps.length;
    const finish = () => {
      phase("reload-web", "Reloading Nginx", undefined);
      h.note(
        host,
        `deploy ${version}: PHP-FPM runs ${version}; nginx -s reload: new Nginx workers start, the old ones finish their requests, nothing fails`,
      );
      running = false;
      phase("done", `Deployed ${version}`, undefined);
      state.endedAt = h.now;
      h.endIncident(id, "deploy");
      h.note(host, `deploy ${version}: finished, the site serves ${version}`);
    };
    if (waiting === 0) finish();
    for (const app of apps) {
      h.reload(app, () => {
        if (!running) return;
        h.setVersion(app, version);
        if (--waiting === 0) finish();
      });
    }
  };

  step(timing.uploadMs, () => {
    if (mode === "reload") {
      reload();
      return;
    }
    uploaded = true;
    for (const app of apps) h.setVersion(app, version);
    phase("restart-app", `Restarting the application server (${version})`, timing.appRestartMs);
    h.note(
      host,
      `deploy ${version}: code uploaded; restarting the application server, which stops for a moment`,
    );
    for (const app of apps) h.stop(app);
    step(timing.appRestartMs, () => {
      for (const app of apps) h.start(app);
      phase("restart-web", "Restarting Nginx", timing.webRestartMs);
      h.note(
        host,
        `deploy ${version}: the application server runs ${version}; restarting Nginx (a full stop and start)`,
      );
      for (const web of webs) h.stop(web);
      step(timing.webRestartMs, () => {
        for (const web of webs) h.start(web);
        running = false;
        phase("done", `Deployed ${version}`, undefined);
        state.endedAt = h.now;
        h.endIncident(id, "deploy");
        h.note(host, `deploy ${version}: finished, the site serves ${version}`);
      });
    });
  });

  return {
    host,
    get running() {
      return running;
    },
    state,
    abort(reason) {
      if (!running) return;
      running = false;
      // Whatever the deploy had stopped boots again with the machine.
      for (const i of [...apps, ...webs]) if (!h.isUp(i)) h.start(i);
      phase("aborted", `Deploy ${version} aborted: ${reason}`, undefined);
      state.endedAt = h.now;
      h.endIncident(id, "deploy");
      h.note(
        host,
        `deploy ${version}: aborted, ${reason}${uploaded ? ` (the ${version} code is on disk and runs when the server is back)` : ""}`,
      );
    },
  };
}

/** The `deploy` command, and the deploy it started. */
export interface Deploys {
  deploy(hostId?: string, options?: { mode?: DeployMode }): CommandResult;
  /** The deploy in progress, or the last one. */
  readonly current: DeployRunner | undefined;
}

export function createDeploys(
  ctx: Context,
  trace: Trace,
  loop: Loop,
  faults: Faults,
  timing: Topology["deploy"],
): Deploys {
  const { specs, kinds, states, clock, versions, isUp, labelOf, indexFor, processesOn } = ctx;
  let current: DeployRunner | undefined;
  const refused = (message: string): CommandResult => ({ ok: false, message });

  const runner: DeployHost = {
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
  };

  return {
    deploy(hostId, options) {
      if (options !== undefined && (typeof options !== "object" || options === null))
        return refused(`The options of a deploy must be an object, not ${shown(options)}.`);
      const mode = own(options, "mode") ?? "restart";
      if (mode !== "restart" && mode !== "reload")
        return refused(`${shown(mode)} is not a way to deploy: use restart or reload.`);
      if (hostId !== undefined && typeof hostId !== "string")
        return refused(`There is no server ${shown(hostId)}.`);
      // The machines that run the site's code: a deploy goes to one of them, and only when it is
      // the only one (several web servers need a rolling deploy, which is not built yet).
      const codeMachines = kinds.flatMap((d, i) =>
        d.machine !== undefined && processesOn(i).some((p) => kinds[p]?.deploy?.role === "code")
          ? [i]
          : [],
      );
      if (codeMachines.length > 1)
        return refused(
          `This architecture runs the code on ${codeMachines.length} servers (${codeMachines.map(labelOf).join(", ")}): deploying to several servers at once (a rolling deploy) is not possible yet.`,
        );
      const host = hostId === undefined ? codeMachines[0] : indexFor(hostId);
      if (host === undefined || host < 0 || !kinds[host]?.machine)
        return refused("There is no server to deploy to.");
      if (current?.running)
        return refused(`A deploy (${current.state.version}) is already running.`);
      const down = [host, ...processesOn(host)].filter((i) => !isUp(i));
      if (down.length > 0) {
        return refused(
          `Deploying needs everything on ${labelOf(host)} running: revive ${down.map(labelOf).join(", ")} first.`,
        );
      }
      current = startDeploy(runner, host, timing, mode);
      return {
        ok: true,
        message: `Deploying ${current.state.version} to ${labelOf(host)}${mode === "reload" ? " with a graceful reload" : ""}.`,
      };
    },
    get current() {
      return current;
    },
  };
}
