import type { Context } from "../context";
import type { Cpus } from "../cpu";
import { Call } from "../events";
import type { Faults } from "../faults";
import { type HaproxyServerState, type HaproxyState, setServerState } from "../haproxy";
import { takesTraffic } from "../lb/healthCheck";
import type { Part } from "../snapshot";
import type { Trace } from "../trace";
import type { AutoscalingPolicy, CommandResult, ComponentSpec, ScalingSpec } from "../types";
import { inRange, shown } from "../validate";
import {
  checkPolicy,
  type Decision,
  decide,
  EVALUATE_EVERY_MS,
  METRIC_WINDOW_MS,
} from "./autoscaler";

/**
 * Where a slot of the group is: `off` (powered off, MAINT in HAProxy), `booting` (launched: the
 * machine boots and starts Nginx and PHP-FPM), `joining` (running, back in HAProxy's backend
 * with `init-state fully-down`: no traffic until `rise` good checks), `in-service` (UP, taking
 * traffic), `draining` (HAProxy `drain`: no new requests, those under way finish; then MAINT
 * and powered off).
 */
export type SlotPhase = "off" | "booting" | "joining" | "in-service" | "draining";

export interface SlotView {
  host: string;
  server: string;
  phase: SlotPhase;
  /** When it entered this phase (ms). */
  since: number;
  /** For a booting slot: when it will be running (ms). */
  readyAt?: number;
}

/** One second of the group, for its chart. */
export interface ScalingSample {
  /** The end of the second (ms). */
  at: number;
  /** Visits a second the traffic asks for now. */
  demandRps: number;
  /** Pages a second the servers in service can serve (their CPU and workers). */
  capacityRps: number;
  inService: number;
  /** Servers paid for: booting, joining, in service or draining. */
  provisioned: number;
  /** Average CPU of the servers in service over that second, 0 to 1 (undefined: none). */
  cpu: number | undefined;
}

/** Something the group did, for its log and the lesson's timeline. */
export interface ScalingEvent {
  at: number;
  kind: "decision" | "launch" | "running" | "join" | "drain" | "off";
  server?: string;
  text: string;
}

export interface ScalingView {
  slots: readonly SlotView[];
  /** From launch to running (ms). */
  bootMs: number;
  autoscaling: boolean;
  policy: AutoscalingPolicy;
  /** Server-milliseconds paid so far: every provisioned server, from launch to power-off. */
  costMs: number;
  /** The autoscaler's last evaluation, when it is on. */
  lastDecision?: { at: number; cpu: number | undefined } & Decision;
  /** When it decides next (ms), when on. */
  nextEvaluationAt?: number;
}

/** Scaling the web servers out and in at run time, by hand or by the autoscaler. */
export interface Scaling extends Part {
  /** Whether the architecture has a scaling group (Topology.scaling). */
  readonly available: boolean;
  /** Launches the next server that is off: it boots, then joins after its health checks. */
  add(): CommandResult;
  /** Drains a server in service (the newest by default), then powers it off. */
  remove(server?: string): CommandResult;
  /** Changes the policy's settings (targetCpu, min, max, cooldowns); each is checked. */
  setPolicy(change: unknown): CommandResult;
  /** Turns the autoscaler on or off. */
  setAutoscaling(on: boolean): CommandResult;
  /** From launch to running, in ms (1 s to 30 min). */
  setBootTime(ms: number): CommandResult;
  view(): ScalingView;
  /** One sample a second (the newest SAMPLES_KEEP). */
  samples(): readonly ScalingSample[];
  events(): readonly ScalingEvent[];
}

/** Seconds of samples kept for the chart (30 minutes). */
export const SAMPLES_KEEP = 1_800;
/** Events kept. */
const EVENTS_KEEP = 500;
/**
 * The longest a drain waits for the requests under way before the server is powered off anyway
 * (a cloud load balancer's deregistration delay; AWS's default is 300 s).
 */
export const DRAIN_TIMEOUT_MS = 300_000;
/** The boot time's bounds (ms). */
export const BOOT_LIMITS = [1_000, 1_800_000] as const;

