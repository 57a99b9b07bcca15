/** Closed vocabularies shared by the server, the web app and machine clients. */

export const TLP_LEVELS = ['CLEAR', 'GREEN', 'AMBER', 'AMBER+STRICT', 'RED'] as const;
export type Tlp = (typeof TLP_LEVELS)[number];

export const ORGANISATION_TYPES = [
  'law_enforcement',
  'fiu',
  'regulator',
  'ministry',
  'international_org',
  'bank',
  'telco',
  'platform',
  'crypto_exchange',
  'civil_society',
  'academia',
] as const;
export type OrganisationType = (typeof ORGANISATION_TYPES)[number];

export const ORGANISATION_STATUSES = ['active', 'suspended'] as const;
export type OrganisationStatus = (typeof ORGANISATION_STATUSES)[number];

/** `platform_admin` is the partnership secretariat; the others are roles inside one organisation. */
export const USER_ROLES = ['platform_admin', 'admin', 'analyst', 'investigator', 'victim_officer', 'viewer'] as const;
export type UserRole = (typeof USER_ROLES)[number];

export const USER_STATUSES = ['active', 'suspended'] as const;
export type UserStatus = (typeof USER_STATUSES)[number];

/**
 * read < write < admin grant the permissions of the routes. `node` grants none: it vouches that the key is
 * the federation peer's own node (a TAXII push with it is the source's version, which may set any marking on
 * the peer's reports). Only the secretariat or the CLI grants it, to a key of an organisation standing for a peer.
 */
export const API_KEY_SCOPES = ['read', 'write', 'admin', 'node'] as const;
export type ApiKeyScope = (typeof API_KEY_SCOPES)[number];

export const LOCALES = ['en', 'th'] as const;
export type Locale = (typeof LOCALES)[number];

/** With RED, the owner chooses whether named recipients are people or whole organisations. */
export const RED_RECIPIENT_SCOPES = ['users', 'organisations'] as const;
export type RedRecipientScope = (typeof RED_RECIPIENT_SCOPES)[number];
