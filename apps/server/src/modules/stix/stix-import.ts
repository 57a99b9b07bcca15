import { createHash } from 'node:crypto';
import {
  createReportSchema,
  LIMITS,
  SIGHTING_ROLES,
  STIX_IMPORT_STATUSES,
  STIX_LIMITS,
  type CreateReport,
  type IndicatorType,
  type SightingRole,
  type StixImportResult,
} from '@gpos/contracts';
import type { ServerDeps } from '../../platform/context.js';
import type { StixObjectsTable } from '../../db/schema.js';
import type { AuditContext } from '../../platform/audit/index.js';
import { OPERATOR } from '../../platform/auth/index.js';
import { cutToUtf16Units } from '../../platform/cut-text.js';
import { AppError, coded, quotingAs, type FieldError } from '../../platform/errors.js';
import { requestRefusals } from '../../platform/http/request-refusals.js';
import { firstForbiddenKey } from '../../platform/forbidden-keys.js';
import { nowIso } from '../../platform/ids.js';
import { issueFieldErrors, withQuote } from '../../platform/http/validation-errors.js';
import { quoteText as quote } from '../../platform/quote-text.js';
import { inboundTlp, tlpOfStandardId } from '../../platform/sharing/marking.stix.js';
import { firstUnstorableText, unstorableFieldError } from '../../platform/storable-text.js';
import type { CanonicalIndicator } from '../indicators/normalise/index.js';
import { submitterViewer, visibleReportIds, type IngestService, type Submitter } from '../reports/index.js';
import { reportStixId } from '../reports/report.stix.js';
import { extensionOf, externalRefField, live, PROVENANCE, reject, result, str, unmapped, type Entry, type Group, type Json } from './stix-import-model.js';
import { mapIdentifiers } from './stix-import-identifiers.js';
import { groupingMarkings, markingsText, reportMarkings } from './stix-import-markings.js';
import { refsOf } from './stix-refs.js';
import { writeDecisions } from './stix-import-writes.js';
import { indicatorIdsByKey, provenanceOf, recordProvenance } from './stix-provenance.repository.js';
import { parseStixId } from './stix-ids.js';
import { say, setReason, stixError, type StixSaid } from './stix-reasons.js';
import { isKnownType, isScoType, validateStixObject } from './stix-validator.js';
import { stampShown, versionStamp } from './timestamp-order.js';
import { withSchemaText } from './schema-error-text.js';
import { reportKindOf } from './stix-report-kind.js';

/**
 * Importing STIX 2.1 bundles (the HTTP route, `gpos import bundle.json`, and later TAXII federation).
 *
 * 1. Every object is checked on its own: a JSON object without a `__proto__` key, an id of its own type,
 *    spec_version 2.1, the OASIS schema of its type, references that resolve inside the bundle. Failures
 *    are `rejected` with the field and the reason; objects that depend on a rejected one are rejected too.
 * 2. What becomes a GPOS report: each STIX `report` (its object_refs: observables, indicators,
 *    observed-data and sightings give the identifiers; sightings' where_sighted identities and the
 *    creator are provenance), and each `indicator` or `observed-data` that no report claims. Everything
 *    else GPOS does not model (attack-pattern, malware, relationships…) is listed as `unmapped` with why.
 * 3. Nothing is written unless every report of the bundle can be written (normalised identifiers,
 *    mandatory fields filled with the documented defaults, a marking that does not widen), except with
 *    `partial`, where the valid reports are written and the result states exactly which.
 * 4. Writes (stix-import-writes.ts) go through the one ingest path (batches of 500, each its own transaction, keyed by an
 *    idempotency key derived from the STIX id, so an interrupted import completes when repeated), then
 *    the provenance table records STIX id → local id and `modified`. Re-importing the same version is a
 *    no-op (`duplicate`); a newer `modified` is a correction; `revoked: true` a retraction.
 */
export interface StixImportDeps {
  deps: Pick<ServerDeps, 'db' | 'engine'>;
  ingest: IngestService;
  /**
   * What a retraction triggers beyond its own rows, as the report service's retraction does (intelligence.ts
   * passes the network linker's): without them a retracted report stays in its network until a rebuild.
   * Creations and corrections go through `ingest`, whose own hooks cover them. Required so that no caller
   * can forget them; a caller with nothing to trigger (a test without a linker) passes `{}`.
   */
  hooks: StixImportHooks;
}

