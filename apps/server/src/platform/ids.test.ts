import { describe, expect, it } from 'vitest';
import { validate, version } from 'uuid';
import { newDayId } from './ids.js';

describe('newDayId', () => {
  const moment = Date.parse('2026-12-01T03:43:28.725Z');
  const timeOf = (id: string) => new Date(parseInt(id.replace(/-/g, '').slice(0, 12), 16)).toISOString();

  it('is a valid UUIDv7 dated to the start of its UTC day, never to the moment', () => {
    for (let i = 0; i < 1000; i++) {
      const id = newDayId(moment);
      expect(validate(id)).toBe(true);
      expect(version(id)).toBe(7);
      expect(id[19]).toMatch(/[89ab]/);
      expect(timeOf(id)).toBe('2026-12-01T00:00:00.000Z');
    }
  });

  it('gives no order within the day, and sorts after the days before it', () => {
    const ids = Array.from({ length: 2000 }, () => newDayId(moment));
    expect(new Set(ids).size).toBe(ids.length);
    // Made one after the other, yet about half sort before their predecessor: the order says nothing.
    const descents = ids.filter((id, i) => i > 0 && id < ids[i - 1]!).length;
    expect(descents).toBeGreaterThan(800);
    expect(descents).toBeLessThan(1200);
    expect(newDayId(moment - 86_400_000) < ids[0]!).toBe(true);
  });
});
