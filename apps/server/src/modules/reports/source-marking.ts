import type { Db } from '../../db/index.js';
import type { ReportsTable } from '../../db/schema.js';
import type { FieldError } from '../../platform/errors.js';
import { loadMarking, wideningOf, type Marking } from '../../platform/sharing/index.js';
import type { Submitter } from './ingest-outcomes.js';
import { reportRefusals } from './report-refusals.js';

/**
 * The marking a correction may not widen, and why: a report's own bound, or null when it has none.
 *
 * A report imported from another node (`reports.source_node`) came with its source's sharing terms, and
 * TLP forbids a recipient to pass it on wider than they allow. So a correction made here — any version
 * that does not come from that node: a PUT by the organisation standing for the peer, or a STIX import of a
 * newer version naming no node or another one — may keep or narrow the report's marking, never widen it
 * (wideningOf). The bound is the report's current marking: the one its source's last version arrived with
 * (the importer maps it on arrival), or one a correction here narrowed it to. Every correction here is held
 * to this, so the current marking is never wider than the one that arrived; the node keeps no earlier
 * versions to compare with, and a narrowing made here is undone by the source's next version. A version
 * from the source itself may set any marking, as its owner's; naming the node is not enough (a recipient
 * could name it to widen what it received): the writer must speak for it (Submitter.speaksForSourceNode).
 *
 * A RED report made here is for the people it names. A named colleague of its maker may correct it (the
 * maker stays its author, ingest.service.ts), but passing it on is the one thing TLP RED forbids a
 * recipient: a correction by anyone but its maker (a person, or the API key that made it when no person
 * did) is held to its current marking the same way. Before, a recipient re-marked a colleague's RED report
 * CLEAR in one PUT.
 *
 * The refusal is at the part of the marking that widens it (`marking.tlp`, `marking.communityId`,
 * `marking.recipientOrganisationIds`, `marking.recipientUserIds`), so a form shows it beside that field.
 */
export async function correctionMarkingRefusal(db: Db, report: ReportsTable, submitter: Submitter, next: Marking): Promise<FieldError | null> {
  const sourceNode = report.source_node;
  if (speaksForSource(report, submitter)) return null;
  if (sourceNode === null && madeBy(report, submitter)) return null;
  const current = await loadMarking(db, report.marking_id);
  if (!current) throw new Error(`report ${report.id} has no marking ${report.marking_id}`);
  if (sourceNode === null && current.tlp !== 'RED') return null;
  const part = wideningOf(next, current, await audienceFacts(db, current, next));
  if (part === null) return null;
  if (sourceNode !== null) {
    const code = part === 'tlp' ? 'report.marking_wider_than_source' : 'report.marking_reaches_beyond_source';
    return { path: `marking.${part}`, ...reportRefusals.say(code, { marking: next.tlp, current: current.tlp, sourceNode }) };
  }
  const code = part === 'tlp' ? 'report.marking_wider_than_red' : 'report.marking_reaches_beyond_red';
  return { path: `marking.${part}`, ...reportRefusals.say(code, { marking: next.tlp }) };
}

/** Whether the submitter made the report: its person, or the API key that made it when no person did (migration 040). */
const madeBy = (report: ReportsTable, submitter: Submitter): boolean =>
  report.created_by_user_id !== null
    ? submitter.userId === report.created_by_user_id
    : submitter.userId === null && submitter.apiKeyId !== null && submitter.apiKeyId === report.created_by_api_key_id;

const speaksForSource = (report: ReportsTable, submitter: Submitter): boolean =>
  report.source_node !== null && submitter.sourceNode === report.source_node && submitter.speaksForSourceNode === true;

/** What wideningOf needs of the database, read only when the markings name a community or people. */
async function audienceFacts(db: Db, current: Marking, next: Marking) {
  const communityMembers = new Set<string>();
  if (current.tlp === 'AMBER' && current.communityId !== null && (next.tlp === 'AMBER+STRICT' || next.tlp === 'RED')) {
    const rows = await db.selectFrom('community_members').select('organisation_id').where('community_id', '=', current.communityId).execute();
    for (const row of rows) communityMembers.add(row.organisation_id);
  }
  const userOrganisations = new Map<string, string>();
  // At most LIMITS.recipients people (the marking schema bounds them): one statement.
  if (next.tlp === 'RED' && next.redScope === 'users' && next.recipientUserIds.length > 0) {
    const rows = await db.selectFrom('users').select(['id', 'organisation_id']).where('id', 'in', [...new Set(next.recipientUserIds)]).execute();
    for (const row of rows) userOrganisations.set(row.id, row.organisation_id);
  }
  return { communityMembers, userOrganisations };
}
