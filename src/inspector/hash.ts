/**
 * Deterministic numbers for what the engine does not model (initial sequence numbers, ephemeral
 * ports, DNS IDs): a hash of a key built from the trace, so the same hop always shows the same.
 */

/** FNV-1a, 32 bits: small, fast and well spread for short keys. */
export function hash32(key: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/** Linux's `net.ipv4.ip_local_port_range` (32768 to 60999): where a client's source port comes from. */
export const EPHEMERAL_PORTS = { first: 32_768, last: 60_999 } as const;

/** A client's source port for the connection or query named by `key`. */
export function ephemeralPort(key: string): number {
  const span = EPHEMERAL_PORTS.last - EPHEMERAL_PORTS.first + 1;
  return EPHEMERAL_PORTS.first + (hash32(`port:${key}`) % span);
}

/** A 32-bit number (an initial sequence number) for `key`. */
export function isn(key: string): number {
  return hash32(`isn:${key}`);
}

/** A 16-bit number (a DNS message ID) for `key`. */
export function id16(key: string): number {
  return hash32(`id:${key}`) & 0xffff;
}

/** Sequence arithmetic is modulo 2^32. */
export function seqAdd(seq: number, n: number): number {
  return (seq + n) >>> 0;
}

/** The length of `text` in bytes as UTF-8 (what goes on the wire). */
export function byteLength(text: string): number {
  let n = 0;
  for (const ch of text) {
    const c = ch.codePointAt(0) ?? 0;
    n += c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
  }
  return n;
}

/** `0x1a2b` as four hex digits. */
export function hex16(n: number): string {
  return `0x${n.toString(16).padStart(4, "0")}`;
}
