import fc from 'fast-check';
import { parse as parseHost } from 'tldts';
import { describe, expect, it } from 'vitest';
import { normaliseIndicator } from './index.js';
import { accept, context, expectSameOrRejected, reject, withInvisibles } from './test-helpers.js';

// [as reported, canonical url, derived domain (or ip)]
const URLS: Array<[string, string, string]> = [
  ['HTTPS://WWW.Example.COM:443/Path/?utm_source=fb&b=2&a=1#top', 'https://www.example.com/Path/?a=1&b=2', 'example.com'],
  ['example.com/promo', 'http://example.com/promo', 'example.com'],
  ['//example.com', 'http://example.com/', 'example.com'],
  ['https://user:secret@kbank-th.secure-login.co.th./A/../login', 'https://kbank-th.secure-login.co.th/login', 'secure-login.co.th'],
  ['https://shop.example.co.th/a?gclid=1&fbclid=2&mc_eid=3&yclid=4&igshid=5&UTM_Medium=x', 'https://shop.example.co.th/a', 'example.co.th'],
  ['https://example.com.kh/%7Euser/%41%2f%e0%b8%81', 'https://example.com.kh/~user/A%2F%E0%B8%81', 'example.com.kh'],
  ['https://gcash-promo.com.ph/claim?ref=ABC&amp=1', 'https://gcash-promo.com.ph/claim?amp=1&ref=ABC', 'gcash-promo.com.ph'],
  ['http://sbi-kyc-update.in:8080/kyc', 'http://sbi-kyc-update.in:8080/kyc', 'sbi-kyc-update.in'],
  ['https://bücher.de/ä', 'https://xn--bcher-kva.de/%C3%A4', 'xn--bcher-kva.de'],
  ['http://例子.中国/路径', 'http://xn--fsqu00a.xn--fiqs8s/%E8%B7%AF%E5%BE%84', 'xn--fsqu00a.xn--fiqs8s'],
  ['https://vietcombank-xacthuc.com.vn/?b=2&a=2&a=1', 'https://vietcombank-xacthuc.com.vn/?a=1&a=2&b=2', 'vietcombank-xacthuc.com.vn'],
  ['https://bca-verify.co.id/login?', 'https://bca-verify.co.id/login', 'bca-verify.co.id'],
  // Share trackers: Facebook's, Branch.io's, and the generic names only on the hosts that use them so.
  ['https://www.facebook.com/x?mibextid=ZbWKwL&__cft__[0]=AZX&__tn__=-R&_branch_match_id=1', 'https://www.facebook.com/x', 'facebook.com'],
  ['https://shop.example.com/a?__cft__%5B1%5D=AZX&id=7', 'https://shop.example.com/a?id=7', 'example.com'],
  ['https://youtu.be/dQw4w9WgXcQ?si=AbCd&t=42', 'https://youtu.be/dQw4w9WgXcQ?t=42', 'youtu.be'],
  ['https://m.youtube.com/watch?v=dQw4w9WgXcQ&si=AbCd', 'https://m.youtube.com/watch?v=dQw4w9WgXcQ', 'youtube.com'],
  ['https://open.spotify.com/track/4uLU6hMC?si=abc123', 'https://open.spotify.com/track/4uLU6hMC', 'spotify.com'],
  ['https://www.reddit.com/r/scams/comments/abc/x/?share_id=Xy12&utm_name=ios', 'https://www.reddit.com/r/scams/comments/abc/x/', 'reddit.com'],
  ['https://scam-shop.com/p?si=7&share_id=9', 'https://scam-shop.com/p?share_id=9&si=7', 'scam-shop.com'], // the site's own
  ['https://evil.blogspot.com/post', 'https://evil.blogspot.com/post', 'evil.blogspot.com'], // PSL private suffix honoured
  ['https://scam.github.io/x', 'https://scam.github.io/x', 'scam.github.io'],
  ['http://203.0.113.7:8080/admin', 'http://203.0.113.7:8080/admin', '203.0.113.7'],
  ['http://0x7f.1/', 'http://127.0.0.1/', '127.0.0.1'],
  ['https://[2001:DB8::0001]/x', 'https://[2001:db8::1]/x', '2001:db8::1'],
];

