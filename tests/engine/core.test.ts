import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  answerFromZone,
  compileTopology,
  createRng,
  PacketTable,
  TopologyError,
} from "../../src/engine";
import { EventQueue } from "../../src/engine/queue";
import { oneServerTopology } from "../../src/scenes/oneServer";

/** A queue entry for the tests: an id, and the ticket the queue keeps. */
interface Item {
  i: number;
  queueId: number;
  keep?: boolean;
}
const item = (i: number, keep?: boolean): Item => ({
  i,
  queueId: -1,
  ...(keep === undefined ? {} : { keep }),
});

describe("EventQueue", () => {
  it("pops by time, and by scheduling order at equal times", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 20 }), { maxLength: 300 }), (times) => {
        const q = new EventQueue<Item>();
        for (const [i, t] of times.entries()) q.push(t, item(i));
        const out: number[] = [];
        while (q.size > 0) out.push(q.pop().i);
        const expected = times.map((t, i) => ({ t, i })).sort((a, b) => a.t - b.t || a.i - b.i);
        expect(out).toEqual(expected.map((e) => e.i));
      }),
    );
  });

  it("refuses times that are not finite and non-negative", () => {
    const q = new EventQueue<Item>();
    expect(() => q.push(Number.NaN, item(1))).toThrow(/ENGINE_BAD_TIME/);
    expect(() => q.push(-1, item(1))).toThrow(/ENGINE_BAD_TIME/);
    expect(q.peekTime()).toBe(Number.POSITIVE_INFINITY);
  });
});

describe("createRng", () => {
  it("repeats its sequence for a seed and stays in [0, 1)", () => {
    const a = createRng(7);
    const b = createRng(7);
    for (let i = 0; i < 1000; i++) {
      const x = a.next();
      expect(x).toBe(b.next());
      expect(x).toBeGreaterThanOrEqual(0);
      expect(x).toBeLessThan(1);
    }
    expect(createRng(8).next()).not.toBe(createRng(7).next());
  });
});

describe("PacketTable", () => {
  it("keeps the live packets dense through any order of adds and removes", () => {
    fc.assert(
      fc.property(fc.array(fc.boolean(), { maxLength: 600 }), (ops) => {
        const table = new PacketTable();
        const live = new Map<number, number>(); // handle → from
        let n = 0;
        for (const add of ops) {
          if (add || live.size === 0) {
            const h = table.add(n, n + 1, n, n + 1, 0, n);
            live.set(h, n++);
          } else {
            const [h] = live.keys();
            table.remove(h as number);
            live.delete(h as number);
          }
        }
        expect(table.count).toBe(live.size);
        const froms = Array.from(table.from.subarray(0, table.count)).sort((a, b) => a - b);
        expect(froms).toEqual([...live.values()].sort((a, b) => a - b));
      }),
    );
  });
});

describe("answerFromZone", () => {
  const root = oneServerTopology.components.find((c) => c.id === "root");
  const auth = oneServerTopology.components.find((c) => c.id === "auth");
  if (root?.kind !== "nameserver" || auth?.kind !== "nameserver") throw new Error("fixture");

  it("refers a query down to the child zone, with glue", () => {
    const r = answerFromZone(root.zone, root.records, "www.foobar.com.");
    expect(r.answer).toEqual([]);
    expect(r.authority.map((x) => `${x.name} NS ${x.value}`)).toEqual([
      "com. NS a.gtld-servers.net.",
    ]);
    expect(r.additional.map((x) => x.value)).toEqual(["192.5.6.30"]);
  });

  it("answers www with the CNAME and the apex's A record together", () => {
    const r = answerFromZone(auth.zone, auth.records, "www.foobar.com.");
    expect(r.answer.map((x) => `${x.name} ${x.type} ${x.value}`)).toEqual([
      "www.foobar.com. CNAME foobar.com.",
      "foobar.com. A 8.8.8.8",
    ]);
  });

  it("says NXDOMAIN for a name the zone does not have", () => {
    expect(answerFromZone(auth.zone, auth.records, "mail.foobar.com.").rcode).toBe("NXDOMAIN");
  });
});

