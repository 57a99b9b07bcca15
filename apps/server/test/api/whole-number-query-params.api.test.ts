import { describe, expect, it } from 'vitest';
import { LIMITS, MAX_BULK_LINE_OFFSET } from '@gpos/contracts';
import { collectionId } from '../../src/modules/taxii/index.js';
import { queryParamApp } from '../helpers/query-param-app.js';

/**
 * Whole-number query parameters (queryWholeNumberSchema in @gpos/contracts): digits only, refused by the
 * parameter's name with its bounds and the text sent. `z.coerce.number()` read them with Number(), which
 * took `1e2`, `0x10`, `" 5"` and `""` for numbers, and said "expected number, received nan" of `abc`.
 */
const SOME_ID = '018f0000-0000-7000-8000-000000000000';

describe('whole-number query parameters', () => {
  const api = queryParamApp();
  const { get, refused } = api;

  it('refuses text that is no whole number by the parameter’s name, its bounds and what was sent', async () => {
    expect(await refused('/api/v1/reports?limit=abc')).toEqual([
      {
        path: 'querystring.limit',
        message: `must be a whole number from 1 to ${LIMITS.pageSizeMax} (got "abc")`,
        code: 'validation.custom',
        params: { reason: 'whole_number_between', minimum: 1, maximum: LIMITS.pageSizeMax, value: '"abc"' },
      },
    ]);
    const response = await get('/api/v1/reports?limit=abc');
    expect(response.json().detail).toBe(`querystring.limit: must be a whole number from 1 to ${LIMITS.pageSizeMax} (got "abc")`);
  });

  // Each was a number to Number(): 100, 16, 5, 5 and 0 (then too small).
  it.each(['1e2', '0x10', '%205', '5%20', '-1', '1.5', '%2B5'])('refuses limit=%s, which only Number() read as a number', async (text) => {
    const [error] = await refused(`/api/v1/reports?limit=${text}`);
    expect(error).toMatchObject({ path: 'querystring.limit', code: 'validation.custom', params: { reason: 'whole_number_between', minimum: 1, maximum: LIMITS.pageSizeMax } });
    expect(error!.message).toMatch(new RegExp(`^must be a whole number from 1 to ${LIMITS.pageSizeMax}( \\(got "[^"]+"\\))?$`));
  });

  it('says an empty value is no whole number, without quoting nothing', async () => {
    expect(await refused('/api/v1/reports?limit=')).toEqual([
      { path: 'querystring.limit', message: `must be a whole number from 1 to ${LIMITS.pageSizeMax}`, code: 'validation.custom', params: { reason: 'whole_number_between', minimum: 1, maximum: LIMITS.pageSizeMax } },
    ]);
  });

  it('refuses a parameter sent twice as such, not as a number', async () => {
    expect(await refused('/api/v1/reports?limit=5&limit=6')).toEqual([
      { path: 'querystring.limit', message: 'is sent more than once; send it once', code: 'validation.custom', params: { reason: 'sent_more_than_once' } },
    ]);
    expect((await refused('/api/v1/networks?minReports=2&minReports=2'))[0]).toMatchObject({ path: 'querystring.minReports', params: { reason: 'sent_more_than_once' } });
  });

  // Said as text that is no number is (`whole_number_between`), not as zod's too_small / too_big: a client
  // then says `?limit=0` in the same sentence of its reader's language as `?limit=abc`.
  it('refuses one out of bounds in the same words and code as text that is no number, quoting it', async () => {
    const range = { code: 'validation.custom', params: { reason: 'whole_number_between', minimum: 1, maximum: LIMITS.pageSizeMax } };
    expect(await refused('/api/v1/reports?limit=0')).toEqual([
      { path: 'querystring.limit', message: `must be a whole number from 1 to ${LIMITS.pageSizeMax} (got "0")`, ...range, params: { ...range.params, value: '"0"' } },
    ]);
    const tooMany = LIMITS.pageSizeMax + 1;
    expect(await refused(`/api/v1/reports?limit=${tooMany}`)).toEqual([
      { path: 'querystring.limit', message: `must be a whole number from 1 to ${LIMITS.pageSizeMax} (got "${tooMany}")`, ...range, params: { ...range.params, value: `"${tooMany}"` } },
    ]);
    // Sixteen digits are read as a number, and refused as one out of bounds.
    expect((await refused('/api/v1/reports?limit=9999999999999999'))[0]).toMatchObject({ ...range, params: { ...range.params, value: '"9999999999999999"' } });
    expect((await get('/api/v1/reports?limit=5000')).json().detail).toBe(`querystring.limit: must be a whole number from 1 to ${LIMITS.pageSizeMax} (got "5000")`);
  });

  it('refuses each such parameter out of bounds so: minReports 0, a graph of too many nodes, a lineOffset past its bound', async () => {
    expect((await refused('/api/v1/networks?minReports=0'))[0]).toEqual({
      path: 'querystring.minReports',
      message: 'must be a whole number from 1 to 1,000,000 (got "0")',
      code: 'validation.custom',
      params: { reason: 'whole_number_between', minimum: 1, maximum: 1_000_000, value: '"0"' },
    });
    expect((await refused(`/api/v1/networks/${SOME_ID}/graph?limit=${LIMITS.networkGraphNodes + 1}`))[0]).toMatchObject({
      path: 'querystring.limit',
      code: 'validation.custom',
      params: { reason: 'whole_number_between', minimum: 1, maximum: LIMITS.networkGraphNodes },
    });
    const past = MAX_BULK_LINE_OFFSET + 1;
    const bulk = await api.t.app.inject({ method: 'POST', url: `/api/v1/reports/bulk?keylessLines=derive&lineOffset=${past}`, headers: { ...api.key, 'content-type': 'application/x-ndjson' }, payload: '{}\n' });
    expect(bulk.statusCode).toBe(400);
    expect(bulk.json().errors).toMatchObject([{ path: 'querystring.lineOffset', code: 'validation.custom', params: { reason: 'whole_number_between', minimum: 0, maximum: MAX_BULK_LINE_OFFSET, value: `"${past}"` } }]);
  });

  it('takes a whole number in bounds, and the default without one', async () => {
    for (const url of ['/api/v1/reports?limit=1', `/api/v1/reports?limit=${LIMITS.pageSizeMax}`, '/api/v1/reports?limit=007', '/api/v1/reports', '/api/v1/networks?minReports=1&limit=5', '/api/v1/access-requests?limit=3']) {
      expect((await get(url)).statusCode, url).toBe(200);
    }
  });

  it('reads each such parameter so: networks’ minReports and graph limit, access requests’ limit, a bulk upload’s lineOffset', async () => {
    const range = (min: number, max: number) => `must be a whole number from ${min.toLocaleString('en')} to ${max.toLocaleString('en')}`;
    expect((await refused('/api/v1/networks?minReports=1e2'))[0]).toMatchObject({ path: 'querystring.minReports', message: `${range(1, 1_000_000)} (got "1e2")` });
    expect((await refused(`/api/v1/networks/${SOME_ID}/graph?limit=0x10`))[0]).toMatchObject({ path: 'querystring.limit', message: `${range(1, LIMITS.networkGraphNodes)} (got "0x10")` });
    expect((await refused('/api/v1/access-requests?limit=abc'))[0]).toMatchObject({ path: 'querystring.limit', message: `${range(1, LIMITS.pageSizeMax)} (got "abc")` });
    const bulk = await api.t.app.inject({ method: 'POST', url: '/api/v1/reports/bulk?keylessLines=derive&lineOffset=1e3', headers: { ...api.key, 'content-type': 'application/x-ndjson' }, payload: '{}\n' });
    expect(bulk.statusCode).toBe(400);
    expect(bulk.json().errors).toEqual([
      { path: 'querystring.lineOffset', message: `${range(0, MAX_BULK_LINE_OFFSET)} (got "1e3")`, code: 'validation.custom', params: { reason: 'whole_number_between', minimum: 0, maximum: MAX_BULK_LINE_OFFSET, value: '"1e3"' } },
    ]);
  });

  it('says it in TAXII’s error resource, with the same field error in its details', async () => {
    const objects = `/taxii2/gpos/collections/${collectionId('tlp:GREEN')}/objects/`;
    const taxii = { accept: 'application/taxii+json;version=2.1' };
    const response = await get(`${objects}?limit=abc`, taxii);
    expect(response.statusCode).toBe(400);
    expect(response.headers['content-type']).toBe('application/taxii+json;version=2.1');
    expect(response.json()).toMatchObject({
      title: 'Invalid request',
      description: 'querystring.limit: must be a whole number from 1 to 1,000,000 (got "abc")',
      error_code: 'validation_failed',
      http_status: '400',
      details: { errors: [{ path: 'querystring.limit', code: 'validation.custom', params: { reason: 'whole_number_between', minimum: 1, maximum: 1_000_000, value: '"abc"' } }] },
    });
    const tooMany = await get(`${objects}?limit=1000001`, taxii);
    expect(tooMany.json()).toMatchObject({
      description: 'querystring.limit: must be a whole number from 1 to 1,000,000 (got "1000001")',
      details: { errors: [{ path: 'querystring.limit', code: 'validation.custom', params: { reason: 'whole_number_between', minimum: 1, maximum: 1_000_000, value: '"1000001"' } }] },
    });
    const twice = await get(`${objects}?limit=5&limit=6`, taxii);
    expect(twice.json().description).toBe('querystring.limit: is sent more than once; send it once');
    const fine = await get(`${objects}?limit=5`, taxii);
    expect(fine.statusCode).toBe(200);
  });
});
