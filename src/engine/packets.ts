import type { HopKind } from "./types";

/**
 * The packets in flight, stored as parallel typed arrays so that a drawing layer
 * can read thousands of them every frame without allocating.
 *
 * Slots are dense: `0 .. count-1` are the live packets, in no particular order.
 * A packet is identified to its owner by a handle that stays valid until removal.
 */
export class PacketTable {
  /** Number of packets in flight. */
  count = 0;
  /** Component index the packet left from. */
  from = new Int32Array(256);
  /** Component index the packet is travelling to. */
  to = new Int32Array(256);
  /** Simulated departure time (ms). */
  depart = new Float64Array(256);
  /** Simulated arrival time (ms). */
  arrive = new Float64Array(256);
  /** `HopKind` code, for colour. */
  kind = new Uint8Array(256);
  /** Trace sequence number of the hop, or -1 when the hop was not traced. */
  hop = new Int32Array(256);

  private handleOfSlot = new Int32Array(256);
  private slotOfHandle: number[] = [];
  private freeHandles: number[] = [];

  add(
    from: number,
    to: number,
    depart: number,
    arrive: number,
    kind: HopKind,
    hop: number,
  ): number {
    if (this.count === this.from.length) this.grow();
    const slot = this.count++;
    this.from[slot] = from;
    this.to[slot] = to;
    this.depart[slot] = depart;
    this.arrive[slot] = arrive;
    this.kind[slot] = kind;
    this.hop[slot] = hop;
    const handle = this.freeHandles.pop() ?? this.slotOfHandle.length;
    this.slotOfHandle[handle] = slot;
    this.handleOfSlot[slot] = handle;
    return handle;
  }

  remove(handle: number): void {
    const slot = this.slotOfHandle[handle];
    if (slot === undefined || slot < 0) throw new RangeError(`ENGINE_BAD_PACKET: ${handle}`);
    const last = --this.count;
    if (slot !== last) {
      this.from[slot] = this.from[last] as number;
      this.to[slot] = this.to[last] as number;
      this.depart[slot] = this.depart[last] as number;
      this.arrive[slot] = this.arrive[last] as number;
      this.kind[slot] = this.kind[last] as number;
      this.hop[slot] = this.hop[last] as number;
      const moved = this.handleOfSlot[last] as number;
      this.handleOfSlot[slot] = moved;
      this.slotOfHandle[moved] = slot;
    }
    this.slotOfHandle[handle] = -1;
    this.freeHandles.push(handle);
  }

  private grow(): void {
    const n = this.from.length * 2;
    const from = new Int32Array(n);
    from.set(this.from);
    this.from = from;
    const to = new Int32Array(n);
    to.set(this.to);
    this.to = to;
    const depart = new Float64Array(n);
    depart.set(this.depart);
    this.depart = depart;
    const arrive = new Float64Array(n);
    arrive.set(this.arrive);
    this.arrive = arrive;
    const kind = new Uint8Array(n);
    kind.set(this.kind);
    this.kind = kind;
    const hop = new Int32Array(n);
    hop.set(this.hop);
    this.hop = hop;
    const handles = new Int32Array(n);
    handles.set(this.handleOfSlot);
    this.handleOfSlot = handles;
  }
}
