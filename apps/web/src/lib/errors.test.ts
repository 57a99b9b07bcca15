import i18n from 'i18next';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { api, ApiError } from '../api/client';
import en from '../i18n/locales/en.json';
import th from '../i18n/locales/th.json';
import { errorMessage, errorTitle, fieldErrorText, listedFieldErrors } from './errors';
import { formatDateTime } from './format';

// errors.ts asks the app's (global) i18next instance whether a code has a translation.
beforeAll(async () => {
  await i18n.init({ resources: { en: { translation: en }, th: { translation: th } }, lng: 'th', fallbackLng: 'en', interpolation: { escapeValue: false } });
});

afterEach(() => vi.unstubAllGlobals());

/** What ErrorAlert shows for the error a request ends in: its heading and its message. */
async function shown(lng: 'en' | 'th', respond: () => Promise<Response>): Promise<{ title: string; message: string }> {
  await i18n.changeLanguage(lng);
  vi.stubGlobal('fetch', vi.fn(respond));
  const error = await api.get('/reports').catch((e: unknown) => e);
  return { title: errorTitle(i18n.t, error), message: errorMessage(i18n.t, error) };
}

const PARSER_TEXT = /JSON|token|Unexpected|position|Bad Gateway|Entity|Failed to fetch/i;

describe('an answer that is not the JSON it should be', () => {
  const cases: [string, () => Promise<Response>, number][] = [
    ['an HTML page with 200', async () => new Response('<!doctype html><p>Sign in</p>', { status: 200, headers: { 'content-type': 'text/html' } }), 200],
    ['a cut-off body', async () => new Response('{"items":[', { status: 200, headers: { 'content-type': 'application/json' } }), 200],
    ['an empty 200', async () => new Response('', { status: 200 }), 200],
    ['a proxy’s 502 page', async () => new Response('<html>502 Bad Gateway</html>', { status: 502, statusText: 'Bad Gateway' }), 502],
    ['a proxy’s 413 page', async () => new Response('<html>413 Request Entity Too Large</html>', { status: 413, statusText: 'Request Entity Too Large' }), 413],
  ];

  it.each(cases)('is said in Thai with its HTTP status: %s', async (_name, respond, status) => {
    const { title, message } = await shown('th', respond);
    expect(title).toBe('เกิดข้อผิดพลาด');
    expect(message).toBe(`อ่านคำตอบของเซิร์ฟเวอร์ไม่ได้ (HTTP ${status}) โปรดลองใหม่ภายหลัง หากยังเกิดขึ้นอีก โปรดแจ้งผู้ดูแลระบบ`);
    expect(`${title} ${message}`).not.toMatch(PARSER_TEXT);
  });

  it.each(cases)('is said in English with its HTTP status: %s', async (_name, respond, status) => {
    const { title, message } = await shown('en', respond);
    expect(title).toBe('Something went wrong');
    expect(message).toBe(`The server's answer could not be read (HTTP ${status}). Please try again later; if it keeps happening, tell your administrator.`);
    expect(`${title} ${message}`).not.toMatch(PARSER_TEXT);
  });
});

describe('a request that never got an answer', () => {
  it.each([['Failed to fetch'], ['NetworkError when attempting to fetch resource.'], ['Load failed']])('is said in the UI’s language, not as “%s”', async (text) => {
    const thai = await shown('th', async () => Promise.reject(new TypeError(text)));
    expect(thai).toEqual({ title: th.errors.network, message: th.errors.network });
    const english = await shown('en', async () => Promise.reject(new TypeError(text)));
    expect(english).toEqual({ title: en.errors.network, message: en.errors.network });
  });
});