describe('url normaliser', () => {
  it.each(URLS)('%s → %s (+ %s)', (value, canonical, derived) => {
    const result = accept({ type: 'url', value });
    expect(result.indicator.value).toBe(canonical);
    expect(result.derived.map((d) => d.value)).toContain(derived);
    expect(result.derived.find((d) => d.value === derived)?.type).toBe(/^[0-9[]|:/.test(derived) ? 'ip' : 'domain');
  });

  it('keeps lookalike hosts in punycode and flags them', () => {
    const { indicator, derived } = accept({ type: 'url', value: 'https://аpple.com/login' }); // Cyrillic а
    expect(indicator.value).toBe('https://xn--pple-43d.com/login');
    expect(indicator.attributes.confusable).toBe('true');
    expect(indicator.display).toBe('https://xn--pple-43d.com/login');
    expect(derived[0]?.attributes.confusable).toBe('true');
    expect(accept({ type: 'url', value: 'https://bücher.de/' }).indicator.attributes.confusable).toBeUndefined();
    expect(accept({ type: 'url', value: 'https://bücher.de/' }).indicator.display).toBe('https://bücher.de/');
  });

  it('also yields the account or app a profile or store link points to', () => {
    const telegram = accept({ type: 'url', value: 'https://t.me/scam_support' });
    expect(telegram.derived.map((d) => `${d.type}:${d.value}`)).toEqual(['domain:t.me', 'messaging_account:telegram:scam_support']);
    const app = accept({ type: 'url', value: 'https://play.google.com/store/apps/details?id=com.fake.bank' });
    expect(app.derived.map((d) => d.value)).toContain('android:com.fake.bank');
  });

  it.each([
    ['ftp://example.com/file', 'only http and https'],
    ['javascript:alert(1)', 'only http and https'],
    ['mailto:a@example.com', 'only http and https'],
    ['http://localhost:3000/x', 'known top-level domain'],
    ['https://intranet/login', 'known top-level domain'],
    ['http://exa mple.com/', 'not a valid URL'],
    ['https://co.th/', 'public suffix'],
    ['https://xn--zz.com/', 'not a valid URL'],
    [`https://example.com/${'a'.repeat(2040)}`, 'too long'],
  ] as const)('rejects %s: %s', (value, fragment) => {
    reject({ type: 'url', value }, 'value', fragment);
  });

  const label = fc.stringMatching(/^[a-z][a-z0-9]{0,9}$/);
  const suffix = fc.constantFrom('com', 'co.th', 'com.kh', 'ph', 'in', 'co.uk', 'de', 'cn', 'com.vn', 'co.id', 'blogspot.com');
  const segment = fc.stringMatching(/^[A-Za-z0-9_-]{0,8}$/);
  const param = fc.tuple(fc.stringMatching(/^[a-z][a-z0-9]{0,5}$/), fc.stringMatching(/^[A-Za-z0-9]{0,6}$/));
  const cleanUrl = fc
    .record({
      scheme: fc.constantFrom('http', 'https'),
      labels: fc.array(label, { minLength: 1, maxLength: 3 }),
      suffix,
      path: fc.array(segment, { maxLength: 4 }),
      params: fc.uniqueArray(param, { maxLength: 4, selector: ([k]) => k }),
    })
    // Random labels sometimes spell a public suffix themselves (`i.ph`, `gov.in`), which is rightly
    // rejected; this property is about URLs of real domains.
    .filter((u) => {
      const host = `${u.labels.join('.')}.${u.suffix}`;
      return parseHost(host, { allowPrivateDomains: true }).domain !== null && parseHost(host).domain !== null;
    });
  const tracking = fc.array(
    fc.tuple(fc.constantFrom('utm_source', 'utm_medium', 'UTM_Campaign', 'fbclid', 'gclid', 'mc_eid', 'yclid', 'igshid', 'msclkid'), fc.stringMatching(/^[A-Za-z0-9]{1,8}$/)),
    { maxLength: 4 },
  );

  it('maps case, tracking parameters, parameter order, fragments and default ports to one key', () => {
    fc.assert(
      fc.property(cleanUrl, tracking, fc.option(fc.stringMatching(/^[A-Za-z0-9]{0,8}$/)), fc.boolean(), fc.boolean(), fc.infiniteStream(fc.boolean()), (u, noise, fragment, defaultPort, trailingDot, upper) => {
        const host = `${u.labels.join('.')}.${u.suffix}`;
        const path = `/${u.path.join('/')}`;
        const query = (pairs: Array<[string, string]>) => (pairs.length ? `?${pairs.map(([k, v]) => `${k}=${v}`).join('&')}` : '');
        const clean = `${u.scheme}://${host}${path}${query(u.params)}`;
        const randomCase = (text: string) => [...text].map((c) => (upper.next().value ? c.toUpperCase() : c)).join('');
        const shuffled = [...u.params, ...noise].sort((a, b) => (a[1] < b[1] ? -1 : 1));
        const port = defaultPort ? (u.scheme === 'http' ? ':80' : ':443') : '';
        const noisy = `${randomCase(u.scheme)}://${randomCase(host)}${trailingDot ? '.' : ''}${port}${path}${query(shuffled)}${fragment === null ? '' : `#${fragment}`}`;
        expect(accept({ type: 'url', value: noisy }).indicator.value).toBe(accept({ type: 'url', value: clean }).indicator.value);
      }),
    );
  });

  it('is idempotent on arbitrary web URLs', () => {
    fc.assert(
      fc.property(fc.webUrl({ withQueryParameters: true, withFragments: true, validSchemes: ['http', 'https'] }), (value) => {
        const first = normaliseIndicator({ type: 'url', value }, context());
        if (!first.ok) return;
        const again = accept({ type: 'url', value: first.indicator.value });
        expect(again.indicator.value).toBe(first.indicator.value);
        expect(again.derived.map((d) => d.value)).toEqual(first.derived.map((d) => d.value));
      }),
      { numRuns: 500 },
    );
  });

  it('never yields a different url when invisible characters are inserted', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...URLS.map(([value]) => value)).chain((value) => withInvisibles(value).map((dirty) => ({ value, dirty }))),
        ({ value, dirty }) => expectSameOrRejected({ type: 'url', value: dirty }, { type: 'url', value }),
      ),
    );
  });

  it('never throws on arbitrary input', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'binary', maxLength: 80 }), fc.webUrl().map((u) => u.replace(/[a-z]/, 'ä'))), (value) => {
        const result = normaliseIndicator({ type: 'url', value }, context());
        if (result.ok) expect(result.indicator.value).toMatch(/^https?:\/\//);
        else expect(result.reason).not.toContain('could not be normalised');
      }),
    );
  });
});

