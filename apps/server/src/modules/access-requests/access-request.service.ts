import type { ServerDeps } from '../../platform/context.js';
import { appendAudit, type AuditContext } from '../../platform/audit/index.js';
import type { MemberActor } from '../../platform/auth/index.js';
import { AppError, notFound } from '../../platform/errors.js';
import { newId, nowIso } from '../../platform/ids.js';
import { visibleMarkingIds, viewerOf } from '../../platform/sharing/index.js';

/**
 * Access requests start from a hit: a partner learns that others hold reports on an identifier and asks
 * them for access. The request names the holders' organisations internally (to route it) but shows the
 * requester only their kinds and countries, as the hit did. Routing and answers belong to the
 * cooperation module; this stores the request.
 */
export function createAccessRequestService({ db, engine }: Pick<ServerDeps, 'db' | 'engine'>) {
  /**
   * The holders as the requester may see them: one entry per kind and country, as the lookup's hit shows
   * them (sighting-visibility.ts), never one per organisation, which would count the organisations
   * holding reports the requester may not see.
   */
  const holdersOf = async (ids: string[]) =>
    ids.length === 0
      ? []
      : (await db.selectFrom('organisations').select(['type', 'country']).distinct().where('id', 'in', ids).orderBy('country').orderBy('type').execute()).map((o) => ({ organisationType: o.type, country: o.country }));

  const present = async (row: { id: string; target_type: string; target_id: string; holder_organisation_ids: string; reason: string; status: string; created_at: string }) => ({
    id: row.id,
    targetType: row.target_type as 'indicator' | 'network',
    targetId: row.target_id,
    holders: await holdersOf(row.holder_organisation_ids.split(',').filter(Boolean)),
    reason: row.reason,
    status: row.status as 'pending',
    createdAt: row.created_at,
  });

  /** Stores a request to these holders' organisations (routing needs every one) and answers it as the requester may see it. */
  async function store(actor: MemberActor, context: AuditContext, target: { type: 'indicator' | 'network'; id: string }, holders: string[], reason: string) {
    const row = { id: newId(), requester_organisation_id: actor.organisationId, requester_user_id: actor.kind === 'user' ? actor.userId : null, target_type: target.type, target_id: target.id, holder_organisation_ids: holders.join(','), reason, status: 'pending', created_at: nowIso() };
    const presented = await present(row);
    await db.transaction().execute(async (trx) => {
      await trx.insertInto('access_requests').values(row).execute();
      // The requester's own admins read this event: it counts the holders as the requester sees them, not
      // their organisations (the request's row keeps those, for routing).
      await appendAudit(trx, engine, context, { action: 'access_request.create', targetType: target.type, targetId: target.id, summary: { holders: presented.holders.length } });
    });
    return presented;
  }

  return {
    async requestIndicator(actor: MemberActor, context: AuditContext, indicatorId: string, reason: string) {
      const viewer = await viewerOf(db, actor);
      const hidden = await db
        .selectFrom('sightings')
        .select('organisation_id')
        .distinct()
        .where('indicator_id', '=', indicatorId)
        .where('marking_id', 'not in', visibleMarkingIds(db, viewer))
        .execute();
      // No hidden reports: nothing to ask for (and nothing to reveal about an id that was never a hit).
      if (hidden.length === 0) throw notFound(`A hit on indicator ${indicatorId}`);
      const holders = hidden.map((h) => h.organisation_id).filter((id) => id !== actor.organisationId).sort();
      if (holders.length === 0) throw new AppError('conflict', 'Your own organisation holds these reports');
      return store(actor, context, { type: 'indicator', id: indicatorId }, holders, reason);
    },

    /** Stores a request whose holders the caller has already worked out through the sharing policy (networks). */
    async record(actor: MemberActor, context: AuditContext, target: { type: 'network'; id: string }, holders: string[], reason: string) {
      return store(actor, context, target, holders, reason);
    },

    async list(actor: MemberActor) {
      const rows = await db.selectFrom('access_requests').selectAll().where('requester_organisation_id', '=', actor.organisationId).orderBy('id', 'desc').limit(200).execute();
      return { items: await Promise.all(rows.map(present)), nextCursor: null };
    },
  };
}

export type AccessRequestService = ReturnType<typeof createAccessRequestService>;
