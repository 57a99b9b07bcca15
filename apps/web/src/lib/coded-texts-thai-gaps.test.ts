import i18n from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import { ApiError } from '../api/client';
import en from '../i18n/locales/en.json';
import th from '../i18n/locales/th.json';
import { parseBulkMessage } from './bulk';
import { errorMessage, errorTitle, fieldErrorText, translatedFieldError } from './errors';

// errors.ts asks the app's (global) i18next instance whether a code has a translation.
beforeAll(async () => {
  await i18n.init({ resources: { en: { translation: en }, th: { translation: th } }, lng: 'th', fallbackLng: 'en', interpolation: { escapeValue: false } });
});

/** A problem as the server sends it, its English detail beside its code. */
const problem = (status: number, code: string, detail: string, detailCode: string, detailParams: Record<string, string | number> = {}) =>
  new ApiError({ status, code, title: 'x', detail, detailCode, detailParams });

describe('refusals coded since they met Thai readers in English', () => {
  it.each([
    [403, 'forbidden', en.refusal.not_permitted, 'refusal.not_permitted', {}, th.refusal.not_permitted],
    [403, 'forbidden', en.refusal.community_change_owner_only, 'refusal.community_change_owner_only', {}, th.refusal.community_change_owner_only],
    [403, 'forbidden', en.refusal.builtin_warninglist_read_only, 'refusal.builtin_warninglist_read_only', {}, th.refusal.builtin_warninglist_read_only],
    [409, 'conflict', en.refusal.status_decided_taken_down, 'refusal.status_decided_taken_down', {}, th.refusal.status_decided_taken_down],
    [403, 'csrf_failed', 'Cookie-authenticated writes must echo the CSRF token in the x-csrf-token header', 'request.csrf_missing', { header: 'x-csrf-token' }, th.request.csrf_missing.replace('{{header}}', 'x-csrf-token')],
    [404, 'not_found', 'There is no route GET /api/v1/x', 'request.no_route', { method: 'GET', path: '/api/v1/x' }, 'ไม่มีเส้นทาง GET /api/v1/x'],
  ])('says %s %s (%s) in Thai', async (status, code, detail, detailCode, params, thai) => {
    await i18n.changeLanguage('th');
    expect(errorMessage(i18n.t, problem(status, code, detail, detailCode, params))).toBe(thai);
    await i18n.changeLanguage('en');
    // In English a not-found is said by its heading's words (errors.ts), as before it had a code.
    expect(errorMessage(i18n.t, problem(status, code, detail, detailCode, params))).toBe(code === 'not_found' ? en.errors.codes.not_found : detail);
  });

  it('says the coded field errors in Thai: unknown recipients, the loss over the cap, the upload stopped', async () => {
    await i18n.changeLanguage('th');
    expect(fieldErrorText(i18n, { path: 'body.marking.recipientUserIds', message: 'unknown user u1', code: 'refusal.unknown_users', params: { ids: 'u1' } })).toBe('ไม่รู้จักผู้ใช้ u1');
    expect(fieldErrorText(i18n, { path: 'body.loss.amount', message: 'x', code: 'report.loss_over_cap', params: { usd: '12,000,000,000.00', cap: '10,000,000,000.00' } })).toContain('12,000,000,000.00');
    expect(fieldErrorText(i18n, { path: '', message: en.request.upload_stopped, code: 'request.upload_stopped', params: {} })).toBe(th.request.upload_stopped);
  });

  it('reads a bulk answer’s stop line with its code, and says it in Thai', async () => {
    await i18n.changeLanguage('th');
    const message = parseBulkMessage(JSON.stringify({ error: en.request.upload_stopped, code: 'request.upload_stopped', params: {} }));
    expect(message).toEqual({ kind: 'stopped', stop: { path: '', message: en.request.upload_stopped, code: 'request.upload_stopped', params: {} } });
    if (message.kind !== 'stopped') throw new Error('not a stop line');
    expect(fieldErrorText(i18n, message.stop)).toBe(th.request.upload_stopped);
  });
});

