import type { ComponentSpec, LinkSpec, Topology } from "./types";
import { VirtualAddresses } from "./virtualIp";

/**
 * A topology compiled for fast lookups: components by index, addresses to
 * components, and the cheapest route (by latency) between any two components.
 */
export interface CompiledTopology {
  readonly specs: readonly ComponentSpec[];
  readonly links: readonly LinkSpec[];
  readonly keepaliveTimeoutMs: number;
  indexOf(id: string): number;
  /** The component answering at `ip:port` as seen from `fromIndex` (127.0.0.1 is its own host). */
  resolveAddress(fromIndex: number, address: string): number | undefined;
  /**
   * The component with this IP: a host, or a server that is its own host. For a virtual IP
   * (keepalived's), the machine the router sends it to now (see virtualIp.ts).
   */
  atIp(ip: string): number | undefined;
  /** The virtual IPs (`virtualIp` of a spec) and where each is now: per simulation, changed by keepalived. */
  readonly virtual: VirtualAddresses;
  /** The process listening on `port` of the machine at `machineIndex`. */
  listener(machineIndex: number, port: number): number | undefined;
  /**
   * Where a connection from `from` to port `port` of machine `machineIndex` is delivered: the
   * process listening there for outside connections; else the machine, whose kernel refuses
   * it (a machine drawn without links of its own is reached through the process its links
   * lead to, as through its network card). Undefined when no link path leads there.
   */
  entrance(from: number, machineIndex: number, port: number): number | undefined;
  /** The port a component takes connections on from other machines (-1: none, or loopback only). */
  publicPort(index: number): number;
  /** The machine (host, or self) a component runs on. */
  machineOf(index: number): number;
  /** Links crossed from `from` to `to`, cheapest first; undefined when unreachable. */
  route(from: number, to: number): readonly number[] | undefined;
}

export class TopologyError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(`${code}: ${message}`);
    this.name = "TopologyError";
  }
}

