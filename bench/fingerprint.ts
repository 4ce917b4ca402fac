// Behaviour fingerprint of the engine: `npx tsx bench/fingerprint.ts`.
// Prints one hash per case. An optimisation must leave every hash unchanged:
// same seed ⇒ same events, outcomes, timings and trace, bit for bit. The expected
// output is in bench/fingerprint.txt: `npx tsx bench/fingerprint.ts | diff bench/fingerprint.txt -`.
import { createHash, type Hash } from "node:crypto";
import { createSimulation, type Simulation } from "../src/engine";
import { oneServerTopology } from "../src/scenes/oneServer";

type Command = (sim: Simulation) => unknown;

interface Case {
  name: string;
  seed: number;
  rps: number;
  seconds: number;
  /** Commands to run at given simulated times (ms). */
  at?: [number, Command][];
}

/** Float64 bits, so that timings are compared exactly. */
function num(h: Hash, x: number): void {
  const b = Buffer.alloc(8);
  b.writeDoubleLE(x);
  h.update(b);
}

/**
 * The outcomes there were when bench/fingerprint.txt was recorded. An outcome added later
 * (http_503, HAProxy's page) never happens on the one-server stack: it must count 0 here, and is
 * left out of the hash so that the recorded fingerprints still apply.
 */
const RECORDED_OUTCOMES = [
  "ok",
  "http_404",
  "http_500",
  "http_502",
  "http_504",
  "ERR_NAME_NOT_RESOLVED",
  "ERR_CONNECTION_REFUSED",
  "ERR_CONNECTION_TIMED_OUT",
  "ERR_TIMED_OUT",
  "ERR_CONNECTION_RESET",
] as const;

function statsAsRecorded(sim: Simulation): unknown {
  const stats = sim.stats();
  for (const [outcome, n] of Object.entries(stats.finished))
    if (!(RECORDED_OUTCOMES as readonly string[]).includes(outcome) && n !== 0)
      throw new Error(`fingerprint: ${n} × ${outcome} on the one-server stack`);
  const finished = Object.fromEntries(RECORDED_OUTCOMES.map((o) => [o, stats.finished[o]]));
  return { ...stats, finished };
}

function run(c: Case): string {
  const h = createHash("sha256");
  const sim = createSimulation({ topology: oneServerTopology, seed: c.seed });
  if (c.rps > 0) sim.setTraffic(c.rps);
  const commands = [...(c.at ?? [])].sort((a, b) => a[0] - b[0]);
  let prev = 0;
  for (let t = 100; t <= c.seconds * 1000; t += 100) {
    while (commands.length > 0 && (commands[0]?.[0] ?? Infinity) <= t) {
      const [when, cmd] = commands.shift() as [number, Command];
      sim.advanceTo(when);
      h.update(JSON.stringify(cmd(sim) ?? null));
    }
    sim.advanceTo(t);
    // Every visit that ended in this slice: when, how long, how.
    sim.completions.forEachSince(prev, (end, duration, outcome) => {
      num(h, end);
      num(h, duration);
      h.update(outcome);
    });
    prev = t;
    // Packets in flight, as the canvas would read them.
    const p = sim.packets;
    num(h, p.count);
    for (let i = 0; i < p.count; i++) {
      num(h, p.from[i] as number);
      num(h, p.to[i] as number);
      num(h, p.depart[i] as number);
      num(h, p.arrive[i] as number);
      num(h, p.kind[i] as number);
      num(h, p.hop[i] as number);
    }
    num(h, sim.nextEventTime());
    num(h, sim.eventsProcessed);
  }
  h.update(JSON.stringify(statsAsRecorded(sim)));
  num(h, sim.eventsProcessed);
  h.update(JSON.stringify(sim.trace));
  h.update(JSON.stringify(sim.requests));
  h.update(JSON.stringify(sim.visits));
  h.update(JSON.stringify(sim.incidents));
  h.update(JSON.stringify(sim.deployState() ?? null));
  h.update(JSON.stringify(Array.from(sim.received)));
  const nginx = sim.componentState("nginx");
  const app = sim.componentState("app");
  const mysql = sim.componentState("mysql");
  h.update(
    JSON.stringify([
      nginx.kind === "nginx" ? [nginx.state.accepted, nginx.state.active.size] : null,
      app.kind === "app"
        ? [app.state.working.size, app.state.backlog.size, app.state.served]
        : null,
      mysql.kind === "mysql" ? [mysql.state.running.size, mysql.state.answered] : null,
      sim.cpu("server"),
    ]),
  );
  return `${h.digest("hex").slice(0, 16)} events=${sim.eventsProcessed} trace=${sim.trace.length} visits=${sim.stats().visitsSent}`;
}

