/**
 * What a MISP attribute or object means in GPOS terms, as pure functions: MISP attribute types and
 * object relations → raw indicator inputs for the normalisers (which then decide validity and the
 * canonical form), MISP TLP tags and distribution → a GPOS marking, tags and galaxies → scam type and
 * victim country. The tables here are the ones docs/misp.md documents; change both together.
 *
 * Policy: only identifiers a scammer controls become indicators. Recipients of e-mails, victims' data,
 * file hashes and analysis notes are reported back as unmodelled, never guessed into an indicator.
 */
import { createRequire } from 'node:module';
import { ACCOUNT_PLATFORMS, CRYPTO_CHAINS, SCAM_TYPES, isCountryCode, type IndicatorType, type ScamType } from '@gpos/contracts';
import countries from 'i18n-iso-countries';
import { tlpOfTag } from './misp-marking.js';
import { say, type MispPlainCode, type MispSaid } from './misp-messages.js';
import { quoteText } from '../../platform/quote-text.js';

/** What the normalisers take (the `RawIndicator` of the indicators module), with the type always named. */
export interface RawIndicatorInput {
  type: IndicatorType;
  value: string;
  country?: string;
  bankCode?: string;
  chain?: string;
  platform?: string;
}

export type AttributeDecision =
  | { kind: 'indicators'; raws: RawIndicatorInput[] }
  /** Used to qualify another attribute (a bank code, a coin symbol) or the report (a victim country). */
  | { kind: 'qualifier'; country?: string }
  /** Not kept: why, as English text with its `misp.*` code and params (misp-messages.ts). */
  | ({ kind: 'unmodelled' } & MispSaid);

export interface ObjectAttributeInput {
  relation: string | undefined;
  type: string;
  value: string;
}

const indicators = (...raws: RawIndicatorInput[]): AttributeDecision => ({ kind: 'indicators', raws });
const unmodelled = (said: MispSaid): AttributeDecision => ({ kind: 'unmodelled', ...said });

// ------------------------------------------------------------------------------------ crypto chains

const CHAINS: ReadonlySet<string> = new Set(CRYPTO_CHAINS);

/**
 * Coin symbols (MISP's coin-address `symbol` list and common tickers) → our chains. Tokens that live on
 * several chains (USDT, USDC, DAI) name no chain: the normaliser tells the chain from the address.
 */
const SYMBOL_CHAINS: Readonly<Record<string, string | null>> = {
  BTC: 'BTC', XBT: 'BTC', BITCOIN: 'BTC', LTC: 'LTC', LITECOIN: 'LTC', DOGE: 'DOGE', ETH: 'ETH', ETHEREUM: 'ETH',
  BSC: 'BSC', BNB: 'BSC', MATIC: 'POLYGON', POL: 'POLYGON', POLYGON: 'POLYGON', ARB: 'ARBITRUM', ARBITRUM: 'ARBITRUM',
  OP: 'OPTIMISM', OPTIMISM: 'OPTIMISM', BASE: 'BASE', AVAX: 'AVAX', FTM: 'FANTOM', FANTOM: 'FANTOM', TRX: 'TRON',
  TRON: 'TRON', SOL: 'SOL', SOLANA: 'SOL', XRP: 'XRP', XMR: 'XMR', MONERO: 'XMR', USDT: null, USDC: null, DAI: null,
};

/** Our chain → the symbol written to coin-address on export (EVM, "some EVM chain", writes none). */
export const CHAIN_SYMBOLS: Readonly<Record<string, string | null>> = {
  BTC: 'BTC', LTC: 'LTC', DOGE: 'DOGE', EVM: null, ETH: 'ETH', BSC: 'BSC', POLYGON: 'MATIC', ARBITRUM: 'ARB',
  OPTIMISM: 'OP', BASE: 'BASE', AVAX: 'AVAX', FANTOM: 'FTM', TRON: 'TRX', SOL: 'SOL', XRP: 'XRP',
};

type ChainChoice = { ok: true; chain: string | undefined } | { ok: false; said: MispSaid };

