import type { Simulation, Topology } from "../engine";
import { liveSetup } from "./setup";
import type { SpeedId } from "./speed";
import { runFinder, type SpofReport } from "./spofRunner";

/** What the finder needs to know of the store. */
export interface FinderHost {
  current(): {
    sim: Simulation;
    topology: Topology;
    architecture: string;
    scene: string;
    speed: SpeedId;
    seed: number;
  };
  /** A new report (or the same one, now stale). */
  publish(report: SpofReport | undefined, stale: boolean): void;
}

/** Runs `fn` after `ms` of real time (setTimeout in the app; tests pass their own). */
export type Schedule = (fn: () => void, ms: number) => unknown;

/** How long the setup must stay unchanged before the finder runs again (ms): a burst of clicks is one change. */
const RERUN_AFTER_MS = 400;

/**
 * The single-point-of-failure finder as the store runs it: on the setup on screen (the components
 * stopped or slowed by hand, the settings, and the commands given to components such as HAProxy's
 * check type), and again whenever that setup or the architecture changes while its findings are
 * shown. The traffic is left out: the finder probes with visits of its own.
 */
export function createFinder(host: FinderHost, schedule: Schedule) {
  let stop: (() => void) | undefined;
  let report: SpofReport | undefined;
  /** Kind commands that succeeded since the scene opened, replayed on each copy. */
  let commands: { id: string; name: string; argument: unknown }[] = [];
  let rerun = 0;

  const setupNow = () => {
    const c = host.current();
    const live = liveSetup(c.sim, c.topology, c.scene, c.speed);
    return {
      c,
      live,
      key: JSON.stringify([c.architecture, live.kill, live.slow, live.settings, commands]),
    };
  };

  const find = () => {
    stop?.();
    const { c, live, key } = setupNow();
    const replay = [...commands];
    stop = runFinder(
      c.topology,
      {
        seed: c.seed,
        key,
        prepare: (sim) => {
          for (const s of live.settings) sim.configure(s.component, s.setting, s.value);
          for (const id of live.kill) sim.kill(id);
          for (const id of live.slow) sim.setSlow(id, true);
          for (const k of replay) sim.command(k.id, k.name, k.argument);
        },
      },
      (next) => {
        report = next;
        host.publish(next, false);
      },
      (fn) => schedule(fn, 0),
    );
  };

  /** The setup may have changed: if the findings on screen are for another, run again soon. */
  const changed = () => {
    if (report === undefined || setupNow().key === report.key) return;
    host.publish(report, true);
    const mine = ++rerun;
    schedule(() => {
      if (mine === rerun) find();
    }, RERUN_AFTER_MS);
  };

  return {
    find,
    changed,
    /** A component's own command succeeded (it is part of the setup from now on). */
    commanded(id: string, name: string, argument: unknown) {
      commands.push({ id, name, argument });
      changed();
    },
    /** A scene opened: a new setup, perhaps a new architecture. */
    opened() {
      commands = [];
      changed();
    },
  };
}
