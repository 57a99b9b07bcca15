import { ORGANISATION_TYPES } from '@gpos/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { testEngines } from '../helpers/test-db.js';

describe.each(testEngines())('administration API (%s)', (engine) => {
  let t: TestApp;
  let secretariat: string;
  let bank: string;
  let police: string;
  let platformAdmin: Record<string, string>;
  let bankAdmin: Record<string, string>;
  let bankAnalyst: Record<string, string>;
  let policeAdmin: Record<string, string>;
  let policeAnalystId: string;

  beforeAll(async () => {
    t = await createTestApp(engine);
    secretariat = await t.buildOrganisation({ name: 'Secretariat', type: 'international_org' });
    bank = await t.buildOrganisation({ name: 'Lotus Bank', type: 'bank', country: 'TH' });
    police = await t.buildOrganisation({ name: 'Cyber Police', type: 'law_enforcement', country: 'KH' });
    platformAdmin = await t.signIn((await t.buildUser(secretariat, 'platform_admin')).email);
    bankAdmin = await t.signIn((await t.buildUser(bank, 'admin')).email);
    bankAnalyst = await t.signIn((await t.buildUser(bank, 'analyst')).email);
    policeAdmin = await t.signIn((await t.buildUser(police, 'admin')).email);
    policeAnalystId = (await t.buildUser(police, 'analyst')).id;
  });
  afterAll(() => t.close());

  const inject = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, headers: Record<string, string>, payload?: object) =>
    t.app.inject({ method, url, headers, ...(payload ? { payload } : {}) });

  describe('organisations', () => {
    it('lets the secretariat admit an organisation and audits it', async () => {
      const created = await inject('POST', '/api/v1/organisations', platformAdmin, { name: 'Seven Islands Telecom', type: 'telco', country: 'PH' });
      expect(created.statusCode).toBe(201);
      expect(created.json()).toMatchObject({ name: 'Seven Islands Telecom', type: 'telco', country: 'PH', status: 'active' });
      const events = await inject('GET', `/api/v1/audit-events?targetId=${created.json().id}`, platformAdmin);
      expect(events.json().items.map((e: { action: string }) => e.action)).toEqual(['organisation.create']);
    });

    it('refuses organisation admins and analysts with 403', async () => {
      for (const headers of [bankAdmin, bankAnalyst]) {
        const response = await inject('POST', '/api/v1/organisations', headers, { name: 'X', type: 'bank', country: 'TH' });
        expect(response.statusCode).toBe(403);
        expect(response.json().code).toBe('forbidden');
      }
    });

    it('names every invalid field', async () => {
      const response = await inject('POST', '/api/v1/organisations', platformAdmin, { name: '', type: 'pirates', country: 'XX', colour: 'red' });
      expect(response.statusCode).toBe(400);
      const paths = response.json().errors.map((e: { path: string }) => e.path).sort();
      expect(paths).toEqual(['body.colour', 'body.country', 'body.name', 'body.type']);
    });

    it('gives each invalid field a stable code and the params of its constraint, keeping the English message and quoting the value', async () => {
      const response = await inject('POST', '/api/v1/organisations', platformAdmin, { name: ' ', type: 'pirates', country: 'XX', joinedAt: 20260101, colour: 'red' });
      expect(response.statusCode).toBe(400);
      const errors = response.json().errors as { path: string; message: string; code: string }[];
      const byPath = Object.fromEntries(errors.map((e) => [e.path, e]));
      expect(byPath['body.name']).toEqual({ path: 'body.name', message: 'must not be empty (got " ")', code: 'validation.too_small', params: { origin: 'string', minimum: 1, inclusive: 'true', value: '" "' } });
      expect(byPath['body.type']).toMatchObject({ code: 'validation.invalid_value', params: { values: JSON.stringify(ORGANISATION_TYPES), value: '"pirates"' } });
      expect(byPath['body.type']?.message).toMatch(/^Invalid option: expected one of "law_enforcement".* \(got "pirates"\)$/);
      expect(byPath['body.country']).toEqual({ path: 'body.country', message: 'must be an ISO 3166-1 alpha-2 country code: two capital letters, such as TH (got "XX")', code: 'validation.custom', params: { reason: 'country_code', value: '"XX"' } });
      // One refusal per field: a name instead of a code fails no second check.
      const named = await inject('POST', '/api/v1/organisations', platformAdmin, { name: 'Bank', type: 'bank', country: 'thailand' });
      expect(named.json().errors).toEqual([{ path: 'body.country', message: 'must be an ISO 3166-1 alpha-2 country code: two capital letters, such as TH (got "thailand")', code: 'validation.custom', params: { reason: 'country_code', value: '"thailand"' } }]);
      // The type of what was sent, as zod's messages for a wrong type name it, and the value.
      expect(byPath['body.joinedAt']).toMatchObject({ code: 'validation.invalid_type', params: { expected: 'string', received: 'number', value: '20260101' } });
      expect(byPath['body.joinedAt']?.message).toBe('must be an ISO 8601 date-time (got 20260101)');
      // An unknown field's value is never quoted: it may be a credential under a misspelt name.
      expect(byPath['body.colour']).toEqual({ path: 'body.colour', message: 'is not a known field', code: 'validation.unrecognized_keys', params: { key: 'colour' } });
      // Namespaced: a validation code never reads as a normaliser's (`phone.too_short`…).
      expect(errors.every((e) => e.code.startsWith('validation.'))).toBe(true);
      expect(response.body).not.toMatch(/"red"|\\"red/);
    });

    it('codes a refused query string the same way, and bounds a long unknown key', async () => {
      const limit = await inject('GET', '/api/v1/organisations?limit=0', bankAnalyst);
      expect(limit.statusCode).toBe(400);
      expect(limit.json().errors).toEqual([
        // A query parameter is text as sent: quoted as such.
        { path: 'querystring.limit', message: 'must be a whole number from 1 to 200 (got "0")', code: 'validation.custom', params: { reason: 'whole_number_between', minimum: 1, maximum: 200, value: '"0"' } },
      ]);
      const key = 'k'.repeat(500);
      const long = await inject('POST', '/api/v1/organisations', platformAdmin, { name: 'Org', type: 'bank', country: 'TH', [key]: 1 });
      expect(long.statusCode).toBe(400);
      expect(long.json().errors[0].params.key).toBe(`${'k'.repeat(99)}…`);
    });

    it('suspends and reactivates, and pages through the directory with a cursor', async () => {
      const id = (await inject('POST', '/api/v1/organisations', platformAdmin, { name: 'Short-lived Org', type: 'academia', country: 'NL' })).json().id;
      const suspended = await inject('PATCH', `/api/v1/organisations/${id}`, platformAdmin, { status: 'suspended' });
      expect(suspended.json().status).toBe('suspended');
      expect((await inject('PATCH', `/api/v1/organisations/${id}`, platformAdmin, { status: 'active' })).json().status).toBe('active');
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const page: { items: { id: string }[]; nextCursor: string | null } = (await inject('GET', `/api/v1/organisations?limit=2${cursor ? `&cursor=${cursor}` : ''}`, bankAnalyst)).json();
        seen.push(...page.items.map((o) => o.id));
        cursor = page.nextCursor;
      } while (cursor);
      const total = await t.deps.db.selectFrom('organisations').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      expect(seen.length).toBe(Number(total.n));
      expect(new Set(seen).size).toBe(seen.length);
    });

    it('refuses to let a platform admin suspend their own organisation, which would lock every platform admin out', async () => {
      const response = await inject('PATCH', `/api/v1/organisations/${secretariat}`, platformAdmin, { status: 'suspended' });
      expect(response.statusCode, response.body).toBe(409);
      expect(response.json()).toMatchObject({ code: 'conflict', detail: expect.stringContaining('your own organisation') });
      expect((await inject('GET', '/api/v1/organisations?limit=1', platformAdmin)).statusCode).toBe(200);
      const row = await t.deps.db.selectFrom('organisations').select('status').where('id', '=', secretariat).executeTakeFirstOrThrow();
      expect(row.status).toBe('active');
      // Other changes to it stay allowed.
      expect((await inject('PATCH', `/api/v1/organisations/${secretariat}`, platformAdmin, { shortName: 'GPOS' })).statusCode).toBe(200);
    });

    it('filters by type, country and text', async () => {
      const page = (await inject('GET', '/api/v1/organisations?type=law_enforcement&country=KH&q=cyber', bankAnalyst)).json();
      expect(page.items.map((o: { id: string }) => o.id)).toEqual([police]);
    });

    it('refuses a forged cursor with a field error', async () => {
      const response = await inject('GET', '/api/v1/organisations?cursor=not-a-cursor', bankAnalyst);
      expect(response.statusCode).toBe(400);
      expect(response.json().errors[0].path).toBe('querystring.cursor');
    });

    it('answers 404 for an unknown organisation', async () => {
      const response = await inject('GET', '/api/v1/organisations/018f0000-0000-7000-8000-000000000000', bankAnalyst);
      expect(response.statusCode).toBe(404);
    });
  });

  describe('users', () => {
    it('lets an organisation admin create a person in their organisation, with a generated password shown once', async () => {
      const response = await inject('POST', '/api/v1/users', bankAdmin, { email: 'New.Person@LotusBank.example', displayName: 'New Person', role: 'analyst' });
      expect(response.statusCode).toBe(201);
      const body = response.json();
      expect(body.user).toMatchObject({ email: 'new.person@lotusbank.example', organisationId: bank, role: 'analyst', locale: 'en' });
      expect(body.initialPassword).toMatch(/^\S{20}$/);
      expect(JSON.stringify(body.user)).not.toMatch(/password/i);
      const login = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: 'new.person@lotusbank.example', password: body.initialPassword } });
      expect(login.statusCode).toBe(200);
    });

    it('refuses a taken email with 409 naming the field', async () => {
      const body = { email: 'dup@lotusbank.example', displayName: 'Dup', role: 'viewer', password: 'long enough password' };
      expect((await inject('POST', '/api/v1/users', bankAdmin, body)).statusCode).toBe(201);
      const again = await inject('POST', '/api/v1/users', bankAdmin, body);
      expect(again.statusCode).toBe(409);
      expect(again.json().errors).toEqual([{ path: 'body.email', message: 'is already in use', code: 'refusal.email_in_use', params: {} }]);
    });

    it('hides another organisation’s people: 404, and absent from lists', async () => {
      expect((await inject('GET', `/api/v1/users/${policeAnalystId}`, bankAdmin)).statusCode).toBe(404);
      expect((await inject('PATCH', `/api/v1/users/${policeAnalystId}`, bankAdmin, { role: 'viewer' })).statusCode).toBe(404);
      const list = (await inject('GET', `/api/v1/users?organisationId=${police}`, bankAdmin)).json();
      expect(list.items).toEqual([]);
      const own = (await inject('GET', '/api/v1/users', bankAdmin)).json();
      expect(own.items.every((u: { organisationId: string }) => u.organisationId === bank)).toBe(true);
      expect((await inject('POST', '/api/v1/users', bankAdmin, { organisationId: police, email: 'x@y.example', displayName: 'X', role: 'viewer' })).statusCode).toBe(404);
    });

    it('lets the secretariat manage anyone, and only the secretariat grant platform_admin', async () => {
      expect((await inject('GET', `/api/v1/users/${policeAnalystId}`, platformAdmin)).statusCode).toBe(200);
      expect((await inject('POST', '/api/v1/users', bankAdmin, { email: 'boss@lotusbank.example', displayName: 'Boss', role: 'platform_admin' })).statusCode).toBe(403);
      const granted = await inject('POST', '/api/v1/users', platformAdmin, { organisationId: secretariat, email: 'sec2@gpos.example', displayName: 'Sec 2', role: 'platform_admin' });
      expect(granted.statusCode).toBe(201);
    });

    // platform_admin is the platform operators' role (DESIGN.md): the secretariat grants it inside its own
    // organisation only. A bank's analyst never becomes a platform admin, whether created or changed.
    it('refuses platform_admin for a person of an organisation that does not operate the platform, in both languages', async () => {
      const refusedAs = (response: Awaited<ReturnType<typeof inject>>) => {
        expect(response.statusCode).toBe(409);
        expect(response.json()).toMatchObject({
          code: 'conflict',
          detailCode: 'refusal.platform_admin_operators_only',
          detailParams: { organisation: 'Lotus Bank' },
          errors: [{ path: 'body.role', code: 'refusal.platform_admin_operators_only' }],
        });
        expect(response.json().detail).toContain('Lotus Bank does not operate it');
      };
      refusedAs(await inject('POST', '/api/v1/users', platformAdmin, { organisationId: bank, email: 'boss@lotusbank.example', displayName: 'Boss', role: 'platform_admin' }));
      expect(await t.deps.db.selectFrom('users').select('id').where('email', '=', 'boss@lotusbank.example').executeTakeFirst()).toBeUndefined();

      const analyst = await t.buildUser(bank, 'analyst');
      const session = await t.signIn(analyst.email);
      refusedAs(await inject('PATCH', `/api/v1/users/${analyst.id}`, platformAdmin, { role: 'platform_admin' }));
      refusedAs(await inject('PATCH', `/api/v1/users/${analyst.id}`, platformAdmin, { role: 'platform_admin', displayName: 'Renamed' }));
      const after = (await inject('GET', `/api/v1/users/${analyst.id}`, platformAdmin)).json();
      expect(after.role).toBe('analyst');
      expect(after.displayName).not.toBe('Renamed');
      // Nothing changed, so nothing ended and nothing was recorded.
      expect((await inject('GET', '/api/v1/auth/me', session)).statusCode).toBe(200);
      const events = await t.deps.db.selectFrom('audit_events').select('action').where('target_id', '=', analyst.id).where('action', 'like', 'user.%').execute();
      expect(events).toEqual([]);
      // Another role for the same person stays the secretariat's to give.
      expect((await inject('PATCH', `/api/v1/users/${analyst.id}`, platformAdmin, { role: 'investigator' })).statusCode).toBe(200);
    });

    // An admin may not change a platform admin: not even one the secretariat made one while the admin's
    // change was under way. Either the change came first (and the promotion after it stands), or it is
    // refused. The race is inside the secretariat's own organisation, the only one whose people the role goes to.
    it('never lets an organisation admin demote a person the secretariat promoted at the same time', async () => {
      const secretariatAdmin = await t.signIn((await t.buildUser(secretariat, 'admin')).email);
      for (let round = 0; round < 8; round += 1) {
        const person = await t.buildUser(secretariat, 'analyst');
        const [promoted, demoted] = await Promise.all([inject('PATCH', `/api/v1/users/${person.id}`, platformAdmin, { role: 'platform_admin' }), inject('PATCH', `/api/v1/users/${person.id}`, secretariatAdmin, { role: 'viewer' })]);
        expect(promoted.statusCode).toBe(200);
        expect([200, 403]).toContain(demoted.statusCode);
        const now = (await inject('GET', `/api/v1/users/${person.id}`, platformAdmin)).json();
        expect(now.role, `round ${round}: demotion ${demoted.statusCode}`).toBe('platform_admin');
      }
    });

    it('suspends a person and ends their sessions', async () => {
      const person = await t.buildUser(bank, 'analyst');
      const session = await t.signIn(person.email);
      const response = await inject('PATCH', `/api/v1/users/${person.id}`, bankAdmin, { status: 'suspended' });
      expect(response.json().status).toBe('suspended');
      expect((await inject('GET', '/api/v1/auth/me', session)).statusCode).toBe(401);
    });

    it('keeps analysts out of user administration', async () => {
      expect((await inject('GET', '/api/v1/users', bankAnalyst)).statusCode).toBe(403);
    });
  });

  describe('API keys', () => {
    it('creates a key shown once, which then authenticates, and revokes it', async () => {
      const created = await inject('POST', '/api/v1/api-keys', bankAdmin, { name: 'SIEM feed', scopes: ['read'] });
      expect(created.statusCode).toBe(201);
      const { apiKey, secret } = created.json();
      expect(secret).toMatch(/^gpos_[\w-]{43}$/);
      expect(secret.startsWith(apiKey.prefix)).toBe(true);
      const list = (await inject('GET', '/api/v1/api-keys', bankAdmin)).json();
      expect(JSON.stringify(list)).not.toContain(secret);
      const stored = await t.deps.db.selectFrom('api_keys').select('secret_hash').where('id', '=', apiKey.id).executeTakeFirstOrThrow();
      expect(stored.secret_hash).not.toContain(secret);

      const use = await t.app.inject({ method: 'GET', url: '/api/v1/organisations', headers: { authorization: `Bearer ${secret}` } });
      expect(use.statusCode).toBe(200);
      expect((await inject('DELETE', `/api/v1/api-keys/${apiKey.id}`, bankAdmin)).statusCode).toBe(204);
      const after = await t.app.inject({ method: 'GET', url: '/api/v1/organisations', headers: { authorization: `Bearer ${secret}` } });
      expect(after.statusCode).toBe(401);
    });

    it('enforces scopes: a read key cannot administer, an admin key can administer its own organisation only', async () => {
      const read = await t.apiKey(bank, ['read']);
      expect((await inject('GET', '/api/v1/users', read)).statusCode).toBe(403);
      const admin = await t.apiKey(bank, ['admin']);
      expect((await inject('GET', '/api/v1/users', admin)).statusCode).toBe(200);
      expect((await inject('POST', '/api/v1/organisations', admin, { name: 'X', type: 'bank', country: 'TH' })).statusCode).toBe(403);
      expect((await inject('GET', `/api/v1/users/${policeAnalystId}`, admin)).statusCode).toBe(404);
    });

    it('hides another organisation’s keys: revoking one answers 404', async () => {
      const created = (await inject('POST', '/api/v1/api-keys', policeAdmin, { name: 'police key', scopes: ['read'] })).json();
      expect((await inject('DELETE', `/api/v1/api-keys/${created.apiKey.id}`, bankAdmin)).statusCode).toBe(404);
      expect((await inject('GET', `/api/v1/api-keys?organisationId=${police}`, bankAdmin)).statusCode).toBe(404);
    });

    it('refuses an expiry in the past', async () => {
      const response = await inject('POST', '/api/v1/api-keys', bankAdmin, { name: 'old', scopes: ['read'], expiresAt: '2001-01-01T00:00:00Z' });
      expect(response.statusCode).toBe(400);
      expect(response.json().errors[0].path).toBe('body.expiresAt');
    });
  });

  describe('sharing communities', () => {
    it("refuses a second community of the same owner under the same name, ignoring case and spacing", async () => {
      const first = (await inject('POST', '/api/v1/communities', bankAdmin, { name: 'Twin circle', memberOrganisationIds: [police] })).json();
      const twin = await inject('POST', '/api/v1/communities', bankAdmin, { name: '  twin   CIRCLE ', memberOrganisationIds: [] });
      expect(twin.statusCode).toBe(409);
      expect(twin.json().errors[0].path).toBe('body.name');
      const other = (await inject('POST', '/api/v1/communities', bankAdmin, { name: 'Other circle', memberOrganisationIds: [] })).json();
      expect((await inject('PATCH', `/api/v1/communities/${other.id}`, bankAdmin, { name: 'Twin Circle' })).statusCode).toBe(409);
      // Its own name again, and another owner's alike name, are fine.
      expect((await inject('PATCH', `/api/v1/communities/${first.id}`, bankAdmin, { name: 'Twin circle', description: 'same name' })).statusCode).toBe(200);
      expect((await inject('POST', '/api/v1/communities', policeAdmin, { name: 'Twin circle', memberOrganisationIds: [] })).statusCode).toBe(201);
    });

    it('lets an admin create a community, shows it to members only, and lets only the owner change it', async () => {
      const created = await inject('POST', '/api/v1/communities', bankAdmin, { name: 'Mule circle', memberOrganisationIds: [police] });
      expect(created.statusCode).toBe(201);
      const community = created.json();
      expect(community.memberOrganisationIds.sort()).toEqual([bank, police].sort());
      const outsiderOrg = await t.buildOrganisation();
      const outsider = await t.signIn((await t.buildUser(outsiderOrg, 'admin')).email);
      expect((await inject('GET', `/api/v1/communities/${community.id}`, outsider)).statusCode).toBe(404);
      expect((await inject('GET', '/api/v1/communities', outsider)).json().items).toEqual([]);
      expect((await inject('GET', `/api/v1/communities/${community.id}`, policeAdmin)).statusCode).toBe(200);
      expect((await inject('PATCH', `/api/v1/communities/${community.id}`, policeAdmin, { name: 'Hijacked' })).statusCode).toBe(403);
      const renamed = await inject('PATCH', `/api/v1/communities/${community.id}`, bankAdmin, { name: 'Mule circle 2', memberOrganisationIds: [] });
      expect(renamed.json()).toMatchObject({ name: 'Mule circle 2', memberOrganisationIds: [bank] });
      expect((await inject('DELETE', `/api/v1/communities/${community.id}`, bankAdmin)).statusCode).toBe(204);
    });

    it('refuses names made of or holding control characters, wherever a name is given', async () => {
      for (const [url, name] of [['/api/v1/communities', '\u0000'], ['/api/v1/communities', 'Mule\tcircle'], ['/api/v1/warninglists', '\u0085'], ['/api/v1/watchlists', 'a\u0007b']] as const) {
        const body = url.endsWith('watchlists') ? { name, kind: 'exact', indicatorType: 'phone', pattern: '+66812345678' } : { name };
        const as = url.endsWith('communities') ? bankAdmin : url.endsWith('warninglists') ? platformAdmin : bankAnalyst;
        const response = await inject('POST', url, as, body);
        expect(response.statusCode, `${url} ${JSON.stringify(name)}`).toBe(400);
        expect(response.json().errors[0], url).toMatchObject({ path: 'body.name', message: expect.stringMatching(/control characters|NUL character/) });
      }
    });

    it('refuses unknown member organisations', async () => {
      const response = await inject('POST', '/api/v1/communities', bankAdmin, { name: 'x', memberOrganisationIds: ['018f0000-0000-7000-8000-000000000000'] });
      expect(response.statusCode).toBe(400);
      expect(response.json().errors[0].path).toBe('body.memberOrganisationIds');
    });
  });

  describe('audit log', () => {
    it('shows an organisation admin only what their organisation did or had done to it, and the secretariat everything', async () => {
      await inject('POST', '/api/v1/api-keys', policeAdmin, { name: 'another', scopes: ['read'] });
      const bankView = (await inject('GET', '/api/v1/audit-events?limit=200', bankAdmin)).json();
      expect(bankView.items.length).toBeGreaterThan(0);
      // (What the secretariat did to the bank is the bank's too: audit-subject.api.test.ts.)
      expect(bankView.items.every((e: { actorOrganisationId: string; subjectOrganisationId: string | null }) => e.actorOrganisationId === bank || e.subjectOrganisationId === bank)).toBe(true);
      // Another organisation's trail is an empty page: neither theirs nor the bank's own under their name.
      const forged = (await inject('GET', `/api/v1/audit-events?organisationId=${police}`, bankAdmin)).json();
      expect(forged).toEqual({ items: [], nextCursor: null });
      const ownByName = (await inject('GET', `/api/v1/audit-events?organisationId=${bank}&limit=200`, bankAdmin)).json();
      expect(ownByName.items.map((e: { id: string }) => e.id)).toEqual(bankView.items.map((e: { id: string }) => e.id));
      const all = (await inject('GET', `/api/v1/audit-events?organisationId=${police}&action=apikey.create`, platformAdmin)).json();
      expect(all.items.length).toBeGreaterThan(0);
    });

    it("keeps the chain's sequence numbers from organisation admins, in the events and in the cursor, and pages them by event", async () => {
      for (const name of ['one', 'two', 'three']) await inject('POST', '/api/v1/api-keys', bankAdmin, { name: `paged ${name}`, scopes: ['read'] });
      const first = (await inject('GET', '/api/v1/audit-events?limit=2', bankAdmin)).json();
      expect(first.items).toHaveLength(2);
      expect(first.items.every((e: { seq: unknown }) => e.seq === null)).toBe(true);
      // The cursor names the page's last event, never a position in the platform-wide chain.
      expect(JSON.parse(Buffer.from(first.nextCursor, 'base64url').toString('utf8'))).toEqual([first.items[1].id]);
      const second = (await inject('GET', `/api/v1/audit-events?limit=2&cursor=${first.nextCursor}`, bankAdmin)).json();
      const whole = (await inject('GET', '/api/v1/audit-events?limit=4', bankAdmin)).json();
      expect([...first.items, ...second.items].map((e: { id: string }) => e.id)).toEqual(whole.items.map((e: { id: string }) => e.id));
      // Another organisation's event is no cursor for the bank; the secretariat's reading keeps the numbers.
      const policeEvent = (await inject('GET', `/api/v1/audit-events?organisationId=${police}&limit=1`, platformAdmin)).json().items[0];
      expect(policeEvent.seq).toEqual(expect.any(Number));
      const foreign = await inject('GET', `/api/v1/audit-events?cursor=${Buffer.from(JSON.stringify([policeEvent.id])).toString('base64url')}`, bankAdmin);
      expect(foreign.statusCode).toBe(400);
      expect(foreign.json().errors[0]).toMatchObject({ path: 'querystring.cursor' });
      const seqCursor = await inject('GET', `/api/v1/audit-events?cursor=${Buffer.from(JSON.stringify([policeEvent.seq])).toString('base64url')}`, bankAdmin);
      expect(seqCursor.statusCode).toBe(400);
    });

    it('verifies the chain for the secretariat only', async () => {
      expect((await inject('GET', '/api/v1/audit-events/verify', bankAdmin)).statusCode).toBe(403);
      const result = (await inject('GET', '/api/v1/audit-events/verify', platformAdmin)).json();
      expect(result).toMatchObject({ ok: true, brokenAt: null });
      expect(result.checked).toBeGreaterThan(5);
    });

    it('is closed to analysts', async () => {
      expect((await inject('GET', '/api/v1/audit-events', bankAnalyst)).statusCode).toBe(403);
    });
  });
});
