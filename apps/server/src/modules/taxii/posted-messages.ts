import type { StixImportObjectResult } from '@gpos/contracts';
import { cutToUtf16Units } from '../../platform/cut-text.js';
import { reportStixId } from '../reports/report.stix.js';

/**
 * The `message` of one object of a POST in its status resource (TAXII 2.1 §4.3.1: a string). The STIX
 * importer stores what a client adds as GPOS reports, which this server serves under its own STIX ids
 * (docs/stix.md), so `GET objects/<the id sent>/` answers 404: a success names where the object went —
 * the GPOS report and the STIX id of the `report` this server serves it as (its `object_refs` name the
 * objects it holds), in the collection its markings decide. An object taken into another object's report
 * (`consumed`: a sighting, an observable, the members of a posted report) says so; that report's own
 * success names it. One whose report was not stored (its root refused, the bundle not applied) says that
 * instead: it was not stored either. A failure says why, as before.
 */
export function postedObjectMessage(r: Pick<StixImportObjectResult, 'status' | 'reason' | 'reasonCode' | 'localType' | 'localId'>): string {
  if (r.status === 'rejected' || r.status === 'unmapped') return cutToUtf16Units(`${r.status}: ${r.reason ?? ''}`, 2000);
  if (r.status === 'consumed' && r.reason !== null && r.reasonCode !== 'stix.part_of') return cutToUtf16Units(`consumed: ${r.reason}`, 2000);
  if (r.localType === 'report' && r.localId) {
    const served = reportStixId(r.localId);
    return `${r.status}: stored as GPOS report ${r.localId} under this server's own STIX ids; served as ${served} (GET objects/${served}/ in the collection its markings decide; its object_refs name the objects it holds)`;
  }
  if (r.status === 'consumed') return 'consumed: stored within the GPOS report of the object it belongs to, under this server\'s own STIX ids (that object\'s success names the report)';
  return r.status;
}
