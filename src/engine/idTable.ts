/**
 * Values by a sequential id (visits in flight), for ids that mostly come and go in order.
 * Each id has a slot at `id & mask`; one whose slot is taken by an older id that still
 * lives waits in a Map beside it. A Map alone rehashed, allocating a new table, every
 * few thousand visits as entries came and went. Values carry their own id, so a lookup
 * reads the slot and the value (which the caller reads next anyway), and no array of ids.
 */
export class IdTable<V extends { readonly id: number }> {
  private values: (V | undefined)[] = new Array<V | undefined>(1024).fill(undefined);
  private mask = 1023;
  private count = 0;
  private readonly overflow = new Map<number, V>();

  get(id: number): V | undefined {
    const v = this.values[id & this.mask];
    if (v !== undefined && v.id === id) return v;
    return this.overflow.size === 0 ? undefined : this.overflow.get(id);
  }

  /** `value.id` must not be in the table already. */
  set(value: V): void {
    // Twice as many slots as values keeps collisions rare.
    if (++this.count * 2 > this.values.length) this.grow();
    this.place(value);
  }

  delete(id: number): void {
    const i = id & this.mask;
    if (this.values[i]?.id === id) {
      this.values[i] = undefined;
      this.count--;
    } else if (this.overflow.delete(id)) this.count--;
  }

  private place(value: V): void {
    const i = value.id & this.mask;
    if (this.values[i] === undefined) this.values[i] = value;
    else this.overflow.set(value.id, value);
  }

  private grow(): void {
    const { values, overflow } = this;
    const size = values.length * 2;
    this.values = new Array<V | undefined>(size).fill(undefined);
    this.mask = size - 1;
    const waiting = [...overflow.values()];
    overflow.clear();
    for (const v of values) if (v !== undefined) this.place(v);
    for (const v of waiting) this.place(v);
  }
}
