import { describe, expect, it } from 'vitest';
import { connectedComponents, packDiscs } from './component-packing';

describe('connectedComponents', () => {
  it('numbers the components largest first, each listing its nodes in input order', () => {
    // 0-1, 2-3-4, 5 alone, 6-7
    const { component, members } = connectedComponents(8, [0, 2, 3, 6], [1, 3, 4, 7]);
    expect(members).toEqual([[2, 3, 4], [0, 1], [6, 7], [5]]);
    expect([...component]).toEqual([1, 1, 0, 0, 0, 3, 2, 2]);
  });
});

describe('packDiscs', () => {
  it('packs discs without overlap, the gap kept, the largest near the middle and the whole compact', () => {
    const radii = [10, ...Array.from({ length: 60 }, (_, i) => 0.5 + (i % 5) * 0.4)];
    const gap = 1;
    const { x, y } = packDiscs(radii, gap);
    for (let i = 0; i < radii.length; i += 1) {
      for (let j = 0; j < i; j += 1) expect(Math.hypot(x[i]! - x[j]!, y[i]! - y[j]!)).toBeGreaterThanOrEqual(radii[i]! + radii[j]! + gap - 1e-9);
    }
    // Of the disc enclosing them all, the discs (each with half the gap) fill a good part: a dense circle
    // packing covers at most ~0.9 of it.
    const enclosing = Math.max(...radii.map((r, i) => Math.hypot(x[i]!, y[i]!) + r + gap / 2));
    const area = radii.reduce((sum, r) => sum + (r + gap / 2) ** 2, 0);
    expect(area / (enclosing * enclosing)).toBeGreaterThan(0.65);
    expect(Math.hypot(x[0]!, y[0]!)).toBeLessThan(enclosing - radii[0]! - 1);
  });

  it('packs thousands of discs fast, and the same radii always the same way', () => {
    const radii = Array.from({ length: 5000 }, (_, i) => (i === 0 ? 40 : 0.5 + (i % 7) * 0.2));
    const started = performance.now();
    const a = packDiscs(radii, 1);
    expect(performance.now() - started).toBeLessThan(1000);
    const b = packDiscs(radii, 1);
    expect([...a.x]).toEqual([...b.x]);
    expect([...a.y]).toEqual([...b.y]);
  });
});
