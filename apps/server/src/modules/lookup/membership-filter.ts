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
    const [h1, h2] = hashes(key);
    for (let i = 0; i < PROBES; i += 1) {
      const bit = (h1 + i * h2) % this.bitCount;
      this.bits[bit >>> 5]! |= 1 << (bit & 31);
    }
    this.count += 1;
    return this.count <= this.capacity;
  }

  mightContain(key: string): boolean {
    const [h1, h2] = hashes(key);
    for (let i = 0; i < PROBES; i += 1) {
      const bit = (h1 + i * h2) % this.bitCount;
      if ((this.bits[bit >>> 5]! & (1 << (bit & 31))) === 0) return false;
    }
    return true;
  }
}

function hashes(key: string): [number, number] {
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ key.length;
  for (let i = 0; i < key.length; i += 1) {
    const c = key.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995);
    b ^= b >>> 15;
  }
  a >>>= 0;
  // The step must be odd and non-zero so the probes do not collapse onto one bit.
  b = (b | 1) >>> 0;
  return [a, b];
}

export const indicatorKey = (type: string, value: string): string => `${type}\u0000${value}`;
