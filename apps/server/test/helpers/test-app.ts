import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import type { OrganisationType, UserRole, ApiKeyScope } from '@gpos/contracts';
import { buildApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import type { Engine } from '../../src/db/index.js';
import type { ServerDeps } from '../../src/platform/context.js';
import { hashPassword } from '../../src/platform/crypto.js';
import { newId, nowIso } from '../../src/platform/ids.js';
import { ANONYMOUS, CredentialCache } from '../../src/platform/auth/index.js';
import { mintApiKey } from '../../src/modules/api-keys/index.js';
import { createTestDatabase, type TestDatabase } from './test-db.js';

export const TEST_PASSWORD = 'correct horse battery staple';
let passwordHash: Promise<string> | null = null;

export interface TestApp {
  app: FastifyInstance;
  deps: ServerDeps;
  database: TestDatabase;
  close(): Promise<void>;
  buildOrganisation(overrides?: { name?: string; type?: OrganisationType; country?: string; status?: string }): Promise<string>;
  buildUser(organisationId: string, role: UserRole, overrides?: { email?: string; status?: string }): Promise<{ id: string; email: string }>;
  /** Signs in through the API and returns headers that carry the session cookie and CSRF token. */
  signIn(email: string): Promise<Record<string, string>>;
  apiKey(organisationId: string, scopes: ApiKeyScope[], expiresAt?: string): Promise<Record<string, string>>;
}

/**
 * A real app on a fresh database of the given engine, with small factories in the style of `buildUser`;
 * or on `database`, one made otherwise (a CLI's, to see what the API makes of what the CLI stored).
 */
export async function createTestApp(engine: Engine, env: Record<string, string> = {}, given?: TestDatabase): Promise<TestApp> {
  const database = given ?? (await createTestDatabase(engine));
  const config = { ...loadConfig({ LOG_LEVEL: 'silent', LOGIN_RATE_LIMIT: '10000', ...env }), webDistDir: '/nonexistent' };
  const deps: ServerDeps = { db: database.handle.db, engine, handle: database.handle, config, credentialCache: new CredentialCache() };
  const app = await buildApp(deps, { logger: false });
  await app.ready();
  let counter = 0;
  passwordHash ??= hashPassword(TEST_PASSWORD);

  return {
    app,
    deps,
    database,
    async close() {
      await app.close();
      await database.drop();
    },
    async buildOrganisation(overrides = {}) {
      const id = newId();
      const now = nowIso();
      await deps.db
        .insertInto('organisations')
        .values({
          id,
          name: overrides.name ?? `Organisation ${++counter}`,
          short_name: null,
          type: overrides.type ?? 'bank',
          country: overrides.country ?? 'TH',
          status: overrides.status ?? 'active',
          joined_at: now,
          created_at: now,
          updated_at: now,
        })
        .execute();
      return id;
    },
    async buildUser(organisationId, role, overrides = {}) {
      const id = newId();
      const now = nowIso();
      const email = overrides.email ?? `user${++counter}-${id.slice(-6)}@test.example`;
      await deps.db
        .insertInto('users')
        .values({
          id,
          organisation_id: organisationId,
          email,
          display_name: `Test ${role}`,
          role,
          status: overrides.status ?? 'active',
          locale: 'en',
          password_hash: await passwordHash!,
          last_login_at: null,
          created_at: now,
          updated_at: now,
        })
        .execute();
      return { id, email };
    },
    async signIn(email) {
      const response = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password: TEST_PASSWORD } });
      if (response.statusCode !== 200) throw new Error(`sign-in failed: ${response.statusCode} ${response.body}`);
      return sessionHeaders(response);
    },
    async apiKey(organisationId, scopes, expiresAt) {
      const { secret, apiKey } = await mintApiKey(deps, { actor: ANONYMOUS, requestId: null }, { organisationId, name: 'test key', scopes, createdByUserId: null });
      // Written directly so tests can create keys that have already expired.
      if (expiresAt) await deps.db.updateTable('api_keys').set({ expires_at: expiresAt }).where('id', '=', apiKey.id).execute();
      return { authorization: `Bearer ${secret}` };
    },
  };
}

export function sessionHeaders(response: LightMyRequestResponse): Record<string, string> {
  const cookie = response.cookies.find((c) => c.name === 'gpos_session');
  if (!cookie) throw new Error('no session cookie');
  const body = response.json() as { csrfToken: string };
  return { cookie: `gpos_session=${cookie.value}`, 'x-csrf-token': body.csrfToken };
}
