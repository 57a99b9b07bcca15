import { describe, expect, it } from 'vitest';
import { collectionId } from '../../src/modules/taxii/index.js';
import { queryParamApp } from '../helpers/query-param-app.js';

/**
 * A query parameter that takes one value, sent twice: the query parser hands the schema a list, which
 * zod refused as `expected string, received array` or as no option of an enum. Said as what happened,
 * as a whole-number parameter says it (whole-number-query-params.api.test.ts).
 */
const TWICE = { message: 'is sent more than once; send it once', code: 'validation.custom', params: { reason: 'sent_more_than_once' } };

describe('a one-value query parameter sent twice', () => {
  const { get, refused } = queryParamApp();

  it.each([
    ['an enum', '/api/v1/reports?scamType=romance&scamType=investment', 'querystring.scamType'],
    ['the same value twice', '/api/v1/reports?scamType=romance&scamType=romance', 'querystring.scamType'],
    ['a text', '/api/v1/reports?cursor=a&cursor=b', 'querystring.cursor'],
    ['a country', '/api/v1/networks?country=TH&country=MY', 'querystring.country'],
  ])('is refused as sent twice: %s', async (_kind, url, path) => {
    const response = await get(url);
    expect(response.statusCode, response.body).toBe(400);
    expect(response.json().errors).toEqual([{ path, ...TWICE }]);
    expect(response.json().detail).toBe(`${path}: ${TWICE.message}`);
  });

  it('still names a wrong value sent once as before', async () => {
    const [error] = await refused('/api/v1/reports?scamType=lottery');
    expect(error).toMatchObject({ path: 'querystring.scamType', code: 'validation.invalid_value' });
  });

  it('leaves a parameter that takes a list alone: TAXII’s match[type] sent twice is two types', async () => {
    const objects = `/taxii2/gpos/collections/${collectionId('tlp:GREEN')}/objects/`;
    const response = await get(`${objects}?match[type]=indicator&match[type]=report`, { accept: 'application/taxii+json;version=2.1' });
    expect(response.statusCode, response.body).toBe(200);
  });
});
