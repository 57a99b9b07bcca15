import type { IndicatorStatus, IndicatorType, OrganisationType, ScamType } from '@gpos/contracts';

/**
 * The English names of organisation kinds, scam types, identifier types and statuses, as the web app's English
 * locale says them (`orgTypes`, `scamTypes`, `indicatorTypes`, `indicatorStatus`; a test keeps them equal): an operator
 * reading `gpos check` or `gpos networks show` next to a colleague on the web page reads "Law enforcement
 * (MY)", "Parcel / delivery" and "Crypto wallet" on both. `--json` keeps the codes.
 */
export const ORGANISATION_TYPE_NAMES: Readonly<Record<OrganisationType, string>> = {
  law_enforcement: 'Law enforcement',
  fiu: 'Financial intelligence unit',
  regulator: 'Regulator',
  ministry: 'Ministry',
  international_org: 'International organisation',
  bank: 'Bank',
  telco: 'Telecom operator',
  platform: 'Online platform',
  crypto_exchange: 'Crypto exchange',
  civil_society: 'Civil society',
  academia: 'Academia',
};

export const SCAM_TYPE_NAMES: Readonly<Record<ScamType, string>> = {
  investment: 'Investment',
  romance: 'Romance',
  impersonation: 'Impersonation',
  parcel: 'Parcel / delivery',
  job: 'Job / task',
  loan: 'Loan',
  shopping: 'Online shopping',
  tech_support: 'Tech support',
  sextortion: 'Sextortion',
  phishing: 'Phishing',
  other: 'Other',
};

export const INDICATOR_TYPE_NAMES: Readonly<Record<IndicatorType, string>> = {
  phone: 'Phone number',
  bank_account: 'Bank account',
  crypto_wallet: 'Crypto wallet',
  url: 'URL',
  domain: 'Domain',
  email: 'Email address',
  ip: 'IP address',
  social_account: 'Social media account',
  messaging_account: 'Messaging account',
  app: 'Mobile app',
};

/** An identifier's status as the web app's lookup page says it (`indicatorStatus`). */
export const INDICATOR_STATUS_NAMES: Readonly<Record<IndicatorStatus, string>> = {
  active: 'Active',
  disputed: 'Disputed',
  false_positive: 'False positive',
  expired: 'Expired',
  taken_down: 'Taken down',
};

/** A name from one of these tables by its code; a code this version does not know (a newer peer's) as it is. */
const nameIn =
  <K extends string>(names: Readonly<Record<K, string>>) =>
  (code: string): string =>
    Object.hasOwn(names, code) ? names[code as K] : code;

export const organisationTypeName = nameIn(ORGANISATION_TYPE_NAMES);
export const scamTypeName = nameIn(SCAM_TYPE_NAMES);
export const indicatorTypeName = nameIn(INDICATOR_TYPE_NAMES);
export const indicatorStatusName = nameIn(INDICATOR_STATUS_NAMES);

/**
 * A name inside a sentence ("around crypto wallet …", "shares phone number …"): its first letter in lower
 * case, but an initialism kept ("URL", "IP address").
 */
export const inSentence = (name: string) => (/^[A-Z]{2}/.test(name) ? name : name.charAt(0).toLowerCase() + name.slice(1));
