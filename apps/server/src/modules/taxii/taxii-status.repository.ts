import type { Db } from '../../db/index.js';
import { formatMicros, parseMicros } from '../../platform/time/microseconds.js';
import { v4 as uuidv4 } from 'uuid';

/** TAXII status resources: the only SQL of the TAXII POST. */
export interface StatusDetail {
  id: string;
  version?: string;
  message?: string;
}

export interface TaxiiStatus {
  id: string;
  status: 'complete' | 'pending';
  request_timestamp: string;
  total_count: number;
  success_count: number;
  successes: StatusDetail[];
  failure_count: number;
  failures: StatusDetail[];
  pending_count: number;
  pendings: StatusDetail[];
}

export async function saveStatus(db: Db, organisationId: string, status: Omit<TaxiiStatus, 'id' | 'pendings' | 'pending_count' | 'status'>): Promise<TaxiiStatus> {
  // TAXII identifiers are plain UUIDs; a v4 keeps status ids unguessable as well as unique.
  const id = uuidv4();
  await db
    .insertInto('taxii_statuses')
    .values({
      id,
      organisation_id: organisationId,
      status: 'complete',
      total_count: status.total_count,
      success_count: status.success_count,
      failure_count: status.failure_count,
      pending_count: 0,
      successes: JSON.stringify(status.successes),
      failures: JSON.stringify(status.failures),
      request_timestamp: status.request_timestamp,
    })
    .execute();
  return { id, status: 'complete', pending_count: 0, pendings: [], ...status };
}

/** A status of another organisation is not found, like any record one may not see. */
export async function findStatus(db: Db, organisationId: string, id: string): Promise<TaxiiStatus | null> {
  const row = await db.selectFrom('taxii_statuses').selectAll().where('id', '=', id).where('organisation_id', '=', organisationId).executeTakeFirst();
  if (!row) return null;
  return {
    id: row.id,
    status: row.status as 'complete' | 'pending',
    // TAXII timestamps carry microseconds (§2); PostgreSQL's driver hands back milliseconds.
    request_timestamp: formatMicros(parseMicros(String(row.request_timestamp)) ?? Date.parse(String(row.request_timestamp)) * 1000),
    total_count: Number(row.total_count),
    success_count: Number(row.success_count),
    successes: JSON.parse(row.successes) as StatusDetail[],
    failure_count: Number(row.failure_count),
    failures: JSON.parse(row.failures) as StatusDetail[],
    pending_count: Number(row.pending_count),
    pendings: [],
  };
}
