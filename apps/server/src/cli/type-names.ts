import type { OrganisationType, ScamType } from '@gpos/contracts';

/**
 * The English names of organisation kinds and scam types, as the web app's English locale says them
 * (`orgTypes`, `scamTypes`; a test keeps the two equal): an operator reading `gpos check` next to a
 * colleague on the lookup page reads "Law enforcement (MY)" and "Parcel / delivery" on both. `--json`
 * keeps the codes.
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

/** A kind of organisation by its name; a code this version does not know (a newer peer's) as it is. */
export const organisationTypeName = (type: string) => (Object.hasOwn(ORGANISATION_TYPE_NAMES, type) ? ORGANISATION_TYPE_NAMES[type as OrganisationType] : type);
