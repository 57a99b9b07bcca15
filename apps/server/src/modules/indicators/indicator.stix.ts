import type { IndicatorType, SightingRole } from '@gpos/contracts';
import { GPOS_EXTENSIONS, gposId, scoId, stixTimestamp } from '../stix/stix-ids.js';
import type { RawIndicator } from './normalise/index.js';
import { accountTypeOf, resolvePlatform } from './normalise/account.normaliser.js';
import { cutToUtf16Units } from '../../platform/cut-text.js';

/**
 * Indicators as STIX. Each canonical identifier is a Cyber-observable with the deterministic UUIDv5 id
 * the STIX specification prescribes, so any producer names the same phone, account or domain alike:
 *   url → url, domain → domain-name, email → email-addr, ip → ipv4-addr / ipv6-addr,
 *   social_account / messaging_account → user-account (account_type = platform, user_id = handle/id),
 *   app → software (name = `android:<package>` / `ios:<id>`),
 *   phone, bank_account, crypto_wallet → our new SCO types gpos-phone-number, gpos-bank-account,
 *   gpos-crypto-wallet (extension-definitions in docs/stix-extensions.md).
 * A report's assertion that an identifier served a scam is an `indicator` SDO with a STIX pattern, valid
 * from the report's occurrence for as long as the decay policy keeps that type a live lead.
 */
export interface IndicatorStixInput {
  id: string;
  type: IndicatorType;
  value: string;
  display: string;
  attributes: Record<string, string>;
}

const CUSTOM_SCO: Partial<Record<IndicatorType, { type: string; extension: string }>> = {
  phone: { type: 'gpos-phone-number', extension: GPOS_EXTENSIONS.phone },
  bank_account: { type: 'gpos-bank-account', extension: GPOS_EXTENSIONS.bankAccount },
  crypto_wallet: { type: 'gpos-crypto-wallet', extension: GPOS_EXTENSIONS.cryptoWallet },
};

const RESERVED_PROPERTIES = new Set(['type', 'id', 'spec_version', 'value', 'display', 'extensions', 'object_marking_refs', 'granular_markings', 'defanged']);
const snake = (key: string) => key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/** GPOS platforms named otherwise in STIX's account-type-ov (imports read both: account.normaliser.ts). */
const STIX_ACCOUNT_TYPES: Readonly<Record<string, string>> = { x: 'twitter' };

function splitAccount(value: string): { platform: string; key: string } {
  const colon = value.indexOf(':');
  return { platform: value.slice(0, colon), key: value.slice(colon + 1) };
}

export type StixSco = Record<string, unknown> & { type: string; id: string };

/** The SCO of one canonical identifier (without markings: the bundle adds those per context). */
export function indicatorToSco(indicator: Pick<IndicatorStixInput, 'type' | 'value' | 'display' | 'attributes'>): StixSco {
  const custom = CUSTOM_SCO[indicator.type];
  if (custom) {
    const facts: Record<string, string> = {};
    for (const key of Object.keys(indicator.attributes).sort()) {
      const name = snake(key);
      // Property names must be 3+ lower-case characters (OASIS properties.json).
      if (!RESERVED_PROPERTIES.has(name) && /^[a-z][a-z0-9_]{2,63}$/.test(name)) facts[name] = indicator.attributes[key]!;
    }
    return {
      type: custom.type,
      spec_version: '2.1',
      id: scoId(custom.type, { value: indicator.value }),
      value: indicator.value,
      ...(indicator.display !== indicator.value ? { display: indicator.display } : {}),
      ...facts,
      extensions: { [custom.extension]: { extension_type: 'new-sco' } },
    };
  }
  switch (indicator.type) {
    case 'url':
      return { type: 'url', spec_version: '2.1', id: scoId('url', { value: indicator.value }), value: indicator.value };
    case 'domain':
      return { type: 'domain-name', spec_version: '2.1', id: scoId('domain-name', { value: indicator.value }), value: indicator.value };
    case 'email':
      return { type: 'email-addr', spec_version: '2.1', id: scoId('email-addr', { value: indicator.value }), value: indicator.value };
    case 'ip': {
      const type = indicator.value.includes(':') ? 'ipv6-addr' : 'ipv4-addr';
      return { type, spec_version: '2.1', id: scoId(type, { value: indicator.value }), value: indicator.value };
    }
    case 'social_account':
    case 'messaging_account': {
      const { platform, key } = splitAccount(indicator.value);
      // account_type is an ID-contributing property: the vocabulary's value where it has one (X is still
      // `twitter` in account-type-ov), so that another producer's object for the account has the same id
      // and its pattern matches. No display_name: that is the account's own name, which GPOS does not know.
      const accountType = STIX_ACCOUNT_TYPES[platform] ?? platform;
      return {
        type: 'user-account',
        spec_version: '2.1',
        id: scoId('user-account', { account_type: accountType, user_id: key }),
        user_id: key,
        account_type: accountType,
      };
    }
    case 'app':
      return {
        type: 'software',
        spec_version: '2.1',
        id: scoId('software', { name: indicator.value }),
        name: indicator.value,
        extensions: { [GPOS_EXTENSIONS.properties]: { extension_type: 'property-extension', app_platform: indicator.value.startsWith('ios:') ? 'ios' : 'android' } },
      };
    default:
      throw new Error(`no STIX mapping for indicator type ${indicator.type}`);
  }
}

