import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createSimulation, type Outcome, type Simulation } from "../../src/engine";
import type { HaproxyState } from "../../src/engine/haproxy";
import { type KeepalivedState, masterDownMs, skewMs } from "../../src/engine/keepalived";
import { haPair, haPairTopology, HA_PAIR_IDS as ids } from "../../src/scenes/haPair";

function ka(sim: Simulation, id: string): KeepalivedState {
  const s = sim.componentState(id);
  if (s.kind !== "keepalived") throw new Error("not keepalived");
  return s.state;
}

function accepted(sim: Simulation, id: string): number {
  const s = sim.componentState(id);
  if (s.kind !== "haproxy") throw new Error("not haproxy");
  return (s.state as HaproxyState).accepted;
}

/** When keepalived `id` logged a line matching `pattern`, after `since`. */
function loggedAt(sim: Simulation, id: string, pattern: RegExp, since = 0): number | undefined {
  const e = sim.trace.find(
    (t) =>
      t.type === "note" &&
      t.step === "vrrp.state" &&
      t.component === id &&
      t.at >= since &&
      pattern.test(t.summary),
  );
  return e?.type === "note" ? e.at : undefined;
}

/** keepalived's log, as "time component line". */
function vrrpLog(sim: Simulation, since = 0): string[] {
  return sim.trace.flatMap((t) =>
    t.type === "note" && t.step === "vrrp.state" && t.at >= since
      ? [`${t.component}: ${t.summary}`]
      : [],
  );
}

const MASTER_DOWN_100 = 3_609.375; // 3 × 1 s + (256 − 100)/256 s

describe("keepalived's timings (VRRPv2 defaults)", () => {
  it("Master_Down_Interval is 3 × advert_int + (256 − priority)/256 s", () => {
    expect(masterDownMs(1_000, 100)).toBe(MASTER_DOWN_100);
    expect(masterDownMs(1_000, 128)).toBe(3_500); // the man page's worked example
    expect(masterDownMs(1_000, 150)).toBeCloseTo(3_414.06, 2);
    expect(skewMs(100)).toBe(609.375);
  });
});

