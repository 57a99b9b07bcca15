import type { AuditEvent, ListAuditQuery } from '@gpos/contracts';
import type { ServerDeps } from '../../platform/context.js';
import { verifyAuditChain } from '../../platform/audit/index.js';
import { can, type MemberActor } from '../../platform/auth/index.js';
import { validationFailed } from '../../platform/errors.js';
import { decodeCursor, pageFrom } from '../../platform/pagination.js';

/**
 * Reading the audit trail. Organisation admins see what their own organisation did; the secretariat sees
 * everything and alone may run the chain verification over HTTP (the CLI runs it too). The chain's
 * sequence numbers are the secretariat's alone, in the events and in the cursor (which names the page's
 * last event by id): between two of its own events an organisation would count everyone else's.
 */
export function createAuditService({ db }: Pick<ServerDeps, 'db'>) {
  return {
    async list(actor: MemberActor, query: ListAuditQuery) {
      const readsAny = can(actor, 'audit.read.any');
      // Another organisation's trail asked for by one of its peers is an empty page (as `GET /users` answers
      // it), not their own trail under the other's name, which a screen or a script would print as the other's.
      if (!readsAny && query.organisationId && query.organisationId !== actor.organisationId) return { nextCursor: null, items: [] };
      const organisationId = readsAny ? query.organisationId : actor.organisationId;
      const afterId = decodeCursor(query.cursor, ['id']);
      let after: number | null = null;
      if (afterId) {
        // The cursor's event, within what this reader may list: another organisation's id is no cursor.
        let last = db.selectFrom('audit_events').select('seq').where('id', '=', afterId[0]);
        if (organisationId) last = last.where('actor_organisation_id', '=', organisationId);
        const found = await last.executeTakeFirst();
        if (!found) throw validationFailed('querystring.cursor', 'is not a cursor this list returned', query.cursor);
        after = Number(found.seq);
      }
      let q = db.selectFrom('audit_events').selectAll();
      if (organisationId) q = q.where('actor_organisation_id', '=', organisationId);
      if (query.action) q = q.where('action', '=', query.action);
      if (query.actorUserId) q = q.where('actor_user_id', '=', query.actorUserId);
      if (query.targetType) q = q.where('target_type', '=', query.targetType);
      if (query.targetId) q = q.where('target_id', '=', query.targetId);
      if (query.from) q = q.where('at', '>=', new Date(query.from).toISOString());
      if (query.to) q = q.where('at', '<', new Date(query.to).toISOString());
      if (after !== null) q = q.where('seq', '<', after);
      const rows = await q.orderBy('seq', 'desc').limit(query.limit + 1).execute();
      const page = pageFrom(rows, query.limit, (row) => [row.id]);
      return {
        nextCursor: page.nextCursor,
        items: page.items.map(
          (row): AuditEvent => ({
            seq: readsAny ? Number(row.seq) : null,
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
