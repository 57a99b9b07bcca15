import { describe, expect, it } from 'vitest';
import type { Report } from '@gpos/contracts';
import {
  buildReportInput,
  emptyReportForm,
  namedIndicators,
  newRow,
  occurredAtRefusal,
  reportToForm,
  rowToRaw,
  shareReportPath,
  shareWithParam,
  shareWithStatus,
  toLocalInput,
  withShareRecipient,
} from './report-form';

const base = () => ({
  ...emptyReportForm({ victimCountry: 'TH', currency: 'THB' }),
  occurredAt: '2026-01-31T14:05',
  scamType: 'investment',
  channel: 'messaging_app',
});

describe('report form', () => {
  it('starts with one empty indicator row, AMBER and no date (the analyst says when it happened)', () => {
    const form = emptyReportForm({ victimCountry: 'TH', currency: 'THB' });
    expect(form.occurredAt).toBe('');
    expect(form.tlp).toBe('AMBER');
    expect(form.indicators).toHaveLength(1);
    expect(toLocalInput(new Date(2026, 11, 1, 9, 7))).toBe('2026-12-01T09:07');
  });

  it('builds the API body: minor units, trimmed text, only filled rows and fields', () => {
    const form = {
      ...base(),
      amount: '1,250.50',
      narrative: '  Met on a dating app  ',
      language: 'th',
      externalRef: ' CASE-1 ',
      indicators: [newRow({ value: ' 081-234-5678 ', role: 'contact' as const }), newRow(), newRow({ type: 'bank_account' as const, value: '1234567890', country: 'TH', bankCode: ' BKKBTHBK ' })],
    };
    const { input, errors } = buildReportInput(form, { idempotencyKey: 'key-1' });
    expect(errors).toEqual({});
    expect(input).toMatchObject({
      scamType: 'investment',
      channel: 'messaging_app',
      victimCountry: 'TH',
      loss: { amount: 125050, currency: 'THB' },
      narrative: 'Met on a dating app',
      language: 'th',
      externalRef: 'CASE-1',
      confidence: 50,
      idempotencyKey: 'key-1',
      marking: { tlp: 'AMBER' },
      indicators: [
        { value: '081-234-5678', role: 'contact' },
        { type: 'bank_account', value: '1234567890', country: 'TH', bankCode: 'BKKBTHBK' },
      ],
    });
    expect(input?.occurredAt).toBe(new Date(2026, 0, 31, 14, 5).toISOString());
  });

  it('refuses a date more than a day ahead, or before 1970, as the server does (its code, the value it would quote)', () => {
    const now = new Date(2026, 0, 31, 12, 0).getTime();
    // Within the server's day of tolerance: sent.
    expect(buildReportInput({ ...base(), occurredAt: '2026-02-01T11:59', indicators: [newRow({ value: '0812345678' })] }, { now }).errors).toEqual({});
    const ahead = buildReportInput({ ...base(), occurredAt: '2026-02-01T12:01', indicators: [newRow({ value: '0812345678' })] }, { now });
    expect(ahead.input).toBeNull();
    expect(ahead.errors).toEqual({ occurredAt: { key: 'report.occurred_in_future', value: new Date(2026, 1, 1, 12, 1).toISOString() } });
    const slip = buildReportInput({ ...base(), occurredAt: '0202-01-31T14:05', indicators: [newRow({ value: '0812345678' })] }, { now });
    expect(slip.errors.occurredAt?.key).toBe('report.occurred_before_1970');
    expect(occurredAtRefusal(new Date(now + 86_400_000), now)).toBeNull();
    expect(occurredAtRefusal(new Date(now + 86_400_001), now)).toBe('report.occurred_in_future');
  });

  it('reports what is missing or malformed', () => {
    const { input, errors } = buildReportInput({ ...emptyReportForm({ victimCountry: '', currency: 'JPY' }), occurredAt: '', amount: '10.5' });
    expect(input).toBeNull();
    expect(errors).toEqual({
      scamType: { key: 'required' },
      channel: { key: 'required' },
      victimCountry: { key: 'required' },
      occurredAt: { key: 'required' },
      'loss.amount': { key: 'amount.tooManyDecimals', digits: 0 },
      'indicators.0.value': { key: 'indicatorsRequired' },
    });
  });

  it('marks for a community, named organisations or named people as the TLP requires', () => {
    const rows = [newRow({ value: '+66812345678' })];
    const amber = buildReportInput({ ...base(), indicators: rows, communityId: 'c1', recipientOrganisationIds: ['o1'] }).input;
    expect(amber?.marking).toEqual({ tlp: 'AMBER', communityId: 'c1' });
    const strict = buildReportInput({ ...base(), indicators: rows, tlp: 'AMBER+STRICT', communityId: 'c1', recipientOrganisationIds: ['o1'] }).input;
    expect(strict?.marking).toEqual({ tlp: 'AMBER+STRICT', recipientOrganisationIds: ['o1'] });
    const red = buildReportInput({ ...base(), indicators: rows, tlp: 'RED', redRecipientScope: 'users', recipientUserIds: ['u1'], recipientOrganisationIds: ['o1'] }).input;
    expect(red?.marking).toEqual({ tlp: 'RED', redRecipientScope: 'users', recipientUserIds: ['u1'] });
    const clear = buildReportInput({ ...base(), indicators: rows, tlp: 'CLEAR', communityId: 'c1' }).input;
    expect(clear?.marking).toEqual({ tlp: 'CLEAR' });
  });

  it('maps rows to raw indicators for the live preview', () => {
    expect(rowToRaw(newRow({ value: '   ' }))).toBeNull();
    expect(rowToRaw(newRow({ value: 'scam.example', type: 'domain', country: '' }))).toEqual({ value: 'scam.example', type: 'domain' });
    expect(rowToRaw(newRow({ value: '0x12', chain: 'ETH' }))).toEqual({ value: '0x12', chain: 'ETH' });
  });

  it('prefills a correction from a report, without derived indicators', () => {
    const report = {
      id: 'r1',
      status: 'active',
      version: 1,
      scamType: 'job',
      channel: 'sms',
      victimCountry: 'KH',
      occurredAt: new Date(2026, 1, 2, 3, 4).toISOString(),
      loss: { amount: 5000, currency: 'JPY', usd: 3300 },
      narrative: null,
      language: null,
      confidence: 80,
      externalRef: null,
      organisationId: 'o1',
      marking: { tlp: 'GREEN', communityId: null, recipients: null },
      indicators: [
        { type: 'url', value: 'https://scam.example/x', display: 'https://scam.example/x', indicatorId: 'i1', role: 'landing_page', benign: false, derivedFrom: null },
        { type: 'domain', value: 'scam.example', display: 'scam.example', indicatorId: 'i2', role: 'landing_page', benign: false, derivedFrom: 0 },
      ],
      retraction: null,
      createdAt: '',
      updatedAt: '',
    } satisfies Report;
    const form = reportToForm(report);
    expect(form.recipientOrganisationIds).toEqual([]);
    expect(form.occurredAt).toBe('2026-02-02T03:04');
    expect(form.amount).toBe('5000');
    expect(form.currency).toBe('JPY');
    expect(form.tlp).toBe('GREEN');
    expect(form.indicators.map((r) => [r.type, r.value, r.role])).toEqual([['url', 'https://scam.example/x', 'landing_page']]);
    expect(buildReportInput(form).input?.loss).toEqual({ amount: 5000, currency: 'JPY' });
  });
});