describe("a pair of load balancers with keepalived (ha-pair)", () => {
  it("at the start lb1 is MASTER and holds 8.8.8.8; lb2 is BACKUP; a visit goes through lb1", () => {
    const sim = createSimulation({ topology: haPair, seed: 1 });
    sim.visit("www.foobar.com");
    sim.advanceTo(3_000);
    expect(sim.visits[0]?.outcome).toBe("ok");
    const lb1 = ka(sim, ids.lb1Keepalived);
    const lb2 = ka(sim, ids.lb2Keepalived);
    expect([lb1.state, lb1.priority, lb1.vipHolder, lb1.advertIntMs]).toEqual([
      "MASTER",
      150,
      "lb1",
      1_000,
    ]);
    expect([lb2.state, lb2.priority, lb2.vipHolder]).toEqual(["BACKUP", 100, "lb1"]);
    expect(accepted(sim, ids.lb1Haproxy)).toBeGreaterThan(0);
    expect(accepted(sim, ids.lb2Haproxy)).toBe(0);
    expect(
      sim.trace.some((e) => e.type === "hop" && e.to === ids.lb1Haproxy && e.step === "tcp.syn"),
    ).toBe(true);
  });

  it("lb1's machine dies: lb2 takes 8.8.8.8 exactly Master_Down_Interval after the last advert it heard, 2.61–3.61 s after the death", () => {
    const measured: number[] = [];
    // Deaths at several phases of the 1 s advert cycle (lb1 advertises at 0, 1 s, 2 s, …).
    for (const offset of [1, 250, 500, 750, 999]) {
      const sim = createSimulation({ topology: haPair, seed: 7 });
      const death = 10_000 + offset;
      sim.advanceTo(death);
      sim.kill(ids.lb1);
      sim.advanceTo(death + 5_000);
      const takeover = loggedAt(sim, ids.lb2Keepalived, /Entering MASTER STATE/, death);
      expect(takeover).toBeDefined();
      const took = (takeover as number) - death;
      measured.push(took);
      // The last advert left lb1 at 10 s (whole seconds); it crossed the LAN (~0.2 ms).
      const lastAdvertHeard = 10_000;
      expect((takeover as number) - lastAdvertHeard).toBeGreaterThanOrEqual(MASTER_DOWN_100);
      expect((takeover as number) - lastAdvertHeard).toBeLessThan(MASTER_DOWN_100 + 1);
      expect(took).toBeGreaterThan(MASTER_DOWN_100 - 1_000);
      expect(took).toBeLessThanOrEqual(MASTER_DOWN_100 + 1);
      expect(ka(sim, ids.lb2Keepalived).vipHolder).toBe("lb2");
      expect(ka(sim, ids.lb1Keepalived).state).toBe("stopped");
      expect(vrrpLog(sim, death)).toEqual([
        "lb2-keepalived: (VI_1) Receive advertisement timeout",
        "lb2-keepalived: (VI_1) Entering MASTER STATE",
        "lb2-keepalived: (VI_1) setting VIPs.",
        "lb2-keepalived: (VI_1) Sending/queueing gratuitous ARPs on eth0 for 8.8.8.8",
      ]);
    }
    // A death just after an advert waits the whole interval; one just before the next, 1 s less.
    expect(measured[0]).toBeCloseTo(MASTER_DOWN_100 - 1, 0);
    expect(measured[4]).toBeCloseTo(MASTER_DOWN_100 - 999, 0);
  });

  it("under traffic: no page loads between lb1's death and the takeover, then pages load through lb2", () => {
    const sim = createSimulation({ topology: haPair, seed: 3 });
    sim.setTraffic(40);
    sim.advanceTo(10_000);
    const death = 10_400;
    sim.advanceTo(death);
    sim.kill(ids.lb1);
    const before2 = accepted(sim, ids.lb2Haproxy);
    const ends: { end: number; outcome: Outcome }[] = [];
    let prev = sim.now;
    for (let t = sim.now + 100; t <= 25_000; t += 100) {
      sim.advanceTo(t);
      sim.completions.forEachSince(prev, (end, _d, outcome) => ends.push({ end, outcome }));
      prev = t;
    }
    const takeover = loggedAt(sim, ids.lb2Keepalived, /Entering MASTER STATE/, death) as number;
    expect(takeover - death).toBeGreaterThan(2_600);
    expect(takeover - death).toBeLessThan(3_700);
    // Answers already on their way when lb1 died still arrive (~40 ms on the Internet); after
    // that, nothing loads until the takeover: new users' SYNs to 8.8.8.8 are lost.
    const loadedInWindow = ends.filter(
      (e) => e.outcome === "ok" && e.end > death + 100 && e.end < takeover,
    );
    expect(loadedInWindow).toEqual([]);
    const loadedAfter = ends.filter((e) => e.outcome === "ok" && e.end > takeover);
    expect(loadedAfter.length).toBeGreaterThan(100);
    expect(accepted(sim, ids.lb2Haproxy) - before2).toBeGreaterThan(100);
    // The users who waited: their SYN retransmissions (1 s, 3 s, 7 s…) reached lb2 once it held
    // the address, so their pages loaded late rather than failed.
    const late = ends.filter(
      (e) => e.outcome === "ok" && e.end > takeover && e.end < takeover + 4_000,
    );
    expect(late.length).toBeGreaterThan(0);
  });

  it("a visit started in the window: its SYNs are lost until lb2 holds 8.8.8.8, then a retransmitted SYN reaches lb2 and the page loads", () => {
    const sim = createSimulation({ topology: haPair, seed: 5 });
    sim.advanceTo(10_000);
    sim.kill(ids.lb1);
    sim.advanceTo(10_300);
    const visit = sim.visit("www.foobar.com");
    sim.advanceTo(25_000);
    const takeover = loggedAt(sim, ids.lb2Keepalived, /Entering MASTER STATE/, 10_000) as number;
    expect(visit.outcome).toBe("ok");
    expect(visit.endedAt as number).toBeGreaterThan(takeover);
    const syns = sim.trace.filter(
      (e) => e.type === "hop" && e.visitId === visit.id && e.step.startsWith("tcp.syn"),
    );
    const lost = syns.filter((e) => e.type === "hop" && e.to === ids.lb1Haproxy);
    expect(lost.length).toBeGreaterThan(0);
    for (const e of lost) if (e.type === "hop") expect(e.depart).toBeLessThan(takeover);
    expect(
      syns.some((e) => e.type === "hop" && e.to === ids.lb2Haproxy && e.depart > takeover),
    ).toBe(true);
  });

  it("a request in flight on lb1 when it dies is lost: the browser's probe later reaches lb2, which resets the unknown connection", () => {
    const sim = createSimulation({ topology: haPair, seed: 2 });
    sim.setSlow("web1-app", true); // the page takes long: it is in flight when lb1 dies
    const visit = sim.visit("www.foobar.com");
    sim.advanceTo(1_000);
    expect(visit.outcome).toBeUndefined();
    sim.kill(ids.lb1);
    sim.advanceTo(120_000);
    expect(visit.outcome).toBe("ERR_CONNECTION_RESET");
    expect(visit.reason).toMatch(/never had this connection.*8\.8\.8\.8 moved/);
  });

  it("lb1 revived while lb2 holds the address: it starts BACKUP, discards lb2's lower adverts and preempts after advert_int + 1/256 s; never two MASTERs longer than an advert's trip", () => {
    const sim = createSimulation({ topology: haPair, seed: 4 });
    sim.advanceTo(5_000);
    sim.kill(ids.lb1);
    sim.advanceTo(15_000);
    expect(ka(sim, ids.lb2Keepalived).vipHolder).toBe("lb2");
    const revived = 15_000;
    sim.revive(ids.lb1);
    let both = 0;
    let bothSince: number | undefined;
    let holders = new Set<string>();
    while (sim.now < 25_000) {
      sim.step();
      const masters = [ids.lb1Keepalived, ids.lb2Keepalived].filter(
        (id) => ka(sim, id).state === "MASTER",
      );
      if (masters.length > 1) bothSince ??= sim.now;
      else if (bothSince !== undefined) {
        both = Math.max(both, sim.now - bothSince);
        bothSince = undefined;
      }
      holders = new Set([...holders, ka(sim, ids.lb2Keepalived).vipHolder ?? "none"]);
    }
    const back = loggedAt(sim, ids.lb1Keepalived, /Entering MASTER STATE/, revived) as number;
    expect(back - revived).toBeCloseTo(1_000 + 1_000 / 256, 3);
    expect(both).toBeLessThan(1); // one LAN hop (~0.2 ms): lb2 leaves MASTER on lb1's first advert
    expect(ka(sim, ids.lb1Keepalived).vipHolder).toBe("lb1");
    expect(ka(sim, ids.lb2Keepalived).state).toBe("BACKUP");
    expect(vrrpLog(sim, revived)).toEqual([
      "lb1-keepalived: (VI_1) Entering BACKUP STATE (init)",
      "lb1-keepalived: (VI_1) received lower priority (100) advert from 10.0.0.2 - discarding",
      "lb1-keepalived: (VI_1) Receive advertisement timeout",
      "lb1-keepalived: (VI_1) Entering MASTER STATE",
      "lb1-keepalived: (VI_1) setting VIPs.",
      "lb1-keepalived: (VI_1) Sending/queueing gratuitous ARPs on eth0 for 8.8.8.8",
      "lb2-keepalived: (VI_1) Master received advert from 10.0.0.1 with higher priority 150, ours 100",
      "lb2-keepalived: (VI_1) Entering BACKUP STATE",
    ]);
    // Visits after that go through lb1 again.
    const a = accepted(sim, ids.lb1Haproxy);
    sim.visit("www.foobar.com", { generated: true });
    sim.advanceTo(30_000);
    expect(accepted(sim, ids.lb1Haproxy)).toBeGreaterThan(a);
  });

  it("with nopreempt, lb1 revived stays BACKUP: lb2 keeps 8.8.8.8", () => {
    const sim = createSimulation({ topology: haPairTopology({ preempt: false }), seed: 4 });
    // nopreempt needs `state BACKUP` on both: at the start, lb1 (higher priority) wins after its timer.
    sim.advanceTo(10_000);
    expect(ka(sim, ids.lb1Keepalived).vipHolder).toBe("lb1");
    sim.kill(ids.lb1);
    sim.advanceTo(20_000);
    sim.revive(ids.lb1);
    sim.advanceTo(40_000);
    expect(ka(sim, ids.lb1Keepalived).state).toBe("BACKUP");
    expect(ka(sim, ids.lb2Keepalived).state).toBe("MASTER");
    expect(ka(sim, ids.lb1Keepalived).vipHolder).toBe("lb2");
    expect(vrrpLog(sim, 20_000)).toEqual(["lb1-keepalived: (VI_1) Entering BACKUP STATE (init)"]);
  });

  it("HAProxy alone dies on the master: chk_haproxy fails at its next run (≤ 2 s), lb1 enters FAULT and sends priority 0, lb2 takes over after the skew (0.61 s)", () => {
    const sim = createSimulation({ topology: haPair, seed: 6 });
    sim.advanceTo(10_500);
    const death = sim.now;
    sim.kill(ids.lb1Haproxy);
    sim.advanceTo(20_000);
    const fault = loggedAt(sim, ids.lb1Keepalived, /Entering FAULT STATE/, death) as number;
    const takeover = loggedAt(sim, ids.lb2Keepalived, /Entering MASTER STATE/, death) as number;
    expect(fault - death).toBeGreaterThan(0);
    expect(fault - death).toBeLessThanOrEqual(2_000);
    expect(takeover - fault).toBeGreaterThanOrEqual(skewMs(100));
    expect(takeover - fault).toBeLessThan(skewMs(100) + 1);
    expect(ka(sim, ids.lb1Keepalived).state).toBe("FAULT");
    expect(ka(sim, ids.lb2Keepalived).vipHolder).toBe("lb2");
    expect(vrrpLog(sim, death)).toEqual([
      "lb1-keepalived: (VI_1) Script `chk_haproxy` now returning 1",
      "lb1-keepalived: VRRP_Script(chk_haproxy) failed (exited with status 1)",
      "lb1-keepalived: (VI_1) Entering FAULT STATE",
      "lb2-keepalived: (VI_1) Backup received priority 0 advertisement",
      "lb2-keepalived: (VI_1) Receive advertisement timeout",
      "lb2-keepalived: (VI_1) Entering MASTER STATE",
      "lb2-keepalived: (VI_1) setting VIPs.",
      "lb2-keepalived: (VI_1) Sending/queueing gratuitous ARPs on eth0 for 8.8.8.8",
    ]);
    sim.visit("www.foobar.com");
    sim.advanceTo(25_000);
    expect(sim.visits.at(-1)?.outcome).toBe("ok");
    // HAProxy back: the script succeeds, lb1 leaves FAULT as BACKUP and preempts after 3.41 s.
    sim.revive(ids.lb1Haproxy);
    const revived = sim.now;
    sim.advanceTo(35_000);
    const ok = loggedAt(sim, ids.lb1Keepalived, /Entering BACKUP STATE/, revived) as number;
    const back = loggedAt(sim, ids.lb1Keepalived, /Entering MASTER STATE/, revived) as number;
    expect(ok - revived).toBeLessThanOrEqual(2_000);
    expect(back - ok).toBeCloseTo(masterDownMs(1_000, 150), 3);
    expect(ka(sim, ids.lb2Keepalived).vipHolder).toBe("lb1");
  });

  it("without chk_haproxy, HAProxy dying on the master leaves 8.8.8.8 there: visits are refused", () => {
    const sim = createSimulation({ topology: haPairTopology({ checkHaproxy: false }), seed: 6 });
    sim.advanceTo(5_000);
    sim.kill(ids.lb1Haproxy);
    sim.advanceTo(20_000);
    expect(ka(sim, ids.lb1Keepalived).state).toBe("MASTER");
    expect(ka(sim, ids.lb1Keepalived).vipHolder).toBe("lb1");
    sim.visit("www.foobar.com");
    sim.advanceTo(25_000);
    expect(sim.visits.at(-1)?.outcome).toBe("ERR_CONNECTION_REFUSED");
  });

  it("keepalived alone crashes on the master: lb1 keeps the address (HAProxy serves) until lb2 takes over after the full interval", () => {
    const sim = createSimulation({ topology: haPair, seed: 8 });
    sim.advanceTo(5_000);
    sim.kill(ids.lb1Keepalived);
    expect(ka(sim, ids.lb2Keepalived).vipHolder).toBe("lb1");
    sim.visit("www.foobar.com", { generated: true });
    sim.advanceTo(6_000);
    expect(accepted(sim, ids.lb1Haproxy)).toBeGreaterThan(0);
    expect(accepted(sim, ids.lb2Haproxy)).toBe(0);
    sim.advanceTo(10_000);
    const takeover = loggedAt(sim, ids.lb2Keepalived, /Entering MASTER STATE/, 5_000) as number;
    expect(takeover - 5_000).toBeCloseTo(MASTER_DOWN_100, 0);
    expect(ka(sim, ids.lb2Keepalived).vipHolder).toBe("lb2");
    // Revived, keepalived removes the address it left behind and comes back as MASTER (preempt).
    sim.revive(ids.lb1Keepalived);
    sim.advanceTo(15_000);
    expect(ka(sim, ids.lb1Keepalived).state).toBe("MASTER");
    expect(ka(sim, ids.lb2Keepalived).state).toBe("BACKUP");
  });
});

