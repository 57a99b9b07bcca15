import { createHash } from 'node:crypto';
import {
  createReportSchema,
  LIMITS,
  MISP_LIMITS,
  type MispEventResult,
  type MispImportResult,
  type MispSkipped,
  type ParsedCreateReport,
} from '@gpos/contracts';
import stringify from 'safe-stable-stringify';
import type { z } from 'zod';
import type { AuditContext } from '../../platform/audit/index.js';
import { cutToUtf16Units } from '../../platform/cut-text.js';
import { coded, quotingAs, type FieldError } from '../../platform/errors.js';
import { requestRefusals } from '../../platform/http/request-refusals.js';
import { withQuote } from '../../platform/http/validation-errors.js';
import { quoteText } from '../../platform/quote-text.js';
import { normaliseIndicator } from '../indicators/normalise/index.js';
import { INGEST_BATCH, type IngestService, type Submitter } from '../reports/index.js';
import { countryCodeOf, mapAttribute, mapObject, ownScamTypes, ownVictimCountries, scamTypeFrom, victimCountryFromTags, type AttributeDecision, type RawIndicatorInput } from './misp-mapping.js';
import { markingFromMisp } from './misp-marking.js';
import { claimedReportIds, referencedReportId, type OwnReportLookup } from './misp-provenance.js';
import { say, sayError, sayInvalid, sayMalformed, type MispSaid } from './misp-messages.js';
import {
  extractEvents,
  MAX_EVENT_NESTING,
  mispAttributeSchema,
  mispEventSchema,
  mispObjectSchema,
  nestedDeeperThan,
  problemsOf,
  type ExtractedDocument,
  type MispAttribute,
  type MispEvent,
} from './misp-parse.js';

/** A JSON document to import and where it came from (`body`, a file path…), for messages. */
export interface MispDocument {
  source: string;
  json: unknown;
  /** Set when the document could not be read (a missing feed file, invalid JSON): reported as rejected, with its `misp.error_*` code. */
  error?: MispSaid;
  /**
   * Set when the document holds a key no JSON may hold (`json.forbidden_key`, forbidden-keys.ts), as its
   * reader found it: reported as rejected with this error, whose path names the key in the document.
   */
  forbiddenKey?: FieldError;
}

/** What a document holds, as importDocuments reads it: its events, what holds none, or its refusal as a whole. */
type DocumentPart = ExtractedDocument | { kind: 'forbidden_key'; source: string; error: FieldError };

/** An event read and mapped, ready to ingest as one report (or several when it names many identifiers). */
interface PlannedEvent {
  result: MispEventResult;
  inputs: ParsedCreateReport[];
  /** The reports here it was exported from (misp-provenance.ts), named beside those the inputs make. */
  ownReportIds?: string[];
}

const MAX_PARTS = INGEST_BATCH;
const IDEMPOTENCY_PREFIX = 'misp:';

function emptyResult(source: string): MispEventResult {
  return {
    source: cutToUtf16Units(source, LIMITS.description),
    eventUuid: null,
    info: null,
    status: 'skipped',
    reportIds: [],
    idempotencyKey: null,
    tlp: null,
    scamType: null,
    victimCountry: null,
    occurredAt: null,
    errors: [],
    notes: [],
    noteCodes: [],
    counts: { attributes: 0, mapped: 0, qualifiers: 0, skipped: 0, reportsStored: 0, identifiersStored: 0 },
    indicators: [],
    skipped: [],
    skippedNotListed: 0,
  };
}

/** Notes a decision taken for an event: its English in `notes`, its code and params in `noteCodes`, always together. */
function addNote(result: MispEventResult, said: MispSaid): void {
  result.notes.push(said.message);
  result.noteCodes.push({ code: said.code, params: said.params });
}

const cut = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

/** A day the calendar has: JavaScript's Date reads 2026-02-30 as 2 March, which stored a day the event never named. */
function isCalendarDay(ymd: string): boolean {
  const [year, month, day] = ymd.split('-').map(Number) as [number, number, number];
  const at = new Date(Date.UTC(year, month - 1, day));
  return at.getUTCFullYear() === year && at.getUTCMonth() === month - 1 && at.getUTCDate() === day;
}

