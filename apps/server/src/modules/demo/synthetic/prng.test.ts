import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hashKeys, permute, Rng, Weighted } from './prng.js';

describe('Rng (xoshiro128**)', () => {
  it('is a pure function of its keys, and reseeding restarts the stream', () => {
    fc.assert(
      fc.property(fc.integer(), fc.nat(), (seed, n) => {
        const a = new Rng(seed, n);
        const first = [a.next(), a.next(), a.next()];
        a.reseed(seed, n);
        expect([a.next(), a.next(), a.next()]).toEqual(first);
        expect(new Rng(seed, n).next()).toBe(first[0]);
      }),
    );
  });

  it('gives different streams for neighbouring keys and large seeds', () => {
    const firsts = new Set<number>();
    for (let n = 0; n < 1000; n++) firsts.add(new Rng(42, n).next());
    expect(firsts.size).toBe(1000);
    expect(hashKeys(2 ** 40)).not.toBe(hashKeys(0));
    expect(hashKeys(2 ** 40 + 1)).not.toBe(hashKeys(2 ** 40));
  });

  it('draws floats in [0, 1) with a flat histogram', () => {
    const rng = new Rng(7);
    const bins = new Array<number>(10).fill(0);
    let min = 1;
    let max = 0;
    for (let i = 0; i < 100_000; i++) {
      const u = rng.float();
      min = Math.min(min, u);
      max = Math.max(max, u);
      bins[Math.floor(u * 10)]! += 1;
    }
    expect(min).toBeGreaterThanOrEqual(0);
    expect(max).toBeLessThan(1);
    for (const count of bins) expect(Math.abs(count - 10_000)).toBeLessThan(500);
  });

  it('draws standard normals with mean 0 and variance 1', () => {
    const rng = new Rng(11);
    let sum = 0;
    let squares = 0;
    const n = 100_000;
    for (let i = 0; i < n; i++) {
      const z = rng.normal();
      sum += z;
      squares += z * z;
    }
    expect(Math.abs(sum / n)).toBeLessThan(0.02);
    expect(Math.abs(squares / n - 1)).toBeLessThan(0.03);
  });

  it('skews pool indices towards the first item', () => {
    const rng = new Rng(3);
    const counts = new Array<number>(20).fill(0);
    for (let i = 0; i < 50_000; i++) counts[rng.skewedIndex(20, 2.5)]! += 1;
    expect(counts[0]).toBeGreaterThan(counts[19]! * 5);
    expect(counts[0]! / 50_000).toBeGreaterThan(0.25);
  });
});

describe('Weighted', () => {
  it('samples in proportion to the weights', () => {
    const choice = new Weighted([['a', 1], ['b', 3], ['c', 0]] as const);
    const rng = new Rng(5);
    const counts: Record<string, number> = { a: 0, b: 0, c: 0 };
    for (let i = 0; i < 40_000; i++) counts[choice.sample(rng)]! += 1;
    expect(counts.c).toBe(0);
    expect(counts.b! / counts.a!).toBeGreaterThan(2.7);
    expect(counts.b! / counts.a!).toBeLessThan(3.3);
  });

  it('rejects empty, negative and zero-total weights', () => {
    expect(() => new Weighted([])).toThrow();
    expect(() => new Weighted([['a', -1]])).toThrow();
    expect(() => new Weighted([['a', 0]])).toThrow();
  });
});

describe('permute', () => {
  it('is a bijection of [0, size) for any size and key', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 3000 }), fc.integer(), (size, key) => {
        const seen = new Set<number>();
        for (let x = 0; x < size; x++) {
          const y = permute(x, size, key);
          if (y >= 0 && y < size) seen.add(y);
        }
        expect(seen.size).toBe(size); // every output in range, none repeated
      }),
      { numRuns: 40 },
    );
  });

  it('handles 32-bit domains and scatters consecutive inputs', () => {
    const size = 36 ** 6; // > 2^31
    const outputs = Array.from({ length: 1000 }, (_, x) => permute(x, size, 99));
    expect(new Set(outputs).size).toBe(1000);
    for (const y of outputs) expect(y).toBeLessThan(size);
    // Consecutive serials must not give consecutive values (that would look generated).
    const adjacent = outputs.filter((y, i) => i > 0 && Math.abs(y - outputs[i - 1]!) < 1000).length;
    expect(adjacent).toBeLessThan(5);
  });

  it('refuses values outside the domain', () => {
    expect(() => permute(10, 10, 1)).toThrow(RangeError);
  });
});
