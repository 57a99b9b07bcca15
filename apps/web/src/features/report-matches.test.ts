import { describe, expect, it } from 'vitest';
import type { LookupResult, Report } from '../api/intel-types';
import { indicatorMatch, knownCount, lookupItems, reportMatches } from './report-matches';

const PHONE = { indicatorId: 'i-phone', type: 'phone' as const, value: '+66971433658', display: '+66 97 143 3658', role: 'contact' as const, benign: false, derivedFrom: null };
const URL = { indicatorId: 'i-url', type: 'url' as const, value: 'https://a.example/x', display: 'https://a.example/x', role: 'landing_page' as const, benign: false, derivedFrom: null };
const DOMAIN = { indicatorId: 'i-domain', type: 'domain' as const, value: 'a.example', display: 'a.example', role: 'landing_page' as const, benign: false, derivedFrom: 1 };

const hit = { holders: [{ organisationType: 'bank', country: 'ID' }], accessRequest: { method: 'POST' as const, href: '/api/v1/indicators/i-phone/access-requests' } };

function result(value: string, type: LookupResult['type'], seen: { id: string; reports: number; organisations: number; countries?: string[] } | null, hiddenHit: LookupResult['hiddenHit'] = null): LookupResult {
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
      firstSeen: null,
      lastSeen: null,
    },
  };
}

describe('what the platform knows of a report’s identifiers', () => {
  it('asks for each identifier once, by canonical value and type', () => {
    expect(lookupItems([PHONE, { ...PHONE, role: 'payment' }, URL, DOMAIN])).toEqual([
      { value: '+66971433658', type: 'phone' },
      { value: 'https://a.example/x', type: 'url' },
      { value: 'a.example', type: 'domain' },
    ]);
  });

  it('leaves the report itself out of "also": another partner in Indonesia', () => {
    const match = indicatorMatch(PHONE, result(PHONE.value, 'phone', { id: 'i-phone', reports: 2, organisations: 2, countries: ['ID', 'TH'] }), true);
    expect(match).toEqual({ kind: 'known', counted: true, otherReports: 1, otherOrganisations: 1, reports: 2, countries: ['ID', 'TH'], hiddenHit: null, widelyShared: false });
  });

  it('other reports of the same organisation only', () => {
    const match = indicatorMatch(PHONE, result(PHONE.value, 'phone', { id: 'i-phone', reports: 3, organisations: 1 }), true);
    expect(match).toMatchObject({ kind: 'known', otherReports: 2, otherOrganisations: 0 });
  });

  it('only this report: new to GPOS; or a hit in reports the viewer may not see', () => {
    expect(indicatorMatch(PHONE, result(PHONE.value, 'phone', { id: 'i-phone', reports: 1, organisations: 1 }), true)).toEqual({ kind: 'new' });
    expect(indicatorMatch(PHONE, result(PHONE.value, 'phone', { id: 'i-phone', reports: 1, organisations: 1 }, hit), true)).toEqual({ kind: 'hiddenOnly', hiddenHit: hit });
    expect(indicatorMatch(PHONE, result(PHONE.value, 'phone', { id: 'i-phone', reports: 2, organisations: 2 }, hit), true)).toMatchObject({ kind: 'known', hiddenHit: hit });
  });

  it('a retracted report no longer counts: every visible report is another one', () => {
    expect(indicatorMatch(PHONE, result(PHONE.value, 'phone', { id: 'i-phone', reports: 1, organisations: 1 }), false)).toMatchObject({ kind: 'known', counted: false, otherReports: 1, otherOrganisations: 1 });
    expect(indicatorMatch(PHONE, result(PHONE.value, 'phone', null), false)).toEqual({ kind: 'none' });
  });

  it('says nothing when the answer is about another value (never "new" of a known identifier)', () => {
    expect(indicatorMatch(PHONE, undefined, true)).toBeNull();
    expect(indicatorMatch(PHONE, { ...result('+6697143365', 'phone', null) }, true)).toBeNull();
    expect(indicatorMatch(PHONE, { ...result(PHONE.value, null, null), canonical: null, error: { field: 'value', reason: 'bad' } }, true)).toBeNull();
  });

  it('maps the answers back by indicator and counts those known before', () => {
    const report: Pick<Report, 'status' | 'indicators'> = { status: 'active', indicators: [PHONE, { ...PHONE, role: 'payment' }, URL, DOMAIN] };
    const matches = reportMatches(report, [
      result(PHONE.value, 'phone', { id: 'i-phone', reports: 2, organisations: 2 }),
      result(URL.value, 'url', { id: 'i-url', reports: 1, organisations: 1 }),
      result(DOMAIN.value, 'domain', null, hit),
    ]);
    expect([...matches.keys()]).toEqual(['i-phone', 'i-url', 'i-domain']);
    expect(matches.get('i-url')).toEqual({ kind: 'new' });
    expect(knownCount(matches)).toEqual({ known: 2, total: 3 });
    expect(reportMatches(report, undefined).size).toBe(0);
  });
});
