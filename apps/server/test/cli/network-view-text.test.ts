import { readFileSync } from 'node:fs';
import type { NetworkDetail } from '@gpos/contracts';
import { describe, expect, it } from 'vitest';
import { HISTORY_CAUSE_NAMES, HISTORY_KIND_NAMES } from '../../src/cli/network-history-text.js';
import { detailText, pathText, summaryText, wrapText as wrapNetworkText } from '../../src/cli/network-view-text.js';
import { wrapLine, wrapText } from '../../src/cli/text-wrap.js';
import { INDICATOR_TYPE_NAMES } from '../../src/cli/type-names.js';
import { expectCatalogueInLocales } from '../helpers/locale-parity.js';

type HistoryEvent = NetworkDetail['history'][number];

const event = (over: Partial<HistoryEvent>): HistoryEvent => ({
  id: '01a236e8-0000-7000-8000-000000000000',
  kind: 'merge',
  indicatorId: '01a236e8-0000-7000-8000-0000000000aa',
  indicatorDisplay: 'Telegram @leofinance',
  cause: 'shared_indicator',
  reason: 'shares an identifier',
  actor: null,
  at: '2026-11-02T10:00:00.000Z',
  indicatorType: 'messaging_account',
  undoes: null,
  undoneBy: null,
  undoable: false,
  undone: false,
  splitInto: [],
  pieces: null,
  decisionRefused: null,
  ...over,
});

const network = (over: Partial<NetworkDetail>): NetworkDetail =>
  ({
    id: '01a236e8-79ed-7792-9792-598137e38bb7',
    score: 12.25,
    reports: 39,
    indicators: 46,
    indicatorsByType: { phone: 8 },
    victimCountries: ['TH'],
    reportingOrganisations: 3,
    reportingCountries: ['TH'],
    scamTypes: ['job'],
    lossUsdTotal: 0,
    lossUsdMedian: 0,
    firstActivity: null,
    lastActivity: null,
    growth7d: 0,
    growth30d: 0,
    crossBorder: false,
    activity: [],
    labelIndicator: null,
    hidden: { reports: 0, organisations: 0, holders: [], accessRequest: null },
    keyIndicators: [],
    countryCounts: [],
    history: [],
    ...over,
  }) as NetworkDetail;

