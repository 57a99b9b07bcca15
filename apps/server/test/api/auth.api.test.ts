import { LIMITS } from '@gpos/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, sessionHeaders, TEST_PASSWORD, type TestApp } from '../helpers/test-app.js';
import { testEngines } from '../helpers/test-db.js';

describe.each(testEngines())('sign-in, sessions and CSRF (%s)', (engine) => {
  let t: TestApp;
  let orgId: string;
  let analyst: { id: string; email: string };

  beforeAll(async () => {
    t = await createTestApp(engine);
    orgId = await t.buildOrganisation({ name: 'Lotus Bank' });
    analyst = await t.buildUser(orgId, 'analyst');
  });
  afterAll(() => t.close());

  const login = (email: string, password: string) =>
    t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password } });

  it('signs in, sets an HttpOnly SameSite=Lax cookie and describes the person', async () => {
    const response = await login(analyst.email.toUpperCase(), TEST_PASSWORD);
    expect(response.statusCode).toBe(200);
    const cookie = response.cookies.find((c) => c.name === 'gpos_session');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
    expect(cookie?.secure).toBeFalsy();
    const me = response.json();
    expect(me).toMatchObject({ kind: 'user', user: { email: analyst.email, role: 'analyst' }, organisation: { id: orgId, name: 'Lotus Bank' } });
    expect(me.csrfToken).toMatch(/^[\w-]{20,}$/);
    expect(me.permissions).toContain('organisations.read');
    expect(me.permissions).not.toContain('users.manage');
    const again = await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: sessionHeaders(response) });
    expect(again.json().user.id).toBe(analyst.id);
  });

  it('marks the cookie Secure when the request came over TLS through a trusted proxy', async () => {
    const { buildApp } = await import('../../src/app.js');
    const app = await buildApp({ ...t.deps, config: { ...t.deps.config, trustProxy: true } }, { logger: false });
    const response = await app.inject({ method: 'POST', url: '/api/v1/auth/login', headers: { 'x-forwarded-proto': 'https' }, payload: { email: analyst.email, password: TEST_PASSWORD } });
    expect(response.cookies.find((c) => c.name === 'gpos_session')?.secure).toBe(true);
    await app.close();
  });

  it('answers a wrong password, an unknown email and a suspended account alike', async () => {
    const suspended = await t.buildUser(orgId, 'analyst', { status: 'suspended' });
    const answers = await Promise.all([login(analyst.email, 'wrong password!!'), login('nobody@nowhere.example', TEST_PASSWORD), login(suspended.email, TEST_PASSWORD)]);
    for (const response of answers) {
      expect(response.statusCode).toBe(401);
      expect(response.json()).toMatchObject({ code: 'invalid_credentials', detail: 'The email or password is incorrect' });
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    }
  });

  it('locks an account name after five failures from one address, without revealing whether it exists', async () => {
    for (const email of ['locked@nowhere.example', (await t.buildUser(orgId, 'viewer')).email]) {
      for (let i = 0; i < 5; i += 1) expect((await login(email, 'wrong password!!')).statusCode).toBe(401);
      const locked = await login(email, TEST_PASSWORD);
      expect(locked.statusCode).toBe(429);
      expect(locked.json().code).toBe('too_many_attempts');
      expect(Number(locked.headers['retry-after'])).toBeGreaterThan(0);
    }
  });

  it('locks out the guessing address, not the account: its owner signs in from elsewhere; the lock is audited', async () => {
    const owner = await t.buildUser(orgId, 'analyst');
    const from = (address: string, password: string) => t.app.inject({ method: 'POST', url: '/api/v1/auth/login', remoteAddress: address, payload: { email: owner.email, password } });
    for (let i = 0; i < 5; i += 1) expect((await from('198.51.100.7', 'wrong password!!')).statusCode).toBe(401);
    expect((await from('198.51.100.7', TEST_PASSWORD)).statusCode).toBe(429);
    expect((await from('203.0.113.20', TEST_PASSWORD)).statusCode).toBe(200);
    const audit = await t.deps.db.selectFrom('audit_events').select(['target_id', 'summary']).where('action', '=', 'auth.locked').where('target_id', '=', owner.id).execute();
    expect(audit).toHaveLength(1);
    expect(JSON.parse(audit[0]!.summary)).toMatchObject({ scope: 'address', ip: '198.51.100.7' });
  });

  // A sign-in with the old password that overlaps a password change (its hash was being verified while the
  // change committed) must not leave a session behind: the change is how people evict a thief. Started at
  // several offsets into the change, so some sign-ins overlap its commit; after both, none may work.
  it('leaves no session of a sign-in with the old password that overlapped a password change', async () => {
    for (const delay of [0, 20, 40, 60, 80, 100, 130, 160, 200]) {
      const person = await t.buildUser(orgId, 'analyst');
      const owner = await t.signIn(person.email);
      // From addresses of their own: password changes and sign-ins are rate-limited per address.
      const change = t.app.inject({ method: 'POST', url: '/api/v1/auth/password', remoteAddress: `198.51.100.${150 + delay / 10}`, headers: owner, payload: { currentPassword: TEST_PASSWORD, newPassword: 'a brand new password' } });
      await new Promise((resolve) => setTimeout(resolve, delay));
      const thief = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', remoteAddress: `203.0.113.${150 + delay / 10}`, payload: { email: person.email, password: TEST_PASSWORD } });
      expect((await change).statusCode).toBe(204);
      if (thief.statusCode === 200) {
        const me = await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: sessionHeaders(thief) });
        expect(me.statusCode, `delay ${delay} ms`).toBe(401);
      } else expect(thief.statusCode).toBe(401);
    }
  });

  it('counts every one of five failures sent at once, and locks once', async () => {
    const owner = await t.buildUser(orgId, 'analyst');
    const from = (password: string) => t.app.inject({ method: 'POST', url: '/api/v1/auth/login', remoteAddress: '198.51.100.9', payload: { email: owner.email, password } });
    const answers = await Promise.all(Array.from({ length: 5 }, () => from('wrong password!!')));
    expect(answers.map((a) => a.statusCode)).toEqual([401, 401, 401, 401, 401]);
    expect((await from(TEST_PASSWORD)).statusCode).toBe(429);
    const audit = await t.deps.db.selectFrom('audit_events').select('summary').where('action', '=', 'auth.locked').where('target_id', '=', owner.id).execute();
    expect(audit).toHaveLength(1);
  });

  it('locks the account for every address after 50 failures from many', async () => {
    const owner = await t.buildUser(orgId, 'analyst');
    const from = (address: string, password: string) => t.app.inject({ method: 'POST', url: '/api/v1/auth/login', remoteAddress: address, payload: { email: owner.email, password } });
    for (let i = 0; i < 50; i += 1) expect((await from(`198.51.100.${100 + Math.floor(i / 4)}`, 'wrong password!!')).statusCode).toBe(401);
    expect((await from('203.0.113.21', TEST_PASSWORD)).statusCode).toBe(429);
    const audit = await t.deps.db.selectFrom('audit_events').select('summary').where('action', '=', 'auth.locked').where('target_id', '=', owner.id).execute();
    expect(audit.map((a) => JSON.parse(a.summary).scope)).toContain('account');
  });

  it('refuses cookie-authenticated writes without the CSRF token, but not API-key writes', async () => {
    const headers = await t.signIn(analyst.email);
    const noToken = await t.app.inject({ method: 'PATCH', url: '/api/v1/auth/me', headers: { cookie: headers.cookie! }, payload: { locale: 'th' } });
    expect(noToken.statusCode).toBe(403);
    expect(noToken.json().code).toBe('csrf_failed');
    const wrongToken = await t.app.inject({ method: 'PATCH', url: '/api/v1/auth/me', headers: { ...headers, 'x-csrf-token': 'x'.repeat(32) }, payload: { locale: 'th' } });
    expect(wrongToken.statusCode).toBe(403);
    const ok = await t.app.inject({ method: 'PATCH', url: '/api/v1/auth/me', headers, payload: { locale: 'th' } });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().user.locale).toBe('th');
  });

  it('refuses a display name of one\'s own holding control or bidirectional override characters, as an admin-given name', async () => {
    const headers = await t.signIn(analyst.email);
    for (const name of ['Somchai\u0000', 'Som\nchai', 'Somchai \u202eninmda', 'a\u2066b']) {
      const response = await t.app.inject({ method: 'PATCH', url: '/api/v1/auth/me', headers, payload: { displayName: name } });
      expect(response.statusCode, JSON.stringify(name)).toBe(400);
      expect(response.json().errors[0]).toMatchObject({ path: 'body.displayName', message: expect.stringMatching(/control characters|NUL character/) });
    }
    const thai = await t.app.inject({ method: 'PATCH', url: '/api/v1/auth/me', headers, payload: { displayName: 'สมชาย ใจดี' } });
    expect(thai.statusCode).toBe(200);
    expect(thai.json().user.displayName).toBe('สมชาย ใจดี');
  });

  it('answers whether the caller is signed in without a 401: a visitor, a stale cookie, a person, an API key', async () => {
    const session = (headers: Record<string, string> = {}) => t.app.inject({ method: 'GET', url: '/api/v1/auth/session', headers });
    const visitor = await session();
    expect(visitor.statusCode).toBe(200);
    expect(visitor.json()).toEqual({ me: null });
    expect((await session({ cookie: 'gpos_session=not-a-session-token' })).json()).toEqual({ me: null });
    const signedIn = await login(analyst.email, TEST_PASSWORD);
    const asPerson = (await session(sessionHeaders(signedIn))).json();
    expect(asPerson.me).toMatchObject({ kind: 'user', user: { id: analyst.id }, organisation: { id: orgId } });
    expect(asPerson.me.csrfToken).toBe(signedIn.json().csrfToken);
    const key = await t.apiKey(orgId, ['read']);
    expect((await session(key)).json().me).toMatchObject({ kind: 'api_key', organisation: { id: orgId }, csrfToken: null });
  });

  it('signs out: the session stops working', async () => {
    const headers = await t.signIn(analyst.email);
    expect((await t.app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers })).statusCode).toBe(204);
    const after = await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers });
    expect(after.statusCode).toBe(401);
    expect(after.json().code).toBe('unauthenticated');
  });

  it('changes the password, checks the old one, and ends other sessions', async () => {
    const person = await t.buildUser(orgId, 'analyst');
    const first = await t.signIn(person.email);
    const second = await t.signIn(person.email);
    const wrong = await t.app.inject({ method: 'POST', url: '/api/v1/auth/password', headers: first, payload: { currentPassword: 'not it at all', newPassword: 'a brand new password' } });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json().errors).toEqual([{ path: 'body.currentPassword', message: 'is incorrect', code: 'refusal.incorrect', params: {} }]);
    expect(wrong.json()).toMatchObject({ detail: 'The current password is incorrect', detailCode: 'refusal.current_password_incorrect', detailParams: {} });
    const short = await t.app.inject({ method: 'POST', url: '/api/v1/auth/password', headers: first, payload: { currentPassword: TEST_PASSWORD, newPassword: 'short' } });
    expect(short.statusCode).toBe(400);
    expect(short.json().errors[0].path).toBe('body.newPassword');
    const ok = await t.app.inject({ method: 'POST', url: '/api/v1/auth/password', headers: first, payload: { currentPassword: TEST_PASSWORD, newPassword: 'a brand new password' } });
    expect(ok.statusCode).toBe(204);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: first })).statusCode).toBe(200);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: second })).statusCode).toBe(401);
    expect((await login(person.email, 'a brand new password')).statusCode).toBe(200);
  });

  it('codes a refused password by its constraint and never sends the password back', async () => {
    const headers = await t.signIn(analyst.email);
    const short = await t.app.inject({ method: 'POST', url: '/api/v1/auth/password', headers, payload: { currentPassword: TEST_PASSWORD, newPassword: 'Hunter2!' } });
    expect(short.statusCode).toBe(400);
    expect(short.json().errors).toEqual([
      { path: 'body.newPassword', message: `must be at least ${LIMITS.passwordMin} characters`, code: 'validation.too_small', params: { origin: 'string', minimum: LIMITS.passwordMin, inclusive: 'true' } },
    ]);
    const wrongType = await login(analyst.email, ['Hunter2!-as-a-list'] as unknown as string);
    expect(wrongType.statusCode).toBe(400);
    expect(wrongType.json().errors[0]).toMatchObject({ path: 'body.password', code: 'validation.invalid_type', params: { expected: 'string', received: 'array' } });
    for (const response of [short, wrongType]) expect(response.body).not.toContain('Hunter2');
  });

  it('stops a suspended organisation’s sessions and keys at the next request', async () => {
    const org = await t.buildOrganisation();
    const person = await t.buildUser(org, 'admin');
    const session = await t.signIn(person.email);
    const key = await t.apiKey(org, ['read']);
    await t.deps.db.updateTable('organisations').set({ status: 'suspended' }).where('id', '=', org).execute();
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: session })).statusCode).toBe(401);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/organisations', headers: key })).statusCode).toBe(401);
  });

  it('describes an API key caller', async () => {
    const key = await t.apiKey(orgId, ['read']);
    const me = await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: key });
    expect(me.json()).toMatchObject({ kind: 'api_key', user: null, apiKey: { scopes: ['read'] }, csrfToken: null });
  });

  it('refuses malformed, expired and revoked API keys with 401', async () => {
    const expired = await t.apiKey(orgId, ['read'], '2020-01-01T00:00:00.000Z');
    for (const authorization of ['Bearer gpos_nonsense', 'Basic abc', expired.authorization!]) {
      const response = await t.app.inject({ method: 'GET', url: '/api/v1/organisations', headers: { authorization } });
      expect(response.statusCode).toBe(401);
    }
  });

  it('says where an API key goes when none was read, and when one was sent in a header it does not read', async () => {
    const key = await t.apiKey(orgId, ['read']);
    const none = await t.app.inject({ method: 'GET', url: '/api/v1/organisations' });
    expect(none.statusCode).toBe(401);
    expect(none.json().detail).toBe('Sign in, or send an API key in the Authorization header ("Bearer <API key>"), to use this');
    const secret = key.authorization!.replace(/^Bearer /, '');
    const elsewhere = await t.app.inject({ method: 'GET', url: '/api/v1/organisations', headers: { 'x-api-key': secret } });
    expect(elsewhere.statusCode).toBe(401);
    expect(elsewhere.json().detail).toBe('An API key goes in the Authorization header, as "Bearer <API key>"; the x-api-key header is not read');
    expect(elsewhere.body).not.toContain(secret);
  });

  it('audits sign-in and sign-out', async () => {
    const person = await t.buildUser(orgId, 'analyst');
    const headers = await t.signIn(person.email);
    await t.app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers });
    const actions = (await t.deps.db.selectFrom('audit_events').select('action').where('target_id', '=', person.id).orderBy('seq').execute()).map((r) => r.action);
    expect(actions).toEqual(['auth.login', 'auth.logout']);
  });
});
