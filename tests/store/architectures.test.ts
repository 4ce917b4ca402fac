import { describe, expect, it } from "vitest";
import { encodeLink, parseLink } from "../../src/app/link";
import { ARCHITECTURES } from "../../src/scenes/architectures";
import { SCENES, sceneById } from "../../src/scenes/catalog";
import { createHopscopeStore, setupOfScene } from "../../src/store";

const ids = (store: ReturnType<typeof createHopscopeStore>) =>
  store.getState().sim.topology.specs.map((s) => s.id);

function storeFor(scene: string) {
  const found = sceneById(scene);
  if (!found) throw new Error(scene);
  return createHopscopeStore({ seed: 1, setup: setupOfScene(found, 1), wallClock: () => 0 });
}

describe("a scene's architecture", () => {
  it("opening a scene of another architecture rebuilds the simulation on its topology", () => {
    const store = createHopscopeStore({ seed: 3 });
    expect(store.getState().architecture.id).toBe("one-server");
    expect(ids(store)).toContain("nginx");
    store.getState().actions.loadScene("distributed");
    const s = store.getState();
    expect(s.architecture.id).toBe("distributed");
    expect(s.topology).toBe(ARCHITECTURES.distributed.topology);
    expect(ids(store)).toEqual(
      expect.arrayContaining(["lb", "haproxy", "web1", "web2-app", "web1-mysql", "web2-mysql"]),
    );
    expect(ids(store)).not.toContain("nginx");
    expect(s.seed).toBe(3);
    // Everything that reads the topology reads the scene's: selecting a part of it works…
    s.actions.select("web2");
    expect(store.getState().selected).toBe("web2");
    // …and one of the other architecture is refused.
    store.getState().actions.select("nginx");
    expect(store.getState().selected).toBe("web2");
    expect(store.getState().notices.at(-1)?.text).toMatch(/no component “nginx”/);
    // Reset stays on the architecture; a one-server scene goes back.
    store.getState().actions.reset();
    expect(store.getState().architecture.id).toBe("distributed");
    store.getState().actions.loadScene("mysql-down");
    expect(store.getState().architecture.id).toBe("one-server");
    expect(store.getState().sim.health("mysql").killed).toBe(true);
    expect(ids(store)).not.toContain("haproxy");
  });

  it("every scene's kills and slow parts exist in its own architecture", () => {
    for (const scene of SCENES) {
      const store = storeFor(scene.id);
      expect(store.getState().notices.filter((n) => n.tone === "warning")).toEqual([]);
      for (const id of [...scene.kill, ...(scene.killAfter ? [scene.killAfter.id] : [])])
        expect(ids(store)).toContain(id);
    }
  });

  it("a visit on the load-balanced stack goes through HAProxy and loads", () => {
    const store = storeFor("distributed");
    store.getState().actions.visit();
    const { sim } = store.getState();
    sim.runUntilIdle(60_000);
    expect(sim.visits[0]?.outcome).toBe("ok");
    expect(sim.trace.some((e) => e.type === "hop" && e.from === "haproxy")).toBe(true);
  });
});

