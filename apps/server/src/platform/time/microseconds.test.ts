import { describe, expect, it } from 'vitest';
import { formatMicros, laterOf, parseMicros } from './microseconds.js';

describe('timestamps to the microsecond', () => {
  it('reads any RFC 3339 fraction and offset, keeping microseconds', () => {
    expect(parseMicros('2026-11-30T13:49:16.743Z')).toBe(Date.parse('2026-11-30T13:49:16.743Z') * 1000);
    expect(parseMicros('2026-11-30T13:49:16.743012Z')).toBe(Date.parse('2026-11-30T13:49:16.743Z') * 1000 + 12);
    expect(parseMicros('2026-11-30T13:49:16.7430129Z')).toBe(Date.parse('2026-11-30T13:49:16.743Z') * 1000 + 12);
    expect(parseMicros('2026-11-30T20:49:16.5+07:00')).toBe(Date.parse('2026-11-30T13:49:16.500Z') * 1000);
    expect(parseMicros('2026-11-30T13:49:16Z')).toBe(Date.parse('2026-11-30T13:49:16Z') * 1000);
    expect(parseMicros('yesterday')).toBeNull();
  });

  it('writes six digits of fraction in UTC, and reads back what it wrote', () => {
    const micros = Date.parse('2026-01-02T03:04:05.006Z') * 1000 + 7;
    expect(formatMicros(micros)).toBe('2026-01-02T03:04:05.006007Z');
    expect(parseMicros(formatMicros(micros))).toBe(micros);
    expect(formatMicros(Date.parse('2026-01-02T03:04:05.999Z') * 1000 + 999)).toBe('2026-01-02T03:04:05.999999Z');
  });

  it('picks the later of two timestamps at microsecond precision, as written', () => {
    expect(laterOf(null, '2026-01-01T00:00:00.000001Z')).toBe('2026-01-01T00:00:00.000001Z');
    expect(laterOf('2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000001Z')).toBe('2026-01-01T00:00:00.000001Z');
    expect(laterOf('2026-01-01T00:00:00.000002Z', '2026-01-01T00:00:00.000001Z')).toBe('2026-01-01T00:00:00.000002Z');
    expect(laterOf('2026-01-01T07:00:00.5+07:00', '2026-01-01T00:00:00.4Z')).toBe('2026-01-01T07:00:00.5+07:00');
  });
});
