import { LIMITS, type StixImportObjectResult } from '@gpos/contracts';
import { MAX_TEXT_PARAM, textCatalogue, type ParamsArg, type Said } from '../../platform/coded-text.js';
import { cutToUtf16Units } from '../../platform/cut-text.js';
import type { FieldError } from '../../platform/errors.js';

/**
 * What the STIX importer says about an object, as stable codes a client can translate: the English text of
 * each (`{{param}}` placeholders, filled from the params sent with it) is exactly what the importer wrote
 * before codes existed, so API clients that read only `reason` and `message` see no change. The web app's
 * locale files carry the same keys (`stix.<name>`); a test checks that they agree.
 *
 * Ids, counts, STIX type names and the free text of a parser or normaliser travel as params and are
 * never translated. Each param string is cut to MAX_STIX_PARAM characters (the English text is made from
 * the whole value, as before).
 */
export const STIX_REASONS = {
  // ------------------------------------------------------------------ the bundle's envelope (whole-bundle refusals)
  'stix.bundle_type': 'must be "bundle", not {{type}}',
  'stix.bundle_spec_version': 'STIX {{version}} bundles are not accepted: only STIX 2.1',
  'stix.bundle_id': 'must be bundle--<uuid>',
  'stix.bundle_objects_empty': 'must be a non-empty array',

  // ---------------------------------------------------------------------------------- one object's errors
  'stix.not_object': 'is not a JSON object',
  'stix.type_missing': 'is missing',
  'stix.id_not_of_type': '{{id}} is not the identifier of an object of type {{type}} ({{type}}--<uuid>)',
  'stix.spec_version_missing': 'is missing: STIX 2.1 objects other than observables must say "2.1" (objects without it are STIX 2.0)',
  'stix.spec_version_unsupported': '{{version}} is not supported: only STIX 2.1 objects are imported',
  /** One error of the OASIS schema check (Ajv's English text). */
  'stix.schema_error': '{{message}}',
  'stix.ref_missing': '{{ref}} is not in the bundle',
  'stix.ref_rejected': '{{ref}} was rejected (object {{index}})',
  /** On a report stored without a referenced object that the bundle does not hold (stix-import.ts, "References"). */
  'stix.ref_left_out': '{{ref}} is not in the bundle; left out',
  'stix.belongs_to_rejected': 'belongs to rejected {{kind}} {{id}}',
  /** Path `object_marking_refs`: two copies of one version of an object with different markings (`index`: the other copy). */
  'stix.conflicting_copy': 'is marked otherwise in another copy of this version of the object in the bundle (object {{index}}): which audience is meant cannot be told, so no copy is imported',
  /** `id`: the grouping; `ref`: the marking it carries that GPOS cannot read, quoted. */
  'stix.grouping_marking_unreadable': 'belongs to grouping {{id}}, whose marking {{ref}} GPOS cannot read: its audience is not guessed',
  'stix.too_many_identifiers': 'names {{identifiers}} identifiers; a GPOS report holds at most {{max}}',
  'stix.correction_not_accepted': 'the correction was not accepted',

  // --------------------------------------------------------------------------------------- reasons
  /** A rejection without errors (not made today; kept so that every rejection has a code). */
  'stix.rejected': 'rejected',
  /** A rejection whose first error has no code of its own: that error, with its path. */
  'stix.field_error': '{{path}}: {{message}}',
  'stix.schema_nonconformant': 'does not conform to the STIX 2.1 schema of {{type}}: {{path}} {{message}}',
  'stix.broken_reference_missing': 'broken reference: {{path}} {{ref}} is not in the bundle',
  'stix.broken_reference_rejected': 'broken reference: {{path}} {{ref}} was rejected (object {{index}})',
  'stix.cannot_become_report': 'cannot become a GPOS report: {{path}} {{message}}',
  'stix.refs_left_out': 'imported without {{count}} referenced object(s) that the bundle does not hold (listed in errors)',
  'stix.newer_in_bundle': 'another version of this object in the same bundle is newer (or the same)',
  'stix.grouping_marks_members': 'GPOS keeps no groupings: its markings narrow the audience of the objects it refers to',
  'stix.not_modelled': 'GPOS does not model {{type}} objects; it keeps scam reports and their identifiers',
  'stix.unknown_type': 'type {{type}} is neither a STIX 2.1 type nor one of an extension GPOS knows',
  /** Why an observable maps to no GPOS identifier, in the observable mapper's English (indicator.stix.ts). */
  'stix.observable_unmapped': '{{reason}}',
  'stix.unknown_platform': '{{type}} names a platform GPOS does not know',
  'stix.pattern_type_unsupported': 'pattern_type {{patternType}}: GPOS reads STIX patterns only',
  /** The STIX pattern parser's English (stix-pattern.ts). */
  'stix.pattern_unusable': 'pattern not usable: {{reason}}',
  'stix.pattern_no_identifier': 'its pattern names no identifier GPOS keeps',
  'stix.observable_alone': 'an observable on its own is not a scam report: refer to it from a report, indicator or observed-data',
  'stix.sighting_unimported': 'a sighting of something GPOS did not import',
  'stix.outside_report': '{{type}} outside any report',
  'stix.no_identifier': 'this {{kind}} names no identifier GPOS keeps (phones, bank accounts, wallets, URLs, domains, e-mail and IP addresses, accounts, apps)',
  'stix.own_report': 'this is a report of this node',
  'stix.already_retracted': 'already retracted here',
  'stix.older_version': 'an older version than the one imported ({{modified}})',
  'stix.same_modified': 'already imported (same modified)',
  'stix.same_stix_id': 'already imported (same STIX id)',
  'stix.retracted_here': 'retracted here; later versions are ignored',
  'stix.local_report_gone': 'the report imported from this object no longer exists',
  'stix.hidden_local_report': 'your organisation imported this object before as a report you may not see (or one that no longer exists): it was left unchanged',
  'stix.revoked_never_imported': 'revoked, and never imported here: nothing to retract',
  /** A withdrawal (taxii/withdrawals.ts): the local report was retracted for it. */
  'stix.withdrawn_by_source': 'withdrawn from this node by its source (its marking was narrowed): the report imported from it was retracted here',
  'stix.already_withdrawn': 'withdrawn from this node by its source before: nothing is held here for it',
  /** `id`: the local report retracted for the earlier withdrawal. */
  'stix.shared_again': 'shared with this node again after its source withdrew it: imported as a new report (report {{id}}, retracted for the withdrawal, stays retracted)',
  'stix.bundle_not_applied': 'not imported: the bundle was not applied',
  'stix.group_not_imported': 'its {{kind}} was not imported',
  'stix.part_of': 'part of {{kind}} {{id}}',

  // ------------------------------------------------------------------ notes on a report that was stored
  'stix.red_to_organisation': 'TLP:RED imported without a signed-in person (an API key, a federation peer or the console): addressed to the importing organisation, whose members all see it',
} as const satisfies Record<`stix.${string}`, string>;