describe("links on the load-balanced stack", () => {
  it("kill=web1 with scene=distributed is taken", () => {
    const link = parseLink("?scene=distributed&kill=web1");
    expect(link.notices).toEqual([]);
    expect(link.setup.kill).toEqual(["web1"]);
    const store = createHopscopeStore({ seed: 1, setup: link.setup });
    expect(store.getState().sim.health("web1").killed).toBe(true);
  });

  it("kill=nginx with scene=distributed is refused visibly and changes nothing else", () => {
    const good = parseLink("?scene=distributed&rps=10&seed=4");
    const bad = parseLink("?scene=distributed&rps=10&seed=4&kill=nginx");
    expect(bad.notices).toHaveLength(1);
    expect(bad.notices[0]?.text).toMatch(/Ignored kill=“nginx”: there is no component “nginx”/);
    expect(bad.notices[0]?.text).toContain("web1-nginx");
    expect(bad.setup).toEqual(good.setup);
    const store = createHopscopeStore({ seed: 4, setup: bad.setup, notices: bad.notices });
    expect(store.getState().notices.map((n) => n.text)).toEqual([bad.notices[0]?.text]);
    expect(store.getState().scene.id).toBe("distributed");
  });

  it("Copy link's round trip on the load-balanced stack gives the setup back", () => {
    const setup = {
      scene: "tcp-check-trap",
      seed: 9,
      speed: "10" as const,
      rps: 40,
      kill: ["web2-nginx"],
      slow: ["web1-app"],
      settings: [{ component: "haproxy", setting: "retries", value: 1 }],
    };
    const link = parseLink(encodeLink(setup));
    expect(link.notices).toEqual([]);
    expect(link.setup).toEqual(setup);
  });

  it("set= and slow= are checked against the scene's architecture too", () => {
    expect(parseLink("?scene=distributed&slow=web2-app").setup.slow).toEqual(["web2-app"]);
    const bad = parseLink("?scene=distributed&set=app.workers:8");
    expect(bad.setup.settings).toEqual([]);
    expect(bad.notices).toHaveLength(1);
    expect(parseLink("?scene=distributed&set=web1-app.workers:8").setup.settings).toEqual([
      { component: "web1-app", setting: "workers", value: 8 },
    ]);
  });
});

describe("a kill on the simulated clock (server-failover)", () => {
  /** Plays `store` frame by frame (100 ms of real time each) until `until` simulated ms. */
  function playTo(store: ReturnType<typeof createHopscopeStore>, until: number, frame = 100) {
    for (let guard = 0; store.getState().sim.now < until && guard < 10_000; guard++)
      store.getState().actions.tick(frame);
  }

  it("web1 dies exactly 10 s after the scene starts, whatever the frames", () => {
    const times: number[] = [];
    for (const frame of [100, 37]) {
      const store = storeFor("server-failover");
      store.getState().actions.play();
      const { sim } = store.getState();
      for (let guard = 0; sim.now < 9_999 && guard < 10_000; guard++)
        store.getState().actions.tick(frame);
      expect(sim.health("web1").killed).toBe(sim.now >= 10_000);
      playTo(store, 10_500);
      expect(sim.health("web1").killed).toBe(true);
      const incident = sim.incidents.find((i) => i.component === "web1");
      times.push(incident?.from ?? -1);
    }
    expect(times).toEqual([10_000, 10_000]);
  });

  it("at its exact time also when nothing else happens then (no traffic, big frames)", () => {
    const found = sceneById("server-failover");
    if (!found) throw new Error("scene");
    const store = createHopscopeStore({
      seed: 1,
      setup: { ...setupOfScene(found, 1), rps: 0, speed: "100" },
      wallClock: () => 0,
    });
    store.getState().actions.play();
    playTo(store, 10_700, 7.3);
    const { sim } = store.getState();
    expect(sim.incidents.find((i) => i.component === "web1")?.from).toBe(10_000);
  });

  it("is not scheduled before the scene starts, and Reset schedules it again", () => {
    const store = storeFor("lb-spof");
    const { sim } = store.getState();
    sim.advanceTo(6_000); // the clock moved by someone else: the opening has not run
    expect(sim.health("haproxy").killed).toBe(false);
    store.getState().actions.play();
    playTo(store, 11_100);
    expect(store.getState().sim.health("haproxy").killed).toBe(true);
    store.getState().actions.reset();
    expect(store.getState().sim.health("haproxy").killed).toBe(false);
    store.getState().actions.play();
    playTo(store, 4_900);
    expect(store.getState().sim.health("haproxy").killed).toBe(false);
    playTo(store, 5_100);
    expect(store.getState().sim.health("haproxy").killed).toBe(true);
  });
});
