/**
 * A binary min-heap of events ordered by (time, sequence number). The sequence
 * number is assigned on push, so events at equal times always come out in the
 * order they were scheduled: the simulation is deterministic.
 *
 * Times and sequence numbers live in typed arrays; only the payloads are objects.
 */
export class EventQueue<T> {
  private times = new Float64Array(1024);
  private seqs = new Float64Array(1024);
  private items: (T | undefined)[] = new Array(1024);
  private count = 0;
  private nextSeq = 0;

  get size(): number {
    return this.count;
  }

  /** Time of the earliest event, or `Infinity` when the queue is empty. */
  peekTime(): number {
    return this.count > 0 ? (this.times[0] as number) : Number.POSITIVE_INFINITY;
  }

  push(time: number, item: T): void {
    if (!(time >= 0) || !Number.isFinite(time)) {
      throw new RangeError(`ENGINE_BAD_TIME: cannot schedule an event at ${time}`);
    }
    if (this.count === this.times.length) this.grow();
    let i = this.count++;
    const seq = this.nextSeq++;
    // Sift up.
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.before(time, seq, parent)) break;
      this.move(parent, i);
      i = parent;
    }
    this.times[i] = time;
    this.seqs[i] = seq;
    this.items[i] = item;
  }

  /** The earliest event's payload, without removing it. Check `size` first. */
  peek(): T {
    if (this.count === 0) throw new RangeError("ENGINE_EMPTY_QUEUE: peek on an empty queue");
    return this.items[0] as T;
  }

  /** Removes and returns the earliest event's payload. Check `size` first. */
  pop(): T {
    if (this.count === 0) throw new RangeError("ENGINE_EMPTY_QUEUE: pop on an empty queue");
    const top = this.items[0] as T;
    const last = --this.count;
    const time = this.times[last] as number;
    const seq = this.seqs[last] as number;
    const item = this.items[last];
    this.items[last] = undefined;
    if (last > 0) {
      // Sift the former last element down from the root.
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= last) break;
        const r = l + 1;
        const c = r < last && this.lessAt(r, l) ? r : l;
        if (!this.afterOrEqual(time, seq, c)) break;
        this.move(c, i);
        i = c;
      }
      this.times[i] = time;
      this.seqs[i] = seq;
      this.items[i] = item;
    }
    return top;
  }

  /**
   * Drops every event for which `keep` is false, keeping the order of the rest.
   * For cancelled timers: without it, a 15-minute timeout cancelled after 50 ms
   * would sit in the heap for 15 simulated minutes.
   */
  compact(keep: (item: T) => boolean): void {
    const entries: { time: number; seq: number; item: T }[] = [];
    for (let i = 0; i < this.count; i++) {
      const item = this.items[i] as T;
      if (keep(item))
        entries.push({ time: this.times[i] as number, seq: this.seqs[i] as number, item });
      this.items[i] = undefined;
    }
    // A sorted array is a valid binary heap.
    entries.sort((a, b) => a.time - b.time || a.seq - b.seq);
    this.count = entries.length;
    entries.forEach((e, i) => {
      this.times[i] = e.time;
      this.seqs[i] = e.seq;
      this.items[i] = e.item;
    });
  }

  private before(time: number, seq: number, j: number): boolean {
    const tj = this.times[j] as number;
    return time < tj || (time === tj && seq < (this.seqs[j] as number));
  }

  private afterOrEqual(time: number, seq: number, j: number): boolean {
    return !this.before(time, seq, j);
  }

  private lessAt(a: number, b: number): boolean {
    return this.before(this.times[a] as number, this.seqs[a] as number, b);
  }

  private move(from: number, to: number): void {
    this.times[to] = this.times[from] as number;
    this.seqs[to] = this.seqs[from] as number;
    this.items[to] = this.items[from];
  }

  private grow(): void {
    const n = this.times.length * 2;
    const times = new Float64Array(n);
    times.set(this.times);
    const seqs = new Float64Array(n);
    seqs.set(this.seqs);
    this.times = times;
    this.seqs = seqs;
    this.items.length = n;
  }
}