function chainOf(symbol: string | undefined, fallback: string | undefined): ChainChoice {
  const key = symbol?.trim().toUpperCase();
  const chain = key ? (key in SYMBOL_CHAINS ? SYMBOL_CHAINS[key] : key) : fallback;
  if (chain === null || chain === undefined) return { ok: true, chain: undefined };
  if (!CHAINS.has(chain)) {
    return { ok: false, said: say('misp.chain_not_validated', { chain, chains: CRYPTO_CHAINS.join(', ') }) };
  }
  return { ok: true, chain };
}

function wallet(value: string, symbol: string | undefined, fallback: string | undefined): AttributeDecision {
  const choice = chainOf(symbol, fallback);
  if (!choice.ok) return unmodelled(choice.said);
  return indicators({ type: 'crypto_wallet', value, ...(choice.chain ? { chain: choice.chain } : {}) });
}

// ---------------------------------------------------------------------------------------- platforms

const PLATFORMS: ReadonlySet<string> = new Set(ACCOUNT_PLATFORMS);
const PLATFORM_ALIASES: Readonly<Record<string, string>> = {
  twitter: 'x', fb: 'facebook', ig: 'instagram', tg: 'telegram', wa: 'whatsapp', facebookmessenger: 'messenger',
  kakao: 'kakaotalk', weixin: 'wechat', whatsappbusiness: 'whatsapp',
};

/** A platform name as MISP users write it (`Telegram`, `WhatsApp`, `twitter`) → ours, or null. */
export function platformOf(text: string | undefined): string | null {
  if (!text) return null;
  const key = text.toLowerCase().replace(/^platform:\s*/, '').replace(/[^a-z0-9]/g, '');
  if (PLATFORMS.has(key)) return key;
  return PLATFORM_ALIASES[key] ?? null;
}

const account = (value: string, platform: string): RawIndicatorInput => ({
  // The normaliser re-types the account by its platform (social or messaging); this is only a first guess.
  type: ['facebook', 'instagram', 'tiktok', 'x', 'youtube', 'threads', 'linkedin', 'snapchat', 'reddit', 'pinterest', 'weibo', 'douyin', 'xiaohongshu'].includes(platform) ? 'social_account' : 'messaging_account',
  value,
  platform,
});

// --------------------------------------------------------------------------------------- countries

const require = createRequire(import.meta.url);
countries.registerLocale(require('i18n-iso-countries/langs/en.json') as Parameters<typeof countries.registerLocale>[0]);

/** `TH`, `tha`, `Thailand`, `thailand` → `TH`; null when it names no country. */
export function countryCodeOf(text: string | undefined): string | null {
  const value = text?.trim();
  if (!value || value.length > 80) return null;
  if (/^[A-Za-z]{2}$/.test(value)) return isCountryCode(value.toUpperCase()) ? value.toUpperCase() : null;
  if (/^[A-Za-z]{3}$/.test(value)) {
    const code = countries.alpha3ToAlpha2(value.toUpperCase());
    if (code) return code;
  }
  const byName = countries.getAlpha2Code(value, 'en') ?? countries.getAlpha2Code(value.replace(/\b\w/g, (c) => c.toUpperCase()), 'en');
  return byName ?? null;
}

// -------------------------------------------------------------------------------- attribute types

/** Standalone MISP attribute types GPOS keeps (the rest are unmodelled). Documented in docs/misp.md. */
export const ATTRIBUTE_TYPE_MAP: Readonly<Record<string, IndicatorType | 'context'>> = {
  'phone-number': 'phone',
  prtn: 'phone',
  whatsapp: 'messaging_account',
  telegram: 'messaging_account',
  iban: 'bank_account',
  'bank-account-nr': 'bank_account',
  btc: 'crypto_wallet',
  xmr: 'crypto_wallet',
  dash: 'crypto_wallet',
  url: 'url',
  domain: 'domain',
  hostname: 'domain',
  'domain|ip': 'domain',
  'hostname|port': 'domain',
  email: 'email',
  'email-src': 'email',
  'email-reply-to': 'email',
  'ip-src': 'ip',
  'ip-dst': 'ip',
  'ip-src|port': 'ip',
  'ip-dst|port': 'ip',
  'twitter-id': 'social_account',
  'mobile-application-id': 'app',
  'target-location': 'context',
};