describe('errors that are not ApiErrors', () => {
  it('never show their own (English) text', async () => {
    await i18n.changeLanguage('th');
    const parser = new SyntaxError('Unexpected token \'<\', "<!doctype "... is not valid JSON');
    expect(errorTitle(i18n.t, parser)).toBe(th.errors.title);
    expect(errorMessage(i18n.t, parser)).toBe(th.errors.generic);
  });

  it('a problem+json answer is still said by its code and detail', async () => {
    await i18n.changeLanguage('th');
    const error = new ApiError({ status: 429, code: 'rate_limited', title: 'Too Many Requests' });
    expect(errorTitle(i18n.t, error)).toBe(th.errors.codes.rate_limited);
    expect(errorMessage(i18n.t, error)).toBe(th.errors.codes.rate_limited);
  });
});

describe('a record that is not found', () => {
  it('is said in the reader’s language alone, not followed by the server’s English', async () => {
    const respond = async () => new Response(JSON.stringify({ type: 'x', title: 'Not found', status: 404, code: 'not_found', detail: 'Report 01a22cb7 was not found' }), { status: 404, headers: { 'content-type': 'application/problem+json' } });
    const { title, message } = await shown('th', respond);
    expect(title).toBe(th.errors.codes.not_found);
    // Equal to the title, so ErrorAlert shows the one line.
    expect(message).toBe(title);
  });
});

describe('a refusal because partners hold reports the reader cannot see', () => {
  it('is headed as that, not as a race (UX review, session 25)', async () => {
    await i18n.changeLanguage('en');
    const hidden = new ApiError({ status: 409, code: 'conflict', title: 'Conflict', detail: 'Other organisations hold reports…', fieldErrors: [{ path: 'indicator', message: 'x', code: 'sharing.hidden_reports' }] });
    expect(errorTitle(i18n.t, hidden)).toBe('Partners hold reports here that you cannot see');
    const race = new ApiError({ status: 409, code: 'conflict', title: 'Conflict', detail: 'changed meanwhile' });
    expect(errorTitle(i18n.t, race)).toMatch(/someone may have changed it meanwhile/);
  });
});

describe('a refused link decision on a private or reserved address', () => {
  it('is headed as that, not as a race', async () => {
    await i18n.changeLanguage('en');
    const reserved = new ApiError({ status: 409, code: 'conflict', title: 'Conflict', detail: '192.168.1.1 is a private or reserved address…', fieldErrors: [{ path: 'indicator', message: 'x', code: 'linking.reserved_address' }] });
    expect(errorTitle(i18n.t, reserved)).toBe('A private or reserved address never links reports');
    await i18n.changeLanguage('th');
    expect(errorTitle(i18n.t, reserved)).toBe(th.errors.codes.reserved_address);
    await i18n.changeLanguage('en');
  });
});

describe('the platform’s refusals of a JSON document and of a whole bulk upload', () => {
  // As the server answers them (platform/forbidden-keys.ts, modules/reports/bulk-ingest.ts).
  const forbidden = {
    path: 'body.objects.3.__proto__',
    message: 'is refused: a __proto__ key can change the prototype of objects on the server (prototype pollution), so no JSON sent may hold one',
    code: 'json.forbidden_key',
    params: { key: '__proto__' },
  };
  const notUtf8 = { path: 'body', message: 'is UTF-16 (little-endian) text: save the file as UTF-8', code: 'bulk.not_utf8_file', params: { encoding: 'UTF-16 (little-endian)' } };

  it('are said in Thai, keeping the key and the encoding as sent', async () => {
    await i18n.changeLanguage('th');
    expect(fieldErrorText(i18n, forbidden)).toBe('ถูกปฏิเสธ: คีย์ __proto__ เปลี่ยนต้นแบบ (prototype) ของออบเจกต์บนเซิร์ฟเวอร์ได้ (prototype pollution) จึงไม่อนุญาตให้ JSON ที่ส่งมามีคีย์นี้');
    expect(fieldErrorText(i18n, notUtf8)).toBe('เป็นข้อความ UTF-16 (little-endian): บันทึกไฟล์เป็น UTF-8');
    // The summary of a refused request is its first field error, translated.
    const refused = new ApiError({ status: 400, code: 'validation_failed', title: 'Bad Request', detail: `${forbidden.path}: ${forbidden.message}`, fieldErrors: [forbidden] });
    expect(errorMessage(i18n.t, refused)).toBe(fieldErrorText(i18n, forbidden));
  });

  it('are said exactly as the server’s English to an English reader', async () => {
    await i18n.changeLanguage('en');
    expect(fieldErrorText(i18n, forbidden)).toBe(forbidden.message);
    expect(fieldErrorText(i18n, notUtf8)).toBe(notUtf8.message);
    // Only the server's codes: the `bulk` group holds the upload page's own texts too.
    expect(fieldErrorText(i18n, { path: 'body', message: 'English', code: 'bulk.title', params: {} })).toBe('English');
  });
});

