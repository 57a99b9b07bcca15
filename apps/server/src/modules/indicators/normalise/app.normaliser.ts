/**
 * Mobile apps → `android:<package>` or `ios:id<number>` (App Store id) / `ios:<bundle id>`.
 *
 * - Google Play links (`play.google.com/store/apps/details?id=…`, `market://details?id=…`) give the
 *   Android package; App Store links (`apps.apple.com/th/app/name/id123`, `itunes.apple.com/…`) give
 *   the numeric App Store id.
 * - A bare reverse-DNS id (`com.example.app`) is an Android package unless `platform` says ios (then it
 *   is a bundle id). Ids are lower-cased: stores treat two ids differing only in case as one.
 * - Package segments follow the Android rules (letter first, then letters, digits, underscores);
 *   bundle ids may also contain hyphens. At least two segments.
 * - Other links (APK downloads, landing pages) are not apps: report them as url.
 * - Displayed as `Android <package>`, `App Store id…` or `iOS <bundle id>`, which `readAppDisplay` reads
 *   back: a bare id would say neither its platform nor, unless it starts like `com.`, that it is an app.
 */
import type { AppPlatform } from '@gpos/contracts';
import type { NormaliseCode } from './codes.js';
import { fail, ownEntry, quote, schemeOf, tryUrl } from './common.js';
import { withScheme } from './url.normaliser.js';
import type { CanonicalIndicator, NormaliseFailure } from './types.js';

export type AppResult = { ok: true; indicator: CanonicalIndicator } | NormaliseFailure;

const ANDROID_PACKAGE = /^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$/;
const IOS_BUNDLE = /^[a-z0-9-]+(\.[a-z0-9-]+)+$/;
const MAX_ID = 255;

const PLATFORM_ALIASES: Record<string, AppPlatform> = {
  android: 'android', googleplay: 'android', play: 'android', playstore: 'android', apk: 'android',
  ios: 'ios', iphone: 'ios', ipad: 'ios', apple: 'ios', appstore: 'ios', itunes: 'ios',
};

type Parsed = { ok: true; platform: AppPlatform; id: string } | { ok: false; reason: string; code: NormaliseCode };

/** Store links → (platform, raw id); null when the value is not a store link. */
export function parseStoreLink(value: string): Parsed | null {
  const scheme = schemeOf(value);
  if (scheme === 'market') {
    const url = tryUrl(value);
    const id = url?.searchParams.get('id');
    return id ? { ok: true, platform: 'android', id } : { ok: false, reason: 'is a Play Store link without an app id', code: 'app.play_link_without_id' };
  }
  if (!/^(https?:\/\/)?(www\.)?(play\.google\.com|apps\.apple\.com|itunes\.apple\.com)([/?#]|$)/i.test(value)) return null;
  const text = withScheme(value);
  const url = text === null ? null : tryUrl(text);
  if (!url) return null;
  const host = url.hostname.replace(/^www\./, '');
  if (host === 'play.google.com') {
    const id = url.pathname.startsWith('/store/apps/details') ? url.searchParams.get('id') : null;
    return id ? { ok: true, platform: 'android', id } : { ok: false, reason: 'is a Play Store link but not to an app', code: 'app.play_link_not_app' };
  }
  const match = /\/id([0-9]{1,12})(?:[/?#]|$)/.exec(url.pathname) ?? /^id([0-9]{1,12})$/.exec(url.searchParams.get('id') ?? '');
  return match ? { ok: true, platform: 'ios', id: `id${match[1]}` } : { ok: false, reason: 'is an App Store link but not to an app', code: 'app.app_store_link_not_app' };
}

export function normaliseApp(value: string, platformInput: string | undefined): AppResult {
  const shown = quote(value);
  let platform: AppPlatform | null = null;
  if (platformInput !== undefined) {
    platform = ownEntry(PLATFORM_ALIASES, platformInput.toLowerCase().replace(/[^a-z]/g, '')) ?? null;
    if (!platform) {
      const shownPlatform = quote(platformInput);
      return fail('platform', `${shownPlatform} is not an app platform (android or ios).`, 'app.unknown_platform', { platform: shownPlatform });
    }
  }

  let id: string;
  const link = parseStoreLink(value);
  const prefixed = /^(android|ios):(?!\/\/)(.+)$/i.exec(value);
  if (link) {
    if (!link.ok) return fail('value', `${shown} ${link.reason}.`, link.code, { value: shown });
    if (platform && platform !== link.platform) {
      return fail('platform', `${shown} is a ${link.platform} store link, not ${platform}.`, 'app.platform_mismatch_link', { value: shown, linkPlatform: link.platform, platform });
    }
    platform = link.platform;
    id = link.id;
  } else if (prefixed) {
    const named = (prefixed[1] ?? '').toLowerCase() as AppPlatform;
    if (platform && platform !== named) {
      return fail('platform', `${shown} names ${named}, not ${platform}.`, 'app.platform_mismatch_prefix', { value: shown, named, platform });
    }
    platform = named;
    id = prefixed[2] ?? '';
  } else if (/^[a-z][a-z0-9+.-]*:\/\//i.test(value) || value.includes('/')) {
    return fail('value', `${shown} is not an app id or a store link; a download page or APK link is a url.`, 'app.not_app_id', { value: shown });
  } else {
    id = value;
  }
  platform ??= 'android';

  id = id.trim().toLowerCase();
  if (id.length > MAX_ID) return fail('value', `${shown} is too long for an app id.`, 'app.id_too_long', { value: shown, max: MAX_ID });
  if (platform === 'ios' && /^(id)?[0-9]{1,12}$/.test(id)) {
    const appStoreId = id.startsWith('id') ? id : `id${id}`;
    return ok(`ios:${appStoreId}`, `App Store ${appStoreId}`, { platform, store: 'app_store', appStoreId });
  }
  if (platform === 'ios') {
    if (!IOS_BUNDLE.test(id)) {
      return fail('value', `${shown} is not an App Store id (id123…) or a bundle id (com.example.app).`, 'app.invalid_ios_id', { value: shown });
    }
    // `iOS …`: a bare id is read as an Android package.
    return ok(`ios:${id}`, `iOS ${id}`, { platform, bundleId: id });
  }
  if (!ANDROID_PACKAGE.test(id)) {
    return fail('value', `${shown} is not an Android package name (like com.example.app: dot-separated parts starting with a letter).`, 'app.invalid_android_package', {
      value: shown,
    });
  }
  // `Android …`: a bare package is detected only when it starts like `com.`, and a host name is found first.
  return ok(`android:${id}`, `Android ${id}`, { platform, store: 'google_play', packageName: id });
}

/**
 * The `android:<id>` or `ios:<id>` text of an app written as GPOS displays it (`Android com.example.app`,
 * `App Store id361170631`, `iOS com.example.app`); null for any other text.
 */
export function readAppDisplay(value: string): string | null {
  const match = /^(App Store|iOS|Android) (\S+)$/i.exec(value);
  if (!match) return null;
  return `${(match[1] ?? '').toLowerCase() === 'android' ? 'android' : 'ios'}:${match[2]}`;
}

function ok(value: string, display: string, attributes: Record<string, string>): AppResult {
  return { ok: true, indicator: { type: 'app', value, display, attributes } };
}
