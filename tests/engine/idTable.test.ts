import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { IdTable } from "../../src/engine/idTable";

describe("IdTable", () => {
  it("answers like a Map for sequential ids that end in any order", () => {
    // Each step starts the next id, or (less often, so that the table grows) ends one of those alive.
    const step = fc.oneof(
      { arbitrary: fc.constant(-1), weight: 2 },
      { arbitrary: fc.nat(), weight: 1 },
    );
    const steps = fc.array(step, { minLength: 2000, maxLength: 5000 });
    fc.assert(
      fc.property(steps, (plan) => {
        const table = new IdTable<{ id: number }>();
        const model = new Map<number, { id: number }>();
        let next = 1;
        for (const step of plan) {
          if (step === -1 || model.size === 0) {
            const value = { id: next };
            table.set(value);
            model.set(next, value);
            next++;
          } else {
            const id = [...model.keys()][step % model.size] as number;
            table.delete(id);
            model.delete(id);
          }
        }
        for (let id = 0; id <= next; id++) expect(table.get(id)).toBe(model.get(id));
      }),
      { numRuns: 20, endOnFailure: true },
    );
  });

  it("keeps a long-lived id while thousands of newer ones come and go", () => {
    const table = new IdTable<{ id: number; name: string }>();
    table.set({ id: 1, name: "old" });
    for (let id = 2; id < 100_000; id++) {
      table.set({ id, name: `v${id}` });
      if (id > 10) table.delete(id - 8);
    }
    expect(table.get(1)?.name).toBe("old");
    expect(table.get(99_999)?.name).toBe("v99999");
    expect(table.get(50_000)).toBeUndefined();
    table.delete(1);
    expect(table.get(1)).toBeUndefined();
  });
});
