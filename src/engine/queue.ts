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
 * The heap itself is three typed arrays: times, sequence numbers and ids. Each
 * queued payload gets an id; `payloads[id]` holds it and `slotOf[id]` says
 * where it sits in the heap, so a cancelled timer is taken out at once
 * (`remove`) instead of lingering until its time comes. A sift moves only
 * numbers: it never touches the payload objects (scattered in memory, so each
 * access would likely be a cache miss) nor stores a pointer (which costs a GC
 * write barrier).
 */
export class EventQueue<T extends Queued> {
  private times = new Float64Array(1024);
  private seqs = new Float64Array(1024);
  /** The id of the entry at each heap index. */
  private ids = new Int32Array(1024);
  private count = 0;
  private nextSeq = 0;
  /** The payload of each id in use. */
  private payloads: (T | undefined)[] = new Array(1024);
  /** The heap index of each id in use. */
  private slotOf = new Int32Array(1024);
  /** Ids free for reuse (a stack): ids stay below the queue's capacity. */
  private freeIds = new Int32Array(1024).map((_, i) => 1023 - i);
  private freeCount = 1024;

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
    this.payloads[id] = item;
    this.siftUp(this.count++, time, this.nextSeq++, id);
  }

  /** The earliest event's payload, without removing it. Check `size` first. */
  peek(): T {
    if (this.count === 0) throw new RangeError("ENGINE_EMPTY_QUEUE: peek on an empty queue");
    return this.payloads[this.ids[0] as number] as T;
  }

  /** Removes and returns the earliest event's payload. Check `size` first. */
  pop(): T {
    if (this.count === 0) throw new RangeError("ENGINE_EMPTY_QUEUE: pop on an empty queue");
    const top = this.payloads[this.ids[0] as number] as T;
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
    if (id < 0 || this.payloads[id] !== item) return false;
    const i = this.slotOf[id] as number;
    this.release(item);
    this.fillHole(i);
    return true;
  }

  private release(item: T): void {
    const id = item.queueId;
    this.payloads[id] = undefined;
    this.freeIds[this.freeCount++] = id;
    item.queueId = -1;
  }

  /** Moves the last entry into the emptied index `i` and restores the heap order. */
  private fillHole(i: number): void {
    const last = --this.count;
    if (i === last) return;
    const time = this.times[last] as number;
    const seq = this.seqs[last] as number;
    const id = this.ids[last] as number;
    if (i > 0 && this.before(time, seq, ((i - 1) / ARITY) | 0)) this.siftUp(i, time, seq, id);
    else this.siftDown(i, time, seq, id);
  }

  /** Places (time, seq, id) at index `i` or above it. */
  private siftUp(i: number, time: number, seq: number, id: number): void {
    while (i > 0) {
      const parent = ((i - 1) / ARITY) | 0;
      if (!this.before(time, seq, parent)) break;
      this.move(parent, i);
      i = parent;
    }
    this.place(i, time, seq, id);
  }

  /** Places (time, seq, id) at index `i` or below it. */
  private siftDown(i: number, time: number, seq: number, id: number): void {
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
    this.place(i, time, seq, id);
  }

  private before(time: number, seq: number, j: number): boolean {
    const tj = this.times[j] as number;
    return time < tj || (time === tj && seq < (this.seqs[j] as number));
  }

  private place(i: number, time: number, seq: number, id: number): void {
    this.times[i] = time;
    this.seqs[i] = seq;
    this.ids[i] = id;
    this.slotOf[id] = i;
  }

  private move(from: number, to: number): void {
    this.times[to] = this.times[from] as number;
    this.seqs[to] = this.seqs[from] as number;
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
    const ids = new Int32Array(n);
    ids.set(this.ids);
    this.times = times;
    this.seqs = seqs;
    this.ids = ids;
    this.payloads.length = n;
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
