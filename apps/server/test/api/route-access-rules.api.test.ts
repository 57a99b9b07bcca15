import { API_KEY_SCOPES, USER_ROLES, type ApiKeyScope, type UserRole } from '@gpos/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { can, PERMISSIONS, type Actor, type Permission } from '../../src/platform/auth/index.js';
import { documentedRoutes } from '../../src/platform/http/openapi-document.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';

/**
 * The access-rule audit: every route the server registers, and the rule it declares, written out here
 * once. A new route fails the first test until it gets its line; a changed rule shows in review as a
 * changed line. Then every role and every API key scope the rule refuses is refused (403, before any
 * lookup: a refusal that came after one could tell records apart), and every one it allows gets past
 * the rule. (The OpenAPI document's test calls each documented operation as one role outside its rule;
 * this one covers every role and every route, the hidden ones and TAXII's included.) What each handler
 * checks beyond its rule (another organisation's record answers 404) is
 * tested beside the handler.
 */
const RULES: ReadonlyArray<readonly [route: string, access: 'public' | 'authenticated' | 'metrics' | Permission]> = [
  ['GET /docs/', 'public'],
  ['GET /docs/static/index.html', 'public'],
  ['GET /docs/static/swagger-initializer.js', 'public'],
  ['GET /docs/json', 'public'],
  ['GET /docs/yaml', 'public'],
  ['GET /docs/static/*', 'public'],
  ['GET /metrics', 'metrics'],
  ['GET /healthz', 'public'],
  ['GET /readyz', 'public'],
  ['GET /api/v1/openapi.json', 'public'],
  ['POST /api/v1/auth/login', 'public'],
  ['POST /api/v1/auth/logout', 'authenticated'],
  ['GET /api/v1/auth/me', 'authenticated'],
  ['GET /api/v1/auth/session', 'public'],
  ['PATCH /api/v1/auth/me', 'authenticated'],
  ['POST /api/v1/auth/password', 'authenticated'],
  ['GET /api/v1/organisations', 'organisations.read'],
  ['GET /api/v1/organisations/:id', 'organisations.read'],
  ['POST /api/v1/organisations', 'organisations.manage'],
  ['PATCH /api/v1/organisations/:id', 'organisations.manage'],
  ['GET /api/v1/users', 'users.read'],
  ['GET /api/v1/users/:id', 'users.read'],
  ['POST /api/v1/users', 'users.manage'],
  ['PATCH /api/v1/users/:id', 'users.manage'],
  ['GET /api/v1/api-keys', 'apikeys.manage'],
  ['POST /api/v1/api-keys', 'apikeys.manage'],
  ['DELETE /api/v1/api-keys/:id', 'apikeys.manage'],
  ['GET /api/v1/communities', 'communities.read'],
  ['GET /api/v1/communities/:id', 'communities.read'],
  ['POST /api/v1/communities', 'communities.manage'],
  ['PATCH /api/v1/communities/:id', 'communities.manage'],
  ['DELETE /api/v1/communities/:id', 'communities.manage'],
  ['GET /api/v1/audit-events', 'audit.read'],
  ['GET /api/v1/audit-events/verify', 'audit.verify'],
  ['POST /api/v1/reports', 'reports.write'],
  ['GET /api/v1/reports', 'reports.read'],
  ['GET /api/v1/reports/:id', 'reports.read'],
  ['PUT /api/v1/reports/:id', 'reports.write'],
  ['POST /api/v1/reports/:id/retract', 'reports.write'],
  ['POST /api/v1/normalise', 'lookup'],
  ['POST /api/v1/reports/bulk', 'reports.write'],
  ['GET /api/v1/lookup', 'lookup'],
  ['POST /api/v1/lookup', 'lookup'],
  ['GET /api/v1/indicators/:id', 'lookup'],
  ['POST /api/v1/indicators/:id/status', 'indicators.dispute'],
  ['GET /api/v1/warninglists', 'warninglists.read'],
  ['GET /api/v1/warninglists/:id/entries', 'warninglists.read'],
  ['POST /api/v1/warninglists', 'warninglists.manage'],
  ['POST /api/v1/warninglists/:id/entries', 'warninglists.manage'],
  ['DELETE /api/v1/warninglists/:id/entries', 'warninglists.manage'],
  ['DELETE /api/v1/warninglists/:id', 'warninglists.manage'],
  ['GET /api/v1/fx-rates', 'fx.read'],
  ['PUT /api/v1/fx-rates', 'fx.manage'],
  ['GET /api/v1/watchlists', 'watchlists.manage'],
  ['POST /api/v1/watchlists', 'watchlists.manage'],
  ['DELETE /api/v1/watchlists/:id', 'watchlists.manage'],
  ['GET /api/v1/webhooks', 'watchlists.manage'],
  ['POST /api/v1/webhooks', 'watchlists.manage'],
  ['POST /api/v1/webhooks/:id/retry', 'watchlists.manage'],
  ['PATCH /api/v1/webhooks/:id', 'watchlists.manage'],
  ['POST /api/v1/webhooks/:id/secret', 'watchlists.manage'],
  ['POST /api/v1/webhooks/:id/test', 'watchlists.manage'],
  ['DELETE /api/v1/webhooks/:id', 'watchlists.manage'],
  ['GET /api/v1/events/recent', 'events.read'],
  ['GET /api/v1/events', 'events.read'],
  ['POST /api/v1/indicators/:id/access-requests', 'access_requests.create'],
  ['GET /api/v1/access-requests', 'lookup'],
  ['GET /api/v1/access-requests/incoming', 'access_requests.answer'],
  ['GET /api/v1/access-requests/:id', 'lookup'],
  ['POST /api/v1/access-requests/:id/answer', 'access_requests.answer'],
  ['POST /api/v1/access-requests/:id/withdraw', 'access_requests.create'],
  ['GET /api/v1/networks', 'networks.read'],
  ['GET /api/v1/networks/review', 'networks.read'],
  ['GET /api/v1/networks/:id', 'networks.read'],
  ['GET /api/v1/networks/:id/path', 'networks.read'],
  ['GET /api/v1/networks/:id/graph', 'networks.read'],
  ['GET /api/v1/networks/:id/export', 'networks.read'],
  ['POST /api/v1/networks/:id/access-requests', 'access_requests.create'],
  ['GET /api/v1/indicators/:id/linking', 'networks.read'],
  ['GET /api/v1/indicators/:id/link-decision-preview', 'networks.decide'],
  ['POST /api/v1/indicators/:id/link-decision', 'networks.decide'],
  ['POST /api/v1/networks/events/:eventId/undo', 'networks.decide'],
  ['POST /api/v1/misp/events', 'reports.write'],
  ['POST /api/v1/misp/export', 'reports.read'],
  ['GET /api/v1/reports/:id/stix', 'reports.read'],
  ['GET /api/v1/indicators/:id/stix', 'lookup'],
  ['GET /api/v1/networks/:id/stix', 'networks.read'],
  ['POST /api/v1/stix/bundles', 'reports.write'],
  ['GET /api/v1/federation/peers', 'federation.manage'],
  ['POST /api/v1/federation/peers', 'federation.manage'],
  ['GET /api/v1/federation/peers/:id', 'federation.manage'],
  ['DELETE /api/v1/federation/peers/:id', 'federation.manage'],
  ['POST /api/v1/federation/peers/:id/sync', 'federation.manage'],
  ['GET /taxii2/', 'reports.read'],
  ['GET /taxii2/gpos/', 'reports.read'],
  ['GET /taxii2/gpos/collections/', 'reports.read'],
  ['GET /taxii2/gpos/collections/:collectionId/', 'reports.read'],
  ['GET /taxii2/gpos/collections/:collectionId/objects/', 'reports.read'],
  ['GET /taxii2/gpos/collections/:collectionId/manifest/', 'reports.read'],
  ['GET /taxii2/gpos/collections/:collectionId/objects/:objectId/', 'reports.read'],
  ['GET /taxii2/gpos/collections/:collectionId/objects/:objectId/versions/', 'reports.read'],
  ['POST /taxii2/gpos/collections/:collectionId/objects/', 'reports.write'],
  ['GET /taxii2/gpos/status/:statusId/', 'reports.write'],
  ['DELETE /taxii2/gpos/collections/:collectionId/objects/:objectId/', 'reports.read'],
  ['GET /taxii2/*', 'reports.read'],
  ['TRACE /taxii2/*', 'reports.read'],
  ['DELETE /taxii2/*', 'reports.read'],
  ['OPTIONS /taxii2/*', 'reports.read'],
  ['PATCH /taxii2/*', 'reports.read'],
  ['PUT /taxii2/*', 'reports.read'],
  ['POST /taxii2/*', 'reports.read'],
  ['QUERY /taxii2/*', 'reports.read'],
  ['POST /taxii2/', 'reports.read'],
  ['PUT /taxii2/', 'reports.read'],
  ['PATCH /taxii2/', 'reports.read'],
  ['DELETE /taxii2/', 'reports.read'],
  ['OPTIONS /taxii2/', 'reports.read'],
  ['GET /', 'public'],
];

