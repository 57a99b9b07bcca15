import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normaliseIndicator } from './index.js';
import { accept, context, expectSameOrRejected, reject, withInvisibles } from './test-helpers.js';

// [as reported, canonical, provider, derived domains]
const VALID: Array<[string, string, string | undefined, string[]]> = [
  ['John.Doe+scam@GoogleMail.com', 'johndoe@gmail.com', 'gmail', []],
  ['j.o.h.n.d.o.e@gmail.com', 'johndoe@gmail.com', 'gmail', []],
  ['Somchai.K+promo@Hotmail.com', 'somchai.k@hotmail.com', 'microsoft', []], // dots matter outside Gmail
  ['Support@Secure-KBank.com', 'support@secure-kbank.com', undefined, ['secure-kbank.com']],
  ['"Bank Support" <alerts@bca-verify.co.id>', 'alerts@bca-verify.co.id', undefined, ['bca-verify.co.id']],
  ['mailto:help@ตัวอย่าง.ไทย?subject=refund', 'help@xn--72c1a1bt4awk9o.xn--o3cw4h', undefined, ['xn--72c1a1bt4awk9o.xn--o3cw4h']],
  ['kyc@mail.sbi-update.co.in', 'kyc@mail.sbi-update.co.in', undefined, ['mail.sbi-update.co.in', 'sbi-update.co.in']],
  ['zhang.wei@QQ.com', 'zhang.wei@qq.com', undefined, []], // mailbox provider: no domain indicator
  ['张伟@example.cn', '张伟@example.cn', undefined, ['example.cn']],
  ['nguyen.van.a@yahoo.com.vn', 'nguyen.van.a@yahoo.com.vn', undefined, []],
  ['ADMIN@ABA-Bank-Verify.com.kh', 'admin@aba-bank-verify.com.kh', undefined, ['aba-bank-verify.com.kh']],
  ['refund+ph@icloud.com', 'refund@icloud.com', 'apple', []],
  // Microsoft's domains in every country, not only its .com ones.
  ['john.doe+x@hotmail.co.th', 'john.doe@hotmail.co.th', 'microsoft', []],
  ['x+y@outlook.co.th', 'x@outlook.co.th', 'microsoft', []],
  ['x+y@live.co.uk', 'x@live.co.uk', 'microsoft', []],
  ['x+y@msn.com', 'x@msn.com', 'microsoft', []],
  ['x+y@hotmail.example.com', 'x+y@hotmail.example.com', undefined, ['hotmail.example.com', 'example.com']], // not Microsoft's
  ['x+y@yahoo.co.th', 'x+y@yahoo.co.th', undefined, []], // no documented plus-addressing: kept
  ['payroll@gmx.de', 'payroll@gmx.de', undefined, []],
];

describe('email normaliser', () => {
  it.each(VALID)('%s → %s', (value, canonical, provider, derived) => {
    const result = accept({ type: 'email', value });
    expect(result.indicator.value).toBe(canonical);
    expect(result.indicator.attributes.provider).toBe(provider);
    expect(result.derived.map((d) => d.value)).toEqual(derived);
  });

  it('flags lookalike domains and mixed-script local parts', () => {
    expect(accept({ type: 'email', value: 'support@pаypal.com' }).indicator.attributes.confusable).toBe('true');
    expect(accept({ type: 'email', value: 'suppоrt@example.com' }).indicator.attributes.confusable).toBe('true'); // Cyrillic о
    expect(accept({ type: 'email', value: 'support@example.com' }).indicator.attributes.confusable).toBeUndefined();
  });

  it.each([
    ['no-at-sign.example.com', 'has no @'],
    ['a..b@example.com', 'character or dot'],
    ['.a@example.com', 'character or dot'],
    ['a b@example.com', 'character or dot'],
    ['"quoted"@example.com', 'quoted local part'],
    ['user@localhost', 'known top-level domain'],
    ['user@[203.0.113.1]', 'IP address'],
    ['user@co.th', 'public suffix'],
    ['+tag@gmail.com', 'no mailbox name'],
    [`${'a'.repeat(65)}@example.com`, '1 to 64 characters'],
    ['@example.com', '1 to 64 characters'],
  ] as const)('rejects %s: %s', (value, fragment) => {
    reject({ type: 'email', value }, 'value', fragment);
  });

  it('is case-insensitive and idempotent', () => {
    fc.assert(
      fc.property(fc.emailAddress(), fc.infiniteStream(fc.boolean()), (value, upper) => {
        const first = normaliseIndicator({ type: 'email', value }, context());
        if (!first.ok) return;
        expect(accept({ type: 'email', value: first.indicator.value }).indicator.value).toBe(first.indicator.value);
        const shouted = [...value].map((c) => (upper.next().value ? c.toUpperCase() : c)).join('');
        expect(accept({ type: 'email', value: shouted }).indicator.value).toBe(first.indicator.value);
      }),
    );
  });

  it('gives every dotted and tagged spelling of a Gmail address one key', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[a-z0-9]{3,12}$/), fc.array(fc.nat(), { maxLength: 3 }), fc.option(fc.stringMatching(/^[a-z0-9]{1,6}$/)), fc.boolean(), (name, dots, tag, googlemail) => {
        let local = name;
        for (const at of dots) {
          const position = 1 + (at % (local.length - 1));
          if (local[position] !== '.' && local[position - 1] !== '.') local = `${local.slice(0, position)}.${local.slice(position)}`;
        }
        const value = `${local}${tag ? `+${tag}` : ''}@${googlemail ? 'googlemail.com' : 'gmail.com'}`;
        expect(accept({ type: 'email', value }).indicator.value).toBe(`${name}@gmail.com`);
      }),
    );
  });

  it('never yields a different address when invisible characters are inserted', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...VALID.map(([value]) => value)).chain((value) => withInvisibles(value).map((dirty) => ({ value, dirty }))),
        ({ value, dirty }) => expectSameOrRejected({ type: 'email', value: dirty }, { type: 'email', value }),
      ),
    );
  });

  it('never throws on arbitrary input', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'binary', maxLength: 60 }), fc.string({ maxLength: 20 }).map((s) => `${s}@${s}.com`)), (value) => {
        const result = normaliseIndicator({ type: 'email', value }, context());
        if (result.ok) expect(result.indicator.value).toContain('@');
        else expect(result.reason).not.toContain('could not be normalised');
      }),
    );
  });
});