/**
 * When the event happened: its `date` (MISP's "date of the event", YYYY-MM-DD), else its `timestamp`
 * or `publish_timestamp` (epoch seconds), else the import time — each fallback noted.
 */
function occurredAtOf(event: MispEvent, note: (said: MispSaid) => void): { ok: true; at: string } | { ok: false; error: MispSaid } {
  if (event.date !== undefined && event.date.trim() !== '') {
    const text = event.date.trim();
    const at = /^\d{4}-\d{2}-\d{2}$/.test(text) ? new Date(`${text}T00:00:00.000Z`) : /^\d{4}-\d{2}-\d{2}T/.test(text) ? new Date(text) : new Date(Number.NaN);
    if (Number.isNaN(at.getTime()) || at.getUTCFullYear() < 1970 || !isCalendarDay(text.slice(0, 10))) return { ok: false, error: say('misp.error_not_a_date', { value: quoteText(text) }) };
    return { ok: true, at: at.toISOString() };
  }
  for (const [name, seconds] of [['timestamp', event.timestamp], ['publish_timestamp', event.publish_timestamp]] as const) {
    if (seconds !== undefined && seconds > 0 && seconds < 32_503_680_000) {
      note(say('misp.note_date_from_field', { field: name }));
      return { ok: true, at: new Date(seconds * 1000).toISOString() };
    }
  }
  note(say('misp.note_date_import_time'));
  return { ok: true, at: new Date().toISOString() };
}

/**
 * MISP import: each event becomes one GPOS report through the ingest service (which normalises,
 * deduplicates and commits), so an import is exactly like a partner submitting the same report. The
 * idempotency key `misp:<event uuid>` makes re-importing an event a no-op for the same organisation.
 * Every attribute is accounted for: mapped to an indicator, used to qualify one, or listed as skipped
 * with its reason. An event is all or nothing: its report(s) commit in one transaction or not at all.
 */