describe('a correction of a shared report', () => {
  it('keeps the recipients the marking names (the owner reads them with the report)', () => {
    const report = {
      id: 'r2',
      status: 'active',
      version: 1,
      scamType: 'job',
      channel: 'sms',
      victimCountry: 'TH',
      occurredAt: new Date(2026, 1, 2, 3, 4).toISOString(),
      loss: null,
      narrative: null,
      language: null,
      confidence: 60,
      externalRef: null,
      organisationId: 'o1',
      marking: { tlp: 'AMBER+STRICT', communityId: null, recipients: { organisationIds: ['o2', 'o3'], userIds: [], redScope: 'users' } },
      indicators: [],
      retraction: null,
      createdAt: '',
      updatedAt: '',
    } satisfies Report;
    const form = reportToForm(report);
    expect(form.tlp).toBe('AMBER+STRICT');
    expect(form.recipientOrganisationIds).toEqual(['o2', 'o3']);
    expect(buildReportInput({ ...form, occurredAt: '2026-02-02T03:04', indicators: [newRow({ value: '0812345678' })] }).input?.marking).toMatchObject({ tlp: 'AMBER+STRICT', recipientOrganisationIds: ['o2', 'o3'] });
  });
});

describe('sharing a report with the organisation that asked for access', () => {
  const REQUESTER = '01a22d3c-ccee-7699-8b6c-6a7852b01216';
  const OTHER = '01a22d3c-ccee-7699-8b6c-000000000002';
  const indicators = [newRow({ value: '0812345678' })];

  it('links to the correction form with the requester in the URL, and reads only an id back', () => {
    const path = shareReportPath('r1', REQUESTER);
    expect(path).toBe(`/reports/r1/correct?shareWith=${REQUESTER}`);
    expect(shareWithParam(new URL(path, 'http://x').searchParams)).toBe(REQUESTER);
    expect(shareWithParam(new URLSearchParams(`shareWith=${REQUESTER.toUpperCase()}`))).toBe(REQUESTER);
    expect(shareWithParam(new URLSearchParams('shareWith=%3Cscript%3E'))).toBeNull();
    expect(shareWithParam(new URLSearchParams(''))).toBeNull();
  });

  it('adds the requester to the recipients of an AMBER+STRICT report, once; saving sends it', () => {
    const form = { ...base(), tlp: 'AMBER+STRICT' as const, recipientOrganisationIds: [OTHER], indicators };
    const shared = withShareRecipient(form, REQUESTER);
    expect(shared.recipientOrganisationIds).toEqual([OTHER, REQUESTER]);
    expect(withShareRecipient(shared, REQUESTER)).toBe(shared);
    expect(shareWithStatus(shared, REQUESTER)).toBe('shared');
    expect(buildReportInput(shared).input?.marking).toEqual({ tlp: 'AMBER+STRICT', recipientOrganisationIds: [OTHER, REQUESTER] });
    // The holder took it out again: the form says the report is then not shared with it.
    expect(shareWithStatus({ ...shared, recipientOrganisationIds: [OTHER] }, REQUESTER)).toBe('removed');
  });

  it('adds it to a RED report addressed to organisations; addressed to people, asks to address organisations', () => {
    const red = withShareRecipient({ ...base(), tlp: 'RED' as const, redRecipientScope: 'organisations' as const, indicators }, REQUESTER);
    expect(shareWithStatus(red, REQUESTER)).toBe('shared');
    expect(buildReportInput(red).input?.marking).toEqual({ tlp: 'RED', redRecipientScope: 'organisations', recipientOrganisationIds: [REQUESTER] });
    const toPeople = withShareRecipient({ ...base(), tlp: 'RED' as const, redRecipientScope: 'users' as const, recipientUserIds: ['u1'], indicators }, REQUESTER);
    expect(shareWithStatus(toPeople, REQUESTER)).toBe('chooseOrganisations');
    // Nothing changes in what is sent until the holder addresses organisations.
    expect(buildReportInput(toPeople).input?.marking).toEqual({ tlp: 'RED', redRecipientScope: 'users', recipientUserIds: ['u1'] });
  });

  it('under AMBER for a community, keeps the requester ready for AMBER+STRICT without changing the marking', () => {
    const amber = withShareRecipient({ ...base(), tlp: 'AMBER' as const, communityId: 'c1', indicators }, REQUESTER);
    expect(shareWithStatus(amber, REQUESTER)).toBe('chooseStrict');
    expect(buildReportInput(amber).input?.marking).toEqual({ tlp: 'AMBER', communityId: 'c1' });
    expect(shareWithStatus({ ...amber, tlp: 'AMBER+STRICT' }, REQUESTER)).toBe('shared');
  });
});

describe('namedIndicators', () => {
  it('drops derived domains, by derivedFrom or, without it, by the hosts of URLs and emails', () => {
    const ind = (type: string, value: string, derivedFrom: number | null = null) => ({ type, value, derivedFrom });
    expect(namedIndicators([ind('url', 'https://www.scam.com/a'), ind('domain', 'scam.com', 0)]).map((i) => i.value)).toEqual(['https://www.scam.com/a']);
    expect(
      namedIndicators([ind('domain', 'scam.com'), ind('phone', '+66812345678'), ind('url', 'https://www.scam.com/a'), ind('email', 'x@fraud.net'), ind('domain', 'fraud.net'), ind('domain', 'other.org')]).map(
        (i) => i.value,
      ),
    ).toEqual(['+66812345678', 'https://www.scam.com/a', 'x@fraud.net', 'other.org']);
  });
});
