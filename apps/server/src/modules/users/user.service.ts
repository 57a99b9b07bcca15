import type { ListUsersQuery, UpdateUser, User, UserRole } from '@gpos/contracts';
import type { createUserSchema } from '@gpos/contracts';
import type { z } from 'zod';
import type { ServerDeps } from '../../platform/context.js';
import { appendAudit, type AuditContext } from '../../platform/audit/index.js';
import { can, type MemberActor, type OperatorActor } from '../../platform/auth/index.js';
import { generatePassword, hashPassword } from '../../platform/crypto.js';
import { isUniqueViolation } from '../../db/write-conflicts.js';
import { AppError, coded, codedValidationFailed, notFound } from '../../platform/errors.js';
import { recordUserEmailRefusal, USER_EMAIL_REFUSALS_MAX, userEmailRefusalsLockedFor } from './user-email-refusals.js';
import { newId, nowIso } from '../../platform/ids.js';
import { findOrganisation, requireActiveOrganisation } from '../organisations/index.js';
import { deleteSessionsOf, findUser, findUserByEmail, insertUsers, listUsers, toUser, updateUserRow } from './user.repository.js';
import { refusals } from '../../platform/refusals.js';
import { requireOperatorOrganisation } from './platform-operators.js';
import { lockPlatformAdmins, requireAnotherPlatformAdmin } from './platform-admins-left.js';
import { userRefusals } from './user-refusals.js';
import { keyMaker, mayHoldAdminKeys, revokeAdminKeysOf } from '../api-keys/index.js';

/**
 * Inserts a person (generating a password when none is given) and audits it, refusing a taken email,
 * an organisation that is suspended (no one in it could sign in) and `platform_admin` outside the
 * organisation that operates the platform (platform-operators.ts).
 */
export async function createUserRecord(
  { db, engine }: Pick<ServerDeps, 'db' | 'engine'>,
  context: AuditContext,
  input: { organisationId: string; email: string; displayName: string; role: UserRole; locale: 'en' | 'th'; password?: string },
) {
  const initialPassword = input.password ? null : generatePassword();
  const passwordHash = await hashPassword(input.password ?? initialPassword ?? '');
  const now = nowIso();
  const row = {
    id: newId(),
    organisation_id: input.organisationId,
    email: input.email,
    display_name: input.displayName,
    role: input.role,
    status: 'active',
    locale: input.locale,
    password_hash: passwordHash,
    last_login_at: null,
    created_at: now,
    updated_at: now,
  };
  const emailTaken = () => coded('conflict', refusals.say('refusal.user_email_taken', { email: input.email }), { errors: [{ path: 'body.email', ...refusals.say('refusal.email_in_use') }] });
  try {
    await db.transaction().execute(async (trx) => {
      await requireActiveOrganisation(trx, input.organisationId, 'no one created in it could sign in');
      if (input.role === 'platform_admin') await requireOperatorOrganisation(trx, context.actor, input.organisationId);
      if (await findUserByEmail(trx, input.email)) throw emailTaken();
      await insertUsers(trx, [row]);
      await appendAudit(trx, engine, context, {
        action: 'user.create',
        targetType: 'user',
        targetId: row.id,
        subjectOrganisationId: input.organisationId,
        summary: { email: row.email, role: row.role, organisationId: input.organisationId },
      });
    });
  } catch (error) {
    // The same email created at the same moment (another server): the check above could not see it.
    if (isUniqueViolation(error, { name: 'users_email_key', table: 'users', columns: ['email'] })) throw emailTaken();
    throw error;
  }
  return { user: toUser(row), initialPassword };
}

/**
 * People and their roles. Organisation admins manage their own organisation's people; the secretariat
 * manages everyone and alone may grant `platform_admin`, as the console does (`gpos user set-role`: the
 * operator at the server, trusted by position) — and only to people of the organisation that operates the
 * platform (platform-operators.ts). No one, the console included, demotes or suspends the last active platform
 * admin (platform-admins-left.ts). Someone else's user answers 404, as if absent.
 */