export function createMispImportService(services: { ingest: IngestService; ownReports: OwnReportLookup }) {
  async function planEvent(submitter: Submitter, raw: unknown, source: string): Promise<PlannedEvent> {
    const result = emptyResult(source);
    const rawUuid = typeof raw === 'object' && raw !== null && 'uuid' in raw && typeof raw.uuid === 'string' ? raw.uuid.slice(0, 64) : null;
    result.eventUuid = rawUuid;
    // Refused where the nesting goes too deep, before anything recurses through it (see MAX_EVENT_NESTING).
    const tooDeep = nestedDeeperThan(raw, MAX_EVENT_NESTING, 'Event');
    if (tooDeep !== null) {
      result.status = 'rejected';
      result.errors = [sayError(tooDeep, say('misp.error_event_nested_too_deep', { max: MAX_EVENT_NESTING }))];
      return { result, inputs: [] };
    }
    const parsed = mispEventSchema.safeParse(raw);
    if (!parsed.success) {
      result.status = 'rejected';
      result.errors = problemsOf(parsed.error, 'Event', 20, raw);
      return { result, inputs: [] };
    }
    const event = parsed.data;
    result.info = event.info ? cut(event.info.trim(), LIMITS.name) : null;
    const context = { reporterCountry: submitter.organisationCountry };

    let skippedCount = 0;
    /** Lists a skipped attribute or object; what it says is always a `misp.*` message (text, code and params together). */
    const skip = (entry: Omit<MispSkipped, 'value' | 'message' | 'messageCode' | 'messageParams'> & { value: string | null }, said: MispSaid, attributes = 1) => {
      skippedCount += attributes;
      if (result.skipped.length < MISP_LIMITS.skippedListed) {
        // The value quoted as every refusal quotes one (quote-text.ts), within the contract's LIMITS.quotedText.
        result.skipped.push({ ...entry, value: entry.value === null ? null : quoteText(entry.value), message: said.message, messageCode: said.code, messageParams: said.params });
      } else result.skippedNotListed += 1;
    };
    /**
     * Why an attribute or object (`raw`, at `path`) cannot be read: `notIt` for what is no JSON object (the
     * value quoted, when it is text, a number or a boolean), else the first problem of its schema, quoting
     * the value refused as that problem does.
     */
    const malformed = (error: z.ZodError, raw: unknown, path: string, notIt: MispSaid): MispSaid => {
      const problem = typeof raw === 'object' && raw !== null && !Array.isArray(raw) ? problemsOf(error, path, 1, raw)[0] : undefined;
      if (!problem) return withQuote(notIt, [], raw);
      // The English of the problem as zod says it, its quote after the whole sentence.
      return quotingAs(sayMalformed({ ...problem, message: error.issues[0]!.message }), problem);
    };
    const raws: RawIndicatorInput[] = [];
    /** Each of `raws` as its normalised `type\0value`, in the same order. */
    const rawKeys: string[] = [];
    /** Reports of this platform the event names as its origin (misp-provenance.ts). */
    const referenced: string[] = [];
    const seen = new Set<string>();
    const keptTags: string[] = [];
    const keptDistributions: (number | undefined)[] = [];
    const countryHints: string[] = [];
    let total = 0;
    let mapped = 0;
    let qualifiers = 0;

    // `distributions`: the attribute's own and, inside an object, the object's: each narrows (MISP applies the
    // strictest of event, object and attribute), so an attribute's own distribution never lifts its object's.
    const apply = (decision: AttributeDecision, path: string, attribute: MispAttribute, objectName: string | null, distributions: (number | undefined)[]) => {
      const base = { path, mispType: cut(attribute.type, LIMITS.shortText), objectName, relation: attribute.object_relation ? cut(attribute.object_relation, LIMITS.shortText) : null };
      if (decision.kind === 'qualifier') {
        qualifiers += 1;
        if (decision.country) countryHints.push(decision.country);
        return;
      }
      if (decision.kind === 'unmodelled') {
        skip({ ...base, value: attribute.value, reason: 'unmodelled' }, decision);
        return;
      }
      let kept = 0;
      for (const rawIndicator of decision.raws) {
        const normalised = normaliseIndicator(rawIndicator, context);
        if (!normalised.ok) {
          skip({ ...base, value: rawIndicator.value, reason: 'invalid' }, sayInvalid(rawIndicator.type, normalised), decision.raws.length === 1 ? 1 : 0);
          continue;
        }
        kept += 1;
        const key = `${normalised.indicator.type}\u0000${normalised.indicator.value}`;
        if (!seen.has(key)) {
          seen.add(key);
          raws.push(rawIndicator);
          rawKeys.push(key);
        }
        if (result.indicators.length < MISP_LIMITS.indicatorsListed) {
          result.indicators.push({ ...base, type: normalised.indicator.type, value: normalised.indicator.value });
        }
      }
      if (kept > 0) {
        mapped += 1;
        keptTags.push(...attribute.Tag);
        keptDistributions.push(...distributions);
      } else if (decision.raws.length > 1) {
        skippedCount += 1;
      }
    };

    event.Attribute.forEach((rawAttribute, i) => {
      const path = `Event.Attribute[${i}]`;
      total += 1;
      const attribute = mispAttributeSchema.safeParse(rawAttribute);
      if (!attribute.success) {
        skip({ path, mispType: null, objectName: null, relation: null, value: null, reason: 'malformed' }, malformed(attribute.error, rawAttribute, path, say('misp.not_attribute')));
        return;
      }
      if (attribute.data.deleted) {
        skip({ path, mispType: cut(attribute.data.type, LIMITS.shortText), objectName: null, relation: null, value: attribute.data.value, reason: 'deleted' }, say('misp.deleted'));
        return;
      }
      // A report this platform exported the event from qualifies the event: what is here already is not created again.
      const reportId = referencedReportId(attribute.data);
      if (reportId !== null) {
        qualifiers += 1;
        referenced.push(reportId);
        return;
      }
      apply(mapAttribute(attribute.data.type, attribute.data.value), path, attribute.data, null, [ownDistribution(attribute.data)]);
    });

    event.Object.forEach((rawObject, j) => {
      const path = `Event.Object[${j}]`;
      const object = mispObjectSchema.safeParse(rawObject);
      if (!object.success) {
        const count = typeof rawObject === 'object' && rawObject !== null && 'Attribute' in rawObject && Array.isArray(rawObject.Attribute) ? rawObject.Attribute.length : 1;
        total += count;
        skip({ path, mispType: null, objectName: null, relation: null, value: null, reason: 'malformed' }, malformed(object.error, rawObject, path, say('misp.not_object')), count);
        return;
      }
      const name = cut(object.data.name, LIMITS.shortText);
      total += object.data.Attribute.length;
      if (object.data.deleted) {
        skip({ path, mispType: null, objectName: name, relation: null, value: null, reason: 'deleted' }, say('misp.object_deleted', { object: name, attributes: object.data.Attribute.length }), object.data.Attribute.length);
        return;
      }
      const attributes: { path: string; attribute: MispAttribute }[] = [];
      object.data.Attribute.forEach((rawAttribute, i) => {
        const attributePath = `${path}.Attribute[${i}]`;
        const attribute = mispAttributeSchema.safeParse(rawAttribute);
        if (!attribute.success) {
          skip({ path: attributePath, mispType: null, objectName: name, relation: null, value: null, reason: 'malformed' }, malformed(attribute.error, rawAttribute, attributePath, say('misp.not_attribute')));
        } else if (attribute.data.deleted) {
          skip({ path: attributePath, mispType: cut(attribute.data.type, LIMITS.shortText), objectName: name, relation: attribute.data.object_relation ?? null, value: attribute.data.value, reason: 'deleted' }, say('misp.deleted'));
        } else {
          attributes.push({ path: attributePath, attribute: attribute.data });
        }
      });
      const mapping = mapObject(object.data.name, attributes.map(({ attribute }) => ({ relation: attribute.object_relation, type: attribute.type, value: attribute.value })));
      if (mapping.unmodelledObject) {
        if (attributes.length > 0) skip({ path, mispType: null, objectName: name, relation: null, value: null, reason: 'unmodelled' }, mapping.unmodelledObject, attributes.length);
        return;
      }
      const objectDistribution = ownDistribution(object.data);
      mapping.decisions.forEach((decision, i) => {
        const { path: attributePath, attribute } = attributes[i]!;
        apply(decision, attributePath, attribute, name, [ownDistribution(attribute), objectDistribution]);
      });
    });

    result.counts = { attributes: total, mapped, qualifiers, skipped: skippedCount, reportsStored: 0, identifiersStored: 0 };
    const key = event.uuid ? `${IDEMPOTENCY_PREFIX}${event.uuid.trim().toLowerCase()}` : `${IDEMPOTENCY_PREFIX}sha256:${createHash('sha256').update(stringify(raw) ?? '').digest('hex').slice(0, 40)}`;
    result.idempotencyKey = key;
    const note = (said: MispSaid) => addNote(result, said);
    if (!event.uuid) note(say('misp.note_no_uuid'));

    if (raws.length === 0) {
      result.status = 'skipped';
      result.errors = [
        sayError('Event', total === 0 ? say('misp.error_no_content') : total === 1 ? say('misp.error_no_identifier_single') : say('misp.error_no_identifier', { attributes: total })),
      ];
      return { result, inputs: [] };
    }
    let parts = Math.ceil(raws.length / LIMITS.indicatorsPerReport);
    if (parts > MAX_PARTS) {
      result.status = 'rejected';
      result.errors = [sayError('Event', say('misp.error_too_many_identifiers', { identifiers: raws.length, max: MAX_PARTS * LIMITS.indicatorsPerReport }))];
      return { result, inputs: [] };
    }

    const occurredAt = occurredAtOf(event, note);
    if (!occurredAt.ok) {
      result.status = 'rejected';
      result.errors = [sayError('Event.date', occurredAt.error)];
      return { result, inputs: [] };
    }
    // Galaxies speak through the tags MISP gives their clusters; older exports carry only the Galaxy block.
    const galaxyTags = event.Galaxy.flatMap((g) => g.GalaxyCluster.map((c) => c.tag_name ?? `misp-galaxy:${c.type ?? g.type ?? ''}="${c.value ?? ''}"`));
    const labels = [...event.Tag, ...galaxyTags, ...event.Galaxy.flatMap((g) => [g.name ?? '', ...g.GalaxyCluster.map((c) => c.value ?? '')])];
    const scamType = scamTypeFrom(labels);
    if (scamType === 'other') note(say('misp.note_scam_type_other'));
    // One event is reports of one scam type and victim country: what else its tags name is said, not dropped unsaid.
    const scamTypes = ownScamTypes(labels);
    if (scamTypes.length > 1) note(say('misp.note_scam_types_several', { count: scamTypes.length, types: scamTypes.join(', '), chosen: scamType }));
    const victimCountries = ownVictimCountries(event.Tag);
    if (victimCountries.length > 1) note(say('misp.note_victim_countries_several', { count: victimCountries.length, countries: victimCountries.join(', '), chosen: victimCountries[0]! }));

    let victimCountry = victimCountryFromTags([...event.Tag, ...galaxyTags]);
    if (!victimCountry && countryHints[0]) {
      victimCountry = countryHints[0];
      note(say('misp.note_country_from_target', { country: victimCountry }));
    }
    if (!victimCountry) {
      const nationality = countryCodeOf(event.Orgc?.nationality) ?? countryCodeOf(event.Org?.nationality);
      if (nationality) {
        victimCountry = nationality;
        note(say('misp.note_country_from_misp_org', { country: nationality }));
      }
    }
    if (!victimCountry) {
      victimCountry = submitter.organisationCountry;
      note(say('misp.note_country_from_own_org', { country: victimCountry }));
    }

    const distribution = ownDistribution(event);
    const marking = markingFromMisp({ tags: [...event.Tag, ...keptTags], distributions: [distribution, ...keptDistributions] }, submitter);
    marking.said.forEach(note);
    note(say('misp.note_loss_unknown'));
    result.tlp = marking.tlp;
    result.scamType = scamType;
    result.victimCountry = victimCountry;
    result.occurredAt = occurredAt.at;

    // An event this platform exported, imported back: the reports it was made from that are here are not
    // made again, nor the identifiers they hold. One the importer may not see counts as unknown (the
    // lookup leaves it out), so the answer is what it would be had it never existed.
    const claimed = claimedReportIds(event.uuid, referenced);
    const here = claimed ? await services.ownReports(submitter, claimed) : null;
    let ownReportIds: string[] | undefined;
    if (claimed && here && here.ids.length > 0) {
      const left = raws.filter((_, i) => !here.held.has(rawKeys[i]!));
      result.reportIds = here.ids;
      if (here.ids.length === claimed.length) {
        // Identifiers none of them holds were added in MISP since the export (or taken out of a report here):
        // not applied, as an edited event imported before is not (misp.note_duplicate_changed).
        result.status = 'duplicate';
        note(left.length === 0 ? say('misp.note_own_reports', { reports: here.ids.length }) : say('misp.note_own_reports_changed', { reports: here.ids.length, identifiers: left.length }));
        return { result, inputs: [] };
      }
      if (left.length === 0) {
        result.status = 'duplicate';
        note(say('misp.note_own_reports_some', { here: here.ids.length, reports: claimed.length }));
        return { result, inputs: [] };
      }
      note(say('misp.note_own_reports_some_rest', { here: here.ids.length, reports: claimed.length, identifiers: left.length }));
      raws.splice(0, raws.length, ...left);
      parts = Math.ceil(raws.length / LIMITS.indicatorsPerReport);
      ownReportIds = here.ids;
    }
    const narrative = event.info?.trim() ? cut(event.info.trim(), LIMITS.narrative) : undefined;
    const inputs: ParsedCreateReport[] = [];
    for (let part = 0; part < parts; part++) {
      const reportBody = {
        scamType,
        channel: 'other',
        victimCountry,
        occurredAt: occurredAt.at,
        ...(narrative ? { narrative } : {}),
        ...(event.uuid ? { externalRef: `misp-event:${cut(event.uuid.trim(), 64)}` } : {}),
        idempotencyKey: part === 0 ? key : `${key}#${part + 1}`,
        marking: marking.marking,
        indicators: raws.slice(part * LIMITS.indicatorsPerReport, (part + 1) * LIMITS.indicatorsPerReport),
      };
      const candidate = createReportSchema.safeParse(reportBody);
      if (!candidate.success) {
        result.status = 'rejected';
        result.errors = problemsOf(candidate.error, 'report', 20, reportBody);
        return { result, inputs: [] };
      }
      inputs.push(candidate.data);
    }
    if (parts > 1) note(say('misp.note_split', { identifiers: raws.length, reports: parts, perReport: LIMITS.indicatorsPerReport }));
    result.status = 'accepted';
    return { result, inputs, ...(ownReportIds ? { ownReportIds } : {}) };
  }

  /**
   * Imports every event of the documents. Events are ingested in batches of up to INGEST_BATCH reports
   * (one transaction each, an event never split across two); results come back in document order.
   */
  async function importDocuments(submitter: Submitter, context: AuditContext, documents: readonly MispDocument[], options: { maxEvents?: number } = {}): Promise<MispImportResult> {
    const results: MispEventResult[] = [];
    let pending: PlannedEvent[] = [];
    let pendingReports = 0;

    const flush = async () => {
      if (pending.length === 0) return;
      const batch = pending;
      pending = [];
      pendingReports = 0;
      // The key names the MISP event: an edited event is a duplicate whose change is said (below).
      const outcomes = await services.ingest.ingestBatch(submitter, context, batch.flatMap((p) => p.inputs), 'report.misp_import', undefined, { sameKeyOtherContent: 'duplicate' });
      let offset = 0;
      for (const planned of batch) {
        const mine = outcomes.slice(offset, offset + planned.inputs.length);
        offset += planned.inputs.length;
        const rejected = mine.flatMap((o) => (o.status === 'rejected' ? o.errors : []));
        if (rejected.length > 0) {
          planned.result.status = 'rejected';
          // The ingest's own errors, with the code and params they carry (a schema's or a normaliser's).
          planned.result.errors = rejected
            .slice(0, 100)
            .map((e) => ({ path: `report.${e.path}`, message: e.message, ...(e.code === undefined ? {} : { code: e.code }), ...(e.params === undefined ? {} : { params: e.params }) }));
          planned.result.reportIds = [];
          continue;
        }
        // A duplicate of a report the importer may not see (a colleague's RED one) names no id: see ReportService.create.
        const made = mine.flatMap((o) => (o.status === 'rejected' || (o.status === 'duplicate' && !o.visible) ? [] : [o.reportId]));
        planned.result.reportIds = [...(planned.ownReportIds ?? []), ...made];
        planned.result.status = mine.every((o) => o.status === 'duplicate') ? 'duplicate' : 'accepted';
        // What this import stored: the reports it created and the identifiers they name (with those the
        // ingest derives, a URL's domain…, as the reports show them).
        for (const o of mine) {
          if (o.status !== 'accepted') continue;
          planned.result.counts.reportsStored += 1;
          planned.result.counts.identifiersStored += o.indicators.length;
        }
        if (planned.result.status === 'duplicate') {
          // An event edited in MISP since it was imported comes back under its key with other content; its
          // edits are not applied (docs/misp.md), and that is said rather than "nothing changed". An event
          // dated by the import's own time differs on every import, so it cannot be told (see occurredAtOf).
          const dated = !planned.result.noteCodes.some((n) => n.code === 'misp.note_date_import_time');
          const changed = dated && mine.some((o) => o.status === 'duplicate' && o.otherContent);
          // A report of the event retracted here: the key still names it, and a retraction is final, so the
          // event is not imported again (the note used to advise retracting and importing again, which
          // answered this very duplicate).
          const retracted = mine.some((o) => o.status === 'duplicate' && o.retracted);
          const code = retracted ? 'misp.note_duplicate_retracted' : changed ? 'misp.note_duplicate_changed' : 'misp.note_duplicate';
          addNote(planned.result, say(code, { key: planned.result.idempotencyKey ?? '' }));
        }
      }
    };

    const extractedAll = documents.flatMap((document): DocumentPart[] =>
      document.forbiddenKey !== undefined
        ? [{ kind: 'forbidden_key' as const, source: document.source, error: document.forbiddenKey }]
        : document.error !== undefined
          ? [{ kind: 'not_event' as const, source: document.source, status: 'rejected' as const, said: document.error }]
          : extractEvents(document.json, document.source, options.maxEvents === undefined ? undefined : options.maxEvents + 1),
    );
    if (options.maxEvents !== undefined && extractedAll.length > options.maxEvents) {
      throw coded('payload_too_large', requestRefusals.say('request.misp_too_many_events', { max: options.maxEvents }), {
        errors: [sayError('body', say('misp.error_too_many_events', { max: options.maxEvents }))],
      });
    }
    for (const extracted of extractedAll) {
      if (extracted.kind === 'forbidden_key') {
        // Refused whole, as the route's JSON parser refuses such a body: no event of it is read.
        const result = emptyResult(extracted.source);
        result.status = 'rejected';
        result.errors = [extracted.error];
        results.push(result);
        continue;
      }
      if (extracted.kind === 'not_event') {
        const result = emptyResult(extracted.source);
        result.status = extracted.status;
        result.errors = [sayError(cutToUtf16Units(extracted.source, LIMITS.name), extracted.said)];
        results.push(result);
        continue;
      }
      const planned = await planEvent(submitter, extracted.event, extracted.source);
      results.push(planned.result);
      if (planned.inputs.length === 0) continue;
      if (pendingReports + planned.inputs.length > INGEST_BATCH) await flush();
      pending.push(planned);
      pendingReports += planned.inputs.length;
    }
    await flush();
    return { events: results, summary: summarise(results) };
  }

  return { importDocuments, planEvent };
}