describe('the platform’s refusals of text no database stores as sent', () => {
  // As the server answers them (platform/storable-text.ts): a code, and no params.
  const nul = { path: 'body.narrative', message: 'contains a NUL character (U+0000), which no text may hold', code: 'text.nul' };
  const halfCharacter = {
    path: 'body.reason',
    message: 'contains half of a character (a lone UTF-16 surrogate, \\ud800–\\udfff): the text was cut inside a character such as an emoji',
    code: 'text.lone_surrogate',
  };

  it('are said in Thai', async () => {
    await i18n.changeLanguage('th');
    expect(fieldErrorText(i18n, nul)).toBe('มีอักขระ NUL (U+0000) ซึ่งไม่อนุญาตให้มีในข้อความใด ๆ');
    expect(fieldErrorText(i18n, halfCharacter)).toBe('มีอักขระเพียงครึ่งตัว (UTF-16 surrogate ที่ไม่มีคู่ \\ud800–\\udfff): ข้อความถูกตัดกลางอักขระ เช่น อีโมจิ');
    const refused = new ApiError({ status: 400, code: 'validation_failed', title: 'Bad Request', detail: `${nul.path}: ${nul.message}`, fieldErrors: [nul] });
    expect(errorMessage(i18n.t, refused)).toBe(fieldErrorText(i18n, nul));
  });

  it('are said exactly as the server’s English to an English reader, and a code this client does not know as sent', async () => {
    await i18n.changeLanguage('en');
    expect(fieldErrorText(i18n, nul)).toBe(nul.message);
    expect(fieldErrorText(i18n, halfCharacter)).toBe(halfCharacter.message);
    await i18n.changeLanguage('th');
    expect(fieldErrorText(i18n, { path: 'body.x', message: 'English', code: 'text.from_the_future' })).toBe('English');
    await i18n.changeLanguage('en');
  });
});

describe('a report’s refusals beyond its schema (report.*)', () => {
  // As the server answers them (modules/reports/report-refusals.ts).
  const future = { path: 'body.occurredAt', message: 'is in the future (2031-01-05T10:00:00.000Z)', code: 'report.occurred_in_future', params: { value: '2031-01-05T10:00:00.000Z' } };
  const before1970 = { path: 'occurredAt', message: 'is before 1970 (0202-01-05T10:00:00.000Z): check the year', code: 'report.occurred_before_1970', params: { value: '0202-01-05T10:00:00.000Z' } };
  const reused = {
    path: 'idempotencyKey',
    message: 'was used before by your organisation for a different report (report 01a2); nothing was stored. Send this report with a new key, or correct the earlier report',
    code: 'report.idempotency_key_reused',
    params: { reportId: '01a2' },
  };

  it('are said in Thai, in the form’s summary too (not "occurredAt: is in the future")', async () => {
    await i18n.changeLanguage('th');
    // The date as the form's read-back says it, in the reader's calendar and time zone, not the UTC instant (walkthrough, session 58).
    expect(fieldErrorText(i18n, future)).toBe(`เป็นเวลาในอนาคต (${formatDateTime(future.params.value, 'th')})`);
    expect(fieldErrorText(i18n, future)).toMatch(/2574/);
    expect(fieldErrorText(i18n, before1970)).toContain(`1970 (${formatDateTime(before1970.params.value, 'th')})`);
    expect(fieldErrorText(i18n, reused)).toContain('(รายงาน 01a2)');
    const refused = new ApiError({ status: 400, code: 'validation_failed', title: 'Bad Request', detail: `${future.path}: ${future.message}`, fieldErrors: [future] });
    expect(errorMessage(i18n.t, refused)).toBe(`เป็นเวลาในอนาคต (${formatDateTime(future.params.value, 'th')})`);
    await i18n.changeLanguage('en');
  });

  it('are said as the server’s English to an English reader, a date in the reader’s own time', async () => {
    await i18n.changeLanguage('en');
    expect(fieldErrorText(i18n, reused)).toBe(reused.message);
    expect(fieldErrorText(i18n, future)).toBe(`is in the future (${formatDateTime(future.params.value, 'en')})`);
  });
});

