import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_KEY_SCOPES, LIMITS, MAX_BULK_LINE_OFFSET, USER_ROLES, type ApiKeyScope, type UserRole } from '@gpos/contracts';
import { BULK_FILE_REFUSALS } from '../../src/modules/reports/bulk-ingest.js';
import { PERMISSIONS } from '../../src/platform/auth/permissions.js';
import { documentedRoutes, type DocumentedRoute } from '../../src/platform/http/openapi-document.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';

/**
 * The OpenAPI document against the server: every route of the built app is in it (or hidden), its
 * `security` says what its access rule says, and calling each operation as each kind of caller answers
 * as the document says (status documented, body valid against the documented schema).
 */

interface Media {
  schema?: Record<string, unknown>;
}
interface Operation {
  operationId?: string;
  description?: string;
  security?: Record<string, string[]>[];
  parameters?: { in: string; name: string }[];
  requestBody?: { content: Record<string, Media> };
  responses: Record<string, { description: string; content?: Record<string, Media>; headers?: Record<string, unknown> }>;
  'x-gpos-access'?: Record<string, unknown>;
}
interface Document {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Record<string, unknown>>; securitySchemes: Record<string, Record<string, unknown>> };
  security?: unknown;
}

const METHODS = ['get', 'put', 'post', 'delete', 'patch'];
/** Component schemas are compiled under absolute ids, as a document-relative `$ref` means nothing to a lone schema. */
const COMPONENTS = 'https://gpos.example/openapi.json/components/schemas/';
const absoluteRefs = (schema: Record<string, unknown>): Record<string, unknown> => JSON.parse(JSON.stringify(schema).replaceAll('"#/components/schemas/', `"${COMPONENTS}`));
const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);
const SOME_ID = '018f0000-0000-7000-8000-000000000000';
/** Bodies that pass validation, for the operations whose refusal of an API key comes after it. */
const VALID_BODY: Record<string, unknown> = {
  'POST /api/v1/auth/password': { currentPassword: 'whatever it is', newPassword: 'a new and long enough passphrase 42' },
  'PATCH /api/v1/auth/me': { displayName: 'Someone' },
};

/** What the access rule admits, worked out here from the permission table (not by the document's code). */
function admitted(route: DocumentedRoute): { public: boolean; keyScope: ApiKeyScope | 'any' | null; roles: 'all' | readonly UserRole[] } {
  const access = route.access!;
  if (access === 'public') return { public: true, keyScope: null, roles: 'all' };
  if (access === 'authenticated') return { public: false, keyScope: route.credentials === 'session' ? null : 'any', roles: 'all' };
  if (access === 'metrics') throw new Error(`${route.method} ${route.url}: metrics routes are hidden`);
  const rule = PERMISSIONS[access.permission];
  return { public: false, keyScope: route.credentials === 'session' ? null : rule.scope, roles: rule.roles };
}

