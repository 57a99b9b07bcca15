import type { ApiKey, ApiKeyScope, CreateApiKey } from '@gpos/contracts';
import type { ServerDeps } from '../../platform/context.js';
import type { ApiKeysTable } from '../../db/schema.js';
import type { Db } from '../../db/index.js';
import { appendAudit, type AuditContext } from '../../platform/audit/index.js';
import { can, PERMISSIONS, type ApiKeyActor, type MemberActor, type OperatorActor } from '../../platform/auth/index.js';
import { randomToken, sha256Hex } from '../../platform/crypto.js';
import { codedValidationFailed, notFound } from '../../platform/errors.js';
import { refusals } from '../../platform/refusals.js';
import { newId, nowIso } from '../../platform/ids.js';
import { decodeCursor, pageFrom } from '../../platform/pagination.js';
import { findOrganisation, requireActiveOrganisation } from '../organisations/index.js';
import { apiKeyRefusals } from './api-key-refusals.js';

/** Keys look like `gpos_<43 random characters>`; the prefix makes a leaked key easy to recognise and scan for. */
const KEY_PREFIX = 'gpos_';

const toApiKey = (row: ApiKeysTable): ApiKey => ({
  id: row.id,
  organisationId: row.organisation_id,
  name: row.name,
  prefix: row.prefix,
  scopes: row.scopes.split(',') as ApiKeyScope[],
  createdByUserId: row.created_by_user_id,
  createdAt: row.created_at,
  expiresAt: row.expires_at,
  lastUsedAt: row.last_used_at,
  revokedAt: row.revoked_at,
});

/** Whether scopes let a key push (the node scope vouches for pushes, so it is granted only beside one). */
const canPush = (scopes: readonly ApiKeyScope[]) => scopes.includes('write') || scopes.includes('admin');

/**
 * The node scope makes a TAXII push with the key the federation peer's own version (taxii.routes.ts): it
 * needs a scope that pushes and an organisation that stands for a peer (federation_peers.organisation_id),
 * or it would vouch for nothing, or for a peer added to the organisation later by surprise.
 */
async function requireNodeScopeFits(trx: Db, input: { organisationId: string; scopes: readonly ApiKeyScope[] }): Promise<void> {
  if (!input.scopes.includes('node')) return;
  if (!canPush(input.scopes)) throw codedValidationFailed('body.scopes', refusals.say('refusal.node_scope_needs_write'), input.scopes.join(','));
  const peer = await trx.selectFrom('federation_peers').select('id').where('organisation_id', '=', input.organisationId).executeTakeFirst();
  if (peer) return;
  const organisation = await findOrganisation(trx, input.organisationId);
  throw codedValidationFailed('body.scopes', refusals.say('refusal.node_scope_not_a_peer', { organisation: organisation?.name ?? input.organisationId }), input.scopes.join(','));
}

/**
 * Revokes, in the caller's transaction, the organisation's keys that speak for the federation peer it stands
 * for (scope `node`), each audited as `apikey.revoke` with the reason: called as the peer is removed. Left
 * alone, such a key would push as a plain write key, and speak for the next peer added for the organisation,
 * a node it was never given for. Returns how many; the caller clears the credential cache after the commit.
 */
export async function revokeNodeKeys(trx: Db, engine: ServerDeps['engine'], context: AuditContext, organisationId: string, reason: string): Promise<number> {
  const live = await trx.selectFrom('api_keys').selectAll().where('organisation_id', '=', organisationId).where('revoked_at', 'is', null).execute();
  const nodeKeys = live.filter((row) => row.scopes.split(',').includes('node'));
  for (const row of nodeKeys) await revokeKeyRow(trx, engine, context, row, { reason });
  return nodeKeys.length;
}

/**
 * Revokes, in the caller's transaction, the live `admin` keys `userId` created (or a key of theirs created),
 * each audited as `apikey.revoke` with the reason: called as the person is suspended, or given a role that
 * may not make such a key. Left alone, the key would go on administering in the name of someone the
 * organisation has just stopped (users/user.service.ts). Their `read` and `write` keys, the organisation's
 * feeds, administer nothing and stay. Returns how many; the caller clears the credential cache after the commit.
 */
