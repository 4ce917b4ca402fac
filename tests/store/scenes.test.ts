import { describe, expect, it } from "vitest";
import { SCENES, sceneById } from "../../src/scenes/catalog";
import { oneServerTopology } from "../../src/scenes/oneServer";
import { createHopscopeStore, liveSetup, type SceneSetup, setupOfScene } from "../../src/store";

function storeFor(setup?: SceneSetup, autoplay = false) {
  return createHopscopeStore({
    topology: oneServerTopology,
    seed: 1,
    ...(setup ? { setup } : {}),
    autoplay,
  });
}

function sceneSetup(id: string, seed = 1): SceneSetup {
  const scene = sceneById(id);
  if (!scene) throw new Error(`no scene ${id}`);
  return setupOfScene(scene, seed);
}

/** Plays the store's engine directly until `ms` of simulated time. */
function advance(store: ReturnType<typeof storeFor>, ms: number) {
  store.getState().sim.advanceTo(ms);
}

describe("scenes", () => {
  it("every scene starts without refusals, in its own state, paused until Play", () => {
    for (const scene of SCENES) {
      const store = storeFor(setupOfScene(scene, 1));
      const s = store.getState();
      expect(s.scene.id).toBe(scene.id);
      expect(s.speed).toBe(scene.speed);
      expect(s.playing).toBe(false);
      expect(s.notices.filter((n) => n.tone === "warning")).toEqual([]);
      for (const id of scene.kill) expect(s.sim.health(id).killed).toBe(true);
      expect(s.sim.trafficState().baseRps).toBe(scene.rps);
      // Only traffic (and a load balancer's health checks, which run from the start) is
      // scheduled: the opening waits for the clock to start.
      const checks = s.sim.topology.specs.some((c) => c.kind === "haproxy");
      expect(s.sim.nextEventTime() !== Number.POSITIVE_INFINITY).toBe(scene.rps > 0 || checks);
      expect(s.sim.deployState()).toBeUndefined();
      expect(s.sim.visits).toEqual([]);
      expect(s.notices.some((n) => n.text === `${scene.title}: press Play to start.`)).toBe(
        scene.opening !== "none",
      );
    }
  });

  it("with autoplay the opening plays at once", () => {
    const store = storeFor(sceneSetup("mysql-down"), true);
    expect(store.getState().playing).toBe(true);
    advance(store, 5_000);
    expect(store.getState().sim.visits[0]).toMatchObject({ outcome: "http_500", status: 500 });
  });

  it("each failure scene shows what a real user would see", () => {
    const expected: Record<string, string> = {
      "dns-down": "ERR_NAME_NOT_RESOLVED",
      "mysql-down": "http_500",
      "app-down": "http_502",
      "nginx-down": "ERR_CONNECTION_REFUSED",
      "server-down": "ERR_CONNECTION_TIMED_OUT",
      "first-visit": "ok",
    };
    for (const [id, outcome] of Object.entries(expected)) {
      const store = storeFor(sceneSetup(id), true);
      advance(store, 200_000);
      // The page is the latest visit (a scene may load a static file just before it).
      expect(store.getState().sim.visits.at(-1)?.outcome, id).toBe(outcome);
    }
    // app-down also loads the logo: a 200 from Nginx's disk beside the 502.
    const appDown = storeFor(sceneSetup("app-down"), true);
    advance(appDown, 5_000);
    expect(appDown.getState().sim.visits.map((v) => [v.url, v.status])).toEqual([
      ["http://www.foobar.com/logo.png", 200],
      ["http://www.foobar.com/", 502],
    ]);
  });

  it("the deploy and surge scenes cause failures that a calm stack does not", () => {
    const failures = (id: string, ms = 30_000) => {
      const store = storeFor(sceneSetup(id), true);
      advance(store, ms);
      const { finished } = store.getState().sim.stats();
      return Object.entries(finished).filter(([o, count]) => o !== "ok" && count > 0);
    };
    expect(failures("deploy").length).toBeGreaterThan(0);
    expect(failures("deploy-reload")).toEqual([]); // graceful: nothing fails
    // The surge first makes pages slow; after 60 s without a connection, Nginx answers 504.
    expect(failures("surge")).toEqual([]);
    // (after its 10 s calm phase)
    const [[outcome, count] = ["", 0], ...others] = failures("surge", 100_000);
    expect(outcome).toBe("http_504");
    expect(count).toBeGreaterThan(100);
    expect(others).toEqual([]);
    const calm = storeFor({ ...sceneSetup("surge"), scene: "one-server" }, true);
    advance(calm, 30_000);
    const { finished } = calm.getState().sim.stats();
    expect(finished.ok).toBeGreaterThan(1000);
    expect(Object.values(finished).reduce((a, b) => a + b, 0)).toBe(finished.ok);
  });

  it("the surge scene shows its calm phase first: 60 visits/s for 10 s, then ×10, then back", () => {
    for (const autoplay of [true, false]) {
      const store = storeFor(sceneSetup("surge"), autoplay);
      if (!autoplay) store.getState().actions.play(); // the opening waits for Play
      advance(store, 9_500);
      const { sim } = store.getState();
      expect(sim.trafficState()).toEqual({ baseRps: 60, rps: 60, surging: false, surged: false });
      expect(sim.stats().finished.ok).toBeGreaterThan(400); // calm: every page loads
      advance(store, 10_500);
      expect(sim.trafficState()).toEqual({ baseRps: 60, rps: 600, surging: true, surged: true });
      advance(store, 45_000); // 20 s held, 10 s easing back
      expect(sim.trafficState()).toEqual({ baseRps: 60, rps: 60, surging: false, surged: true });
    }
  });

  it("the opening runs when the clock starts, after changes made before it", () => {
    const store = storeFor(sceneSetup("first-visit"));
    store.getState().actions.kill("mysql");
    store.getState().actions.play();
    advance(store, 5_000);
    expect(store.getState().sim.visits.map((v) => v.outcome)).toEqual(["http_500"]);
    // Step starts it too: a waiting opening counts as something to step through.
    const stepped = storeFor(sceneSetup("deploy"));
    expect(stepped.getState().busy).toBe(true);
    stepped.getState().actions.step();
    expect(stepped.getState().sim.deployState()?.version).toBe("v2");
  });

  it("pressing the opening's own button replaces it instead of doing it twice", () => {
    const visit = storeFor(sceneSetup("first-visit"));
    visit.getState().actions.visit();
    expect(visit.getState().sim.visits).toHaveLength(1);
    visit.getState().actions.pause();
    visit.getState().actions.play();
    expect(visit.getState().sim.visits).toHaveLength(1);
    const deploy = storeFor(sceneSetup("deploy"));
    deploy.getState().actions.visit(); // starts the clock: the deploy begins as well
    expect(deploy.getState().sim.visits).toHaveLength(1);
    expect(deploy.getState().sim.deployState()?.version).toBe("v2");
  });

  it("loadScene starts a scene paused with the current seed; an unknown id changes nothing", () => {
    const store = storeFor();
    store.getState().actions.loadScene("app-down");
    expect(store.getState()).toMatchObject({ playing: false, seed: 1 });
    expect(store.getState().scene.id).toBe("app-down");
    expect(store.getState().sim.health("app").killed).toBe(true);
    const before = store.getState().sim;
    store.getState().actions.loadScene("<b>moon</b>");
    expect(store.getState().sim).toBe(before);
    expect(store.getState().scene.id).toBe("app-down");
    expect(store.getState().notices.at(-1)?.text).toBe("There is no scene “<b>moon</b>”.");
  });

  it("Reset goes back to the scene's start, not to an empty stack, at the speed chosen", () => {
    const store = storeFor(sceneSetup("mysql-down"));
    store.getState().actions.setSpeed("10");
    store.getState().actions.notify("an old warning");
    store.getState().actions.revive("mysql");
    expect(store.getState().sim.health("mysql").up).toBe(true);
    store.getState().actions.reset();
    expect(store.getState().sim.health("mysql").killed).toBe(true);
    expect(store.getState().sim.now).toBe(0);
    expect(store.getState().speed).toBe("10");
    expect(store.getState().notices.map((n) => n.text)).toEqual([
      "MySQL is down: press Play to start.",
    ]);
  });

  it("a setup the engine refuses in part shows each refusal and keeps the rest", () => {
    const store = storeFor({ ...sceneSetup("one-server"), kill: ["browser", "mysql"] });
    const s = store.getState();
    expect(s.sim.health("mysql").killed).toBe(true);
    expect(s.notices.filter((n) => n.tone === "warning")).toHaveLength(1);
  });
});

