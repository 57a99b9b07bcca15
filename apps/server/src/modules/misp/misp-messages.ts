import { boundParams, MAX_TEXT_PARAM, textCatalogue, type PlainCode, type Said, type TextParams } from '../../platform/coded-text.js';

/**
 * What the MISP importer says about an attribute or object it does not import (`skipped[].message`), about
 * an event (its notes, `misp.note_*`, and its own errors, `misp.error_*`), as
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
  /** `accountType` is the object's account-type, quoted as every refusal quotes a value (quote-text.ts). */
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

  // ----------------------------------------------------------------- an event's notes (`notes`, `noteCodes`)
  // The defaults and decisions the importer took for an event. TLP names, country codes, MISP field names,
  // idempotency keys and counts are params, never translated.
  'misp.note_no_uuid': 'no uuid: re-imports are recognised by the event’s content instead',
  /** `field` is the MISP field used: `timestamp` or `publish_timestamp`. */
  'misp.note_date_from_field': "no date: the event's {{field}} was used",
  'misp.note_date_import_time': 'no date: the import time was used',
  'misp.note_scam_type_other': 'no tag or galaxy names a scam type GPOS knows: scam type "other"',
  /** `types`: the scam types the tags name, comma-separated; `chosen`: the one kept. */
  'misp.note_scam_types_several': 'tags name {{count}} scam types ({{types}}), and an event is imported as reports of one: {{chosen}}, the first',
  /** `countries`: the victim countries the tags name, comma-separated; `chosen`: the one kept. */
  'misp.note_victim_countries_several': 'tags name {{count}} victim countries ({{countries}}), and an event is imported as reports of one: {{chosen}}, the first',
  'misp.note_country_from_target': 'victim country {{country}} from a targeted location or victim object',
  'misp.note_country_from_misp_org': 'no victim country in the tags: the nationality of the creating MISP organisation ({{country}}) was used',
  'misp.note_country_from_own_org': "no victim country in the tags or the MISP organisation: your organisation's country ({{country}}) was used",
  /** `tag` is the tag, quoted as every refusal quotes a value (quote-text.ts). */
  'misp.note_tlp_tag_unknown': 'tag {{tag}} is not a TLP level GPOS knows: treated as AMBER+STRICT',
  'misp.note_tlp_default': 'no TLP tag: marked {{tlp}}, the GPOS default',
  'misp.note_tlp_amber': 'tag tlp:amber: marked AMBER+STRICT, since TLP:AMBER reaches the recipient organisation and its clients while a GPOS AMBER reaches every member',
  /** A MISP distribution level narrower than the TLP: `tlp` is the TLP marked, `previous` the one it replaces. */
  'misp.note_distribution_organisation': 'MISP distribution 0 (your organisation only) allows only your organisation: marked {{tlp}} instead of {{previous}}',
  'misp.note_distribution_community': 'MISP distribution 1 (this community only) is not public: marked {{tlp}} instead of {{previous}}',
  'misp.note_distribution_connected': 'MISP distribution 2 (connected communities) is not public: marked {{tlp}} instead of {{previous}}',
  'misp.note_distribution_sharing_group':
    'MISP distribution 4 (a sharing group) cannot be mapped onto GPOS communities, so only your organisation sees it: marked {{tlp}} instead of {{previous}}',
  'misp.note_distribution_unknown': 'MISP distribution {{distribution}} is not a level MISP defines, so only your organisation sees it: marked {{tlp}} instead of {{previous}}',
  'misp.note_red_user': 'TLP RED: you are its only named recipient; add others by correcting the report',
  'misp.note_red_machine': 'TLP RED imported by a machine: only your organisation is named as recipient',
  'misp.note_loss_unknown': 'loss unknown: MISP events carry none',
  'misp.note_split': 'names {{identifiers}} identifiers: stored as {{reports}} reports of at most {{perReport}}',
  'misp.note_duplicate': 'imported before (idempotency key {{key}}): nothing changed',
  // An event exported by this platform, imported back (misp-provenance.ts): `reports` is how many reports it
  // names as its origin, `here` how many of them are here and visible to the importer.
  'misp.note_own_reports': 'exported from this platform: every report it was made from ({{reports}}) is here already, so none was created again',
  'misp.note_own_reports_changed': 'exported from this platform: every report it was made from ({{reports}}) is here already, so none was created again; identifiers it names that none of them holds ({{identifiers}}: added in MISP since, or taken out of a report here) were not applied; correct the reports instead',
  'misp.note_own_reports_some': 'exported from this platform: of the reports it was made from, {{here}} of {{reports}} are here already and hold every identifier it names, so nothing was created again',
  'misp.note_own_reports_some_rest': 'exported from this platform: of the reports it was made from, {{here}} of {{reports}} are here already and were not created again; the identifiers they do not hold ({{identifiers}}) were imported as a new report',
  'misp.note_duplicate_changed': 'imported before (idempotency key {{key}}) and edited in MISP since: the edits were not applied; correct the report instead',
  'misp.note_duplicate_retracted': 'imported before (idempotency key {{key}}) as a report retracted here since: a retraction is final, so nothing was imported again',

  // ------------------------------------------------------------ an event's own errors (`errors[].code`)
  'misp.error_no_content': 'has no attributes or objects: no identifier to report',
  'misp.error_no_identifier': 'carries no identifier GPOS models ({{attributes}} attributes, each listed as skipped with its reason)',
  'misp.error_no_identifier_single': 'carries no identifier GPOS models (1 attribute, each listed as skipped with its reason)',
  'misp.error_too_many_identifiers': 'names {{identifiers}} identifiers; one event may name at most {{max}}',
  /** `value` is the event's date, quoted as every refusal quotes a value (quote-text.ts). */
  'misp.error_not_a_date': '{{value}} is not a date (YYYY-MM-DD)',
  'misp.error_too_many_events': 'holds more than {{max}} events',
  /** `path` is where in the document (dotted, as `0.Event.info`); `detail` the storable-text refusal's English (storable-text.ts). */
  /** `max` is MAX_EVENT_NESTING (misp-parse.ts); the error's path names where the nesting goes too deep. */
  'misp.error_event_nested_too_deep': 'is nested more than {{max}} levels deep; no MISP event nests so deep',
  'misp.error_unstorable_text': 'holds text no database stores as sent, at {{path}}: {{detail}}',

  // ------------------------------------- a document that holds no MISP event (extractEvents, misp-parse.ts)
  'misp.error_empty_list': 'is an empty list: it holds no MISP event',
  /** `max` is MAX_LIST_NESTING (misp-parse.ts). */
  'misp.error_nested_too_deep': 'is a list nested more than {{max}} deep: MISP documents hold events in one list, or lists of lists at most',
  'misp.error_null': 'is null, not a MISP event (an object with "Event", "response" or the fields of an event)',
  /** `type` is the JSON value's JavaScript type: `number`, `string` or `boolean` (never translated); the value follows, quoted, as for error_event_not_object. */
  'misp.error_not_an_object': 'is a {{type}}, not a MISP event (an object with "Event", "response" or the fields of an event)',
  'misp.error_event_is_list': 'must be an object (the event), not a list',
  'misp.error_event_null': 'is null: it must be an object (the event, with its fields: "info", "Attribute", "Object"…)',
  /**
   * `type` is the `Event` value's JavaScript type: `string`, `number` or `boolean` (never translated); the
   * message ends in ` (got <value>)`, the value quoted as every refusal quotes one, which is `params.value`.
   */
  'misp.error_event_not_object': 'must be an object (the event), not a {{type}}',
  'misp.error_response_not_list': 'must be a list of events',
  'misp.error_sighting_or_attribute':
    'holds a MISP sighting or a lone attribute (type, value), not an event: sightings are not modelled, and a lone attribute has no event to become a report',
  'misp.error_empty_object': 'is an empty object: it holds no MISP event',
  /** `keys` are the object's first five keys, each quoted (quote-text.ts, at most 30 characters), comma-separated. */
  'misp.error_no_event_fields': 'holds no MISP event (no "Event", "response", "info", "Attribute" or "Object"; found {{keys}})',

  // ----------------------------------------------------- a feed file that cannot be read (misp-feed.ts)
  'misp.error_file_missing': 'is missing',
  'misp.error_not_a_file': 'is not a file',
  'misp.error_file_too_large': 'is larger than {{max}} bytes',
  /** `message` is the JSON parser's English (at most 200 characters). */
  'misp.error_invalid_json': 'is not valid JSON ({{message}})',
  'misp.error_not_event_uuid': 'is not an event uuid, so no event file can be named after it',
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

