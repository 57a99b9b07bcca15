/**
 * Seeded randomness for the synthetic world. xoshiro128** (Blackman & Vigna) on 32-bit integers: tiny
 * state, good statistical quality, ~1 ns per draw in V8, and — what matters most here — cheap to RE-SEED.
 * Every report and every identifier gets its own stream derived from (seed, keys…) with a murmur3-style
 * finaliser, so report n is a pure function of (options, n): generation order, cache evictions and
 * partial replays (describeWorld) can never change a value. Written here rather than taken from
 * `pure-rand` because the hot path reseeds millions of times and wants a mutable, allocation-free
 * generator; Math.random and Date.now are never used.
 */

/** murmur3's 32-bit finaliser: a bijective avalanche mix. */
export function fmix32(value: number): number {
  let h = value | 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Hash of up to five integers (any safe integers: the high bits are folded in). */
export function hashKeys(k0: number, k1 = 0, k2 = 0, k3 = 0, k4 = 0): number {
  let h = 0x243f6a88;
  h = fmix32(h ^ Math.imul(fold(k0), 0xcc9e2d51));
  h = fmix32((h + Math.imul(fold(k1), 0x1b873593)) | 0);
  h = fmix32(h ^ Math.imul(fold(k2), 0xcc9e2d51));
  h = fmix32((h + Math.imul(fold(k3), 0x1b873593)) | 0);
  h = fmix32(h ^ Math.imul(fold(k4), 0xcc9e2d51));
  return h;
}

/** A safe integer folded to 32 bits so that values above 2^32 still change the hash. */
function fold(value: number): number {
  if (value >= 0 && value < 4294967296) return value | 0;
  const high = Math.floor(value / 4294967296);
  return (value ^ fmix32(high)) | 0;
}

const rotl = (x: number, k: number): number => (x << k) | (x >>> (32 - k));

export class Rng {
  private s0 = 0;
  private s1 = 0;
  private s2 = 0;
  private s3 = 0;

  constructor(k0 = 0, k1 = 0, k2 = 0, k3 = 0, k4 = 0) {
    this.reseed(k0, k1, k2, k3, k4);
  }

  /** Restarts the stream at a state derived from the keys (no allocation). */
  reseed(k0: number, k1 = 0, k2 = 0, k3 = 0, k4 = 0): this {
    const h = hashKeys(k0, k1, k2, k3, k4);
    this.s0 = fmix32(h + 0x9e3779b9) | 0;
    this.s1 = fmix32(h + 0x3c6ef372) | 0;
    this.s2 = fmix32(h + 0xdaa66d2b) | 0;
    this.s3 = fmix32(h + 0x78dde6e4) | 0;
    if ((this.s0 | this.s1 | this.s2 | this.s3) === 0) this.s0 = 1; // the one forbidden state
    return this;
  }

  /** Next 32-bit unsigned integer. */
  next(): number {
    const result = Math.imul(rotl(Math.imul(this.s1, 5), 7), 9);
    const t = this.s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    return result >>> 0;
  }

  /** Uniform in [0, 1). */
  float(): number {
    return this.next() / 4294967296;
  }

  /** Uniform integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.float() * n);
  }

  /** Uniform integer in [min, max]. */
  range(min: number, max: number): number {
    return min + Math.floor(this.float() * (max - min + 1));
  }

  chance(p: number): boolean {
    return this.float() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.float() * items.length)] as T;
  }

  /** Standard normal (Box–Muller, one value per call so the stream stays a pure function of its seed). */
  normal(): number {
    const u1 = (this.next() + 1) / 4294967297; // (0, 1]
    const u2 = this.float();
    return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  }

  /** Log-normal with the given median and log-space standard deviation. */
  logNormal(median: number, sigma: number): number {
    return median * Math.exp(sigma * this.normal());
  }

  /**
   * Index in [0, size) skewed towards 0: P(index < k) = (k/size)^(1/skew). With skew 2.5 the first of 20
   * items takes ~30% of the draws — how scammers wear out their favourite account before the spares.
   */
  skewedIndex(size: number, skew: number): number {
    if (size <= 1) return 0;
    return Math.min(size - 1, Math.floor(size * Math.pow(this.float(), skew)));
  }

  /** Fills `bytes` with random bytes. */
  fill(bytes: Uint8Array): Uint8Array {
    for (let i = 0; i < bytes.length; i += 4) {
      let word = this.next();
      for (let j = i; j < Math.min(i + 4, bytes.length); j++) {
        bytes[j] = word & 0xff;
        word >>>= 8;
      }
    }
    return bytes;
  }

  /** `length` characters drawn from `alphabet`. */
  chars(alphabet: string, length: number): string {
    let out = '';
    for (let i = 0; i < length; i++) out += alphabet[Math.floor(this.float() * alphabet.length)];
    return out;
  }
}

/** A categorical distribution over fixed items, sampled by binary search on cumulative weights. */
export class Weighted<T> {
  readonly items: readonly T[];
  private readonly cumulative: Float64Array;
  private readonly total: number;

  constructor(entries: readonly (readonly [T, number])[]) {
    if (entries.length === 0) throw new Error('a weighted choice needs at least one item');
    this.items = entries.map(([item]) => item);
    this.cumulative = new Float64Array(entries.length);
    let sum = 0;
    entries.forEach(([, weight], i) => {
      if (!(weight >= 0) || !Number.isFinite(weight)) throw new Error(`weight ${weight} is not a finite non-negative number`);
      sum += weight;
      this.cumulative[i] = sum;
    });
    if (sum <= 0) throw new Error('a weighted choice needs a positive total weight');
    this.total = sum;
  }

  sample(rng: Rng): T {
    return this.items[this.indexFor(rng.float())] as T;
  }

  /** The item index a uniform draw u in [0, 1) falls on. */
  indexFor(u: number): number {
    const target = u * this.total;
    let lo = 0;
    let hi = this.cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.cumulative[mid] as number) > target) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }
}

/**
 * A keyed pseudo-random PERMUTATION of [0, size) (size ≤ 2^32): a 4-round Feistel network on the
 * smallest even number of bits that covers `size`, cycle-walked back into range (format-preserving
 * encryption in miniature). Distinct inputs give distinct outputs, so dense serial numbers become
 * random-looking but collision-free digits and tags: two networks never share a phone number by accident.
 */
export function permute(value: number, size: number, key: number): number {
  if (size <= 1) return 0;
  if (!(value >= 0 && value < size)) throw new RangeError(`permute: ${value} is outside [0, ${size})`);
  let bits = Math.max(2, Math.ceil(Math.log2(size)));
  if (bits % 2 === 1) bits += 1;
  const half = bits / 2;
  const radix = 2 ** half;
  const mask = radix - 1;
  let x = value;
  do {
    let left = Math.floor(x / radix);
    let right = x % radix;
    for (let round = 0; round < 4; round++) {
      const f = fmix32(right ^ key ^ Math.imul(round + 1, 0x9e3779b9)) & mask;
      const next = (left ^ f) & mask;
      left = right;
      right = next;
    }
    x = left * radix + right;
  } while (x >= size);
  return x;
}
