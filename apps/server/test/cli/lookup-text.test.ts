import type { LookupResult, VisibleIndicator } from '@gpos/contracts';
import { describe, expect, it } from 'vitest';
import { resultText } from '../../src/cli/lookup-text.js';
import { wrapText } from '../../src/cli/text-wrap.js';
import { INDICATOR_STATUS_NAMES, ORGANISATION_TYPE_NAMES, SCAM_TYPE_NAMES } from '../../src/cli/type-names.js';
import { expectCatalogueInLocales } from '../helpers/locale-parity.js';

const indicator = (over: Partial<VisibleIndicator>): VisibleIndicator => ({
  id: '01a23799-9b34-76d9-a86b-8ffd5d83f0b7',
  type: 'phone',
  value: '+66815557001',
  display: '+66 81 555 7001',
  attributes: {},
  status: 'active',
  benign: false,
  widelyShared: false,
  score: 42,
  reports: 2,
  organisations: 1,
  countries: ['TH'],
  scamTypes: ['job', 'romance'],
  roles: ['contact'],
  lossUsd: 0,
  firstSeen: '2026-09-01T00:00:00.000Z',
  lastSeen: '2026-09-03T12:00:00.000Z',
  ...over,
});

const hit = (handle: string, holders: [string, string][]) => ({
  holders: holders.map(([organisationType, country]) => ({ organisationType, country })),
  accessRequest: { method: 'POST' as const, href: `/api/v1/indicators/${handle}/access-requests` },
});

const result = (over: Partial<LookupResult>): LookupResult => ({ input: '+66 81 555 7001', type: 'phone', canonical: '+66815557001', error: null, found: false, indicator: null, hiddenHit: null, related: [], ...over });

