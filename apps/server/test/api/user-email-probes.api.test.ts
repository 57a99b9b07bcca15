import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { USER_EMAIL_REFUSALS_MAX, USER_EMAIL_REFUSALS_WINDOW_MS, userEmailRefusalsKey } from '../../src/modules/users/user-email-refusals.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { testEngines } from '../helpers/test-db.js';

/**
 * Creating a user whose email is in use: refused without naming who holds it, audited in the caller's
 * organisation's trail (`user.create_refused`), and after USER_EMAIL_REFUSALS_MAX refusals in 15 minutes every
 * create of that organisation answers 429 until the window passes (aged by writing its row, as a clock would).
 * The secretariat is exempt.
 */
describe.each(testEngines())('user creates probing emails (%s)', (engine) => {
  let t: TestApp;
  let takenEmail: string;
  let holderName: string;
  let n = 0;

  beforeAll(async () => {
    t = await createTestApp(engine);
    const holder = await t.buildOrganisation();
    holderName = (await t.deps.db.selectFrom('organisations').select('name').where('id', '=', holder).executeTakeFirstOrThrow()).name;
    takenEmail = (await t.buildUser(holder, 'analyst')).email;
  });
  afterAll(() => t.close());

  const create = (headers: Record<string, string>, email: string) =>
    t.app.inject({ method: 'POST', url: '/api/v1/users', headers, payload: { email, displayName: 'New person', role: 'analyst' } });
  const fresh = () => `fresh-${engine}-${++n}@example.org`;

  it('refuses a taken email without naming its organisation, audits it, and locks the organisation after the limit until the window passes', async () => {
    const org = await t.buildOrganisation();
    const admin = await t.signIn((await t.buildUser(org, 'admin')).email);
    for (let i = 0; i < USER_EMAIL_REFUSALS_MAX; i += 1) {
      const refused = await create(admin, takenEmail);
      expect(refused.statusCode).toBe(409);
      expect(refused.body).not.toContain(holderName);
    }
    const audit = await t.deps.db.selectFrom('audit_events').select(['subject_organisation_id']).where('action', '=', 'user.create_refused').where('subject_organisation_id', '=', org).execute();
    expect(audit).toHaveLength(USER_EMAIL_REFUSALS_MAX);
    // Locked: even a fresh email is refused now, in English and as a code for the Thai text.
    const locked = await create(admin, fresh());
    expect(locked.statusCode).toBe(429);
    expect(locked.json()).toMatchObject({ code: 'rate_limited', detailCode: 'refusal.user_email_refusals_locked' });
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(0);
    // Another organisation is not locked.
    const other = await t.signIn((await t.buildUser(await t.buildOrganisation(), 'admin')).email);
    expect((await create(other, fresh())).statusCode).toBe(201);
    // The window passes: creates go through again.
    await t.deps.db.updateTable('rate_limit_windows').set({ started_ms: Date.now() - USER_EMAIL_REFUSALS_WINDOW_MS - 1 }).where('key', '=', userEmailRefusalsKey(org)).execute();
    expect((await create(admin, fresh())).statusCode).toBe(201);
  });

  it('leaves the secretariat unlimited', async () => {
    const secretariat = await t.signIn((await t.buildUser(await t.buildOrganisation({ type: 'international_org' }), 'platform_admin')).email);
    for (let i = 0; i < USER_EMAIL_REFUSALS_MAX + 1; i += 1) expect((await create(secretariat, takenEmail)).statusCode).toBe(409);
    expect((await create(secretariat, fresh())).statusCode).toBe(201);
  });
});
