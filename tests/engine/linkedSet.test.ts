import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type Linked, LinkedSet } from "../../src/engine/linkedSet";

interface Item extends Linked<Item> {
  n: number;
}

const item = (n: number): Item => ({
  n,
  linkedIn: undefined,
  linkPrev: undefined,
  linkNext: undefined,
});

describe("LinkedSet", () => {
  it("answers like a Set (size, has, order) for any adds and deletes", () => {
    // Each op: add (true) or delete (false) item i of a pool of 12, so that items come back.
    const ops = fc.array(fc.tuple(fc.boolean(), fc.nat({ max: 11 })), { maxLength: 300 });
    fc.assert(
      fc.property(ops, (plan) => {
        const pool = Array.from({ length: 12 }, (_, n) => item(n));
        const set = new LinkedSet<Item>();
        const model = new Set<Item>();
        for (const [add, i] of plan) {
          const x = pool[i] as Item;
          if (add) {
            set.add(x);
            model.add(x);
          } else expect(set.delete(x)).toBe(model.delete(x));
          expect(set.size).toBe(model.size);
        }
        expect([...set].map((x) => x.n)).toEqual([...model].map((x) => x.n));
        for (const x of pool) expect(set.has(x)).toBe(model.has(x));
      }),
    );
  });

  it("lets a loop delete the item it is on, and leaves an item in one set only", () => {
    const [a, b, c] = [item(1), item(2), item(3)];
    const set = new LinkedSet<Item>().add(a).add(b).add(c);
    const seen: number[] = [];
    for (const x of set) {
      seen.push(x.n);
      set.delete(x);
    }
    expect(seen).toEqual([1, 2, 3]);
    expect(set.size).toBe(0);

    const other = new LinkedSet<Item>().add(a);
    set.add(a);
    expect(other.has(a)).toBe(false);
    expect(other.size).toBe(0);
    expect(set.has(a)).toBe(true);
  });
});
