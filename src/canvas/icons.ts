import {
  AppWindow,
  BookText,
  Cpu,
  Database,
  Globe,
  type LucideIcon,
  Network,
  Search,
  Server,
  Waypoints,
} from "lucide-react";
import type { ComponentKind } from "../engine";

/** One icon per kind of component; name servers get one per level of the hierarchy. */
export function iconFor(kind: ComponentKind, zone?: string): LucideIcon {
  switch (kind) {
    case "browser":
      return AppWindow;
    case "resolver":
      return Search;
    case "nameserver":
      return zone === "." ? Globe : zone?.split(".").length === 2 ? Network : BookText;
    case "host":
      return Server;
    case "nginx":
      return Waypoints;
    case "app":
      return Cpu;
    case "mysql":
      return Database;
    case "haproxy":
    case "keepalived":
      return Network;
  }
}