/**
 * What every importer (the STIX routes, TAXII add-objects, federation pulls, `gpos import`) is given: the
 * ingest service and the retraction hooks, wired once as `intelligence.stixImport` (intelligence.ts).
 */
export type StixImportServices = Omit<StixImportDeps, 'deps'>;

export interface StixImportHooks {
  /** Run inside a retraction's transaction (e.g. queueing the report for the network linker). */
  withinRetraction?: ((trx: ServerDeps['db'], reportId: string) => Promise<void>)[];
  /** Run after a retraction commits (e.g. kicking the linker). */
  onRetracted?: ((reportId: string) => void)[];
}

export interface StixImportOptions {
  sourceNode?: string | null;
  /**
   * The caller vouches that the bundle is `sourceNode`'s own word (Submitter.speaksForSourceNode): its
   * versions may then set any marking on that node's reports. Default: the node is provenance only.
   */
  speaksForSourceNode?: boolean;
  /** Apply the valid part of a bundle with rejected objects. Default: all or nothing. */
  partial?: boolean;
  context?: AuditContext;
}

/** Objects validated between two turns of the event loop. */
const VALIDATION_SLICE = 100;

const IGNORED_UNMAPPED = new Set(['identity', 'marking-definition', 'extension-definition']);

const idempotencyKeyOf = (stixId: string) => (stixId.length <= 190 ? `stix:${stixId}` : `stix:sha256:${createHash('sha256').update(stixId).digest('hex')}`);

