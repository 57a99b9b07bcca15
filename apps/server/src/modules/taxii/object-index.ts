import type { IndicatorType } from '@gpos/contracts';
import type { Db } from '../../db/index.js';
import { indicatorToSco, reportIndicatorId } from '../indicators/indicator.stix.js';
import { reportSightingId, reportStixId } from '../reports/report.stix.js';
import { namedIndicators } from '../reports/report.repository.js';
import { gposId } from '../stix/index.js';

/**
 * The STIX id index of the TAXII feed (`taxii_object_index`: STIX id → report, for the report, its
 * observed-data, indicators, sightings and observables), brought up to date incrementally from the change
 * feed when a query by id arrives (taxii-feed.ts: objects by id, `match[id]`, versions).
 */
export function createObjectIndex(db: Db) {
  let indexing: Promise<void> | null = null;

  /** Report ids that export an object with one of these STIX ids (after bringing the index up to date). */
  async function reportIdsOf(stixIds: string[]): Promise<string[]> {
    indexing ??= catchUp().finally(() => {
      indexing = null;
    });
    await indexing;
    const rows = await db.selectFrom('taxii_object_index').select('report_id').distinct().where('stix_id', 'in', stixIds.slice(0, 100)).execute();
    return rows.map((r) => r.report_id);
  }

  /** Indexes the reports changed since the last run, in feed order (a correction may add identifiers). */
  async function catchUp(): Promise<void> {
    const state = await db.selectFrom('taxii_state').select('value').where('key', '=', 'index_seq').executeTakeFirst();
    let last = state ? Number(state.value) : 0;
    for (;;) {
      const changes = await db.selectFrom('report_changes').select(['seq', 'report_id']).where('seq', '>', last).orderBy('seq').limit(1000).execute();
      if (changes.length === 0) return;
      const reportIds = [...new Set(changes.map((c) => c.report_id))];
      // A report retracted before it was indexed still exports its identifiers' objects, as revoked.
      const sightings: { report_id: string; id: string; type: string; value: string; display: string; attributes: string }[] = [];
      for (const source of ['sightings', 'retracted_sightings'] as const) {
        sightings.push(...(await namedIndicators(db, source).select(['s.report_id', 'i.id', 'i.type', 'i.value', 'i.display', 'i.attributes']).where('s.report_id', 'in', reportIds).execute()));
      }
      const rows = new Map<string, { stix_id: string; report_id: string }>();
      const add = (stixId: string, reportId: string) => rows.set(`${stixId} ${reportId}`, { stix_id: stixId, report_id: reportId });
      for (const id of reportIds) {
        add(reportStixId(id), id);
        add(gposId('observed-data', id), id);
      }
      for (const s of sightings) {
        add(reportIndicatorId(s.report_id, s.id), s.report_id);
        add(reportSightingId(s.report_id, s.id), s.report_id);
        add(indicatorToSco({ type: s.type as IndicatorType, value: s.value, display: s.display, attributes: JSON.parse(s.attributes) as Record<string, string> }).id, s.report_id);
      }
      last = Number(changes[changes.length - 1]!.seq);
      const values = [...rows.values()];
      await db.transaction().execute(async (trx) => {
        for (let i = 0; i < values.length; i += 400) {
          await trx.insertInto('taxii_object_index').values(values.slice(i, i + 400)).onConflict((oc) => oc.columns(['stix_id', 'report_id']).doNothing()).execute();
        }
        await trx
          .insertInto('taxii_state')
          .values({ key: 'index_seq', value: String(last) })
          .onConflict((oc) => oc.column('key').doUpdateSet({ value: String(last) }))
          .execute();
      });
    }
  }

  return { reportIdsOf };
}
