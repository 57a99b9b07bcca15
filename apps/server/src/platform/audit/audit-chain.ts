import stringify from 'safe-stable-stringify';
import type { Db, Engine } from '../../db/index.js';
import { GENESIS_HASH } from '../../db/index.js';
import { sha256Hex } from '../crypto.js';
import type { Actor } from '../auth/actor.js';
import { newId, nowIso } from '../ids.js';

/**
 * The audit chain: each event carries the SHA-256 of the previous event's hash and its own canonical
 * content, so editing or deleting any row breaks every hash after it. Appends are serialised through the
 * single `audit_head` row (row lock on PostgreSQL; SQLite has one writer anyway) and must run inside the
 * transaction of the change they record, so a change and its audit event commit or fail together.
 */
export interface AuditContext {
  actor: Actor;
  requestId: string | null;
}

export interface AuditEntry {
  action: string;
  targetType?: string | null;
  targetId?: string | null;
  /**
   * The organisation whose user, key or entry the event acts on, when that is one: its admins read the
   * event in their trail whoever acted (the secretariat, the console, a stranger's failed sign-ins). The
   * summary is then theirs to read too, so it says only what concerns that organisation's own record.
   */
  subjectOrganisationId?: string | null;
  summary?: Record<string, unknown>;
}

interface HashedFields {
  seq: number;
  id: string;
  at: string;
  actorUserId: string | null;
  actorApiKeyId: string | null;
  actorOrganisationId: string | null;
  /**
   * Hashed only when set: events from before migration 030 had no such field, and their hashes must
   * still verify; one set since is covered, so clearing or changing it breaks the chain there.
   */
  subjectOrganisationId?: string;
  action: string;
  targetType: string | null;
  targetId: string | null;
  requestId: string | null;
  summary: string;
}

export function eventHash(prevHash: string, fields: HashedFields): string {
  return sha256Hex(`${prevHash}\n${stringify(fields)}`);
}

/** The subject as the hashed content holds it: absent, not null, when there is none. */
const subjectField = (subjectOrganisationId: string | null | undefined) => (subjectOrganisationId ? { subjectOrganisationId } : {});

export async function appendAudit(trx: Db, engine: Engine, context: AuditContext, entry: AuditEntry): Promise<void> {
  let headQuery = trx.selectFrom('audit_head').select(['seq', 'hash']).where('id', '=', 1);
  if (engine === 'postgres') headQuery = headQuery.forUpdate();
  const head = await headQuery.executeTakeFirstOrThrow();
  const { actor } = context;
  const fields: HashedFields = {
    seq: head.seq + 1,
    id: newId(),
    at: nowIso(),
    actorUserId: actor.kind === 'user' ? actor.userId : null,
    actorApiKeyId: actor.kind === 'api_key' ? actor.apiKeyId : null,
    actorOrganisationId: actor.kind === 'user' || actor.kind === 'api_key' ? actor.organisationId : actor.kind === 'operator' ? (actor.organisationId ?? null) : null,
    ...subjectField(entry.subjectOrganisationId),
    action: entry.action,
    targetType: entry.targetType ?? null,
    targetId: entry.targetId ?? null,
    requestId: context.requestId,
    summary: stringify(entry.summary ?? {}) ?? '{}',
  };
  const hash = eventHash(head.hash, fields);
  await trx
    .insertInto('audit_events')
    .values({
      seq: fields.seq,
      id: fields.id,
      at: fields.at,
      actor_user_id: fields.actorUserId,
      actor_api_key_id: fields.actorApiKeyId,
      actor_organisation_id: fields.actorOrganisationId,
      subject_organisation_id: fields.subjectOrganisationId ?? null,
      action: fields.action,
      target_type: fields.targetType,
      target_id: fields.targetId,
      request_id: fields.requestId,
      summary: fields.summary,
      prev_hash: head.hash,
      hash,
    })
    .execute();
  await trx.updateTable('audit_head').set({ seq: fields.seq, hash }).where('id', '=', 1).execute();
}

export interface VerifyResult {
  ok: boolean;
  checked: number;
  brokenAt: number | null;
  reason: string | null;
}

/** Walks the chain in order, in pages, and reports the first event whose link does not hold. */
export async function verifyAuditChain(db: Db, pageSize = 5000): Promise<VerifyResult> {
  let prevHash = GENESIS_HASH;
  let expectedSeq = 1;
  let checked = 0;
  for (;;) {
    const rows = await db
      .selectFrom('audit_events')
      .selectAll()
      .where('seq', '>=', expectedSeq)
      .orderBy('seq')
      .limit(pageSize)
      .execute();
    for (const row of rows) {
      const broken = (reason: string): VerifyResult => ({ ok: false, checked, brokenAt: expectedSeq, reason });
      if (Number(row.seq) !== expectedSeq) return broken(`event ${expectedSeq} is missing (next found is ${row.seq})`);
      if (row.prev_hash !== prevHash) return broken(`event ${expectedSeq} does not link to the event before it`);
      const recomputed = eventHash(prevHash, {
        seq: Number(row.seq),
        id: row.id,
        at: row.at,
        actorUserId: row.actor_user_id,
        actorApiKeyId: row.actor_api_key_id,
        actorOrganisationId: row.actor_organisation_id,
        ...subjectField(row.subject_organisation_id),
        action: row.action,
        targetType: row.target_type,
        targetId: row.target_id,
        requestId: row.request_id,
        summary: row.summary,
      });
      if (recomputed !== row.hash) return broken(`event ${expectedSeq} was altered after it was written`);
      prevHash = row.hash;
      expectedSeq += 1;
      checked += 1;
    }
    if (rows.length < pageSize) break;
  }
  const head = await db.selectFrom('audit_head').select(['seq', 'hash']).where('id', '=', 1).executeTakeFirst();
  if (!head || Number(head.seq) !== checked || head.hash !== prevHash) {
    return {
      ok: false,
      checked,
      brokenAt: checked + 1,
      reason: `the chain ends at event ${checked} but its head records event ${head?.seq ?? 'none'}: events were removed from the end`,
    };
  }
  return { ok: true, checked, brokenAt: null, reason: null };
}
