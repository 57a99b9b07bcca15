import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normaliseIndicator, type RawIndicator } from './index.js';
import { accept, context, expectSameOrRejected, reject, withInvisibles } from './test-helpers.js';

const VALID: Array<[Omit<RawIndicator, 'type'>, string]> = [
  [{ value: 'https://play.google.com/store/apps/details?id=com.kasikornbank.kplus&hl=th' }, 'android:com.kasikornbank.kplus'],
  [{ value: 'play.google.com/store/apps/details?hl=en&id=com.Fake.Invest_App' }, 'android:com.fake.invest_app'],
  [{ value: 'market://details?id=ph.gcash.app' }, 'android:ph.gcash.app'],
  [{ value: 'https://apps.apple.com/th/app/k-plus/id361170631' }, 'ios:id361170631'],
  [{ value: 'https://itunes.apple.com/us/app/id1234567890?mt=8' }, 'ios:id1234567890'],
  [{ value: 'apps.apple.com/vn/app/fake-wallet/id6450000000?l=vi' }, 'ios:id6450000000'],
  [{ value: 'com.Example.App' }, 'android:com.example.app'],
  [{ value: 'in.co.fakeloan.app', platform: 'Android' }, 'android:in.co.fakeloan.app'],
  [{ value: 'com.example.app', platform: 'iOS' }, 'ios:com.example.app'],
  [{ value: 'cn.fake-exchange.mobile', platform: 'App Store' }, 'ios:cn.fake-exchange.mobile'],
  [{ value: '1234567890', platform: 'ios' }, 'ios:id1234567890'],
  [{ value: 'id1234567890', platform: 'iphone' }, 'ios:id1234567890'],
  [{ value: 'android:com.example.app' }, 'android:com.example.app'],
  // As GPOS displays apps (display-form.ts): copied from a GPOS page.
  [{ value: 'Android th.co.kbank.kplus' }, 'android:th.co.kbank.kplus'],
  [{ value: 'App Store id361170631' }, 'ios:id361170631'],
  [{ value: 'iOS com.example.app' }, 'ios:com.example.app'],
];

describe('app normaliser', () => {
  it.each(VALID)('%j → %s', (raw, canonical) => {
    const { indicator } = accept({ type: 'app', ...raw });
    expect(indicator.value).toBe(canonical);
    expect(indicator.attributes.platform).toBe(canonical.split(':')[0]);
  });

  it.each([
    [{ value: 'https://play.google.com/store/search?q=bank' }, 'value', 'not to an app'],
    [{ value: 'https://apps.apple.com/th/charts' }, 'value', 'not to an app'],
    [{ value: 'https://fake-bank.example.com/download/app.apk' }, 'value', 'APK link is a url'],
    [{ value: 'com' }, 'value', 'not an Android package'],
    [{ value: '1com.example' }, 'value', 'not an Android package'],
    [{ value: 'com.example-app.x' }, 'value', 'not an Android package'],
    [{ value: 'com.example.app', platform: 'symbian' }, 'platform', 'not an app platform'],
    [{ value: 'https://apps.apple.com/th/app/k-plus/id361170631', platform: 'android' }, 'platform', 'ios store link'],
    [{ value: 'ios:com.example.app', platform: 'android' }, 'platform', 'names ios'],
    [{ value: 'not an app!', platform: 'ios' }, 'value', 'not an App Store id'],
  ] as const)('rejects %j on %s: %s', (raw, field, fragment) => {
    reject({ type: 'app', ...raw }, field, fragment);
  });

  it('is idempotent and case-insensitive', () => {
    fc.assert(
      fc.property(fc.constantFrom(...VALID), fc.infiniteStream(fc.boolean()), ([raw], upper) => {
        const first = accept({ type: 'app', ...raw }).indicator;
        expect(accept({ type: 'app', value: first.value }).indicator.value).toBe(first.value);
        if (raw.value.includes('/')) return; // store links: paths and the query key `id` are case-sensitive
        const shouted = [...raw.value].map((c) => (upper.next().value ? c.toUpperCase() : c)).join('');
        expect(accept({ type: 'app', ...raw, value: shouted }).indicator.value).toBe(first.value);
      }),
    );
  });

  it('never yields a different app when invisible characters are inserted', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...VALID).chain(([raw]) => withInvisibles(raw.value).map((dirty) => ({ raw, dirty }))),
        ({ raw, dirty }) => expectSameOrRejected({ type: 'app', ...raw, value: dirty }, { type: 'app', ...raw }),
      ),
    );
  });

  it('never throws on arbitrary input', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'binary', maxLength: 50 }), fc.webUrl().map((u) => u.replace(/^https?:\/\/[^/]+/, 'https://play.google.com'))), fc.option(fc.constantFrom('ios', 'android', 'x'), { nil: undefined }), (value, platform) => {
        const result = normaliseIndicator({ type: 'app', value, platform }, context());
        if (result.ok) expect(result.indicator.value).toMatch(/^(android|ios):./);
        else expect(result.reason).not.toContain('could not be normalised');
      }),
    );
  });
});