/** Types that look like identifiers but belong to the victim, or only point at one: said so, never kept. */
const NOT_THE_SCAMMERS: Readonly<Record<string, MispPlainCode>> = {
  'email-dst': 'misp.recipient_email',
  'target-email': 'misp.target_email',
  'target-user': 'misp.target_user',
  'target-org': 'misp.target_org',
  'target-machine': 'misp.target_machine',
  'target-external': 'misp.target_org',
  bic: 'misp.bank_code_alone',
  'aba-rtn': 'misp.routing_number_alone',
  link: 'misp.reference_link',
  'whois-registrant-phone': 'misp.whois_registrant',
  'whois-registrant-email': 'misp.whois_registrant',
};

/** A standalone attribute (not inside an object). */
export function mapAttribute(type: string, value: string): AttributeDecision {
  switch (type) {
    case 'phone-number':
    case 'prtn':
      return indicators({ type: 'phone', value });
    case 'whatsapp':
      // The normaliser keys WhatsApp accounts by E.164 and derives the phone indicator from it.
      return indicators(account(value, 'whatsapp'));
    case 'telegram':
      return indicators(account(value, 'telegram'));
    case 'iban':
    case 'bank-account-nr':
      return indicators({ type: 'bank_account', value });
    case 'btc':
      return wallet(value, undefined, 'BTC');
    case 'xmr':
      return wallet(value, undefined, 'XMR');
    case 'dash':
      return wallet(value, undefined, 'DASH');
    case 'url':
      return indicators({ type: 'url', value });
    case 'domain':
    case 'hostname':
      return indicators({ type: 'domain', value });
    case 'hostname|port':
      return indicators({ type: 'domain', value: value.split('|')[0] ?? '' });
    case 'domain|ip': {
      const [domain = '', ip = ''] = value.split('|');
      return indicators({ type: 'domain', value: domain }, { type: 'ip', value: ip });
    }
    case 'email':
    case 'email-src':
    case 'email-reply-to':
      return indicators({ type: 'email', value });
    case 'ip-src':
    case 'ip-dst':
      return indicators({ type: 'ip', value });
    case 'ip-src|port':
    case 'ip-dst|port':
      return indicators({ type: 'ip', value: value.split('|')[0] ?? '' });
    case 'twitter-id':
      return indicators(account(value, 'x'));
    case 'mobile-application-id':
      return indicators({ type: 'app', value });
    case 'target-location': {
      const country = countryCodeOf(value);
      return country ? { kind: 'qualifier', country } : unmodelled(say('misp.target_location_no_country'));
    }
  }
  const why = Object.hasOwn(NOT_THE_SCAMMERS, type) ? NOT_THE_SCAMMERS[type] : undefined;
  if (why) return unmodelled(say(why));
  return unmodelled(say('misp.type_not_modelled', { type }));
}

// ---------------------------------------------------------------------------------------- objects

/** Object templates GPOS reads relation by relation. Other objects fall back to their attributes' types. */
export const MODELLED_OBJECTS = [
  'bank-account', 'phone', 'phone-number', 'coin-address', 'btc-wallet', 'crypto-wallet', 'cryptocurrency-transaction', 'url',
  'domain-ip', 'email', 'telegram-account', 'facebook-account', 'instagram-account', 'twitter-account', 'user-account',
  'person', 'victim', 'impersonation',
] as const;
const MODELLED: ReadonlySet<string> = new Set(MODELLED_OBJECTS);

const SUSPECT_ROLES = /^(suspect|culprit|accused|defendent|defendant|accomplice|perpetrator|scammer|offender)$/i;

export interface ObjectMapping {
  decisions: AttributeDecision[];
  /** Set when the object as a whole is not modelled: it is then listed once, not attribute by attribute. */
  unmodelledObject?: MispSaid;
}

/**
 * An object's attributes, read together: a bank-account's `account` takes its bank code from `swift`,
 * `aba-rtn` or `institution-code`; a coin-address's `address` takes its chain from `symbol`; a
 * user-account's `username` its platform from `account-type`. Qualifiers that qualified something are
 * `qualifier`; left unused they are unmodelled.
 */