/** The policy when the topology gives none: 50 % CPU, 1 to all servers, cooldowns 30 s and 60 s. */
export function defaultPolicy(slots: number): AutoscalingPolicy {
  return {
    targetCpu: 50,
    min: 1,
    max: slots,
    scaleOutCooldownMs: 30_000,
    scaleInCooldownMs: 60_000,
  };
}

interface Slot {
  host: number;
  hostId: string;
  server: string;
  phase: SlotPhase;
  since: number;
  readyAt?: number;
  /** Bumped when a launch or drain is called off, so its scheduled step does nothing. */
  gen: number;
  /** The machine's busy core-ms at the last tick. */
  lastBusy: number;
}

const refused = (message: string): CommandResult => ({ ok: false, message });
const done = (message: string): CommandResult => ({ ok: true, message });

export function createScaling(
  ctx: Context,
  trace: Trace,
  faults: Faults,
  cpus: Cpus,
  demandRps: () => number,
  spec: ScalingSpec | undefined,
): Scaling {
  if (!spec) return unavailable();
  const { specs, kinds, states, clock, isUp, killed, indexFor, processesOn } = ctx;
  const now = (): number => clock[0] as number;
  const found = indexFor(spec.haproxy);
  if (found === undefined) throw new RangeError(`scaling: there is no HAProxy ${spec.haproxy}`);
  const lb: number = found;
  const slots: Slot[] = spec.slots.map((s, i) => {
    const host = indexFor(s.host);
    if (host === undefined) throw new RangeError(`scaling: there is no machine ${s.host}`);
    return {
      host,
      hostId: s.host,
      server: s.server,
      phase: i < spec.initial ? "in-service" : "off",
      since: 0,
      gen: 0,
      lastBusy: 0,
    };
  });
  let bootMs = spec.bootMs;
  let autoscaling = spec.autoscaling !== undefined;
  let policy = spec.autoscaling ?? defaultPolicy(slots.length);
  let costMs = 0;
  let costSince = 0;
  let lastScaleOut: { at: number; desired: number } | undefined;
  let lastScaleInAt: number | undefined;
  let lastDecision: ScalingView["lastDecision"];
  /** Busy and available core-ms of the servers in service, one entry a second (the window). */
  const cpuWindow: { busy: number; available: number }[] = [];
  const samples: ScalingSample[] = [];
  const events: ScalingEvent[] = [];

  // Slots not provisioned are powered off from the start (HAProxy has them `disabled`).
  for (const s of slots) if (s.phase === "off") faults.stop(s.host, s.hostId, false, true);

  const haproxy = (): HaproxyState | undefined =>
    isUp(lb) ? (states[lb]?.state as HaproxyState | undefined) : undefined;
  const serverOf = (s: Slot): HaproxyServerState | undefined =>
    haproxy()?.servers.find((x) => x.name === s.server);
  const provisioned = (): number => slots.filter((s) => s.phase !== "off").length;
  const serving = (): number =>
    slots.filter((s) => s.phase !== "off" && s.phase !== "draining").length;
  const count = (phase: SlotPhase): number => slots.filter((s) => s.phase === phase).length;

  function log(kind: ScalingEvent["kind"], text: string, slot?: Slot): void {
    events.push({ at: now(), kind, ...(slot ? { server: slot.server } : {}), text });
    if (events.length > EVENTS_KEEP) events.splice(0, events.length - EVENTS_KEEP);
    trace.commandNote(slot ? slot.host : lb, "scale.step", text);
  }

  function enter(slot: Slot, phase: SlotPhase): void {
    // Cost: every provisioned server, from launch to power-off.
    costMs += provisioned() * (now() - costSince);
    costSince = now();
    slot.phase = phase;
    slot.since = now();
    if (phase !== "booting") delete slot.readyAt;
  }

  /** `set server web/<name> state …` on HAProxy's runtime API; false when it is not running. */
  function setState(slot: Slot, to: "ready" | "drain" | "maint"): boolean {
    const state = haproxy();
    const hspec = specs[lb];
    if (!state || !hspec || hspec.kind !== "haproxy") return false;
    const server = state.servers.find((x) => x.name === slot.server);
    if (!server || server.health.admin === to) return server !== undefined;
    return setServerState(ctx.kernel, lb, hspec, state, slot.server, to, (line) =>
      trace.commandNote(lb, "config.change", line),
    ).ok;
  }

  function launch(slot: Slot): void {
    enter(slot, "booting");
    slot.readyAt = now() + bootMs;
    const gen = ++slot.gen;
    log(
      "launch",
      `${slot.hostId} launched: the machine boots and starts Nginx and PHP-FPM (about ${Math.round(bootMs / 1000)} s)`,
      slot,
    );
    ctx.queue.push(now() + bootMs, new Call(handlers, "booted", { slot, gen }));
  }

  /** A launched machine has booted (unless its launch was called off meanwhile). */
  function booted({ slot, gen }: { slot: Slot; gen: number }): void {
    if (slot.gen !== gen || slot.phase !== "booting") return;
    if (killed[slot.host]) faults.start(slot.host);
    enter(slot, "joining");
    log(
      "running",
      `${slot.hostId} is running: back in HAProxy's backend, it waits for ${rise()} good health checks before it gets traffic`,
      slot,
    );
    setState(slot, "ready");
  }

  const rise = (): number => {
    const h = specs[lb];
    return h?.kind === "haproxy" ? h.rise : 2;
  };

  function drain(slot: Slot, why: string): void {
    enter(slot, "draining");
    slot.gen++;
    setState(slot, "drain");
    log(
      "drain",
      `${slot.hostId} drains (${why}): no new requests, the ${serverOf(slot)?.active ?? 0} under way finish, then it is powered off`,
      slot,
    );
  }

  function powerOff(slot: Slot, why: string): void {
    setState(slot, "maint");
    enter(slot, "off");
    if (!killed[slot.host]) faults.stop(slot.host, slot.hostId, false, true);
    log("off", `${slot.hostId} powered off (${why})`, slot);
  }

  /** Once a second: phases that follow HAProxy, the CPU window, the chart, the autoscaler. */
  function tick(): void {
    const t = now();
    const state = haproxy();
    for (const slot of slots) {
      const server = state?.servers.find((x) => x.name === slot.server);
      if (slot.phase === "joining" && server) {
        // HAProxy restarted meanwhile: its config has the server `disabled` again.
        if (server.health.admin === "maint") setState(slot, "ready");
        else if (state && takesTraffic(server.health, state.settings)) {
          enter(slot, "in-service");
          log(
            "join",
            `${slot.hostId} is in service: ${rise()} health checks passed, HAProxy sends it traffic`,
            slot,
          );
        }
      } else if (slot.phase === "draining") {
        const idle = (server?.active ?? 0) === 0;
        if (idle) powerOff(slot, "drained: every request it had has ended");
        else if (t - slot.since >= DRAIN_TIMEOUT_MS)
          powerOff(slot, `the drain timed out after ${DRAIN_TIMEOUT_MS / 1000} s`);
      }
    }
    // CPU of the servers in service over the last second.
    let busy = 0;
    let available = 0;
    let capacity = 0;
    for (const slot of slots) {
      const b = cpus.busyCoreMs(slot.host);
      const delta = b - slot.lastBusy;
      slot.lastBusy = b;
      if (slot.phase !== "in-service" || !isUp(slot.host)) continue;
      const cores = cpus.cores(slot.host);
      busy += delta;
      available += cores * 1000;
      capacity += pagesPerSecond(slot.host, cores);
    }
    cpuWindow.push({ busy, available });
    if (cpuWindow.length > METRIC_WINDOW_MS / 1000) cpuWindow.shift();
    samples.push({
      at: t,
      demandRps: demandRps(),
      capacityRps: capacity,
      inService: count("in-service"),
      provisioned: provisioned(),
      cpu: available > 0 ? Math.min(1, busy / available) : undefined,
    });
    if (samples.length > SAMPLES_KEEP) samples.splice(0, samples.length - SAMPLES_KEEP);
    if (autoscaling && t % EVALUATE_EVERY_MS === 0) evaluate();
    ctx.queue.push(now() + 1000, new Call(handlers, "tick"));
  }

  /** The most pages a second a machine serves: its processes' bound (the application server's). */
  function pagesPerSecond(host: number, cores: number): number {
    let best = Number.POSITIVE_INFINITY;
    for (const p of processesOn(host)) {
      const f = kinds[p]?.pagesPerSecond;
      if (f) best = Math.min(best, f(specs[p] as ComponentSpec, cores));
    }
    return Number.isFinite(best) ? best : 0;
  }

  function windowCpu(): number | undefined {
    let busy = 0;
    let available = 0;
    for (const w of cpuWindow) {
      busy += w.busy;
      available += w.available;
    }
    return available > 0 ? Math.min(1, busy / available) : undefined;
  }

  function evaluate(): void {
    const cpu = windowCpu();
    const decision = decide(policy, {
      now: now(),
      inService: count("in-service"),
      pending: count("booting") + count("joining"),
      cpu,
      ...(lastScaleOut ? { lastScaleOut } : {}),
      ...(lastScaleInAt !== undefined ? { lastScaleInAt } : {}),
    });
    lastDecision = { at: now(), cpu, ...decision };
    if (decision.kind === "out") {
      const off = slots.filter((s) => s.phase === "off").slice(0, decision.add);
      if (off.length === 0) return;
      lastScaleOut = { at: now(), desired: decision.desired };
      log(
        "decision",
        `Autoscaler: ${decision.why}: launching ${off.map((s) => s.hostId).join(", ")}`,
      );
      for (const s of off) launch(s);
    } else if (decision.kind === "in") {
      const victim = newestServing();
      if (!victim) return;
      lastScaleInAt = now();
      log("decision", `Autoscaler: ${decision.why}: removing ${victim.hostId}`);
      if (victim.phase === "booting" || victim.phase === "joining")
        powerOff(victim, "launch called off");
      else drain(victim, "scaled in");
    }
  }

  /** The server to remove: the last launched that still serves (last in, first out). */
  function newestServing(): Slot | undefined {
    const candidates = slots.filter((s) => s.phase !== "off" && s.phase !== "draining");
    return candidates.sort((a, b) => b.since - a.since || slots.indexOf(b) - slots.indexOf(a))[0];
  }

  /** What the group's events call (data, not closures: see Simulation.fork). */
  const handlers = { booted, tick };
  ctx.queue.push(now() + 1000, new Call(handlers, "tick"));
  const save = () => ({
    handlers,
    slots,
    bootMs,
    autoscaling,
    policy,
    costMs,
    costSince,
    lastScaleOut,
    lastScaleInAt,
    lastDecision,
    cpuWindow,
    samples,
    events,
  });

  return {
    save,
    restore(saved) {
      const v = saved as ReturnType<typeof save>;
      ({ bootMs, autoscaling, policy, costMs, costSince } = v);
      ({ lastScaleOut, lastScaleInAt, lastDecision } = v);
    },
    available: true,
    add() {
      const slot = slots.find((s) => s.phase === "off");
      if (!slot)
        return refused(
          `All ${slots.length} web servers are running or starting: the group has no more slots.`,
        );
      if (autoscaling && serving() + 1 > policy.max)
        return refused(
          `The autoscaling policy's maximum is ${policy.max} servers: raise it first, or turn autoscaling off.`,
        );
      launch(slot);
      return done(`${slot.hostId} is booting: it joins in about ${Math.round(bootMs / 1000)} s.`);
    },
    remove(server) {
      if (server !== undefined && typeof server !== "string")
        return refused(`There is no web server ${shown(server)}.`);
      const named =
        server === undefined
          ? undefined
          : slots.find((s) => s.hostId === server || s.server === server);
      if (server !== undefined && !named)
        return refused(
          `There is no web server ${shown(server)} in the group: it has ${slots.map((s) => s.hostId).join(", ")}.`,
        );
      const slot = named ?? newestServing();
      if (!slot || slot.phase === "off")
        return refused(`${slot?.hostId ?? "No server"} is not running.`);
      if (slot.phase === "draining") return refused(`${slot.hostId} is already draining.`);
      if (serving() <= 1)
        return refused(
          `${slot.hostId} is the last web server: without it HAProxy would answer every visit with 503.`,
        );
      if (autoscaling && serving() - 1 < policy.min)
        return refused(
          `The autoscaling policy's minimum is ${policy.min} servers: lower it first, or turn autoscaling off.`,
        );
      if (slot.phase === "booting" || slot.phase === "joining") {
        powerOff(slot, "launch called off");
        return done(`${slot.hostId} was still starting: it is powered off.`);
      }
      if (!haproxy())
        return refused(
          `HAProxy is not running: ${slot.hostId} cannot be drained (start HAProxy first).`,
        );
      drain(slot, "removed");
      return done(`${slot.hostId} is draining: it is powered off once its requests have ended.`);
    },
    setPolicy(change) {
      const checked = checkPolicy(policy, change, slots.length);
      if (!checked.ok) return checked;
      policy = checked.policy;
      const p = policy;
      trace.commandNote(
        lb,
        "config.change",
        `Autoscaling policy: target CPU ${p.targetCpu} %, ${p.min} to ${p.max} servers, cooldowns ${p.scaleOutCooldownMs / 1000} s out, ${p.scaleInCooldownMs / 1000} s in`,
      );
      return done(
        `Policy: target CPU ${p.targetCpu} %, ${p.min} to ${p.max} servers, scale-out cooldown ${p.scaleOutCooldownMs / 1000} s, scale-in cooldown ${p.scaleInCooldownMs / 1000} s.`,
      );
    },
    setAutoscaling(on) {
      if (typeof on !== "boolean")
        return refused(`Autoscaling is on or off (true or false), not ${shown(on)}.`);
      if (on === autoscaling) return refused(`Autoscaling is already ${on ? "on" : "off"}.`);
      autoscaling = on;
      if (!on) lastDecision = undefined;
      trace.commandNote(lb, "scale.step", `Autoscaling ${on ? "on" : "off"}`);
      return done(
        on
          ? `Autoscaling on: every ${EVALUATE_EVERY_MS / 1000} s it compares the average CPU with ${policy.targetCpu} %.`
          : "Autoscaling off: the servers stay as they are.",
      );
    },
    setBootTime(ms) {
      if (ms === 0)
        return refused(
          "A server cannot boot in no time: a cloud instance takes about a minute to boot and start its software. Use 1 to 1800 s.",
        );
      if (!inRange(ms, BOOT_LIMITS[0], BOOT_LIMITS[1]))
        return refused(
          `The boot time is ${BOOT_LIMITS[0] / 1000} to ${BOOT_LIMITS[1] / 1000} s, not ${shown(typeof ms === "number" ? ms / 1000 : ms)} s.`,
        );
      bootMs = ms;
      return done(`Servers launched from now on take ${ms / 1000} s to boot.`);
    },
    view() {
      const t = now();
      const next = autoscaling
        ? (Math.floor(t / EVALUATE_EVERY_MS) + 1) * EVALUATE_EVERY_MS
        : undefined;
      return {
        slots: slots.map((s) => ({
          host: s.hostId,
          server: s.server,
          phase: s.phase,
          since: s.since,
          ...(s.readyAt !== undefined ? { readyAt: s.readyAt } : {}),
        })),
        bootMs,
        autoscaling,
        policy: { ...policy },
        costMs: costMs + provisioned() * (t - costSince),
        ...(lastDecision ? { lastDecision } : {}),
        ...(next !== undefined ? { nextEvaluationAt: next } : {}),
      };
    },
    samples: () => samples,
    events: () => events,
  };
}

function unavailable(): Scaling {
  const no = (): CommandResult =>
    refused(
      "This architecture has no group of web servers to scale: open the scale-out or autoscale-surge scene.",
    );
  return {
    save: () => ({}),
    restore() {},
    available: false,
    add: no,
    remove: no,
    setPolicy: no,
    setAutoscaling: no,
    setBootTime: no,
    view: () => ({
      slots: [],
      bootMs: 0,
      autoscaling: false,
      policy: defaultPolicy(0),
      costMs: 0,
    }),
    samples: () => [],
    events: () => [],
  };
}