describe("compileTopology", () => {
  const topo = compileTopology(oneServerTopology);

  it("resolves addresses: 8.8.8.8:80 is Nginx, and 127.0.0.1 means the sender's own host", () => {
    const nginx = topo.indexOf("nginx");
    expect(topo.listener(topo.atIp("8.8.8.8") ?? -1, 80)).toBe(nginx);
    expect(topo.resolveAddress(nginx, "127.0.0.1:9000")).toBe(topo.indexOf("app"));
    expect(topo.resolveAddress(topo.indexOf("browser"), "127.0.0.1:9000")).toBeUndefined();
    expect(topo.resolveAddress(nginx, "not-an-address")).toBeUndefined();
  });

  it("routes over links, through intermediate components when there is no direct link", () => {
    const b = topo.indexOf("browser");
    expect(topo.route(b, topo.indexOf("nginx"))?.map((l) => topo.links[l]?.id)).toEqual([
      "browser-nginx",
    ]);
    expect(topo.route(b, topo.indexOf("mysql"))?.map((l) => topo.links[l]?.id)).toEqual([
      "browser-nginx",
      "nginx-app",
      "app-mysql",
    ]);
    expect(topo.route(b, topo.indexOf("server"))).toBeUndefined();
  });

  it("rejects a topology with duplicate ids, with a coded error", () => {
    const bad = {
      ...oneServerTopology,
      components: [...oneServerTopology.components, oneServerTopology.components[0]!],
    };
    expect(() => compileTopology(bad)).toThrow(TopologyError);
    expect(() => compileTopology(bad)).toThrow(/TOPOLOGY_DUPLICATE_ID/);
  });
});

describe("EventQueue.remove", () => {
  it("keeps order and removals right past its first capacity", () => {
    const q = new EventQueue<Item>();
    const rng = createRng(3);
    const entries = Array.from({ length: 5000 }, (_, i) => ({
      t: Math.floor(rng.next() * 100),
      it: item(i, i % 3 !== 0),
    }));
    for (const e of entries.slice(0, 2500)) q.push(e.t, e.it);
    for (const e of entries.slice(0, 2500)) if (!e.it.keep) expect(q.remove(e.it)).toBe(true);
    for (const e of entries.slice(2500)) q.push(e.t, e.it);
    for (const e of entries.slice(2500)) if (!e.it.keep) expect(q.remove(e.it)).toBe(true);
    const out: number[] = [];
    while (q.size > 0) out.push(q.pop().i);
    const expected = entries
      .filter((e) => e.it.keep)
      .sort((a, b) => a.t - b.t || a.it.i - b.it.i)
      .map((e) => e.it.i);
    expect(out).toEqual(expected);
  });

  it("takes out what it is told to and keeps the rest in (time, seq) order", () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 50 }), fc.boolean()), { maxLength: 300 }),
        fc.integer({ min: 0, max: 300 }),
        (entries, popsFirst) => {
          const q = new EventQueue<Item>();
          const items = entries.map(([, keep], i) => item(i, keep));
          for (const [i, [t]] of entries.entries()) q.push(t, items[i] as Item);
          // Pop a few (before time 25), then remove the unwanted ones: popped ones are no longer there.
          const out: number[] = [];
          for (let n = 0; n < popsFirst && q.peekTime() < 25 && q.peek().keep; n++)
            out.push(q.pop().i);
          for (const it of items) {
            const queued = it.queueId >= 0;
            if (!it.keep) expect(q.remove(it)).toBe(queued);
          }
          for (const it of items) if (!it.keep) expect(q.remove(it)).toBe(false);
          // New pushes still order correctly after removals.
          q.push(25, item(-1, true));
          while (q.size > 0) out.push(q.pop().i);
          const expected = [
            ...entries.map(([t, keep], i) => ({ t, keep, i })),
            { t: 25, keep: true, i: -1, late: true },
          ]
            .filter((e) => e.keep)
            .sort((a, b) => a.t - b.t || Number("late" in a) - Number("late" in b) || a.i - b.i)
            .map((e) => e.i);
          expect(out).toEqual(expected);
        },
      ),
    );
  });
});

/** An operation on the queue: schedule (at a time or as a timeout), pop, or remove the `pick`th. */
type QueueOp =
  | { op: "push"; at: (now: number, queued: readonly number[]) => number }
  | { op: "timeout"; delay: number }
  | { op: "pop" }
  | { op: "remove"; pick: number };

/**
 * Runs `ops` on an EventQueue and on a reference model (a plain list searched for
 * the earliest (time, seq)), and checks that they agree at every step.
 */
