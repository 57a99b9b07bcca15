import type { Community, CommunityJoinedData, CommunityWidenedData } from '@gpos/contracts';
import type { createCommunitySchema, updateCommunitySchema } from '@gpos/contracts';
import type { z } from 'zod';
import type { Db } from '../../db/index.js';
import type { ServerDeps } from '../../platform/context.js';
import { appendAudit, type AuditContext } from '../../platform/audit/index.js';
import { can, type MemberActor } from '../../platform/auth/index.js';
import { coded, codedValidationFailed, notFound } from '../../platform/errors.js';
import { refusals } from '../../platform/refusals.js';
import { newId, nowIso } from '../../platform/ids.js';
import { decodeCursor, pageFrom } from '../../platform/pagination.js';
import { storeEvents } from '../watchlists/event-store.js';
import { communityNameKey, namingCommunity } from './community-names.js';
import { changeMemberships } from './community-memberships.js';

/**
 * Sharing communities: named sets of organisations that AMBER records can be limited to (e.g. "Mekong
 * banks + police"). Members see the communities they belong to; the owner organisation edits them; the
 * owner is always a member. Membership changes apply to every record marked with the community.
 */
export function createCommunityService({ db, engine, credentialCache }: Pick<ServerDeps, 'db' | 'engine' | 'credentialCache'>) {
  // Cached actors carry their organisation's communities (platform/sharing/viewer.ts): a membership
  // change must reach the very next request, as a key or organisation change does.
  const forgetCachedActors = () => credentialCache.clear();

  const seesAll = (actor: MemberActor) => can(actor, 'communities.manage.any');

  async function membersOf(trx: Db, ids: string[]): Promise<Map<string, string[]>> {
    const map = new Map<string, string[]>(ids.map((id) => [id, []]));
    if (ids.length === 0) return map;
    const rows = await trx
      .selectFrom('community_members')
      .select(['community_id', 'organisation_id'])
      .where('community_id', 'in', ids)
      .orderBy('organisation_id')
      .execute();
    for (const row of rows) map.get(row.community_id)?.push(row.organisation_id);
    return map;
  }

  async function visible(trx: Db, actor: MemberActor, id: string) {
    const row = await trx.selectFrom('communities').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) throw notFound(`Sharing community ${id}`);
    const members = (await membersOf(trx, [id])).get(id) ?? [];
    if (!seesAll(actor) && row.owner_organisation_id !== actor.organisationId && !members.includes(actor.organisationId)) {
      throw notFound(`Sharing community ${id}`);
    }
    return { row, members };
  }

  async function checkOrganisations(trx: Db, ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    const found = await trx.selectFrom('organisations').select('id').where('id', 'in', ids).execute();
    const missing = ids.filter((id) => !found.some((r) => r.id === id));
    if (missing.length > 0) throw codedValidationFailed('body.memberOrganisationIds', refusals.say('refusal.unknown_organisations', { ids: missing.join(', ') }));
  }

  /**
   * Organisations that join a community see every record marked for it, including reports other members
   * marked for it before they joined. Each such member (the one making the change aside) is told, in the
   * same transaction: a `community.widened` event naming the newcomers and how many of its own reports they
   * may now see, so that no report reaches a new audience without its owner knowing.
   */
  async function tellOfWidening(trx: Db, actor: MemberActor, community: { id: string; name: string }, added: string[]): Promise<void> {
    const owners = await trx
      .selectFrom('reports as r')
      .innerJoin('markings as m', 'm.id', 'r.marking_id')
      .select((eb) => ['m.owner_organisation_id as organisation_id', eb.fn.countAll<number>().as('n')])
      .where('m.community_id', '=', community.id)
      .where('r.status', '=', 'active')
      .where('m.owner_organisation_id', '!=', actor.organisationId)
      .groupBy('m.owner_organisation_id')
      .execute();
    if (owners.length === 0) return;
    const organisations = await trx.selectFrom('organisations').select(['id', 'name', 'type', 'country']).where('id', 'in', [...added, actor.organisationId]).execute();
    const byId = new Map(organisations.map((o) => [o.id, o]));
    // An owner that joins in the same change is told of the others who join with it.
    const newcomersFor = (ownerId: string) =>
      added.flatMap((orgId) => {
        const org = orgId === ownerId ? undefined : byId.get(orgId);
        return org ? [{ name: org.name, organisationType: org.type, country: org.country }] : [];
      });
    const told = owners.map((owner) => ({ owner, newcomers: newcomersFor(owner.organisation_id) })).filter((t) => t.newcomers.length > 0);
    if (told.length === 0) return;
    await storeEvents(
      trx,
      told.map(({ owner, newcomers }) => ({
        organisationId: owner.organisation_id,
        type: 'community.widened' as const,
        data: {
          community: { id: community.id, name: community.name },
          added: newcomers,
          reports: Number(owner.n),
          changedBy: { name: byId.get(actor.organisationId)?.name ?? '' },
          // The owner's own reports the newcomers may now read: a list it can open even after leaving the
          // community (whose own page then answers 404).
          href: `/api/v1/reports?organisationId=${owner.organisation_id}&communityId=${community.id}`,
        } satisfies CommunityWidenedData,
      })),
    );
  }

  /**
   * Each organisation put into the community by another (the actor's own aside) is told so: a
   * `community.joined` event naming the community, its owner and who made the change.
   */
  async function tellOfJoining(trx: Db, actor: MemberActor, community: { id: string; name: string; owner_organisation_id: string }, added: string[], members: number): Promise<void> {
    const joined = added.filter((id) => id !== actor.organisationId);
    if (joined.length === 0) return;
    const names = new Map((await trx.selectFrom('organisations').select(['id', 'name']).where('id', 'in', [actor.organisationId, community.owner_organisation_id]).execute()).map((o) => [o.id, o.name]));
    await storeEvents(
      trx,
      joined.map((organisationId) => ({
        organisationId,
        type: 'community.joined' as const,
        data: {
          community: { id: community.id, name: community.name },
          owner: { name: names.get(community.owner_organisation_id) ?? '' },
          changedBy: { name: names.get(actor.organisationId) ?? '' },
          members,
          href: `/api/v1/communities/${community.id}`,
        } satisfies CommunityJoinedData,
      })),
    );
  }

  const present = (row: { id: string; name: string; description: string | null; owner_organisation_id: string; created_at: string; updated_at: string }, members: string[]): Community => ({
    id: row.id,
    name: row.name,
    description: row.description,
    ownerOrganisationId: row.owner_organisation_id,
    memberOrganisationIds: members,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  });

  /**
   * One event per organisation that joined or left a community (created with it, added, removed, or its
   * community deleted), naming that organisation as the subject: its admins read in their own trail that
   * it was put in or taken out, whoever did it. The change's own event lists them all, for the actor's
   * trail; the summary here says only the community, which the organisation is or was a member of.
   * At most LIMITS.communityMembers per change.
   */
  async function auditMemberships(trx: Db, context: AuditContext, change: 'add' | 'remove', community: { id: string; name: string }, organisationIds: readonly string[]) {
    for (const organisationId of organisationIds) {
      await appendAudit(trx, engine, context, {
        action: `community.member_${change}`,
        targetType: 'community',
        targetId: community.id,
        subjectOrganisationId: organisationId,
        summary: { name: community.name },
      });
    }
  }

  return {
    async list(actor: MemberActor, query: { cursor?: string; limit: number }) {
      const after = decodeCursor(query.cursor, ['string', 'id']);
      let q = db.selectFrom('communities').selectAll();
      if (!seesAll(actor)) {
        q = q.where((eb) =>
          eb.or([
            eb('owner_organisation_id', '=', actor.organisationId),
            eb('id', 'in', eb.selectFrom('community_members').select('community_id').where('organisation_id', '=', actor.organisationId)),
          ]),
        );
      }
      if (after) {
        const [name, id] = after as [string, string];
        q = q.where((eb) => eb.or([eb('name', '>', name), eb.and([eb('name', '=', name), eb('id', '>', id)])]));
      }
      const rows = await q.orderBy('name').orderBy('id').limit(query.limit + 1).execute();
      const page = pageFrom(rows, query.limit, (row) => [row.name, row.id]);
      const members = await membersOf(db, page.items.map((r) => r.id));
      return { items: page.items.map((row) => present(row, members.get(row.id) ?? [])), nextCursor: page.nextCursor };
    },

    async get(actor: MemberActor, id: string): Promise<Community> {
      const { row, members } = await visible(db, actor, id);
      return present(row, members);
    },

    async create(actor: MemberActor, context: AuditContext, input: z.output<typeof createCommunitySchema>): Promise<Community> {
      const now = nowIso();
      const members = [...new Set([actor.organisationId, ...input.memberOrganisationIds])].sort();
      const nameKey = communityNameKey(input.name);
      const row = { id: newId(), name: input.name, description: input.description ?? null, owner_organisation_id: actor.organisationId, created_at: now, updated_at: now };
      await namingCommunity(db, (claimName) =>
        db.transaction().execute(async (trx) => {
          await checkOrganisations(trx, members);
          await claimName(trx, actor.organisationId, nameKey);
          await trx.insertInto('communities').values({ ...row, name_key: nameKey }).execute();
          await trx.insertInto('community_members').values(members.map((organisation_id) => ({ community_id: row.id, organisation_id, joined_at: now }))).execute();
          await appendAudit(trx, engine, context, { action: 'community.create', targetType: 'community', targetId: row.id, summary: { name: row.name, members } });
          await auditMemberships(trx, context, 'add', row, members.filter((m) => m !== actor.organisationId));
          await tellOfJoining(trx, actor, row, members, members.length);
        }),
      );
      forgetCachedActors();
      return present(row, members);
    },

    async update(actor: MemberActor, context: AuditContext, id: string, patch: z.output<typeof updateCommunitySchema>): Promise<Community> {
      const community = await namingCommunity(db, (claimName) => db.transaction().execute(async (trx) => {
        // Changes made at once go one after the other: each then reads the members the previous one left,
        // and its audit entry names what it really added and removed (a list sent whole still replaces the
        // one before it). SQLite's one writer runs the transaction alone.
        if (engine === 'postgres') await trx.selectFrom('communities').select('id').where('id', '=', id).forUpdate().execute();
        const { row, members: before } = await visible(trx, actor, id);
        if (row.owner_organisation_id !== actor.organisationId && !seesAll(actor)) throw coded('forbidden', refusals.say('refusal.community_change_owner_only'));
        const changes = {
          ...(patch.name !== undefined && { name: patch.name }),
          ...(patch.description !== undefined && { description: patch.description }),
        };
        // A name alike the one it has (case, spacing) keeps its key: a community named like another before
        // migration 031 keeps the key that migration gave it, and stays editable.
        const nameKey = changes.name !== undefined && communityNameKey(changes.name) !== communityNameKey(row.name) ? communityNameKey(changes.name) : null;
        if (nameKey !== null) await claimName(trx, row.owner_organisation_id, nameKey);
        const updated = { ...row, ...changes, updated_at: nowIso() };
        await trx
          .updateTable('communities')
          .set({ ...changes, ...(nameKey !== null && { name_key: nameKey }), updated_at: updated.updated_at })
          .where('id', '=', id)
          .execute();
        let members = before;
        if (patch.memberOrganisationIds) {
          members = [...new Set([row.owner_organisation_id, ...patch.memberOrganisationIds])].sort();
          await checkOrganisations(trx, members);
        }
        const added = members.filter((m) => !before.includes(m));
        const removed = before.filter((m) => !members.includes(m));
        await changeMemberships(trx, id, added, removed, updated.updated_at);
        await appendAudit(trx, engine, context, {
          action: 'community.update',
          targetType: 'community',
          targetId: id,
          // The owner reads in its trail what the secretariat changed in its community.
          subjectOrganisationId: row.owner_organisation_id,
          summary: { changed: Object.keys(changes), added, removed },
        });
        await auditMemberships(trx, context, 'add', updated, added);
        await auditMemberships(trx, context, 'remove', updated, removed);
        if (added.length > 0) await tellOfWidening(trx, actor, updated, added);
        await tellOfJoining(trx, actor, updated, added, members.length);
        return present(updated, members);
      }));
      forgetCachedActors();
      return community;
    },

    async remove(actor: MemberActor, context: AuditContext, id: string): Promise<void> {
      await db.transaction().execute(async (trx) => {
        const { row, members } = await visible(trx, actor, id);
        if (row.owner_organisation_id !== actor.organisationId && !seesAll(actor)) throw coded('forbidden', refusals.say('refusal.community_delete_owner_only'));
        const used = await trx.selectFrom('markings').select((eb) => eb.fn.countAll<number>().as('n')).where('community_id', '=', id).executeTakeFirstOrThrow();
        if (Number(used.n) > 0) throw coded('conflict', refusals.say('refusal.community_in_use', { name: row.name }));
        await trx.deleteFrom('communities').where('id', '=', id).execute();
        await appendAudit(trx, engine, context, { action: 'community.delete', targetType: 'community', targetId: id, subjectOrganisationId: row.owner_organisation_id, summary: { name: row.name } });
        await auditMemberships(trx, context, 'remove', row, members.filter((m) => m !== row.owner_organisation_id));
      });
      forgetCachedActors();
    },
  };
}

export type CommunityService = ReturnType<typeof createCommunityService>;