const manual: [number, Command][] = [
  [0, (s) => s.visit("www.foobar.com")],
  [700, (s) => s.visit("www.foobar.com", { path: "/missing" })],
  [2_000, (s) => s.visit("foobar.com")],
  [2_500, (s) => s.visit("nope.foobar.com")],
];

const faults: [number, Command][] = [
  [500, (s) => s.visit("www.foobar.com")],
  [2_000, (s) => s.kill("mysql")],
  [2_100, (s) => s.visit("www.foobar.com")],
  [3_000, (s) => s.revive("mysql")],
  [3_500, (s) => s.setSlow("app", true)],
  [4_000, (s) => s.visit("www.foobar.com")],
  [6_000, (s) => s.setSlow("app", false)],
  [6_500, (s) => s.configure("nginx", "fastcgiReadTimeoutMs", 2_000)],
  [7_000, (s) => s.setSlow("mysql", true)],
  [9_500, (s) => s.setSlow("mysql", false)],
  [10_000, (s) => s.kill("nginx")],
  [10_200, (s) => s.visit("www.foobar.com")],
  [11_000, (s) => s.revive("nginx")],
  [11_500, (s) => s.configure("app", "workers", 2)],
  [12_000, (s) => s.surge({ factor: 4, holdMs: 3_000, easeMs: 2_000 })],
  [13_000, (s) => s.kill("app")],
  [14_000, (s) => s.revive("app")],
  [15_000, (s) => s.deploy()],
  [15_500, (s) => s.visit("www.foobar.com")],
  [19_000, (s) => s.visit("www.foobar.com")],
  [24_000, (s) => s.configure("server", "cores", 1)],
  [25_000, (s) => s.kill("server")],
  [25_100, (s) => s.visit("www.foobar.com")],
  [27_000, (s) => s.revive("server")],
  [27_500, (s) => s.revive("nginx")],
  [27_600, (s) => s.revive("app")],
  [27_700, (s) => s.revive("mysql")],
  [28_000, (s) => s.setRepeatVisits(700)],
  [29_000, (s) => s.configure("mysql", "maxConnections", 3)],
  [29_100, (s) => s.configure("app", "listenBacklog", 5)],
  [30_000, (s) => s.kill("resolver")],
  [33_000, (s) => s.setRepeatVisits(undefined)],
  [36_000, (s) => s.revive("resolver")],
  [38_000, (s) => s.setTraffic(0)],
];

const cases: Case[] = [];
for (let seed = 1; seed <= 5; seed++) {
  cases.push({ name: `seed ${seed}, manual visits`, seed, rps: 0, seconds: 20, at: manual });
  cases.push({ name: `seed ${seed}, 50 rps`, seed, rps: 50, seconds: 20, at: manual });
  cases.push({ name: `seed ${seed}, 2000 rps`, seed, rps: 2000, seconds: 8 });
  cases.push({ name: `seed ${seed}, 20000 rps`, seed, rps: 20_000, seconds: 2 });
  cases.push({ name: `seed ${seed}, faults`, seed, rps: 150, seconds: 50, at: faults });
}
for (const c of cases) console.log(`${c.name.padEnd(26)} ${run(c)}`);
