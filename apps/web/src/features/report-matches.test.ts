import { describe, expect, it } from 'vitest';
import type { LookupResult, Report } from '../api/intel-types';
import { indicatorMatch, knownCount, lookupItems, reportMatches } from './report-matches';

const PHONE = { indicatorId: 'i-phone', type: 'phone' as const, value: '+66971433658', display: '+66 97 143 3658', role: 'contact' as const, benign: false, derivedFrom: null };
const URL = { indicatorId: 'i-url', type: 'url' as const, value: 'https://a.example/x', display: 'https://a.example/x', role: 'landing_page' as const, benign: false, derivedFrom: null };
const DOMAIN = { indicatorId: 'i-domain', type: 'domain' as const, value: 'a.example', display: 'a.example', role: 'landing_page' as const, benign: false, derivedFrom: 1 };

const hit = { holders: [{ organisationType: 'bank', country: 'ID' }], accessRequest: { method: 'POST' as const, href: '/api/v1/indicators/i-phone/access-requests' } };

function result(
  value: string,
  type: LookupResult['type'],
  seen: { id: string; reports: number; organisations: number; countries?: string[]; firstSeen?: string } | null,
  hiddenHit: LookupResult['hiddenHit'] = null,
): LookupResult {
  return {
    input: value,
    type,
    canonical: value,
    error: null,
    found: seen !== null || hiddenHit !== null,
    hiddenHit,
    related: [],
    indicator: seen && {
      id: seen.id,
      type: type!,
      value,
      display: value,
      attributes: {},
      status: 'active',
      benign: false,
      widelyShared: false,
      score: 50,
      reports: seen.reports,
      organisations: seen.organisations,
      countries: seen.countries ?? ['TH'],
      scamTypes: ['investment'],
      roles: ['contact'],
      lossUsd: 0,
      firstSeen: seen.firstSeen ?? null,
      lastSeen: null,
    },
  };
}

/** This report's scam; the identifier's earliest visible report (firstSeen) is before it unless a test says. */
const OCCURRED = '2026-03-01T10:00:00.000Z';
const BEFORE = '2026-02-01T00:00:00.000Z';
/** Just submitted, active, and opened later: where and what the report is. */
const submitted = { counted: true, justSubmitted: true, occurredAt: OCCURRED };
const opened = { counted: true, justSubmitted: false, occurredAt: OCCURRED };
const retracted = { counted: false, justSubmitted: false, occurredAt: OCCURRED };

