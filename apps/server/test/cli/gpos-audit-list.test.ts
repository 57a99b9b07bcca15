import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AuditEvent } from '@gpos/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/index.js';
import { EXIT } from '../../src/cli/cli-support.js';
import { runGpos } from '../helpers/run-cli.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';

/**
 * `gpos audit list` (the trail as the secretariat reads it, with the API's filters) and `gpos user set-role`
 * (the API's role change from the console), on the database a running server uses.
 */
describe('gpos audit list and gpos user set-role', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gpos-audit-cli-'));
  const saved = { ...process.env };
  let t: TestApp;
  let bank = '';
  let police = '';
  let analyst = { id: '', email: '' };
  let policeAdmin = { id: '', email: '' };

  beforeAll(async () => {
    Object.assign(process.env, { DATA_DIR: dataDir, DATABASE_URL: '', LOG_LEVEL: 'silent' });
    expect((await runGpos('migrate')).code).toBe(0);
    const handle = openDatabase({ engine: 'sqlite', file: path.join(dataDir, 'gpos.sqlite') });
    t = await createTestApp('sqlite', {}, { handle, drop: () => handle.close() });
    bank = await t.buildOrganisation({ name: 'Lotus Bank', type: 'bank', country: 'TH' });
    police = await t.buildOrganisation({ name: 'Cyber Police', type: 'law_enforcement', country: 'KH' });
    analyst = await t.buildUser(bank, 'analyst');
    policeAdmin = await t.buildUser(police, 'admin');
  }, 60_000);
  afterAll(async () => {
    await t?.close();
    process.env = saved;
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it("changes a person's role as the API does: audited as the console's act on their organisation, their sessions ended", async () => {
    const session = await t.signIn(analyst.email);
    const changed = await runGpos('user', 'set-role', analyst.email.toUpperCase(), 'investigator');
    expect(changed).toMatchObject({ code: 0, out: `${analyst.email} is now investigator (was analyst)\n` });
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: session })).statusCode).toBe(401);
    const again = await runGpos('user', 'set-role', analyst.email, 'investigator', '--json');
    expect(again.code).toBe(0);
    expect(JSON.parse(again.out)).toMatchObject({ id: analyst.id, role: 'investigator' });
    const events = await t.deps.db.selectFrom('audit_events').selectAll().where('target_id', '=', analyst.id).where('action', '=', 'user.update').execute();
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ actor_organisation_id: null, subject_organisation_id: bank, request_id: 'cli' });
  });

  it('refuses an unknown role by the argument, an unknown person as not found', async () => {
    const role = await runGpos('user', 'set-role', analyst.email, 'superuser');
    expect(role.code).toBe(EXIT.USAGE);
    expect(role.err).toMatch(/^<role>: .*platform_admin/);
    expect((await runGpos('user', 'set-role', 'nobody@example.org', 'viewer')).code).toBe(EXIT.NOT_FOUND);
  });

  it("lists the trail newest first, an organisation's with what was done to it, in an aligned table and as the API's JSON", async () => {
    await runGpos('user', 'set-role', policeAdmin.email, 'analyst');
    const table = await runGpos('audit', 'list', '--org', bank);
    expect(table.code).toBe(0);
    const [header, ...lines] = table.out.trimEnd().split('\n');
    expect(header).toMatch(/^Time +Action +Actor +Organisation +Concerns +Target$/);
    expect(lines[0]).toMatch(new RegExp(`^\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2} UTC +user\\.update +console +Lotus Bank +user ${analyst.id}$`));
    expect(table.out).not.toContain(policeAdmin.id);
    // The columns line up: each starts where its title does.
    expect(lines[0]!.indexOf('user.update')).toBe(header!.indexOf('Action'));

    const json = await runGpos('audit', 'list', '--org', police, '--action', 'user.update', '--json');
    const page = JSON.parse(json.out) as { items: AuditEvent[]; nextCursor: string | null };
    expect(page.items).toHaveLength(1);
    expect(page.items[0]).toMatchObject({ subjectOrganisationId: police, targetId: policeAdmin.id, seq: expect.any(Number) });
    expect(page.nextCursor).toBeNull();
  });

  it("records an import the console made for an organisation in that organisation's trail, as the console's act", async () => {
    const file = path.join(dataDir, 'one-report.ndjson');
    fs.writeFileSync(file, `${JSON.stringify({ scamType: 'investment', channel: 'call', victimCountry: 'TH', occurredAt: '2026-11-01T10:00:00Z', indicators: [{ type: 'phone', value: '+66812300091' }] })}\n`);
    expect((await runGpos('import', file, '--org', bank)).code).toBe(0);
    const json = await runGpos('audit', 'list', '--org', bank, '--action', 'report.bulk_ingest', '--json');
    const page = JSON.parse(json.out) as { items: AuditEvent[] };
    expect(page.items).toEqual([expect.objectContaining({ actorOrganisationId: bank, actorUserId: null, actorApiKeyId: null, requestId: 'cli-import:one-report.ndjson' })]);
    const table = await runGpos('audit', 'list', '--org', bank, '--action', 'report.bulk_ingest');
    expect(table.out.trimEnd().split('\n')[1]).toMatch(/ report\.bulk_ingest +console +Lotus Bank /);
  });

  it("never takes the console's request ids from an HTTP client", async () => {
    for (const given of ['cli', 'cli-import:x.csv']) {
      const response = await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { 'x-request-id': given } });
      expect(response.headers['x-request-id']).not.toBe(given);
    }
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { 'x-request-id': 'client-42' } })).headers['x-request-id']).toBe('client-42');
  });

  it('pages with --limit and the printed cursor, and filters by day', async () => {
    const first = await runGpos('audit', 'list', '--limit', '1');
    const cursor = /^More: --cursor (\S+)$/m.exec(first.out)?.[1];
    expect(cursor).toBeDefined();
    const second = await runGpos('audit', 'list', '--limit', '1', '--cursor', cursor!, '--json');
    const all = JSON.parse((await runGpos('audit', 'list', '--limit', '2', '--json')).out) as { items: AuditEvent[] };
    expect((JSON.parse(second.out) as { items: AuditEvent[] }).items[0]!.id).toBe(all.items[1]!.id);
    const today = new Date().toISOString().slice(0, 10);
    expect(JSON.parse((await runGpos('audit', 'list', '--since', today, '--until', today, '--json')).out).items.length).toBeGreaterThan(0);
    expect(JSON.parse((await runGpos('audit', 'list', '--until', '2000-01-01', '--json')).out).items).toEqual([]);
    expect((await runGpos('audit', 'list', '--until', '2000-01-01')).out).toBe('(none)\n');
  });

  it('refuses bad options by their names, and an organisation that does not exist as not found', async () => {
    const cases: [string[], RegExp][] = [
      [['--limit', '0'], /^--limit: must be a whole number from 1 to \d+ \(got "0"\)/],
      [['--limit', 'ten'], /^--limit: must be a whole number from 1 to \d+ \(got "ten"\)/],
      // Digits only, as the API's `?limit=` reads them: nothing Number() would have read as a number.
      [['--limit', '1e2'], /^--limit: must be a whole number from 1 to 200 \(got "1e2"\)\n$/],
      [['--limit', '0x10'], /^--limit: must be a whole number from 1 to 200 \(got "0x10"\)\n$/],
      [['--limit', '+5'], /^--limit: must be a whole number from 1 to 200 \(got "\+5"\)\n$/],
      [['--limit', '5.0'], /^--limit: must be a whole number from 1 to 200 \(got "5\.0"\)\n$/],
      [['--limit', ''], /^--limit: must be a whole number from 1 to 200\n$/],
      [['--since', '2026-02-30'], /^--since: must be a day \(2026-11-01, UTC\) or an ISO 8601 date-time such as 2026-11-01T08:00:00\+07:00 \(got "2026-02-30"\)\n$/],
      [['--until', 'yesterday'], /^--until: must be a day .* \(got "yesterday"\)\n$/],
      [['--since', '2026-03-02', '--until', '2026-03-01'], /^--since: must be before --until "2026-03-01" \(got "2026-03-02"\)\n$/],
      [['--org', 'lotus'], /^--org: is neither an organisation id nor the short name of one \(see `gpos org list`\) \(got "lotus"\)\n$/],
      // The values are checked before --org is looked up, as `access-requests list` checks its own before --as.
      [['--org', 'lotus', '--limit', '0'], /^--limit: must be a whole number from 1 to \d+ \(got "0"\)/],
      [['--org', '00000000-0000-4000-8000-000000000000', '--limit', '0'], /^--limit: must be a whole number from 1 to \d+ \(got "0"\)/],
      // The schema's refusal, the value quoted and cut as the API quotes it.
      [['--action', 'x'.repeat(1000)], new RegExp(`^--action: .* \\(got "${'x'.repeat(59)}…"\\)\n$`)],
      [['--cursor', 'bm90IGEgY3Vyc29y'], /^--cursor: is not a cursor this list printed \(copy the one after "More:" on the page before\) \(got "bm90IGEgY3Vyc29y"\)\n$/],
    ];
    for (const [args, message] of cases) {
      const result = await runGpos('audit', 'list', ...args);
      expect(result.code, args.join(' ')).toBe(EXIT.USAGE);
      expect(result.err, args.join(' ')).toMatch(message);
    }
    expect((await runGpos('audit', 'list', '--org', '00000000-0000-4000-8000-000000000000')).code).toBe(EXIT.NOT_FOUND);
    // Spaces around the digits are dropped (a value from a script: `--limit "$(wc -l < file)"`), as before.
    const spaced = await runGpos('audit', 'list', '--limit', ' 2 ', '--json');
    expect(spaced.code, spaced.err).toBe(0);
    expect((JSON.parse(spaced.out) as { items: AuditEvent[] }).items).toHaveLength(2);
  });
});
