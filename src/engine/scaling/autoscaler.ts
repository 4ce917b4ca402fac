import type { AutoscalingPolicy, CommandResult } from "../types";
import { shown } from "../validate";

/**
 * Target tracking, as the cloud providers' autoscalers do it (AWS Application Auto Scaling's
 * target tracking policies; Google's and Azure's work alike), made small enough to follow:
 *
 * - Every `EVALUATE_EVERY_MS` (10 s) the autoscaler takes the average CPU utilisation of the
 *   servers in service over the last `METRIC_WINDOW_MS` (30 s): their busy core-time over their
 *   cores' time. Servers booting, joining or draining are left out, as a cloud leaves out
 *   instances still warming up. (A cloud's alarms read one-minute averages, three in a row to
 *   scale out and fifteen to scale in: several minutes. Hopscope compresses that so a class sees
 *   a whole surge in a few minutes; the rule is the same.)
 * - The servers it wants are `ceil(in service × CPU / target)`, between `min` and `max`.
 * - More than it has (in service plus booting): it launches the difference at once. Within the
 *   scale-out cooldown after a launch it launches again only for a larger number than that
 *   launch asked for (AWS: "won't increase the desired capacity again unless a larger scale out
 *   is triggered or the cooldown period ends").
 * - Fewer: it removes one server (drained, then powered off), and only when none is booting and
 *   the scale-in cooldown has passed since the last change of either kind: it scales in slowly,
 *   to protect availability, as the providers do.
 * - Below `min` or above `max` (the policy changed): one step to the bound, whatever the cooldowns.
 */

/** How often the autoscaler decides (ms of simulated time). */
export const EVALUATE_EVERY_MS = 10_000;
/** The window of the average CPU it decides on (ms). */
export const METRIC_WINDOW_MS = 30_000;

/** A policy's bounds: what `checkPolicy` accepts. */
export const POLICY_LIMITS = {
  targetCpu: [1, 100],
  cooldownMs: [0, 3_600_000],
} as const;

/** What the autoscaler sees when it decides. */
export interface Observation {
  now: number;
  /** Servers taking traffic (UP and ready in the load balancer). */
  inService: number;
  /** Servers launched and not in service yet (booting, or waiting for their health checks). */
  pending: number;
  /** Average CPU of the servers in service over the window, 0 to 1; undefined with none. */
  cpu: number | undefined;
  /** When it last launched servers, and how many it then wanted in all. */
  lastScaleOut?: { at: number; desired: number };
  /** When it last removed a server. */
  lastScaleInAt?: number;
}

export type Decision =
  | { kind: "out"; add: number; desired: number; why: string }
  | { kind: "in"; desired: number; why: string }
  | { kind: "hold"; desired: number; why: string };

/** `ceil`, forgiving the last bits of a division that should have been whole (2 × 0.5 / 0.5). */
const ceil = (x: number): number => Math.ceil(x - 1e-9);

/** What the policy does with what it sees (pure: the same observation, the same decision). */
export function decide(policy: AutoscalingPolicy, o: Observation): Decision {
  const have = o.inService + o.pending;
  if (have < policy.min)
    return {
      kind: "out",
      add: policy.min - have,
      desired: policy.min,
      why: `${have} server${have === 1 ? "" : "s"}, below the minimum of ${policy.min}`,
    };
  if (have > policy.max)
    return {
      kind: "in",
      desired: have - 1,
      why: `${have} servers, above the maximum of ${policy.max}`,
    };
  if (o.cpu === undefined)
    return { kind: "hold", desired: have, why: "no server in service to measure" };
  const cpu = Math.round(o.cpu * 1000) / 10;
  const wanted = ceil((o.inService * o.cpu * 100) / policy.targetCpu);
  const desired = Math.min(policy.max, Math.max(policy.min, wanted));
  const formula = `average CPU ${cpu} % (target ${policy.targetCpu} %) on ${o.inService} in service: ceil(${o.inService} × ${cpu} / ${policy.targetCpu}) = ${wanted}${desired !== wanted ? `, bounded to ${desired}` : ""}`;
  if (desired > have) {
    const last = o.lastScaleOut;
    if (last && o.now - last.at < policy.scaleOutCooldownMs && desired <= last.desired)
      return { kind: "hold", desired: have, why: `${formula}; scale-out cooldown` };
    return { kind: "out", add: desired - have, desired, why: formula };
  }
  if (desired < have) {
    if (o.pending > 0)
      return { kind: "hold", desired: have, why: `${formula}; a server is still starting` };
    const lastChange = Math.max(o.lastScaleOut?.at ?? -Infinity, o.lastScaleInAt ?? -Infinity);
    if (o.now - lastChange < policy.scaleInCooldownMs)
      return { kind: "hold", desired: have, why: `${formula}; scale-in cooldown` };
    return { kind: "in", desired: have - 1, why: `${formula}; one server less` };
  }
  return { kind: "hold", desired: have, why: formula };
}

/**
 * A policy made of `base` and the fields of `change` (every field checked), or a refusal that
 * says why: min above max, a minimum of 0, a maximum above the group's slots, a target outside
 * 1 to 100 %, a cooldown outside 0 to 3600 s.
 */
export function checkPolicy(
  base: AutoscalingPolicy,
  change: unknown,
  slots: number,
): { ok: true; policy: AutoscalingPolicy } | (CommandResult & { ok: false }) {
  if (typeof change !== "object" || change === null)
    return { ok: false, message: `A policy is an object of settings, not ${shown(change)}.` };
  const next: AutoscalingPolicy = { ...base };
  const fields = ["targetCpu", "min", "max", "scaleOutCooldownMs", "scaleInCooldownMs"] as const;
  for (const key of Object.keys(change)) {
    if (!(fields as readonly string[]).includes(key))
      return {
        ok: false,
        message: `A policy has no setting ${shown(key)}: it has ${fields.join(", ")}.`,
      };
  }
  for (const key of fields) {
    if (!Object.hasOwn(change, key)) continue;
    const v = (change as Record<string, unknown>)[key];
    if (typeof v !== "number" || !Number.isFinite(v))
      return { ok: false, message: `${key} must be a number, not ${shown(v)}.` };
    next[key] = v;
  }
  const [tLo, tHi] = POLICY_LIMITS.targetCpu;
  if (next.targetCpu < tLo || next.targetCpu > tHi)
    return {
      ok: false,
      message: `The target CPU is ${tLo} to ${tHi} %, not ${shown(next.targetCpu)}.`,
    };
  if (!Number.isInteger(next.min) || !Number.isInteger(next.max))
    return { ok: false, message: "The minimum and maximum are whole numbers of servers." };
  if (next.min < 1)
    return {
      ok: false,
      message: `The minimum is at least 1 server, not ${next.min}: with none, HAProxy would answer every visit with 503.`,
    };
  if (next.max > slots)
    return {
      ok: false,
      message: `The maximum is at most ${slots} servers (the group has ${slots} slots), not ${next.max}.`,
    };
  if (next.min > next.max)
    return {
      ok: false,
      message: `The minimum (${next.min}) is more than the maximum (${next.max}): no number of servers fits both.`,
    };
  const [cLo, cHi] = POLICY_LIMITS.cooldownMs;
  for (const key of ["scaleOutCooldownMs", "scaleInCooldownMs"] as const) {
    if (next[key] < cLo || next[key] > cHi)
      return {
        ok: false,
        message: `A cooldown is ${cLo / 1000} to ${cHi / 1000} s, not ${shown(next[key] / 1000)} s.`,
      };
  }
  return { ok: true, policy: next };
}
