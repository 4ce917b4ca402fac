import type {
  ComponentSpec,
  HaproxySpec,
  KeepalivedSpec,
  LinkSpec,
  Topology,
  VrrpScriptSpec,
} from "../engine";
import { DISTRIBUTED_IDS, distributedTopology } from "./distributed";

/** Component ids of the pair of load balancers (the rest are those of `distributedTopology`). */
export const HA_PAIR_IDS = {
  lb1: "lb1",
  lb1Haproxy: "lb1-haproxy",
  lb1Keepalived: "lb1-keepalived",
  lb2: "lb2",
  lb2Haproxy: "lb2-haproxy",
  lb2Keepalived: "lb2-keepalived",
  /** The virtual IP, which DNS's A record for foobar.com names. */
  vip: "8.8.8.8",
} as const;

export interface HaPairOptions {
  /** Web servers behind the pair (1 to 8; default 2). */
  webServers?: number;
  /**
   * Preemption (keepalived's default, on): lb1 (priority 150, `state MASTER`) takes the address
   * back when it returns. Off is `nopreempt`, which keepalived only honours with `state BACKUP`,
   * so both nodes then start as BACKUP.
   */
  preempt?: boolean;
  /**
   * `track_script { chk_haproxy }` with `vrrp_script chk_haproxy { script "killall -0 haproxy";
   * interval 2 }` as the classic tutorial config has it (default on); weight 0 (keepalived's
   * default), so a node whose HAProxy is gone enters FAULT and gives the address up.
   */
  checkHaproxy?: boolean;
}

const ids = HA_PAIR_IDS;

/**
 * The classic three-server design with two load balancers in front: `lb1` (10.0.0.1) and `lb2`
 * (10.0.0.2), each running HAProxy and keepalived (VRRPv2, `virtual_router_id 51`,
 * `advert_int 1`, priorities 150 and 100). The MASTER holds the virtual IP 8.8.8.8, the address
 * DNS names; the web servers, MySQL, DNS and browsers are those of `distributedTopology`.
 */
export function haPairTopology(options: HaPairOptions = {}): Topology {
  const preempt = options.preempt ?? true;
  const checkHaproxy = options.checkHaproxy ?? true;
  const base = distributedTopology({ webServers: options.webServers ?? 2 });
  const haproxy = base.components.find((c) => c.id === DISTRIBUTED_IDS.haproxy) as HaproxySpec;
  const lbHost = base.components.find((c) => c.id === DISTRIBUTED_IDS.lb) as ComponentSpec;

  const node = (n: 1 | 2): ComponentSpec[] => {
    const host = n === 1 ? ids.lb1 : ids.lb2;
    const haproxyId = n === 1 ? ids.lb1Haproxy : ids.lb2Haproxy;
    const ip = `10.0.0.${n}`;
    const script: VrrpScriptSpec = {
      name: "chk_haproxy",
      script: "killall -0 haproxy",
      process: haproxyId,
      intervalMs: 2_000,
      fall: 1,
      rise: 1,
      weight: 0,
    };
    const keepalived: KeepalivedSpec = {
      kind: "keepalived",
      id: n === 1 ? ids.lb1Keepalived : ids.lb2Keepalived,
      label: `keepalived (lb${n})`,
      host,
      instance: "VI_1",
      interface: "eth0",
      virtualRouterId: 51,
      virtualIp: ids.vip,
      initialState: n === 1 && preempt ? "MASTER" : "BACKUP",
      priority: n === 1 ? 150 : 100,
      advertIntMs: 1_000,
      preempt,
      ...(checkHaproxy ? { trackScript: script } : {}),
    };
    return [
      { ...lbHost, id: host, label: `Load balancer ${n} ${ip}`, ip } as ComponentSpec,
      { ...haproxy, id: haproxyId, label: `HAProxy (lb${n})`, host },
      keepalived,
    ];
  };

  const components: ComponentSpec[] = base.components.flatMap((c) =>
    c.id === DISTRIBUTED_IDS.lb ? [...node(1), ...node(2)] : c.id === haproxy.id ? [] : [c],
  );
  const links: LinkSpec[] = base.links.flatMap((l) => {
    if (l.a !== haproxy.id && l.b !== haproxy.id) return [l];
    // Each link of the single HAProxy, once for each node.
    return [ids.lb1Haproxy, ids.lb2Haproxy].map((h, i) => ({
      ...l,
      id: `${l.id.replace(haproxy.id, h)}`,
      a: l.a === haproxy.id ? h : l.a,
      b: l.b === haproxy.id ? h : l.b,
      label: l.label.replace("TCP 80", `TCP 80 → ${ids.vip} (lb${i + 1} when it holds it)`),
    }));
  });
  links.push({
    id: "vrrp",
    a: ids.lb1Keepalived,
    b: ids.lb2Keepalived,
    latencyMs: 0.2,
    jitter: 0.1,
    label: "LAN · VRRP 224.0.0.18",
  });
  return { ...base, components, links };
}

/** Two load balancers with keepalived in front of two web servers. */
export const haPair: Topology = haPairTopology();
