/**
 * Where victims live and where the money and phones go. Weights follow the shape of public reporting
 * (UNODC 2023–2025 regional assessments, national anti-scam centres): South-East Asia heavy, then
 * South Asia, East Asia, the big English-speaking markets, and growing African and Latin American
 * victimisation. Exchange rates are rounded 2025 averages — good enough for plausible local amounts,
 * never used for accounting. Bank codes are FICTIONAL institution codes in valid BIC shape (so no real
 * bank is named as holding mule accounts); national codes (IFSC, ABA, BSB) are fictional too.
 */

export type Region = 'sea' | 'south_asia' | 'east_asia' | 'west' | 'africa' | 'latam' | 'middle_east';
export type ChatPlatform = 'line' | 'telegram' | 'whatsapp' | 'wechat' | 'zalo';
export type NationalBankCode = 'bic' | 'ifsc' | 'aba' | 'bsb';

export interface CountryProfile {
  code: string;
  /** Relative share of victims worldwide. */
  victimWeight: number;
  region: Region;
  currency: string;
  /** Units of `currency` per US dollar (rounded 2025 average). */
  perUsd: number;
  /** Multiplies typical losses: victims in richer markets lose more. */
  lossFactor: number;
  /** Which chat apps scammers reach victims on, by weight. */
  chat: readonly (readonly [ChatPlatform, number])[];
  /** Fictional 4-letter institution codes; BIC = code + country + location. */
  banks: readonly string[];
  bicLocation: string;
  /** How national (non-IBAN) accounts name their bank. */
  bankCodeKind: NationalBankCode;
  /** National account number length (digits). */
  accountDigits: number;
  /** Uses IBANs (generated with ibantools; the account is then an IBAN). */
  iban: boolean;
}

const P = (
  code: string,
  victimWeight: number,
  region: Region,
  currency: string,
  perUsd: number,
  lossFactor: number,
  chat: CountryProfile['chat'],
  banks: readonly string[],
  bicLocation: string,
  accountDigits: number,
  extra: Partial<Pick<CountryProfile, 'bankCodeKind' | 'iban'>> = {},
): CountryProfile => ({
  code,
  victimWeight,
  region,
  currency,
  perUsd,
  lossFactor,
  chat,
  banks,
  bicLocation,
  accountDigits,
  bankCodeKind: extra.bankCodeKind ?? 'bic',
  iban: extra.iban ?? false,
});

const WA_TG: CountryProfile['chat'] = [['whatsapp', 6], ['telegram', 3]];

export const COUNTRIES: readonly CountryProfile[] = [
  P('TH', 14, 'sea', 'THB', 33, 0.8, [['line', 6], ['telegram', 2], ['whatsapp', 1]], ['LTCB', 'SIAM', 'CHAO', 'ELPH', 'MKRT'], 'BK', 10),
  P('KH', 2.5, 'sea', 'KHR', 4050, 0.35, [['telegram', 5], ['whatsapp', 2]], ['MKNG', 'ANGK', 'TNLE'], 'PP', 12),
  P('MY', 7, 'sea', 'MYR', 4.3, 0.8, WA_TG, ['STHB', 'PRHB', 'KLCB', 'BRNA'], 'KL', 12),
  P('SG', 6, 'sea', 'SGD', 1.32, 2, WA_TG, ['LCBK', 'MRLN', 'RFLS'], 'SG', 10),
  P('ID', 7, 'sea', 'IDR', 16300, 0.45, [['whatsapp', 7], ['telegram', 3]], ['ARCH', 'NSTR', 'JVAB', 'BRBU'], 'JA', 10),
  P('PH', 7, 'sea', 'PHP', 57, 0.4, [['telegram', 4], ['whatsapp', 3]], ['SVIS', 'LZNB', 'MNLA'], 'MM', 12),
  P('VN', 6, 'sea', 'VND', 25800, 0.4, [['zalo', 5], ['telegram', 3]], ['RRVB', 'HLNG', 'SGNB', 'MKDB'], 'VX', 12),
  P('LA', 0.8, 'sea', 'LAK', 21700, 0.25, [['whatsapp', 3], ['telegram', 2]], ['LXBK', 'VTNB'], 'LA', 12),
  P('MM', 0.8, 'sea', 'MMK', 2100, 0.2, [['telegram', 4], ['whatsapp', 2]], ['GLDN', 'IRRB'], 'MY', 12),
  P('IN', 9, 'south_asia', 'INR', 85, 0.35, [['whatsapp', 8], ['telegram', 3]], ['GNGC', 'BHRT', 'DCCN', 'HMLY'], 'BB', 12, { bankCodeKind: 'ifsc' }),
  P('BD', 1, 'south_asia', 'BDT', 120, 0.25, [['whatsapp', 5], ['telegram', 2]], ['DLTB', 'PDMA'], 'DH', 13),
  P('LK', 0.7, 'south_asia', 'LKR', 300, 0.3, [['whatsapp', 5], ['telegram', 2]], ['SRDP', 'KNDY'], 'LX', 12),
  P('CN', 5, 'east_asia', 'CNY', 7.2, 0.7, [['wechat', 8], ['telegram', 1]], ['MDKB', 'YNGZ', 'PRLR', 'JADE'], 'BJ', 16),
  P('HK', 2, 'east_asia', 'HKD', 7.8, 1.6, WA_TG, ['VCTB', 'KWLN', 'HBRB'], 'HH', 12),
  P('TW', 1.5, 'east_asia', 'TWD', 31, 1.1, [['line', 6], ['telegram', 2]], ['FRMS', 'TPEB'], 'TP', 14),
  P('JP', 2, 'east_asia', 'JPY', 150, 1.4, [['line', 6], ['telegram', 1]], ['RSSN', 'SKRA', 'FJBK'], 'JT', 10),
  P('KR', 2, 'east_asia', 'KRW', 1380, 1.3, [['telegram', 3], ['whatsapp', 1]], ['MCLM', 'HANR'], 'SE', 12),
  P('US', 9, 'west', 'USD', 1, 2, WA_TG, ['CLMB', 'FRTR', 'PRRI', 'GLDG'], '33', 11, { bankCodeKind: 'aba' }),
  P('CA', 1.5, 'west', 'CAD', 1.37, 1.7, WA_TG, ['MPLE', 'NRTH'], 'TT', 12),
  P('GB', 4, 'west', 'GBP', 0.78, 1.7, WA_TG, ['ALBN', 'THMS', 'CRWN', 'PNNY'], '2L', 8, { iban: true }),
  P('DE', 2, 'west', 'EUR', 0.92, 1.6, WA_TG, ['RHNL', 'ELBE'], 'FF', 10, { iban: true }),
  P('FR', 1, 'west', 'EUR', 0.92, 1.5, WA_TG, ['GAUL', 'SEIN'], 'PP', 11, { iban: true }),
  P('NL', 0.7, 'west', 'EUR', 0.92, 1.6, WA_TG, ['LWLD', 'DIJK'], '2A', 10, { iban: true }),
  P('CH', 0.5, 'west', 'CHF', 0.86, 2.2, WA_TG, ['ALPN', 'LMAN'], 'ZZ', 12, { iban: true }),
  P('AU', 4, 'west', 'AUD', 1.5, 1.8, WA_TG, ['SCRS', 'WTLE', 'KOAL'], '2S', 9, { bankCodeKind: 'bsb' }),
  P('NZ', 0.6, 'west', 'NZD', 1.65, 1.6, WA_TG, ['LWCB', 'KIWB'], '2A', 11),
  P('BR', 2, 'latam', 'BRL', 5.5, 0.5, [['whatsapp', 9], ['telegram', 1]], ['TRPS', 'AMZN', 'PMPA'], 'SP', 10, { iban: true }),
  P('NG', 2, 'africa', 'NGN', 1550, 0.25, [['whatsapp', 8], ['telegram', 1]], ['NDLT', 'LGSB', 'ZMBZ'], 'LA', 10),
  P('KE', 1.5, 'africa', 'KES', 129, 0.25, [['whatsapp', 8], ['telegram', 1]], ['SVNH', 'RFTV'], 'NX', 12),
  P('RW', 0.7, 'africa', 'RWF', 1400, 0.2, [['whatsapp', 8], ['telegram', 1]], ['THLL', 'KGLI'], 'RW', 12),
  P('ZA', 1.5, 'africa', 'ZAR', 18, 0.6, [['whatsapp', 8], ['telegram', 1]], ['CPUN', 'KRUG', 'DRKB'], 'JJ', 10),
  P('AE', 1, 'middle_east', 'AED', 3.67, 1.8, WA_TG, ['GULF', 'DNES'], 'AD', 12, { iban: true }),
];