// [as reported, canonical domain, registrable domain]
const DOMAINS: Array<[string, string, string]> = [
  ['WWW.Example.COM.', 'www.example.com', 'example.com'],
  ['bücher.de', 'xn--bcher-kva.de', 'xn--bcher-kva.de'],
  ['ｋｂａｎｋ－ｔｈ.co.th', 'kbank-th.co.th', 'kbank-th.co.th'], // full-width (NFKC)
  ['login.aba-bank.com.kh', 'login.aba-bank.com.kh', 'aba-bank.com.kh'],
  ['gcash.ph-claim.online', 'gcash.ph-claim.online', 'ph-claim.online'],
  ['example.co.uk', 'example.co.uk', 'example.co.uk'],
  ['例子.中国', 'xn--fsqu00a.xn--fiqs8s', 'xn--fsqu00a.xn--fiqs8s'],
  ['vietcombank.com.vn', 'vietcombank.com.vn', 'vietcombank.com.vn'],
  ['scam.github.io', 'scam.github.io', 'scam.github.io'],
  ['blogspot.com', 'blogspot.com', 'blogspot.com'], // a private suffix is still a domain
  ['https://Evil.Example.com:8443/login?x=1', 'evil.example.com', 'example.com'],
];

describe('domain normaliser', () => {
  it.each(DOMAINS)('%s → %s (registrable %s)', (value, canonical, registrable) => {
    const { indicator, derived } = accept({ type: 'domain', value });
    expect(indicator.value).toBe(canonical);
    expect(indicator.attributes.registrableDomain).toBe(registrable);
    expect(derived.map((d) => d.value)).toEqual(canonical === registrable ? [] : [registrable]);
  });

  it('flags mixed-script and whole-script lookalikes, not ordinary IDNs', () => {
    expect(accept({ type: 'domain', value: 'pаypal.com' }).indicator.attributes.confusable).toBe('true'); // Cyrillic а in Latin
    expect(accept({ type: 'domain', value: 'аррӏе.com' }).indicator).toMatchObject({ value: 'xn--80ak6aa92e.com', attributes: { confusable: 'true' } });
    expect(accept({ type: 'domain', value: 'xn--80ak6aa92e.com' }).indicator.attributes.confusable).toBe('true');
    expect(accept({ type: 'domain', value: 'ธนาคาร.ไทย' }).indicator.attributes.confusable).toBeUndefined();
    expect(accept({ type: 'domain', value: 'яндекс.рф' }).indicator.attributes.confusable).toBeUndefined();
    expect(accept({ type: 'domain', value: '日本語テスト.jp' }).indicator.attributes.confusable).toBeUndefined();
  });

  it.each([
    ['1.2.3.4', 'IP address'],
    ['[2001:db8::1]', 'IP address'],
    ['co.th', 'public suffix'],
    ['localhost', 'known top-level domain'],
    ['-bad.example.com', 'not a valid host name'],
    ['a..b.com', 'empty label'],
    [`${'a'.repeat(64)}.com`, 'longer than 63'],
    ['someone@example.com', 'e-mail'],
    ['exa mple.com', 'characters a host name cannot have'],
  ] as const)('rejects %s: %s', (value, fragment) => {
    reject({ type: 'domain', value }, 'value', fragment);
  });

  it('is idempotent and case-insensitive', () => {
    fc.assert(
      fc.property(fc.domain(), fc.infiniteStream(fc.boolean()), (value, upper) => {
        const first = normaliseIndicator({ type: 'domain', value }, context());
        if (!first.ok) return;
        expect(accept({ type: 'domain', value: first.indicator.value }).indicator.value).toBe(first.indicator.value);
        const shouted = [...value].map((c) => (upper.next().value ? c.toUpperCase() : c)).join('');
        expect(accept({ type: 'domain', value: shouted }).indicator.value).toBe(first.indicator.value);
      }),
    );
  });

  it('never yields a different domain when invisible characters are inserted', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...DOMAINS.map(([value]) => value)).chain((value) => withInvisibles(value).map((dirty) => ({ value, dirty }))),
        ({ value, dirty }) => expectSameOrRejected({ type: 'domain', value: dirty }, { type: 'domain', value }),
      ),
    );
  });
});
