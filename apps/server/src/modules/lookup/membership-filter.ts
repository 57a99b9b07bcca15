/**
 * A Bloom filter over indicator keys (`type` + NUL + canonical value): answers "certainly absent" for most
 * lookups without touching the database. Sized for a false-positive rate of about 1% at its capacity
 * (~1.2 bytes per key); it grows by rebuilding at double capacity when full, so it never degrades into
 * answering "maybe" for everything. Two 32-bit FNV-1a variants give the k probe positions (Kirsch–
 * Mitzenmacher double hashing), which is plenty for non-adversarial keys and costs no allocation.
 */
const BITS_PER_KEY = 9.6; // ≈ 1 % false positives
const PROBES = 7;

export class MembershipFilter {
  private bits: Uint32Array;
  private bitCount: number;
  private count = 0;

  constructor(private capacity: number) {
    this.capacity = Math.max(1024, capacity);
    this.bitCount = Math.ceil(this.capacity * BITS_PER_KEY);
    this.bits = new Uint32Array(Math.ceil(this.bitCount / 32));
  }

  get size(): number {
    return this.count;
  }

  get bytes(): number {
    return this.bits.byteLength;
  }

  /** Adds a key; returns false when the filter is full and must be rebuilt larger by its owner. */
  add(key: string): boolean {
    hash(key, '', false);
    const h1 = h1Out;
    const h2 = h2Out;
    for (let i = 0; i < PROBES; i += 1) {
      const bit = (h1 + i * h2) % this.bitCount;
      this.bits[bit >>> 5]! |= 1 << (bit & 31);
    }
    this.count += 1;
    return this.count <= this.capacity;
  }

  mightContain(key: string): boolean {
    hash(key, '', false);
    return this.probe();
  }

  /** `mightContain(indicatorKey(type, value))`, without building the key (the lookup asks a thousand per batch). */
  mightContainIndicator(type: string, value: string): boolean {
    hash(type, value, true);
    return this.probe();
  }

  private probe(): boolean {
    const h1 = h1Out;
    const h2 = h2Out;
    for (let i = 0; i < PROBES; i += 1) {
      const bit = (h1 + i * h2) % this.bitCount;
      if ((this.bits[bit >>> 5]! & (1 << (bit & 31))) === 0) return false;
    }
    return true;
  }
}

// The two hashes of the last `hash` call: module state rather than a returned pair, which would be an
// allocation per key.
let h1Out = 0;
let h2Out = 0;

/**
 * Hashes `first`, then (when `joined`) a NUL and `second` — exactly the hashes of the string
 * `first + '\u0000' + second`, i.e. of `indicatorKey(first, second)`, without building it.
 */
function hash(first: string, second: string, joined: boolean): void {
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ (joined ? first.length + 1 + second.length : first.length);
  for (let i = 0; i < first.length; i += 1) {
    const c = first.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995);
    b ^= b >>> 15;
  }
  if (joined) {
    a = Math.imul(a, 0x01000193); // a ^ 0 for the NUL
    b = Math.imul(b, 0x5bd1e995);
    b ^= b >>> 15;
    for (let i = 0; i < second.length; i += 1) {
      const c = second.charCodeAt(i);
      a = Math.imul(a ^ c, 0x01000193);
      b = Math.imul(b ^ c, 0x5bd1e995);
      b ^= b >>> 15;
    }
  }
  h1Out = a >>> 0;
  // The step must be odd and non-zero so the probes do not collapse onto one bit.
  h2Out = (b | 1) >>> 0;
}

export const indicatorKey = (type: string, value: string): string => `${type}\u0000${value}`;
