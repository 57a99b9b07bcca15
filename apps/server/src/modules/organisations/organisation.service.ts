import type { CreateOrganisation, ListOrganisationsQuery, Organisation, UpdateOrganisation } from '@gpos/contracts';
import type { ServerDeps } from '../../platform/context.js';
import { appendAudit, type AuditContext } from '../../platform/audit/index.js';
import { isMember } from '../../platform/auth/index.js';
import { coded, notFound } from '../../platform/errors.js';
import { refusals } from '../../platform/refusals.js';
import { newId, nowIso } from '../../platform/ids.js';
import { lockPlatformAdmins, requirePlatformAdminsOutside } from '../users/platform-admins-left.js';
import { OrganisationDirectory } from './organisation-directory.js';
import { assertOrganisationNameFree, organisationNameKey } from './organisation-names.js';
import { findOrganisation, insertOrganisation, toOrganisation, updateOrganisation } from './organisation.repository.js';

export interface OrganisationHooks {
  /**
   * Inside the transaction that changes an organisation's country: what derives from it elsewhere is
   * queued for recomputation (the network linker keeps each report's reporting country).
   */
  withinCountryChange?: ((trx: ServerDeps['db'], organisationId: string) => Promise<void>)[];
  /** After that transaction committed. */
  onCountryChanged?: ((organisationId: string) => void)[];
}

/**
 * The partnership's member directory. Every member may read it (partners must be able to name each other
 * as recipients); only the secretariat admits, edits or suspends members. No two members share a name
 * (organisation-names.ts). Suspension takes effect on the
 * next request: the suspended organisation's sessions and API keys stop resolving.
 */
export function createOrganisationService({ db, engine, credentialCache }: Pick<ServerDeps, 'db' | 'engine' | 'credentialCache'>, hooks: OrganisationHooks = {}) {
  const directory = new OrganisationDirectory(db);
  return {
    list: (query: ListOrganisationsQuery) => directory.list(query),

    async get(id: string): Promise<Organisation> {
      const row = await findOrganisation(db, id);
      if (!row) throw notFound(`Organisation ${id}`);
      return toOrganisation(row);
    },

    async create(context: AuditContext, input: CreateOrganisation): Promise<Organisation> {
      const now = nowIso();
      const row = {
        id: newId(),
        name: input.name,
        short_name: input.shortName ?? null,
        type: input.type,
        country: input.country,
        status: 'active',
        joined_at: input.joinedAt ? new Date(input.joinedAt).toISOString() : now,
        created_at: now,
        updated_at: now,
      };
      await db.transaction().execute(async (trx) => {
        await assertOrganisationNameFree(trx, engine, row.name, null);
        await insertOrganisation(trx, row);
        await appendAudit(trx, engine, context, {
          action: 'organisation.create',
          targetType: 'organisation',
          targetId: row.id,
          subjectOrganisationId: row.id,
          summary: { name: row.name, type: row.type, country: row.country },
        });
      });
      directory.invalidate();
      return toOrganisation(row);
    },

    async update(context: AuditContext, id: string, patch: UpdateOrganisation): Promise<Organisation> {
      // Suspending one's own organisation signs out everyone in it, the one asking too: for the
      // secretariat that is every platform admin, and only the console could undo it.
      if (isMember(context.actor) && context.actor.organisationId === id && patch.status === 'suspended') {
        throw coded('conflict', refusals.say('refusal.own_organisation_suspend'));
      }
      let countryChanged = false;
      const updated = await db.transaction().execute(async (trx) => {
        // A suspension signs out the organisation's people: it may not take the last platform admins with it,
        // the console's included. Their rows are locked first, as a demotion locks them (platform-admins-left.ts).
        if (patch.status === 'suspended') await lockPlatformAdmins(trx, engine);
        const before = await findOrganisation(trx, id);
        if (!before) throw notFound(`Organisation ${id}`);
        if (patch.status === 'suspended' && before.status !== 'suspended') await requirePlatformAdminsOutside(trx, before);
        countryChanged = patch.country !== undefined && patch.country !== before.country;
        // Only a different name is checked: fixing the case of one's own name is no clash, and an
        // organisation that shares its name with another from before the rule stays editable.
        if (patch.name !== undefined && organisationNameKey(patch.name) !== organisationNameKey(before.name)) {
          await assertOrganisationNameFree(trx, engine, patch.name, id);
        }
        // Only what differs: the same value again is no change, and is not recorded as one (an organisation
        // reactivated while active was audited as `changed: ['status']`, active to active: CLI review, session 58).
        const changes = {
          ...(patch.name !== undefined && patch.name !== before.name && { name: patch.name }),
          ...(patch.shortName !== undefined && patch.shortName !== before.short_name && { short_name: patch.shortName }),
          ...(patch.type !== undefined && patch.type !== before.type && { type: patch.type }),
          ...(patch.country !== undefined && patch.country !== before.country && { country: patch.country }),
          ...(patch.status !== undefined && patch.status !== before.status && { status: patch.status }),
        };
        if (Object.keys(changes).length === 0) return toOrganisation(before);
        const after = { ...before, ...changes, updated_at: nowIso() };
        await updateOrganisation(trx, id, { ...changes, updated_at: after.updated_at });
        // A suspension ends its people's sessions, as a user's own suspension does: reactivated, it must
        // not hand back sessions that a compromise (often why it was suspended) may hold (security review, session 25).
        if (patch.status === 'suspended' && before.status !== 'suspended') {
          await trx.deleteFrom('sessions').where('user_id', 'in', trx.selectFrom('users').select('id').where('organisation_id', '=', id)).execute();
        }
        if (countryChanged) {
          for (const hook of hooks.withinCountryChange ?? []) await hook(trx, id);
        }
        await appendAudit(trx, engine, context, {
          action: patch.status && patch.status !== before.status ? `organisation.${patch.status === 'suspended' ? 'suspend' : 'reactivate'}` : 'organisation.update',
          targetType: 'organisation',
          targetId: id,
          subjectOrganisationId: id,
          summary: { changed: Object.keys(changes), before: pick(before, Object.keys(changes)), after: changes },
        });
        return toOrganisation(after);
      });
      // After commit, so no request can re-cache the old state in between.
      credentialCache.clear();
      directory.invalidate();
      if (countryChanged) for (const listener of hooks.onCountryChanged ?? []) listener(id);
      return updated;
    },
  };
}

function pick<T extends object>(row: T, keys: string[]): Record<string, unknown> {
  return Object.fromEntries(keys.map((k) => [k, (row as Record<string, unknown>)[k]]));
}

export type OrganisationService = ReturnType<typeof createOrganisationService>;
