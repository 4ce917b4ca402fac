import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createBalancer } from "../../src/engine/lb/balance";
import {
  applyCheck,
  CHECK_DEFAULTS,
  type CheckResult,
  createServerHealth,
  nextCheckIn,
  statusText,
  transitionLog,
} from "../../src/engine/lb/healthCheck";

const s = CHECK_DEFAULTS;
const good: CheckResult = { ok: true, code: "L4OK", durationMs: 0 };
const refused: CheckResult = {
  ok: false,
  code: "L4CON",
  durationMs: 0,
  info: "Connection refused",
};
const timedOut: CheckResult = { ok: false, code: "L4TOUT", durationMs: 2_000 };

/**
 * A server checked from time 0 (first check at `firstAt`): it is dead from `diesAt` (a check
 * then fails as `failure` does) and back from `revivesAt`. Returns when it was marked DOWN and UP.
 */
function run(firstAt: number, diesAt: number, failure: CheckResult, revivesAt: number) {
  const h = createServerHealth(s);
  // A server that has been up a while is fully UP: two good checks first.
  let t = firstAt;
  let downAt: number | undefined;
  let upAt: number | undefined;
  while (t < revivesAt + 30_000) {
    const dead = t >= diesAt && t < revivesAt;
    const result = dead ? failure : good;
    const end = t + result.durationMs;
    const change = applyCheck(h, result, s);
    if (change === "down" && downAt === undefined) downAt = end;
    if (change === "up" && downAt !== undefined && upAt === undefined) upAt = end;
    t = end + nextCheckIn(h, s);
  }
  return { downAt, upAt };
}

describe("HAProxy health checks (inter 2s, fall 3, rise 2)", () => {
  it("a stopped process (refused) is marked DOWN 4–6 s after it died, and UP 2–4 s after it is back", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1_999 }),
        fc.integer({ min: 10_000, max: 20_000 }),
        (first, dies) => {
          const { downAt, upAt } = run(first, dies, refused, dies + 20_000);
          expect((downAt as number) - dies).toBeGreaterThanOrEqual(4_000);
          expect((downAt as number) - dies).toBeLessThan(6_000);
          expect((upAt as number) - (dies + 20_000)).toBeGreaterThanOrEqual(2_000);
          expect((upAt as number) - (dies + 20_000)).toBeLessThan(4_000);
        },
      ),
      { numRuns: 200 },
    );
  });

  it("a dead machine (SYN dropped: each check times out after inter) is marked DOWN 10–12 s after it died", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1_999 }),
        fc.integer({ min: 10_000, max: 20_000 }),
        (first, dies) => {
          const { downAt } = run(first, dies, timedOut, dies + 40_000);
          expect((downAt as number) - dies).toBeGreaterThanOrEqual(10_000);
          expect((downAt as number) - dies).toBeLessThan(12_000);
        },
      ),
      { numRuns: 200 },
    );
  });

  it("the stats page's words along the way, and a new server falls at its first failed check", () => {
    const h = createServerHealth(s);
    expect(statusText(h, s)).toBe("UP 1/3"); // just started: up, but falls at the first failure
    const seen: string[] = [];
    for (const r of [good, refused, refused, refused, good, good, refused]) {
      applyCheck(h, r, s);
      seen.push(statusText(h, s));
    }
    expect(seen).toEqual(["UP", "UP 2/3", "UP 1/3", "DOWN", "DOWN 1/2", "UP", "UP 2/3"]);
    const fresh = createServerHealth(s);
    expect(applyCheck(fresh, refused, s)).toBe("down");
    h.admin = "drain";
    expect(statusText(h, s)).toBe("DRAIN 2/3");
    h.admin = "maint";
    expect(statusText(h, s)).toBe("MAINT");
    expect(applyCheck(h, refused, s)).toBeUndefined(); // no checks in maintenance
  });

  it("logs a state change in HAProxy's own words", () => {
    expect(transitionLog("web", "web2", "down", refused, 1, 0)).toBe(
      'Server web/web2 is DOWN, reason: Layer4 connection problem, info: "Connection refused", check duration: 0ms. 1 active and 0 backup servers left. 0 sessions active, 0 requeued, 0 remaining in queue.',
    );
    expect(transitionLog("web", "web4", "down", { ...timedOut, durationMs: 2_001 }, 1, 2)).toBe(
      "Server web/web4 is DOWN, reason: Layer4 timeout, check duration: 2001ms. 1 active and 0 backup servers left. 2 sessions active, 0 requeued, 0 remaining in queue.",
    );
    expect(
      transitionLog(
        "webhttp",
        "w3",
        "down",
        { ok: false, code: "L7STS", durationMs: 1, status: 502, info: "Bad Gateway" },
        0,
        0,
      ),
    ).toBe(
      'Server webhttp/w3 is DOWN, reason: Layer7 wrong status, code: 502, info: "Bad Gateway", check duration: 1ms. 0 active and 0 backup servers left. 0 sessions active, 0 requeued, 0 remaining in queue.',
    );
    expect(transitionLog("web", "web4", "up", good, 2, 0)).toBe(
      "Server web/web4 is UP, reason: Layer4 check passed, check duration: 0ms. 2 active and 0 backup servers online. 0 sessions requeued, 0 total in queue.",
    );
  });
});

describe("HAProxy's choice of a server", () => {
  it("roundrobin takes them in turn and skips the ones that take no traffic", () => {
    const rr = createBalancer("roundrobin");
    const up = [true, true, true];
    const pick = () =>
      rr.pick(
        3,
        (i) => up[i] === true,
        () => 0,
      );
    expect([pick(), pick(), pick(), pick()]).toEqual([0, 1, 2, 0]);
    up[2] = false;
    expect([pick(), pick(), pick()]).toEqual([1, 0, 1]);
    up[0] = false;
    up[1] = false;
    expect(pick()).toBe(-1);
  });

  it("redispatch: another server than the one that failed, if there is one", () => {
    const rr = createBalancer("roundrobin");
    expect(
      rr.pick(
        2,
        () => true,
        () => 0,
        0,
      ),
    ).toBe(1);
    expect(
      rr.pick(
        2,
        () => true,
        () => 0,
        1,
      ),
    ).toBe(0);
    expect(
      rr.pick(
        2,
        (i) => i === 1,
        () => 0,
        1,
      ),
    ).toBe(1); // the only one left
  });

  it("leastconn takes the least busy, in turn among equals", () => {
    const lc = createBalancer("leastconn");
    const conns = [3, 1, 1];
    const pick = () =>
      lc.pick(
        3,
        () => true,
        (i) => conns[i] ?? 0,
      );
    expect(pick()).toBe(1);
    expect(pick()).toBe(2);
    conns[0] = 0;
    expect(pick()).toBe(0);
  });
});
