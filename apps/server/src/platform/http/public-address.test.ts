import { describe, expect, it } from 'vitest';
import { isPublicAddress, nonPublicHostReason, publicOnlyLookup } from './public-address.js';

describe('public addresses', () => {
  it.each([
    // What a reviewer got past the earlier pattern, then the classic inside ones.
    '::ffff:127.0.0.1', '::', '64:ff9b::7f00:1', '100.64.0.1', '198.18.0.1', '224.0.0.1', '255.255.255.255',
    '127.0.0.1', '10.1.2.3', '172.16.0.1', '192.168.1.1', '169.254.169.254', '0.0.0.0', '::1', 'fe80::1', 'fc00::1', 'fd12::1',
    '2002:7f00:1::1', '2001:db8::1', '::7f00:1', 'not an address',
  ])('refuses %s', (address) => expect(isPublicAddress(address)).toBe(false));

  it.each(['8.8.8.8', '1.1.1.1', '203.0.114.1', '2606:4700:4700::1111', '::ffff:8.8.8.8'])('accepts %s', (address) => expect(isPublicAddress(address)).toBe(true));

  it('tells why a URL host may not be called, as WHATWG URL gives the host', () => {
    const reason = (url: string) => nonPublicHostReason(new URL(url).hostname);
    expect(reason('http://[::ffff:127.0.0.1]:8191/x')).toMatch(/not a public address/);
    expect(reason('http://2130706433/')).toMatch(/127\.0\.0\.1 is not a public address/);
    expect(reason('http://0x7f.1/')).toMatch(/127\.0\.0\.1/);
    expect(reason('http://localhost./')).toMatch(/local network name/);
    expect(reason('http://a.b.localhost/')).toMatch(/local network name/);
    expect(reason('http://printer.local/')).toMatch(/local network name/);
    expect(reason('http://db.internal/')).toMatch(/local network name/);
    expect(reason('http://webhooks/')).toMatch(/no domain/);
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
