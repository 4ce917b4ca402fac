import type { Context } from "./context";
import type { Cpus } from "./cpu";
import { settingOf } from "./kinds";
import type { Trace } from "./trace";
import type { CommandResult, ComponentSpec } from "./types";
import { inRange, shown } from "./validate";

/**
 * `Simulation.configure`: changes a setting its kind accepts (KindDefinition.settings) within its
 * range. The component gets a new spec and a behaviour made for it; a machine, its new cores.
 */
export function createConfigure(
  ctx: Context,
  trace: Trace,
  cpus: Cpus,
): (id: string, setting: string, value: number) => CommandResult {
  const { specs, kinds, behaviours, indexFor } = ctx;
  const refused = (message: string): CommandResult => ({ ok: false, message });
  return (id, setting, value) => {
    const i = typeof id === "string" ? indexFor(id) : undefined;
    if (i === undefined) return refused(`There is no component ${shown(id)}.`);
    const spec = specs[i] as ComponentSpec;
    const known = settingOf(spec.kind, setting);
    if (!known)
      return refused(`${spec.label} has no setting ${shown(setting)} that can be changed here.`);
    const [min, max] = known.range;
    if (!inRange(value, min, max)) {
      return refused(
        `${setting} of ${spec.label} must be between ${min} and ${max}, not ${shown(value)}.`,
      );
    }
    const v = known.integer ? Math.round(value) : value;
    const next = { ...spec, [setting]: v } as ComponentSpec;
    (specs as ComponentSpec[])[i] = next;
    behaviours[i] = kinds[i]?.behaviour?.(next);
    cpus.configured(i);
    trace.commandNote(i, "config.change", `${spec.label}: ${setting} set to ${v}`);
    return { ok: true, message: `${spec.label}: ${setting} is now ${v}.` };
  };
}
