import { describe, expect, it } from 'vitest';
import { isPublicAddress, nonPublicHost, publicOnlyLookup } from './public-address.js';

describe('public addresses', () => {
  it.each([
    // What a reviewer got past the earlier pattern, then the classic inside ones.
    '::ffff:127.0.0.1', '::', '64:ff9b::7f00:1', '100.64.0.1', '198.18.0.1', '224.0.0.1', '255.255.255.255',
    '127.0.0.1', '10.1.2.3', '172.16.0.1', '192.168.1.1', '169.254.169.254', '0.0.0.0', '::1', 'fe80::1', 'fc00::1', 'fd12::1',
    '2002:7f00:1::1', '2001:db8::1', '::7f00:1', 'not an address',
  ])('refuses %s', (address) => expect(isPublicAddress(address)).toBe(false));

  it.each(['8.8.8.8', '1.1.1.1', '203.0.114.1', '2606:4700:4700::1111', '::ffff:8.8.8.8'])('accepts %s', (address) => expect(isPublicAddress(address)).toBe(true));

  it('tells why a URL host may not be called, as WHATWG URL gives the host', () => {
    const reason = (url: string) => nonPublicHost(new URL(url).hostname);
    expect(reason('http://[::ffff:127.0.0.1]:8191/x')).toEqual({ kind: 'address', host: '::ffff:7f00:1' });
    expect(reason('http://2130706433/')).toEqual({ kind: 'address', host: '127.0.0.1' });
    expect(reason('http://0x7f.1/')).toEqual({ kind: 'address', host: '127.0.0.1' });
    expect(reason('http://localhost./')).toMatchObject({ kind: 'local_name' });
    expect(reason('http://a.b.localhost/')).toMatchObject({ kind: 'local_name' });
    expect(reason('http://printer.local/')).toMatchObject({ kind: 'local_name' });
    expect(reason('http://db.internal/')).toMatchObject({ kind: 'local_name' });
    expect(reason('http://webhooks/')).toEqual({ kind: 'no_domain', host: 'webhooks' });
    expect(reason('https://siem.example.org/gpos')).toBeNull();
    expect(reason('https://8.8.8.8/')).toBeNull();
  });

  it('refuses, where a connection resolves its name, a name that resolves inside', async () => {
    const answer = (all: boolean) =>
      new Promise<{ error: NodeJS.ErrnoException | null; address: unknown }>((resolve) => publicOnlyLookup('localhost', { all }, (error, address) => resolve({ error, address })));
    for (const all of [true, false]) {
      const { error } = await answer(all);
      expect(error?.message).toMatch(/^localhost resolves to (127\.0\.0\.1|::1), not a public address$/);
      expect(error?.code).toBe('ENONPUBLIC');
    }
  });
});