export type StixCode = keyof typeof STIX_REASONS;
export type StixSaid = Said;

const stixText = textCatalogue(STIX_REASONS);
export const isStixCode = stixText.has;
export const say = stixText.say;
/** Longest param string sent with a code. */
export const MAX_STIX_PARAM = MAX_TEXT_PARAM;

/**
 * An error the importer makes itself, at `path`: relative to the object (`spec_version`, `object_refs.1`),
 * as the importer knows no more of where the object came from; '' for the object itself (one that is not a
 * JSON object). Each caller places it: the HTTP route under `body.objects.<index>` (bundleErrorPath).
 */
export function stixError<C extends StixCode>(path: string, code: C, ...args: ParamsArg<(typeof STIX_REASONS)[C]>): FieldError {
  return { path, ...say(code, ...args) };
}

/**
 * The reason of a rejection that gives none: its first error's (with that error's code, or `stix.field_error`),
 * after its path — none for an error of the whole object, whose path is ''.
 */
export function reasonOfErrors(errors: readonly FieldError[]): StixSaid {
  const first = errors[0];
  if (!first) return say('stix.rejected');
  if (first.code === undefined) return say('stix.field_error', { path: first.path, message: first.message });
  return { message: first.path === '' ? first.message : `${first.path}: ${first.message}`, code: first.code, params: first.params ?? {} };
}

/**
 * Where an object's error (its path relative to the object, '' for the object itself) is in the body the
 * HTTP route received: `body.objects.7.spec_version`, or `body.objects.7` for the whole object.
 */
export function bundleErrorPath(index: number, path: string): string {
  return path === '' ? `body.objects.${index}` : `body.objects.${index}.${path}`;
}

/** Sets an object's reason — English text (bounded as the contract says), code and params together — or clears it. */
export function setReason(result: StixImportObjectResult, said: StixSaid | null): void {
  result.reason = said ? cutToUtf16Units(said.message, LIMITS.description) : null;
  result.reasonCode = said ? said.code.slice(0, 100) : null;
  result.reasonParams = said ? said.params : null;
}
