import type { TFunction } from 'i18next';
import {
  ACCOUNT_PLATFORMS,
  APP_PLATFORMS,
  CHANNELS,
  CRYPTO_CHAINS,
  DOMAIN_WATCH_TYPES,
  INDICATOR_STATUSES,
  INDICATOR_TYPES,
  PREFIX_WATCH_TYPES,
  REPORT_STATUSES,
  SCAM_TYPES,
  SIGHTING_ROLES,
  TLP_LEVELS,
  WATCH_KINDS,
  type IndicatorStatus,
  type IndicatorType,
  type Tlp,
} from '@gpos/contracts';
import type { DotColour } from '../components/StatusBadge';

export const scamTypeOptions = (t: TFunction) => SCAM_TYPES.map((value) => ({ value, label: t(`scamTypes.${value}`) }));
export const channelOptions = (t: TFunction) => CHANNELS.map((value) => ({ value, label: t(`channels.${value}`) }));
export const indicatorTypeOptions = (t: TFunction) => INDICATOR_TYPES.map((value) => ({ value, label: t(`indicatorTypes.${value}`) }));
export const roleOptions = (t: TFunction) => SIGHTING_ROLES.map((value) => ({ value, label: t(`sightingRoles.${value}`) }));
export const indicatorStatusOptions = (t: TFunction) => INDICATOR_STATUSES.map((value) => ({ value, label: t(`indicatorStatus.${value}`) }));
export const reportStatusOptions = (t: TFunction) => REPORT_STATUSES.map((value) => ({ value, label: t(`reportStatus.${value}`) }));
export const tlpOptions = () => TLP_LEVELS.map((value) => ({ value, label: `TLP:${value}` }));
export const watchKindOptions = (t: TFunction) => WATCH_KINDS.map((value) => ({ value, label: t(`watchlists.kinds.${value}`) }));
/** The identifier types each kind of watch applies to, as the server accepts them (watch.service.ts, watch-pattern.ts). */
const WATCH_TYPES: Readonly<Record<(typeof WATCH_KINDS)[number], readonly IndicatorType[]>> = {
  exact: INDICATOR_TYPES,
  prefix: PREFIX_WATCH_TYPES,
  domain: DOMAIN_WATCH_TYPES,
};
export const watchTypeOptions = (t: TFunction, kind: (typeof WATCH_KINDS)[number]) => indicatorTypeOptions(t).filter((o) => WATCH_TYPES[kind].includes(o.value));
export const chainOptions = () => CRYPTO_CHAINS.map((value) => ({ value, label: value }));
export const accountPlatformOptions = () => ACCOUNT_PLATFORMS.map((value) => ({ value, label: value }));
export const appPlatformOptions = () => APP_PLATFORMS.map((value) => ({ value, label: value }));

export function isIndicatorType(value: string | null | undefined): value is IndicatorType {
  return typeof value === 'string' && (INDICATOR_TYPES as readonly string[]).includes(value);
}

export function isOneOf<T extends string>(values: readonly T[], value: string | null | undefined): value is T {
  return typeof value === 'string' && (values as readonly string[]).includes(value);
}

/** Red: a live scam identifier; orange: contested; green: cleared; grey: no longer in use. */
export const INDICATOR_STATUS_COLOURS: Record<IndicatorStatus, DotColour> = {
  active: 'red',
  disputed: 'orange',
  false_positive: 'green',
  expired: 'gray',
  taken_down: 'gray',
};

export const TLP_COLOURS: Record<Tlp, DotColour> = {
  CLEAR: 'outline',
  GREEN: 'green',
  AMBER: 'orange',
  'AMBER+STRICT': 'orange',
  RED: 'red',
};

export function isTlp(value: string): value is Tlp {
  return (TLP_LEVELS as readonly string[]).includes(value);
}

/** Which optional fields make sense for a type (auto-detect shows none until a type is detected). */
export function extraFieldsFor(type: IndicatorType | null): ('country' | 'bankCode' | 'chain' | 'platform')[] {
  switch (type) {
    case 'phone':
      return ['country'];
    case 'bank_account':
      return ['country', 'bankCode'];
    case 'crypto_wallet':
      return ['chain'];
    case 'social_account':
    case 'messaging_account':
    case 'app':
      return ['platform'];
    default:
      return [];
  }
}

/** Common languages of scam narratives in the partnership, named in the UI language. */
export const NARRATIVE_LANGUAGES = ['th', 'en', 'km', 'lo', 'my', 'vi', 'ms', 'id', 'fil', 'zh', 'ja', 'ko', 'hi', 'bn', 'si', 'ta', 'ar', 'fr', 'de', 'es', 'pt', 'ru', 'sw'] as const;

export function languageOptions(locale: string) {
  let names: Intl.DisplayNames | null = null;
  try {
    names = new Intl.DisplayNames([locale], { type: 'language' });
  } catch {
    names = null;
  }
  return NARRATIVE_LANGUAGES.map((code) => ({ value: code, label: `${names?.of(code) ?? code} (${code})` }));
}

export function currencyOptions(codes: readonly string[], locale: string) {
  let names: Intl.DisplayNames | null = null;
  try {
    names = new Intl.DisplayNames([locale], { type: 'currency' });
  } catch {
    names = null;
  }
  return codes.map((code) => ({ value: code, label: `${code} — ${names?.of(code) ?? code}` }));
}
