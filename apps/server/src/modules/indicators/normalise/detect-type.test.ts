import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { INDICATOR_TYPES } from '@gpos/contracts';
import { detectIndicatorType } from './index.js';
import { INVISIBLES } from './test-helpers.js';

describe('detectIndicatorType', () => {
  it.each([
    ['DE89 3704 0044 0532 0130 00', 'bank_account'],
    ['IBAN:GB82WEST12345698765432', 'bank_account'],
    ['IBAN DE89 3704 0044 0532 0130 00', 'bank_account'], // as invoices print it
    ['https://th-th.facebook.com/johnsmith123', 'social_account'],
    ['https://www.facebook.com/me', 'url'],
    ['https://t.me/contact/AbCdEf123', 'url'],
    ['TH:KASITHBK:1234567890', 'bank_account'],
    ['+66 81 234 5678', 'phone'],
    ['+855 12 345 678', 'phone'],
    ['tel:+919876543210', 'phone'],
    ['someone@example.com', 'email'],
    ['mailto:someone@example.com', 'email'],
    ['8.8.8.8', 'ip'],
    ['2001:db8::1', 'ip'],
    ['203\u30020\u3002113\u30027', 'ip'], // ideographic full stops, as IDNA reads them in a host
    ['２０３．０．１１３．７', 'ip'],
    // Native digits with the separators an identifier of their kind has (common.ts withAsciiDigits).
    ['๒๐๓。๐。๑๑๓。๗', 'ip'], // Thai digits, ideographic full stops
    ['+๖๖ ๘๑–๒๓๔–๕๖๗๘', 'phone'], // Thai digits, en dashes
    ['DE๘๙ ๓๗๐๔ ๐๐๔๔ ๐๕๓๒ ๐๑๓๐ ๐๐', 'bank_account'], // an IBAN in Thai digits
    ['TH:KASITHBK:๑๒๓๔๕๖๗๘๙๐', 'bank_account'], // the canonical national form
    ['TH:๐๐๔:๑๒๓๔๕๖๗๘๙๐', 'bank_account'], // a national bank code in Thai digits
    ['๒๐๐๑:db๘::๑', 'ip'], // IPv6: hex letters stay ASCII
    ['[२००१:db८::१]', 'ip'],
    ['0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed', 'crypto_wallet'],
    ['bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq', 'crypto_wallet'],
    ['TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t', 'crypto_wallet'],
    ['bitcoin:1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa?amount=1', 'crypto_wallet'],
    ['ethereum:0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed@56', 'crypto_wallet'], // EIP-681 chain id: no e-mail
    ['(+66) 81 234 5678', 'phone'],
    ['EVM:0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed', 'crypto_wallet'],
    ['t.me/scam_support', 'messaging_account'],
    ['https://line.me/R/ti/p/@abc1234', 'messaging_account'],
    ['wa.me/66812345678', 'messaging_account'],
    ['https://www.instagram.com/some.user/', 'social_account'],
    ['facebook.com/profile.php?id=100012345678', 'social_account'],
    ['telegram:scam_support', 'messaging_account'],
    ['https://play.google.com/store/apps/details?id=com.fake.app', 'app'],
    ['com.kasikornbank.kplus', 'app'],
    ['io.metamask', 'app'],
    ['dev.imranr.obtainium', 'app'],
    // Host names whose first label is an id's first label too: each was once detected as an Android app.
    ['app.binance.com', 'domain'],
    ['info.scamshop.net', 'domain'],
    ['dev.fakebank.io', 'domain'],
    ['app.scamsite.co.th', 'domain'],
    // A network range is an IP's, refused as a range, never the web address http://1.2.3.4/32.
    ['1.2.3.4/32', 'ip'],
    ['2001:db8::/48', 'ip'],
    ['android:com.example.app', 'app'],
    ['https://example.com/login', 'url'],
    ['example.com/login', 'url'],
    ['example.com:8080', 'url'],
    ['https://www.facebook.com/share/p/abc/', 'url'], // a Facebook page that is no profile
    ['example.com', 'domain'],
    ['facebook.com', 'domain'],
    ['login.bücher.de', 'domain'],
  ] as const)('%s → %s', (value, type) => {
    expect(detectIndicatorType(value)).toBe(type);
  });

  it.each([
    ['081 234 5678'], // national: the country is unknown
    ['hello world'],
    ['co.th'],
    ['localhost'],
    ['john.smith'],
    ['ftp://example.com/'],
    [''],
    ['x'.repeat(3000)],
    ['0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD'], // bad checksum: not detected (normalising explains)
  ])('%s → null', (value) => {
    expect(detectIndicatorType(value)).toBeNull();
  });

  it('answers a type or null for any text, and is blind to invisible characters', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 80 }), fc.constantFrom(...INVISIBLES), (value, invisible) => {
        const type = detectIndicatorType(value);
        expect(type === null || (INDICATOR_TYPES as readonly string[]).includes(type)).toBe(true);
        expect(detectIndicatorType(`\u200B${value}\uFEFF`)).toBe(type);
        expect(detectIndicatorType(`${invisible}${value}${invisible}`)).toBe(type);
      }),
    );
  });
});