export function createUserService({ db, engine, credentialCache }: Pick<ServerDeps, 'db' | 'engine' | 'credentialCache'>) {
  const managesAll = (actor: MemberActor | OperatorActor) => actor.kind === 'operator' || can(actor, 'users.manage.any');

  async function visibleUser(actor: MemberActor | OperatorActor, id: string) {
    const row = await findUser(db, id);
    if (!row || !(actor.kind === 'operator' || managesAll(actor) || row.organisation_id === actor.organisationId)) throw notFound(`User ${id}`);
    return row;
  }

  function assertMayGrant(actor: MemberActor | OperatorActor, role: UserRole | undefined): void {
    if (role === 'platform_admin' && !managesAll(actor)) {
      throw coded('forbidden', refusals.say('refusal.platform_admin_grant_secretariat_only'));
    }
  }

  return {
    list(actor: MemberActor, query: ListUsersQuery) {
      const organisationId = managesAll(actor) ? (query.organisationId ?? null) : actor.organisationId;
      if (!managesAll(actor) && query.organisationId && query.organisationId !== actor.organisationId) {
        return Promise.resolve({ items: [], nextCursor: null });
      }
      return listUsers(db, organisationId, query);
    },

    async get(actor: MemberActor, id: string): Promise<User> {
      return toUser(await visibleUser(actor, id));
    },

    async create(actor: MemberActor, context: AuditContext, input: z.output<typeof createUserSchema>) {
      const organisationId = input.organisationId ?? actor.organisationId;
      if (organisationId !== actor.organisationId && !managesAll(actor)) {
        throw notFound(`Organisation ${organisationId}`);
      }
      assertMayGrant(actor, input.role);
      if (!(await findOrganisation(db, organisationId))) {
        throw codedValidationFailed('body.organisationId', refusals.say('refusal.no_organisation', { id: organisationId }));
      }
      // The secretariat is exempt from the limit on refused emails (user-email-refusals.ts): it manages everyone.
      if (managesAll(actor)) return createUserRecord({ db, engine }, context, { ...input, organisationId });
      const nowMs = Date.now();
      const wait = await userEmailRefusalsLockedFor(db, actor.organisationId, nowMs);
      if (wait > 0) {
        const minutes = Math.ceil(wait / 60_000);
        throw coded('rate_limited', refusals.say('refusal.user_email_refusals_locked', { max: USER_EMAIL_REFUSALS_MAX, minutes }), { headers: { 'retry-after': String(Math.ceil(wait / 1000)) } });
      }
      try {
        return await createUserRecord({ db, engine }, context, { ...input, organisationId });
      } catch (error) {
        if (error instanceof AppError && error.details.said?.code === 'refusal.user_email_taken') {
          // In the caller's organisation's trail: its admins see who tried which address.
          await db.transaction().execute(async (trx) => {
            await appendAudit(trx, engine, context, {
              action: 'user.create_refused',
              targetType: null,
              targetId: null,
              subjectOrganisationId: actor.organisationId,
              summary: { reason: 'email_in_use', email: input.email, organisationId },
            });
            await recordUserEmailRefusal(trx, actor.organisationId, nowMs);
          });
        }
        throw error;
      }
    },

    async update(actor: MemberActor | OperatorActor, context: AuditContext, id: string, patch: UpdateUser): Promise<User> {
      await visibleUser(actor, id);
      assertMayGrant(actor, patch.role);
      const changes = {
        ...(patch.displayName !== undefined && { display_name: patch.displayName }),
        ...(patch.role !== undefined && { role: patch.role }),
        ...(patch.status !== undefined && { status: patch.status }),
        ...(patch.locale !== undefined && { locale: patch.locale }),
      };
      // A key acts for the person who made it (or whose key made it): on that person, it is them acting on themselves.
      const keyMadeBy = actor.kind === 'api_key' ? (await keyMaker(db, actor)).createdByUserId : null;
      let keysRevoked = 0;
      const after = await db.transaction().execute(async (trx) => {
        // A change that may take a platform admin away locks every platform admin first, then the person:
        // two admins demoting each other cannot both leave the other as the last one (platform-admins-left.ts).
        if (patch.status === 'suspended' || (patch.role !== undefined && patch.role !== 'platform_admin')) await lockPlatformAdmins(trx, engine);
        // The checks read the person's locked row: a change committed meanwhile (the secretariat making
        // them a platform admin, say) is what this one is checked against, not what was read before it.
        const locking = trx.selectFrom('users').selectAll().where('id', '=', id);
        const before = await (engine === 'postgres' ? locking.forUpdate() : locking).executeTakeFirstOrThrow();
        const roleChanged = patch.role !== undefined && patch.role !== before.role;
        const statusChanged = patch.status !== undefined && patch.status !== before.status;
        if (before.role === 'platform_admin' && !managesAll(actor)) throw coded('forbidden', refusals.say('refusal.platform_admin_change_secretariat_only'));
        if (actor.kind === 'user' && actor.userId === id && (roleChanged || patch.status === 'suspended')) {
          throw coded('conflict', refusals.say('refusal.own_role_or_status'));
        }
        // Any change of status too: a person suspended must not reactivate themselves with a key made before.
        if (keyMadeBy === id && (roleChanged || statusChanged)) throw coded('conflict', userRefusals.say('refusal.own_role_or_status_by_key', { email: before.email }));
        if (before.role === 'platform_admin' && (roleChanged || (statusChanged && patch.status === 'suspended'))) {
          await requireAnotherPlatformAdmin(trx, before, roleChanged ? 'body.role' : 'body.status');
        }
        if (patch.role === 'platform_admin' && before.role !== 'platform_admin') await requireOperatorOrganisation(trx, actor, before.organisation_id);
        const updated = { ...before, ...changes, updated_at: nowIso() };
        // Made active in a suspended organisation, the person still could not sign in. Only a change of
        // status is refused: the rest of a suspended organisation's people stays editable.
        if (patch.status === 'active' && before.status !== 'active') {
          await requireActiveOrganisation(trx, before.organisation_id, `${before.email} could not sign in even if reactivated`);
        }
        await updateUserRow(trx, id, { ...changes, updated_at: updated.updated_at });
        // A suspended person or a changed role must not keep a session minted under the old terms.
        if (patch.status === 'suspended' || roleChanged) await deleteSessionsOf(trx, id);
        await appendAudit(trx, engine, context, {
          action: patch.status && patch.status !== before.status ? `user.${patch.status === 'suspended' ? 'suspend' : 'reactivate'}` : 'user.update',
          targetType: 'user',
          targetId: id,
          subjectOrganisationId: before.organisation_id,
          summary: { changed: Object.keys(changes), after: changes, before: { role: before.role, status: before.status } },
        });
        // Nor an admin key: it would go on administering for them (with a session ended, through the API).
        // Revoked, not paused: reactivated or promoted again, they make a new one.
        if (updated.status === 'suspended' && before.status !== 'suspended') keysRevoked = await revokeAdminKeysOf(trx, engine, context, id, 'its creator was suspended');
        else if (roleChanged && !mayHoldAdminKeys(updated.role)) keysRevoked = await revokeAdminKeysOf(trx, engine, context, id, `its creator is now ${updated.role}`);
        return updated;
      });
      // After commit, so no request can re-cache a revoked key in between.
      if (keysRevoked > 0) credentialCache.clear();
      return toUser(after);
    },
  };
}

export type UserService = ReturnType<typeof createUserService>;
