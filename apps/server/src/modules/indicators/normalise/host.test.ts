import fc from 'fast-check';
import { domainToASCII } from 'node:url';
import { describe, expect, it } from 'vitest';
import { hostToAscii } from './host.js';

describe('hostToAscii', () => {
  it('is domainToASCII, for hosts it answers itself and for those it hands on', () => {
    const alphabet = fc.constantFrom(...'abcxyzn0179-.AZé'.split(''), 'xn--', 'xn--mnchen-3ya', '0x', '.example.com', '.co.th');
    fc.assert(
      fc.property(fc.array(alphabet, { maxLength: 24 }), (parts) => {
        const host = parts.join('');
        expect(hostToAscii(host), host).toBe(domainToASCII(host));
      }),
      { numRuns: 30_000 },
    );
  });

  it('answers common hosts without the call, and leaves numbers and punycode to it', () => {
    for (const host of ['scam-1x.example-shop.com', 'a..b', '-x-.com.', 'bank.co.th']) expect(hostToAscii(host)).toBe(domainToASCII(host));
    expect(hostToAscii('127.1')).toBe('127.0.0.1');
    expect(hostToAscii('a.0x7f')).toBe(domainToASCII('a.0x7f'));
    expect(hostToAscii('xn--mnchen-3ya.de')).toBe('xn--mnchen-3ya.de');
    expect(hostToAscii('MÜNCHEN.de')).toBe('xn--mnchen-3ya.de');
  });
});
