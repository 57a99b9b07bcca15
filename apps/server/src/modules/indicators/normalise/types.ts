import type { IndicatorType } from '@gpos/contracts';
import type { NormaliseCode, NormaliseParams } from './codes.js';

export interface RawIndicator {
  type?: IndicatorType;
  value: string;
  country?: string;
  bankCode?: string;
  chain?: string;
  platform?: string;
}

/** What the normalisers know about who reported: ISO 3166-1 alpha-2 of the reporting organisation. */
export interface NormaliseContext {
  reporterCountry: string | null;
}

export interface CanonicalIndicator {
  type: IndicatorType;
  /** Canonical form; (type, value) is the indicator's unique key. */
  value: string;
  /** For people: may differ from `value` (spacing, Unicode host names); never used as a key. */
  display: string;
  /** Facts read off the value, e.g. {country:'TH', numberType:'mobile'}, {chain:'ETH'}, {platform:'telegram'}. */
  attributes: Record<string, string>;
}

export type NormaliseField = 'type' | 'value' | 'country' | 'bankCode' | 'chain' | 'platform';

export type NormaliseResult =
  | { ok: true; indicator: CanonicalIndicator; derived: CanonicalIndicator[] }
  /** `reason` in English; `code` and `params` let a client say it in its own language (codes.ts). */
  | { ok: false; field: NormaliseField; reason: string; code: NormaliseCode; params: NormaliseParams };

/**
 * How much of a normalisation the caller needs. `derived: false` skips working out the indicators a value
 * implies (a URL's domain, a sub-domain's registrable domain, an e-mail's domain) and leaves `derived`
 * empty: lookups and type detection need only the value's own key, and the derived ones cost as much again.
 */
export interface NormaliseDepth {
  derived: boolean;
  /**
   * The derived indicators' keys only (lookups, `lookupKey`): a registrable domain read off a host already
   * normalised is given as its key, without normalising the name a second time for its display and
   * attributes (left empty). Its type and value are exactly those of the full normalisation.
   */
  keysOnly?: boolean;
}
export const WITH_DERIVED: NormaliseDepth = Object.freeze({ derived: true });
export const WITHOUT_DERIVED: NormaliseDepth = Object.freeze({ derived: false });
export const DERIVED_KEYS: NormaliseDepth = Object.freeze({ derived: true, keysOnly: true });

export type NormaliseFailure = Extract<NormaliseResult, { ok: false }>;
/** An indicator's key only: what `canonicalKey` answers. */
export type KeyResult = { ok: true; type: IndicatorType; value: string } | NormaliseFailure;
/** An identifier's unique key, (type, canonical value). */
export interface IndicatorKey {
  type: IndicatorType;
  value: string;
}
/**
 * What `lookupKey` answers for lookups: the key, and the keys of the indicators the value implies (the
 * `derived` of its full normalisation) — absent when it implies none, as most values (phones, accounts
 * numbers, wallets) never do.
 */
export type LookupKeyResult = { ok: true; type: IndicatorType; value: string; derived?: IndicatorKey[] } | NormaliseFailure;
export type NormaliseSuccess = Extract<NormaliseResult, { ok: true }>;

/** The optional fields of a RawIndicator after cleaning (see `cleanField`): absent or non-empty. */
export interface CleanFields {
  country?: string;
  bankCode?: string;
  chain?: string;
  platform?: string;
}
