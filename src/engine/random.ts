/**
 * A small seeded PRNG (mulberry32). Its whole state is one 32-bit integer, so a
 * simulation can be copied or replayed exactly from a seed.
 */
export interface Rng {
  /** A float in [0, 1). */
  next(): number;
  /** The current internal state; `createRng(rng.state())` continues the same sequence. */
  state(): number;
  /** Takes over another generator's state (a copy of a simulation: see Simulation.fork). */
  restore(state: number): void;
}

export function createRng(seed: number): Rng {
  // The state lives in a typed array: a plain variable above 2^30 would be boxed anew on every draw.
  const state = new Uint32Array([seed >>> 0]);
  return {
    next() {
      state[0] = (state[0] as number) + 0x6d2b79f5; // wraps modulo 2^32, like `>>> 0`
      let t = state[0] as number;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    },
    state: () => state[0] as number,
    restore(n) {
      state[0] = n;
    },
  };
}
