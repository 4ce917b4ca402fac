/** What the queue holds: anything that can carry the queue's ticket for it. */
export interface Queued {
  /** The queue's id for it while it is queued, -1 otherwise. Only the queue writes it. */
  queueId: number;
}

/** Children per heap node: a 4-ary heap is half as deep as a binary one, and its children sit side by side in memory. */
const ARITY = 4;
/** Width of a near-future bucket (ms): a power of two, so that time / width is exact. */
const BUCKET_MS = 0.5;
/** Buckets in the ring (a power of two): they cover the next 128 ms, past a packet's flight. */
const BUCKETS = 256;

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

  /*
   * Lanes: timeouts of one fixed delay, set as time goes on, come due in the order they were
   * set. Each lane is a FIFO (a doubly linked list of ids) and only its first entry is in the
   * heap; the others wait "parked" with their (time, seq), and enter the heap when they become
   * first. Every entry keeps the time and sequence number it was given when pushed, so events
   * come out in exactly the same order as if all were in the heap; but a timeout that is
   * cancelled before its turn (most are: a 45 s keep-alive probe timer, a 60 s fastcgi_read_timeout)
   * is unlinked in O(1) and never costs a sift, and the heap stays small as the load grows.
   */
  /** Lane of each id in use, or -1 for an entry pushed straight into the heap. */
  private laneOf = new Int32Array(1024);
  private nextInLane = new Int32Array(1024);
  private prevInLane = new Int32Array(1024);
  /** Time and sequence number of each id parked in a lane or a bucket (the heap has its own). */
  private laneTime = new Float64Array(1024);
  private laneSeq = new Float64Array(1024);
  /** First and last id of each lane (-1 when empty), and the lane of each delay. */
  private laneHead: number[] = [];
  private laneTail: number[] = [];
  private laneByDelay = new Map<number, number>();

  /*
   * Buckets: most events are due within a packet's flight (tens of ms). Those due in the
   * next BUCKETS buckets of BUCKET_MS wait unsorted in a ring of buckets (doubly linked lists
   * of ids, O(1) in and out); the heap holds only the events before `horizonTime` (and the far
   * ones). When the heap's first is not before the horizon, the next bucket moves into the heap
   * and the horizon moves on by a bucket. Every event in a bucket is at or after the horizon,
   * so the heap's first is always the earliest of all, and the heap stays a bucket or so deep:
   * pops sift through a few levels instead of every event in flight.
   */
  /** Bucket number (time / BUCKET_MS, floored) from which events wait in the ring. */
  private horizon = 0;
  /** horizon × BUCKET_MS: events before it are in the heap. Exact, as BUCKET_MS is a power of two. */
  private horizonTime = 0;
  /** First id of each bucket of the ring, -1 when empty. */
  private bucketHead = new Int32Array(BUCKETS).fill(-1);
  /** Ids in the ring. */
  private inRing = 0;
  /** Ring slot of each id in a bucket, or -1. */
  private bucketOf = new Int32Array(1024).fill(-1);
  private nextInBucket = new Int32Array(1024);
  private prevInBucket = new Int32Array(1024);

  /** Entries queued, in the heap or parked in a lane. */
  get size(): number {
    return this.payloads.length - this.freeCount;
  }

  /** Time of the earliest event, or `Infinity` when the queue is empty. */
  peekTime(): number {
    // Settled already, nearly always: then this is one comparison.
    if (!(this.count > 0 && (this.times[0] as number) < this.horizonTime)) this.settle();
    return this.count > 0 ? (this.times[0] as number) : Number.POSITIVE_INFINITY;
  }

  /** Brings buckets into the heap until its first entry is before the horizon: the earliest of all. */
  private settle(): void {
    while (!(this.count > 0 && (this.times[0] as number) < this.horizonTime)) {
      if (this.inRing === 0) {
        // Nothing waits in the ring: the horizon jumps past the heap's first (if any).
        if (this.count > 0) this.setHorizon(Math.floor((this.times[0] as number) / BUCKET_MS) + 1);
        return;
      }
      // The bucket at the horizon holds exactly the events of that bucket number.
      const slot = this.horizon & (BUCKETS - 1);
      let id = this.bucketHead[slot] as number;
      this.bucketHead[slot] = -1;
      while (id >= 0) {
        const next = this.nextInBucket[id] as number;
        this.bucketOf[id] = -1;
        this.inRing--;
        this.siftUp(this.count++, this.laneTime[id] as number, this.laneSeq[id] as number, id);
        id = next;
      }
      this.setHorizon(this.horizon + 1);
    }
  }

  private setHorizon(bucket: number): void {
    this.horizon = bucket;
    this.horizonTime = bucket * BUCKET_MS;
  }

  /** Queues id at (time, seq): into its bucket when it is due in the ring's span, else the heap. */
  private insert(time: number, seq: number, id: number): void {
    const bucket = Math.floor(time / BUCKET_MS);
    if (bucket < this.horizon || bucket >= this.horizon + BUCKETS) {
      this.bucketOf[id] = -1;
      this.siftUp(this.count++, time, seq, id);
      return;
    }
    // `& (BUCKETS - 1)` keeps the low bits, even past 2^31 (ToInt32 wraps by 2^32).
    const slot = bucket & (BUCKETS - 1);
    this.laneTime[id] = time;
    this.laneSeq[id] = seq;
    this.slotOf[id] = -1;
    this.bucketOf[id] = slot;
    const head = this.bucketHead[slot] as number;
    this.nextInBucket[id] = head;
    this.prevInBucket[id] = -1;
    if (head >= 0) this.prevInBucket[head] = id;
    this.bucketHead[slot] = id;
    this.inRing++;
  }

  /** Takes id out of its bucket. */
  private leaveBucket(id: number): void {
    const prev = this.prevInBucket[id] as number;
    const next = this.nextInBucket[id] as number;
    if (prev >= 0) this.nextInBucket[prev] = next;
    else this.bucketHead[this.bucketOf[id] as number] = next;
    if (next >= 0) this.prevInBucket[next] = prev;
    this.bucketOf[id] = -1;
    this.inRing--;
  }

  push(time: number, item: T): void {
    const id = this.take(time, item);
    this.laneOf[id] = -1;
    this.insert(time, this.nextSeq++, id);
  }

  /** Checks an entry and gives it a free id (growing the arrays when none is left). */
  private take(time: number, item: T): number {
    if (!(time >= 0) || !Number.isFinite(time)) {
      throw new RangeError(`ENGINE_BAD_TIME: cannot schedule an event at ${time}`);
    }
    if (item.queueId >= 0) throw new RangeError("ENGINE_QUEUED_TWICE: the event is already queued");
    if (this.freeCount === 0) this.grow();
    const id = this.freeIds[--this.freeCount] as number;
    item.queueId = id;
    this.payloads[id] = item;
    return id;
  }

  /**
   * Pushes a timeout due at `time` = now + `delay`, for a `delay` used again and again
   * (see the lanes above). Ordered exactly as `push(time, item)` would be.
   */
  pushTimeout(time: number, delay: number, item: T): void {
    let lane = this.laneByDelay.get(delay);
    if (lane === undefined) {
      if (this.laneByDelay.size >= 64) {
        this.push(time, item); // a bound on lanes
        return;
      }
      lane = this.laneHead.length;
      this.laneByDelay.set(delay, lane);
      this.laneHead.push(-1);
      this.laneTail.push(-1);
    }
    const tail = this.laneTail[lane] as number;
    // A lane must come due in order; anything else goes straight into the heap.
    if (tail >= 0 && !(time >= (this.laneTime[tail] as number))) {
      this.push(time, item);
      return;
    }
    const id = this.take(time, item);
    const seq = this.nextSeq++;
    this.laneOf[id] = lane;
    this.laneTime[id] = time;
    this.laneSeq[id] = seq;
    this.nextInLane[id] = -1;
    this.prevInLane[id] = tail;
    this.laneTail[lane] = id;
    if (tail < 0) {
      // First in its lane: into the heap.
      this.laneHead[lane] = id;
      this.insert(time, seq, id);
    } else {
      // Behind the lane's last entry: parked until it is first.
      this.nextInLane[tail] = id;
      this.slotOf[id] = -1;
      this.bucketOf[id] = -1;
    }
  }

  /** The earliest event's payload, without removing it. Check `size` first. */
  peek(): T {
    this.peekTime();
    if (this.count === 0) throw new RangeError("ENGINE_EMPTY_QUEUE: peek on an empty queue");
    return this.payloads[this.ids[0] as number] as T;
  }

  /** Removes and returns the earliest event's payload. Check `size` first. */
  pop(): T {
    this.peekTime();
    if (this.count === 0) throw new RangeError("ENGINE_EMPTY_QUEUE: pop on an empty queue");
    const top = this.payloads[this.ids[0] as number] as T;
    const id = top.queueId;
    this.release(top);
    this.fillRoot();
    if (this.laneOf[id] !== -1) this.leaveLane(id);
    return top;
  }

  /**
   * Fills the emptied root with the last entry, "bottom-up": the hole first sinks along the
   * earliest children to a leaf, then the last entry rises from there. The last entry is
   * nearly always among the latest, so it rises little, and each level costs no comparison
   * with it (Floyd's trick; the order of events is that of any correct heap).
   */
  private fillRoot(): void {
    const n = --this.count;
    if (n === 0) return;
    const times = this.times;
    const seqs = this.seqs;
    const ids = this.ids;
    const slotOf = this.slotOf;
    let i = 0;
    for (;;) {
      const first = ARITY * i + 1;
      if (first >= n) break;
      const c = this.earliestChild(first, n);
      times[i] = times[c] as number;
      seqs[i] = seqs[c] as number;
      const cid = ids[c] as number;
      ids[i] = cid;
      slotOf[cid] = i;
      i = c;
    }
    this.siftUp(i, times[n] as number, seqs[n] as number, ids[n] as number);
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
    if (i >= 0) this.fillHole(i);
    else if (this.bucketOf[id] !== -1) this.leaveBucket(id);
    if (this.laneOf[id] !== -1) this.leaveLane(id);
    return true;
  }

  /** Unlinks `id` from its lane; when it was first, the next one enters the heap. */
  private leaveLane(id: number): void {
    const lane = this.laneOf[id] as number;
    const prev = this.prevInLane[id] as number;
    const next = this.nextInLane[id] as number;
    this.laneOf[id] = -1;
    if (prev >= 0) this.nextInLane[prev] = next;
    else this.laneHead[lane] = next;
    if (next >= 0) this.prevInLane[next] = prev;
    else this.laneTail[lane] = prev;
    if (prev < 0 && next >= 0) {
      this.insert(this.laneTime[next] as number, this.laneSeq[next] as number, next);
    }
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
    for (;;) {
      const first = ARITY * i + 1;
      if (first >= n) break;
      const c = this.earliestChild(first, n);
      if (this.before(time, seq, c)) break;
      this.move(c, i);
      i = c;
    }
    this.place(i, time, seq, id);
  }

  /** The earliest (time, seq) of the up to ARITY children starting at index `first`. */
  private earliestChild(first: number, n: number): number {
    const times = this.times;
    const seqs = this.seqs;
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
    return c;
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
    const old = this.times.length;
    const n = old * 2;
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
    for (let i = 0; i < n - old; i++) freeIds[i] = n - 1 - i;
    this.freeIds = freeIds;
    this.freeCount = n - old;
    const laneOf = new Int32Array(n);
    laneOf.set(this.laneOf);
    this.laneOf = laneOf;
    const nextInLane = new Int32Array(n);
    nextInLane.set(this.nextInLane);
    this.nextInLane = nextInLane;
    const prevInLane = new Int32Array(n);
    prevInLane.set(this.prevInLane);
    this.prevInLane = prevInLane;
    const laneTime = new Float64Array(n);
    laneTime.set(this.laneTime);
    this.laneTime = laneTime;
    const laneSeq = new Float64Array(n);
    laneSeq.set(this.laneSeq);
    this.laneSeq = laneSeq;
    const bucketOf = new Int32Array(n).fill(-1);
    bucketOf.set(this.bucketOf);
    this.bucketOf = bucketOf;
    const nextInBucket = new Int32Array(n);
    nextInBucket.set(this.nextInBucket);
    this.nextInBucket = nextInBucket;
    const prevInBucket = new Int32Array(n);
    prevInBucket.set(this.prevInBucket);
    this.prevInBucket = prevInBucket;
  }
}
