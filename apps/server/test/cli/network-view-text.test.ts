import type { NetworkDetail } from '@gpos/contracts';
import { describe, expect, it } from 'vitest';
import { detailText } from '../../src/cli/network-view-text.js';
import { wrapLine, wrapText } from '../../src/cli/text-wrap.js';

/** What `gpos networks list|show` prints for people: lines that fit a terminal, lists that say when they are cut. */
describe('networks as text', () => {
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
      indicatorId: null,
      indicatorDisplay: `+66 81 234 ${String(i).padStart(4, '0')}`,
      cause: 'shared_indicator',
      reason: 'shares an identifier',
      actor: null,
      at: `2026-11-${String(1 + i).padStart(2, '0')}T10:00:00.000Z`,
      undone: false,
      splitInto: [],
      pieces: null,
      decisionRefused: null,
    });
    const detail: NetworkDetail = {
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
      history: Array.from({ length: 22 }, (_, i) => item(i)),
    } as NetworkDetail;
    const text = detailText(detail);
    expect(text).toContain('  2026-11-15 10:00:00  merge +66 81 234 0014: shares an identifier\n');
    expect(text).not.toContain('+66 81 234 0015');
    expect(text.endsWith('  … and 7 more (--json has them all)\n')).toBe(true);
    expect(detailText({ ...detail, history: detail.history.slice(0, 15) })).not.toContain('more (--json');
  });
});