describe('the summary of a refused form in English', () => {
  // As the server answers a prefix watch it cannot read (watch-pattern.ts): the form shows it under Pattern.
  const notAccount = {
    path: 'pattern',
    message: '"KASITHBK 20000" is not the start of a stored account: write COUNTRY:BANK:NUMBER (e.g. TH:BKKBTHBK:123) or IBAN:… (e.g. IBAN:DE89)',
    code: 'watch.prefix_not_account',
    params: { value: '"KASITHBK 20000"' },
  };
  const refusedWith = (entry: { path: string; message: string; code?: string; params?: Record<string, string> }) =>
    new ApiError({ status: 400, code: 'validation_failed', title: 'Bad Request', detail: `body.${entry.path}: ${entry.message}`, fieldErrors: [entry] });

  it('gives a coded error alone, as in Thai, not after the field’s name in the code ("pattern: …")', async () => {
    await i18n.changeLanguage('en');
    expect(errorMessage(i18n.t, refusedWith(notAccount))).toBe(notAccount.message);
    await i18n.changeLanguage('th');
    expect(errorMessage(i18n.t, refusedWith(notAccount))).toBe(fieldErrorText(i18n, notAccount));
    expect(fieldErrorText(i18n, notAccount)).not.toContain('pattern:');
    await i18n.changeLanguage('en');
  });

  it('keeps the server’s summary, which names the field, for an error without a code', async () => {
    await i18n.changeLanguage('en');
    expect(errorMessage(i18n.t, refusedWith({ path: 'email', message: 'is already in use' }))).toBe('email: is already in use');
  });
});

describe('a watch or webhook made twice (walkthrough, session 31)', () => {
  // As the server answers a second watch of a range (watch-input.ts): a 409 said by its field.
  const duplicate = new ApiError({
    status: 409,
    code: 'conflict',
    title: 'Conflict',
    detail: 'body.pattern: "081 234" is watched already: your watch "Our range" covers +6681234',
    fieldErrors: [{ path: 'pattern', message: '"081 234" is watched already: your watch "Our range" covers +6681234', code: 'watch.duplicate', params: { value: '"081 234"', name: '"Our range"', pattern: '+6681234' } }],
  });

  it('is headed as already there, not as a race, and said in the reader’s language without the field’s code name', async () => {
    await i18n.changeLanguage('en');
    expect(errorTitle(i18n.t, duplicate)).toBe('It is there already');
    expect(errorMessage(i18n.t, duplicate)).toBe('"081 234" is watched already: your watch "Our range" covers +6681234');
    await i18n.changeLanguage('th');
    expect(errorTitle(i18n.t, duplicate)).toBe(th.errors.codes.duplicate);
    expect(errorMessage(i18n.t, duplicate)).toBe('"081 234" อยู่ในการเฝ้าระวังแล้ว: รายการเฝ้าระวัง "Our range" ของคุณครอบคลุม +6681234');
    const webhook = new ApiError({
      status: 409,
      code: 'conflict',
      title: 'Conflict',
      detail: 'body.url: "https://siem.example.org/gpos" is the address of your webhook 01a236ea-a1f9-72c8-a67b-2e4351a27c50 already: every event goes to it once',
      fieldErrors: [{ path: 'url', message: 'x', code: 'webhook.duplicate', params: { value: '"https://siem.example.org/gpos"', id: '01a236ea-a1f9-72c8-a67b-2e4351a27c50' } }],
    });
    expect(errorMessage(i18n.t, webhook)).toMatch(/^"https:\/\/siem\.example\.org\/gpos" เป็นที่อยู่ของเว็บฮุก/);
    await i18n.changeLanguage('en');
  });
});

