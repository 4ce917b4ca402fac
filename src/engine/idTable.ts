/**
 * Values by a sequential id (visits in flight), for ids that mostly come and go in order.
 * Each id has a slot at `id & mask`; one whose slot is taken by an older id that still
 * lives waits in a Map beside it. A Map alone rehashed, allocating a new table, every
 * few thousand visits as entries came and went.
 */
export class IdTable<V> {
  private ids = new Float64Array(1024);
  private values: (V | undefined)[] = new Array<V | undefined>(1024).fill(undefined);
  private mask = 1023;
  private count = 0;
  private readonly overflow = new Map<number, V>();

  get(id: number): V | undefined {
    const i = id & this.mask;
    if (this.ids[i] === id) return this.values[i];
    return this.overflow.size === 0 ? undefined : this.overflow.get(id);
  }

  /** `id` must not be in the table already. */
  set(id: number, value: V): void {
    // Twice as many slots as values keeps collisions rare.
    if (++this.count * 2 > this.values.length) this.grow();
    this.place(id, value);
  }

  delete(id: number): void {
    const i = id & this.mask;
    if (this.ids[i] === id) {
      this.ids[i] = 0;
      this.values[i] = undefined;
      this.count--;
    } else if (this.overflow.delete(id)) this.count--;
  }

  private place(id: number, value: V): void {
    const i = id & this.mask;
    if (this.values[i] === undefined) {
      this.ids[i] = id;
      this.values[i] = value;
    } else this.overflow.set(id, value);
  }

  private grow(): void {
    const { ids, values, overflow } = this;
    const size = values.length * 2;
    this.ids = new Float64Array(size);
    this.values = new Array<V | undefined>(size).fill(undefined);
    this.mask = size - 1;
    const waiting = [...overflow];
    overflow.clear();
    values.forEach((v, i) => {
      if (v !== undefined) this.place(ids[i] as number, v);
    });
    for (const [id, v] of waiting) this.place(id, v);
  }
}