export function mapObject(name: string, attributes: readonly ObjectAttributeInput[]): ObjectMapping {
  const first = (...relations: string[]) => {
    for (const relation of relations) {
      const found = attributes.find((a) => a.relation === relation && a.value.trim() !== '');
      if (found) return found.value.trim();
    }
    return undefined;
  };
  const has = (...relations: string[]) => attributes.some((a) => relations.includes(a.relation ?? ''));
  const rest = (said: MispSaid) => unmodelled(said);
  /** The relation an attribute has in its object (its MISP type when it has none), as messages name it. */
  const relationOf = (a: ObjectAttributeInput) => ({ relation: a.relation ?? a.type });

  switch (name) {
    case 'bank-account': {
      const swift = first('swift', 'bic');
      const aba = first('aba-rtn');
      const institution = first('institution-code');
      const bankCode = swift ?? aba ?? institution;
      const countryText = attributes.find((a) => (a.relation === 'text' || a.relation === 'country') && /^(country:\s*)?[A-Za-z]{2}$/.test(a.value.trim()));
      const country = countryText ? countryCodeOf(countryText.value.trim().replace(/^country:\s*/i, '')) ?? undefined : aba && !swift ? 'US' : undefined;
      const hasAccount = has('account');
      return {
        decisions: attributes.map((a) => {
          switch (a.relation) {
            case 'iban':
              return indicators({ type: 'bank_account', value: a.value });
            case 'account':
              return indicators({ type: 'bank_account', value: a.value, ...(bankCode ? { bankCode } : {}), ...(country ? { country } : {}) });
            case 'swift':
            case 'bic':
            case 'aba-rtn':
            case 'institution-code':
              return hasAccount && a.value.trim() === bankCode ? { kind: 'qualifier' } : rest(say('misp.bank_code_alone'));
            case 'text':
            case 'country':
              return a === countryText && hasAccount ? { kind: 'qualifier' } : rest(say('misp.bank_account_unused_text'));
            default:
              return rest(say('misp.bank_account_detail', relationOf(a)));
          }
        }),
      };
    }
    case 'coin-address':
    case 'btc-wallet':
    case 'crypto-wallet':
    case 'cryptocurrency-transaction': {
      const symbol = first('symbol', 'currency', 'chain');
      const addresses = ['address', 'address-crypto', 'address-xmr', 'wallet-address'];
      return {
        decisions: attributes.map((a) => {
          const relation = a.relation ?? '';
          if (relation === 'address-xmr') return wallet(a.value, undefined, 'XMR');
          if (addresses.includes(relation)) return wallet(a.value, symbol, a.type === 'btc' && !symbol ? 'BTC' : a.type === 'xmr' ? 'XMR' : undefined);
          if (['symbol', 'currency', 'chain'].includes(relation) && has(...addresses)) return { kind: 'qualifier' };
          return rest(say('misp.wallet_detail', { relation: relation || a.type, object: name }));
        }),
      };
    }
    case 'phone-number': {
      const country = countryCodeOf(first('country-code')) ?? undefined;
      return {
        decisions: attributes.map((a) => {
          if (a.relation === 'phone-number') return indicators({ type: 'phone', value: a.value, ...(country ? { country } : {}) });
          if (a.relation === 'country-code' && country && has('phone-number')) return { kind: 'qualifier' };
          return rest(say('misp.phone_number_part', relationOf(a)));
        }),
      };
    }
    case 'phone':
      return {
        decisions: attributes.map((a) => {
          // An MSISDN is the international number without its `+`.
          if (a.relation === 'msisdn') return indicators({ type: 'phone', value: /^\d{7,15}$/.test(a.value.trim()) ? `+${a.value.trim()}` : a.value });
          return rest(say('misp.handset_detail', relationOf(a)));
        }),
      };
    case 'url':
      return {
        decisions: attributes.map((a) => {
          if (a.relation === 'url') return indicators({ type: 'url', value: a.value });
          if (a.relation === 'domain' || a.relation === 'host') return indicators({ type: 'domain', value: a.value });
          if (a.relation === 'ip') return indicators({ type: 'ip', value: a.value });
          return rest(say('misp.url_component', relationOf(a)));
        }),
      };
    case 'domain-ip':
      return {
        decisions: attributes.map((a) => {
          if (a.relation === 'domain' || a.relation === 'hostname') return indicators({ type: 'domain', value: a.value });
          if (a.relation === 'ip') return indicators({ type: 'ip', value: a.value });
          return rest(say('misp.domain_detail', relationOf(a)));
        }),
      };
    case 'email':
      return {
        decisions: attributes.map((a) => {
          switch (a.relation) {
            case 'from':
            case 'reply-to':
            case 'return-path':
              return indicators({ type: 'email', value: a.value });
            case 'from-domain':
              return indicators({ type: 'domain', value: a.value });
            case 'ip-src':
              return indicators({ type: 'ip', value: a.value });
            case 'to':
            case 'cc':
            case 'bcc':
              return rest(say('misp.email_recipient'));
            default:
              return rest(say('misp.email_detail', relationOf(a)));
          }
        }),
      };
    case 'telegram-account':
      return {
        decisions: attributes.map((a) => {
          if (a.relation === 'username') return indicators(account(a.value, 'telegram'));
          // A Telegram account given by its phone number is keyed by it, and yields the phone too.
          if (a.relation === 'phone') return indicators(account(a.value, 'telegram'));
          if (a.relation === 'id') return rest(say('misp.telegram_user_id'));
          return rest(say('misp.account_detail', relationOf(a)));
        }),
      };
    case 'facebook-account':
    case 'instagram-account':
    case 'twitter-account': {
      const platform = name === 'facebook-account' ? 'facebook' : name === 'instagram-account' ? 'instagram' : 'x';
      const handle = name === 'twitter-account' ? 'name' : 'account-name';
      return {
        decisions: attributes.map((a) => {
          if (a.relation === handle) return indicators(account(a.value, platform));
          // A profile link is a url indicator, and the normaliser derives the account from it.
          if (a.relation === 'link' || a.relation === 'url') return indicators({ type: 'url', value: a.value });
          return rest(say('misp.account_detail', relationOf(a)));
        }),
      };
    }
    case 'user-account': {
      const accountType = first('account-type');
      const platform = platformOf(accountType) ?? platformOf(first('description'));
      return {
        decisions: attributes.map((a) => {
          if (a.relation === 'username' || a.relation === 'user-id') {
            return platform ? indicators(account(a.value, platform)) : rest(accountType === undefined ? say('misp.account_platform_missing') : say('misp.account_platform_unknown', { accountType: quoteText(accountType) }));
          }
          if ((a.relation === 'account-type' || a.relation === 'description') && platform && platformOf(a.value) === platform) return { kind: 'qualifier' };
          if (a.relation === 'email') return indicators({ type: 'email', value: a.value });
          if (a.relation === 'link') return indicators({ type: 'url', value: a.value });
          return rest(say('misp.account_detail', relationOf(a)));
        }),
      };
    }
    case 'impersonation': {
      const platform = platformOf(first('type-of-account'));
      return {
        decisions: attributes.map((a) => {
          if (a.relation === 'account-url') return indicators({ type: 'url', value: a.value });
          if (a.relation === 'account-name') return platform ? indicators(account(a.value, platform)) : rest(say('misp.account_name_no_platform'));
          if (a.relation === 'type-of-account' && platform && has('account-name')) return { kind: 'qualifier' };
          if (a.relation?.startsWith('impersonated')) return rest(say('misp.impersonated_account'));
          return rest(say('misp.impersonation_detail', relationOf(a)));
        }),
      };
    }
    case 'person': {
      const suspect = attributes.some((a) => a.relation === 'role' && SUSPECT_ROLES.test(a.value.trim()));
      return {
        decisions: attributes.map((a) => {
          if (suspect && a.relation === 'phone-number') return indicators({ type: 'phone', value: a.value });
          if (suspect && a.relation === 'e-mail') return indicators({ type: 'email', value: a.value });
          if (suspect && a.relation === 'role') return { kind: 'qualifier' };
          if (!suspect && (a.relation === 'phone-number' || a.relation === 'e-mail')) {
            return rest(say('misp.person_not_suspect'));
          }
          return rest(say('misp.personal_data', relationOf(a)));
        }),
      };
    }
    case 'victim':
      return {
        decisions: attributes.map((a) => {
          const country = a.relation === 'regions' ? countryCodeOf(a.value) : null;
          if (country) return { kind: 'qualifier', country };
          return rest(say('misp.victim_data'));
        }),
      };
  }
  if (MODELLED.has(name)) return { decisions: attributes.map((a) => mapAttribute(a.type, a.value)) };
  // Other templates (file, pe, network-connection…): their attributes' MISP types still say what they are.
  const decisions = attributes.map((a) => mapAttribute(a.type, a.value));
  if (decisions.every((d) => d.kind === 'unmodelled')) {
    const unmodelledObject = attributes.length === 1 ? say('misp.object_not_modelled_single', { object: name }) : say('misp.object_not_modelled', { object: name, attributes: attributes.length });
    return { decisions, unmodelledObject };
  }
  return { decisions };
}