describe('a refusal said by a coded text (refusal.*: the problem’s detailCode, a field’s code)', () => {
  // As the server answers an email in use (user.service.ts): the detail and the field both coded.
  const respond = async () =>
    new Response(
      JSON.stringify({
        type: 'x',
        title: 'Conflict',
        status: 409,
        code: 'conflict',
        detail: 'A user with the email analyst@th-ccib.demo already exists',
        detailCode: 'refusal.user_email_taken',
        detailParams: { email: 'analyst@th-ccib.demo' },
        errors: [{ path: 'body.email', message: 'is already in use', code: 'refusal.email_in_use', params: {} }],
      }),
      { status: 409, headers: { 'content-type': 'application/problem+json' } },
    );

  it('is said in Thai by its codes, headed as already there; in English as the server sent it', async () => {
    expect(await shown('th', respond)).toEqual({ title: th.errors.codes.duplicate, message: 'มีผู้ใช้ที่ใช้อีเมล analyst@th-ccib.demo อยู่แล้ว' });
    await i18n.changeLanguage('th');
    const error = await api.get('/users').catch((e: unknown) => e);
    expect(fieldErrorText(i18n, (error as ApiError).fieldErrors[0]!)).toBe(th.refusal.email_in_use);
    expect(await shown('en', respond)).toEqual({ title: 'It is there already', message: 'A user with the email analyst@th-ccib.demo already exists' });
  });

  it('falls back to the server’s English for a code this client does not know, or a param missing', async () => {
    await i18n.changeLanguage('th');
    const unknown = new ApiError({ status: 409, code: 'conflict', title: 'Conflict', detail: 'Something newer', detailCode: 'refusal.newer_than_this_client' });
    expect(errorMessage(i18n.t, unknown)).toBe('Something newer');
    const missing = new ApiError({ status: 409, code: 'conflict', title: 'Conflict', detail: 'Access request 1 was withdrawn already', detailCode: 'refusal.access_withdrawn_already', detailParams: {} });
    expect(errorMessage(i18n.t, missing)).toBe('Access request 1 was withdrawn already');
    // Refused as things stand, not a race: headed plainly.
    expect(errorTitle(i18n.t, missing)).toBe(th.errors.codes.refused);
    await i18n.changeLanguage('en');
  });
});

describe('a refinement that names its reason (validation.custom with params.reason)', () => {
  it('is said whole in Thai, not as “invalid input” followed by the schema’s English', async () => {
    await i18n.changeLanguage('th');
    const entry = { path: 'victimCountry', message: 'must be an ISO 3166-1 alpha-2 country code: two capital letters, such as TH (got "XX")', code: 'validation.custom', params: { reason: 'country_code', value: '"XX"' } };
    expect(fieldErrorText(i18n, entry)).toBe(`${th.validation.reasons.country_code} (ได้รับ "XX")`);
    await i18n.changeLanguage('en');
    expect(fieldErrorText(i18n, entry)).toBe(entry.message);
  });
});

