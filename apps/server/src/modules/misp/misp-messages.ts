import { boundParams, MAX_TEXT_PARAM, textCatalogue, type PlainCode, type Said, type TextParams } from '../../platform/coded-text.js';

/**
 * What the MISP importer says about an attribute or object it does not import (`skipped[].message`), as
 * stable codes a client can translate: the English text of each (`{{param}}` placeholders, filled from the
 * params sent with it) is exactly what the importer wrote before codes existed, so API clients that read
 * only `reason` and `message` see no change. The web app's locale files carry the same keys
 * (`misp.<name>`); a test checks that they agree. Same design as the STIX importer's (stix-reasons.ts).
 *
 * MISP types, relations, object names, chains, paths, counts and the English of a parser or normaliser
 * travel as params and are never translated. Each param string is cut to MAX_MISP_PARAM characters (the
 * English text is made from the whole value, as before).
 */
export const MISP_MESSAGES = {
  // -------------------------------------------------------------------------- malformed and deleted input
  /** The first problem of the MISP schema check (zod's English), with its path. */
  'misp.malformed': '{{path}}: {{message}}',
  'misp.not_attribute': 'is not a MISP attribute',
  'misp.not_object': 'is not a MISP object',
  'misp.deleted': 'is marked deleted in MISP',
  'misp.object_deleted': 'object {{object}} is marked deleted in MISP ({{attributes}} attributes)',

  // ------------------------------------------------------------------------------- invalid identifiers
  /**
   * A normaliser's refusal: `reason` is its English. Sent with the normaliser's own code as `reasonCode`
   * and its params as `reason.<name>`, so that a client can say the reason in its reader's language too.
   */
  'misp.invalid_identifier': 'not a valid {{type}} ({{field}}): {{reason}}',

  // ------------------------------------------------------------------------- standalone attribute types
  'misp.type_not_modelled': 'MISP type {{type}} is not an identifier GPOS models',
  'misp.chain_not_validated': '{{chain}} addresses are not a chain GPOS validates ({{chains}}), so they are not kept',
  'misp.target_location_no_country': 'a targeted location that names no country GPOS knows',
  'misp.recipient_email': 'a recipient address: in MISP e-mail events that is the victim’s, not the scammer’s',
  'misp.target_email': 'a targeted (victim’s) e-mail address',
  'misp.target_user': 'a targeted (victim’s) user name',
  'misp.target_org': 'a targeted (victim) organisation',
  'misp.target_machine': 'a targeted (victim’s) machine',
  'misp.bank_code_alone': 'a bank code alone names a bank, not an account',
  'misp.routing_number_alone': 'a routing number alone names a bank, not an account',
  'misp.reference_link': 'a link to further information (a reference), not an identifier used in the scam',
  'misp.whois_registrant': 'domain registrant data (often a privacy service), not taken as the scammer’s',

  // ------------------------------------------------------------------ attributes of objects, by relation
  'misp.bank_account_unused_text': 'a detail of the bank account GPOS does not keep',
  'misp.bank_account_detail': '{{relation}}: a detail of the bank account GPOS does not keep',
  /** A coin-address, btc-wallet, crypto-wallet or cryptocurrency-transaction: `object` is its name. */
  'misp.wallet_detail': '{{relation}}: a detail of the {{object}} GPOS does not keep',
  'misp.phone_number_part': '{{relation}}: a part of the phone number GPOS does not keep on its own',
  'misp.handset_detail': '{{relation}}: a handset or SIM detail (IMEI, IMSI…) GPOS does not model',
  'misp.url_component': '{{relation}}: a component of the URL, not an identifier of its own',
  'misp.domain_detail': '{{relation}}: a detail of the domain GPOS does not keep',
  'misp.email_recipient': 'a recipient address: the victim’s, not the scammer’s',
  'misp.email_detail': '{{relation}}: a detail of the e-mail GPOS does not keep',
  'misp.telegram_user_id': 'a numeric Telegram user id: GPOS keys Telegram accounts by user name or phone',
  'misp.account_detail': '{{relation}}: a detail of the account GPOS does not keep',
  /** `accountType` is the object's account-type as JSON (quoted). */
  'misp.account_platform_unknown': 'an account on a platform GPOS does not model (account-type {{accountType}})',
  'misp.account_platform_missing': 'an account on a platform GPOS does not model (account-type "not given")',
  'misp.account_name_no_platform': 'an account name without a platform GPOS models',
  'misp.impersonated_account': 'the impersonated (genuine) account: the victim of the impersonation, not the scammer',
  'misp.impersonation_detail': '{{relation}}: a detail of the impersonation GPOS does not keep',
  'misp.person_not_suspect': 'contact details of a person not marked as a suspect (role): never taken as a scammer’s identifier',
  'misp.personal_data': '{{relation}}: personal data GPOS does not keep',
  'misp.victim_data': 'the victim’s data: never taken as a scam identifier',

  // ---------------------------------------------------------------------------------- whole objects
  'misp.object_not_modelled': 'object {{object}} is not modelled by GPOS ({{attributes}} attributes, none an identifier GPOS keeps)',
  'misp.object_not_modelled_single': 'object {{object}} is not modelled by GPOS (1 attribute, none an identifier GPOS keeps)',
} as const satisfies Record<`misp.${string}`, string>;

export type MispCode = keyof typeof MISP_MESSAGES;
export type MispParams = TextParams;
/** A code whose text has no placeholders. */
export type MispPlainCode = PlainCode<typeof MISP_MESSAGES>;
export type MispSaid = Said<MispCode>;

const mispText = textCatalogue(MISP_MESSAGES);
export const isMispCode = mispText.has;
export const say = mispText.say;
/** Longest param string sent with a code (as for the STIX importer). */
export const MAX_MISP_PARAM = MAX_TEXT_PARAM;

/**
 * A normaliser's refusal of a value of `type`: `misp.invalid_identifier` with the normaliser's field and
 * English reason, plus — not in the English text — its code (`reasonCode`) and its params (`reason.<name>`).
 */
export function sayInvalid(type: string, failure: { field: string; reason: string; code?: string; params?: Readonly<MispParams> }): MispSaid {
  const said = say('misp.invalid_identifier', { type, field: failure.field, reason: failure.reason });
  if (failure.code === undefined) return said;
  const extra: MispParams = { reasonCode: failure.code };
  for (const [name, value] of Object.entries(failure.params ?? {})) extra[`reason.${name}`] = value;
  return { ...said, params: { ...said.params, ...boundParams(extra) } };
}