// -------------------------------------------------------------------------------- scam type, country

const SCAM_KEYWORDS: readonly [ScamType, RegExp][] = [
  ['sextortion', /\bsextortion\b/],
  ['investment', /\b(pig[ -]?butcher(ing)?|sha zhu pan|investment|ponzi|crypto[ -]?invest\w*)\b/],
  ['romance', /\b(romance|dating|catfish(ing)?)\b/],
  ['tech_support', /\btech(nical)?[ -]support\b/],
  ['parcel', /\b(parcel|delivery[ -]scam|customs[ -]fee)\b/],
  ['job', /\b(job|task[ -]scam|employment|recruitment[ -]scam)\b/],
  ['loan', /\bloans?\b/],
  ['shopping', /\b(shopping|fake[ -]shop|non[ -]delivery|online[ -]shop)\b/],
  ['impersonation', /\b(impersonat\w*|masquerade|ceo[ -]fraud)\b/],
  ['phishing', /\b(phishing|smishing|vishing)\b/],
];
const SCAM_TYPE_SET: ReadonlySet<string> = new Set(SCAM_TYPES);

/**
 * The scam type named by the event's tags and galaxy clusters: GPOS's own `gpos:scam-type="…"` first,
 * then keywords in the order of SCAM_KEYWORDS (most specific first); `other` when nothing is recognised.
 */