describe('OpenAPI document', () => {
  let t: TestApp;
  let spec: Document;
  let ajv: Ajv2020;
  let base: string;
  const keys = {} as Record<ApiKeyScope, Record<string, string>>;
  const sessions = {} as Record<UserRole, Record<string, string>>;

  beforeAll(async () => {
    t = await createTestApp('sqlite');
    spec = (await t.app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json();
    ajv = new Ajv2020({ strict: true, strictRequired: false, allowUnionTypes: true, allErrors: true, logger: false });
    (addFormatsModule as unknown as (a: Ajv2020) => void)(ajv);
    for (const [name, schema] of Object.entries(spec.components.schemas)) ajv.addSchema(absoluteRefs(schema), `${COMPONENTS}${name}`);
    const secretariat = await t.buildOrganisation({ type: 'international_org' });
    const bank = await t.buildOrganisation({ type: 'bank' });
    // node opens no route (route-access-rules.api.test.ts checks that): the ranked scopes are the ones routes name.
    for (const scope of API_KEY_SCOPES) if (scope !== 'node') keys[scope] = await t.apiKey(bank, [scope]);
    for (const role of USER_ROLES) sessions[role] = await t.signIn((await t.buildUser(role === 'platform_admin' ? secretariat : bank, role)).email);
    // The event stream never ends: it is called over a socket and let go once its head arrives.
    base = await t.app.listen({ port: 0, host: '127.0.0.1' }).then(() => `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`);
  });
  afterAll(() => t.close());

  const operations = () =>
    Object.entries(spec.paths).flatMap(([path, methods]) =>
      Object.entries(methods)
        .filter(([method]) => METHODS.includes(method))
        .map(([method, operation]) => ({ method: method.toUpperCase(), path, operation, key: `${method.toUpperCase()} ${path}` })),
    );

  const compiled = new Map<string, ValidateFunction>();
  const validator = (schema: Record<string, unknown>) => {
    const text = JSON.stringify(schema);
    let validate = compiled.get(text);
    if (!validate) compiled.set(text, (validate = ajv.compile(absoluteRefs(schema))));
    return validate;
  };

  it('gives every operation a unique operationId, its own security, an access line and described responses', () => {
    const ids = operations().map(({ operation }) => operation.operationId);
    expect(ids.every((id) => typeof id === 'string' && /^[a-z][A-Za-z0-9]+$/.test(id))).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
    expect(spec.security).toBeUndefined();
    expect(Object.keys(spec.components.securitySchemes).sort()).toEqual(['apiKey', 'csrfToken', 'sessionCookie']);
    for (const { key, operation } of operations()) {
      expect(Array.isArray(operation.security), key).toBe(true);
      expect(operation.description, key).toMatch(/\*\*Access:\*\*/);
      expect(operation['x-gpos-access'], key).toBeDefined();
      for (const [status, response] of Object.entries(operation.responses)) {
        expect(response.description, `${key} ${status}`).not.toBe('Default Response');
        if (Number(status) >= 400) expect(response.content, `${key} ${status}`).toEqual({ 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } });
      }
      expect(Object.keys(operation.responses), key).toEqual(expect.arrayContaining(['500', ...(operation.security!.length ? ['401'] : [])]));
    }
  });

  it('resolves every $ref, and every schema compiles', () => {
    const text = JSON.stringify(spec);
    for (const [, ref] of text.matchAll(/"\$ref":"([^"]+)"/g)) {
      const target = ref!.slice(2).split('/').reduce<unknown>((node, part) => (node as Record<string, unknown> | undefined)?.[part], spec);
      expect(target, ref).toBeDefined();
    }
    for (const { key, operation } of operations()) {
      const media = [...Object.values(operation.requestBody?.content ?? {}), ...Object.values(operation.responses).flatMap((r) => Object.values(r.content ?? {}))];
      for (const { schema } of media) expect(() => schema && validator(schema), key).not.toThrow();
    }
  });

  it('bounds every string and list a caller may send: a length, a list of values, a format or an anchored pattern of bounded repeats', () => {
    // A whole file sent as the body: the route's body limit bounds it, and each of its lines is checked.
    const boundedElsewhere = new Set(['POST /api/v1/reports/bulk body text/csv']);
    const resolve = (schema: Record<string, unknown>): Record<string, unknown> => {
      let node = schema;
      while (typeof node.$ref === 'string') node = node.$ref.slice(2).split('/').reduce<unknown>((n, part) => (n as Record<string, unknown>)[part], spec) as Record<string, unknown>;
      return node;
    };
    const boundedPattern = (pattern: unknown) => typeof pattern === 'string' && pattern.startsWith('^') && pattern.endsWith('$') && !/[*+]|\{\d+,\}/.test(pattern.replace(/\\./g, ''));
    const unbounded: string[] = [];
    const walk = (raw: Record<string, unknown>, where: string, seen: Set<Record<string, unknown>>) => {
      const schema = resolve(raw);
      if (seen.has(schema)) return;
      const inner = new Set(seen).add(schema);
      const types = ([] as unknown[]).concat(schema.type ?? []);
      if (types.includes('string') && !('maxLength' in schema || 'enum' in schema || 'const' in schema || ['uuid', 'date'].includes(schema.format as string) || boundedPattern(schema.pattern))) unbounded.push(`${where}: a string`);
      if (types.includes('array') && !('maxItems' in schema)) unbounded.push(`${where}: a list`);
      for (const key of ['anyOf', 'oneOf', 'allOf'] as const) for (const [i, part] of ((schema[key] as Record<string, unknown>[] | undefined) ?? []).entries()) walk(part, `${where} ${key}[${i}]`, inner);
      if (schema.items) walk(schema.items as Record<string, unknown>, `${where}[]`, inner);
      for (const [name, property] of Object.entries((schema.properties as Record<string, Record<string, unknown>> | undefined) ?? {})) walk(property, `${where}.${name}`, inner);
      if (typeof schema.additionalProperties === 'object') walk(schema.additionalProperties as Record<string, unknown>, `${where}{}`, inner);
    };
    for (const { key, operation } of operations()) {
      for (const parameter of operation.parameters ?? []) walk((resolve(parameter as unknown as Record<string, unknown>).schema as Record<string, unknown>) ?? {}, `${key} ${parameter.in} ${parameter.name}`, new Set());
      for (const [mediaType, { schema }] of Object.entries(operation.requestBody?.content ?? {})) {
        const where = `${key} body ${mediaType}`;
        if (schema && !boundedElsewhere.has(where)) walk(schema, where, new Set());
      }
    }
    expect(unbounded).toEqual([]);
  });

  it('documents every route of the app, and only those, with the security of its access rule', () => {
    const routes = documentedRoutes(t.app);
    const shown = routes.filter((route) => !route.hidden);
    expect(shown.map((r) => `${r.method} ${r.path}`).sort()).toEqual(operations().map((o) => o.key).sort());
    for (const route of shown) {
      const key = `${route.method} ${route.path}`;
      const { security = [] } = spec.paths[route.path]![route.method.toLowerCase()]!;
      const rule = admitted(route);
      if (rule.public) {
        expect(security, key).toEqual([]);
        continue;
      }
      const key_ = security.find((requirement) => 'apiKey' in requirement);
      const session = security.find((requirement) => 'sessionCookie' in requirement);
      expect(security.length, key).toBe(rule.keyScope ? 2 : 1);
      expect(key_?.apiKey, key).toEqual(rule.keyScope === null ? undefined : rule.keyScope === 'any' ? [] : [rule.keyScope]);
      expect(session?.sessionCookie, key).toEqual(rule.roles === 'all' ? [] : [...rule.roles]);
      expect('csrfToken' in (session ?? {}), key).toBe(!SAFE.has(route.method));
    }
  });

  /** Calls an operation as someone, and checks the answer is one the document gives (status, media type, schema). */
  async function call(op: { method: string; path: string; operation: Operation; key: string }, headers: Record<string, string>) {
    const url = op.path.replace(/\{[^}]+\}/g, SOME_ID);
    let status: number;
    let type: string;
    let body: string;
    if (op.operation.responses['200']?.content?.['text/event-stream']) {
      const controller = new AbortController();
      const response = await fetch(base + url, { method: op.method, headers, signal: controller.signal });
      status = response.status;
      type = response.headers.get('content-type') ?? '';
      body = status === 200 ? '' : await response.text();
      controller.abort();
    } else {
      const payload = op.method === 'GET' || op.method === 'DELETE' ? undefined : (VALID_BODY[op.key] ?? {});
      const response = await t.app.inject({ method: op.method as 'GET', url, headers, ...(payload === undefined ? {} : { payload }) });
      status = response.statusCode;
      type = String(response.headers['content-type'] ?? '');
      body = response.body;
    }
    const documented = op.operation.responses[String(status)];
    expect(documented, `${op.key} answered ${status}, which is not documented: ${body.slice(0, 300)}`).toBeDefined();
    const mediaType = type.split(';')[0]!.trim();
    if (documented!.content) {
      const media = documented!.content[mediaType];
      expect(media, `${op.key} ${status} answered ${mediaType}; documented: ${Object.keys(documented!.content)}`).toBeDefined();
      if (media?.schema && /json$/.test(mediaType)) {
        const validate = validator(media.schema);
        expect(validate(JSON.parse(body)), `${op.key} ${status}: ${JSON.stringify(validate.errors)}`).toBe(true);
      }
    } else {
      expect(body, `${op.key} ${status} has a body the document does not give`).toBe('');
    }
    const problem = status >= 400 ? (JSON.parse(body) as { code: string; detail: string }) : null;
    return { status, problem };
  }

  /** Refused by the access rule (not by what the operation does with the request). */
  const denied = (answer: { status: number; problem: { code: string } | null }) =>
    (answer.status === 401 && answer.problem?.code === 'unauthenticated') || (answer.status === 403 && ['forbidden', 'csrf_failed'].includes(answer.problem?.code ?? ''));
  const refusedKey = (answer: { status: number; problem: { code: string; detail: string } | null }) =>
    answer.status === 403 || (answer.status === 400 && answer.problem?.code === 'bad_request' && /API key/.test(answer.problem.detail));

  it('answers each caller as the security of each operation says', async () => {
    // Signing out ends the session the other calls use: last.
    const all = operations().sort((a, b) => Number(a.path.endsWith('/auth/logout')) - Number(b.path.endsWith('/auth/logout')));
    for (const op of all) {
      const security = op.operation.security!;
      const anonymous = await call(op, {});
      if (security.length === 0) {
        expect(denied(anonymous), `${op.key} is public`).toBe(false);
        continue;
      }
      expect(anonymous.status, `${op.key} without credentials`).toBe(401);

      const keyRequirement = security.find((requirement) => 'apiKey' in requirement)?.apiKey;
      if (keyRequirement) {
        const scope = (keyRequirement[0] as ApiKeyScope | undefined) ?? 'read';
        const answer = await call(op, keys[scope]);
        expect(denied(answer), `${op.key} with a ${scope} key`).toBe(false);
        expect(refusedKey(answer), `${op.key} refused a ${scope} key: ${answer.problem?.detail}`).toBe(false);
        const below = API_KEY_SCOPES[API_KEY_SCOPES.indexOf(scope) - 1];
        if (below) expect((await call(op, keys[below])).status, `${op.key} with a ${below} key`).toBe(403);
      } else {
        const answer = await call(op, keys.admin);
        expect(refusedKey(answer), `${op.key} must refuse an API key (answered ${answer.status} ${answer.problem?.code})`).toBe(true);
      }

      const session = security.find((requirement) => 'sessionCookie' in requirement)!;
      const roles = session.sessionCookie!.length ? (session.sessionCookie as UserRole[]) : USER_ROLES;
      const role = roles.includes('platform_admin') ? 'platform_admin' : roles[0]!;
      if (session.csrfToken) {
        const { 'x-csrf-token': _csrf, ...cookieOnly } = sessions[role];
        const refused = await call(op, cookieOnly);
        expect([refused.status, refused.problem?.code], `${op.key} without the CSRF token`).toEqual([403, 'csrf_failed']);
      }
      const outside = USER_ROLES.find((r) => !roles.includes(r));
      if (outside) expect((await call(op, sessions[outside])).status, `${op.key} signed in as ${outside}`).toBe(403);
      const answer = await call(op, sessions[role]);
      expect(denied(answer), `${op.key} signed in as ${role}: ${answer.problem?.detail}`).toBe(false);
    }
  });

  it('documents whole-number query parameters as integers with their bounds and default, not as text', () => {
    // Read by a transform (queryWholeNumberSchema), which zod's conversion cannot see through: the schema's meta says it.
    const parameter = (method: string, path: string, name: string) => spec.paths[path]![method]!.parameters!.find((p) => p.in === 'query' && p.name === name) as unknown as { schema: unknown; required: boolean };
    expect(parameter('get', '/api/v1/reports', 'limit')).toMatchObject({ required: false, schema: { type: 'integer', minimum: 1, maximum: LIMITS.pageSizeMax, default: LIMITS.pageSizeDefault } });
    expect(parameter('get', '/api/v1/access-requests', 'limit').schema).toEqual({ type: 'integer', minimum: 1, maximum: LIMITS.pageSizeMax, default: LIMITS.pageSizeMax });
    expect(parameter('get', '/api/v1/networks', 'minReports')).toMatchObject({ required: false, schema: { type: 'integer', minimum: 1, maximum: 1_000_000 } });
    expect(parameter('get', '/api/v1/networks/{id}/graph', 'limit').schema).toEqual({ type: 'integer', minimum: 1, maximum: LIMITS.networkGraphNodes, default: 2000 });
    expect(parameter('post', '/api/v1/reports/bulk', 'lineOffset').schema).toEqual({ type: 'integer', minimum: 0, maximum: MAX_BULK_LINE_OFFSET });
  });

  it('documents the bulk upload’s refusals of a whole file by their codes (a header delimited by semicolons too)', () => {
    const bulk = JSON.stringify(spec.paths['/api/v1/reports/bulk']!.post);
    const codes = [...Object.keys(BULK_FILE_REFUSALS), 'csv.header_unreadable', 'csv.column_repeated', 'ndjson.line_too_long', 'csv.row_too_long'];
    expect(codes.filter((code) => !bulk.includes(`\`${code}\``))).toEqual([]);
    // The line limit as a reader reads it.
    expect(bulk).toContain(`A line over ${LIMITS.requestBodyBytes.toLocaleString('en')} bytes`);
  });

  it('documents the media types of streams, files and STIX', () => {
    const op = (method: string, path: string) => spec.paths[path]![method]!;
    const bulk = op('post', '/api/v1/reports/bulk');
    expect(Object.keys(bulk.requestBody!.content)).toEqual(expect.arrayContaining(['application/x-ndjson', 'text/csv']));
    expect(Object.keys(bulk.responses['200']!.content!)).toEqual(['application/x-ndjson']);
    expect(Object.keys(op('get', '/api/v1/networks/{id}/export').responses['200']!.content!).sort()).toEqual(['application/gexf+xml', 'application/graphml+xml', 'application/json']);
    for (const path of ['/api/v1/reports/{id}/stix', '/api/v1/indicators/{id}/stix', '/api/v1/networks/{id}/stix']) {
      expect(Object.keys(op('get', path).responses['200']!.content!)).toEqual(['application/stix+json']);
    }
    const bundle = op('post', '/api/v1/stix/bundles').requestBody!.content;
    expect(Object.keys(bundle).sort()).toEqual(['application/json', 'application/stix+json']);
    const validate = validator(bundle['application/stix+json']!.schema!);
    expect(validate({ type: 'bundle', id: 'bundle--6b3f2c55-2a5e-4b6c-9f0e-1c8a7b1f0b11', objects: [] })).toBe(false);
    expect(validate({ type: 'bundle', objects: [{ type: 'indicator', id: 'indicator--6b3f2c55-2a5e-4b6c-9f0e-1c8a7b1f0b11' }] })).toBe(false);
    expect(validate({ type: 'bundle', id: 'bundle--6b3f2c55-2a5e-4b6c-9f0e-1c8a7b1f0b11', objects: [{ type: 'indicator', id: 'indicator--6b3f2c55-2a5e-4b6c-9f0e-1c8a7b1f0b11' }] })).toBe(true);
    expect(Object.keys(op('get', '/api/v1/events').responses['200']!.content!)).toEqual(['text/event-stream']);
    expect(op('post', '/api/v1/auth/login').responses['429']).toBeDefined();
  });
});