describe("ha-pair under random kills and revives (property)", () => {
  const targets = [
    ids.lb1,
    ids.lb2,
    ids.lb1Haproxy,
    ids.lb2Haproxy,
    ids.lb1Keepalived,
    ids.lb2Keepalived,
    "web1",
    "web2",
    "web1-nginx",
  ];
  const command = fc.record({
    after: fc.integer({ min: 0, max: 6_000 }),
    target: fc.constantFrom(...targets),
    revive: fc.boolean(),
  });

  function run(seed: number, commands: { after: number; target: string; revive: boolean }[]) {
    const sim = createSimulation({ topology: haPair, seed });
    sim.setTraffic(5);
    let maxOverlap = 0;
    let since: number | undefined;
    const watch = (): void => {
      const masters = [ids.lb1Keepalived, ids.lb2Keepalived].filter(
        (id) => ka(sim, id).state === "MASTER",
      ).length;
      if (masters > 1) since ??= sim.now;
      else if (since !== undefined) {
        maxOverlap = Math.max(maxOverlap, sim.now - since);
        since = undefined;
      }
      // The running instances agree on the one machine that takes 8.8.8.8's packets.
      const seen = [ids.lb1Keepalived, ids.lb2Keepalived]
        .map((id) => ka(sim, id))
        .filter((s) => s.state !== "stopped")
        .map((s) => s.vipHolder);
      if (new Set(seen).size > 1) throw new Error(`two holders: ${seen}`);
    };
    for (const c of commands) {
      const until = sim.now + c.after;
      while (sim.nextEventTime() <= until) {
        sim.step();
        watch();
      }
      sim.advanceTo(until);
      if (c.revive) sim.revive(c.target);
      else sim.kill(c.target);
      watch();
    }
    sim.setTraffic(0);
    for (const id of [ids.lb1, ids.lb2, "web1", "web2"]) if (sim.health(id).killed) sim.revive(id);
    for (const id of targets) if (sim.health(id).killed) sim.revive(id);
    const end = sim.now + 1_000_000;
    while (sim.stats().visitsInFlight > 0 && sim.nextEventTime() <= end) {
      sim.step();
      watch();
    }
    return { sim, maxOverlap };
  }

  it("every request ends exactly once, the counters add up, at most one MASTER (but for an advert's trip), the same seed gives the same trace", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1_000 }),
        fc.array(command, { maxLength: 8 }),
        (seed, commands) => {
          const { sim, maxOverlap } = run(seed, commands);
          const s = sim.stats();
          expect(s.visitsInFlight).toBe(0);
          expect(s.requestsInFlight).toBe(0);
          const finished = Object.values(s.finished).reduce((a, b) => a + b, 0);
          expect(finished).toBe(s.requestsSent);
          expect(maxOverlap).toBeLessThan(1);
          const again = run(seed, commands).sim;
          expect(again.traceTotal).toBe(sim.traceTotal);
          expect(again.stats()).toEqual(s);
          expect(again.trace.map((e) => e.summary)).toEqual(sim.trace.map((e) => e.summary));
        },
      ),
      { numRuns: 25, seed: 20261201 },
    );
  }, 120_000);
});
