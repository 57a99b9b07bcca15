import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderText } from '../../src/platform/coded-text.js';
import { REQUEST_REFUSALS } from '../../src/platform/http/request-refusals.js';
import { REFUSALS } from '../../src/platform/refusals.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { testEngines } from '../helpers/test-db.js';

/**
 * Refusals a Thai reader met in the server's English because they had no code: each now carries its
 * `detailCode` and `detailParams` (or, for a field, `code` and `params`), its English unchanged.
 */
describe.each(testEngines())('coded texts that were English only (%s)', (engine) => {
  let t: TestApp;
  let owner: Record<string, string>;
  let other: Record<string, string>;
  let ownerKey: Record<string, string>;
  let policeId: string;
  const TEXTS: Record<string, string> = { ...REFUSALS, ...REQUEST_REFUSALS };

  beforeAll(async () => {
    t = await createTestApp(engine);
    const bank = await t.buildOrganisation({ name: 'Gap Bank', type: 'bank', country: 'TH' });
    const police = (policeId = await t.buildOrganisation({ name: 'Gap Police', type: 'law_enforcement', country: 'TH' }));
    owner = await t.signIn((await t.buildUser(bank, 'admin')).email);
    other = await t.signIn((await t.buildUser(police, 'admin')).email);
    ownerKey = await t.apiKey(bank, ['read']);
  });
  afterAll(() => t.close());

  const inject = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, headers: Record<string, string>, payload?: object) =>
    t.app.inject({ method, url, headers, ...(payload ? { payload } : {}) });

  /** The problem's detail said by its code, and its English rendered from that code's template. */
  function coded(answer: Awaited<ReturnType<typeof inject>>, status: number, detailCode: string) {
    expect(answer.statusCode, answer.body).toBe(status);
    const problem = answer.json() as { detail: string; detailCode: string; detailParams: Record<string, string | number>; errors?: { path: string; code?: string; params?: object }[] };
    expect(problem.detailCode).toBe(detailCode);
    expect(problem.detail).toBe(renderText(TEXTS[detailCode]!, problem.detailParams));
    return problem;
  }

  it('says a missing route with its method and path, and a malformed URL with its field error coded', async () => {
    const none = coded(await inject('GET', '/api/v1/no-such-thing?x=1', owner), 404, 'request.no_route');
    expect(none.detailParams).toEqual({ method: 'GET', path: '/api/v1/no-such-thing' });
    const bad = coded(await t.app.inject({ method: 'GET', url: '/api/v1/reports/%E0%A4%A' }), 400, 'request.bad_url');
    expect(bad.errors).toMatchObject([{ path: 'url', code: 'request.is_bad_percent_encoding' }]);
  });

  it('says a cookie write without its CSRF token, naming the header', async () => {
    const { 'x-csrf-token': _token, ...withoutToken } = owner;
    const problem = coded(await inject('POST', '/api/v1/communities', withoutToken, { name: 'No token', memberOrganisationIds: [] }), 403, 'request.csrf_missing');
    expect(problem.detailParams).toEqual({ header: 'x-csrf-token' });
  });

  it('says what a role or scope does not allow', async () => {
    coded(await inject('POST', '/api/v1/communities', ownerKey, { name: 'Read only', memberOrganisationIds: [] }), 403, 'refusal.not_permitted');
  });

  it('says that only the owner organisation changes or deletes a sharing community', async () => {
    const created = await inject('POST', '/api/v1/communities', owner, { name: 'Gap circle', memberOrganisationIds: [] });
    expect(created.statusCode, created.body).toBe(201);
    const id = created.json().id as string;
    // A member that does not own it: a non-member answers 404 (it may not know the community).
    const joined = await inject('PATCH', `/api/v1/communities/${id}`, owner, { memberOrganisationIds: [policeId] });
    expect(joined.statusCode, joined.body).toBe(200);
    coded(await inject('PATCH', `/api/v1/communities/${id}`, other, { name: 'Taken over' }), 403, 'refusal.community_change_owner_only');
    coded(await inject('DELETE', `/api/v1/communities/${id}`, other), 403, 'refusal.community_delete_owner_only');
  });

  it('says a report’s unknown recipients and a community not of yours as coded field errors', async () => {
    const report = (marking: object) => ({ scamType: 'investment', channel: 'messaging_app', victimCountry: 'TH', occurredAt: '2026-01-10T10:00:00Z', marking, indicators: [{ type: 'phone', value: '+66812345678' }] });
    const users = await inject('POST', '/api/v1/reports', owner, report({ tlp: 'RED', recipientUserIds: ['0190a0b0-0000-7000-8000-000000000001'] }));
    expect(users.statusCode, users.body).toBe(400);
    expect(users.json().errors).toMatchObject([{ path: 'body.marking.recipientUserIds', code: 'refusal.unknown_users', params: { ids: '0190a0b0-0000-7000-8000-000000000001' } }]);
    const community = await inject('POST', '/api/v1/reports', owner, report({ tlp: 'AMBER', communityId: '0190a0b0-0000-7000-8000-000000000001' }));
    expect(community.statusCode, community.body).toBe(400);
    expect(community.json().errors).toMatchObject([{ path: 'body.marking.communityId', code: 'refusal.no_community_of_yours' }]);
  });
});