export async function importStixBundle(
  { deps, ingest, hooks }: StixImportDeps,
  submitter: Submitter,
  bundle: unknown,
  options: StixImportOptions = {},
): Promise<StixImportResult> {
  const { db, engine } = deps;
  const context: AuditContext = options.context ?? { actor: OPERATOR, requestId: 'stix-import' };
  const partial = options.partial === true;
  const sourceNode = typeof options.sourceNode === 'string' ? cutToUtf16Units(options.sourceNode, STIX_LIMITS.sourceNode) : null;

  // ---------------------------------------------------------------------------------------- envelope
  if (typeof bundle !== 'object' || bundle === null || Array.isArray(bundle)) throw new AppError('validation_failed', 'The body is not a STIX bundle: expected a JSON object with type "bundle"', { errors: [withQuote(stixError('body', 'stix.not_object'), ['body'], bundle)] });
  const envelope = bundle as Json;
  if (envelope.type !== 'bundle') throw new AppError('validation_failed', `type: expected "bundle", got ${quote(String(envelope.type))}`, { errors: [stixError('body.type', 'stix.bundle_type', { type: quote(String(envelope.type)) })] });
  // STIX 2.1 bundles carry no spec_version (2.0's did), but some 2.1 producers still write "2.1" there
  // (OpenCTI's bundle builder does, on every export), and the OASIS bundle schema allows it: that one is
  // read as what it says; any other value is a bundle of another version.
  if (envelope.spec_version !== undefined && envelope.spec_version !== '2.1') {
    throw new AppError('validation_failed', `spec_version: this is a STIX ${quote(String(envelope.spec_version))} bundle; only STIX 2.1 is accepted`, {
      errors: [stixError('body.spec_version', 'stix.bundle_spec_version', { version: quote(String(envelope.spec_version)) })],
    });
  }
  const bundleId = parseStixId(envelope.id);
  if (!bundleId || bundleId.type !== 'bundle') throw new AppError('validation_failed', envelope.id === undefined ? 'id: is missing (bundle--<uuid>)' : `id: ${quote(String(envelope.id))} is not a bundle id (bundle--<uuid>)`, { errors: [withQuote(stixError('body.id', 'stix.bundle_id'), ['body', 'id'], envelope.id)] });
  if (!Array.isArray(envelope.objects) || envelope.objects.length === 0) throw new AppError('validation_failed', 'objects: a bundle to import needs at least one object', { errors: [stixError('body.objects', 'stix.bundle_objects_empty')] });
  if (envelope.objects.length > STIX_LIMITS.bundleObjects) throw coded('payload_too_large', requestRefusals.say('request.stix_too_many_objects', { objects: envelope.objects.length, max: STIX_LIMITS.bundleObjects }));

  // ------------------------------------------------------------------------------- objects one by one
  const entries: Entry[] = envelope.objects.map((raw, index) => {
    const object = typeof raw === 'object' && raw !== null && !Array.isArray(raw) ? (raw as Json) : null;
    const sent = object && typeof object.id === 'string' ? cutToUtf16Units(object.id, 300) : null;
    const type = object && typeof object.type === 'string' ? cutToUtf16Units(object.type, 250) : null;
    // Known, kept and keyed by its canonical spelling (the uuid in lower case, as STIX writes it): the same
    // object sent again with its uuid in capitals was imported as a second report (security review, session
    // 64). Its result still names it as sent.
    const parsed = parseStixId(sent);
    const id = parsed ? `${parsed.type}--${parsed.uuid}` : sent;
    return { index, object, id, type, result: result(index, sent, type) };
  });
  const byId = new Map<string, Entry>();
  // Ids whose copies of one version disagree on their markings: none of them is imported.
  const conflicting = new Map<string, Entry>();
  // Every id seen, rejected or not, so a reference to a rejected object says so rather than "missing".
  const anyById = new Map<string, Entry>();
  for (const entry of entries) if (entry.id) anyById.set(entry.id, entry);
  for (const entry of entries) {
    // Schema validation costs ~0.1 ms an object: a page of 1,000 from a federation peer gives other
    // requests their turns while it is checked.
    if (entry.index > 0 && entry.index % VALIDATION_SLICE === 0) await new Promise((resolve) => setImmediate(resolve));
    const { object, type } = entry;
    if (!object) {
      // The object itself: '' (its place in the bundle is the caller's to say, as for every other error).
      reject(entry, [withQuote(stixError('', 'stix.not_object'), [], envelope.objects[entry.index])]);
      continue;
    }
    // A key that can change a prototype (forbidden-keys.ts), before the checks below read the object. The
    // HTTP parsers and `gpos import` refuse a document holding one whole; objects parsed elsewhere (a
    // federation peer's page) reach here, and only the object is rejected, at the key (`extensions.x.__proto__`).
    const forbidden = firstForbiddenKey(object, '');
    if (forbidden) {
      reject(entry, [forbidden]);
      continue;
    }
    if (!type) {
      reject(entry, [stixError('type', 'stix.type_missing')]);
      continue;
    }
    const parsedId = parseStixId(object.id);
    if (!parsedId || parsedId.type !== type) {
      reject(entry, [stixError('id', 'stix.id_not_of_type', { id: quote(String(object.id)), type })]);
      continue;
    }
    const sco = isScoType(type) || (!isKnownType(type) && !('created' in object));
    const version = object.spec_version;
    if (version === undefined ? !sco : version !== '2.1') {
      reject(entry, [version === undefined ? stixError('spec_version', 'stix.spec_version_missing') : stixError('spec_version', 'stix.spec_version_unsupported', { version: quote(String(version)) })]);
      continue;
    }
    // A NUL or half a character anywhere in it: no text both engines store as sent (storable-text.ts).
    // Each refusal quotes the value refused (withQuote: never a credential's, nor an unknown property's).
    const unstorable = firstUnstorableText(object, '');
    const schemaErrors = unstorable ? [{ path: unstorable.path, message: unstorable.message }] : validateStixObject(object);
    if (schemaErrors.length > 0) {
      const errors = unstorable
        ? [unstorableFieldError(unstorable)]
        : schemaErrors.map((e) => withQuote(withSchemaText(stixError(e.path, 'stix.schema_error', { message: e.message }), e), e.path.split('.'), e.value));
      const first = schemaErrors[0]!;
      reject(entry, errors, quotingAs(withSchemaText(say('stix.schema_nonconformant', { type, path: first.path, message: first.message }), first), errors[0]!));
      continue;
    }
    // Several versions of one object may travel together: the latest `modified` counts.
    const key = parsedId.type + '--' + parsedId.uuid;
    const previous = byId.get(key) ?? conflicting.get(key);
    if (previous && versionStamp(object.modified) === versionStamp(previous.object?.modified) && markingsText(object) !== markingsText(previous.object)) {
      // Two copies of one version marked differently (security review, session 64): the first one read
      // was imported, GREEN before RED as readily as RED before GREEN. Neither is, nor any further copy.
      reject(entry, [stixError('object_marking_refs', 'stix.conflicting_copy', { index: previous.index })]);
      if (previous.result.status !== 'rejected') reject(previous, [stixError('object_marking_refs', 'stix.conflicting_copy', { index: entry.index })]);
      byId.delete(key);
      conflicting.set(key, previous);
      continue;
    }
    if (conflicting.has(key)) {
      reject(entry, [stixError('object_marking_refs', 'stix.conflicting_copy', { index: conflicting.get(key)!.index })]);
      continue;
    }
    if (previous) {
      const later = versionStamp(object.modified) > versionStamp(previous.object?.modified);
      const [kept, dropped] = later ? [entry, previous] : [previous, entry];
      dropped.result.status = 'duplicate';
      setReason(dropped.result, say('stix.newer_in_bundle'));
      byId.set(key, kept);
      continue;
    }
    byId.set(key, entry);
  }
  const lookup = (ref: string) => {
    const parsed = parseStixId(ref);
    return parsed ? byId.get(`${parsed.type}--${parsed.uuid}`) : undefined;
  };

  // ------------------------------------------------------------------------------------ what we map
  for (const entry of byId.values()) {
    if (!live(entry) || !entry.type) continue;
    if (entry.type === 'grouping') {
      unmapped(entry, say('stix.grouping_marks_members'));
      continue;
    }
    if (!['report', 'indicator', 'observed-data', 'sighting', 'identity', 'marking-definition', 'extension-definition'].includes(entry.type) && !isScoType(entry.type)) {
      unmapped(
        entry,
        isKnownType(entry.type)
          ? say('stix.not_modelled', { type: entry.type })
          : say('stix.unknown_type', { type: quote(entry.type) }),
      );
    }
  }

  // References must resolve inside the bundle (TLP marking-definitions may be referred to by their standard ids);
  // whatever refers to a rejected object is rejected too, so nothing is imported with a piece missing.
  // Two kinds of absent target are not a piece missing, and are said rather than refused:
  //  - a report's `object_refs` to an object that is not in the bundle at all. Producers reference context
  //    they do not repeat (threat actors, attack patterns, identities sent on an earlier TAXII page); the
  //    report is imported with what the bundle holds, and each left-out ref is listed on its result;
  //  - `where_sighted_refs`, which names who saw a sighting (provenance GPOS does not model).
  // A marking-definition that is not in the bundle (and is not a standard TLP one) still rejects what it
  // marks: GPOS never guesses the audience of a marking it cannot read.
  // Per report, by path: propagate() runs twice, and a bundle may list many thousands of refs.
  const leftOut = new Map<Entry, Map<string, string>>();

  // A grouping's markings narrow what it refers to (stix-import-markings.ts).
  const byGrouping = groupingMarkings(byId.values(), lookup);

  const propagate = () => {
    let changed = true;
    while (changed) {
      changed = false;
      for (const entry of byId.values()) {
        if (!live(entry) || entry.result.status === 'unmapped' || !entry.object) continue;
        const errors: FieldError[] = [];
        // The first broken reference is the reason, said in full (not as "broken reference: " + an error's English).
        let reason: StixSaid | undefined;
        const broken = (path: string, ref: string, rejectedAt: Entry | undefined) => {
          errors.push(rejectedAt ? stixError(path, 'stix.ref_rejected', { ref: quote(ref), index: rejectedAt.index }) : stixError(path, 'stix.ref_missing', { ref: quote(ref) }));
          reason ??= rejectedAt ? say('stix.broken_reference_rejected', { path, ref: quote(ref), index: rejectedAt.index }) : say('stix.broken_reference_missing', { path, ref: quote(ref) });
        };
        for (const { path, ref } of refsOf(entry.object)) {
          const target = lookup(ref);
          if (!target) {
            if ((path.startsWith('object_marking_refs') || path.startsWith('granular_markings')) && tlpOfStandardId(ref)) continue;
            const parsedRef = parseStixId(ref);
            const rejectedAt = anyById.get(parsedRef ? `${parsedRef.type}--${parsedRef.uuid}` : ref);
            if (!rejectedAt && path.startsWith('where_sighted_refs')) continue;
            if (!rejectedAt && entry.type === 'report' && path.startsWith('object_refs')) {
              const paths = leftOut.get(entry) ?? new Map<string, string>();
              paths.set(path, ref);
              leftOut.set(entry, paths);
              continue;
            }
            broken(path, ref, rejectedAt);
          } else if (target.result.status === 'rejected') broken(path, ref, target);
        }
        if (errors.length > 0) {
          reject(entry, errors, reason);
          changed = true;
        }
      }
    }
  };
  propagate();

  // Identifiers of observables and indicators, normalised the way a report's would be (stix-import-identifiers.ts).
  const { canonicalOf, derivedOnes } = mapIdentifiers([...byId.values()], submitter.organisationCountry);

  propagate();

  // --------------------------------------------------------------------------------- report groups
  const claimed = new Set<Entry>();
  const groups: Group[] = [];
  const collect = (group: Group, entry: Entry, depth: number) => {
    if (depth > 4 || group.members.has(entry)) return;
    group.members.add(entry);
    if (!entry.object) return;
    for (const { path, ref } of refsOf(entry.object)) {
      if (path.startsWith('object_marking_refs') || path.startsWith('granular_markings')) continue;
      const target = lookup(ref);
      if (target && (target.type !== 'report' || target === group.root)) collect(group, target, depth + 1);
    }
  };
  const newGroup = (root: Entry, kind: Group['kind']): Group => ({
    root,
    kind,
    members: new Set(),
    input: null,
    modified: versionStamp(root.object?.modified),
    revoked: root.object?.revoked === true,
    withdrawn: root.object?.revoked === true && extensionOf(root.object ?? null).withdrawn_from_audience === true,
    createdByRef: str(root.object?.created_by_ref) ?? null,
  });
  for (const entry of byId.values()) {
    if (live(entry) && entry.result.status !== 'unmapped' && entry.type === 'report') {
      const group = newGroup(entry, 'report');
      collect(group, entry, 0);
      group.members.forEach((m) => claimed.add(m));
      groups.push(group);
    }
  }
  // What a rejected report refers to (and no valid report claims) is not imported on its own either.
  for (const entry of anyById.values()) {
    if (entry.type !== 'report' || entry.result.status !== 'rejected' || !entry.object) continue;
    const tainted = newGroup(entry, 'report');
    collect(tainted, entry, 0);
    for (const member of tainted.members) {
      if (member === entry || claimed.has(member) || !live(member) || member.result.status === 'unmapped' || member.type === 'identity') continue;
      reject(member, [stixError('object', 'stix.belongs_to_rejected', { kind: 'report', id: String(entry.id) })]);
    }
  }
  for (const entry of byId.values()) {
    if (!live(entry) || entry.result.status === 'unmapped' || claimed.has(entry)) continue;
    if (entry.type === 'indicator' || entry.type === 'observed-data') {
      const group = newGroup(entry, entry.type);
      collect(group, entry, 0);
      // A sighting of this indicator belongs with it: it says where, when and in what role.
      for (const other of byId.values()) {
        if (other.type === 'sighting' && live(other) && !claimed.has(other) && other.object?.sighting_of_ref === entry.id) collect(group, other, 0);
      }
      group.members.forEach((m) => claimed.add(m));
      groups.push(group);
    }
  }
  for (const entry of byId.values()) {
    if (!live(entry) || entry.result.status === 'unmapped' || claimed.has(entry) || !entry.type) continue;
    if (isScoType(entry.type)) unmapped(entry, say('stix.observable_alone'));
    else if (entry.type === 'sighting') unmapped(entry, say('stix.sighting_unimported'));
    else if (!IGNORED_UNMAPPED.has(entry.type)) unmapped(entry, say('stix.outside_report', { type: entry.type }));
  }

  // Markings: the strictest TLP of the root and every member carrying one; never a wider audience.
  const groupMarkings = reportMarkings(groups, byGrouping, lookup);

  for (const group of groups) {
    const root = group.root.object!;
    const ext = extensionOf(root);
    const identifiers = new Map<string, { canonical: CanonicalIndicator; role?: SightingRole }>();
    const derivedHere = new Set<string>();
    const roles = new Map<string, SightingRole>();
    let firstObserved: string | undefined;
    let sightingSeen: string | undefined;
    let indicatorFrom: string | undefined;
    let memberExt: Json = {};
    const markings = groupMarkings.get(group)!;
    for (const member of group.members) {
      if (!member.object || !live(member)) continue;
      const object = member.object;
      if (member.result.status === 'unmapped') continue;
      if (member.type === 'observed-data') firstObserved ??= str(object.first_observed);
      if (member.type === 'indicator') {
        indicatorFrom ??= str(object.valid_from);
        if (Object.keys(memberExt).length === 0) memberExt = extensionOf(object);
      }
      if (member.type === 'sighting') {
        sightingSeen ??= str(object.first_seen);
        const role = extensionOf(object).role;
        const sighted = lookup(String(object.sighting_of_ref));
        if (sighted && typeof role === 'string' && (SIGHTING_ROLES as readonly string[]).includes(role)) {
          for (const c of canonicalOf.get(sighted) ?? []) roles.set(`${c.type}\u0000${c.value}`, role as SightingRole);
        }
      }
      for (const c of canonicalOf.get(member) ?? []) {
        const key = `${c.type}\u0000${c.value}`;
        identifiers.set(key, { canonical: c });
        if (derivedOnes.has(c)) derivedHere.add(key);
      }
    }
    if (!live(group.root)) continue;
    // A retraction needs no identifiers: its report's objects (if any are sent, as GPOS sends them, revoked)
    // are not read again, and the retraction takes away whatever this node holds for the report.
    if (group.kind === 'report' && group.revoked) continue;
    if (identifiers.size === 0) {
      unmapped(group.root, say('stix.no_identifier', { kind: group.kind }));
      continue;
    }
    // Derived from a source this report holds: ingest derives it again (see derivedOnes).
    for (const key of derivedHere) identifiers.delete(key);
    if (identifiers.size > LIMITS.indicatorsPerReport) {
      reject(group.root, [stixError('object_refs', 'stix.too_many_identifiers', { identifiers: identifiers.size, max: LIMITS.indicatorsPerReport })]);
      continue;
    }
    const facts = { ...memberExt, ...ext };
    const { scamType, channel } = reportKindOf(root, facts);
    const tlp = inboundTlp(markings);
    // RED names its recipients (DESIGN.md, "Sharing policy"): the importing person, or, for an import
    // without one (an API key, a federation pull, `gpos import --org`), the importing organisation, as
    // the MISP import does (misp-marking.ts). Every importer has an organisation, so RED is never refused.
    if (tlp === 'RED' && !submitter.userId) group.note = say('stix.red_to_organisation');
    const loss = Number.isInteger(facts.loss_amount) && typeof facts.loss_currency === 'string' ? { amount: facts.loss_amount as number, currency: facts.loss_currency } : undefined;
    const narrative = str(root.description) ?? str(root.name);
    const candidate: CreateReport = {
      scamType,
      channel,
      victimCountry: str(facts.victim_country) ?? submitter.organisationCountry,
      occurredAt: str(facts.occurred_at) ?? firstObserved ?? sightingSeen ?? indicatorFrom ?? str(root.published) ?? String(root.created),
      ...(loss ? { loss } : {}),
      ...(narrative ? { narrative: cutToUtf16Units(narrative, LIMITS.narrative) } : {}),
      ...(str(root.lang) && /^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*$/.test(String(root.lang)) ? { language: String(root.lang) } : {}),
      confidence: Number.isInteger(root.confidence) ? (root.confidence as number) : 50,
      ...externalRefField(facts.external_ref),
      idempotencyKey: idempotencyKeyOf(group.root.id!),
      marking:
        tlp !== 'RED'
          ? { tlp }
          : submitter.userId
            ? { tlp, recipientUserIds: [submitter.userId], redRecipientScope: 'users' }
            : { tlp, recipientOrganisationIds: [submitter.organisationId], redRecipientScope: 'organisations' },
      indicators: [...identifiers.entries()].map(([key, { canonical }]) => ({ type: canonical.type, value: canonical.value, ...(roles.has(key) ? { role: roles.get(key)! } : {}) })),
    };
    const parsed = createReportSchema.safeParse(candidate);
    if (!parsed.success) {
      const first = parsed.error.issues[0];
      // Quoting what was refused, as a request's refusal does (a report's date from an `occurred_at` it cannot read).
      const errors = issueFieldErrors(parsed.error.issues, candidate, ['gpos']);
      reject(group.root, errors, quotingAs(say('stix.cannot_become_report', { path: String(first?.path.join('.')), message: String(first?.message) }), errors[0]!));
      continue;
    }
    const prepared = ingest.prepare(submitter, parsed.data, 0);
    if (Array.isArray(prepared)) {
      reject(group.root, prepared.map((e) => ({ ...e, path: `gpos.${e.path}` })));
      continue;
    }
    group.input = parsed.data;
  }

  // Members of a rejected report are not imported either.
  for (const group of groups) {
    if (group.root.result.status !== 'rejected') continue;
    for (const member of group.members) {
      if (member !== group.root && live(member) && member.result.status === 'consumed') {
        reject(member, [stixError('object', 'stix.belongs_to_rejected', { kind: group.kind, id: String(group.root.id) })]);
      }
    }
  }

  // ------------------------------------------------------------------------------ what changes here
  const ready = groups.filter((g) => live(g.root) && (g.input !== null || (g.kind === 'report' && g.revoked && g.root.result.status === 'consumed')));
  const existing = await provenanceOf(db, submitter.organisationId, ready.map((g) => g.root.id!));
  // What this node holds is judged as the submitter may see it. Provenance is the organisation's, but a
  // report it names may be a colleague's RED one: a person or key that may not read it may neither
  // correct nor retract it through an import, nor learn its id (PUT and retract answer them 404 alike).
  const viewer = await submitterViewer(db, submitter);
  const localIds = [...new Set([...existing.values()].filter((e) => e.local_type === 'report').map((e) => e.local_id))];
  const seenLocal = localIds.length > 0 ? await visibleReportIds(db, viewer, localIds) : new Set<string>();
  // A bundle exported by this very node names its own reports: those are already here. Only reports the
  // submitter may see count: another id would answer whether a report it may not see exists.
  const ownIds = ready.map((g) => str(extensionOf(g.root.object).gpos_report_id)).filter((id): id is string => id !== undefined && /^[0-9a-f-]{36}$/.test(id));
  const own = ownIds.length > 0 ? await visibleReportIds(db, viewer, [...new Set(ownIds)]) : new Set<string>();
  for (const group of ready) {
    const ownId = str(extensionOf(group.root.object).gpos_report_id);
    const before = existing.get(group.root.id!);
    if (before && !seenLocal.has(before.local_id)) {
      // Imported before by the organisation as a report this submitter may not see (or one that is gone):
      // left as it is, and named neither by id nor by version. A newer version is refused, since it asked
      // for a change that was not made; the same or an older one is a duplicate, as it would be otherwise.
      const asksChange = before.revoked !== 1 && group.modified > (before.modified ?? '');
      if (asksChange) reject(group.root, [stixError('object', 'stix.hidden_local_report')]);
      else {
        group.decision = 'duplicate';
        group.root.result.status = 'duplicate';
        setReason(group.root.result, say('stix.hidden_local_report'));
      }
    } else if (ownId && own.has(ownId) && reportStixId(ownId) === group.root.id) {
      group.decision = 'duplicate';
      group.root.result.status = 'duplicate';
      group.root.result.localType = 'report';
      group.root.result.localId = ownId;
      setReason(group.root.result, say('stix.own_report'));
    } else if (before) {
      group.existing = before;
      group.root.result.localId = before.local_id;
      const withdrawnBefore = before.revoked === PROVENANCE.withdrawn;
      if (before.revoked === PROVENANCE.revoked || group.modified <= (before.modified ?? '') || (withdrawnBefore && group.revoked)) {
        group.decision = 'duplicate';
        group.root.result.status = 'duplicate';
        group.root.result.localType = 'report';
        const why = before.revoked === PROVENANCE.revoked ? say('stix.already_retracted') : group.modified < (before.modified ?? '') ? say('stix.older_version', { modified: stampShown(String(before.modified)) }) : group.modified === before.modified ? say('stix.same_modified') : say('stix.already_withdrawn');
        setReason(group.root.result, why);
      } else if (withdrawnBefore) {
        // Shared with this node again after a withdrawal: a new local report, under a key of this version
        // (the retracted one keeps the object's key, and a retraction is final).
        group.decision = 'create';
        group.input = { ...group.input!, idempotencyKey: idempotencyKeyOf(`${group.root.id!}@${group.modified}`) };
      } else group.decision = group.revoked ? 'retract' : 'correct';
    } else if (group.revoked) {
      unmapped(group.root, say('stix.revoked_never_imported'));
    } else group.decision = 'create';
  }

  // A correction that refers to objects the bundle does not hold (sent with an earlier version, or on an
  // earlier TAXII page) keeps the identifiers the report holds here: the producer did not resend them, which
  // is not taking them away. Only a correction without left-out refs replaces the identifiers outright.
  for (const group of ready) {
    if (group.decision !== 'correct' || !group.input || !group.existing || (leftOut.get(group.root)?.size ?? 0) === 0) continue;
    const held = await db
      .selectFrom('sightings as s')
      .innerJoin('indicators as i', 'i.id', 's.indicator_id')
      .select(['i.type', 'i.value', 's.role'])
      .where('s.report_id', '=', group.existing.local_id)
      .execute();
    const named = new Set(group.input.indicators.map((i) => `${i.type}\u0000${i.value}`));
    for (const h of held) {
      if (group.input.indicators.length >= LIMITS.indicatorsPerReport) break;
      if (named.has(`${h.type}\u0000${h.value}`)) continue;
      named.add(`${h.type}\u0000${h.value}`);
      group.input.indicators.push({ type: h.type as IndicatorType, value: h.value, role: h.role as SightingRole });
    }
  }

  const rejectedCount = entries.filter((e) => e.result.status === 'rejected').length;
  const summarise = (applied: boolean): StixImportResult => {
    for (const entry of entries) {
      if (entry.result.status === 'consumed' && entry.result.reason === null && !applied) setReason(entry.result, say('stix.bundle_not_applied'));
    }
    const summary = Object.fromEntries(STIX_IMPORT_STATUSES.map((s) => [s, entries.filter((e) => e.result.status === s).length])) as StixImportResult['summary'];
    return { bundleId: String(envelope.id), applied, partial, summary, results: entries.map((e) => e.result) };
  };
  if (rejectedCount > 0 && !partial) return summarise(false);

  // ---------------------------------------------------------------------------------------- writes
  const now = nowIso();
  const speaksForSourceNode = sourceNode !== null && options.speaksForSourceNode === true;
  await writeDecisions({ deps, ingest, hooks }, { submitter, context, sourceNode, speaksForSourceNode, now }, ready);

  // Members share their report's fate; observables and indicators point at the local indicators.
  const canonicalKeys = [...canonicalOf.values()].flat();
  const indicatorIds = canonicalKeys.length > 0 ? await indicatorIdsByKey(db, canonicalKeys) : new Map<string, string>();
  const scoProvenance: StixObjectsTable[] = [];
  for (const group of groups) {
    const applied = ['created', 'corrected', 'retracted', 'duplicate'].includes(group.root.result.status);
    const changedHere = group.root.result.status !== 'duplicate';
    // Said only of a report stored now: a duplicate or a rejection keeps its own reason.
    const stored = group.root.result.status === 'created' || group.root.result.status === 'corrected';
    const missing = [...(leftOut.get(group.root) ?? new Map<string, string>())].map(([path, ref]) => ({ path, ref }));
    if (stored && missing.length > 0) {
      group.root.result.errors = missing.slice(0, 20).map(({ path, ref }) => {
        const said = stixError(path, 'stix.ref_left_out', { ref: quote(ref) });
        return { path: cutToUtf16Units(said.path, 400), message: said.message, code: said.code!, params: said.params ?? {} };
      });
      setReason(group.root.result, group.note ?? say('stix.refs_left_out', { count: missing.length }));
    } else if (group.note && stored) setReason(group.root.result, group.note);
    for (const member of group.members) {
      if (member === group.root || member.result.status !== 'consumed') continue;
      if (!applied) {
        setReason(member.result, say('stix.group_not_imported', { kind: group.kind }));
        continue;
      }
      setReason(member.result, say('stix.part_of', { kind: group.kind, id: String(group.root.id) }));
      const canonical = canonicalOf.get(member)?.[0];
      const localId = canonical ? indicatorIds.get(`${canonical.type}\u0000${canonical.value}`) : undefined;
      if (localId && member.type && isScoType(member.type)) {
        member.result.localType = 'indicator';
        member.result.localId = localId;
        // A repeated import writes nothing, not even provenance timestamps.
        if (changedHere) scoProvenance.push({ organisation_id: submitter.organisationId, stix_id: member.id!, stix_type: member.type, local_type: 'indicator', local_id: localId, modified: null, revoked: 0, source_node: sourceNode, created_by_ref: null, imported_at: now, updated_at: now });
      }
    }
  }
  if (scoProvenance.length > 0) await db.transaction().execute((trx) => recordProvenance(trx, scoProvenance));
  return summarise(true);
}
