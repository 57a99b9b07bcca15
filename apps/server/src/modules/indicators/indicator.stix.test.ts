import { describe, expect, it } from 'vitest';
import { scoId } from '../stix/stix-ids.js';
import { indicatorToSco, scoToRawIndicator } from './indicator.stix.js';

describe('STIX observables to identifiers', () => {
  it('reads a single IP address written in CIDR notation (/32, /128), and lists a range as unmapped', () => {
    expect(scoToRawIndicator({ type: 'ipv4-addr', value: '198.51.100.3/32' })).toEqual({ kind: 'indicator', raw: { type: 'ip', value: '198.51.100.3' } });
    expect(scoToRawIndicator({ type: 'ipv6-addr', value: '2001:db8::1/128' })).toEqual({ kind: 'indicator', raw: { type: 'ip', value: '2001:db8::1' } });
    expect(scoToRawIndicator({ type: 'ipv4-addr', value: '198.51.100.3' })).toEqual({ kind: 'indicator', raw: { type: 'ip', value: '198.51.100.3' } });
    expect(scoToRawIndicator({ type: 'ipv4-addr', value: '198.51.100.0/24' })).toMatchObject({ kind: 'unmapped', reason: expect.stringContaining('network range') });
    expect(scoToRawIndicator({ type: 'ipv6-addr', value: '2001:db8::/32' })).toMatchObject({ kind: 'unmapped' });
  });

  it('names an X account as STIX does (account-type-ov: twitter), so that another producer’s object has the same id, and reads it back', () => {
    const sco = indicatorToSco({ type: 'social_account', value: 'x:scam_handle_xyz', display: 'X @scam_handle_xyz', attributes: {} });
    expect(sco).toMatchObject({ type: 'user-account', account_type: 'twitter', user_id: 'scam_handle_xyz' });
    expect(sco.id).toBe(scoId('user-account', { account_type: 'twitter', user_id: 'scam_handle_xyz' }));
    expect(sco).not.toHaveProperty('display_name');
    expect(scoToRawIndicator(sco)).toMatchObject({ kind: 'indicator', raw: { value: 'scam_handle_xyz', platform: 'twitter' } });
    // Platforms the vocabulary does not name keep their own name.
    expect(indicatorToSco({ type: 'messaging_account', value: 'telegram:goldx_support', display: 'Telegram @goldx_support', attributes: {} })).toMatchObject({ account_type: 'telegram' });
  });
});
