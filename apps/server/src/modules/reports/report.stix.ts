import type { Channel, IndicatorType, ScamType, SightingRole, Tlp } from '@gpos/contracts';
import { gposMarkingDefinition, markingRefsOf, restrictsBeyondTlp, tlpMarkingDefinition, type MarkingStixInput } from '../../platform/sharing/marking.stix.js';
import { indicatorToSco, reportIndicatorToStix, type IndicatorStixInput } from '../indicators/indicator.stix.js';
import { organisationIdentityId, organisationToStix, type OrganisationStixInput } from '../organisations/organisation.stix.js';
import { GPOS_EXTENSIONS, gposId, stixTimestamp } from '../stix/stix-ids.js';

/**
 * Reports as STIX. One GPOS report becomes:
 *   - a `report` (id: UUIDv5 of our report id under the GPOS namespace; created = our created_at,
 *     modified = our updated_at, so a correction is a new `modified` version of the same id and a
 *     retraction the last version, with `revoked: true`), labelled with its scam type and carrying the
 *     GPOS facts (channel, victim country, occurrence, loss) in our property extension;
 *   - an `observed-data` of its identifiers at the time of the scam;
 *   - per identifier: its SCO, an `indicator` SDO (this report's assertion) and a `sighting` of that
 *     indicator where_sighted_refs the reporting organisation's `identity`, with the identifier's role;
 *   - the reporting organisation's `identity` and the marking-definitions it is marked with.
 * Every object is marked like the report. Pure: the caller loads what the viewer may see.
 */
export interface ReportStixInput {
  id: string;
  organisation: OrganisationStixInput;
  marking: MarkingStixInput;
  scamType: ScamType;
  channel: Channel;
  victimCountry: string;
  occurredAt: string;
  loss: { amount: number; currency: string; usd: number | null } | null;
  narrative: string | null;
  language: string | null;
  confidence: number;
  externalRef: string | null;
  status: 'active' | 'retracted';
  version: number;
  retractionReason: string | null;
  createdAt: string;
  updatedAt: string;
  indicators: (IndicatorStixInput & { role: SightingRole; benign: boolean })[];
}

export const reportStixId = (reportId: string): string => gposId('report', reportId);
export const reportSightingId = (reportId: string, indicatorId: string): string => gposId('sighting', reportId, indicatorId);

export type StixObject = Record<string, unknown> & { type: string; id: string };

const CHANNEL_NAMES: Record<Channel, string> = {
  call: 'phone call',
  sms: 'SMS',
  messaging_app: 'messaging app',
  social_media: 'social media',
  website: 'website',
  email: 'e-mail',
  dating_app: 'dating app',
  other: 'other channel',
};

/** The marking-definitions a record with this marking refers to (TLP 2.0, plus ours when narrower). */
export function markingObjectsOf(marking: MarkingStixInput): StixObject[] {
  const objects: StixObject[] = [tlpMarkingDefinition(marking.tlp) as unknown as StixObject];
  if (restrictsBeyondTlp(marking)) objects.push(gposMarkingDefinition(marking) as StixObject);
  return objects;
}

/** What every object of one report shares, worked out once per report rather than once per object. */
interface ReportContext {
  markingRefs: string[];
  identity: string;
  revoked: boolean;
  created: string;
  modified: string;
  occurred: string;
}

function contextOf(report: ReportStixInput): ReportContext {
  return {
    markingRefs: markingRefsOf(report.marking),
    identity: organisationIdentityId(report.organisation.id),
    revoked: report.status === 'retracted',
    created: stixTimestamp(report.createdAt),
    modified: stixTimestamp(report.updatedAt),
    occurred: stixTimestamp(report.occurredAt),
  };
}

/**
 * The per-indicator objects of one report (SCO, indicator, sighting), shared by the report, indicator and
 * network exports so every export emits the same bytes for them.
 */
export function reportIndicatorObjects(report: ReportStixInput, indicator: ReportStixInput['indicators'][number], decayDays: Record<IndicatorType, number>): StixObject[] {
  return indicatorObjectsIn(report, contextOf(report), indicator, decayDays);
}

