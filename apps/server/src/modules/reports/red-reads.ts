import type { Db, Engine } from '../../db/index.js';
import { appendAudit, type AuditContext } from '../../platform/audit/index.js';

/** The routes through which RED content is read, as the audit event names them. */
export type RedReadVia = 'detail' | 'list' | 'replay' | 'taxii' | 'indicator' | 'network_graph' | 'network_export' | 'stix_export' | 'misp_export';

/**
 * The design's "every read of RED intelligence appends an audit event": one `report.read` event for the
 * RED reports of one answer (a page names each of them), written before the answer leaves, so no RED
 * content goes out unrecorded (an audit that fails fails the read). The event has its own transaction:
 * the read itself writes nothing to commit with it.
 */
export async function auditRedReads(db: Db, engine: Engine, context: AuditContext, redReportIds: readonly string[], via: RedReadVia): Promise<void> {
  const ids = [...new Set(redReportIds)];
  if (ids.length === 0) return;
  await db.transaction().execute((trx) =>
    appendAudit(trx, engine, context, { action: 'report.read', targetType: 'report', targetId: ids.length === 1 ? ids[0]! : null, summary: { via, tlp: 'RED', reportIds: ids } }),
  );
}

/** Which of these reports are marked RED (one query per 1,000). */
export async function redReportsAmong(db: Db, reportIds: readonly string[]): Promise<string[]> {
  const red: string[] = [];
  const unique = [...new Set(reportIds)];
  for (let i = 0; i < unique.length; i += 1000) {
    const rows = await db
      .selectFrom('reports as r')
      .innerJoin('markings as m', 'm.id', 'r.marking_id')
      .select('r.id')
      .where('r.id', 'in', unique.slice(i, i + 1000))
      .where('m.tlp', '=', 'RED')
      .execute();
    for (const row of rows) red.push(row.id);
  }
  return red;
}
