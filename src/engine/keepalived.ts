import type { Behaviour, Kernel, Timer } from "./kernel";
import type { Message } from "./messages";
import { backgroundRequest } from "./records";
import { HopKind, type KeepalivedSpec } from "./types";
import type { VirtualAddress } from "./virtualIp";

/*
 * keepalived 2.x, one VRRPv2 instance, as keepalived/vrrp/vrrp.c and vrrp_scheduler.c behave
 * (research notes §9; acassen/keepalived at 9cbce3e2, checked against v2.2.7):
 *
 * - MASTER sends an advert every `advert_int` and has the virtual IP on its interface.
 * - BACKUP waits Master_Down_Interval = 3 × advert_int + skew, skew = (256 − priority)/256 s
 *   (VRRPv2), from the last advert it accepted (3.61 s at priority 100); then it takes over. A
 *   priority-0 advert (a master giving up the address: its script failed, FAULT) cuts the wait
 *   to the skew alone. With preemption on (the default), a BACKUP does not accept an advert of
 *   lower priority than its own, so a returning higher-priority node takes over when its timer
 *   runs out; with `nopreempt` it accepts it and stays BACKUP.
 * - A crash (kill) or a machine switched off sends nothing: the other waits the full interval.
 *   A crashed keepalived leaves the address on the interface (nothing removes it); keepalived
 *   removes it when it starts again, and a reboot drops it.
 * - On start (not at the simulation's start, when the pair is long settled) it is BACKUP
 *   ("Entering BACKUP STATE (init)"); `state MASTER` only shortens its first wait to one
 *   advert_int + 1/256 s (vrrp_init_state).
 *
 * Log lines are keepalived's own (Keepalived_vrrp). "Receive advertisement timeout", "setting
 * VIPs.", "Sending/queueing gratuitous ARPs…" and "Backup received priority 0 advertisement" are
 * printed with `-D` (`--log-detail`) only; they are shown here because they say what happens.
 */

export type VrrpState = "stopped" | "BACKUP" | "MASTER" | "FAULT";

/** What `Simulation.componentState` shows for keepalived. */
export class KeepalivedState {
  /** "stopped" while killed (or its machine is off): it is not running. */
  state: VrrpState = "stopped";
  /** `priority` as configured, and as it is now (a tracked script's weight changes it). */
  priority: number;
  effectivePriority: number;
  advertIntMs: number;
  virtualIp: string;
  /** When a BACKUP declares the master down if no advert it accepts comes first (ms). */
  masterDownAt: number | undefined = undefined;
  /** The tracked script (`chk_haproxy`): whether it is counted as succeeding, and its last exit code. */
  script: { name: string; ok: boolean; lastStatus: number | undefined } | undefined;
  // Internal.
  downTimer: Timer | undefined = undefined;
  /** Bumped when it leaves MASTER: the advert loop of an older term stops. */
  term = 0;
  /** Consecutive script results counted toward `rise` / `fall`. */
  scriptRun = 0;
  peers: number[] = [];
  address: VirtualAddress | undefined = undefined;
  /** What it reads where the address is now with (set when it starts). */
  kernel: Kernel | undefined = undefined;

  constructor(spec: KeepalivedSpec) {
    this.priority = spec.priority;
    this.effectivePriority = spec.priority;
    this.advertIntMs = spec.advertIntMs;
    this.virtualIp = spec.virtualIp;
    this.script = spec.trackScript
      ? { name: spec.trackScript.name, ok: true, lastStatus: undefined }
      : undefined;
  }

  /** Id of the machine that takes the virtual IP's packets now; undefined when none (or while stopped). */
  get vipHolder(): string | undefined {
    const { address, kernel: k } = this;
    if (!address || !k) return undefined;
    const m = k.topology.virtual.holder(address, (i) => k.epochOf(i));
    return m < 0 ? undefined : k.topology.specs[m]?.id;
  }
}

export function createKeepalivedState(spec: KeepalivedSpec): KeepalivedState {
  return new KeepalivedState(spec);
}

/** Adverts are no one's visit and never traced. */
const ADVERT_REQUEST = backgroundRequest("vrrp", "");

const specOf = (k: Kernel, self: number): KeepalivedSpec =>
  k.topology.specs[self] as KeepalivedSpec;

/** VRRPv2's skew: (256 − priority)/256 s, whatever the advert interval (vrrp.h VRRP_TIMER_SKEW). */
export function skewMs(priority: number): number {
  return ((256 - priority) * 1000) / 256;
}

/** Master_Down_Interval: 3 × advert_int + skew (3.609375 s at priority 100 with advert_int 1 s). */
export function masterDownMs(advertIntMs: number, priority: number): number {
  return 3 * advertIntMs + skewMs(priority);
}

function ipOf(k: Kernel, index: number): string {
  const machine = k.topology.specs[k.topology.machineOf(index)];
  return machine && "ip" in machine ? machine.ip : "";
}

