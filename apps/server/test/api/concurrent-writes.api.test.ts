import { LIMITS } from '@gpos/contracts';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { testEngines } from '../helpers/test-db.js';

/**
 * Writes that arrive at once (requests interleaving in one server, as they do across the processes of a
 * scaled-out deployment): an idempotency key sent twice stores one report and answers the other as its
 * duplicate, never 500; two changes of one report run one after the other, the second refused (409), and
 * every indicator's count still equals its sightings. Found by a concurrency review with two servers on
 * one PostgreSQL; the same interleavings happen within one server on either engine.
 */
describe.each(testEngines())('concurrent writes (%s)', (engine) => {
  let t: TestApp;
  let thai: Record<string, string>;
  let n = 0;

  beforeAll(async () => {
    t = await createTestApp(engine);
    thai = await t.signIn((await t.buildUser(await t.buildOrganisation({ type: 'bank', country: 'TH' }), 'analyst')).email);
  });
  afterAll(() => t.close());

  const phone = (area = '81') => `+66 ${area} ${String(100 + (n % 900)).padStart(3, '0')} ${String(1000 + (n++ % 9000)).padStart(4, '0')}`;
  const report = (values: string[], extra: Record<string, unknown> = {}) => ({
    scamType: 'investment',
    channel: 'call',
    victimCountry: 'TH',
    occurredAt: '2026-10-01T00:00:00Z',
    loss: { amount: 100_000, currency: 'THB' },
    indicators: values.map((value) => ({ value })),
    ...extra,
  });
  const post = (url: string, payload: unknown) => t.app.inject({ method: 'POST', url, headers: thai, payload: payload as object });
  const put = (url: string, payload: unknown) => t.app.inject({ method: 'PUT', url, headers: thai, payload: payload as object });

  /** Indicators whose stored report count is not the number of sightings they have (there should be none). */
  async function countMismatches(): Promise<unknown[]> {
    const { rows } = await sql<{ id: string; report_count: number; sightings: number }>`
      select i.id, i.report_count, (select count(*) from sightings s where s.indicator_id = i.id) as sightings
      from indicators i`.execute(t.deps.db);
    return rows.filter((r) => Number(r.report_count) !== Number(r.sightings));
  }

  it('stores one report for an idempotency key sent several times at once, and answers the others as its duplicate', async () => {
    for (let round = 0; round < 5; round += 1) {
      const body = report([phone()], { idempotencyKey: `same-key-${round}` });
      const answers = await Promise.all(Array.from({ length: 4 }, () => post('/api/v1/reports', body)));
      expect(answers.map((a) => a.statusCode).sort(), answers.map((a) => a.body).join('\n')).toEqual([200, 200, 200, 201]);
      expect(new Set(answers.map((a) => a.json().id)).size).toBe(1);
    }
  });

  // The losing request's transaction stored a new marking, then rolled back: its id must not be
  // remembered, or later reports under that marking point at a row that does not exist.
  it('stores later reports under a marking first met by a request that lost an idempotency race', async () => {
    for (let round = 0; round < 6; round += 1) {
      const partner = await t.buildOrganisation({ type: 'law_enforcement', country: 'KH' });
      const marking = { tlp: 'AMBER+STRICT', recipientOrganisationIds: [partner] };
      const key = `marking-race-${round}`;
      const answers = await Promise.all([post('/api/v1/reports', report([phone()], { idempotencyKey: key, marking: { tlp: 'GREEN' } })), post('/api/v1/reports', report([phone()], { idempotencyKey: key, marking }))]);
      // Two reports under one key: the second to commit is refused as a key reused for other content.
      expect(answers.map((a) => a.statusCode).sort()).toEqual([201, 409]);
      const later = await post('/api/v1/reports', report([phone()], { marking }));
      expect(later.statusCode, later.body).toBe(201);
      expect((await t.app.inject({ method: 'GET', url: `/api/v1/reports/${later.json().id}`, headers: thai })).statusCode).toBe(200);
    }
  });

  it('writes every line of two bulk uploads that share an idempotency key, one of them as the duplicate', async () => {
    const shared = JSON.stringify(report([phone()], { idempotencyKey: 'bulk-shared' }));
    const upload = (tag: string) =>
      t.app.inject({
        method: 'POST',
        url: '/api/v1/reports/bulk',
        headers: { ...thai, 'content-type': 'application/x-ndjson' },
        payload: [shared, ...Array.from({ length: 5 }, (_, i) => JSON.stringify(report([phone()], { idempotencyKey: `bulk-${tag}-${i}` })))].join('\n'),
      });
    const [a, b] = await Promise.all([upload('a'), upload('b')]);
    const results = [a, b].map((r) => r.body.trim().split('\n').map((line) => JSON.parse(line)));
    for (const lines of results) {
      expect(lines.at(-1).summary).toMatchObject({ lines: 6, rejected: 0 });
      expect(lines.slice(1, 6).every((line: { status: string }) => line.status === 'accepted')).toBe(true);
    }
    expect(results.map((lines) => lines[0].status).sort()).toEqual(['accepted', 'duplicate']);
    expect(results[0]![0].reportId).toBe(results[1]![0].reportId);
  });

  // A correction takes its old sightings off their indicators before it adds its new ones, so its row
  // locks and a new report's can cross; PostgreSQL then aborts one transaction, which is run again.
  it('answers a correction and a new report naming the same identifiers at once without a server error', async () => {
    const codes: number[] = [];
    for (let round = 0; round < 12; round += 1) {
      // The new identifier sorts before the shared one (+66 81 before +66 89): the order in which a plain
      // ingest locks them, the reverse of the correction's (old ones first).
      const shared = phone('89');
      const created = (await post('/api/v1/reports', report([shared]))).json();
      const first = phone('81');
      const answers = await Promise.all([put(`/api/v1/reports/${created.id}`, report([first, shared])), post('/api/v1/reports', report([first, shared]))]);
      codes.push(...answers.map((a) => a.statusCode));
    }
    expect(codes.filter((code) => code !== 200 && code !== 201)).toEqual([]);
    expect(await countMismatches()).toEqual([]);
  });

  it('creates one watch of a pattern created several times at once; the others answer 409', async () => {
    const body = { name: 'Our range', kind: 'prefix', indicatorType: 'phone', pattern: '+66 82 99' };
    const answers = await Promise.all(Array.from({ length: 4 }, () => post('/api/v1/watchlists', body)));
    expect(answers.map((a) => a.statusCode).sort(), answers.map((a) => a.body).join('\n')).toEqual([201, 409, 409, 409]);
  });

  it('holds an organisation to its webhook limit when webhooks are created several at once', async () => {
    const bank = await t.signIn((await t.buildUser(await t.buildOrganisation({ type: 'bank', country: 'TH' }), 'analyst')).email);
    const answers = await Promise.all(Array.from({ length: LIMITS.webhooksPerOrganisation + 3 }, (_, i) => t.app.inject({ method: 'POST', url: '/api/v1/webhooks', headers: bank, payload: { url: `https://93.184.216.34/hook-${i}` } })));
    const codes = answers.map((a) => a.statusCode);
    expect(codes.filter((code) => code === 201), codes.join(",")).toHaveLength(LIMITS.webhooksPerOrganisation);
    expect(codes.filter((code) => code === 409)).toHaveLength(3);
  });

  it('applies two rate updates of the same rows in opposite orders at once, without a deadlock', async () => {
    const admin = await t.signIn((await t.buildUser(await t.buildOrganisation({ type: 'international_org' }), 'platform_admin')).email);
    const rates = ['THB', 'KHR', 'LAK', 'MMK', 'VND', 'PHP', 'MYR', 'IDR'].flatMap((currency) => ['2026-01-01', '2026-02-01'].map((validFrom) => ({ currency, validFrom, usdPerUnit: 0.01 })));
    for (let round = 0; round < 5; round += 1) {
      const put = (list: typeof rates) => t.app.inject({ method: 'PUT', url: '/api/v1/fx-rates', headers: admin, payload: { rates: list } });
      const answers = await Promise.all([put(rates), put([...rates].reverse())]);
      expect(answers.map((a) => a.statusCode), answers.map((a) => a.body).join('\n')).toEqual([200, 200]);
    }
    // Two rates of one currency and day in one request: refused, naming the second (one was dropped unsaid).
    const twice = await t.app.inject({ method: 'PUT', url: '/api/v1/fx-rates', headers: admin, payload: { rates: [{ currency: 'VES', usdPerUnit: 0.027, validFrom: '2026-01-01' }, { currency: 'VES', usdPerUnit: 0.03, validFrom: '2026-01-01' }] } });
    expect(twice.statusCode, twice.body).toBe(400);
    expect(twice.json().errors[0]).toMatchObject({ path: 'body.rates.1.validFrom', message: expect.stringContaining('rates.0') });
  });

  // Two versions of a new STIX report imported at once: one is stored, the other answers duplicate; the
  // provenance must then name the stored version, so that sending the newer one again applies it.
  it('applies the newer of two versions of a STIX report imported at once, at once or when sent again', async () => {
    for (let round = 0; round < 4; round += 1) {
      const id = `report--5b2f6c9d-0000-4000-8000-${String(900 + round).padStart(12, '0')}`;
      const version = (modified: string, n: number) => {
        const email = { type: 'email-addr', spec_version: '2.1', id: `email-addr--5b2f6c9d-0000-4000-9000-${String(round * 10 + n).padStart(12, '0')}`, value: `v${n}-round${round}@payout-mail.net` };
        const report = { type: 'report', spec_version: '2.1', id, created: '2026-03-01T08:00:00.000Z', modified, name: `Scam v${n}`, published: '2026-03-01T08:00:00.000Z', labels: ['investment'], object_refs: [email.id], object_marking_refs: ['marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb'] };
        return { type: 'bundle', id: `bundle--5b2f6c9d-0000-4000-a000-${String(round * 10 + n).padStart(12, '0')}`, objects: [email, report] };
      };
      const older = version('2026-03-01T08:00:00.000Z', 1);
      const newer = version('2026-03-02T08:00:00.000Z', 2);
      const answers = await Promise.all([post('/api/v1/stix/bundles', older), post('/api/v1/stix/bundles', newer)]);
      expect(answers.map((a) => a.statusCode), answers.map((a) => a.body).join('\n')).toEqual([200, 200]);
      await post('/api/v1/stix/bundles', newer);
      const mapped = await t.deps.db.selectFrom('stix_objects').select('local_id').where('stix_id', '=', id).executeTakeFirstOrThrow();
      const stored = (await t.app.inject({ method: 'GET', url: `/api/v1/reports/${mapped.local_id}`, headers: thai })).json();
      const values = stored.indicators.map((i: { value: string }) => i.value);
      expect(values, `round ${round}`).toContain(`v2-round${round}@payout-mail.net`);
      expect(values, `round ${round}`).not.toContain(`v1-round${round}@payout-mail.net`);
    }
  });

  it('creates one user of an email sent several times at once; the others answer 409 naming the email', async () => {
    const organisation = await t.buildOrganisation({ type: 'bank', country: 'TH' });
    const admin = await t.signIn((await t.buildUser(organisation, 'admin')).email);
    for (let round = 0; round < 4; round += 1) {
      const body = { email: `same-${round}@lotus.example`, displayName: 'Same person', role: 'viewer' };
      const answers = await Promise.all([0, 1, 2].map(() => t.app.inject({ method: 'POST', url: '/api/v1/users', headers: admin, payload: body })));
      const codes = answers.map((a) => a.statusCode).sort();
      expect(codes, answers.map((a) => a.body).join('\n')).toEqual([201, 409, 409]);
      for (const refused of answers.filter((a) => a.statusCode === 409)) expect(refused.json().errors).toEqual([{ path: 'body.email', message: 'is already in use', code: 'refusal.email_in_use', params: {} }]);
    }
  });

  // Deterministic form of the race above: another server's transaction holds the new email while this
  // request checks it (and cannot see it), then commits while this one inserts.
  it.runIf(engine === 'postgres')('answers 409 naming the email when another transaction commits it between the check and the insert', async () => {
    const organisation = await t.buildOrganisation({ type: 'bank', country: 'TH' });
    const admin = await t.signIn((await t.buildUser(organisation, 'admin')).email);
    const email = 'held@lotus.example';
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let held!: () => void;
    const isHeld = new Promise<void>((resolve) => (held = resolve));
    const other = t.deps.db.transaction().execute(async (trx) => {
      const row = await trx.selectFrom('users').selectAll().where('organisation_id', '=', organisation).executeTakeFirstOrThrow();
      await trx.insertInto('users').values({ ...row, id: '01a22e00-0000-7000-8000-000000000001', email }).execute();
      held();
      await released;
    });
    await isHeld;
    const creating = t.app.inject({ method: 'POST', url: '/api/v1/users', headers: admin, payload: { email, displayName: 'Held', role: 'viewer' } });
    await new Promise((resolve) => setTimeout(resolve, 400));
    release();
    await other;
    const answer = await creating;
    expect(answer.statusCode, answer.body).toBe(409);
    expect(answer.json().errors).toEqual([{ path: 'body.email', message: 'is already in use', code: 'refusal.email_in_use', params: {} }]);
  });

  // A change re-judges the indicators it can see committed; a report naming the same identifier, written
  // at that moment, must judge it by the new entries itself.
  it('marks benign an identifier listed while a report naming it is written', async () => {
    const admin = await t.signIn((await t.buildUser(await t.buildOrganisation({ type: 'international_org' }), 'platform_admin')).email);
    const list = (await t.app.inject({ method: 'POST', url: '/api/v1/warninglists', headers: admin, payload: { name: `Hotlines ${engine}` } })).json().id as string;
    for (let round = 0; round < 8; round += 1) {
      const value = phone('82');
      const [listed, reported] = await Promise.all([
        t.app.inject({ method: 'POST', url: `/api/v1/warninglists/${list}/entries`, headers: admin, payload: { entries: [{ type: 'phone', value }] } }),
        post('/api/v1/reports', report([value])),
      ]);
      expect([listed.statusCode, reported.statusCode], `${listed.body}\n${reported.body}`).toEqual([200, 201]);
      const id = reported.json().indicators[0].indicatorId as string;
      const indicator = await t.deps.db.selectFrom('indicators').select('benign').where('id', '=', id).executeTakeFirstOrThrow();
      const sightings = await t.deps.db.selectFrom('sightings').select('benign').where('indicator_id', '=', id).execute();
      expect([Number(indicator.benign), ...sightings.map((s) => Number(s.benign))], `round ${round}`).toEqual([1, 1]);
    }
  });

  it('applies a STIX correction imported twice at once once, the other answered as its duplicate', async () => {
    const codes: string[] = [];
    for (let round = 0; round < 4; round += 1) {
      const id = `report--5b2f6c9d-0000-4000-8000-${String(950 + round).padStart(12, '0')}`;
      const version = (modified: string, n: number) => {
        const email = { type: 'email-addr', spec_version: '2.1', id: `email-addr--5b2f6c9d-0000-4000-9000-${String(500 + round * 10 + n).padStart(12, '0')}`, value: `c${n}-round${round}@payout-mail.net` };
        const report = { type: 'report', spec_version: '2.1', id, created: '2026-03-01T08:00:00.000Z', modified, name: `Scam c${n}`, published: '2026-03-01T08:00:00.000Z', labels: ['investment'], object_refs: [email.id], object_marking_refs: ['marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb'] };
        return { type: 'bundle', id: `bundle--5b2f6c9d-0000-4000-b000-${String(round * 10 + n).padStart(12, '0')}`, objects: [email, report] };
      };
      expect((await post('/api/v1/stix/bundles', version('2026-03-01T08:00:00.000Z', 1))).statusCode).toBe(200);
      const newer = version('2026-03-02T08:00:00.000Z', 2);
      const answers = await Promise.all([post('/api/v1/stix/bundles', newer), post('/api/v1/stix/bundles', newer)]);
      expect(answers.map((a) => a.statusCode), answers.map((a) => a.body).join('\n')).toEqual([200, 200]);
      const statuses = answers.map((a) => (a.json().results as { id: string; status: string }[]).find((r) => r.id === id)!.status).sort();
      codes.push(statuses.join('+'));
      expect(statuses).toEqual(['corrected', 'duplicate']);
      const mapped = await t.deps.db.selectFrom('stix_objects').select('local_id').where('stix_id', '=', id).executeTakeFirstOrThrow();
      expect((await t.app.inject({ method: 'GET', url: `/api/v1/reports/${mapped.local_id}`, headers: thai })).json().version).toBe(2);
    }
  });

  it('keeps an indicator’s status and its newest history entry the same when it is changed several times at once', async () => {
    const created = (await post('/api/v1/reports', report([phone()]))).json();
    const id = created.indicators[0].indicatorId as string;
    for (let round = 0; round < 5; round += 1) {
      const statuses = ['disputed', 'false_positive', 'taken_down', 'active'];
      const answers = await Promise.all(statuses.map((status) => post(`/api/v1/indicators/${id}/status`, { status, reason: `round ${round}: ${status}` })));
      // Each is made, but one that came when its status was already the stored one (left by the round before): 409, nothing written.
      for (const answer of answers) {
        if (answer.statusCode !== 200) expect({ status: answer.statusCode, code: answer.json().errors?.[0]?.code }).toEqual({ status: 409, code: 'indicator.status_unchanged' });
      }
      expect(answers.filter((a) => a.statusCode === 200).length).toBeGreaterThanOrEqual(3);
      const stored = await t.deps.db.selectFrom('indicators').select('status').where('id', '=', id).executeTakeFirstOrThrow();
      const newest = await t.deps.db.selectFrom('indicator_status_history').select('status').where('indicator_id', '=', id).orderBy('at', 'desc').orderBy('id', 'desc').executeTakeFirstOrThrow();
      expect(newest.status).toBe(stored.status);
    }
  });

  it('audits what each of two member lists sent at once really added and removed', async () => {
    const owner = await t.buildOrganisation({ type: 'bank', country: 'TH' });
    const admin = await t.signIn((await t.buildUser(owner, 'admin')).email);
    const [a, b] = [await t.buildOrganisation({ type: 'bank', country: 'KH' }), await t.buildOrganisation({ type: 'bank', country: 'LA' })];
    const created = await t.app.inject({ method: 'POST', url: '/api/v1/communities', headers: admin, payload: { name: 'Mekong banks', memberOrganisationIds: [] } });
    const id = created.json().id as string;
    const patch = (members: string[]) => t.app.inject({ method: 'PATCH', url: `/api/v1/communities/${id}`, headers: admin, payload: { memberOrganisationIds: members } });
    const answers = await Promise.all([patch([a]), patch([b])]);
    expect(answers.map((r) => r.statusCode)).toEqual([200, 200]);
    // Replaying the audit entries in the order they were written gives the members stored.
    const audit = await t.deps.db.selectFrom('audit_events').select('summary').where('action', '=', 'community.update').where('target_id', '=', id).orderBy('seq').execute();
    const members = new Set([owner]);
    for (const entry of audit) {
      const { added, removed } = JSON.parse(entry.summary) as { added: string[]; removed: string[] };
      for (const m of removed) expect(members.delete(m)).toBe(true);
      for (const m of added) members.add(m);
    }
    const stored = (await t.app.inject({ method: 'GET', url: `/api/v1/communities/${id}`, headers: admin })).json().memberOrganisationIds as string[];
    expect([...members].sort()).toEqual([...stored].sort());
  });

  // Two changes of one report either run one after the other (both pass, the second on the first's
  // version: SQLite's one writer often orders them so) or overlap (the second is refused, 409): never
  // both applied to the version they read.
  it('applies two corrections of one report one after the other or refuses the second (409), and the counts hold', async () => {
    for (let round = 0; round < 4; round += 1) {
      const created = (await post('/api/v1/reports', report([phone()]))).json();
      const answers = await Promise.all([put(`/api/v1/reports/${created.id}`, report([phone()])), put(`/api/v1/reports/${created.id}`, report([phone()]))]);
      const codes = answers.map((a) => a.statusCode);
      expect(codes.every((code) => code === 200 || code === 409) && codes.includes(200), answers.map((a) => a.body).join('\n')).toBe(true);
      const stored = (await t.app.inject({ method: 'GET', url: `/api/v1/reports/${created.id}`, headers: thai })).json();
      expect(stored.version).toBe(1 + codes.filter((code) => code === 200).length);
      expect(stored.indicators).toHaveLength(1);
    }
    expect(await countMismatches()).toEqual([]);
  });

  it('never undoes a retraction with a correction made at once, and a retraction repeated at once answers 409', async () => {
    for (let round = 0; round < 4; round += 1) {
      const created = (await post('/api/v1/reports', report([phone()]))).json();
      const [corrected, retracted] = await Promise.all([put(`/api/v1/reports/${created.id}`, report([phone()])), post(`/api/v1/reports/${created.id}/retract`, { reason: 'entered twice' })]);
      expect([corrected.statusCode, retracted.statusCode].every((code) => code === 200 || code === 409), `${corrected.body}\n${retracted.body}`).toBe(true);
      const stored = (await t.app.inject({ method: 'GET', url: `/api/v1/reports/${created.id}`, headers: thai })).json();
      // A retraction that answered 200 stands, whatever else happened; both passing means the correction came first.
      expect(stored.status).toBe(retracted.statusCode === 200 ? 'retracted' : 'active');
      expect(stored.version).toBe(1 + [corrected, retracted].filter((a) => a.statusCode === 200).length);
      if (stored.status === 'retracted') expect(stored.indicators).toHaveLength(1);

      const again = await Promise.all([0, 1].map(() => post(`/api/v1/reports/${created.id}/retract`, { reason: 'again' })));
      expect(again.map((a) => a.statusCode).sort()).toEqual(stored.status === 'retracted' ? [409, 409] : [200, 409]);
    }
    expect(await countMismatches()).toEqual([]);
  });
});
