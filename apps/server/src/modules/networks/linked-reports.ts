import type { Db, Engine } from '../../db/index.js';
import type { CommittedReportFields } from '../reports/ingest.service.js';
import { isOpenMarking } from '../../platform/sharing/index.js';
import { inIds } from './link-sql.js';
import { isoTimestamp, type MemberRow } from './network-metrics.js';

/**
 * What the ingest batch that committed a report said about it (network-queue.ts keeps these in memory):
 * its marking, organisation and sightings, so the linker need not read them back. Only a hint: it is
 * used when the stored report is still the first version (a correction rewrites marking and sightings
 * under the same id with a higher version), and the database is read otherwise — the queue stays the
 * only source of truth, and a process that restarts, or drains another process's reports, just reads.
 */
export interface ReportHint {
  markingId: string;
  organisationId: string;
  indicatorIds: readonly string[];
  /** The stored fields of the version ingest wrote (absent in hints that carry only the above). */
  fields?: CommittedReportFields;
  /** The queue item ingest wrote for it (network_queue.seq). */
  seq?: number;
}

/** Reads whether each marking not in `openMarkings` yet is open (stored markings never change). */
async function learnOpenMarkings(trx: Db, engine: Engine, markingIds: readonly string[], openMarkings: Map<string, boolean>): Promise<void> {
  const unknown = [...new Set(markingIds)].filter((id) => !openMarkings.has(id));
  if (unknown.length === 0) return;
  for (const m of await trx.selectFrom('markings').select(['id', 'tlp', 'community_id']).where(inIds(engine, 'id', unknown)).execute()) openMarkings.set(m.id, isOpenMarking(m.tlp, m.community_id));
}

/** A report as the linker attaches it: its member row, with the version and status it was read at. */
export type LinkedReport = MemberRow & { version: number; status: string };

/**
 * The reports the linker processes, by id, read with as few statements as their hints allow (see
 * LinkSession.processReports for `hints`, `openMarkings` and `current`). A report whose organisation or
 * marking is gone is absent, as one deleted.
 */
export async function readLinkedReports(
  trx: Db,
  engine: Engine,
  reportIds: readonly string[],
  hints: ReadonlyMap<string, ReportHint> | undefined,
  openMarkings: Map<string, boolean>,
  current: ReadonlySet<string>,
): Promise<Map<string, LinkedReport>> {
  const reports = new Map<string, LinkedReport>();
  const fact = (r: { id: string; status: string; version: number; country: string; victim_country: string; scam_type: string; occurred_at: string; loss_usd: number | null; confidence: number }, markingId: string, organisationId: string, open: boolean) =>
    reports.set(r.id, {
      report_id: r.id,
      network_id: '',
      version: r.version,
      status: r.status,
      open: open ? 1 : 0,
      marking_id: markingId,
      organisation_id: organisationId,
      organisation_country: r.country,
      victim_country: r.victim_country,
      scam_type: r.scam_type,
      occurred_at: isoTimestamp(r.occurred_at),
      loss_usd: r.loss_usd === null ? null : Number(r.loss_usd),
      confidence: r.confidence,
    });
  const whole: string[] = [];
  const hinted: string[] = [];
  const known: [string, ReportHint & { fields: CommittedReportFields }][] = [];
  for (const id of reportIds) {
    const hint = hints?.get(id);
    if (hint?.fields && current.has(id)) known.push([id, hint as ReportHint & { fields: CommittedReportFields }]);
    else (hint ? hinted : whole).push(id);
  }
  if (known.length > 0) {
    // Nothing of these is read but their organisations' countries (as the join below reads them) and
    // the markings not seen yet.
    const countries = new Map<string, string>();
    const organisations = [...new Set(known.map(([, h]) => h.organisationId))];
    for (const o of await trx.selectFrom('organisations').select(['id', 'country']).where(inIds(engine, 'id', organisations)).execute()) countries.set(o.id, o.country);
    await learnOpenMarkings(trx, engine, known.map(([, h]) => h.markingId), openMarkings);
    for (const [id, hint] of known) {
      const country = countries.get(hint.organisationId);
      const open = openMarkings.get(hint.markingId);
      // As the join would: a report whose organisation or marking is gone is read (and then skipped).
      if (country === undefined || open === undefined) {
        whole.push(id);
        continue;
      }
      const f = hint.fields;
      fact({ id, status: 'active', version: f.version, country, victim_country: f.victimCountry, scam_type: f.scamType, occurred_at: f.occurredAt, loss_usd: f.lossUsd, confidence: f.confidence }, hint.markingId, hint.organisationId, open);
    }
  }
  if (hinted.length > 0) {
    const rows = await trx
      .selectFrom('reports as r')
      .innerJoin('organisations as o', 'o.id', 'r.organisation_id')
      .select(['r.id', 'r.status', 'r.version', 'o.country', 'r.victim_country', 'r.scam_type', 'r.occurred_at', 'r.loss_usd', 'r.confidence'])
      .where(inIds(engine, 'r.id', hinted))
      .execute();
    await learnOpenMarkings(trx, engine, rows.map((r) => hints!.get(r.id)!.markingId), openMarkings);
    for (const r of rows) {
      const hint = hints!.get(r.id)!;
      if (r.version === 1 && openMarkings.has(hint.markingId)) fact(r, hint.markingId, hint.organisationId, openMarkings.get(hint.markingId)!);
      else whole.push(r.id);
    }
  }
  if (whole.length > 0) {
    const rows = await trx
      .selectFrom('reports as r')
      .innerJoin('organisations as o', 'o.id', 'r.organisation_id')
      .innerJoin('markings as m', 'm.id', 'r.marking_id')
      .select(['r.id', 'r.status', 'r.version', 'r.marking_id', 'r.organisation_id', 'o.country', 'r.victim_country', 'r.scam_type', 'r.occurred_at', 'r.loss_usd', 'r.confidence', 'm.tlp', 'm.community_id'])
      .where(inIds(engine, 'r.id', whole))
      .execute();
    for (const r of rows) fact(r, r.marking_id, r.organisation_id, isOpenMarking(r.tlp, r.community_id));
  }
  return reports;
}