export function compileTopology(topology: Topology): CompiledTopology {
  // A copy: capacities can be changed at run time without touching the scene's data.
  const specs = [...topology.components];
  const links = topology.links;
  const index = new Map<string, number>();
  specs.forEach((spec, i) => {
    if (index.has(spec.id)) throw new TopologyError("TOPOLOGY_DUPLICATE_ID", `"${spec.id}"`);
    index.set(spec.id, i);
  });
  const indexOf = (id: string): number => {
    const i = index.get(id);
    if (i === undefined) throw new TopologyError("TOPOLOGY_UNKNOWN_ID", `"${id}"`);
    return i;
  };

  const byIp = new Map<string, number>();
  const machine: number[] = specs.map((spec, i) => ("host" in spec ? indexOf(spec.host) : i));
  specs.forEach((spec, i) => {
    if ("ip" in spec) {
      if (byIp.has(spec.ip)) throw new TopologyError("TOPOLOGY_DUPLICATE_IP", spec.ip);
      byIp.set(spec.ip, i);
    }
  });
  // Virtual IPs: declared by the processes that may hold them, on the machines they run on.
  const virtualIps = specs.flatMap((spec) => ("virtualIp" in spec ? [spec.virtualIp] : []));
  for (const ip of virtualIps)
    if (byIp.has(ip)) throw new TopologyError("TOPOLOGY_DUPLICATE_IP", `${ip} (virtual)`);
  const virtual = new VirtualAddresses(virtualIps);
  /** Where a virtual IP's packets go before anyone announced it: the first machine that may hold it (which drops them). */
  const firstHolder = new Map<string, number>();
  specs.forEach((spec, i) => {
    if ("virtualIp" in spec && !firstHolder.has(spec.virtualIp))
      firstHolder.set(spec.virtualIp, machine[i] as number);
  });
  /** Listening processes by machine index, then port (numbers as keys: no string is built per lookup). */
  const listeners = new Map<number, Map<number, number>>();
  specs.forEach((spec, i) => {
    if ("port" in spec) {
      const m = machine[i] as number;
      const ports = listeners.get(m) ?? new Map<number, number>();
      listeners.set(m, ports);
      if (ports.has(spec.port))
        throw new TopologyError("TOPOLOGY_PORT_IN_USE", `${spec.id}:${spec.port}`);
      ports.set(spec.port, i);
    }
  });

  const adjacency: { link: number; other: number }[][] = specs.map(() => []);
  links.forEach((link, l) => {
    const a = indexOf(link.a);
    const b = indexOf(link.b);
    adjacency[a]?.push({ link: l, other: b });
    adjacency[b]?.push({ link: l, other: a });
  });

  const routes = new Map<number, readonly number[] | undefined>();
  const route = (from: number, to: number): readonly number[] | undefined => {
    const key = from * specs.length + to;
    if (!routes.has(key)) routes.set(key, shortestPath(from, to, adjacency, links));
    return routes.get(key);
  };

  /** `resolveAddress` answers, by the asking component's index, then by address. */
  const resolved = specs.map(() => new Map<string, number | undefined>());
  const atIp = (ip: string): number | undefined => {
    const fixed = byIp.get(ip);
    if (fixed !== undefined || virtual.size === 0) return fixed;
    const address = virtual.get(ip);
    return address === undefined ? undefined : address.arp >= 0 ? address.arp : firstHolder.get(ip);
  };
  const listener = (machineIndex: number, port: number) => listeners.get(machineIndex)?.get(port);
  const machineOf = (i: number) => machine[i] ?? i;
  const publicPorts = specs.map((spec) =>
    "port" in spec && spec.bind !== "127.0.0.1" ? spec.port : -1,
  );
  const publicPort = (i: number) => publicPorts[i] ?? -1;
  const entrances = new Map<number, number | undefined>();
  const entrance = (from: number, machineIndex: number, port: number): number | undefined => {
    const key = (from * specs.length + machineIndex) * 65_536 + port;
    if (entrances.has(key)) return entrances.get(key);
    const process = listener(machineIndex, port);
    let found: number | undefined;
    if (process !== undefined && publicPort(process) === port && route(from, process))
      found = process;
    else if (route(from, machineIndex)) found = machineIndex;
    else
      found = specs.findIndex(
        (_, i) => machine[i] === machineIndex && i !== machineIndex && route(from, i) !== undefined,
      );
    if (found === -1) found = undefined;
    entrances.set(key, found);
    return found;
  };

  return {
    specs,
    links,
    keepaliveTimeoutMs: topology.keepaliveTimeoutMs,
    indexOf,
    atIp,
    virtual,
    listener,
    entrance,
    publicPort,
    machineOf,
    route,
    resolveAddress(fromIndex, address) {
      // Memoized: the topology never changes, and proxies resolve their upstream on every request.
      const known = resolved[fromIndex];
      if (known?.has(address)) return known.get(address);
      const [ip, portText] = address.split(":");
      const port = Number(portText);
      const target =
        !ip || !Number.isInteger(port)
          ? undefined
          : ip === "127.0.0.1"
            ? machineOf(fromIndex)
            : byIp.get(ip); // fixed addresses only: a virtual IP is for browsers (see network.ts)
      const found = target === undefined ? undefined : listener(target, port);
      known?.set(address, found);
      return found;
    },
  };
}

/** Dijkstra over link latency. Topologies are small (tens of nodes), so a linear scan is fine. */
function shortestPath(
  from: number,
  to: number,
  adjacency: readonly { link: number; other: number }[][],
  links: readonly LinkSpec[],
): readonly number[] | undefined {
  if (from === to) return [];
  const n = adjacency.length;
  const dist = new Array<number>(n).fill(Number.POSITIVE_INFINITY);
  const via = new Array<number>(n).fill(-1);
  const prev = new Array<number>(n).fill(-1);
  const done = new Array<boolean>(n).fill(false);
  dist[from] = 0;
  for (;;) {
    let u = -1;
    for (let i = 0; i < n; i++) {
      if (!done[i] && (u < 0 || (dist[i] as number) < (dist[u] as number))) u = i;
    }
    if (u < 0 || dist[u] === Number.POSITIVE_INFINITY) return undefined;
    if (u === to) break;
    done[u] = true;
    for (const { link, other } of adjacency[u] ?? []) {
      const d = (dist[u] as number) + (links[link]?.latencyMs ?? 0);
      if (d < (dist[other] as number)) {
        dist[other] = d;
        via[other] = link;
        prev[other] = u;
      }
    }
  }
  const path: number[] = [];
  for (let v = to; v !== from; v = prev[v] as number) path.push(via[v] as number);
  return path.reverse();
}
