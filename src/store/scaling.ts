import type { Act } from "./acts";

/** What the scaling panel asks of the store: each an engine command of `Simulation.scaling`. */
export interface ScalingActions {
  /** Launches the next web server of the group (it boots, then joins), and plays. */
  addServer(): void;
  /** Drains a web server (the newest by default), then powers it off; plays. */
  removeServer(server?: string): void;
  /** Turns the autoscaler on or off. */
  setAutoscaling(on: boolean): void;
  /** Changes the policy's settings (targetCpu, min, max, scaleOutCooldownMs, scaleInCooldownMs). */
  setScalingPolicy(change: Record<string, number>): void;
  /** From launch to running, in ms. */
  setBootTime(ms: number): void;
}

/**
 * The scaling actions over the store's own runner of acts (a refusal becomes a notice, a
 * success is published) and `play`, which starts the clock: a server boots in simulated time.
 */
export function createScalingActions(
  command: (act: Act) => boolean,
  play: () => void,
): ScalingActions {
  return {
    addServer() {
      if (command({ op: "addServer" })) play();
    },
    removeServer(server) {
      if (command(server === undefined ? { op: "removeServer" } : { op: "removeServer", server }))
        play();
    },
    setAutoscaling(on) {
      command({ op: "autoscaling", on });
    },
    setScalingPolicy(change) {
      command({ op: "policy", change: { ...change } });
    },
    setBootTime(ms) {
      command({ op: "bootTime", ms });
    },
  };
}