describe('a STIX bundle refused all or nothing (walkthrough: the Thai box showed only the first object’s error)', () => {
  const first = { path: 'body.objects.1.spec_version', message: 'is missing: STIX 2.1 objects other than observables must say "2.1" (objects without it are STIX 2.0)', code: 'stix.spec_version_missing', params: {} };
  const id = 'indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f';
  const refused = new ApiError({
    status: 400,
    code: 'validation_failed',
    title: 'Bad Request',
    detail: `1 of 4 objects were rejected, so nothing was imported (partial=true imports the rest). First: object 1 (${id}): spec_version: ${first.message}`,
    fieldErrors: [first],
    stixRefusal: { rejectedObjects: 1, totalObjects: 4, firstRejected: { index: 1, id } },
  });

  it('takes the counts from the problem’s members, never from its English detail', async () => {
    await i18n.changeLanguage('th');
    // A detail in other words (or none) changes nothing: the members say the counts.
    const reworded = new ApiError({
      status: 400,
      code: 'validation_failed',
      title: 'Bad Request',
      detail: 'Der Bundle wurde abgelehnt',
      fieldErrors: [first],
      stixRefusal: { rejectedObjects: 2, totalObjects: 3, firstRejected: { index: 0, id: null } },
    });
    expect(errorMessage(i18n.t, reworded)).toBe(`ออบเจกต์ 2 จาก 3 รายการถูกปฏิเสธ จึงไม่ได้นำเข้าสิ่งใดเลย ("นำเข้าเฉพาะส่วนที่ถูกต้อง" จะนำเข้าส่วนที่เหลือ) รายการแรก: ออบเจกต์ 0 (ไม่มี id): ${fieldErrorText(i18n, first, { quote: false })}`);
    // Without the members, the detail's English counts are not read: only the first error is said.
    const unnamed = new ApiError({ status: 400, code: 'validation_failed', title: 'Bad Request', detail: refused.detail, fieldErrors: [first] });
    expect(errorMessage(i18n.t, unnamed)).toBe(fieldErrorText(i18n, first, { quote: false }));
    await i18n.changeLanguage('en');
  });

  it('tells a Thai reader how many objects were rejected and that nothing was imported, then the first object’s error in Thai', async () => {
    await i18n.changeLanguage('th');
    const message = errorMessage(i18n.t, refused);
    expect(message).toBe(`ออบเจกต์ 1 จาก 4 รายการถูกปฏิเสธ จึงไม่ได้นำเข้าสิ่งใดเลย ("นำเข้าเฉพาะส่วนที่ถูกต้อง" จะนำเข้าส่วนที่เหลือ) รายการแรก: ออบเจกต์ 1 (${id}): ${fieldErrorText(i18n, first, { quote: false })}`);
    expect(message).not.toContain('objects other than observables');
  });

  it('keeps the server’s own summary for an English reader', async () => {
    await i18n.changeLanguage('en');
    expect(errorMessage(i18n.t, refused)).toBe(refused.detail);
  });
});

