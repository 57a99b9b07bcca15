import type { IndicatorType } from '@gpos/contracts';
import { strictestMarkingRefs, markingRefsOf } from '../../platform/sharing/marking.stix.js';
import { reportIndicatorId } from '../indicators/indicator.stix.js';
import { reportToStix, type ReportStixInput, type StixObject } from '../reports/report.stix.js';
import { GPOS_EXTENSIONS, GPOS_PLATFORM_IDENTITY, gposId, stixTimestamp } from '../stix/stix-ids.js';

/**
 * Networks as STIX: an `intrusion-set` (the criminal network as GPOS sees it) with an `indicates`
 * `relationship` from every report's indicator to it, plus the reports themselves (report.stix.ts).
 * Pure: the caller passes only reports the viewer may see. The intrusion-set summarises all of them, so
 * it and its relationships carry the strictest of their markings — never a wider audience than any part.
 */
export interface NetworkStixInput {
  id: string;
  name: string;
  summary: string | null;
  firstActivity: string | null;
  lastActivity: string | null;
  /** Visible reports of the network, each with its identifiers (at least one). */
  reports: ReportStixInput[];
}

export const networkStixId = (networkId: string): string => gposId('intrusion-set', networkId);

export function networkToStix(network: NetworkStixInput, decayDays: Record<IndicatorType, number>): StixObject[] {
  const reports = [...network.reports].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const markingRefs = strictestMarkingRefs(reports.map((r) => markingRefsOf(r.marking)));
  const objects: StixObject[] = reports.flatMap((r) => reportToStix(r, decayDays));
  const setId = networkStixId(network.id);
  // Dated by the reports the viewer sees, never by the network row: it was made, and is stamped again, by
  // reports of any marking, so its times would date a hidden report joining it (security review, session 26).
  const created = stixTimestamp(reports.map((r) => r.createdAt).reduce((a, b) => (b < a ? b : a)));
  const modified = stixTimestamp(reports.map((r) => r.updatedAt).reduce((a, b) => (b > a ? b : a)));
  const intrusionSet: StixObject = {
    type: 'intrusion-set',
    spec_version: '2.1',
    id: setId,
    created_by_ref: GPOS_PLATFORM_IDENTITY,
    created,
    modified,
    name: network.name,
    ...(network.summary ? { description: network.summary } : {}),
    ...(network.firstActivity ? { first_seen: stixTimestamp(network.firstActivity) } : {}),
    ...(network.lastActivity ? { last_seen: stixTimestamp(network.lastActivity) } : {}),
    ...(markingRefs.length > 0 ? { object_marking_refs: markingRefs } : {}),
    extensions: { [GPOS_EXTENSIONS.properties]: { extension_type: 'property-extension', gpos_network_id: network.id } },
  };
  objects.push(intrusionSet);
  for (const report of reports) {
    for (const indicator of report.indicators) {
      if (indicator.benign) continue;
      const source = reportIndicatorId(report.id, indicator.id);
      objects.push({
        type: 'relationship',
        spec_version: '2.1',
        id: gposId('relationship', 'indicates', source, setId),
        created_by_ref: GPOS_PLATFORM_IDENTITY,
        created,
        modified,
        relationship_type: 'indicates',
        source_ref: source,
        target_ref: setId,
        ...(markingRefs.length > 0 ? { object_marking_refs: markingRefs } : {}),
      });
    }
  }
  return objects;
}
