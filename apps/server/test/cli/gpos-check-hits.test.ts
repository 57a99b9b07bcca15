import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LookupResult } from '@gpos/contracts';
import { wrapText } from '../../src/cli/text-wrap.js';
import { runGpos } from '../helpers/run-cli.js';

/**
 * `gpos check` says what the lookup page shows (walkthrough as a bank, CLI side): the scam types and dates
 * of the reports the bank may see, the partners' further reports beside them — by kind and country, with
 * the call that asks for them — and the same under each identifier a value implies (a URL's domain).
 * Before, it said the counts only, and a hit only when every report was hidden.
 */
describe('gpos check: what the lookup page shows', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gpos-check-hits-'));
  const saved = { ...process.env };
  const cli = runGpos;
  const orgs = { bank: '', malaysianBank: '', police: '' };

  /** Imports reports as an organisation: GREEN ones for everyone, AMBER+STRICT ones for itself only. */
  const importAs = async (org: string, name: string, reports: { scamType: string; occurredAt: string; tlp: 'GREEN' | 'AMBER+STRICT'; values: string[] }[]) => {
    const file = path.join(dataDir, `${name}.ndjson`);
    const lines = reports.map((r) => JSON.stringify({ scamType: r.scamType, channel: 'sms', victimCountry: 'TH', occurredAt: r.occurredAt, marking: { tlp: r.tlp }, indicators: r.values.map((value) => ({ value })) }));
    fs.writeFileSync(file, `${lines.join('\n')}\n`);
    expect((await cli('import', file, '--org', org)).code).toBe(0);
  };

  beforeAll(async () => {
    Object.assign(process.env, { DATA_DIR: dataDir, DATABASE_URL: '', DEMO_PASSWORD: 'demo password 2025', LOG_LEVEL: 'silent' });
    expect((await cli('demo', '--reports', '0')).code).toBe(0);
    const list = JSON.parse((await cli('org', 'list', '--json')).out) as { id: string; name: string }[];
    const named = (start: string) => list.find((o) => o.name.startsWith(start))!.id;
    Object.assign(orgs, { bank: named('Lotus Commercial Bank'), malaysianBank: named('Straits Harmony Bank'), police: named('Cyber Crime Investigation Bureau') });
    await importAs(orgs.bank, 'bank', [
      { scamType: 'romance', occurredAt: '2026-09-03T08:00:00Z', tlp: 'GREEN', values: ['+66 81 555 7001'] },
      { scamType: 'job', occurredAt: '2026-09-01T08:00:00Z', tlp: 'GREEN', values: ['+66 81 555 7001', 'partly-cli-lure.com'] },
    ]);
    await importAs(orgs.malaysianBank, 'malaysian-bank', [{ scamType: 'investment', occurredAt: '2026-09-05T08:00:00Z', tlp: 'AMBER+STRICT', values: ['+66 81 555 7001', 'partly-cli-lure.com', '+66 81 555 7002'] }]);
    await importAs(orgs.police, 'police', [{ scamType: 'sextortion', occurredAt: '2026-09-06T08:00:00Z', tlp: 'AMBER+STRICT', values: ['+66 81 555 7001', 'partly-cli-lure.com'] }]);
  }, 120_000);
  afterAll(() => {
    process.env = saved;
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  const VALUES = ['+66 81 555 7001', 'https://pay.partly-cli-lure.com/login', '+66 81 555 7002', 'https://pay.never-seen-cli-lure.com/x'];

  it('says, per value and per identifier it implies, the scam types, dates, and partners’ further reports with how to ask', async () => {
    const { results } = JSON.parse((await cli('check', '--org', orgs.bank, '--json', ...VALUES)).out) as { results: LookupResult[] };
    const href = (r: { hiddenHit: LookupResult['hiddenHit'] }) => r.hiddenHit!.accessRequest.href;
    const handle = (r: { hiddenHit: LookupResult['hiddenHit'] }) => /\/indicators\/(hit-[\w-]+)\/access-requests$/.exec(href(r))![1];
    const check = await cli('check', '--org', orgs.bank, ...VALUES);
    expect(check.code).toBe(0);
    // All of it, wrapped to 100 columns as it is when piped (lookup-text.test.ts says how lines wrap).
    expect(check.out).toBe(
      wrapText(
        [
          '+66 81 555 7001 → phone number +66 81 555 7001 (+66815557001)',
          `    FOUND: active, score ${results[0]!.indicator!.score}, 2 reports from 1 organisation, countries TH, loss —`,
          '    first seen 2026-09-01, last seen 2026-09-03; scam types: Job / task, Romance',
          '    partners hold more reports you cannot see: Bank (MY), Law enforcement (TH)',
          `    ask them for access: POST ${href(results[0]!)} with {"reason": "…"}, or gpos access-requests ask --indicator ${handle(results[0]!)} --reason "…" --as <email>`,
          'https://pay.partly-cli-lure.com/login → URL https://pay.partly-cli-lure.com/login',
          '    not found',
          `    its domain partly-cli-lure.com: FOUND: active, score ${results[1]!.related[0]!.indicator!.score}, 1 report from 1 organisation, countries TH, loss —`,
          '      first seen 2026-09-01, last seen 2026-09-01; scam types: Job / task',
          '      partners hold more reports you cannot see: Bank (MY), Law enforcement (TH)',
          `      ask them for access: POST ${href(results[1]!.related[0]!)} with {"reason": "…"}, or gpos access-requests ask --indicator ${handle(results[1]!.related[0]!)} --reason "…" --as <email>`,
          '+66 81 555 7002 → phone number +66815557002',
          '    HIT in reports you cannot see, held by Bank (MY)',
          `    ask them for access: POST ${href(results[2]!)} with {"reason": "…"}, or gpos access-requests ask --indicator ${handle(results[2]!)} --reason "…" --as <email>`,
          'https://pay.never-seen-cli-lure.com/x → URL https://pay.never-seen-cli-lure.com/x',
          '    not found',
          '    its domain never-seen-cli-lure.com: not found',
          '',
        ].join('\n'),
        100,
      ),
    );
    // Nothing of the hidden reports themselves: their scam types, dates or the holders' names.
    expect(check.out).not.toMatch(/Investment|Sextortion|2026-09-0[56]|Straits|Cyber Crime/);
    // The hrefs are the hit handles the API gives, never the indicators' ids.
    expect(href(results[0]!)).toMatch(/^\/api\/v1\/indicators\/hit-[\w-]{22}\/access-requests$/);
    expect(check.out).not.toContain(results[0]!.indicator!.id);
  });

  it('prints the lines that fit a terminal, and the API’s answer with --json', async () => {
    const check = await cli('check', '--org', orgs.bank, ...VALUES);
    for (const line of check.out.split('\n')) if (/\S\s+\S/.test(line.trim())) expect(line.length, line).toBeLessThanOrEqual(100);
    const { results } = JSON.parse((await cli('check', '--org', orgs.bank, '--json', VALUES[0]!)).out) as { results: LookupResult[] };
    expect(results[0]).toMatchObject({ found: true, indicator: { reports: 2, scamTypes: ['job', 'romance'] }, hiddenHit: { holders: [{ organisationType: 'bank', country: 'MY' }, { organisationType: 'law_enforcement', country: 'TH' }] } });
  });
});
