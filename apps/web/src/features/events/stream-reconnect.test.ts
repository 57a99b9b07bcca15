import { describe, expect, it } from 'vitest';
import { ApiError } from '../../api/client';
import { afterProbe, retryDelayMs } from './stream-reconnect';

const refused = (status: number, code: string, retryAfter: string | null = null) => ({ error: new ApiError({ status, code, title: code }), retryAfter });

describe('retryDelayMs: when a refused stream is tried again by itself', () => {
  it('waits the seconds the server says, within 5 s and 5 min', () => {
    expect(retryDelayMs('30')).toBe(30_000);
    expect(retryDelayMs(' 12 ')).toBe(12_000);
    expect(retryDelayMs('0')).toBe(5_000);
    expect(retryDelayMs('86400')).toBe(300_000);
  });

  it('reads an HTTP date as the time left until it', () => {
    const now = Date.parse('2026-12-04T19:00:00Z');
    expect(retryDelayMs('Fri, 04 Dec 2026 19:01:00 GMT', now)).toBe(60_000);
    expect(retryDelayMs('Fri, 04 Dec 2026 18:00:00 GMT', now)).toBe(5_000);
  });

  it('waits 30 s when the server says nothing, or nothing readable', () => {
    expect(retryDelayMs(null)).toBe(30_000);
    expect(retryDelayMs('')).toBe(30_000);
    expect(retryDelayMs('soon')).toBe(30_000);
    expect(retryDelayMs('-3')).toBe(30_000);
  });
});

describe('afterProbe: what the feed does with the answer to "why was the stream refused?"', () => {
  it('a stream that would open now (a slot freed meanwhile) is opened again at once, then after longer and longer waits', () => {
    expect(afterProbe(null, 0)).toEqual({ kind: 'reopen', inMs: 0 });
    expect(afterProbe(null, 1)).toEqual({ kind: 'reopen', inMs: 1_000 });
    expect(afterProbe(null, 3)).toEqual({ kind: 'reopen', inMs: 4_000 });
    expect(afterProbe(null, 20)).toEqual({ kind: 'reopen', inMs: 30_000 });
  });

  it('too many streams open: shows the refusal and tries again after retry-after', () => {
    const answer = refused(429, 'rate_limited', '30');
    expect(afterProbe(answer, 2)).toEqual({ kind: 'refused', error: answer.error, retryInMs: 30_000 });
    expect(afterProbe(refused(429, 'rate_limited'), 0)).toMatchObject({ kind: 'refused', retryInMs: 30_000 });
  });

  it('a server or network trouble is tried again too; a refusal of who one is only when asked', () => {
    expect(afterProbe(refused(503, 'unavailable', '10'), 0)).toMatchObject({ kind: 'refused', retryInMs: 10_000 });
    expect(afterProbe(refused(0, 'network_error'), 0)).toMatchObject({ kind: 'refused', retryInMs: 30_000 });
    expect(afterProbe(refused(401, 'unauthenticated'), 0)).toMatchObject({ kind: 'refused', retryInMs: null });
    expect(afterProbe(refused(403, 'forbidden'), 0)).toMatchObject({ kind: 'refused', retryInMs: null });
  });
});
