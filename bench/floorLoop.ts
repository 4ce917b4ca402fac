// A floor for the engine's cost per event: the least a discrete-event loop can do for the same
// events. A binary heap of (time, sequence) in typed arrays, a payload number per entry, no
// object per event, no closure, a PRNG and a clock in typed arrays (so nothing is boxed). What
// it simulates is shaped like the engine's own run (see FloorShape); what it does per event is
// nothing but schedule the next one. bench/speed.mjs runs it beside the engine.

/** The shape of the engine's run at one rate, as the floor copies it. */
export interface FloorShape {
  /** Visits per simulated second, arriving at random (Poisson), as the engine's traffic does. */
  rps: number;
  /** Events per visit, the arrival included: the engine's events / visits. */
  eventsPerVisit: number;
  /** How long a visit lasts (simulated ms): the engine's visits in flight / rps (Little's law). */
  visitMs: number;
  /**
   * Requests per visit (the engine's requests sent / visits sent, at least 1): the fan-out. A
   * visit is a tree: its page request's chain of events, and when that ends, the other
   * requests' chains side by side (its static files). A fraction is drawn per visit (2.2: one
   * visit in five makes three requests, the others two). With one request, the chain lasts
   * visitMs; with more, the page's chain and then the others each last half of it.
   */
  fanOut: number;
  seed?: number;
}

export interface FloorLoop {
  /** Runs every event up to and including `time` (simulated ms). */
  advanceTo(time: number): void;
  readonly eventsProcessed: number;
  /** Visits arrived so far. */
  readonly visits: number;
  /** Events waiting in the heap now. */
  readonly pending: number;
}

/**
 * Marks the traffic's next arrival in the payload array. Other entries are the events of a
 * request's chain: ((HALF × half + more) × LEN + length) × LEN + left, where `left` counts the
 * events left in the chain, `length` its events (its gaps are chainMs / length), `more` the
 * requests to start side by side when it ends, and `half` whether it lasts visitMs / 2.
 */
const ARRIVAL = -1;
const LEN = 64;
const HALF = 8;

export function createFloorLoop(shape: FloorShape): FloorLoop {
  const { rps, eventsPerVisit, visitMs } = shape;
  const fanOut = Math.max(1, shape.fanOut);
  let capacity = 1024;
  let times = new Float64Array(capacity);
  let seqs = new Float64Array(capacity);
  let left = new Int32Array(capacity);
  /** count, events processed, visits, next sequence number: in a typed array, never boxed. */
  const n = new Float64Array(4);
  const COUNT = 0;
  const EVENTS = 1;
  const VISITS = 2;
  const SEQ = 3;
  const rng = new Uint32Array([(shape.seed ?? 1) * 2654435761 || 1]);
  /** A uniform draw in (0, 1] (xorshift32). */
  const uniform = (): number => {
    let x = rng[0] as number;
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    rng[0] = x;
    return ((x >>> 0) + 1) / 4294967296;
  };
  /** Mean gap between the arrivals (ms). */
  const arrivalGap = 1000 / rps;
  /** Events after the arrival, per visit, on average. */
  const afterArrival = Math.max(0, eventsPerVisit - 1);

  const grow = (): void => {
    capacity *= 2;
    const t = new Float64Array(capacity);
    t.set(times);
    times = t;
    const s = new Float64Array(capacity);
    s.set(seqs);
    seqs = s;
    const l = new Int32Array(capacity);
    l.set(left);
    left = l;
  };

  const push = (time: number, payload: number): void => {
    if ((n[COUNT] as number) === capacity) grow();
    const seq = n[SEQ] as number;
    n[SEQ] = seq + 1;
    let i = n[COUNT] as number;
    n[COUNT] = i + 1;
    // Sift up: move parents down until the new entry's place is found.
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const pt = times[parent] as number;
      if (pt < time || (pt === time && (seqs[parent] as number) < seq)) break;
      times[i] = pt;
      seqs[i] = seqs[parent] as number;
      left[i] = left[parent] as number;
      i = parent;
    }
    times[i] = time;
    seqs[i] = seq;
    left[i] = payload;
  };

  /** Removes the first entry (the caller has read it at index 0). */
  const popFirst = (): void => {
    const count = (n[COUNT] as number) - 1;
    n[COUNT] = count;
    if (count === 0) return;
    const time = times[count] as number;
    const seq = seqs[count] as number;
    const payload = left[count] as number;
    let i = 0;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= count) break;
      const right = child + 1;
      if (right < count) {
        const ct = times[child] as number;
        const rt = times[right] as number;
        if (rt < ct || (rt === ct && (seqs[right] as number) < (seqs[child] as number)))
          child = right;
      }
      const ct = times[child] as number;
      if (time < ct || (time === ct && seq < (seqs[child] as number))) break;
      times[i] = ct;
      seqs[i] = seqs[child] as number;
      left[i] = left[child] as number;
      i = child;
    }
    times[i] = time;
    seqs[i] = seq;
    left[i] = payload;
  };

  /** Pushes the first event of a chain of `length` events that starts `more` chains when it ends. */
  const startChain = (now: number, length: number, more: number, half: number): void => {
    const chainMs = half ? visitMs / 2 : visitMs;
    push(
      now - Math.log(uniform()) * (chainMs / length),
      ((half * HALF + more) * LEN + length) * LEN + length,
    );
  };

  /** A chain's length for a visit of `requests` requests: its share of the events, a fraction drawn. */
  const chainLength = (requests: number): number => {
    const share = afterArrival / requests;
    let length = Math.floor(share);
    if (uniform() < share - length) length++;
    return Math.max(1, Math.min(LEN - 1, length));
  };

  /** A visit arrives: its page request's chain starts, and the others will follow it. */
  const startVisit = (now: number): void => {
    n[VISITS] = (n[VISITS] as number) + 1;
    if (afterArrival === 0) return;
    let requests = Math.floor(fanOut);
    if (uniform() < fanOut - requests) requests++;
    requests = Math.min(requests, HALF);
    startChain(now, chainLength(requests), requests - 1, requests > 1 ? 1 : 0);
  };

  // The first arrival.
  push(-Math.log(uniform()) * arrivalGap, ARRIVAL);

  return {
    advanceTo(until: number) {
      while ((n[COUNT] as number) > 0 && (times[0] as number) <= until) {
        const now = times[0] as number;
        const payload = left[0] as number;
        popFirst();
        n[EVENTS] = (n[EVENTS] as number) + 1;
        if (payload === ARRIVAL) {
          push(now - Math.log(uniform()) * arrivalGap, ARRIVAL);
          startVisit(now);
        } else if (payload % LEN > 1) {
          const length = Math.floor(payload / LEN) % LEN;
          const chainMs = payload >= HALF * LEN * LEN ? visitMs / 2 : visitMs;
          push(now - Math.log(uniform()) * (chainMs / length), payload - 1);
        } else {
          // The chain's last event: the requests that follow it start side by side.
          const more = Math.floor(payload / (LEN * LEN)) % HALF;
          for (let r = 0; r < more; r++) startChain(now, chainLength(more + 1), 0, 1);
        }
      }
    },
    get eventsProcessed() {
      return n[EVENTS] as number;
    },
    get visits() {
      return n[VISITS] as number;
    },
    get pending() {
      return n[COUNT] as number;
    },
  };
}
