import type { Locale, Me, OrganisationType, UserRole } from '@gpos/contracts';
import type { ServerDeps } from '../../platform/context.js';
import { appendAudit, type AuditContext } from '../../platform/audit/index.js';
import { ANONYMOUS, permissionsOf, userActorOf, type MemberActor } from '../../platform/auth/index.js';
import { dummyPasswordHash, hashPassword, randomToken, sha256Hex, verifyPassword } from '../../platform/crypto.js';
import { AppError, coded } from '../../platform/errors.js';
import { refusals } from '../../platform/refusals.js';
import { nowIso } from '../../platform/ids.js';
import { sweepEndedSessions } from './session-sweep.js';
import { ACCOUNT_FAILURES, ADDRESS_FAILURES, clearFailures, lockedFor, recordFailure, throttleKeys } from './login-throttle.js';

/** Where a sign-in reports what fails after it succeeded (the request's logger). */
export type SignInLog = { warn: (fields: { err: unknown }, message: string) => void };

const INVALID = () => new AppError('invalid_credentials', 'The email or password is incorrect');

/**
 * Sign-in, sessions and the signed-in person's own profile. Every failed sign-in looks the same from
 * outside — unknown email, wrong password, suspended account or organisation — and takes the same time.
 */
export function createAuthService({ db, engine, config }: Pick<ServerDeps, 'db' | 'engine' | 'config'>) {
  async function describe(actor: MemberActor): Promise<Me> {
    const org = await db.selectFrom('organisations').select(['id', 'name', 'type', 'country']).where('id', '=', actor.organisationId).executeTakeFirstOrThrow();
    const organisation = { id: org.id, name: org.name, type: org.type as OrganisationType, country: org.country };
    const permissions = permissionsOf(actor);
    if (actor.kind === 'api_key') {
      const key = await db.selectFrom('api_keys').select(['id', 'name', 'scopes']).where('id', '=', actor.apiKeyId).executeTakeFirstOrThrow();
      return { kind: 'api_key', user: null, apiKey: { id: key.id, name: key.name, scopes: key.scopes.split(',') as NonNullable<Me['apiKey']>['scopes'] }, organisation, permissions, csrfToken: null };
    }
    const user = await db.selectFrom('users').select(['id', 'email', 'display_name', 'role', 'locale']).where('id', '=', actor.userId).executeTakeFirstOrThrow();
    return {
      kind: 'user',
      user: { id: user.id, email: user.email, displayName: user.display_name, role: user.role as UserRole, locale: user.locale as Locale },
      apiKey: null,
      organisation,
      permissions,
      csrfToken: actor.csrfToken,
    };
  }

  /** Refuses (429) while the account is locked, from this address or everywhere (login-throttle.ts). */
  async function requireNotLocked(keys: { address: string; account: string }, now: Date): Promise<void> {
    const wait = await lockedFor(db, [keys.address, keys.account], now);
    if (wait > 0) {
      throw new AppError('too_many_attempts', 'Too many failed sign-ins for this account; try again later', {
        headers: { 'retry-after': String(Math.ceil(wait / 1000)) },
      });
    }
  }

  /**
   * Counts a wrong password against the account (from this address, and from anywhere). A lock it starts is
   * audited (not every failure: the chain would record any stranger's typing): who was targeted, from where,
   * and whether the account itself is now closed to every address; `context` says who tried (no one signed
   * in, at sign-in), `via` where (a sign-in unless said).
   */
  async function countWrongPassword(
    keys: { address: string; account: string },
    now: Date,
    context: AuditContext,
    target: { userId: string; organisationId: string } | null,
    ip: string | null,
    via?: 'password_change',
  ): Promise<void> {
    const lockedHere = await recordFailure(db, keys.address, ADDRESS_FAILURES, now);
    const lockedEverywhere = await recordFailure(db, keys.account, ACCOUNT_FAILURES, now);
    if (!lockedHere && !lockedEverywhere) return;
    await db.transaction().execute((trx) =>
      appendAudit(trx, engine, context, {
        action: 'auth.locked',
        targetType: target ? 'user' : null,
        targetId: target?.userId ?? null,
        // The locked person's organisation reads it: its admins see who is being tried, from where.
        subjectOrganisationId: target?.organisationId ?? null,
        summary: { scope: lockedEverywhere ? 'account' : 'address', ip, failures: lockedEverywhere ? ACCOUNT_FAILURES : ADDRESS_FAILURES, ...(via && { via }) },
      }),
    );
  }

  return {
    describe,

    /** Returns the new session's token (for the cookie) and the signed-in actor's description. */
    async login(input: { email: string; password: string }, client: { ip: string | null; userAgent: string | null; requestId: string; log?: SignInLog }) {
      const email = input.email.trim().toLowerCase();
      const keys = throttleKeys(email, client.ip);
      const now = new Date();
      await requireNotLocked(keys, now);
      const row = await db
        .selectFrom('users as u')
        .innerJoin('organisations as o', 'o.id', 'u.organisation_id')
        .select(['u.id', 'u.password_hash', 'u.status', 'u.role', 'o.id as org_id', 'o.type as org_type', 'o.country as org_country', 'o.status as org_status'])
        .where('u.email', '=', email)
        .executeTakeFirst();
      const passwordOk = await verifyPassword(input.password, row?.password_hash ?? (await dummyPasswordHash()));
      if (!row || !passwordOk || row.status !== 'active' || row.org_status !== 'active') {
        await countWrongPassword(keys, now, { actor: ANONYMOUS, requestId: client.requestId }, row ? { userId: row.id, organisationId: row.org_id } : null, client.ip);
        throw INVALID();
      }
      const token = randomToken();
      const actor: MemberActor = userActorOf(
        { userId: row.id, role: row.role, organisationId: row.org_id, organisationType: row.org_type, organisationCountry: row.org_country },
        { sessionIdHash: sha256Hex(token), csrfToken: randomToken(24) },
      );
      await db.transaction().execute(async (trx) => {
        // The checks again, on the person's locked row: a password change, suspension or role change that
        // committed while the password was being verified (each takes the same row) wins, and this sign-in
        // is refused as with a wrong password; one that comes after waits for this session, then ends it.
        const locking = trx.selectFrom('users').select(['password_hash', 'status', 'role']).where('id', '=', row.id);
        const current = await (engine === 'postgres' ? locking.forUpdate() : locking).executeTakeFirst();
        const organisation = await trx.selectFrom('organisations').select('status').where('id', '=', row.org_id).executeTakeFirst();
        if (current?.password_hash !== row.password_hash || current.status !== 'active' || current.role !== row.role || organisation?.status !== 'active') throw INVALID();
        await clearFailures(trx, keys.address);
        await trx
          .insertInto('sessions')
          .values({
            id_hash: actor.sessionIdHash,
            user_id: row.id,
            csrf_token: actor.csrfToken,
            created_at: now.toISOString(),
            expires_at: new Date(now.getTime() + config.sessionTtlHours * 3_600_000).toISOString(),
            last_seen_at: now.toISOString(),
            ip: client.ip?.slice(0, 64) ?? null,
            user_agent: client.userAgent?.slice(0, 256) ?? null,
          })
          .execute();
        await trx.updateTable('users').set({ last_login_at: now.toISOString() }).where('id', '=', row.id).execute();
        await appendAudit(trx, engine, { actor, requestId: client.requestId }, { action: 'auth.login', targetType: 'user', targetId: row.id, summary: { ip: client.ip } });
      });
      // Ended sessions are swept as people sign in too, between the periodic sweeps: one bounded batch, after
      // the sign-in committed (its transaction holds SQLite's one writer no longer for it), and a failure
      // only logs: the person is signed in, and the periodic sweep takes what is left.
      try {
        await sweepEndedSessions(db, { idleMinutes: config.sessionIdleMinutes, nowMs: now.getTime() });
      } catch (err) {
        client.log?.warn({ err }, 'sessions: sweeping ended sessions at sign-in failed');
      }
      return { token, me: await describe(actor) };
    },

    /** Ends a session found idle by a request that went on as a visitor (session-activity.ts). */

    async logout(actor: MemberActor, context: AuditContext): Promise<void> {
      if (actor.kind !== 'user') return;
      await db.transaction().execute(async (trx) => {
        await trx.deleteFrom('sessions').where('id_hash', '=', actor.sessionIdHash).execute();
        await appendAudit(trx, engine, context, { action: 'auth.logout', targetType: 'user', targetId: actor.userId });
      });
    },

    async updateMe(actor: MemberActor, context: AuditContext, patch: { locale?: 'en' | 'th'; displayName?: string }): Promise<Me> {
      if (actor.kind !== 'user') throw new AppError('bad_request', 'API keys have no profile to change');
      const changes = {
        ...(patch.locale !== undefined && { locale: patch.locale }),
        ...(patch.displayName !== undefined && { display_name: patch.displayName }),
      };
      if (Object.keys(changes).length > 0) {
        await db.transaction().execute(async (trx) => {
          await trx.updateTable('users').set({ ...changes, updated_at: nowIso() }).where('id', '=', actor.userId).execute();
          await appendAudit(trx, engine, context, { action: 'user.update_self', targetType: 'user', targetId: actor.userId, summary: { after: changes } });
        });
      }
      return describe(actor);
    },

    /**
     * A wrong current password counts toward the sign-in's lockout of the account, and a lock it starts is
     * audited as a sign-in's is: someone holding a session left open (or stolen) may not guess the password
     * here faster than at the sign-in page. While the account is locked, no password is changed (429).
     */
    async changePassword(actor: MemberActor, context: AuditContext, input: { currentPassword: string; newPassword: string }, client: { ip: string | null }): Promise<void> {
      if (actor.kind !== 'user') throw new AppError('bad_request', 'API keys have no password');
      const user = await db.selectFrom('users').select(['email', 'password_hash']).where('id', '=', actor.userId).executeTakeFirstOrThrow();
      const keys = throttleKeys(user.email, client.ip);
      const now = new Date();
      await requireNotLocked(keys, now);
      if (!(await verifyPassword(input.currentPassword, user.password_hash))) {
        await countWrongPassword(keys, now, context, { userId: actor.userId, organisationId: actor.organisationId }, client.ip, 'password_change');
        throw coded('invalid_credentials', refusals.say('refusal.current_password_incorrect'), { errors: [{ path: 'body.currentPassword', ...refusals.say('refusal.incorrect') }] });
      }
      const hash = await hashPassword(input.newPassword);
      await db.transaction().execute(async (trx) => {
        await trx.updateTable('users').set({ password_hash: hash, updated_at: nowIso() }).where('id', '=', actor.userId).execute();
        // Every other session of this person ends: a password change is how people evict a thief.
        await trx.deleteFrom('sessions').where('user_id', '=', actor.userId).where('id_hash', '!=', actor.sessionIdHash).execute();
        // The password was known: this address's count starts again, as at a sign-in.
        await clearFailures(trx, keys.address);
        await appendAudit(trx, engine, context, { action: 'auth.password_change', targetType: 'user', targetId: actor.userId });
      });
    },
  };
}

export type AuthService = ReturnType<typeof createAuthService>;