const literal = (value: string) => `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

/** The STIX pattern that matches exactly this identifier (`sco`: its SCO, when the caller already made it). */
export function indicatorPattern(indicator: Pick<IndicatorStixInput, 'type' | 'value' | 'display' | 'attributes'>, sco: StixSco = indicatorToSco(indicator)): string {
  if (sco.type === 'user-account') {
    return `[user-account:account_type = ${literal(String(sco.account_type))} AND user-account:user_id = ${literal(String(sco.user_id))}]`;
  }
  if (sco.type === 'software') return `[software:name = ${literal(String(sco.name))}]`;
  return `[${sco.type}:value = ${literal(String(sco.value))}]`;
}

const LABELS: Record<IndicatorType, string> = {
  phone: 'Phone number',
  bank_account: 'Bank account',
  crypto_wallet: 'Crypto wallet',
  url: 'URL',
  domain: 'Domain',
  email: 'E-mail address',
  ip: 'IP address',
  social_account: 'Social media account',
  messaging_account: 'Messaging account',
  app: 'Mobile app',
};

export interface ReportIndicatorStixInput {
  reportId: string;
  indicator: IndicatorStixInput & { role: SightingRole; benign: boolean };
  /** The identifier's SCO when the caller has already made it (it is emitted beside the indicator). */
  sco?: StixSco;
  createdByRef: string;
  created: string;
  modified: string;
  occurredAt: string;
  decayDays: number;
  confidence: number;
  markingRefs: string[];
  revoked: boolean;
  facts: { scam_type: string; channel: string; victim_country: string };
}

export const reportIndicatorId = (reportId: string, indicatorId: string): string => gposId('indicator', reportId, indicatorId);

/**
 * One report's assertion about one identifier. Its id, times and content depend on that report alone, so
 * every export carrying it (report, indicator, network) emits the same bytes, and its marking is the
 * report's. valid_until = occurrence + the type's decay period.
 */
export function reportIndicatorToStix(input: ReportIndicatorStixInput) {
  const { indicator } = input;
  const validFrom = stixTimestamp(input.occurredAt);
  return {
    type: 'indicator' as const,
    spec_version: '2.1' as const,
    id: reportIndicatorId(input.reportId, indicator.id),
    created_by_ref: input.createdByRef,
    created: stixTimestamp(input.created),
    modified: stixTimestamp(input.modified),
    name: cutToUtf16Units(`${LABELS[indicator.type]} ${indicator.display}`, 300),
    indicator_types: [indicator.benign ? 'benign' : 'malicious-activity'],
    pattern: indicatorPattern(indicator, input.sco),
    pattern_type: 'stix',
    pattern_version: '2.1',
    valid_from: validFrom,
    valid_until: new Date(new Date(validFrom).getTime() + input.decayDays * 86_400_000).toISOString(),
    confidence: input.confidence,
    ...(input.revoked ? { revoked: true } : {}),
    object_marking_refs: input.markingRefs,
    extensions: { [GPOS_EXTENSIONS.properties]: { extension_type: 'property-extension' as const, ...input.facts } },
  };
}

/** What an SCO from someone else's bundle becomes here: an identifier to normalise, or why GPOS has no place for it. */
export type ScoMapping = { kind: 'indicator'; raw: RawIndicator } | { kind: 'unmapped'; reason: string };

export function scoToRawIndicator(sco: Record<string, unknown>): ScoMapping {
  const type = String(sco.type);
  const str = (key: string): string | undefined => (typeof sco[key] === 'string' && (sco[key] as string).length > 0 ? (sco[key] as string) : undefined);
  switch (type) {
    case 'url':
    case 'domain-name':
    case 'email-addr':
    case 'ipv4-addr':
    case 'ipv6-addr': {
      let value = str('value');
      if (!value) return { kind: 'unmapped', reason: `${type} without a value` };
      if (type === 'ipv4-addr' || type === 'ipv6-addr') {
        // STIX 2.1 §6.8–6.9: CIDR notation, where a single address MAY carry /32 (/128). A range is no
        // identifier GPOS records: it is listed as unmapped, not refused.
        const cidr = /^(.+)\/(\d{1,3})$/.exec(value);
        if (cidr) {
          if (cidr[2] !== (type === 'ipv4-addr' ? '32' : '128')) return { kind: 'unmapped', reason: `${type} ${value.slice(0, 60)} is a network range: GPOS records single addresses` };
          value = cidr[1]!;
        }
      }
      const target: IndicatorType = type === 'url' ? 'url' : type === 'domain-name' ? 'domain' : type === 'email-addr' ? 'email' : 'ip';
      return { kind: 'indicator', raw: { type: target, value } };
    }
    case 'user-account': {
      const platform = str('account_type');
      const key = str('user_id') ?? str('account_login');
      if (!platform) return { kind: 'unmapped', reason: 'user-account without account_type: GPOS cannot tell which platform the account is on' };
      if (!key) return { kind: 'unmapped', reason: 'user-account without user_id or account_login' };
      // The platform decides the type: without it the normaliser guessed one from the value (`root` is
      // no identifier) and refused the whole object, where an account GPOS does not model is unmapped.
      const known = resolvePlatform(platform);
      if (!known.ok) return { kind: 'unmapped', reason: `an account on ${JSON.stringify(platform)}, a platform GPOS does not know` };
      return { kind: 'indicator', raw: { type: accountTypeOf(known.platform), value: key, platform } };
    }
    case 'software': {
      const name = str('name');
      if (name && /^(android|ios):/.test(name)) return { kind: 'indicator', raw: { type: 'app', value: name } };
      return { kind: 'unmapped', reason: 'software other than a mobile app named android:<package> or ios:<id> is not a GPOS identifier' };
    }
    case 'gpos-phone-number':
    case 'gpos-bank-account':
    case 'gpos-crypto-wallet': {
      const value = str('value');
      if (!value) return { kind: 'unmapped', reason: `${type} without a value` };
      const target: IndicatorType = type === 'gpos-phone-number' ? 'phone' : type === 'gpos-bank-account' ? 'bank_account' : 'crypto_wallet';
      return { kind: 'indicator', raw: { type: target, value } };
    }
    // OpenCTI's own observables (stix-validator.ts, OPENCTI_SCO_TYPES).
    case 'phone-number':
    case 'cryptocurrency-wallet': {
      const value = str('value');
      if (!value) return { kind: 'unmapped', reason: `${type} without a value` };
      return { kind: 'indicator', raw: { type: type === 'phone-number' ? 'phone' : 'crypto_wallet', value } };
    }
    case 'bank-account': {
      // An IBAN says its country and bank; an account number alone needs its bank, which OpenCTI gives as a BIC.
      const iban = str('iban');
      if (iban) return { kind: 'indicator', raw: { type: 'bank_account', value: iban } };
      const number = str('account_number');
      if (!number) return { kind: 'unmapped', reason: 'bank-account without an iban or account_number' };
      const bic = str('bic');
      return { kind: 'indicator', raw: { type: 'bank_account', value: number, ...(bic ? { bankCode: bic } : {}) } };
    }
    default:
      return { kind: 'unmapped', reason: `GPOS keeps no ${type} observables (it keeps phones, bank accounts, wallets, URLs, domains, e-mail and IP addresses, accounts and apps)` };
  }
}