describe('refusals coded since they met Thai readers in English: keys, metrics, interchange, streams', () => {
  /** A locale text with its params filled in, as i18next fills them. */
  const fill = (text: string, params: Record<string, string | number>, language = 'en') =>
    Object.entries(params).reduce(
      (said, [name, value]) => said.replaceAll(`{{${name}}}`, String(value)).replaceAll(`{{${name}, number}}`, new Intl.NumberFormat(language).format(Number(value))),
      text,
    );
  const id = '0190a0b0-0000-7000-8000-000000000001';

  it.each([
    [401, 'unauthenticated', 'request', 'authorization_malformed', {}],
    [401, 'unauthenticated', 'request', 'api_key_not_valid', {}],
    [401, 'unauthenticated', 'request', 'sign_in_or_send_key', {}],
    [401, 'unauthenticated', 'request', 'key_header_not_read', { header: 'x-api-key' }],
    [403, 'forbidden', 'request', 'metrics_loopback_or_token', {}],
    [403, 'forbidden', 'request', 'metrics_token_only', {}],
    [409, 'conflict', 'refusal', 'misp_export_retracted', { id }],
    [409, 'conflict', 'refusal', 'stix_imported_meanwhile', { object: 'report--4a1e5b8c-0000-4000-8000-000000000006' }],
    [409, 'conflict', 'refusal', 'stix_corrected_meanwhile', { id, object: 'report--4a1e5b8c-0000-4000-8000-000000000006' }],
    [403, 'forbidden', 'refusal', 'taxii_collection_read_only', { title: 'GPOS GREEN' }],
    [403, 'forbidden', 'refusal', 'taxii_collection_read_only_for_you', { title: 'GPOS GREEN' }],
    [403, 'forbidden', 'refusal', 'taxii_objects_not_deleted', {}],
    [429, 'rate_limited', 'refusal', 'event_streams_full_user', { limit: 10 }],
    [429, 'rate_limited', 'refusal', 'event_streams_full_key', { limit: 10 }],
    [429, 'rate_limited', 'refusal', 'event_streams_full_organisation', { limit: 100 }],
  ] as const)('says %s %s (%s.%s) in Thai, and in the server’s English for an English reader', async (status, code, group, key, params) => {
    const detail = fill((en[group] as Record<string, string>)[key]!, params);
    await i18n.changeLanguage('th');
    const said = errorMessage(i18n.t, problem(status, code, detail, `${group}.${key}`, params));
    expect(said).toBe(fill((th[group] as Record<string, string>)[key]!, params, 'th'));
    expect(said).not.toMatch(/\{\{/);
    await i18n.changeLanguage('en');
    expect(errorMessage(i18n.t, problem(status, code, detail, `${group}.${key}`, params))).toBe(detail);
  });

  it('says a refused MISP export under the plain “refused” heading, not as a race', async () => {
    await i18n.changeLanguage('th');
    expect(errorTitle(i18n.t, problem(409, 'conflict', fill(en.refusal.misp_export_retracted, { id }), 'refusal.misp_export_retracted', { id }))).toBe(th.errors.codes.refused);
  });

  it('heads a STIX import that met a correction meanwhile as the race it is', async () => {
    await i18n.changeLanguage('th');
    const params = { id, object: 'report--4a1e5b8c-0000-4000-8000-000000000006' };
    expect(errorTitle(i18n.t, problem(409, 'conflict', fill(en.refusal.stix_corrected_meanwhile, params), 'refusal.stix_corrected_meanwhile', params))).toBe(th.errors.codes.conflict);
  });

  it('says a bulk upload’s lineOffset without derivation, a coded field error, in Thai', async () => {
    await i18n.changeLanguage('th');
    const entry = { path: 'querystring.lineOffset', message: en.request.line_offset_without_derive, code: 'request.line_offset_without_derive', params: {} };
    expect(fieldErrorText(i18n, entry)).toBe(th.request.line_offset_without_derive);
    const refused = new ApiError({ status: 400, code: 'validation_failed', title: 'x', detail: `querystring.lineOffset: ${en.request.line_offset_without_derive}`, fieldErrors: [entry] });
    expect(errorMessage(i18n.t, refused)).toBe(th.request.line_offset_without_derive);
  });

  it('says beside the marking field, in Thai or English, that a correction of an imported report may not widen it', async () => {
    const params = { marking: 'GREEN', current: 'AMBER+STRICT', sourceNode: 'node-a' };
    const entry = { path: 'marking.tlp', message: 'is GREEN, wider than AMBER+STRICT', code: 'report.marking_wider_than_source', params };
    const refused = new ApiError({ status: 400, code: 'validation_failed', title: 'x', detail: `body.marking.tlp: ${entry.message}`, fieldErrors: [entry] });
    await i18n.changeLanguage('th');
    // The form asks for the field it shows the TLP in (ReportForm, errorFor('marking.tlp')).
    expect(translatedFieldError(i18n, refused, 'marking.tlp')).toBe(th.report.marking_wider_than_source.replace('{{marking}}', 'GREEN').replace('{{current}}', 'AMBER+STRICT').replace('{{sourceNode}}', 'node-a'));
    await i18n.changeLanguage('en');
    expect(translatedFieldError(i18n, refused, 'marking.tlp')).toContain('wider than AMBER+STRICT, the marking of this report from node-a');
    const beyond = { path: 'marking.recipientOrganisationIds', message: 'x', code: 'report.marking_reaches_beyond_source', params: { ...params, marking: 'AMBER+STRICT' } };
    const added = new ApiError({ status: 400, code: 'validation_failed', title: 'x', fieldErrors: [beyond] });
    expect(translatedFieldError(i18n, added, 'marking.recipientOrganisationIds')).toContain('beyond the audience of this report from node-a (AMBER+STRICT)');
  });
});
