import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/helpers/test-app.js';
import { testEngines } from '../../../test/helpers/test-db.js';
import { insertMany } from '../../db/bulk-insert.js';
import { ensureMarking, loadMarking, type Marking } from '../../platform/sharing/index.js';
import { ensureMarkings } from './marking-ids.js';

/**
 * The set-based marking writer of the ingest path must store exactly what ensureMarking stores (one row
 * per content, recipients with it), and the bulk insert must carry every value unchanged on both engines.
 */
describe.each(testEngines())('ingest storage helpers (%s)', (engine) => {
  let t: TestApp;
  const orgs: string[] = [];
  let user = '';

  beforeAll(async () => {
    t = await createTestApp(engine);
    for (let i = 0; i < 3; i += 1) orgs.push(await t.buildOrganisation());
    user = (await t.buildUser(orgs[0]!, 'analyst')).id;
  });
  afterAll(() => t.close());

  const marking = (over: Partial<Marking>): Marking => ({
    tlp: 'AMBER',
    ownerOrganisationId: orgs[0]!,
    createdByUserId: user,
    communityId: null,
    recipientOrganisationIds: [],
    recipientUserIds: [],
    redScope: 'users',
    ...over,
  });

  it('stores each new marking once with its recipients, and agrees with ensureMarking', async () => {
    const existing = marking({ tlp: 'GREEN' });
    const existingId = await ensureMarking(t.deps.db, existing);
    const withOrgs = marking({ recipientOrganisationIds: [orgs[2]!, orgs[1]!, orgs[1]!] });
    const sameContent = marking({ recipientOrganisationIds: [orgs[1]!, orgs[2]!] });
    const red = marking({ tlp: 'RED', recipientUserIds: [user], redScope: 'organisations' });
    const batch = [existing, withOrgs, sameContent, red];

    const ids = await t.deps.db.transaction().execute((trx) => ensureMarkings(trx, batch));
    expect(ids.get(existing)).toBe(existingId);
    expect(ids.get(withOrgs)).toBe(ids.get(sameContent));
    expect(new Set(batch.map((m) => ids.get(m))).size).toBe(3);
    // What a later single write finds is the very row the batch stored.
    for (const m of batch) expect(await ensureMarking(t.deps.db, m)).toBe(ids.get(m));

    const stored = await loadMarking(t.deps.db, ids.get(withOrgs)!);
    expect([...stored!.recipientOrganisationIds].sort()).toEqual([orgs[1]!, orgs[2]!].sort());
    const storedRed = await loadMarking(t.deps.db, ids.get(red)!);
    expect(storedRed).toMatchObject({ tlp: 'RED', createdByUserId: user, recipientUserIds: [user], redScope: 'organisations' });

    // Nothing new the second time round.
    const before = await t.deps.db.selectFrom('markings').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const again = await t.deps.db.transaction().execute((trx) => ensureMarkings(trx, batch));
    expect(batch.map((m) => again.get(m))).toEqual(batch.map((m) => ids.get(m)));
    const after = await t.deps.db.selectFrom('markings').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
  });

  it('inserts any number of rows with every value intact, returning what RETURNING asks for', async () => {
    for (const count of [1, 3, 1000, 1337]) {
      const rows = Array.from({ length: count }, (_, i) => ({
        report_id: `00000000-0000-7000-8000-${String(count).padStart(4, '0')}${String(i).padStart(8, '0')}`,
        change: i % 3 === 0 ? `it's "quoted" \\ {json} [array] , ünïcode ${i}` : 'created',
        version: i,
        at: new Date(Date.UTC(2025, 0, 1, 0, 0, i % 60)).toISOString(),
      }));
      const returned = await insertMany(t.deps.db, engine, 'report_changes', [
        { name: 'report_id', pg: 'uuid' },
        { name: 'change', pg: 'text' },
        { name: 'version', pg: 'integer' },
        { name: 'at', pg: 'timestamptz' },
      ], rows, 'returning report_id, version');
      expect(returned.map((r) => Number(r.version))).toEqual(rows.map((r) => r.version));
      const stored = await t.deps.db.selectFrom('report_changes').select(['report_id', 'change', 'version', 'at']).where('report_id', 'in', rows.map((r) => r.report_id)).orderBy('seq').execute();
      expect(stored.map((r) => ({ ...r, at: new Date(r.at).toISOString() }))).toEqual(rows);
    }
  });
});
