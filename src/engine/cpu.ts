import type { Context } from "./context";
import { CpuJob, SPARES_KEEP } from "./events";
import type { Deferred } from "./kernel";
import type { Loop } from "./loop";
import type { Part } from "./snapshot";
import type { ComponentSpec } from "./types";

/** A machine's cores: jobs on a core now, and jobs waiting for one (FIFO). */
interface CpuState {
  cores: number;
  busy: number;
  waiting: CpuJob[];
  /** Index of the next job to start in `waiting`. */
  head: number;
  /** Bumped when the machine stops: jobs of an older generation are gone. */
  generation: number;
}

/** The CPU of each machine whose cores are modelled (see KindDefinition.machine). */
export interface Cpus extends Part {
  /** `Kernel.compute`: CPU work on the owner's machine, queued for a free core. */
  compute(
    owner: number,
    ms: number,
    fn: Deferred<unknown, unknown, unknown>,
    a?: unknown,
    b?: unknown,
    c?: unknown,
  ): void;
  /** `Kernel.cores`: cores of the machine a component runs on (1 when not modelled). */
  cores(i: number): number;
  /** The machine stopped: the jobs on its cores and waiting for them are gone. */
  reboot(machine: number): void;
  /** The machine's spec changed (`configure`): it has the cores its spec says now. */
  configured(machine: number): void;
  /** A machine's CPU now; undefined when not modelled. */
  view(machine: number): { cores: number; busy: number; waiting: number } | undefined;
  /** A job's CPU time is up (CpuJob.fire): its core is free for the next one. */
  done(job: CpuJob): void;
  /**
   * Core-milliseconds a machine's cores have been busy since the start, up to now (reboots
   * included): the integral a utilisation over a window is taken from (scaling/autoscaler.ts).
   * 0 for a machine whose cores are not modelled.
   */
  busyCoreMs(machine: number): number;
}

const newCpu = (cores: number, generation = 0): CpuState => ({
  cores,
  busy: 0,
  waiting: [],
  head: 0,
  generation,
});

export function createCpus(ctx: Context, loop: Loop): Cpus {
  const { specs, kinds, queue, clock, epoch, topology, isUp } = ctx;
  const cpus: (CpuState | undefined)[] = specs.map((s, i) => {
    const cores = kinds[i]?.machine?.cores(s);
    return cores === undefined ? undefined : newCpu(cores);
  });
  /** Jobs that are done, for reuse. */
  const spareJobs: CpuJob[] = [];
  /** Busy core-ms up to `busySince[m]`, and when it was last brought up to date (per machine). */
  const busyMs = new Float64Array(specs.length);
  const busySince = new Float64Array(specs.length);
  /** Brings a machine's busy integral up to now, before its busy count changes. */
  function account(machine: number, busy: number): void {
    const now = clock[0] as number;
    busyMs[machine] = (busyMs[machine] as number) + busy * (now - (busySince[machine] as number));
    busySince[machine] = now;
  }

  /** Starts waiting jobs while cores are free; a finished job frees its core. */
  function runCpu(cpu: CpuState, machine: number): void {
    while (cpu.busy < cpu.cores && cpu.head < cpu.waiting.length) {
      const job = cpu.waiting[cpu.head++] as CpuJob;
      if (cpu.head > 1024 && cpu.head * 2 > cpu.waiting.length) {
        cpu.waiting = cpu.waiting.slice(cpu.head);
        cpu.head = 0;
      }
      if ((epoch[job.owner] ?? 0) !== job.epoch) continue; // its process died while it waited
      account(machine, cpu.busy);
      cpu.busy++;
      job.generation = cpu.generation;
      queue.push((clock[0] as number) + job.ms, job);
    }
  }

  const handle: Cpus = {
    save: () => ({ cpus, spareJobs, busyMs, busySince }),
    restore() {},
    compute(owner, ms, fn, a, b, c) {
      const machine = topology.machineOf(owner);
      const cpu = cpus[machine];
      if (!cpu) {
        loop.after(owner, ms, fn, a, b, c);
        return;
      }
      const job = spareJobs.pop() ?? new CpuJob(handle);
      job.assign(owner, epoch[owner] ?? 0, fn, a, b, c);
      job.machine = machine;
      job.ms = ms;
      cpu.waiting.push(job);
      runCpu(cpu, machine);
    },
    cores: (i) => cpus[topology.machineOf(i)]?.cores ?? 1,
    reboot(machine) {
      const cpu = cpus[machine];
      if (cpu) {
        account(machine, cpu.busy);
        cpus[machine] = newCpu(cpu.cores, cpu.generation + 1);
      }
    },
    configured(machine) {
      const cpu = cpus[machine];
      const cores = kinds[machine]?.machine?.cores(specs[machine] as ComponentSpec);
      if (cpu && cores !== undefined) {
        cpu.cores = cores;
        runCpu(cpu, machine);
      }
    },
    view(machine) {
      const cpu = cpus[machine];
      return cpu
        ? { cores: cpu.cores, busy: cpu.busy, waiting: cpu.waiting.length - cpu.head }
        : undefined;
    },
    done(job) {
      const { owner, fn, a, b, c } = job;
      // Nothing else holds a job once it is done: reuse it (let go of its work first).
      job.letGo();
      if (spareJobs.length < SPARES_KEEP) spareJobs.push(job);
      const current = cpus[job.machine];
      if (current?.generation !== job.generation) return; // the machine rebooted meanwhile
      account(job.machine, current.busy);
      current.busy--;
      if ((epoch[owner] ?? 0) === job.epoch && isUp(owner)) fn(ctx.kernel, owner, a, b, c);
      runCpu(current, job.machine);
    },
    busyCoreMs(machine) {
      const cpu = cpus[machine];
      if (!cpu) return 0;
      const now = clock[0] as number;
      return (busyMs[machine] as number) + cpu.busy * (now - (busySince[machine] as number));
    },
  };
  return handle;
}
