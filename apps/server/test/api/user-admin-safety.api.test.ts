import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_KEY_REFUSALS } from '../../src/modules/api-keys/api-key-refusals.js';
import { createOrganisationService } from '../../src/modules/organisations/index.js';
import { createUserService } from '../../src/modules/users/index.js';
import { USER_REFUSALS } from '../../src/modules/users/user-refusals.js';
import { OPERATOR } from '../../src/platform/auth/index.js';
import { AppError } from '../../src/platform/errors.js';
import { createTestApp, TEST_PASSWORD, type TestApp } from '../helpers/test-app.js';
import { testEngines } from '../helpers/test-db.js';

/**
 * What keeps people's administration safe (security review): the last active platform admin is never
 * demoted or suspended, nor their organisation suspended, by anyone, at once or not; a key never changes its
 * maker's own role or status, nor outlives or keeps administering after them; a wrong current password counts
 * toward the sign-in's lockout; a search for `first_last` finds it on both engines.
 */
describe.each(testEngines())('people administration safety (%s)', (engine) => {
  let t: TestApp;
  let secretariat: string;
  let bank: string;
  const atConsole = { actor: OPERATOR, requestId: 'test' };

  beforeAll(async () => {
    t = await createTestApp(engine);
    secretariat = await t.buildOrganisation({ name: 'Secretariat', type: 'international_org' });
    bank = await t.buildOrganisation({ name: 'Lotus Bank', type: 'bank' });
  });
  afterAll(() => t.close());

  const inject = (method: 'GET' | 'POST' | 'PATCH', url: string, headers: Record<string, string>, payload?: object) =>
    t.app.inject({ method, url, headers, ...(payload ? { payload } : {}) });
  const activePlatformAdmins = async () =>
    (await t.deps.db.selectFrom('users').select('id').where('role', '=', 'platform_admin').where('status', '=', 'active').where('organisation_id', '=', secretariat).execute()).length;
  /** The coded refusal a service threw, or null. */
  const refusalOf = (promise: Promise<unknown>) =>
    promise.then(
      () => null,
      (error: unknown) => (error instanceof AppError ? { code: error.code, detailCode: error.details.said?.code, message: error.message } : Promise.reject(error)),
    );

  describe('the last platform admin', () => {
    it('is never demoted or suspended by two platform admins acting on each other at once', async () => {
      for (const [round, patch] of [{ role: 'admin' }, { status: 'suspended' }, { role: 'viewer' }, { status: 'suspended' }].entries()) {
        // Only these two hold the role now: the others of earlier rounds are demoted or suspended.
        await t.deps.db.updateTable('users').set({ status: 'suspended' }).where('role', '=', 'platform_admin').execute();
        const one = await t.buildUser(secretariat, 'platform_admin', { email: `one${round}@secretariat.example` });
        const two = await t.buildUser(secretariat, 'platform_admin', { email: `two${round}@secretariat.example` });
        const [asOne, asTwo] = await Promise.all([t.signIn(one.email), t.signIn(two.email)]);
        const answers = await Promise.all([inject('PATCH', `/api/v1/users/${two.id}`, asOne, patch), inject('PATCH', `/api/v1/users/${one.id}`, asTwo, patch)]);
        expect(answers.map((a) => a.statusCode).sort()).toEqual([200, 409]);
        const refused = answers.find((a) => a.statusCode === 409)!.json();
        expect(refused).toMatchObject({ code: 'conflict', detailCode: 'refusal.last_platform_admin', errors: [{ path: patch.role ? 'body.role' : 'body.status' }] });
        expect(refused.detail).toMatch(/^(one|two)\d@secretariat\.example is the last active platform admin: demoted or suspended, they would leave no one to administer the platform/);
        expect(await activePlatformAdmins()).toBe(1);
      }
    });

    it('is refused to the console too: no demotion, suspension or suspension of their organisation', async () => {
      await t.deps.db.updateTable('users').set({ status: 'suspended' }).where('role', '=', 'platform_admin').execute();
      const last = await t.buildUser(secretariat, 'platform_admin', { email: 'last@secretariat.example' });
      const users = createUserService(t.deps);
      for (const patch of [{ role: 'viewer' as const }, { status: 'suspended' as const }]) {
        expect(await refusalOf(users.update(OPERATOR, atConsole, last.id, patch))).toMatchObject({ code: 'conflict', detailCode: 'refusal.last_platform_admin' });
      }
      const organisations = createOrganisationService(t.deps);
      expect(await refusalOf(organisations.update(atConsole, secretariat, { status: 'suspended' }))).toMatchObject({
        code: 'conflict',
        detailCode: 'refusal.last_platform_admins_organisation',
        message: 'Secretariat holds every active platform admin: suspended, it would sign them all out and leave no one to administer the platform',
      });
      expect(await activePlatformAdmins()).toBe(1);
      // Another one made, the first may go; a suspended one's organisation is not the secretariat's.
      const next = await t.buildUser(secretariat, 'platform_admin', { email: 'next@secretariat.example' });
      expect(await users.update(OPERATOR, atConsole, last.id, { role: 'admin' })).toMatchObject({ role: 'admin' });
      expect(await refusalOf(users.update(OPERATOR, atConsole, next.id, { status: 'suspended' }))).toMatchObject({ detailCode: 'refusal.last_platform_admin' });
      expect(await refusalOf(organisations.update(atConsole, bank, { status: 'suspended' }))).toBeNull();
      await organisations.update(atConsole, bank, { status: 'active' });
    });

    it('lets the console grant the role, with no one holding it, only where the audit trail says someone did', async () => {
      const users = createUserService(t.deps);
      const analyst = await t.buildUser(bank, 'analyst');
      const former = await t.buildUser(secretariat, 'analyst');
      // Left with no holder by a change made around the services (as before they refused it): the last
      // demotion above is in the trail, with the secretariat as its subject.
      const saved = await t.deps.db.selectFrom('users').select(['id', 'role']).where('role', '=', 'platform_admin').execute();
      await t.deps.db.updateTable('users').set({ role: 'admin' }).where('role', '=', 'platform_admin').execute();
      try {
        expect(await refusalOf(users.update(OPERATOR, atConsole, analyst.id, { role: 'platform_admin' }))).toMatchObject({ code: 'conflict', detailCode: 'refusal.platform_admin_operators_only' });
        expect(await users.update(OPERATOR, atConsole, former.id, { role: 'platform_admin' })).toMatchObject({ role: 'platform_admin' });
      } finally {
        for (const row of saved) await t.deps.db.updateTable('users').set({ role: row.role }).where('id', '=', row.id).execute();
      }
    });
  });

  describe('API keys and their maker', () => {
    it("never changes its maker's own role or status, even made by a key of theirs, nor reactivates them", async () => {
      const admin = await t.buildUser(bank, 'admin');
      const session = await t.signIn(admin.email);
      const made = (await inject('POST', '/api/v1/api-keys', session, { name: 'ops', scopes: ['admin'] })).json();
      expect(made.apiKey.createdByUserId).toBe(admin.id);
      const key = { authorization: `Bearer ${made.secret}` };
      const byKey = (await inject('POST', '/api/v1/api-keys', key, { name: 'ops 2', scopes: ['admin'] })).json();
      expect(byKey.apiKey.createdByUserId).toBe(admin.id);
      for (const credential of [key, { authorization: `Bearer ${byKey.secret}` }]) {
        for (const patch of [{ role: 'viewer' }, { status: 'suspended' }]) {
          const refused = await inject('PATCH', `/api/v1/users/${admin.id}`, credential, patch);
          expect(refused.statusCode).toBe(409);
          expect(refused.json()).toMatchObject({ detailCode: 'refusal.own_role_or_status_by_key', detailParams: { email: admin.email } });
        }
      }
      // Suspended around the service (before its keys were revoked at suspension): the key does not undo it.
      await t.deps.db.updateTable('users').set({ status: 'suspended' }).where('id', '=', admin.id).execute();
      for (const patch of [{ status: 'active' }, { role: 'admin', status: 'active' }]) {
        expect((await inject('PATCH', `/api/v1/users/${admin.id}`, key, patch)).statusCode).toBe(409);
      }
      expect((await t.deps.db.selectFrom('users').select('status').where('id', '=', admin.id).executeTakeFirstOrThrow()).status).toBe('suspended');
      // Another person's key changes them as any admin would.
      const other = await t.signIn((await t.buildUser(bank, 'admin')).email);
      const otherKey = { authorization: `Bearer ${(await inject('POST', '/api/v1/api-keys', other, { name: 'other', scopes: ['admin'] })).json().secret}` };
      expect((await inject('PATCH', `/api/v1/users/${admin.id}`, otherKey, { status: 'active' })).statusCode).toBe(200);
    });

    it("revokes the admin keys a person made (and their keys' keys) when they are suspended or demoted below admin; their read keys stay", async () => {
      for (const patch of [{ status: 'suspended' }, { role: 'analyst' }]) {
        const admin = await t.buildUser(bank, 'admin');
        const session = await t.signIn(admin.email);
        const adminKey = (await inject('POST', '/api/v1/api-keys', session, { name: 'ops', scopes: ['read', 'admin'] })).json();
        const readKey = (await inject('POST', '/api/v1/api-keys', session, { name: 'feed', scopes: ['read', 'write'] })).json();
        const keysKey = (await inject('POST', '/api/v1/api-keys', { authorization: `Bearer ${adminKey.secret}` }, { name: 'ops 2', scopes: ['admin'] })).json();
        // Used once, so the credential cache holds them.
        for (const { secret } of [adminKey, readKey, keysKey]) expect((await inject('GET', '/api/v1/organisations', { authorization: `Bearer ${secret}` })).statusCode).toBe(200);
        const other = await t.signIn((await t.buildUser(bank, 'admin')).email);
        expect((await inject('PATCH', `/api/v1/users/${admin.id}`, other, patch)).statusCode).toBe(200);
        expect((await inject('GET', '/api/v1/organisations', { authorization: `Bearer ${adminKey.secret}` })).statusCode).toBe(401);
        expect((await inject('GET', '/api/v1/organisations', { authorization: `Bearer ${keysKey.secret}` })).statusCode).toBe(401);
        expect((await inject('GET', '/api/v1/organisations', { authorization: `Bearer ${readKey.secret}` })).statusCode).toBe(200);
        const events = await t.deps.db.selectFrom('audit_events').select(['target_id', 'summary']).where('action', '=', 'apikey.revoke').where('target_id', 'in', [adminKey.apiKey.id, keysKey.apiKey.id]).execute();
        expect(events).toHaveLength(2);
        expect(JSON.parse(events[0]!.summary).reason).toBe(patch.status ? 'its creator was suspended' : 'its creator is now analyst');
      }
    });

    it('refuses, naming expiresAt, a key made by an expiring key that would outlive it or never expire', async () => {
      const expiresAt = new Date(Date.now() + 86_400_000).toISOString();
      const expiring = await t.apiKey(bank, ['admin'], expiresAt);
      const never = await inject('POST', '/api/v1/api-keys', expiring, { name: 'for ever', scopes: ['read'] });
      expect(never.statusCode).toBe(400);
      expect(never.json().errors).toEqual([expect.objectContaining({ path: 'body.expiresAt', code: 'refusal.expiry_required_by_key', params: { expiresAt } })]);
      expect(never.json().errors[0].message).toBe(`is required: the API key creating this key expires at ${expiresAt}, and a key may not make one that outlives it; give an expiry no later than that`);
      const later = await inject('POST', '/api/v1/api-keys', expiring, { name: 'later', scopes: ['read'], expiresAt: new Date(Date.now() + 2 * 86_400_000).toISOString() });
      expect(later.statusCode).toBe(400);
      expect(later.json().errors).toEqual([expect.objectContaining({ path: 'body.expiresAt', code: 'refusal.expiry_beyond_key' })]);
      expect((await inject('POST', '/api/v1/api-keys', expiring, { name: 'same', scopes: ['read'], expiresAt })).statusCode).toBe(201);
      expect((await inject('POST', '/api/v1/api-keys', expiring, { name: 'sooner', scopes: ['read'], expiresAt: new Date(Date.now() + 3_600_000).toISOString() })).statusCode).toBe(201);
      // A key that never expires, and a person, may make one that never does.
      expect((await inject('POST', '/api/v1/api-keys', await t.apiKey(bank, ['admin']), { name: 'feed', scopes: ['read'] })).statusCode).toBe(201);
    });
  });

  it('counts wrong current passwords toward the sign-in lockout, and audits the lock', async () => {
    const person = await t.buildUser(bank, 'analyst');
    const session = await t.signIn(person.email);
    const change = (currentPassword: string) => inject('POST', '/api/v1/auth/password', session, { currentPassword, newPassword: 'another long passphrase here' });
    for (let i = 0; i < 5; i++) expect((await change('not my password at all')).statusCode).toBe(401);
    const locked = await change(TEST_PASSWORD);
    expect(locked.statusCode).toBe(429);
    expect(locked.json().code).toBe('too_many_attempts');
    expect((await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: person.email, password: TEST_PASSWORD } })).statusCode).toBe(429);
    const events = await t.deps.db.selectFrom('audit_events').selectAll().where('action', '=', 'auth.locked').where('target_id', '=', person.id).execute();
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ actor_user_id: person.id, subject_organisation_id: bank });
    expect(JSON.parse(events[0]!.summary)).toMatchObject({ scope: 'address', failures: 5, via: 'password_change' });
  });

  it('finds people by text with `_`, `%` and `\\` taken as themselves', async () => {
    const platformAdmin = await t.signIn((await t.buildUser(secretariat, 'platform_admin', { email: 'searcher@secretariat.example' })).email);
    await t.buildUser(bank, 'viewer', { email: 'first_last@lotus.example' });
    await t.buildUser(bank, 'viewer', { email: 'firstxlast@lotus.example' });
    const emails = async (q: string) => (await inject('GET', `/api/v1/users?q=${encodeURIComponent(q)}`, platformAdmin)).json().items.map((u: { email: string }) => u.email);
    expect(await emails('first_last')).toEqual(['first_last@lotus.example']);
    expect(await emails('FIRST_')).toEqual(['first_last@lotus.example']);
    expect(await emails('first%last')).toEqual([]);
    expect(await emails('first\\')).toEqual([]);
  });

  it('has a Thai and an English text for each new code, with the same placeholders as the server', () => {
    const locales = fileURLToPath(new URL('../../../web/src/i18n/locales/', import.meta.url));
    const placeholders = (text: string) => [...text.matchAll(/\{\{\s*(\w+)/g)].map((m) => m[1]).sort();
    for (const locale of ['en', 'th']) {
      const refusal = (JSON.parse(readFileSync(`${locales}${locale}.json`, 'utf8')) as { refusal: Record<string, string> }).refusal;
      for (const [code, english] of Object.entries({ ...USER_REFUSALS, ...API_KEY_REFUSALS })) {
        const text = refusal[code.replace(/^refusal\./, '')];
        expect(text, `${locale}: ${code}`).toBeTypeOf('string');
        expect(placeholders(text!)).toEqual(placeholders(english));
        if (locale === 'en') expect(text).toBe(english);
      }
    }
  });
});
