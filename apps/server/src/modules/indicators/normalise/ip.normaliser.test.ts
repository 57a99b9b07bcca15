import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normaliseIndicator } from './index.js';
import { normaliseIp } from './ip.normaliser.js';
import { accept, context, expectSameOrRejected, reject, withInvisibles } from './test-helpers.js';

// [as reported, canonical, version, reserved]
const VALID: Array<[string, string, string, boolean]> = [
  ['8.8.8.8', '8.8.8.8', '4', false],
  ['  203.0.113.5 ', '203.0.113.5', '4', true], // documentation range
  ['192.168.1.1', '192.168.1.1', '4', true],
  ['[2001:DB8::1]', '2001:db8::1', '6', true],
  ['2001:0db8:0000:0000:0000:ff00:0042:8329', '2001:db8::ff00:42:8329', '6', true],
  ['2404:6800:4003:C00:0:0:0:64', '2404:6800:4003:c00::64', '6', false],
  ['2400:cb00:2048:1::c629:d7a2', '2400:cb00:2048:1::c629:d7a2', '6', false],
  ['::ffff:192.0.2.128', '192.0.2.128', '4', true], // IPv4-mapped → IPv4
  ['::FFFF:C000:0280', '192.0.2.128', '4', true],
  ['::ffff:1.2.3.4', '1.2.3.4', '4', false],
  ['::1', '::1', '6', true],
  ['１.２.３.４', '1.2.3.4', '4', false], // full-width digits (NFKC)
  // The full stops IDNA reads as dots in a host name (UTS #46), as a CJK keyboard types them.
  ['203\u30020\u3002113\u30027', '203.0.113.7', '4', true], // ideographic
  ['203\uFF0E0\uFF0E113\uFF0E7', '203.0.113.7', '4', true], // full-width
  ['203\uFF610\uFF61113\uFF617', '203.0.113.7', '4', true], // half-width ideographic
  ['８\u3002８\u3002８\u3002８', '8.8.8.8', '4', false], // with full-width digits
  ['::ffff:192\u30020\u30022\u3002128', '192.0.2.128', '4', true],
];

const DOTS = ['.', '\u3002', '\uFF0E', '\uFF61'];

describe('ip normaliser', () => {
  it.each(VALID)('%s → %s', (value, canonical, version, reserved) => {
    const { indicator } = accept({ type: 'ip', value });
    expect(indicator.value).toBe(canonical);
    expect(indicator.attributes.version).toBe(version);
    expect(indicator.attributes.reserved === 'true').toBe(reserved);
  });

  it.each([
    ['01.2.3.4', 'not an IPv4 or IPv6'],
    ['256.1.1.1', 'not an IPv4 or IPv6'],
    ['1.2.3', 'not an IPv4 or IPv6'],
    ['0x7f.0.0.1', 'not an IPv4 or IPv6'],
    ['1.2.3.4:80', 'not an IPv4 or IPv6'],
    ['1.2.3.4/24', 'network range'],
    ['fe80::1%eth0', 'zone id'],
    ['2001:db8::g', 'not an IPv4 or IPv6'],
    ['example.com', 'not an IPv4 or IPv6'],
  ] as const)('rejects %s: %s', (value, fragment) => {
    reject({ type: 'ip', value }, 'value', fragment);
  });

  it('reads an IPv4 address written with any of the full stops IDNA accepts as the address with dots', () => {
    fc.assert(
      fc.property(fc.ipV4(), fc.array(fc.constantFrom(...DOTS), { minLength: 3, maxLength: 3 }), (ip, dots) => {
        const written = ip.split('.').reduce((out, part, i) => `${out}${dots[i - 1]}${part}`);
        expect(accept({ type: 'ip', value: written }).indicator.value).toBe(ip);
        expect(accept({ value: written }).indicator).toMatchObject({ type: 'ip', value: ip });
      }),
    );
    // Called without the shared clean-up (NFKC) too, as detection and the url normaliser may.
    const direct = normaliseIp('203\uFF0E0\uFF610\u30027');
    expect(direct.ok && direct.indicator.value).toBe('203.0.0.7');
    // Only dots: an ideographic comma or a space stays a refusal.
    reject({ type: 'ip', value: '203\u30010\u3001113\u30017' }, 'value', 'not an IPv4 or IPv6');
  });

  it('writes any IPv4 address in dotted decimal, and its mapped IPv6 form the same', () => {
    fc.assert(
      fc.property(fc.ipV4(), (ip) => {
        expect(accept({ type: 'ip', value: ip }).indicator.value).toBe(ip);
        expect(accept({ type: 'ip', value: `::ffff:${ip}` }).indicator.value).toBe(ip);
        expect(accept({ type: 'ip', value: `[::FFFF:${ip}]` }).indicator.value).toBe(ip);
      }),
    );
  });

  it('gives every spelling of an IPv6 address one key, and is idempotent', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 0xffff }), { minLength: 8, maxLength: 8 }), fc.infiniteStream(fc.boolean()), (groups, flags) => {
        const padded = groups.map((g) => g.toString(16).padStart(4, '0')).join(':');
        const canonical = accept({ type: 'ip', value: padded }).indicator.value;
        const loose = groups.map((g) => (flags.next().value ? g.toString(16).toUpperCase() : g.toString(16))).join(':');
        expect(accept({ type: 'ip', value: loose }).indicator.value).toBe(canonical);
        expect(accept({ type: 'ip', value: canonical }).indicator.value).toBe(canonical);
      }),
    );
    fc.assert(
      fc.property(fc.ipV6(), (ip) => {
        const first = accept({ type: 'ip', value: ip }).indicator.value;
        expect(accept({ type: 'ip', value: first }).indicator.value).toBe(first);
      }),
    );
  });

  it('never yields a different address when invisible characters are inserted', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...VALID.map(([value]) => value)).chain((value) => withInvisibles(value).map((dirty) => ({ value, dirty }))),
        ({ value, dirty }) => expectSameOrRejected({ type: 'ip', value: dirty }, { type: 'ip', value }),
      ),
    );
  });

  it('never throws on arbitrary input', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'binary', maxLength: 50 }), fc.ipV4Extended(), fc.ipV6().map((ip) => `${ip}%x`)), (value) => {
        const result = normaliseIndicator({ type: 'ip', value }, context());
        if (!result.ok) expect(result.reason).not.toContain('could not be normalised');
      }),
    );
  });
});