describe('what the platform knows of a report’s identifiers', () => {
  it('asks for each identifier once, by canonical value and type', () => {
    expect(lookupItems([PHONE, { ...PHONE, role: 'payment' }, URL, DOMAIN])).toEqual([
      { value: '+66971433658', type: 'phone' },
      { value: 'https://a.example/x', type: 'url' },
      { value: 'a.example', type: 'domain' },
    ]);
  });

  it('leaves the report itself out of "also": another partner in Indonesia', () => {
    const match = indicatorMatch(PHONE, result(PHONE.value, 'phone', { id: 'i-phone', reports: 2, organisations: 2, countries: ['ID', 'TH'], firstSeen: BEFORE }), submitted);
    expect(match).toEqual({ kind: 'known', counted: true, otherReports: 1, otherOrganisations: 1, reports: 2, countries: ['ID', 'TH'], first: false, hiddenHit: null, widelyShared: false });
  });

  it('other reports of the same organisation only', () => {
    const match = indicatorMatch(PHONE, result(PHONE.value, 'phone', { id: 'i-phone', reports: 3, organisations: 1 }), submitted);
    expect(match).toMatchObject({ kind: 'known', otherReports: 2, otherOrganisations: 0 });
  });

  it('only this report: new to GPOS just submitted, the only one so far when opened later; or a hit in reports the viewer may not see', () => {
    const alone = result(PHONE.value, 'phone', { id: 'i-phone', reports: 1, organisations: 1, firstSeen: OCCURRED });
    expect(indicatorMatch(PHONE, alone, submitted)).toEqual({ kind: 'new' });
    expect(indicatorMatch(PHONE, alone, opened)).toEqual({ kind: 'only' });
    expect(indicatorMatch(PHONE, result(PHONE.value, 'phone', { id: 'i-phone', reports: 1, organisations: 1 }, hit), submitted)).toEqual({ kind: 'hiddenOnly', hiddenHit: hit });
    expect(indicatorMatch(PHONE, result(PHONE.value, 'phone', { id: 'i-phone', reports: 2, organisations: 2 }, hit), submitted)).toMatchObject({ kind: 'known', hiddenHit: hit });
  });

  it('an older report that later reports joined is the first of them, not new and not "also"', () => {
    // Every visible report tells of a scam no earlier than this one's (a tie included: this one's is the earliest).
    const joined = result(PHONE.value, 'phone', { id: 'i-phone', reports: 3, organisations: 2, firstSeen: OCCURRED });
    expect(indicatorMatch(PHONE, joined, opened)).toMatchObject({ kind: 'known', first: true, otherReports: 2 });
    // An earlier scam in another report: not the first.
    expect(indicatorMatch(PHONE, result(PHONE.value, 'phone', { id: 'i-phone', reports: 3, organisations: 2, firstSeen: BEFORE }), opened)).toMatchObject({ kind: 'known', first: false });
    // Reports the viewer may not see may be earlier: no claim.
    expect(indicatorMatch(PHONE, { ...joined, hiddenHit: hit }, opened)).toMatchObject({ kind: 'known', first: false });
    // Just submitted, every other report came before it, whatever day its scam was.
    expect(indicatorMatch(PHONE, joined, submitted)).toMatchObject({ kind: 'known', first: false });
    // Retracted: it no longer counts, so it is the first of nothing.
    expect(indicatorMatch(PHONE, joined, retracted)).toMatchObject({ kind: 'known', first: false });
  });

  it('a retracted report no longer counts: every visible report is another one', () => {
    expect(indicatorMatch(PHONE, result(PHONE.value, 'phone', { id: 'i-phone', reports: 1, organisations: 1 }), retracted)).toMatchObject({ kind: 'known', counted: false, otherReports: 1, otherOrganisations: 1 });
    expect(indicatorMatch(PHONE, result(PHONE.value, 'phone', null), retracted)).toEqual({ kind: 'none' });
  });

  it('says nothing when the answer is about another value (never "new" of a known identifier)', () => {
    expect(indicatorMatch(PHONE, undefined, submitted)).toBeNull();
    expect(indicatorMatch(PHONE, { ...result('+6697143365', 'phone', null) }, submitted)).toBeNull();
    expect(indicatorMatch(PHONE, { ...result(PHONE.value, null, null), canonical: null, error: { field: 'value', reason: 'bad' } }, submitted)).toBeNull();
  });

  it('maps the answers back by indicator and counts those known before', () => {
    const report: Pick<Report, 'status' | 'indicators' | 'occurredAt'> = { status: 'active', indicators: [PHONE, { ...PHONE, role: 'payment' }, URL, DOMAIN], occurredAt: OCCURRED };
    const results = [
      result(PHONE.value, 'phone', { id: 'i-phone', reports: 2, organisations: 2, firstSeen: BEFORE }),
      result(URL.value, 'url', { id: 'i-url', reports: 1, organisations: 1, firstSeen: OCCURRED }),
      result(DOMAIN.value, 'domain', null, hit),
    ];
    const matches = reportMatches(report, results, true);
    expect([...matches.keys()]).toEqual(['i-phone', 'i-url', 'i-domain']);
    expect(matches.get('i-url')).toEqual({ kind: 'new' });
    expect(knownCount(matches)).toEqual({ known: 2, total: 3 });
    expect(reportMatches(report, undefined).size).toBe(0);
    // Opened later, the URL is the only one so far.
    expect(reportMatches(report, results).get('i-url')).toEqual({ kind: 'only' });
  });

  it('does not count as known before an identifier this report named first', () => {
    const report: Pick<Report, 'status' | 'indicators' | 'occurredAt'> = { status: 'active', indicators: [PHONE, URL], occurredAt: OCCURRED };
    const matches = reportMatches(report, [
      result(PHONE.value, 'phone', { id: 'i-phone', reports: 2, organisations: 2, firstSeen: OCCURRED }),
      result(URL.value, 'url', { id: 'i-url', reports: 2, organisations: 1, firstSeen: BEFORE }),
    ]);
    expect(knownCount(matches)).toEqual({ known: 1, total: 2 });
  });
});