/** What `gpos networks list|show` prints for people: lines that fit a terminal, lists that say when they are cut. */
describe('networks as text', () => {
  // Review D2: cross-border counts victim and reporting countries together; the line read "victims in TH
  // (cross-border)" for Thai victims reported from Cambodia, which says the opposite.
  it('says what makes a network cross-border: the reporting countries when the victims are not', () => {
    const line = (over: Partial<NetworkDetail>) => summaryText(network(over), 1).split('\n')[3];
    expect(line({ victimCountries: ['TH'], reportingCountries: ['KH'], crossBorder: true })).toBe('     victims in TH, reported from KH (cross-border)');
    expect(line({ victimCountries: ['TH'], reportingCountries: ['KH', 'TH'], crossBorder: true })).toBe('     victims in TH, reported from KH TH (cross-border)');
    expect(line({ victimCountries: ['TH', 'VN'], reportingCountries: ['TH'], crossBorder: true })).toBe('     victims in TH VN (cross-border)');
    expect(line({ victimCountries: ['TH'], reportingCountries: ['TH'], crossBorder: false })).toBe('     victims in TH');
  });

  it('wraps a long line at spaces, the rest indented under it, never inside "kind (country)" or a long word', () => {
    const holders = Array.from({ length: 9 }, (_, i) => `law_enforcement (${String.fromCharCode(65 + i)}X)`).join(', ');
    const lines = wrapLine(`     21 more reports from 9 partner organisations you cannot see: ${holders}`, 60);
    expect(lines[0]).toBe('     21 more reports from 9 partner organisations you cannot');
    for (const line of lines.slice(1)) expect(line).toMatch(/^ {7}\S/);
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(60);
    expect(lines.join(' ').replace(/ +/g, ' ')).toBe(` 21 more reports from 9 partner organisations you cannot see: ${holders}`);
    expect(lines.join('\n')).not.toMatch(/law_enforcement\n/);

    const url = `https://pay.example/${'a'.repeat(120)}`;
    expect(wrapLine(`  url ${url}  4 reports`, 60)).toEqual(['  url', `    ${url}`, '    4 reports']);
    expect(wrapText('short\n\nline\n', 60)).toBe('short\n\nline\n');
  });

  it('says how many history items it left out, and that --json has them all', () => {
    const item = (i: number) => ({
      id: `01a236e8-0000-7000-8000-${String(i).padStart(12, '0')}`,
      kind: 'merge' as const,
      // Each through its own identifier: merges through one identifier, one after another, are one line.
      indicatorId: `01a236e8-0000-7000-9000-${String(i).padStart(12, '0')}`,
      indicatorDisplay: `+66 81 234 ${String(i).padStart(4, '0')}`,
      cause: 'shared_indicator',
      reason: 'shares an identifier',
      actor: null,
      // Newest first, as the API gives them.
      at: `2026-11-${String(22 - i).padStart(2, '0')}T10:00:00.000Z`,
      undone: false,
      splitInto: [],
      pieces: null,
      decisionRefused: null,
      indicatorType: 'phone' as const,
      undoes: null,
      undoneBy: null,
      undoable: false,
    });
    const detail = network({ history: Array.from({ length: 22 }, (_, i) => item(i)) });
    const text = detailText(detail);
    expect(text).toContain('  2026-11-08 10:00:00  Merged 2 networks into one: +66 81 234 0014 — Reports share an identifier\n');
    expect(text).not.toContain('+66 81 234 0015');
    expect(text.endsWith('  … and 7 more (--json has them all)\n')).toBe(true);
    expect(detailText({ ...detail, history: detail.history.slice(0, 15) })).not.toContain('more (--json');
  });

  // Walk of issue 4 (session netwalk): `gpos networks list/show/path` printed `law_enforcement (US)`,
  // `crypto_wallet`, `investment, romance`, `no_link` and eight lines of "merge into 2" for one undo, where the
  // web page and `gpos check` say names.
  it('names partners’ kinds, identifier types and scam types as the web page does, never by their codes', () => {
    const summary = summaryText(
      network({
        labelIndicator: { id: '01a236e8-0000-7000-8000-0000000000bb', type: 'crypto_wallet', display: 'TWy6b12x3A4AQCjxPFtQqGuLzHbJR4CwZ6' },
        hidden: {
          reports: 7,
          organisations: 3,
          holders: [
            { organisationType: 'telco', country: 'PH' },
            { organisationType: 'law_enforcement', country: 'US' },
            { organisationType: 'newer_kind', country: 'FR' },
          ],
          accessRequest: { method: 'POST', href: '/api/v1/networks/01a236e8-79ed-7792-9792-598137e38bb7/access-requests' },
        },
      }),
      1,
    );
    expect(summary).toContain('     around crypto wallet TWy6b12x3A4AQCjxPFtQqGuLzHbJR4CwZ6\n');
    expect(summary.replace(/\u00a0/g, ' ')).toContain('7 more reports from 3 partner organisations you cannot see: Telecom operator (PH), Law enforcement (US), newer_kind (FR)\n');
    // Where to ask, as `gpos check` says it: the call the page's Request access button makes.
    expect(summary).toContain('     ask them for access: POST /api/v1/networks/01a236e8-79ed-7792-9792-598137e38bb7/access-requests with {"reason": "…"}, or gpos access-requests ask --network 01a236e8-79ed-7792-9792-598137e38bb7 --reason "…" --as <email>\n');
    // Wrapped, a kind's name stays whole on its line ("Law" ended one line, "enforcement (KH)" began the next).
    const many = summaryText(
      network({
        hidden: {
          reports: 26,
          organisations: 9,
          holders: ['AT', 'CN', 'FR', 'JP', 'KH', 'KR', 'SG', 'VN', 'TH'].map((country, i) => ({ organisationType: i % 3 === 0 ? 'fiu' : 'law_enforcement', country })),
          accessRequest: null,
        },
      }),
      1,
    );
    const wrapped = wrapNetworkText(many);
    expect(wrapped.split('\n').length).toBeGreaterThan(many.split('\n').length);
    expect(wrapped).not.toMatch(/(Law|Financial|intelligence)\n/);
    expect(wrapped).not.toContain('\u00a0');
    expect(wrapped.replace(/\n +/g, ' ')).toBe(many.replace(/\u00a0/g, ' ').replace(/\n +/g, ' '));
    expect(summaryText(network({ labelIndicator: { id: '01a236e8-0000-7000-8000-0000000000bb', type: 'url', display: 'https://pay.example/x' } }), 1)).toContain(
      '     around URL https://pay.example/x\n',
    );

    const detail = detailText(
      network({
        scamTypes: ['investment', 'parcel', 'tech_support'],
        keyIndicators: [
          { id: '01a236e8-0000-7000-8000-0000000000c1', type: 'social_account', display: 'Facebook @yuki', reports: 36, countries: ['TH', 'VN'], decisionRefused: null },
          { id: '01a236e8-0000-7000-8000-0000000000c2', type: 'ip', display: '203.0.113.9', reports: 4, countries: ['TH'], decisionRefused: null },
        ],
      }),
    );
    expect(detail).toContain('     scam types Investment, Parcel / delivery, Tech support;');
    expect(detail).toContain('  Social media account  Facebook @yuki  36 reports, victims in TH VN\n');
    expect(detail).toContain('  IP address            203.0.113.9  4 reports, victims in TH\n');
    expect(detailText(network({}))).toContain('Key identifiers (most reports first):\n  none: no identifier joins two of its reports you see\n');
    expect(detail).not.toMatch(/social_account|tech_support|investment/);

    const path = pathText([
      { kind: 'report', id: '01a237b3-aa7a-73e7-8bba-04d0f86cb5b2', label: 'romance · VN · 2026-05-03', detail: 'VN' },
      { kind: 'indicator', id: '01a237b3-aa81-7068-b12a-fde05f68cc70', label: 'Facebook @yuki', detail: 'social_account' },
      { kind: 'report', id: '01a237b3-ad19-70c1-a7d5-acc31e47ce93', label: 'job · US · 2026-09-01', detail: 'US' },
    ]);
    expect(path).toBe(
      '  1. report 01a237b3-aa7a-73e7-8bba-04d0f86cb5b2  Romance · VN · 2026-05-03\n' +
        '  2.   shares social media account Facebook @yuki\n' +
        '  3. report 01a237b3-ad19-70c1-a7d5-acc31e47ce93  Job / task · US · 2026-09-01\n',
    );
  });

  it('tells a decision, its split and its undo as the web page’s history does: runs of merges as one line', () => {
    const pieces = ['01a2340d-0c00-71d7-851c-4ad31409ffd5', '01a2340d-0c00-7dfb-9db2-d94ba4664ece'];
    const history: HistoryEvent[] = [
      event({ id: '01a236e8-0000-7000-8000-000000000001', kind: 'no_link', cause: 'analyst', reason: 'A bank’s public hotline.', actor: 'SL-CCIB', at: '2026-11-02T10:00:00.000Z', undone: true }),
      event({ id: '01a236e8-0000-7000-8000-000000000002', kind: 'split', cause: 'no_link', reason: 'no link', at: '2026-11-02T10:00:00.100Z', undone: true, pieces: 9, splitInto: pieces }),
      event({ id: '01a236e8-0000-7000-8000-000000000003', kind: 'undo', cause: 'analyst', reason: 'Their own line after all.', actor: 'SL-CCIB', at: '2026-11-02T10:05:00.000Z' }),
      // The undo rejoins the nine pieces: one merge of 2 per piece absorbed.
      ...Array.from({ length: 8 }, (_, i) => event({ id: `01a236e8-0000-7000-8000-00000000001${i}`, kind: 'merge', cause: 'decision_undone', reason: 'decision undone', at: '2026-11-02T10:05:00.200Z', pieces: 2 })),
    ];
    const text = detailText(network({ history }));
    const lines = text.slice(text.indexOf('History (newest first):\n')).split('\n');
    for (const line of lines) expect(line.length, line).toBeLessThanOrEqual(100);
    // Unwrapped (a wrapped line goes on two columns further in than it starts), as a person reads them.
    expect(lines.join('\n').replace(/\n( {4}| {8})(?=\S)/g, ' ')).toBe(
      'History (newest first):\n' +
        '  2026-11-02 10:05:00  Merged 9 networks into one: Telegram @leofinance — A “does not link” decision was undone\n' +
        '  2026-11-02 10:05:00  Decision undone: Telegram @leofinance, by SL-CCIB — “Their own line after all.”\n' +
        '  2026-11-02 10:00:00  Split into 9 networks: Telegram @leofinance (withdrawn) — The identifier was marked as not linking\n' +
        `      the other networks it made: ${pieces.join(', ')}\n` +
        '  2026-11-02 10:00:00  Does not link: Telegram @leofinance, by SL-CCIB (withdrawn) — “A bank’s public hotline.”\n',
    );
    expect(text).not.toMatch(/no_link|merge into|decision undone\\n/);
  });

  it('says those names as the web app’s English locale does, and the Thai locale has each', () => {
    expectCatalogueInLocales('indicatorTypes', Object.fromEntries(Object.entries(INDICATOR_TYPE_NAMES).map(([code, name]) => [`indicatorTypes.${code}`, name])));
    const locale = (name: string) => JSON.parse(readFileSync(new URL(`../../../web/src/i18n/locales/${name}.json`, import.meta.url), 'utf8')) as { networks: { history: { kinds: object; causes: object } } };
    const [en, th] = [locale('en').networks.history, locale('th').networks.history];
    expect(en.kinds).toEqual(HISTORY_KIND_NAMES);
    expect(Object.keys(th.kinds).sort()).toEqual(Object.keys(HISTORY_KIND_NAMES).sort());
    // The web says `analyst` too (a person's decision); the console quotes the person's words instead.
    const { analyst, ...causes } = en.causes as Record<string, string>;
    expect(analyst).toEqual(expect.any(String));
    expect(causes).toEqual(HISTORY_CAUSE_NAMES);
  });
});
