import {
  CircleCheck,
  CircleMinus,
  CircleX,
  type LucideIcon,
  TriangleAlert,
  Wrench,
} from "lucide-react";

/** How a backend server's state reads: an icon and a tone, always beside its words. */
export function backendLook(statusText: string): { Icon: LucideIcon; tone: string } {
  if (statusText.startsWith("MAINT")) return { Icon: Wrench, tone: "maint" };
  if (statusText.startsWith("DRAIN")) return { Icon: CircleMinus, tone: "drain" };
  // "UP 2/3" (failing checks) and "DOWN 1/2" (coming back) are on their way to change.
  if (/\d\/\d/.test(statusText)) return { Icon: TriangleAlert, tone: "changing" };
  if (statusText.startsWith("DOWN")) return { Icon: CircleX, tone: "down" };
  return { Icon: CircleCheck, tone: "up" };
}

/** A server's state as HAProxy's stats page writes it ("UP", "DOWN 1/2"…), with its icon. */
export function BackendStatus({ text }: { text: string }) {
  const { Icon, tone } = backendLook(text);
  return (
    <span className={`backend-status ${tone}`}>
      <Icon size={15} aria-hidden="true" />
      <span>{text}</span>
    </span>
  );
}