function log(k: Kernel, self: number, text: string): void {
  k.log(self, "vrrp.state", `(${specOf(k, self).instance}) ${text}`);
}

export function keepalivedStarted(
  k: Kernel,
  self: number,
  spec: KeepalivedSpec,
  state: KeepalivedState,
  atStart: boolean,
): void {
  const { topology } = k;
  const machine = topology.machineOf(self);
  state.peers = topology.specs.flatMap((s, i) =>
    i !== self && "virtualRouterId" in s && s.virtualRouterId === spec.virtualRouterId ? [i] : [],
  );
  const address = topology.virtual.get(spec.virtualIp);
  state.address = address;
  state.kernel = k;
  // Starting, keepalived removes the address from its interface if a crash left it there.
  if (address) topology.virtual.remove(address, machine);
  const script = spec.trackScript;
  if (script && state.script) {
    // The script runs at once and then every `interval`; its first result (milliseconds later,
    // modelled as none) decides whether the instance starts in FAULT.
    const ok = k.isUp(topology.indexOf(script.process));
    state.script.ok = ok;
    state.script.lastStatus = ok ? 0 : 1;
    state.effectivePriority = priorityWith(spec, ok);
    k.later(self, script.intervalMs, scriptDue, state, 0, 0);
  }
  const fault = script !== undefined && script.weight === 0 && !state.script?.ok;
  if (fault) {
    state.state = "FAULT";
    log(k, self, "Entering FAULT STATE (init)");
    return;
  }
  if (atStart && spec.initialState === "MASTER") {
    state.state = "BACKUP";
    enterMaster(k, self, state);
    return;
  }
  state.state = "BACKUP";
  log(k, self, "Entering BACKUP STATE (init)");
  armDownTimer(
    k,
    self,
    state,
    !atStart && spec.initialState === "MASTER"
      ? spec.advertIntMs + skewMs(255) // one advert_int + VRRP_TIMER_SKEW_MIN (1/256 s)
      : masterDownMs(spec.advertIntMs, state.effectivePriority),
  );
}

function priorityWith(spec: KeepalivedSpec, scriptOk: boolean): number {
  const w = spec.trackScript?.weight ?? 0;
  const p = spec.priority + (w > 0 && scriptOk ? w : 0) + (w < 0 && !scriptOk ? w : 0);
  return Math.min(254, Math.max(1, p));
}

function armDownTimer(k: Kernel, self: number, state: KeepalivedState, ms: number): void {
  state.downTimer?.cancel();
  state.masterDownAt = k.now + ms;
  state.downTimer = k.after(self, ms, masterDown, state, 0, 0);
}

function masterDown(k: Kernel, self: number, state: KeepalivedState): void {
  state.downTimer = undefined;
  state.masterDownAt = undefined;
  if (state.state !== "BACKUP") return;
  log(k, self, "Receive advertisement timeout");
  enterMaster(k, self, state);
}

/**
 * MASTER: an advert at once and every advert_int, the address on its interface, and gratuitous
 * ARP, which turns the router to this machine at once (the first of the 5 GARPs is enough).
 */
function enterMaster(k: Kernel, self: number, state: KeepalivedState): void {
  const spec = specOf(k, self);
  state.downTimer?.cancel();
  state.downTimer = undefined;
  state.masterDownAt = undefined;
  state.state = "MASTER";
  state.term++;
  log(k, self, "Entering MASTER STATE");
  advertise(k, self, state, state.effectivePriority);
  k.later(self, spec.advertIntMs, advertDue, state, state.term, 0);
  const address = state.address;
  if (!address) return;
  const machine = k.topology.machineOf(self);
  log(k, self, "setting VIPs.");
  k.topology.virtual.add(address, machine, k.epochOf(machine));
  k.topology.virtual.announce(address, machine);
  log(k, self, `Sending/queueing gratuitous ARPs on ${spec.interface} for ${spec.virtualIp}`);
}

/** Leaves MASTER (a higher priority's advert, or FAULT): the address comes off its interface. */
function leaveMaster(k: Kernel, self: number, state: KeepalivedState): void {
  state.term++;
  const address = state.address;
  if (address) k.topology.virtual.remove(address, k.topology.machineOf(self));
}

function advertDue(k: Kernel, self: number, state: KeepalivedState, term: number): void {
  if (state.state !== "MASTER" || state.term !== term) return;
  advertise(k, self, state, state.effectivePriority);
  k.later(self, specOf(k, self).advertIntMs, advertDue, state, term, 0);
}

function advertSummary(msg: Message): string {
  const m = msg as Extract<Message, { type: "vrrp.advert" }>;
  return `VRRP advert vrid ${m.virtualRouterId} prio ${m.priority} → 224.0.0.18`;
}