/** What `gpos check` prints of one answer: what the lookup page shows of it, in lines that fit a terminal. */
describe('gpos check as text', () => {
  it('says the scam types, first and last seen, and the partners’ further reports of a partly visible hit, with the call that asks them', () => {
    const text = resultText(
      result({ found: true, indicator: indicator({}), hiddenHit: hit('hit-3FqeGIGTP0aZK9Ar1H8EnQ', [['bank', 'MY'], ['law_enforcement', 'TH']]) }),
      null,
    );
    expect(text).toBe(
      [
        '+66 81 555 7001 → phone number +66 81 555 7001 (+66815557001)',
        '    FOUND: active, score 42, 2 reports from 1 organisation, countries TH, loss —',
        '    first seen 2026-09-01, last seen 2026-09-03; scam types: Job / task, Romance',
        '    partners hold more reports you cannot see: Bank (MY), Law enforcement (TH)',
        '    ask them for access: POST /api/v1/indicators/hit-3FqeGIGTP0aZK9Ar1H8EnQ/access-requests with {"reason": "…"}, or gpos access-requests ask --indicator hit-3FqeGIGTP0aZK9Ar1H8EnQ --reason "…" --as <email>',
        '',
      ].join('\n'),
    );
  });

  it('says each implied identifier’s own finding under it, found, hidden in part or not found', () => {
    const text = resultText(
      result({
        input: 'https://pay.partly-lure.com/login',
        type: 'url',
        canonical: 'https://pay.partly-lure.com/login',
        related: [
          { type: 'domain', canonical: 'partly-lure.com', found: true, indicator: indicator({ type: 'domain', value: 'partly-lure.com', display: 'partly-lure.com', reports: 1, scamTypes: ['phishing'], firstSeen: null, lastSeen: null }), hiddenHit: hit('hit-VV8AHhtaduhridanHh76GA', [['bank', 'MY']]) },
          { type: 'social_account', canonical: 'facebook:lure', found: true, indicator: null, hiddenHit: hit('hit-pyCBpr4megWY2pnrUj6kKA', [['platform', 'US']]) },
          { type: 'messaging_account', canonical: 'whatsapp:+66815557009', found: false, indicator: null, hiddenHit: null },
        ],
      }),
      null,
    );
    expect(text.split('\n')).toEqual([
      'https://pay.partly-lure.com/login → URL https://pay.partly-lure.com/login',
      '    not found',
      '    its domain partly-lure.com: FOUND: active, score 42, 1 report from 1 organisation, countries TH, loss —',
      '      first seen —, last seen —; scam types: Phishing',
      '      partners hold more reports you cannot see: Bank (MY)',
      '      ask them for access: POST /api/v1/indicators/hit-VV8AHhtaduhridanHh76GA/access-requests with {"reason": "…"}, or gpos access-requests ask --indicator hit-VV8AHhtaduhridanHh76GA --reason "…" --as <email>',
      '    its social media account facebook:lure: HIT in reports you cannot see, held by Online platform (US)',
      '      ask them for access: POST /api/v1/indicators/hit-pyCBpr4megWY2pnrUj6kKA/access-requests with {"reason": "…"}, or gpos access-requests ask --indicator hit-pyCBpr4megWY2pnrUj6kKA --reason "…" --as <email>',
      '    its messaging account whatsapp:+66815557009: not found',
      '',
    ]);
  });

  it('says a loss as the web app does, to the cent, whole dollars once large, "—" for none', () => {
    const lossLine = (lossUsd: number) => resultText(result({ found: true, indicator: indicator({ lossUsd }) }), null).split('\n')[1];
    expect(lossLine(69866)).toMatch(/, loss US\$698\.66$/);
    expect(lossLine(150_000_000)).toMatch(/, loss US\$1,500,000$/);
    expect(lossLine(0)).toMatch(/, loss —$/);
  });

  it('shows a found identifier as the lookup page does: as the platform writes it, then its canonical value', () => {
    const account = indicator({ type: 'messaging_account', value: 'telegram:scamdesk', display: 'Telegram @scamdesk' });
    const text = resultText(result({ input: 't.me/scamdesk', type: 'messaging_account', canonical: 'telegram:scamdesk', found: true, indicator: account }), null);
    expect(text.split('\n')[0]).toBe('t.me/scamdesk → messaging account Telegram @scamdesk (telegram:scamdesk)');
    const same = resultText(result({ input: 'lure.com', type: 'domain', canonical: 'lure.com', found: true, indicator: indicator({ type: 'domain', value: 'lure.com', display: 'lure.com' }) }), null);
    expect(same.split('\n')[0]).toBe('lure.com → domain lure.com');
  });

  it('names each identifier’s type as the web app does, never by its code', () => {
    const wallet = resultText(result({ input: 'TXyz', type: 'crypto_wallet', canonical: 'tron:TXyz' }), null);
    expect(wallet.split('\n')[0]).toBe('TXyz → crypto wallet tron:TXyz');
    const account = resultText(
      result({ input: 'https://wa.me/66815557009', type: 'messaging_account', canonical: 'whatsapp:+66815557009', related: [{ type: 'phone', canonical: '+66815557009', found: false, indicator: null, hiddenHit: null }] }),
      null,
    );
    expect(account.split('\n')).toEqual(['https://wa.me/66815557009 → messaging account whatsapp:+66815557009', '    not found', '    its phone number +66815557009: not found', '']);
    expect(`${wallet}${account}`).not.toMatch(/crypto_wallet|messaging_account/);
  });

  it('says a rejected value with its reason and hint, an unknown holder kind as its code, and control characters visibly', () => {
    const rejected = result({ input: 'x\u202ey', type: null, canonical: null, error: { field: 'type', reason: 'Could not tell what kind of identifier "x\u202ey" is' } });
    expect(resultText(rejected, 'hint: give --type <type>')).toBe('x<U+202E>y → invalid (Could not tell what kind of identifier "x<U+202E>y" is)\n    hint: give --type <type>\n');
    const newer = resultText(result({ found: true, hiddenHit: hit('hit-T5_4siSLm23Nah7XO4YphQ', [['space_agency', 'XX']]) }), null);
    expect(newer).toContain('    HIT in reports you cannot see, held by space_agency (XX)\n');
  });

  it('wraps to the terminal: every line fits but a long word (the access href), each identifier’s lines under it, "Kind (CC)" never cut', () => {
    const text = wrapText(
      resultText(
        result({
          found: true,
          indicator: indicator({ widelyShared: true, countries: ['KH', 'MY', 'SG', 'TH', 'VN'] }),
          hiddenHit: hit('hit-3FqeGIGTP0aZK9Ar1H8EnQ', [['bank', 'MY'], ['crypto_exchange', 'SG'], ['law_enforcement', 'TH'], ['international_org', 'AT']]),
          related: [{ type: 'phone', canonical: '+66815557001', found: true, indicator: null, hiddenHit: hit('hit-zg_rG9HPc-SRHHFhX67C1w', [['law_enforcement', 'VN']]) }],
        }),
        null,
      ),
      60,
    );
    const lines = text.split('\n').slice(0, -1);
    for (const line of lines) if (/\S\s+\S/.test(line.trim())) expect(line.length, line).toBeLessThanOrEqual(60);
    expect(lines.filter((line) => line.length > 60)).toEqual(['      /api/v1/indicators/hit-3FqeGIGTP0aZK9Ar1H8EnQ/access-requests', '        /api/v1/indicators/hit-zg_rG9HPc-SRHHFhX67C1w/access-requests']);
    expect(text).not.toMatch(/\n\s*\([A-Z]{2}\)/);
    // The value's head goes on at two; its lines start four columns in and go on at six; the implied phone's at six, going on at eight.
    const body = lines.findIndex((line) => line.startsWith('    '));
    expect(lines.slice(1, body).every((line) => /^ {2}\S/.test(line))).toBe(true);
    const related = lines.findIndex((line) => line.startsWith('    its phone'));
    expect(lines.slice(body, related).every((line) => /^ {4}(?: {2})?\S/.test(line))).toBe(true);
    expect(lines.slice(related + 1).every((line) => /^ {6}(?: {2})?\S/.test(line))).toBe(true);
    expect(text.replace(/\n +/g, ' ')).toContain('WIDELY SHARED (far more reports than usual for its type: evidence with other identifiers, not alone)');
  });

  it('says a status as the lookup page does, in a sentence', () => {
    const text = resultText(result({ found: true, indicator: indicator({ status: 'false_positive' }) }), null);
    expect(text).toContain('    FOUND: false positive, score 42,');
    expect(resultText(result({ found: true, indicator: indicator({ status: 'taken_down' }) }), null)).toContain('FOUND: taken down,');
  });

  it('names organisation kinds, scam types and statuses as the web app’s English does, and the Thai locale has each', () => {
    expectCatalogueInLocales('orgTypes', Object.fromEntries(Object.entries(ORGANISATION_TYPE_NAMES).map(([code, name]) => [`orgTypes.${code}`, name])));
    expectCatalogueInLocales('scamTypes', Object.fromEntries(Object.entries(SCAM_TYPE_NAMES).map(([code, name]) => [`scamTypes.${code}`, name])));
    expectCatalogueInLocales('indicatorStatus', Object.fromEntries(Object.entries(INDICATOR_STATUS_NAMES).map(([code, name]) => [`indicatorStatus.${code}`, name])));
  });
});