export async function revokeAdminKeysOf(trx: Db, engine: ServerDeps['engine'], context: AuditContext, userId: string, reason: string): Promise<number> {
  const live = await trx.selectFrom('api_keys').selectAll().where('created_by_user_id', '=', userId).where('revoked_at', 'is', null).execute();
  const adminKeys = live.filter((row) => row.scopes.split(',').includes('admin'));
  for (const row of adminKeys) await revokeKeyRow(trx, engine, context, row, { reason });
  return adminKeys.length;
}

/** Whether a person of `role` may make an `admin` key, and so keep one (revokeAdminKeysOf). */
export const mayHoldAdminKeys = (role: string) => (PERMISSIONS['apikeys.manage'].roles as readonly string[]).includes(role);

/**
 * The person who made the key `actor` acts with, or whose key made it (keys made by keys carry their
 * maker's person on: null only for the console's and the demo's), and when it expires.
 */
export async function keyMaker(db: Db, actor: ApiKeyActor): Promise<{ createdByUserId: string | null; expiresAt: string | null }> {
  const row = await db.selectFrom('api_keys').select(['created_by_user_id', 'expires_at']).where('id', '=', actor.apiKeyId).executeTakeFirst();
  return { createdByUserId: row?.created_by_user_id ?? null, expiresAt: row?.expires_at ?? null };
}

/**
 * Refuses (400, naming `body.expiresAt`) a key made by a key that expires, unless it expires no later: a
 * key that outlived its maker, or never expired, would turn a credential given for a while into one for ever.
 */
function requireExpiryWithin(makerExpiresAt: string | null, expiresAt: string | undefined): void {
  if (makerExpiresAt === null) return;
  const limit = new Date(makerExpiresAt).toISOString();
  if (expiresAt === undefined) throw codedValidationFailed('body.expiresAt', apiKeyRefusals.say('refusal.expiry_required_by_key', { expiresAt: limit }));
  if (new Date(expiresAt).getTime() > new Date(limit).getTime()) {
    throw codedValidationFailed('body.expiresAt', apiKeyRefusals.say('refusal.expiry_beyond_key', { expiresAt: limit }), expiresAt);
  }
}

/** Revokes one key in the caller's transaction, audited as `apikey.revoke` (with `more` in its summary); returns it revoked. */
async function revokeKeyRow(trx: Db, engine: ServerDeps['engine'], context: AuditContext, row: ApiKeysTable, more: Record<string, string> = {}): Promise<ApiKeysTable> {
  const revoked: ApiKeysTable = { ...row, revoked_at: nowIso() };
  await trx.updateTable('api_keys').set({ revoked_at: revoked.revoked_at }).where('id', '=', row.id).execute();
  await appendAudit(trx, engine, context, {
    action: 'apikey.revoke',
    targetType: 'api_key',
    targetId: row.id,
    subjectOrganisationId: row.organisation_id,
    summary: { name: row.name, organisationId: row.organisation_id, ...more },
  });
  return revoked;
}

/**
 * Creates a key and returns its secret, the only time it exists outside the client. Refused for an
 * organisation that is suspended: its keys do not authenticate, so the secret would be useless. The caller
 * has decided who may grant the node scope (the secretariat, the CLI); this checks that it fits.
 */
export async function mintApiKey(
  { db, engine }: Pick<ServerDeps, 'db' | 'engine'>,
  context: AuditContext,
  input: { organisationId: string; name: string; scopes: ApiKeyScope[]; expiresAt?: string; createdByUserId: string | null },
) {
  if (input.expiresAt && new Date(input.expiresAt).getTime() <= Date.now()) {
    throw codedValidationFailed('body.expiresAt', refusals.say('refusal.expiry_not_future'), input.expiresAt);
  }
  const secret = `${KEY_PREFIX}${randomToken(32)}`;
  const row: ApiKeysTable = {
    id: newId(),
    organisation_id: input.organisationId,
    name: input.name,
    prefix: secret.slice(0, KEY_PREFIX.length + 6),
    secret_hash: sha256Hex(secret),
    scopes: [...new Set(input.scopes)].join(','),
    created_by_user_id: input.createdByUserId,
    created_at: nowIso(),
    expires_at: input.expiresAt ? new Date(input.expiresAt).toISOString() : null,
    last_used_at: null,
    revoked_at: null,
  };
  await db.transaction().execute(async (trx) => {
    await requireActiveOrganisation(trx, input.organisationId, 'a key created for it would not authenticate');
    await requireNodeScopeFits(trx, input);
    await trx.insertInto('api_keys').values(row).execute();
    await appendAudit(trx, engine, context, {
      action: 'apikey.create',
      targetType: 'api_key',
      targetId: row.id,
      subjectOrganisationId: input.organisationId,
      summary: { name: row.name, scopes: row.scopes, organisationId: input.organisationId, expiresAt: row.expires_at },
    });
  });
  return { apiKey: toApiKey(row), secret };
}