export const COUNTRY_BY_CODE: ReadonlyMap<string, CountryProfile> = new Map(COUNTRIES.map((c) => [c.code, c]));
export const COUNTRY_INDEX: ReadonlyMap<string, number> = new Map(COUNTRIES.map((c, i) => [c.code, i]));

export function countryProfile(code: string): CountryProfile {
  const profile = COUNTRY_BY_CODE.get(code);
  if (!profile) throw new Error(`no synthetic profile for country ${code}`);
  return profile;
}

/** Regions of countries that may host partner organisations but are not victim countries here. */
const EXTRA_REGIONS: Record<string, Region> = {
  AT: 'west', BE: 'west', ES: 'west', IT: 'west', SE: 'west', NO: 'west', IE: 'west', PT: 'west',
  GH: 'africa', EG: 'africa', TZ: 'africa', UG: 'africa', SN: 'africa', CI: 'africa', MA: 'africa',
  MX: 'latam', AR: 'latam', CO: 'latam', CL: 'latam', PE: 'latam',
  SA: 'middle_east', QA: 'middle_east', TR: 'middle_east', IL: 'middle_east', JO: 'middle_east',
  PK: 'south_asia', NP: 'south_asia', MV: 'south_asia', BN: 'sea', TL: 'sea', MO: 'east_asia', MN: 'east_asia',
};

export function regionOf(country: string): Region | null {
  return COUNTRY_BY_CODE.get(country)?.region ?? EXTRA_REGIONS[country] ?? null;
}

/**
 * Where a network's own phones are registered: scam compounds (KH, MM, LA, the Philippines), and the
 * hubs of other regions' rings. Chosen per network from its region.
 */
export const HOME_COUNTRIES: Record<Region, readonly (readonly [string, number])[]> = {
  sea: [['KH', 5], ['MM', 3], ['LA', 2], ['PH', 2], ['TH', 1], ['MY', 1], ['VN', 1]],
  east_asia: [['CN', 2], ['HK', 2], ['KH', 2], ['TW', 1], ['PH', 1]],
  south_asia: [['IN', 5], ['KH', 1], ['AE', 1], ['MM', 1]],
  west: [['NG', 2], ['GB', 2], ['US', 2], ['KH', 1]],
  africa: [['NG', 4], ['ZA', 2], ['KE', 1]],
  latam: [['BR', 4], ['US', 1]],
  middle_east: [['AE', 3], ['IN', 1]],
};

/** Where international (hub) mule accounts sit: the laundering corridors. */
export const HUB_BANK_COUNTRIES: readonly (readonly [string, number])[] = [
  ['HK', 5], ['SG', 2], ['MY', 2], ['TH', 2], ['KH', 3], ['AE', 2], ['GB', 1], ['US', 1], ['CN', 1], ['PH', 1],
];
