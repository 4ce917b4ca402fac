/**
 * Copying a simulation's state graph: the engine's keyframes (a copy taken now, played on later,
 * gives the same run as playing straight on: see Simulation.fork).
 *
 * The copy is structural: objects (by prototype), arrays, typed arrays, Maps and Sets, with
 * identity kept (an object reached twice is copied once, cycles included). Functions are shared:
 * the engine's timers and behaviours hold module-level functions and their arguments, never a
 * closure over state (the parts keep their own variables in objects they hand over, see
 * `Part`). `memo` starts with what must not be copied but replaced: each part of the source
 * simulation mapped to the same part of the copy.
 */

/** A part of the engine whose own variables a copy must carry (see Simulation.fork). */
export interface Part {
  /** Its variables, as an object (the objects in it are the part's own, not copies). */
  save(): Record<string, unknown>;
  /** Takes over copied variables (the copy's objects, from `save` of another simulation). */
  restore(saved: Record<string, unknown>): void;
}

export type Memo = Map<object, unknown>;

/**
 * Objects whose functions close over the object's own data (a load balancer's `eligible(i)`
 * over its servers), with what makes those functions again for a copy. Registered where such an
 * object is made; a copy gets them anew, and is registered in turn.
 */
const REBIND = new WeakMap<object, (copy: never) => void>();

/** Registers `rebind` for `value` (see REBIND); returns `value`. */
export function rebindable<T extends object>(value: T, rebind: (copy: T) => void): T {
  REBIND.set(value, rebind as (copy: never) => void);
  return value;
}

/** A copy of `value`, sharing functions and whatever `memo` already maps. */
export function copyGraph<T>(value: T, memo: Memo): T {
  if (typeof value !== "object" || value === null) return value;
  // Iterative, not recursive: a linked list of thousands of connections is thousands deep.
  const pending: [object, object][] = [];
  const rebinds: [object, (copy: never) => void][] = [];
  const root = shell(value, memo, pending);
  for (let item = pending.pop(); item !== undefined; item = pending.pop())
    fill(item[0], item[1], memo, pending, rebinds);
  // Functions over an object's own data are made again once all of it is copied.
  for (const [copy, rebind] of rebinds) {
    rebind(copy as never);
    REBIND.set(copy, rebind);
  }
  return root as T;
}

/** The copy of `value` (made empty, and queued to be filled), or what stands for it already. */
function shell(value: unknown, memo: Memo, pending: [object, object][]): unknown {
  if (typeof value !== "object" || value === null) return value;
  const known = memo.get(value);
  if (known !== undefined) return known;
  // Frozen objects never change: shared.
  if (Object.isFrozen(value)) return value;
  let copy: object;
  if (ArrayBuffer.isView(value)) {
    copy = (value as unknown as { slice(): object }).slice();
    memo.set(value, copy);
    return copy;
  }
  if (Array.isArray(value)) copy = new Array(value.length);
  else if (value instanceof Map) copy = new Map();
  else if (value instanceof Set) copy = new Set();
  else copy = Object.create(Object.getPrototypeOf(value)) as object;
  memo.set(value, copy);
  pending.push([value, copy]);
  return copy;
}

/** Fills the copy `copy` of `value` with the copies of its parts (queued as shells). */
function fill(
  value: object,
  copy: object,
  memo: Memo,
  pending: [object, object][],
  rebinds: [object, (copy: never) => void][],
): void {
  if (Array.isArray(value)) {
    const c = copy as unknown[];
    for (let i = 0; i < value.length; i++) c[i] = shell(value[i], memo, pending);
    return;
  }
  if (value instanceof Map) {
    const c = copy as Map<unknown, unknown>;
    for (const [k, v] of value) c.set(shell(k, memo, pending), shell(v, memo, pending));
    return;
  }
  if (value instanceof Set) {
    const c = copy as Set<unknown>;
    for (const v of value) c.add(shell(v, memo, pending));
    return;
  }
  const c = copy as Record<string, unknown>;
  for (const key of Object.keys(value))
    c[key] = shell((value as Record<string, unknown>)[key], memo, pending);
  const rebind = REBIND.get(value);
  if (rebind) rebinds.push([copy, rebind]);
}

/** Whether `target` can take `source`'s data in place: the same kind of object, the same shape. */
function sameShape(target: unknown, source: object): target is object {
  if (typeof target !== "object" || target === null) return false;
  if (Object.getPrototypeOf(target) !== Object.getPrototypeOf(source)) return false;
  if (ArrayBuffer.isView(source))
    return (target as Float64Array).length === (source as Float64Array).length;
  return !Object.isFrozen(target);
}

/**
 * `source[key]`'s data into `target`'s slot: in place when it has a counterpart there and
 * `depth` allows (closures hold the tables near the root), else a copy.
 */
function copyValue(targetValue: unknown, v: unknown, memo: Memo, depth: number): unknown {
  if (typeof v !== "object" || v === null) return v;
  if (depth > 0 && !memo.has(v) && !Object.isFrozen(v) && sameShape(targetValue, v)) {
    copyInto(targetValue, v, memo, depth - 1);
    return targetValue;
  }
  return copyGraph(v, memo);
}

/**
 * Copies `source`'s data into `target`, the same object in another simulation built alike (whose
 * closures may hold it, or hold the tables inside it): `target` keeps its identity and its own
 * functions, and so does each object inside it, down to `depth` levels, that has a counterpart of
 * the same shape at the same place (the context's tables, the records' arrays); deeper, the data
 * is copied (two places deep inside may hold one object in one simulation and two in the other).
 * `memo` then maps each source object to its target.
 */
export function copyInto(target: object, source: object, memo: Memo, depth = 2): void {
  memo.set(source, target);
  // Both simulations hold the very same object (a spec of the topology's data): it is shared
  // already, and never changes.
  if (target === source) return;
  if (ArrayBuffer.isView(source)) {
    (target as Float64Array).set(source as Float64Array);
    return;
  }
  if (Array.isArray(source)) {
    const t = target as unknown[];
    const old = t.slice(0, source.length);
    t.length = source.length;
    for (let i = 0; i < source.length; i++) t[i] = copyValue(old[i], source[i], memo, depth);
    return;
  }
  if (source instanceof Map) {
    const t = target as Map<unknown, unknown>;
    const old = new Map(t);
    t.clear();
    for (const [k, v] of source) {
      const key = copyGraph(k, memo);
      t.set(key, copyValue(old.get(key), v, memo, depth));
    }
    return;
  }
  if (source instanceof Set) {
    const t = target as Set<unknown>;
    t.clear();
    for (const v of source) t.add(copyGraph(v, memo));
    return;
  }
  const t = target as Record<string, unknown>;
  for (const key of Object.keys(source)) {
    const v = (source as Record<string, unknown>)[key];
    if (typeof v === "function" && typeof t[key] === "function") continue; // the target's own
    t[key] = copyValue(t[key], v, memo, depth);
  }
}