/** An event's error said by the importer itself: a field error with its `misp.error_*` code and params. */
export function sayError(path: string, said: MispSaid): { path: string; message: string; code: string; params: MispParams } {
  return { path, message: said.message, code: said.code, params: said.params };
}

/**
 * An attribute or object that does not match its schema: `misp.malformed` with the path and zod's English,
 * plus — as sayInvalid does for a normaliser — the problem's `validation.*` code (`reasonCode`) and params
 * (`reason.<name>`), so that a client can say the problem in its reader's language.
 */
export function sayMalformed(problem: { path: string; message: string; code?: string; params?: Readonly<MispParams> }): MispSaid {
  const said = say('misp.malformed', { path: problem.path, message: problem.message });
  if (problem.code === undefined) return said;
  // The value refused is quoted once, by the message (quotingAs), not again among the reason's params.
  const { value: _quoted, ...params } = problem.params ?? {};
  return { ...said, params: { ...said.params, ...reasonParams(problem.code, params) } };
}

/** A reason's code and params as params of another message: `reasonCode` and `reason.<name>`. */
function reasonParams(code: string, params: Readonly<MispParams> | undefined): MispParams {
  const extra: MispParams = { reasonCode: code };
  for (const [name, value] of Object.entries(params ?? {})) extra[`reason.${name}`] = value;
  return boundParams(extra);
}

/**
 * A normaliser's refusal of a value of `type`: `misp.invalid_identifier` with the normaliser's field and
 * English reason, plus — not in the English text — its code (`reasonCode`) and its params (`reason.<name>`).
 */
export function sayInvalid(type: string, failure: { field: string; reason: string; code?: string; params?: Readonly<MispParams> }): MispSaid {
  const said = say('misp.invalid_identifier', { type, field: failure.field, reason: failure.reason });
  return failure.code === undefined ? said : { ...said, params: { ...said.params, ...reasonParams(failure.code, failure.params) } };
}
