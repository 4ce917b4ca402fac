/** What the queue holds: anything that can carry the queue's ticket for it. */
export interface Queued {
  /** The queue's id for it while it is queued, -1 otherwise. Only the queue writes it. */
  queueId: number;
}

/** Children per heap node: a 4-ary heap is half as deep as a binary one, and its children sit side by side in memory. */
const ARITY = 4;

/**
 * A min-heap of events ordered by (time, sequence number). The sequence number
 * is assigned on push, so events at equal times always come out in the order
 * they were scheduled: the simulation is deterministic.
 *
 * Times and sequence numbers live in typed arrays; only the payloads are
 * objects. Each queued payload holds an id, and `slotOf[id]` says where it sits
 * in the heap, so a cancelled timer is taken out at once (`remove`) instead of
 * lingering until its time comes. The ids live in typed arrays too: moving an
 * entry during a sift never writes to the payload object (scattered in memory,
 * so each write would likely be a cache miss).
 */
export class EventQueue<T extends Queued> {
  private times = new Float64Array(1024);
  private seqs = new Float64Array(1024);
  private items: (T | undefined)[] = new Array(1024);
  /** The id of the entry at each heap index. */
  private ids = new Int32Array(1024);
  /** The heap index of each id in use. */
  private slotOf = new Int32Array(1024);
  /** Ids free for reuse (a stack): ids stay below the queue's capacity. */
  private freeIds = new Int32Array(1024).map((_, i) => 1023 - i);
  private freeCount = 1024;
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
    if (item.queueId >= 0) throw new RangeError("ENGINE_QUEUED_TWICE: the event is already queued");
    if (this.count === this.times.length) this.grow();
    const id = this.freeIds[--this.freeCount] as number;
    item.queueId = id;
    this.siftUp(this.count++, time, this.nextSeq++, id, item);
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
    this.release(top);
    this.fillHole(0);
    return top;
  }

  /**
   * Takes an event out before its time (a cancelled timer). Returns false when
   * it was not queued (it already fired, or was removed before).
   */
  remove(item: T): boolean {
    const id = item.queueId;
    if (id < 0) return false;
    const i = this.slotOf[id] as number;
    if (this.items[i] !== item) return false;
    this.release(item);
    this.fillHole(i);
    return true;
  }

  private release(item: T): void {
    this.freeIds[this.freeCount++] = item.queueId;
    item.queueId = -1;
  }

  /** Moves the last entry into the emptied index `i` and restores the heap order. */
  private fillHole(i: number): void {
    const last = --this.count;
    const item = this.items[last] as T;
    this.items[last] = undefined;
    if (i === last) return;
    const time = this.times[last] as number;
    const seq = this.seqs[last] as number;
    const id = this.ids[last] as number;
    if (i > 0 && this.before(time, seq, ((i - 1) / ARITY) | 0)) this.siftUp(i, time, seq, id, item);
    else this.siftDown(i, time, seq, id, item);
  }

  /** Places (time, seq, item) at index `i` or above it. */
  private siftUp(i: number, time: number, seq: number, id: number, item: T): void {
    while (i > 0) {
      const parent = ((i - 1) / ARITY) | 0;
      if (!this.before(time, seq, parent)) break;
      this.move(parent, i);
      i = parent;
    }
    this.place(i, time, seq, id, item);
  }

  /** Places (time, seq, item) at index `i` or below it. */
  private siftDown(i: number, time: number, seq: number, id: number, item: T): void {
    const n = this.count;
    const times = this.times;
    const seqs = this.seqs;
    for (;;) {
      const first = ARITY * i + 1;
      if (first >= n) break;
      // The earliest of up to ARITY children.
      let c = first;
      let ct = times[first] as number;
      let cs = seqs[first] as number;
      const end = Math.min(first + ARITY, n);
      for (let j = first + 1; j < end; j++) {
        const t = times[j] as number;
        if (t < ct || (t === ct && (seqs[j] as number) < cs)) {
          c = j;
          ct = t;
          cs = seqs[j] as number;
        }
      }
      if (time < ct || (time === ct && seq < cs)) break;
      this.move(c, i);
      i = c;
    }
    this.place(i, time, seq, id, item);
  }

  private before(time: number, seq: number, j: number): boolean {
    const tj = this.times[j] as number;
    return time < tj || (time === tj && seq < (this.seqs[j] as number));
  }

  private place(i: number, time: number, seq: number, id: number, item: T): void {
    this.times[i] = time;
    this.seqs[i] = seq;
    this.items[i] = item;
    this.ids[i] = id;
    this.slotOf[id] = i;
  }

  private move(from: number, to: number): void {
    this.times[to] = this.times[from] as number;
    this.seqs[to] = this.seqs[from] as number;
    this.items[to] = this.items[from];
    const id = this.ids[from] as number;
    this.ids[to] = id;
    this.slotOf[id] = to;
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
    const ids = new Int32Array(n);
    ids.set(this.ids);
    this.ids = ids;
    const slotOf = new Int32Array(n);
    slotOf.set(this.slotOf);
    this.slotOf = slotOf;
    // Only grown when full, so every old id is in use: the new ones are the free ones.
    const freeIds = new Int32Array(n);
    for (let i = 0; i < n - this.count; i++) freeIds[i] = n - 1 - i;
    this.freeIds = freeIds;
    this.freeCount = n - this.count;
  }
}
