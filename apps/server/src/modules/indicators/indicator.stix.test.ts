import { describe, expect, it } from 'vitest';
import { scoToRawIndicator } from './indicator.stix.js';

describe('STIX observables to identifiers', () => {
  it('reads a single IP address written in CIDR notation (/32, /128), and lists a range as unmapped', () => {
    expect(scoToRawIndicator({ type: 'ipv4-addr', value: '198.51.100.3/32' })).toEqual({ kind: 'indicator', raw: { type: 'ip', value: '198.51.100.3' } });
    expect(scoToRawIndicator({ type: 'ipv6-addr', value: '2001:db8::1/128' })).toEqual({ kind: 'indicator', raw: { type: 'ip', value: '2001:db8::1' } });
    expect(scoToRawIndicator({ type: 'ipv4-addr', value: '198.51.100.3' })).toEqual({ kind: 'indicator', raw: { type: 'ip', value: '198.51.100.3' } });
    expect(scoToRawIndicator({ type: 'ipv4-addr', value: '198.51.100.0/24' })).toMatchObject({ kind: 'unmapped', reason: expect.stringContaining('network range') });
    expect(scoToRawIndicator({ type: 'ipv6-addr', value: '2001:db8::/32' })).toMatchObject({ kind: 'unmapped' });
  });
});
