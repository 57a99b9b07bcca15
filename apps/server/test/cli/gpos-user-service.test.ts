import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/index.js';
import { EXIT } from '../../src/cli/cli-support.js';
import { runGpos } from '../helpers/run-cli.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';

/**
 * The console's changes to people go through the API's user service: `platform_admin` only inside the
 * organisation that operates the platform (`user create`, `user set-role`), and `user suspend` /
 * `reactivate` with the API's checks, session ending and audit events.
 */
describe('gpos user: the API user service from the console', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gpos-user-cli-'));
  const saved = { ...process.env };
  let t: TestApp;
  let secretariat = '';
  let bank = '';

  beforeAll(async () => {
    Object.assign(process.env, { DATA_DIR: dataDir, DATABASE_URL: '', LOG_LEVEL: 'silent' });
    expect((await runGpos('migrate')).code).toBe(0);
    const handle = openDatabase({ engine: 'sqlite', file: path.join(dataDir, 'gpos.sqlite') });
    t = await createTestApp('sqlite', {}, { handle, drop: () => handle.close() });
    secretariat = await t.buildOrganisation({ name: 'Partnership Secretariat', type: 'international_org', country: 'TH' });
    bank = await t.buildOrganisation({ name: 'Lotus Bank', type: 'bank', country: 'TH' });
  }, 60_000);
  afterAll(async () => {
    await t?.close();
    process.env = saved;
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  const roleOf = async (email: string) => (await t.deps.db.selectFrom('users').select('role').where('email', '=', email).executeTakeFirstOrThrow()).role;

  it('makes the first platform admin where the operator says (a node just installed), then keeps the role inside that organisation', async () => {
    const first = await runGpos('user', 'create', '--org', secretariat, '--email', 'first@secretariat.example', '--name', 'First', '--role', 'platform_admin');
    expect(first.code, first.err).toBe(EXIT.OK);

    const refused = await runGpos('user', 'create', '--org', bank, '--email', 'boss@lotus.example', '--name', 'Boss', '--role', 'platform_admin');
    expect(refused.code).toBe(EXIT.REFUSED);
    expect(refused.err).toBe('platform_admin is the role of the people of the organisation that operates the platform (the secretariat); Lotus Bank does not operate it\n');
    expect(await t.deps.db.selectFrom('users').select('id').where('email', '=', 'boss@lotus.example').executeTakeFirst()).toBeUndefined();

    const analyst = await t.buildUser(bank, 'analyst');
    const promoted = await runGpos('user', 'set-role', analyst.email, 'platform_admin');
    expect(promoted.code).toBe(EXIT.REFUSED);
    expect(promoted.err).toContain('Lotus Bank does not operate it');
    expect(await roleOf(analyst.email)).toBe('analyst');

    const colleague = await t.buildUser(secretariat, 'analyst');
    expect((await runGpos('user', 'set-role', colleague.email, 'platform_admin')).out).toBe(`${colleague.email} is now platform_admin (was analyst)\n`);
    expect(await runGpos('user', 'create', '--org', secretariat, '--email', 'third@secretariat.example', '--name', 'Third', '--role', 'platform_admin')).toMatchObject({ code: EXIT.OK });
  });

  it('suspends and reactivates a person as PATCH /users/:id does: sessions ended, audited as the console on their organisation, the same status again no change', async () => {
    const person = await t.buildUser(bank, 'investigator');
    const session = await t.signIn(person.email);
    expect(await runGpos('user', 'suspend', person.email.toUpperCase())).toMatchObject({ code: EXIT.OK, out: `${person.email} is now suspended\n` });
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: session })).statusCode).toBe(401);
    expect(await runGpos('user', 'suspend', person.email)).toMatchObject({ code: EXIT.OK, out: `${person.email} is already suspended\n` });

    const reactivated = await runGpos('user', 'reactivate', person.email, '--json');
    expect(reactivated.code).toBe(EXIT.OK);
    expect(JSON.parse(reactivated.out)).toMatchObject({ id: person.id, status: 'active', role: 'investigator' });

    const events = await t.deps.db.selectFrom('audit_events').selectAll().where('target_id', '=', person.id).where('action', 'like', 'user.%').orderBy('seq').execute();
    expect(events.map((e) => e.action)).toEqual(['user.suspend', 'user.reactivate']);
    for (const event of events) expect(event).toMatchObject({ actor_user_id: null, actor_organisation_id: null, subject_organisation_id: bank, request_id: 'cli' });
    expect(JSON.parse(events[0]!.summary)).toMatchObject({ changed: ['status'], before: { status: 'active' } });
    expect(await t.signIn(person.email)).toBeTruthy();
  });

  it('never leaves the platform without an active platform admin: set-role, suspend and org suspend refused, exit 5', async () => {
    // The first test made three; two go, as the console may take them while another is left.
    const admins = await t.deps.db.selectFrom('users').select('email').where('role', '=', 'platform_admin').where('status', '=', 'active').orderBy('email').execute();
    expect(admins.length).toBeGreaterThan(1);
    const [last, ...others] = admins.map((a) => a.email);
    for (const [i, email] of others.entries()) expect((await runGpos(...(i % 2 ? ['user', 'suspend', email!] : ['user', 'set-role', email!, 'viewer']))).code).toBe(EXIT.OK);

    const demoted = await runGpos('user', 'set-role', last!, 'viewer');
    expect(demoted.code).toBe(EXIT.REFUSED);
    expect(demoted.err).toBe(`${last} is the last active platform admin: demoted or suspended, they would leave no one to administer the platform. Make another person of their organisation a platform admin first\n`);
    expect((await runGpos('user', 'suspend', last!)).code).toBe(EXIT.REFUSED);
    const suspended = await runGpos('org', 'suspend', secretariat);
    expect(suspended.code).toBe(EXIT.REFUSED);
    expect(suspended.err).toBe('Partnership Secretariat holds every active platform admin: suspended, it would sign them all out and leave no one to administer the platform\n');
    expect(await roleOf(last!)).toBe('platform_admin');
    expect((await t.deps.db.selectFrom('organisations').select('status').where('id', '=', secretariat).executeTakeFirstOrThrow()).status).toBe('active');
    // Still no bank analyst becomes one: someone holds the role, in the secretariat.
    const analyst = await t.buildUser(bank, 'analyst');
    expect((await runGpos('user', 'set-role', analyst.email, 'platform_admin')).code).toBe(EXIT.REFUSED);
  });

  it('refuses to reactivate a person of a suspended organisation, as the API does', async () => {
    const person = await t.buildUser(bank, 'viewer', { status: 'suspended' });
    await t.deps.db.updateTable('organisations').set({ status: 'suspended' }).where('id', '=', bank).execute();
    try {
      const refused = await runGpos('user', 'reactivate', person.email);
      expect(refused.code).toBe(EXIT.REFUSED);
      expect(refused.err).toContain(`${person.email} could not sign in even if reactivated`);
    } finally {
      await t.deps.db.updateTable('organisations').set({ status: 'active' }).where('id', '=', bank).execute();
    }
  });
});