function indicatorObjectsIn(report: ReportStixInput, context: ReportContext, indicator: ReportStixInput['indicators'][number], decayDays: Record<IndicatorType, number>): StixObject[] {
  const { markingRefs, identity, revoked, created, modified, occurred } = context;
  const sco = indicatorToSco(indicator);
  const sdo = reportIndicatorToStix({
    reportId: report.id,
    indicator,
    sco,
    createdByRef: identity,
    created,
    modified,
    occurredAt: occurred,
    decayDays: decayDays[indicator.type],
    confidence: report.confidence,
    markingRefs,
    revoked,
    facts: { scam_type: report.scamType, channel: report.channel, victim_country: report.victimCountry },
  });
  const sighting = {
    type: 'sighting',
    spec_version: '2.1',
    id: reportSightingId(report.id, indicator.id),
    created_by_ref: identity,
    created,
    modified,
    first_seen: occurred,
    last_seen: occurred,
    count: 1,
    sighting_of_ref: sdo.id,
    where_sighted_refs: [identity],
    confidence: report.confidence,
    ...(revoked ? { revoked: true } : {}),
    object_marking_refs: markingRefs,
    extensions: { [GPOS_EXTENSIONS.properties]: { extension_type: 'property-extension', role: indicator.role } },
  };
  return [{ ...sco, object_marking_refs: markingRefs }, sdo as StixObject, sighting];
}

export function reportToStix(report: ReportStixInput, decayDays: Record<IndicatorType, number>): StixObject[] {
  const context = contextOf(report);
  const { markingRefs, identity, revoked, created, modified, occurred } = context;
  const perIndicator = report.indicators.flatMap((i) => indicatorObjectsIn(report, context, i, decayDays));
  const scoIds = perIndicator.filter((o) => o.type !== 'indicator' && o.type !== 'sighting').map((o) => o.id);
  const observed = {
    type: 'observed-data',
    spec_version: '2.1',
    id: gposId('observed-data', report.id),
    created_by_ref: identity,
    created,
    modified,
    first_observed: occurred,
    last_observed: occurred,
    number_observed: 1,
    object_refs: [...new Set(scoIds)].sort(),
    confidence: report.confidence,
    ...(revoked ? { revoked: true } : {}),
    object_marking_refs: markingRefs,
  };
  const extension: Record<string, unknown> = {
    extension_type: 'property-extension',
    scam_type: report.scamType,
    channel: report.channel,
    victim_country: report.victimCountry,
    occurred_at: occurred,
  };
  if (report.loss) {
    extension.loss_amount = report.loss.amount;
    extension.loss_currency = report.loss.currency;
    if (report.loss.usd !== null) extension.loss_usd_cents = report.loss.usd;
  }
  if (report.externalRef) extension.external_ref = report.externalRef;
  extension.gpos_report_id = report.id;
  extension.version = report.version;
  if (report.retractionReason) extension.retraction_reason = report.retractionReason;
  // A retracted report has no sightings left, and an observed-data must observe something.
  const observedObjects: StixObject[] = scoIds.length > 0 ? [observed] : [];
  const refs = [identity, ...observedObjects.map((o) => o.id), ...perIndicator.map((o) => o.id)];
  const stixReport = {
    type: 'report',
    spec_version: '2.1',
    id: reportStixId(report.id),
    created_by_ref: identity,
    created,
    modified,
    name: `Scam report: ${report.scamType.replace(/_/g, ' ')} scam by ${CHANNEL_NAMES[report.channel]}, victim in ${report.victimCountry}, ${occurred.slice(0, 10)}`,
    ...(report.narrative ? { description: report.narrative } : {}),
    report_types: ['threat-report'],
    published: created,
    object_refs: [...new Set(refs)].sort(),
    labels: [report.scamType],
    confidence: report.confidence,
    ...(report.language ? { lang: report.language } : {}),
    ...(revoked ? { revoked: true } : {}),
    object_marking_refs: markingRefs,
    extensions: { [GPOS_EXTENSIONS.properties]: extension },
  };
  return [organisationToStix(report.organisation) as StixObject, ...markingObjectsOf(report.marking), ...perIndicator, ...observedObjects, stixReport];
}

export type { Tlp };