const SOME_ID = '018f0000-0000-7000-8000-000000000000';
const urlOf = (route: string) => route.slice(route.indexOf(' ') + 1).replace(/:[A-Za-z]+/g, SOME_ID).replace('*', 'anything');
const methodOf = (route: string) => route.slice(0, route.indexOf(' ')) as 'GET';
const restricted = RULES.filter((rule): rule is readonly [string, Permission] => rule[1] in PERMISSIONS);
/** Answers that never end for an allowed caller: only their refusals are sent. */
const STREAMS = new Set(['GET /api/v1/events']);

describe('route access rules', () => {
  let t: TestApp;
  const sessions = new Map<UserRole, Record<string, string>>();
  const keys = new Map<ApiKeyScope, Record<string, string>>();
  beforeAll(async () => {
    t = await createTestApp('sqlite');
    const organisation = await t.buildOrganisation({ type: 'law_enforcement' });
    for (const role of USER_ROLES) sessions.set(role, await t.signIn((await t.buildUser(organisation, role)).email));
    for (const scope of API_KEY_SCOPES) if (scope !== 'node') keys.set(scope, await t.apiKey(organisation, [scope]));
    // The service grants node only beside write (it vouches for pushes); alone, written here, it must open no route.
    const nodeOnly = await t.buildOrganisation({ type: 'law_enforcement' });
    keys.set('node', await t.apiKey(nodeOnly, ['read']));
    await t.deps.db.updateTable('api_keys').set({ scopes: 'node' }).where('organisation_id', '=', nodeOnly).execute();
  });
  afterAll(() => t.close());

  const send = (route: string, headers: Record<string, string>) =>
    t.app.inject({ method: methodOf(route), url: urlOf(route), headers, ...(['GET', 'DELETE', 'OPTIONS', 'TRACE'].includes(methodOf(route)) ? {} : { payload: {} }) });

  it('lists every registered route with the rule it declares', () => {
    const registered = documentedRoutes(t.app).flatMap((route) =>
      route.method
        .split(',')
        .filter((method) => method !== 'HEAD')
        .map((method) => [`${method} ${route.url}`, typeof route.access === 'string' ? route.access : route.access?.permission]),
    );
    expect(registered).toEqual(RULES);
  });

  it('refuses every role its rule leaves out, and lets every other role past the rule', async () => {
    const outcomes: string[] = [];
    for (const [route, permission] of restricted) {
      for (const role of USER_ROLES) {
        const actor = { kind: 'user', role } as Actor;
        if (STREAMS.has(route) && can(actor, permission)) continue;
        const response = await send(route, sessions.get(role)!);
        if (can(actor, permission) === (response.statusCode === 403) || response.statusCode === 401) outcomes.push(`${route} as ${role}: ${response.statusCode} ${response.body.slice(0, 120)}`);
      }
    }
    expect(outcomes).toEqual([]);
  });

  it('refuses every API key scope its rule leaves out (the secretariat-only rules refuse them all)', async () => {
    const outcomes: string[] = [];
    for (const [route, permission] of restricted) {
      for (const scope of API_KEY_SCOPES) {
        const actor = { kind: 'api_key', scopes: [scope] } as unknown as Actor;
        if (STREAMS.has(route) && can(actor, permission)) continue;
        const response = await send(route, keys.get(scope)!);
        if (can(actor, permission) === (response.statusCode === 403) || response.statusCode === 401) outcomes.push(`${route} with a ${scope} key: ${response.statusCode} ${response.body.slice(0, 120)}`);
      }
    }
    expect(outcomes).toEqual([]);
  });

  it('keeps the public routes to the ones that must answer before sign-in', () => {
    expect(RULES.filter(([, access]) => access === 'public').map(([route]) => route)).toEqual([
      'GET /docs/',
      'GET /docs/static/index.html',
      'GET /docs/static/swagger-initializer.js',
      'GET /docs/json',
      'GET /docs/yaml',
      'GET /docs/static/*',
      'GET /healthz',
      'GET /readyz',
      'GET /api/v1/openapi.json',
      'POST /api/v1/auth/login',
      'GET /api/v1/auth/session',
      'GET /',
    ]);
  });
});
