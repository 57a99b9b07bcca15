import { MISP_LIMITS } from '@gpos/contracts';
import { v5 as uuidv5 } from 'uuid';
import type { ServerDeps } from '../../platform/context.js';
import { submitterViewer, visibleReportIds, type Submitter } from '../reports/index.js';

/**
 * How an event exported by this platform names the reports it was made from, so that importing it back
 * creates none of them again (docs/misp.md, "Round trips").
 *
 * Each report travels as an attribute of MISP's category `Internal reference` ("reference used by the
 * publishing party, e.g. ticket number"), type `text`, value `gpos-report:<report id>`: MISP keeps every
 * attribute it is sent, while an event tag it does not know yet is dropped unless the importing user may
 * create tags (and one tag per report would fill its tag list). The STIX export says the same with its
 * `gpos_report_id` property. The event's uuid is the UUIDv5 of the report ids (exportEventUuid), so an
 * event whose uuid is not that of the ids it names — edited in MISP, or made up — claims no report.
 */

/** Namespace of every UUID GPOS derives for MISP (UUIDv5), so the same reports always export the same uuids. */
export const GPOS_MISP_NAMESPACE = uuidv5('https://gpos.example/misp', uuidv5.URL);

/** The uuid of the event exported of these reports: the same reports, in any order, the same uuid. */
export function exportEventUuid(reportIds: readonly string[]): string {
  return uuidv5(`event:${[...new Set(reportIds)].sort().join(',')}`, GPOS_MISP_NAMESPACE);
}

/** MISP's category for a reference of the publishing party's own. */
export const REPORT_REFERENCE_CATEGORY = 'Internal reference';
const REPORT_REFERENCE = /^gpos-report:([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i;

/** The attribute value that names a report. */
export const reportReference = (reportId: string) => `gpos-report:${reportId}`;

/** The report an attribute names as the event's origin (its id in lower case), or null when it is no such reference. */
export function referencedReportId(attribute: { type: string; category?: string | undefined; value: string }): string | null {
  if (attribute.type !== 'text' || attribute.category !== REPORT_REFERENCE_CATEGORY) return null;
  return REPORT_REFERENCE.exec(attribute.value.trim())?.[1]?.toLowerCase() ?? null;
}

/**
 * The reports an event says it was exported from, when its uuid is the one this platform gives the export
 * of exactly those reports; null otherwise (no reference, more than an export holds, or another uuid).
 */
export function claimedReportIds(eventUuid: string | undefined, referenced: readonly string[]): string[] | null {
  const ids = [...new Set(referenced)].sort();
  if (ids.length === 0 || ids.length > MISP_LIMITS.exportReports || !eventUuid) return null;
  return exportEventUuid(ids) === eventUuid.trim().toLowerCase() ? ids : null;
}

/** Of the reports an event claims, those here that the importer may see, and the identifiers they hold (`type\0value`). */
export interface OwnReportsHere {
  ids: string[];
  held: ReadonlySet<string>;
}

/**
 * Which claimed reports are here, as the submitter may see them. A report it may not see (another
 * organisation's, a colleague's RED one) counts as unknown, exactly as one that does not exist: what the
 * import does and says must not tell whether it exists.
 */
export function createOwnReportLookup(db: ServerDeps['db']) {
  return async (submitter: Submitter, claimed: readonly string[]): Promise<OwnReportsHere> => {
    const visible = await visibleReportIds(db, await submitterViewer(db, submitter), [...claimed]);
    const ids = claimed.filter((id) => visible.has(id));
    if (ids.length === 0) return { ids, held: new Set() };
    const rows = await db.selectFrom('sightings as s').innerJoin('indicators as i', 'i.id', 's.indicator_id').select(['i.type', 'i.value']).where('s.report_id', 'in', ids).execute();
    return { ids, held: new Set(rows.map((r) => `${r.type}\u0000${r.value}`)) };
  };
}

export type OwnReportLookup = ReturnType<typeof createOwnReportLookup>;
