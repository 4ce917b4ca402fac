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

/**
 * The copies carry the setup's traffic too, up to this rate (visits/s): under traffic, a part
 * whose death only makes requests hang (a database host switched off) ties up every PHP worker
 * and takes the pages down with the writes, which probes alone would never show. Capped so a
 * whole run stays a few seconds long (20 visits/s is the rate the scenes use).
 */
export const FINDER_MAX_RPS = 20;

/** How long the setup must stay unchanged before the finder runs again (ms): a burst of clicks is one change. */
const RERUN_AFTER_MS = 400;

/**
 * The single-point-of-failure finder as the store runs it: on the setup on screen (the components
 * stopped or slowed by hand, the settings, and the commands given to components such as HAProxy's
 * check type), and again whenever that setup or the architecture changes while its findings are
 * shown. Each copy carries the setup's traffic (up to FINDER_MAX_RPS) and the finder's own probes.
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
    const rps = Math.min(live.rps, FINDER_MAX_RPS);
    return {
      c,
      live,
      rps,
      key: JSON.stringify([c.architecture, live.kill, live.slow, live.settings, commands, rps]),
    };
  };

  const find = () => {
    stop?.();
    const { c, live, key, rps } = setupNow();
    const replay = [...commands];
    stop = runFinder(
      c.topology,
      {
        seed: c.seed,
        key,
        rps,
        prepare: (sim) => {
          if (rps > 0) sim.setTraffic(rps);
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
