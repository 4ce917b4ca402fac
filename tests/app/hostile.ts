import fc from "fast-check";

/**
 * Values a page (or a test calling the parser directly) can hand Hopscope that
 * break naive code: BigInt (JSON.stringify throws), cycles (so does it), deep
 * nesting (recursion), huge strings, own `__proto__` and `constructor` keys,
 * frozen objects, getters that throw, and Proxies whose every trap throws.
 */

/** Throws from every trap a reader might touch. */
const THROWING_TRAPS: ProxyHandler<object> = {
  get() {
    throw new Error("trap: get");
  },
  has() {
    throw new Error("trap: has");
  },
  ownKeys() {
    throw new Error("trap: ownKeys");
  },
  getOwnPropertyDescriptor() {
    throw new Error("trap: getOwnPropertyDescriptor");
  },
  getPrototypeOf() {
    throw new Error("trap: getPrototypeOf");
  },
  set() {
    throw new Error("trap: set");
  },
  defineProperty() {
    throw new Error("trap: defineProperty");
  },
};

export function throwingProxy(target: object = {}): object {
  return new Proxy(target, THROWING_TRAPS);
}

export function revokedProxy(): object {
  const { proxy, revoke } = Proxy.revocable({}, {});
  revoke();
  return proxy;
}

/** An object whose `key` is an enumerable getter that throws. */
export function throwingGetter(key: string, base: Record<string, unknown> = {}): object {
  const o = { ...base };
  Object.defineProperty(o, key, {
    enumerable: true,
    get() {
      throw new Error(`getter: ${key}`);
    },
  });
  return o;
}

/** `{ self: … }` that contains itself. */
export function cyclic(extra: Record<string, unknown> = {}): Record<string, unknown> {
  const o: Record<string, unknown> = { ...extra };
  o.self = o;
  return o;
}

/** `depth` objects nested in each other: {a:{a:{…}}}. */
export function nested(depth: number): unknown {
  let v: unknown = "bottom";
  for (let i = 0; i < depth; i++) v = { a: v };
  return v;
}

/** An object with a real own `__proto__` key (as JSON.parse makes it), holding `value`. */
export function ownProto(value: unknown, base: Record<string, unknown> = {}): object {
  const o = { ...base };
  Object.defineProperty(o, "__proto__", {
    value,
    enumerable: true,
    writable: true,
    configurable: true,
  });
  return o;
}

export const HUGE_STRING = "x".repeat(5 * 1024 * 1024);

/**
 * Makers of any of the above, or of anything fast-check makes (with BigInt, boxed values,
 * null prototypes…). Makers, not values: fast-check itself looks into what it generates,
 * and a Proxy whose traps throw would throw inside fast-check.
 */
export const hostileValue: fc.Arbitrary<() => unknown> = fc.oneof(
  fc
    .anything({
      withBigInt: true,
      withBoxedValues: true,
      withMap: true,
      withSet: true,
      withDate: true,
      withNullPrototype: true,
      withObjectString: true,
      withTypedArray: true,
      withSparseArray: true,
      maxDepth: 3,
    })
    .map((v) => () => v),
  fc.bigInt().map((b) => () => b),
  fc.constant(() => 1n),
  fc.constant(() => HUGE_STRING),
  fc.integer({ min: 50, max: 10_000 }).map((depth) => () => nested(depth)),
  fc.constant(() => cyclic()),
  fc.constant(() => {
    const a: unknown[] = [1];
    a.push(a);
    return a;
  }),
  fc.constant(() => JSON.parse('{"__proto__": {"polluted": "yes"}}')),
  fc.constant(() => ownProto({ polluted: "yes" })),
  fc.constant(() => ({ constructor: { prototype: { polluted: "yes" } } })),
  fc.constant(() => Object.freeze({ a: Object.freeze([1n]) })),
  fc.constant(() => throwingGetter("a")),
  fc.constant(() => throwingProxy()),
  fc.constant(() => throwingProxy([])),
  fc.constant(revokedProxy),
  fc.constant(() => Symbol("s")),
  fc.constant(() => () => "a function"),
);

/** Wraps a message in something hostile: as is, frozen, a Proxy that throws, or with getters. */
export function hostileWrapper(message: Record<string, unknown>, how: number): unknown {
  switch (how % 6) {
    case 0:
      return message;
    case 1:
      return Object.freeze({ ...message });
    case 2:
      return throwingProxy(message);
    case 3:
      return throwingGetter("version", message);
    case 4:
      return throwingGetter("type", message);
    default:
      // A Proxy that behaves, but is a Proxy: its traps are only forwarded.
      return new Proxy(message, {});
  }
}
