import type { AuditEvent, ListAuditQuery } from '@gpos/contracts';
import type { ExpressionBuilder } from 'kysely';
import type { Database } from '../../db/index.js';
import type { ServerDeps } from '../../platform/context.js';
import { verifyAuditChain } from '../../platform/audit/index.js';
import { can, type MemberActor, type OperatorActor } from '../../platform/auth/index.js';
import { validationFailed } from '../../platform/errors.js';
import { decodeCursor, pageFrom } from '../../platform/pagination.js';

/** The two columns an organisation's trail is read by: what it did, and what was done to it (migration 030). */
type OrganisationColumn = 'actor_organisation_id' | 'subject_organisation_id';

/** Events an organisation did or that were done to it. */
const concerning = (organisationId: string) => (eb: ExpressionBuilder<Database, 'audit_events'>) =>
  eb.or([eb('actor_organisation_id', '=', organisationId), eb('subject_organisation_id', '=', organisationId)]);

/**
 * Reading the audit trail. An organisation's trail is what it did and what was done to it: the events its
 * people and keys caused, and those that acted on its own user, key or entry (`subject_organisation_id`:
 * the secretariat suspending one of its people, the console revoking its key, a stranger's sign-ins locking
 * an account). Organisation admins see their own organisation's trail; the secretariat sees everything, and
 * alone may run the chain verification over HTTP. The console (`gpos audit list`, `gpos audit verify`) reads
 * as the secretariat does. The chain's sequence numbers are the secretariat's alone, in the events and in
 * the cursor (which names the page's last event by id): between two of its own events an organisation
 * would count everyone else's.
 */
export function createAuditService({ db }: Pick<ServerDeps, 'db'>) {
  return {
    async list(actor: MemberActor | OperatorActor, query: ListAuditQuery) {
      const readsAny = actor.kind === 'operator' || can(actor, 'audit.read.any');
      // Another organisation's trail asked for by one of its peers is an empty page (as `GET /users` answers
      // it), not their own trail under the other's name, which a screen or a script would print as the other's.
      if (!readsAny && query.organisationId && query.organisationId !== actor.organisationId) return { nextCursor: null, items: [] };
      const organisationId = readsAny ? query.organisationId : actor.organisationId;
      const afterId = decodeCursor(query.cursor, ['id']);
      let after: number | null = null;
      if (afterId) {
        // The cursor's event, within what this reader may list: another organisation's id is no cursor.
        let last = db.selectFrom('audit_events').select('seq').where('id', '=', afterId[0]);
        if (organisationId) last = last.where(concerning(organisationId));
        const found = await last.executeTakeFirst();
        if (!found) throw validationFailed('querystring.cursor', 'is not a cursor this list returned', query.cursor);
        after = Number(found.seq);
      }
      const take = query.limit + 1;
      /** The page's events by one column's organisation (or all), each filter applied, newest first. */
      const newest = (by: OrganisationColumn | null) => {
        let q = db.selectFrom('audit_events').selectAll();
        if (by && organisationId) q = q.where(by, '=', organisationId);
        if (query.action) q = q.where('action', '=', query.action);
        // An admin names their own people: another organisation's person acting on theirs is not for them to
        // pick out (the events show that organisation, never its person or key).
        if (query.actorUserId) q = q.where('actor_user_id', '=', query.actorUserId);
        if (query.actorUserId && !readsAny) q = q.where('actor_organisation_id', '=', actor.organisationId);
        if (query.targetType) q = q.where('target_type', '=', query.targetType);
        if (query.targetId) q = q.where('target_id', '=', query.targetId);
        if (query.from) q = q.where('at', '>=', new Date(query.from).toISOString());
        if (query.to) q = q.where('at', '<', new Date(query.to).toISOString());
        if (after !== null) q = q.where('seq', '<', after);
        return q.orderBy('seq', 'desc').limit(take);
      };
      // An organisation's page is the newest of what it did and the newest of what was done to it, each read
      // down its own index (organisation, seq) as far as the page goes; an OR of the two would collect and
      // sort all of an organisation's events for every page. UNION drops an event that is both (an admin
      // acting on their own organisation's person).
      const rows = organisationId
        ? await db
            .selectFrom(
              db
                .selectFrom(newest('actor_organisation_id').as('acted'))
                .selectAll()
                .union(db.selectFrom(newest('subject_organisation_id').as('subject')).selectAll())
                .as('concerning'),
            )
            .selectAll()
            .orderBy('seq', 'desc')
            .limit(take)
            .execute()
        : await newest(null).execute();
      const page = pageFrom(rows, query.limit, (row) => [row.id]);
      return {
        nextCursor: page.nextCursor,
        items: page.items.map((row): AuditEvent => {
          // Done to this organisation by another (the secretariat, the console): which of the other's
          // people or keys did it is the other's own business; the organisation that acted is shown.
          const othersActor = !readsAny && row.actor_organisation_id !== actor.organisationId;
          return {
            seq: readsAny ? Number(row.seq) : null,
            id: row.id,
            at: row.at,
            actorUserId: othersActor ? null : row.actor_user_id,
            actorApiKeyId: othersActor ? null : row.actor_api_key_id,
            actorOrganisationId: row.actor_organisation_id,
            subjectOrganisationId: row.subject_organisation_id,
            action: row.action,
            targetType: row.target_type,
            targetId: row.target_id,
            requestId: row.request_id,
            summary: JSON.parse(row.summary) as Record<string, unknown>,
            hash: row.hash,
          };
        }),
      };
    },
    verify: () => verifyAuditChain(db),
  };
}

export type AuditService = ReturnType<typeof createAuditService>;