function matchesModel(ops: readonly QueueOp[]): void {
  const q = new EventQueue<Item>();
  const model: { t: number; seq: number; it: Item }[] = [];
  let now = 0;
  let seq = 0;
  const take = (i: number) => model.splice(i, 1)[0];
  const earliest = () =>
    model.reduce((m, e, i) => {
      const best = model[m] as (typeof model)[number];
      return e.t < best.t || (e.t === best.t && e.seq < best.seq) ? i : m;
    }, 0);
  for (const o of ops) {
    if (o.op === "push" || o.op === "timeout") {
      const t =
        o.op === "push"
          ? o.at(
              now,
              model.map((e) => e.t),
            )
          : now + o.delay;
      const it = item(seq);
      if (o.op === "push") q.push(t, it);
      else q.pushTimeout(t, o.delay, it);
      model.push({ t, seq: seq++, it });
    } else if (o.op === "pop" && model.length > 0) {
      const e = take(earliest());
      expect(q.peekTime()).toBe(e?.t);
      expect(q.pop()).toBe(e?.it);
      now = e?.t ?? now;
    } else if (o.op === "remove" && model.length > 0) {
      const e = take(o.pick % model.length);
      expect(q.remove(e?.it as Item)).toBe(true);
      expect(q.remove(e?.it as Item)).toBe(false);
    }
    expect(q.size).toBe(model.length);
  }
  while (model.length > 0) expect(q.pop()).toBe(take(earliest())?.it);
  expect(q.peekTime()).toBe(Number.POSITIVE_INFINITY);
}

describe("EventQueue buckets", () => {
  it("pops in (time, seq) order across buckets, far events and long idle gaps", () => {
    const op = fc.oneof(
      // Fractions of a bucket, several buckets, past the ring's span, or far away.
      fc
        .integer({ min: 0, max: 4000 })
        .map((x): QueueOp => ({ op: "push", at: (now) => now + x / 64 })),
      fc.integer({ min: 0, max: 4000 }).map(
        (x): QueueOp => ({
          op: "push",
          at: (now) => now + (x % 2 === 0 ? x / 8 : x * 1000),
        }),
      ),
      fc.constantFrom<QueueOp>(
        { op: "timeout", delay: 0.05 },
        { op: "timeout", delay: 40 },
        { op: "timeout", delay: 5000 },
        { op: "pop" },
        { op: "pop" },
      ),
      fc.nat().map((pick): QueueOp => ({ op: "remove", pick })),
      // Just before an event already queued, so order hangs on which bucket each is in.
      fc.tuple(fc.nat(), fc.integer({ min: 1, max: 64 })).map(
        ([pick, f]): QueueOp => ({
          op: "push",
          at: (now, queued) =>
            queued.length === 0
              ? now + f / 64
              : Math.max(now, (queued[pick % queued.length] as number) - f / 256),
        }),
      ),
    );
    fc.assert(fc.property(fc.array(op, { maxLength: 400 }), matchesModel), { numRuns: 300 });
  });
});

describe("EventQueue.pushTimeout", () => {
  it("orders timeouts in lanes exactly as if they were pushed into the heap", () => {
    const op = fc.oneof(
      fc.integer({ min: 0, max: 40 }).map((x): QueueOp => ({ op: "push", at: (now) => now + x })),
      // A few fixed delays, as protocol timeouts have.
      fc.constantFrom<QueueOp>(
        { op: "timeout", delay: 0 },
        { op: "timeout", delay: 5 },
        { op: "timeout", delay: 30 },
        { op: "pop" },
      ),
      fc.nat().map((pick): QueueOp => ({ op: "remove", pick })),
    );
    fc.assert(fc.property(fc.array(op, { maxLength: 400 }), matchesModel), { numRuns: 300 });
  });

  it("keeps lanes right past its first capacity", () => {
    const q = new EventQueue<Item>();
    const laned = Array.from({ length: 3000 }, (_, i) => item(i, i % 2 === 0));
    for (const [i, it] of laned.entries()) q.pushTimeout(i, 100, it);
    for (let i = 0; i < 3000; i++) q.push(50 + i, item(3000 + i));
    for (const it of laned) if (!it.keep) expect(q.remove(it)).toBe(true);
    const out: number[] = [];
    while (q.size > 0) out.push(q.pop().i);
    const expected = [
      ...Array.from({ length: 3000 }, (_, i) => ({ t: i, i })).filter((e) => e.i % 2 === 0),
      ...Array.from({ length: 3000 }, (_, i) => ({ t: 50 + i, i: 3000 + i })),
    ]
      .sort((a, b) => a.t - b.t || a.i - b.i)
      .map((e) => e.i);
    expect(out).toEqual(expected);
  });
});
