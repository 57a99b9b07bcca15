import type { AuditEvent, ListAuditQuery } from '@gpos/contracts';
import type { ServerDeps } from '../../platform/context.js';
import { verifyAuditChain } from '../../platform/audit/index.js';
import { can, type MemberActor } from '../../platform/auth/index.js';
import { decodeCursor, pageFrom } from '../../platform/pagination.js';

/**
 * Reading the audit trail. Organisation admins see what their own organisation did; the secretariat sees
 * everything and alone may run the chain verification over HTTP (the CLI runs it too).
 */
export function createAuditService({ db }: Pick<ServerDeps, 'db'>) {
  return {
    async list(actor: MemberActor, query: ListAuditQuery) {
      const after = decodeCursor(query.cursor, ['integer']);
      let q = db.selectFrom('audit_events').selectAll();
      const organisationId = can(actor, 'audit.read.any') ? query.organisationId : actor.organisationId;
      if (organisationId) q = q.where('actor_organisation_id', '=', organisationId);
      if (query.action) q = q.where('action', '=', query.action);
      if (query.actorUserId) q = q.where('actor_user_id', '=', query.actorUserId);
      if (query.targetType) q = q.where('target_type', '=', query.targetType);
      if (query.targetId) q = q.where('target_id', '=', query.targetId);
      if (query.from) q = q.where('at', '>=', new Date(query.from).toISOString());
      if (query.to) q = q.where('at', '<', new Date(query.to).toISOString());
      if (after) q = q.where('seq', '<', Number(after[0]));
      const rows = await q.orderBy('seq', 'desc').limit(query.limit + 1).execute();
      const page = pageFrom(rows, query.limit, (row) => [Number(row.seq)]);
      return {
        nextCursor: page.nextCursor,
        items: page.items.map(
          (row): AuditEvent => ({
            seq: Number(row.seq),
            id: row.id,
            at: row.at,
            actorUserId: row.actor_user_id,
            actorApiKeyId: row.actor_api_key_id,
            actorOrganisationId: row.actor_organisation_id,
            action: row.action,
            targetType: row.target_type,
            targetId: row.target_id,
            requestId: row.request_id,
            summary: JSON.parse(row.summary) as Record<string, unknown>,
            hash: row.hash,
          }),
        ),
      };
    },
    verify: () => verifyAuditChain(db),
  };
}

export type AuditService = ReturnType<typeof createAuditService>;
