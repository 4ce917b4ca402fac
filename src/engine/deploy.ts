import type { ComponentSpec, DeployMode, DeployState, Incident, Release, Topology } from "./types";

/** What a deploy may do to the simulation (see createDeploys, which gives it this). */
export type DeployHost = {
  readonly now: number;
  readonly specs: readonly ComponentSpec[];
  processesOn(machine: number): number[];
  isUp(i: number): boolean;
  stop(i: number): void;
  start(i: number): void;
  setVersion(i: number, version: string): void;
  /** What the code now running on `i` is: good, or a defective release. */
  setRelease(i: number, release: Release): void;
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
  /** A deploy on several servers: whether it is deploying to `machine` now (else: `host`). */
  covers?(machine: number): boolean;
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
  /** The code to put in service (default: the next version, a good one). */
  target?: { version: string; release: Release },
): DeployRunner {
  const processes = h.processesOn(host);
  const apps = processes.filter((i) => h.deployRole(i) === "code");
  const webs = processes.filter((i) => h.deployRole(i) === "web");
  const current = apps.map((i) => Number(h.versionOf(i).replace(/^v/, "")) || 1);
  const version = target?.version ?? `v${Math.max(1, ...current) + 1}`;
  const release = target?.release ?? "good";
  const install = (app: number) => {
    h.setVersion(app, version);
    h.setRelease(app, release);
  };
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
        install(app);
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
    for (const app of apps) install(app);
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