describe("liveSetup", () => {
  it("captures faults by hand, traffic and capacities; not what a deploy is restarting", () => {
    const store = storeFor(sceneSetup("one-server", 9));
    const a = store.getState().actions;
    a.kill("resolver");
    a.setSlow("app", true);
    a.setRps(40);
    a.configure("app", "workers", 8);
    a.deploy();
    store.getState().sim.advanceTo(6_000); // the deploy is restarting the app server now
    expect(store.getState().sim.health("app").restarting).toBe(true);
    const s = store.getState();
    expect(liveSetup(s.sim, s.topology, s.scene.id, s.speed)).toEqual({
      scene: "one-server",
      seed: 9,
      speed: "1",
      rps: 40,
      kill: ["resolver"],
      slow: ["app"],
      settings: [{ component: "app", setting: "workers", value: 8 }],
    });
  });

  it("leaves out a scaling group's slots that are off by design (a link would kill them again)", () => {
    const store = storeFor(sceneSetup("scale-out", 1));
    store.getState().actions.kill("web2");
    const s = store.getState();
    // web3 to web10 are slots never launched: powered off, not killed by anyone.
    expect(s.sim.health("web5").up).toBe(false);
    expect(liveSetup(s.sim, s.topology, s.scene.id, s.speed).kill).toEqual(["web2"]);
  });

  it("starting from a live setup gives the same run as the original start (same seed)", () => {
    const a = storeFor(sceneSetup("one-server", 5));
    a.getState().actions.kill("nginx");
    a.getState().actions.setRps(30);
    const s = a.getState();
    const setup = liveSetup(s.sim, s.topology, s.scene.id, s.speed);
    const b = storeFor(setup, true);
    const c = storeFor(setup, true);
    advance(b, 10_000);
    advance(c, 10_000);
    /** Every finished visit: when it ended, how long it took, how. */
    const outcomes = (st: ReturnType<typeof storeFor>) => {
      const out: [number, number, string][] = [];
      st.getState().sim.completions.forEachSince(0, (t, d, o) => out.push([t, d, o]));
      return out;
    };
    expect(outcomes(b).length).toBeGreaterThan(200);
    expect(outcomes(b)).toEqual(outcomes(c));
    expect(outcomes(b).every(([, , o]) => o === "ERR_CONNECTION_REFUSED")).toBe(true);
  });
});