export function scamTypeFrom(labels: readonly string[]): ScamType {
  for (const label of labels) {
    const own = /^gpos:scam-type\s*=\s*"?([a-z_]+)"?$/i.exec(label.trim());
    if (own && SCAM_TYPE_SET.has(own[1]!.toLowerCase())) return own[1]!.toLowerCase() as ScamType;
  }
  const texts = labels.filter((l) => tlpOfTag(l) === null).map((l) => l.toLowerCase().replace(/[_"=:]+/g, ' '));
  for (const [type, pattern] of SCAM_KEYWORDS) {
    if (texts.some((t) => pattern.test(t))) return type;
  }
  return 'other';
}

/** The distinct scam types GPOS's own tags name (`gpos:scam-type="…"`), in their order: an export of several reports names several. */
export function ownScamTypes(labels: readonly string[]): ScamType[] {
  const found = new Set<ScamType>();
  for (const label of labels) {
    const own = /^gpos:scam-type\s*=\s*"?([a-z_]+)"?$/i.exec(label.trim());
    if (own && SCAM_TYPE_SET.has(own[1]!.toLowerCase())) found.add(own[1]!.toLowerCase() as ScamType);
  }
  return [...found];
}

/** The distinct victim countries GPOS's own tags name (`gpos:victim-country="TH"`), in their order. */
export function ownVictimCountries(tags: readonly string[]): string[] {
  const found = new Set<string>();
  for (const tag of tags) {
    const match = /^gpos:victim-country\s*=\s*"?([^"]+)"?$/i.exec(tag.trim());
    const code = match ? countryCodeOf(match[1]) : null;
    if (code) found.add(code);
  }
  return [...found];
}

/**
 * The victim country named by tags: `gpos:victim-country="TH"`, then the target-information and country
 * galaxies (`misp-galaxy:target-information="Thailand"`, `misp-galaxy:country="thailand"`).
 */
export function victimCountryFromTags(tags: readonly string[]): string | null {
  const patterns = [/^gpos:victim-country\s*=\s*"?([^"]+)"?$/i, /^misp-galaxy:target-information\s*=\s*"([^"]+)"$/i, /^misp-galaxy:country\s*=\s*"([^"]+)"$/i];
  for (const pattern of patterns) {
    for (const tag of tags) {
      const match = pattern.exec(tag.trim());
      const code = match ? countryCodeOf(match[1]) : null;
      if (code) return code;
    }
  }
  return null;
}

