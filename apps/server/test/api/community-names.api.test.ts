import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { namingCommunity } from '../../src/modules/communities/community-names.js';
import { newId, nowIso } from '../../src/platform/ids.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { testEngines } from '../helpers/test-db.js';

/**
 * One owner's communities never share a name (case and spacing aside), however many requests name them at
 * once: the check before the write answers 409 on `body.name`, and the unique index on the stored key
 * (migration 031) refuses what two requests at once both got past the check with, answered the same way.
 */
describe.each(testEngines())('sharing community names written at once (%s)', (engine) => {
  let t: TestApp;
  let owner: string;
  let admin: Record<string, string>;

  beforeAll(async () => {
    t = await createTestApp(engine);
    owner = await t.buildOrganisation({ type: 'law_enforcement', country: 'TH' });
    admin = await t.signIn((await t.buildUser(owner, 'admin')).email);
  });
  afterAll(() => t.close());

  const create = (name: string) => t.app.inject({ method: 'POST', url: '/api/v1/communities', headers: admin, payload: { name, memberOrganisationIds: [] } });
  const rename = (id: string, name: string) => t.app.inject({ method: 'PATCH', url: `/api/v1/communities/${id}`, headers: admin, payload: { name } });
  const storedAlike = async (key: string) =>
    (await t.deps.db.selectFrom('communities').select('name_key').where('owner_organisation_id', '=', owner).execute()).filter((row) => row.name_key === key).length;

  it('creates one of two communities named alike at once and refuses the other (409 on body.name)', async () => {
    for (let round = 0; round < 5; round += 1) {
      const answers = await Promise.all([create(`Mekong task force ${round}`), create(`mekong  TASK force ${round}`)]);
      expect(answers.map((a) => a.statusCode).sort(), answers.map((a) => a.body).join('\n')).toEqual([201, 409]);
      const created = answers.find((a) => a.statusCode === 201)!.json();
      const refused = answers.find((a) => a.statusCode === 409)!.json();
      expect(refused.errors).toEqual([{ path: 'body.name', message: `is already the name of sharing community ${created.id}`, code: 'refusal.community_name_in_use', params: { id: created.id } }]);
      expect(await storedAlike(`mekong task force ${round}`)).toBe(1);
    }
  });

  it('renames one of two communities to a name at once and refuses the other (409 on body.name)', async () => {
    for (let round = 0; round < 5; round += 1) {
      const [a, b] = [(await create(`Circle A ${round}`)).json().id as string, (await create(`Circle B ${round}`)).json().id as string];
      const answers = await Promise.all([rename(a, `Mule circle ${round}`), rename(b, `MULE circle ${round} `)]);
      expect(answers.map((r) => r.statusCode).sort(), answers.map((r) => r.body).join('\n')).toEqual([200, 409]);
      expect(answers.find((r) => r.statusCode === 409)!.json().errors[0].path).toBe('body.name');
      expect(await storedAlike(`mule circle ${round}`)).toBe(1);
    }
  });

  it('answers a write the index refused, after its own check passed, with the same 409 on body.name', async () => {
    const winner = newId();
    const now = nowIso();
    const row = (id: string, name: string) => ({ id, name, name_key: 'late comer', description: null, owner_organisation_id: owner, created_at: now, updated_at: now });
    const attempt = namingCommunity(t.deps.db, (claimName) =>
      t.deps.db.transaction().execute(async (trx) => {
        await claimName(trx, owner, 'late comer');
        // Another request's community of that name commits between this one's check and its write (on
        // SQLite, whose one connection is this transaction's, it is written in it and goes with it).
        await (engine === 'postgres' ? t.deps.db : trx).insertInto('communities').values(row(winner, 'Late comer')).execute();
        await trx.insertInto('communities').values(row(newId(), 'late  comer')).execute();
      }),
    );
    const message = engine === 'postgres' ? `is already the name of sharing community ${winner}` : 'is already the name of a sharing community';
    await expect(attempt).rejects.toMatchObject({ code: 'conflict', details: { errors: [{ path: 'body.name', message }] } });
  });

  it('lets another owner use the name, and the owner rename a community to its own name in other case', async () => {
    const other = await t.signIn((await t.buildUser(await t.buildOrganisation({ type: 'bank', country: 'KH' }), 'admin')).email);
    const id = (await create('Lotus circle')).json().id as string;
    expect((await t.app.inject({ method: 'POST', url: '/api/v1/communities', headers: other, payload: { name: 'Lotus circle', memberOrganisationIds: [] } })).statusCode).toBe(201);
    expect((await rename(id, 'LOTUS Circle')).json().name).toBe('LOTUS Circle');
    expect((await create('lotus circle')).statusCode).toBe(409);
  });
});
