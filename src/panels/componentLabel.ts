import type { Topology } from "../engine";

/**
 * A component's name as the diagram shows it, with its machine's where two share a name
 * ("Nginx on Web server 1"): how a list of components names them apart.
 */
export function componentLabel(topology: Topology, id: string): string {
  const spec = topology.components.find((c) => c.id === id);
  if (!spec) return id;
  const twin = topology.components.some((c) => c.id !== id && c.label === spec.label);
  const host = "host" in spec ? topology.components.find((c) => c.id === spec.host) : undefined;
  return twin && host ? `${spec.label} on ${host.label}` : spec.label;
}