export function summarise(events: readonly MispEventResult[]): MispImportResult['summary'] {
  const count = (status: MispEventResult['status']) => events.filter((e) => e.status === status).length;
  const sum = (of: (e: MispEventResult) => number) => events.reduce((n, e) => n + of(e), 0);
  return {
    events: events.length,
    accepted: count('accepted'),
    duplicates: count('duplicate'),
    rejected: count('rejected'),
    skipped: count('skipped'),
    attributes: events.reduce((n, e) => n + e.counts.attributes, 0),
    mapped: events.reduce((n, e) => n + e.counts.mapped, 0),
    skippedAttributes: events.reduce((n, e) => n + e.counts.skipped, 0),
    reportsStored: sum((e) => e.counts.reportsStored),
    identifiersStored: sum((e) => e.counts.identifiersStored),
    // A rejected event stored nothing; the others' mapped attributes are here (imported now, or before).
    mappedStored: sum((e) => (e.status === 'rejected' ? 0 : e.counts.mapped)),
    mappedInRejected: sum((e) => (e.status === 'rejected' ? e.counts.mapped : 0)),
  };
}

export type MispImportService = ReturnType<typeof createMispImportService>;

/**
 * The distribution an event, object or attribute sets itself (undefined: it inherits). 5 is MISP's
 * "inherit"; a sharing group with no distribution given counts as 4 (sharing group), so that it narrows
 * like one: read only from the distribution, it was inherited and a CLEAR event made it public.
 */
function ownDistribution(item: { distribution?: number | undefined; sharing_group_id?: number | undefined }): number | undefined {
  if (item.distribution !== undefined) return item.distribution === 5 ? undefined : item.distribution;
  return item.sharing_group_id !== undefined && item.sharing_group_id > 0 ? 4 : undefined;
}