/** Multicast to 224.0.0.18: every other keepalived of the group on the LAN gets a copy. */
function advertise(k: Kernel, self: number, state: KeepalivedState, priority: number): void {
  const spec = specOf(k, self);
  const msg: Message = {
    type: "vrrp.advert",
    virtualRouterId: spec.virtualRouterId,
    priority,
    advertIntMs: spec.advertIntMs,
    source: ipOf(k, self),
  };
  for (const peer of state.peers)
    k.send(self, peer, msg, "vrrp.state", HopKind.Tcp, ADVERT_REQUEST, advertSummary);
}

function onAdvert(
  k: Kernel,
  self: number,
  state: KeepalivedState,
  msg: Extract<Message, { type: "vrrp.advert" }>,
): void {
  const spec = specOf(k, self);
  if (msg.virtualRouterId !== spec.virtualRouterId) return;
  const ours = state.effectivePriority;
  if (state.state === "BACKUP") {
    if (msg.priority === 0) {
      log(k, self, "Backup received priority 0 advertisement");
      armDownTimer(k, self, state, skewMs(ours));
    } else if (!spec.preempt || msg.priority >= ours) {
      armDownTimer(k, self, state, masterDownMs(spec.advertIntMs, ours));
    } else {
      // Preemption: the lower-priority master's advert does not hold this one back.
      log(
        k,
        self,
        `received lower priority (${msg.priority}) advert from ${msg.source} - discarding`,
      );
    }
    return;
  }
  if (state.state !== "MASTER") return;
  if (msg.priority === 0) {
    // Another master gave up: answer at once, so that backups see this one.
    advertise(k, self, state, ours);
    return;
  }
  const higherIp = compareIp(msg.source, ipOf(k, self)) > 0;
  if (msg.priority < ours || (msg.priority === ours && !higherIp)) {
    log(
      k,
      self,
      `Received advert from ${msg.source} with lower priority ${msg.priority}, ours ${ours}, forcing new election`,
    );
    advertise(k, self, state, ours);
    return;
  }
  log(
    k,
    self,
    msg.priority > ours
      ? `Master received advert from ${msg.source} with higher priority ${msg.priority}, ours ${ours}`
      : `Master received advert from ${msg.source} with same priority ${msg.priority} but higher IP address than ours`,
  );
  leaveMaster(k, self, state);
  state.state = "BACKUP";
  log(k, self, "Entering BACKUP STATE");
  armDownTimer(k, self, state, masterDownMs(spec.advertIntMs, ours));
}

function compareIp(a: string, b: string): number {
  const pa = a.split(".").map(Number);
  const pb = b.split(".").map(Number);
  for (let i = 0; i < 4; i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/** `vrrp_script`: `killall -0 haproxy` succeeds while that process runs on this machine. */
function scriptDue(k: Kernel, self: number, state: KeepalivedState): void {
  const spec = specOf(k, self);
  const script = spec.trackScript;
  const s = state.script;
  if (!script || !s) return;
  k.later(self, script.intervalMs, scriptDue, state, 0, 0);
  const ok = k.isUp(k.topology.indexOf(script.process));
  const status = ok ? 0 : 1;
  if (status !== s.lastStatus) log(k, self, `Script \`${script.name}\` now returning ${status}`);
  s.lastStatus = status;
  if (ok === s.ok) {
    state.scriptRun = 0;
    return;
  }
  state.scriptRun++;
  if (state.scriptRun < (ok ? script.rise : script.fall)) return;
  state.scriptRun = 0;
  s.ok = ok;
  k.log(
    self,
    "vrrp.state",
    ok
      ? `VRRP_Script(${script.name}) succeeded`
      : `VRRP_Script(${script.name}) failed (exited with status 1)`,
  );
  if (script.weight !== 0) {
    const next = priorityWith(spec, ok);
    if (next !== state.effectivePriority)
      log(k, self, `Changing effective priority from ${state.effectivePriority} to ${next}`);
    state.effectivePriority = next;
    return;
  }
  if (!ok) enterFault(k, self, state);
  else if (state.state === "FAULT") {
    state.state = "BACKUP";
    log(k, self, "Entering BACKUP STATE");
    armDownTimer(k, self, state, masterDownMs(spec.advertIntMs, state.effectivePriority));
  }
}

/** FAULT: a MASTER sends a priority-0 advert and gives the address up; no adverts, no timer. */
function enterFault(k: Kernel, self: number, state: KeepalivedState): void {
  const wasMaster = state.state === "MASTER";
  state.downTimer?.cancel();
  state.downTimer = undefined;
  state.masterDownAt = undefined;
  state.state = "FAULT";
  log(k, self, "Entering FAULT STATE");
  if (!wasMaster) return;
  advertise(k, self, state, 0);
  leaveMaster(k, self, state);
}

export function keepalivedBehaviour(_spec: KeepalivedSpec): Behaviour<KeepalivedState> {
  return (k, self, state, _from, msg) => {
    if (msg.type === "vrrp.advert") onAdvert(k, self, state, msg);
  };
}