/**
 * API keys for machine clients. A key belongs to an organisation, carries scopes (read < write < admin),
 * may expire, is shown once and stored only as a SHA-256 hash. Revocation is immediate.
 */
export function createApiKeyService(deps: Pick<ServerDeps, 'db' | 'engine' | 'credentialCache'>) {
  const { db, engine } = deps;
  function targetOrganisation(actor: MemberActor, requested: string | undefined): string {
    if (!requested || requested === actor.organisationId) return actor.organisationId;
    if (!can(actor, 'apikeys.manage.any')) throw notFound(`Organisation ${requested}`);
    return requested;
  }

  return {
    async list(actor: MemberActor, query: { organisationId?: string; cursor?: string; limit: number }) {
      const organisationId = targetOrganisation(actor, query.organisationId);
      const after = decodeCursor(query.cursor, ['id']);
      let q = db.selectFrom('api_keys').selectAll().where('organisation_id', '=', organisationId);
      if (after) q = q.where('id', '<', String(after[0]));
      const rows = await q.orderBy('id', 'desc').limit(query.limit + 1).execute();
      const page = pageFrom(rows, query.limit, (row) => [row.id]);
      return { items: page.items.map(toApiKey), nextCursor: page.nextCursor };
    },

    async create(actor: MemberActor, context: AuditContext, input: CreateApiKey) {
      const organisationId = targetOrganisation(actor, input.organisationId);
      if (!(await findOrganisation(db, organisationId))) throw notFound(`Organisation ${organisationId}`);
      // A key that speaks for a peer node is the secretariat's to hand out (peers are node-wide, as their
      // administration is): the organisation's own admins, who may be the peer's liaison officers, may not.
      if (input.scopes.includes('node') && !can(actor, 'federation.manage')) {
        throw codedValidationFailed('body.scopes', refusals.say('refusal.node_scope_secretariat_only'), input.scopes.join(','));
      }
      if (actor.kind === 'user') return mintApiKey(deps, context, { ...input, organisationId, createdByUserId: actor.userId });
      const maker = await keyMaker(db, actor);
      requireExpiryWithin(maker.expiresAt, input.expiresAt);
      return mintApiKey(deps, context, { ...input, organisationId, createdByUserId: maker.createdByUserId });
    },

    /**
     * Revokes a key and returns it as it now stands; revoking a revoked key changes nothing and is not
     * recorded again. The operator (`gpos apikey revoke`) may revoke any key, as the secretariat may.
     */
    async revoke(actor: MemberActor | OperatorActor, context: AuditContext, id: string): Promise<{ apiKey: ApiKey; alreadyRevoked: boolean }> {
      const result = await db.transaction().execute(async (trx) => {
        const row = await trx.selectFrom('api_keys').selectAll().where('id', '=', id).executeTakeFirst();
        const managesAll = actor.kind === 'operator' || can(actor, 'apikeys.manage.any');
        if (!row || (!managesAll && row.organisation_id !== actor.organisationId)) throw notFound(`API key ${id}`);
        if (row.revoked_at) return { apiKey: toApiKey(row), alreadyRevoked: true };
        return { apiKey: toApiKey(await revokeKeyRow(trx, engine, context, row)), alreadyRevoked: false };
      });
      deps.credentialCache.clear();
      return result;
    },
  };
}

export type ApiKeyService = ReturnType<typeof createApiKeyService>;
