import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/index.js';
import { runGpos } from '../helpers/run-cli.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';

/**
 * `gpos import` and the web upload page derive the same key for a line without one (lineKey: its line
 * number and content), so a file imported from the console and then uploaded on the web page — or the
 * other way round — is stored once. One SQLite database, as an operator's import beside a running server.
 */
describe('gpos import and a web upload of the same file store it once', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gpos-bulk-keys-cli-'));
  const saved = { ...process.env };
  let t: TestApp;
  let org = '';
  let analyst: Record<string, string>;

  beforeAll(async () => {
    Object.assign(process.env, { DATA_DIR: dataDir, DATABASE_URL: '', LOG_LEVEL: 'silent' });
    expect((await runGpos('migrate')).code).toBe(0);
    const handle = openDatabase({ engine: 'sqlite', file: path.join(dataDir, 'gpos.sqlite') });
    t = await createTestApp('sqlite', {}, { handle, drop: () => handle.close() });
    org = await t.buildOrganisation({ type: 'bank', country: 'TH' });
    // Signed in as the web page is: its uploads are this user's, the console's the organisation's.
    analyst = await t.signIn((await t.buildUser(org, 'analyst')).email);
  }, 60_000);
  afterAll(async () => {
    await t?.close();
    process.env = saved;
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  /** POST /reports/bulk as the web upload page sends a file: whole (it is small), asking for derived keys. */
  const webUpload = async (content: string, type: 'text/csv' | 'application/x-ndjson') => {
    const response = await t.app.inject({ method: 'POST', url: '/api/v1/reports/bulk?keylessLines=derive', headers: { ...analyst, 'content-type': type }, payload: content });
    expect(response.statusCode, response.body).toBe(200);
    const lines = response.body.trim().split('\n').map((l) => JSON.parse(l) as { status?: string; summary?: { accepted: number; duplicates: number; rejected: number } });
    return { statuses: lines.filter((l) => l.status).map((l) => l.status), summary: lines.at(-1)!.summary! };
  };
  const stored = async () => Number((await t.deps.db.selectFrom('reports').select((eb) => eb.fn.countAll().as('n')).where('organisation_id', '=', org).executeTakeFirstOrThrow()).n);
  const write = (name: string, content: string) => {
    const file = path.join(dataDir, name);
    fs.writeFileSync(file, content);
    return file;
  };
  const row = (phone: string) => `job,call,TH,2026-09-02T00:00:00Z,phone:${phone}`;
  const line = (phone: string) => JSON.stringify({ scamType: 'job', channel: 'call', victimCountry: 'TH', occurredAt: '2026-09-01T00:00:00Z', indicators: [{ value: phone }] });

  it('answers duplicate on the web for each line of a CSV file gpos import stored, two identical lines kept as two', async () => {
    const content = `scamType,channel,victimCountry,occurredAt,indicators\r\n${[row('+66814550001'), row('+66814550001'), row('+66814550002')].join('\r\n')}\r\n`;
    const before = await stored();
    const imported = await runGpos('import', write('from-console.csv', content), '--org', org);
    expect(imported.out).toMatch(/^3 lines in .* s: 3 accepted, 0 duplicates, 0 rejected/);
    expect(await webUpload(content, 'text/csv')).toEqual({ statuses: ['duplicate', 'duplicate', 'duplicate'], summary: expect.objectContaining({ accepted: 0, duplicates: 3, rejected: 0 }) });
    expect(await stored()).toBe(before + 3);
  });

  it('says gpos import found stored already each line of an NDJSON file uploaded on the web first', async () => {
    // With a byte order mark and CRLF line ends, as a Windows editor saves it: both read the same lines.
    const content = `\ufeff${[line('+66814550003'), line('+66814550004'), line('+66814550004')].join('\r\n')}\r\n`;
    const before = await stored();
    expect((await webUpload(content, 'application/x-ndjson')).summary).toMatchObject({ accepted: 3, duplicates: 0 });
    const imported = await runGpos('import', write('from-web.ndjson', content), '--org', org);
    expect([imported.code, imported.out]).toEqual([0, expect.stringMatching(/^3 lines in .* s: 0 accepted, 3 duplicates, 0 rejected/)]);
    expect(await stored()).toBe(before + 3);
  });
});
