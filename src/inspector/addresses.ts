import type { CompiledTopology, ComponentSpec } from "../engine";

/**
 * A browser has no address in the topology: the inspector gives each one an address from
 * TEST-NET-2 (RFC 5737, 198.51.100.0/24, kept for documentation), as the topology's own
 * servers use TEST-NET-1 and TEST-NET-3: the first browser 198.51.100.10, the next .11…
 * It stands for the user's public address; the home router's NAT is not modelled.
 */
export const BROWSER_ADDRESS_PREFIX = "198.51.100.";
export const BROWSER_ADDRESS_FIRST = 10;
export const LOOPBACK = "127.0.0.1";

/** A component's spec by id, or undefined (a trace may name a component a topology lacks). */
export function specOf(topology: CompiledTopology, id: string): ComponentSpec | undefined {
  return topology.specs.find((s) => s.id === id);
}

function indexOf(topology: CompiledTopology, id: string): number | undefined {
  const i = topology.specs.findIndex((s) => s.id === id);
  return i < 0 ? undefined : i;
}

/** Where a component's address comes from, for a field's note. */
export interface Address {
  ip: string;
  /** How the inspector knows it: "topology" (a spec's ip, or its machine's), or a documented choice. */
  source: "topology" | "browser" | "loopback" | "unknown";
}

/** The IP address of a component: its own `ip`, its machine's, or a browser's documented one. */
export function addressOf(topology: CompiledTopology, id: string): Address {
  const spec = specOf(topology, id);
  if (!spec) return { ip: "0.0.0.0", source: "unknown" };
  if ("ip" in spec) return { ip: spec.ip, source: "topology" };
  if (spec.kind === "browser") {
    const n = topology.specs.filter((s) => s.kind === "browser").indexOf(spec);
    return { ip: `${BROWSER_ADDRESS_PREFIX}${BROWSER_ADDRESS_FIRST + n}`, source: "browser" };
  }
  if ("host" in spec) {
    const host = specOf(topology, spec.host);
    if (host && "ip" in host) return { ip: host.ip, source: "topology" };
  }
  return { ip: "0.0.0.0", source: "unknown" };
}

/** `10.0.0.11:80` → ["10.0.0.11", 80]; undefined when it is not `ip:port`. */
export function splitAddress(address: string): { ip: string; port: number } | undefined {
  const colon = address.lastIndexOf(":");
  if (colon < 0) return undefined;
  const port = Number(address.slice(colon + 1));
  const ip = address.slice(0, colon);
  return ip && Number.isInteger(port) ? { ip, port } : undefined;
}

/**
 * The addresses a client's configuration names (`fastcgi_pass`, the code's database and
 * replica, HAProxy's `server` lines): the one that leads to `server`, as the engine resolves it.
 */
export function configuredAddress(
  topology: CompiledTopology,
  client: string,
  server: string,
): { ip: string; port: number; setting: string } | undefined {
  const spec = specOf(topology, client);
  const from = indexOf(topology, client);
  const to = indexOf(topology, server);
  if (!spec || from === undefined || to === undefined) return undefined;
  const candidates: { address: string; setting: string }[] = [];
  if (spec.kind === "nginx")
    candidates.push({ address: spec.fastcgiPass, setting: "fastcgi_pass" });
  if (spec.kind === "app") {
    candidates.push({ address: spec.database, setting: "database" });
    if (spec.replica) candidates.push({ address: spec.replica, setting: "replica" });
  }
  if (spec.kind === "haproxy")
    for (const s of spec.servers)
      candidates.push({ address: s.address, setting: `server ${s.name}` });
  for (const c of candidates) {
    const parts = splitAddress(c.address);
    if (parts && topology.resolveAddress(from, c.address) === to)
      return { ...parts, setting: c.setting };
  }
  return undefined;
}

/** The port a component listens on (its spec's `port`; 53 for DNS servers), if any. */
export function listenPort(topology: CompiledTopology, id: string): number | undefined {
  const spec = specOf(topology, id);
  if (!spec) return undefined;
  if ("port" in spec) return spec.port;
  if (spec.kind === "resolver" || spec.kind === "nameserver") return 53;
  return undefined;
}

/** Both ends of a flow from `client` to `server`, as the packets carry them. */
export interface Endpoints {
  clientIp: string;
  serverIp: string;
  serverPort: number;
  /** Why these addresses: one line per choice that is not simply the topology's. */
  notes: string[];
}

/**
 * The addresses of a flow: the server's address as the client names it (`hint`, from the
 * hop's summary, or its configuration), 127.0.0.1 on both ends when that is loopback.
 */
export function endpointsOf(
  topology: CompiledTopology,
  client: string,
  server: string,
  hint?: { ip: string; port: number },
): Endpoints {
  const notes: string[] = [];
  const configured = hint ?? configuredAddress(topology, client, server);
  const own = addressOf(topology, client);
  const spec = specOf(topology, client);
  if (spec?.kind === "haproxy" && configured && configured.ip !== LOOPBACK)
    notes.push(
      `The load balancer has one address in the topology (${own.ip}), so it reaches the web servers from it; a real one would use a private address of its own on the LAN`,
    );
  if (configured?.ip === LOOPBACK)
    return { clientIp: LOOPBACK, serverIp: LOOPBACK, serverPort: configured.port, notes };
  const serverIp = configured?.ip ?? addressOf(topology, server).ip;
  const serverPort = configured?.port ?? listenPort(topology, server) ?? 0;
  return { clientIp: own.ip, serverIp, serverPort, notes };
}
