import { describe, expect, it } from 'vitest';
import { canonicalJson, gposId, scoId } from '../../src/modules/stix/index.js';
import { indicatorPattern, indicatorToSco } from '../../src/modules/indicators/indicator.stix.js';
import { parseStixPattern } from '../../src/modules/stix/stix-pattern.js';

describe('STIX identifiers', () => {
  it('matches the STIX 2.1 specification’s own deterministic SCO id example', () => {
    expect(scoId('domain-name', { value: 'example.com' })).toBe('domain-name--bedb4899-d24b-5401-bc86-8f6b4cc18ec7');
  });

  it('serialises contributing properties the RFC 8785 way (sorted keys, no whitespace)', () => {
    expect(canonicalJson({ user_id: 'x', account_type: 'telegram', z: [2, 1], a: { y: true, x: 'é"' } })).toBe('{"a":{"x":"é\\"","y":true},"account_type":"telegram","user_id":"x","z":[2,1]}');
  });

  it('gives the same id to the same account however its properties are ordered, and a v5 id to GPOS objects', () => {
    expect(scoId('user-account', { user_id: 'a', account_type: 'telegram' })).toBe(scoId('user-account', { account_type: 'telegram', user_id: 'a' }));
    expect(gposId('report', '0190b1f0-0000-7000-8000-000000000001')).toMatch(/^report--[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('writes patterns the pattern reader reads back, quotes escaped', () => {
    const account = { type: 'messaging_account' as const, value: "telegram:o'neil\\x", display: 'x', attributes: {} };
    const pattern = indicatorPattern(account);
    expect(pattern).toBe("[user-account:account_type = 'telegram' AND user-account:user_id = 'o\\'neil\\\\x']");
    expect(parseStixPattern(pattern)).toEqual({ ok: true, objects: [{ type: 'user-account', properties: { account_type: 'telegram', user_id: "o'neil\\x" } }] });
    expect(indicatorToSco(account).id).toBe(scoId('user-account', { account_type: 'telegram', user_id: "o'neil\\x" }));
  });

  it('reads `==` and AND / OR in any case, as the STIX patterning grammar allows (conformance review, session 58)', () => {
    expect(parseStixPattern("[domain-name:value == 'a.example'] or [url:value = 'https://b.example/']")).toEqual({
      ok: true,
      objects: [{ type: 'domain-name', properties: { value: 'a.example' } }, { type: 'url', properties: { value: 'https://b.example/' } }],
    });
    expect(parseStixPattern("[user-account:account_type = 'telegram' and user-account:user_id == 'x']")).toEqual({ ok: true, objects: [{ type: 'user-account', properties: { account_type: 'telegram', user_id: 'x' } }] });
  });

  it('refuses pattern forms it cannot turn into identifiers, saying why', () => {
    expect(parseStixPattern("[url:value = 'a'] FOLLOWEDBY [url:value = 'b']")).toMatchObject({ ok: false });
    expect(parseStixPattern("[domain-name:value MATCHES '^a']")).toMatchObject({ ok: false, reason: expect.stringContaining('equality') });
    // Malformed, not merely a form GPOS does not read: said as what is wrong.
    expect(parseStixPattern("[domain-name:value = 'a.com]")).toEqual({ ok: false, reason: "the string opened at position 21 is never closed with '" });
    expect(parseStixPattern("[domain-name:value = 'a.com' OR url:value = 'x")).toEqual({ ok: false, reason: "the string opened at position 44 is never closed with '" });
    expect(parseStixPattern("[domain-name:value = 'a.com'")).toEqual({ ok: false, reason: 'the observation opened at position 0 is never closed with ]' });
    expect(parseStixPattern("[url:value = 'a' OR url:value = 'b'] AND [ipv4-addr:value = '1.2.3.4']")).toEqual({
      ok: true,
      objects: [{ type: 'url', properties: { value: 'a' } }, { type: 'url', properties: { value: 'b' } }, { type: 'ipv4-addr', properties: { value: '1.2.3.4' } }],
    });
    // Two values of one property joined by AND: refused, not one of them kept (the first was dropped unsaid).
    expect(parseStixPattern("[domain-name:value = 'a.com' AND domain-name:value = 'b.com']")).toEqual({ ok: false, reason: expect.stringContaining("domain-name:value is given two values joined by AND inside one observation ('a.com' and 'b.com')") });
    expect(parseStixPattern("[domain-name:value = 'a.com' AND domain-name:value = 'a.com']")).toEqual({ ok: true, objects: [{ type: 'domain-name', properties: { value: 'a.com' } }] });
  });
});