describe('a request refused whole (request.*: a body of the wrong type, too large, not JSON; walkthrough, session 38)', () => {
  // As the server answers a bulk upload sent as application/json, and a JSON body that is not JSON.
  const wrongType = new ApiError({
    status: 415,
    code: 'unsupported_media_type',
    title: 'Unsupported media type',
    detail: 'Send the file as NDJSON (Content-Type: application/x-ndjson) or CSV (Content-Type: text/csv); one report as JSON goes to POST /api/v1/reports',
    detailCode: 'request.send_bulk_file_not_json',
    detailParams: {},
  });
  const notJson = new ApiError({
    status: 400,
    code: 'bad_request',
    title: 'Bad request',
    detail: 'The body is not valid JSON',
    detailCode: 'request.body_not_json',
    detailParams: {},
    fieldErrors: [{ path: 'body', message: 'is not valid JSON', code: 'request.is_not_json', params: {} }, { path: 'other', message: 'x' }],
  });
  const tooLarge = new ApiError({ status: 413, code: 'payload_too_large', title: 'Payload too large', detail: "The request body is larger than this route's limit of 1,048,576 bytes", detailCode: 'request.body_too_large', detailParams: { bytes: 1048576 } });

  it('is said in Thai by its code, with its params, under the heading of its status code', async () => {
    await i18n.changeLanguage('th');
    expect(errorMessage(i18n.t, wrongType)).toBe(th.request.send_bulk_file_not_json);
    expect(errorTitle(i18n.t, wrongType)).toBe(th.errors.codes.unsupported_media_type);
    expect(errorMessage(i18n.t, notJson)).toBe(th.request.body_not_json);
    expect(errorMessage(i18n.t, tooLarge)).toBe('เนื้อหาคำขอมีขนาดใหญ่เกินขีดจำกัด 1,048,576 ไบต์ของส่วนนี้');
    expect(fieldErrorText(i18n, notJson.fieldErrors[0]!)).toBe(th.request.is_not_json);
    await i18n.changeLanguage('en');
    expect(errorMessage(i18n.t, wrongType)).toBe(wrongType.detail);
  });

  it('does not list the body’s field error beside a detail that says the same of the whole body', () => {
    expect(listedFieldErrors(notJson).map((e) => e.path)).toEqual(['other']);
    // Without a request.* detail every field error is listed, the body's too.
    const uncoded = new ApiError({ status: 400, code: 'bad_request', title: 'Bad request', detail: 'x', fieldErrors: notJson.fieldErrors });
    expect(listedFieldErrors(uncoded)).toHaveLength(2);
  });

  it('does not list a field error whose English the coded detail holds (a link decision refused for partners’ reports)', async () => {
    const english = 'Other organisations hold reports of this identifier that you may not see …';
    const hidden = new ApiError({ status: 409, code: 'conflict', title: 'Conflict', detail: english, detailCode: 'refusal.hidden_reports_links', detailParams: {}, fieldErrors: [{ path: 'indicator', message: english, code: 'sharing.hidden_reports' }] });
    expect(listedFieldErrors(hidden)).toEqual([]);
    await i18n.changeLanguage('th');
    expect(errorTitle(i18n.t, hidden)).toBe(th.errors.codes.hidden_reports);
    expect(errorMessage(i18n.t, hidden)).toBe(th.refusal.hidden_reports_links);
    const reserved = new ApiError({ status: 409, code: 'conflict', title: 'Conflict', detail: '192.168.1.1 is a private or reserved address', detailCode: 'refusal.reserved_address', detailParams: { value: '192.168.1.1' }, fieldErrors: [{ path: 'indicator', message: 'is a private or reserved address', code: 'linking.reserved_address' }] });
    expect(listedFieldErrors(reserved)).toEqual([]);
    expect(errorMessage(i18n.t, reserved)).toMatch(/^192\.168\.1\.1 เป็นที่อยู่ส่วนตัว/);
    await i18n.changeLanguage('en');
  });
});

describe('a refusal whose params are codes (an event’s kind, an access request’s decision)', () => {
  it('says them by the labels the pages use, not raw inside a Thai sentence', async () => {
    await i18n.changeLanguage('th');
    const undone = new ApiError({ status: 409, code: 'conflict', title: 'Conflict', detail: 'Event 12 (no_link) was already undone', detailCode: 'refusal.event_undone_already', detailParams: { event: 12, kind: 'no_link' } });
    expect(errorMessage(i18n.t, undone)).toBe(`เหตุการณ์ 12 (${th.networks.history.kinds.no_link}) ถูกยกเลิกไปแล้ว`);
    const answered = new ApiError({ status: 409, code: 'conflict', title: 'Conflict', detail: 'x', detailCode: 'refusal.access_answered_already', detailParams: { id: 'a1', decision: 'granted' } });
    expect(errorMessage(i18n.t, answered)).toContain(`(${th.intel.accessRequest.status.granted})`);
    // A value without a label stays as sent.
    const unknown = new ApiError({ status: 409, code: 'conflict', title: 'Conflict', detail: 'x', detailCode: 'refusal.event_undone_already', detailParams: { event: 12, kind: 'newer_kind' } });
    expect(errorMessage(i18n.t, unknown)).toContain('(newer_kind)');
    await i18n.changeLanguage('en');
  });
});
