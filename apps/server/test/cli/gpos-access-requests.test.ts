import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { LIMITS } from '@gpos/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/index.js';
import { EXIT } from '../../src/cli/cli-support.js';
import { hitHandlesOf } from '../../src/platform/hit-handles.js';
import { runGpos } from '../helpers/run-cli.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';

type Headers = Record<string, string>;

/**
 * `gpos access-requests list|answer|withdraw`: the API's access-request routes from the console, acting as
 * one named person (`--as`), on the database a running server uses (requests made through the API).
 */
describe('gpos access-requests', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gpos-access-requests-cli-'));
  const saved = { ...process.env };
  let t: TestApp;
  let bank: Headers;
  const people = {} as Record<'asker' | 'holder' | 'holderViewer' | 'stranger', string>;
  let holderAnalyst: Headers;
  let holderOrg = '';

  /** A report the bank may not see on `phone`, and the bank's request for it (through the API): its id. */
  const ask = async (phone: string) => {
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/v1/reports',
      headers: holderAnalyst,
      payload: { scamType: 'investment', channel: 'call', victimCountry: 'TH', occurredAt: '2026-02-01T10:00:00Z', marking: { tlp: 'AMBER+STRICT' }, indicators: [{ type: 'phone', value: phone }] },
    });
    expect(created.statusCode, created.body).toBe(201);
    const handle = (await hitHandlesOf(t.deps.db)).of(created.json().indicators[0].indicatorId as string);
    const asked = await t.app.inject({ method: 'POST', url: `/api/v1/indicators/${handle}/access-requests`, headers: bank, payload: { reason: 'a customer paid this number:\ncase 2026/31' } });
    expect(asked.statusCode, asked.body).toBe(201);
    return asked.json().id as string;
  };

  beforeAll(async () => {
    Object.assign(process.env, { DATA_DIR: dataDir, DATABASE_URL: '', LOG_LEVEL: 'silent' });
    expect((await runGpos('migrate')).code).toBe(0);
    const handle = openDatabase({ engine: 'sqlite', file: path.join(dataDir, 'gpos.sqlite') });
    t = await createTestApp('sqlite', {}, { handle, drop: () => handle.close() });
    const bankOrg = await t.buildOrganisation({ name: 'Lotus Bank', type: 'bank', country: 'TH' });
    people.asker = (await t.buildUser(bankOrg, 'investigator')).email;
    bank = await t.signIn(people.asker);
    holderOrg = await t.buildOrganisation({ name: 'CCIB', type: 'law_enforcement', country: 'TH' });
    const analyst = (await t.buildUser(holderOrg, 'analyst')).email;
    holderAnalyst = await t.signIn(analyst);
    people.holder = analyst.toUpperCase(); // emails are matched as the sign-in matches them
    people.holderViewer = (await t.buildUser(holderOrg, 'viewer')).email;
    people.stranger = (await t.buildUser(await t.buildOrganisation({ name: 'Straits Bank', type: 'bank', country: 'MY' }), 'admin')).email;
  }, 60_000);
  afterAll(async () => {
    await t?.close();
    process.env = saved;
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('lists the requests made and those received, as tables and as the API’s JSON', async () => {
    const id = await ask('+66812340601');
    const incoming = await runGpos('access-requests', 'list', '--incoming', '--as', people.holder);
    expect(incoming.code, incoming.err).toBe(0);
    const [header, row] = incoming.out.split('\n');
    expect(header).toMatch(/^ID +Status +Requester +About +Reports +Reason +Created at$/);
    expect(row).toContain(id);
    expect(row).toMatch(/pending +Lotus Bank \(Bank, TH\) +Phone number \+66 81 234 0601 +1 +a customer paid this number: case 2026\/31 +\d{4}-\d\d-\d\d \d\d:\d\d UTC$/);

    const json = JSON.parse((await runGpos('access-requests', 'list', '--incoming', '--as', people.holder, '--json')).out) as { items: { id: string; requester: { name: string } }[]; nextCursor: string | null };
    expect(json.items.find((r) => r.id === id)).toMatchObject({ requester: { name: 'Lotus Bank' } });
    expect(json.nextCursor).toBeNull();

    const outgoing = JSON.parse((await runGpos('access-requests', 'list', '--as', people.asker, '--status', 'pending', '--json')).out) as { items: { id: string; holders: unknown[]; answers: unknown[] }[] };
    expect(outgoing.items.find((r) => r.id === id)).toMatchObject({ holders: [{ organisationType: 'law_enforcement', country: 'TH' }], answers: [] });
    expect((await runGpos('access-requests', 'list', '--as', people.asker)).out).toMatch(new RegExp(`${id} +pending +Phone number \\+66 81 234 0601 +Law enforcement \\(TH\\)`));
    // Another organisation sees neither side of it.
    expect((await runGpos('access-requests', 'list', '--incoming', '--as', people.stranger)).out).toBe('(none)\n');
  });

  it('answers a request made to the organisation once, with the API’s rules and refusals', async () => {
    const id = await ask('+66812340602');
    // Another organisation's admin: to it, the request does not exist (exit 4, a message, no crash).
    const stranger = await runGpos('access-requests', 'answer', id, '--as', people.stranger, '--refuse', '--note', 'not ours to answer at all');
    expect(stranger.code).toBe(EXIT.NOT_FOUND);
    expect(stranger.err).toBe(`Access request ${id} was not found\n`);
    // A viewer of the holder may not answer for it; the note's rule is the API's; say which answer.
    const viewer = await runGpos('access-requests', 'answer', id, '--as', people.holderViewer, '--refuse', '--note', 'not without a court order');
    expect(viewer.code).toBe(EXIT.REFUSED);
    expect(viewer.err).toBe(`--as: this person is a viewer, who may not answer the access requests made to their organisation (its admins and analysts may) (got ${JSON.stringify(people.holderViewer)})\n`);
    const short = await runGpos('access-requests', 'answer', id, '--as', people.holder, '--refuse', '--note', 'no');
    expect(short.code).toBe(EXIT.USAGE);
    expect(short.err).toMatch(/^--note: say how you share the reports, or why not/);
    expect((await runGpos('access-requests', 'answer', id, '--as', people.holder, '--note', 'not without a court order')).code).toBe(EXIT.USAGE);
    expect((await runGpos('access-requests', 'answer', id, '--as', people.holder, '--grant', '--refuse', '--note', 'not without a court order')).code).toBe(EXIT.USAGE);

    const refused = await runGpos('access-requests', 'answer', id, '--as', people.holder, '--refuse', '--note', 'not without a court order');
    expect(refused.code, refused.err).toBe(0);
    expect(refused.out).toContain(`Access request ${id} refused: Lotus Bank is told`);
    const again = await runGpos('access-requests', 'answer', id, '--as', people.holder, '--grant', '--note', 'on second thoughts, yes');
    expect(again.code).toBe(EXIT.REFUSED);
    expect(again.err).toMatch(/answered access request .* already \(refused\)/);

    // The requester reads the answer with the holder's name; every holder refused, so the request is refused.
    const outgoing = JSON.parse((await runGpos('access-requests', 'list', '--as', people.asker, '--json')).out) as { items: { id: string; status: string; answers: { organisationName: string; decision: string; note: string }[] }[] };
    expect(outgoing.items.find((r) => r.id === id)).toMatchObject({ status: 'refused', answers: [{ organisationName: 'CCIB', decision: 'refused', note: 'not without a court order' }] });
    const audit = await t.deps.db.selectFrom('audit_events').select(['actor_organisation_id', 'request_id']).where('action', '=', 'access_request.answer').where('target_id', '=', id).execute();
    expect(audit).toEqual([{ actor_organisation_id: holderOrg, request_id: 'cli-access-requests-answer' }]);
  });

  it('grants as JSON, saying a grant shares nothing by itself in text', async () => {
    const id = await ask('+66812340603');
    const granted = await runGpos('access-requests', 'answer', id, '--as', people.holder, '--grant', '--note', 'shared report by report, AMBER+STRICT', '--json');
    expect(granted.code, granted.err).toBe(0);
    expect(JSON.parse(granted.out)).toMatchObject({ id, status: 'granted', answer: { decision: 'granted', note: 'shared report by report, AMBER+STRICT' } });
    const other = await ask('+66812340604');
    const text = await runGpos('access-requests', 'answer', other, '--as', people.holder, '--grant', '--note', 'shared report by report, AMBER+STRICT');
    expect(text.out).toMatch(/Granting shares nothing by itself/);
  });

  it('withdraws a request the organisation made, once; another organisation cannot', async () => {
    const id = await ask('+66812340605');
    expect((await runGpos('access-requests', 'withdraw', id, '--as', people.stranger)).code).toBe(EXIT.NOT_FOUND);
    const withdrawn = await runGpos('access-requests', 'withdraw', id, '--as', people.asker);
    expect(withdrawn.code, withdrawn.err).toBe(0);
    expect(withdrawn.out).toContain(`Access request ${id} withdrawn`);
    expect(withdrawn.out).toMatch(new RegExp(`${id} +withdrawn `));
    const again = await runGpos('access-requests', 'withdraw', id, '--as', people.asker, '--json');
    expect(again.code).toBe(EXIT.REFUSED);
    expect(again.err).toBe(`Access request ${id} was withdrawn already\n`);
    // The holder may no longer answer it.
    expect((await runGpos('access-requests', 'answer', id, '--as', people.holder, '--grant', '--note', 'shared report by report')).code).toBe(EXIT.REFUSED);
  });

  it('asks from the console about the hit handle a lookup gave, as the API asks', async () => {
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/v1/reports',
      headers: holderAnalyst,
      payload: { scamType: 'investment', channel: 'call', victimCountry: 'TH', occurredAt: '2026-02-01T10:00:00Z', marking: { tlp: 'AMBER+STRICT' }, indicators: [{ type: 'phone', value: '+66812340606' }] },
    });
    const handle = (await hitHandlesOf(t.deps.db)).of(created.json().indicators[0].indicatorId as string);
    const short = await runGpos('access-requests', 'ask', '--indicator', handle, '--reason', 'why', '--as', people.asker);
    expect(short.code).toBe(EXIT.USAGE);
    expect(short.err).toMatch(/^--reason: say why you need it/);
    expect((await runGpos('access-requests', 'ask', '--reason', 'a customer paid this number', '--as', people.asker)).code).toBe(EXIT.USAGE);
    expect((await runGpos('access-requests', 'ask', '--indicator', 'nope', '--reason', 'a customer paid this number', '--as', people.asker)).err).toBe('--indicator: is not the hit handle a lookup gives (hit-…) or an indicator id (a UUID) (got "nope")\n');
    // The holder sees every report of it: nothing to ask for, as the API answers (404).
    expect((await runGpos('access-requests', 'ask', '--indicator', handle, '--reason', 'a customer paid this number', '--as', people.holder)).code).toBe(EXIT.NOT_FOUND);
    const unknownNetwork = await runGpos('access-requests', 'ask', '--network', '01a236d3-41cc-739e-a113-6ed0345f7100', '--reason', 'a customer paid this number', '--as', people.asker);
    expect(unknownNetwork.code).toBe(EXIT.NOT_FOUND);

    const asked = await runGpos('access-requests', 'ask', '--indicator', handle, '--reason', 'a customer paid this number', '--as', people.asker, '--json');
    expect(asked.code, asked.err).toBe(0);
    const request = JSON.parse(asked.out) as { id: string; targetId: string; status: string };
    expect(request).toMatchObject({ targetId: handle, status: 'pending' });
    const incoming = JSON.parse((await runGpos('access-requests', 'list', '--incoming', '--as', people.holder, '--json')).out) as { items: { id: string }[] };
    expect(incoming.items.map((r) => r.id)).toContain(request.id);
  });

  it('says an unknown request, a malformed id and an unknown person apart', async () => {
    const unknown = await runGpos('access-requests', 'withdraw', '01a236d3-41cc-739e-a113-6ed0345f7100', '--as', people.asker);
    expect(unknown.code).toBe(EXIT.NOT_FOUND);
    expect(unknown.err).toBe('Access request 01a236d3-41cc-739e-a113-6ed0345f7100 was not found\n');
    const malformed = await runGpos('access-requests', 'answer', 'abc', '--as', people.holder, '--grant', '--note', 'shared report by report');
    expect(malformed.code).toBe(EXIT.USAGE);
    expect(malformed.err).toBe('<id>: is not an access request id (a UUID: see `gpos access-requests list`) (got "abc")\n');
    const nobody = await runGpos('access-requests', 'list', '--as', 'nobody@test.example');
    expect(nobody.code).toBe(EXIT.NOT_FOUND);
    expect(nobody.err).toBe('--as: no user has this email (see `gpos user list`) (got "nobody@test.example")\n');
    const long = await runGpos('access-requests', 'list', '--as', `${'x'.repeat(300)}@test.example`);
    expect(long.code).toBe(EXIT.USAGE);
    // The value quoted, cut as every quote is: the refusal stays one short line.
    expect(long.err).toBe(`--as: an email has at most ${LIMITS.email} characters (got "${'x'.repeat(59)}…")\n`);
  });

  it('checks the list’s own options before the person in --as, as the other lists say them', async () => {
    // A mistyped value is said first (exit 2), whoever --as names: the person who typed both fixes it first.
    for (const incoming of [[], ['--incoming']]) {
      for (const as of ['nobody@test.example', people.holderViewer]) {
        const cases: [string[], RegExp][] = [
          [['--limit', '0'], /^--limit: must be a whole number from 1 to 200 \(got "0"\)\n$/],
          [['--limit', 'ten'], /^--limit: must be a whole number from 1 to 200 \(got "ten"\)\n$/],
          [['--limit', '201'], /^--limit: must be a whole number from 1 to 200 \(got "201"\)\n$/],
          [['--cursor', 'x'.repeat(1000)], /^--cursor: /],
        ];
        for (const [options, said] of cases) {
          const run = await runGpos('access-requests', 'list', ...incoming, '--as', as, ...options);
          expect(run.err, [...incoming, as, ...options].join(' ')).toMatch(said);
          expect(run.code).toBe(EXIT.USAGE);
        }
      }
    }
    // Good values are listed by them; the service's refusal of a cursor it did not hand out names --cursor.
    const one = await runGpos('access-requests', 'list', '--as', people.asker, '--limit', '1', '--json');
    expect(one.code, one.err).toBe(0);
    expect((JSON.parse(one.out) as { items: unknown[] }).items).toHaveLength(1);
    for (const incoming of [[], ['--incoming']]) {
      const as = incoming.length ? people.holder : people.asker;
      const forged = await runGpos('access-requests', 'list', ...incoming, '--as', as, '--cursor', 'bm90IGEgY3Vyc29y');
      expect(forged.err).toBe('--cursor: is not a cursor this list printed (copy the one after "More:" on the page before) (got "bm90IGEgY3Vyc29y")\n');
      expect(forged.code).toBe(EXIT.USAGE);
    }
  });
});
