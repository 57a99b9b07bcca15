import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { MembershipFilter, indicatorKey } from './membership-filter.js';

describe('membership filter', () => {
  it('never answers "absent" for a key it holds', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.string({ minLength: 1, maxLength: 40 }), { minLength: 1, maxLength: 300 }), (keys) => {
        const filter = new MembershipFilter(keys.length);
        keys.forEach((k) => filter.add(k));
        expect(keys.every((k) => filter.mightContain(k))).toBe(true);
      }),
    );
  });

  it('answers for a (type, value) pair exactly as for its indicator key', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.string({ maxLength: 12 }), fc.string({ unit: 'binary', maxLength: 40 })), { minLength: 1, maxLength: 200 }), fc.array(fc.tuple(fc.string({ maxLength: 12 }), fc.string({ unit: 'binary', maxLength: 40 })), { maxLength: 200 }), (added, asked) => {
        const filter = new MembershipFilter(64);
        added.forEach(([type, value]) => filter.add(indicatorKey(type, value)));
        for (const [type, value] of [...added, ...asked]) expect(filter.mightContainIndicator(type, value)).toBe(filter.mightContain(indicatorKey(type, value)));
      }),
    );
  });

  it('keeps false positives near 1% at capacity', () => {
    const n = 100_000;
    const filter = new MembershipFilter(n);
    for (let i = 0; i < n; i += 1) filter.add(indicatorKey('phone', `+6681${String(i).padStart(7, '0')}`));
    let falsePositives = 0;
    for (let i = 0; i < n; i += 1) if (filter.mightContain(indicatorKey('phone', `+6689${String(i).padStart(7, '0')}`))) falsePositives += 1;
    expect(falsePositives / n).toBeLessThan(0.02);
    expect(filter.bytes / n).toBeLessThan(1.3);
  });

  it('reports when it is over capacity', () => {
    const filter = new MembershipFilter(1024);
    let ok = true;
    for (let i = 0; i < 1025; i += 1) ok = filter.add(`k${i}`);
    expect(ok).toBe(false);
  });
});
