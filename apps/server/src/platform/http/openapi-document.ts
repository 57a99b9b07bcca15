import type { FastifyInstance, RouteOptions } from 'fastify';
import fastifySwagger from '@fastify/swagger';
import { jsonSchemaTransform } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { LIMITS, type ApiKeyScope, type UserRole } from '@gpos/contracts';
import { PERMISSIONS } from '../auth/permissions.js';
import { BACKGROUND_HEADER, CSRF_HEADER, SESSION_COOKIE } from '../auth/request-auth.js';
import { ERROR_STATUS, type ErrorCode } from '../errors.js';
import type { Access } from './fastify-types.js';

/**
 * The OpenAPI document (/api/v1/openapi.json, /docs), shaped from what the server enforces rather than
 * written beside it: each operation's `security`, its access line and its `x-gpos-access` come from the
 * route's `config.access` and the permission table (auth/permissions.ts); its error responses from the
 * route's shape (parameters, body, access rule, rate limit, body limit) and the error codes of
 * platform/errors.ts; its operationId from its method and path. A route adds only what its shape cannot
 * say, in `schema.openapi` (documentation only: never used to validate or to serialise):
 * a narrower credential than its rule, other media types, a business error (409…).
 */

type JsonSchema = Record<string, unknown>;
/** A zod schema (converted as the route schemas are) or a JSON Schema given as is. */
export type DocSchema = z.ZodType | JsonSchema;

export interface OperationDoc {
  /**
   * `session`: the handler refuses API keys although the access rule admits any member (it answers 400
   * `bad_request`); the document then offers the session cookie only. The access test proves the refusal.
   */
  credentials?: 'session';
  /** The request body, by media type, when it is not (only) the JSON the `body` schema validates. */
  requestBody?: { description?: string; content: Record<string, DocSchema> };
  /**
   * Success responses by status: a description instead of the generic one, and the media types when they
   * are not the JSON of `schema.response` (a stream, a file, another media type).
   */
  responses?: Record<number, { description: string; content?: Record<string, DocSchema>; headers?: Record<string, { description: string; schema: JsonSchema }> }>;
  /** Errors beyond those the route's shape implies, or more to say about one: status → when (name the code). */
  errors?: Partial<Record<ErrorStatus, string>>;
}

type ErrorStatus = (typeof ERROR_STATUS)[ErrorCode];

declare module 'fastify' {
  interface FastifySchema {
    /** What the OpenAPI document says beyond the route's zod schemas (platform/http/openapi-document.ts). */
    openapi?: OperationDoc;
  }
}

export const SECURITY_SCHEMES = {
  apiKey: {
    type: 'http',
    scheme: 'bearer',
    description:
      'An API key of your organisation: `Authorization: Bearer <key>` (HTTP Basic with the key as the password works too). ' +
      'Scopes: `read` < `write` < `admin`, each including the ones before; an operation lists the scope it needs. A key that is not valid, has expired or was revoked answers 401 on every operation, public ones included.',
  },
  sessionCookie: {
    type: 'apiKey',
    in: 'cookie',
    name: SESSION_COOKIE,
    description: `The web app's session cookie, set by \`POST /api/v1/auth/login\`. An operation lists the user roles it admits (none listed: any role). The session ends after SESSION_IDLE_MINUTES without a request (401 \`session_expired\`) and at SESSION_TTL_HOURS after sign-in; a request sent with \`${BACKGROUND_HEADER}: 1\` (a page polling by itself) is judged but does not count as activity, nor does opening the event stream (\`GET /api/v1/events\`), which browsers reopen by themselves.`,
  },
  csrfToken: {
    type: 'apiKey',
    in: 'header',
    name: CSRF_HEADER,
    description: `With the session cookie, every write (any method but GET, HEAD, OPTIONS) echoes the \`csrfToken\` of \`GET /api/v1/auth/me\` in \`${CSRF_HEADER}\` (403 \`csrf_failed\` otherwise).`,
  },
} as const;

type SecurityRequirement = Partial<Record<keyof typeof SECURITY_SCHEMES, string[]>>;

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const SCOPE_ORDER: readonly ApiKeyScope[] = ['read', 'write', 'admin'];
const PROBLEM_REF = '#/components/schemas/Problem';

/** Who may call an operation, derived from its access rule: what `security` and the access line say. */
export interface OperationAccess {
  rule: 'public' | 'authenticated' | 'permission';
  permission: string | null;
  /** Whether API keys are admitted, and the scope they need (null: any scope). */
  apiKeys: boolean;
  apiKeyScope: ApiKeyScope | null;
  /** The roles a signed-in user needs; 'all' for any role. */
  roles: 'all' | UserRole[];
  /** True when no credentials are needed. */
  public: boolean;
}

export function operationAccess(access: Access, credentials?: 'session'): OperationAccess {
  if (access === 'public') return { rule: 'public', permission: null, apiKeys: false, apiKeyScope: null, roles: 'all', public: true };
  if (access === 'metrics') throw new Error('The metrics access rule has no place in the OpenAPI document; hide the route');
  if (access === 'authenticated') {
    return { rule: 'authenticated', permission: null, apiKeys: credentials !== 'session', apiKeyScope: null, roles: 'all', public: false };
  }
  const rule = PERMISSIONS[access.permission];
  return {
    rule: 'permission',
    permission: access.permission,
    apiKeys: credentials !== 'session' && rule.scope !== null,
    apiKeyScope: credentials === 'session' ? null : rule.scope,
    roles: rule.roles === 'all' ? 'all' : [...rule.roles],
    public: false,
  };
}

/** The operation's `security`: any of its requirements admits the call. */
export function securityOf(access: OperationAccess, method: string): SecurityRequirement[] {
  if (access.public) return [];
  const session: SecurityRequirement = { sessionCookie: access.roles === 'all' ? [] : [...access.roles] };
  if (!SAFE_METHODS.has(method)) session.csrfToken = [];
  return access.apiKeys ? [{ apiKey: access.apiKeyScope ? [access.apiKeyScope] : [] }, session] : [session];
}

const list = (words: readonly string[]) => (words.length <= 1 ? words.join('') : `${words.slice(0, -1).join(', ')} or ${words.at(-1)}`);
const code = (word: string) => `\`${word}\``;

/** The access line of an operation's description, for people reading the reference. */
export function accessLine(access: OperationAccess, method: string): string {
  if (access.public) return '**Access:** public — no credentials needed.';
  const rule = access.permission ? `permission ${code(access.permission)}` : 'authenticated';
  const keys = access.apiKeys
    ? access.apiKeyScope
      ? `API keys with scope ${list(SCOPE_ORDER.slice(SCOPE_ORDER.indexOf(access.apiKeyScope)).map(code))}`
      : 'API keys of any scope'
    : access.rule === 'authenticated'
      ? 'not API keys (400)'
      : 'not API keys, whatever their scopes (403)';
  const users = access.roles === 'all' ? 'signed-in users of any role' : `signed-in users with role ${list(access.roles.map(code))}`;
  const csrf = SAFE_METHODS.has(method) ? '' : ` With the session cookie, send the CSRF token in ${code(CSRF_HEADER)}.`;
  return `**Access:** ${rule} — ${users}; ${keys}.${csrf}`;
}

/** A stable operationId from the method and the path: `GET /api/v1/reports/{id}/stix` → `getReportsByIdStix`. */
export function operationIdOf(method: string, url: string, prefix = ''): string {
  const path = prefix && url.startsWith(`${prefix}/`) ? url.slice(prefix.length) : url;
  const words = path
    .split('/')
    .filter(Boolean)
    .flatMap((segment) => {
      const param = /^(?::(\w+)|\{(\w+)\})$/.exec(segment);
      return param ? ['by', (param[1] ?? param[2])!] : segment.split(/[^A-Za-z0-9]+/);
    })
    .filter(Boolean);
  return method.toLowerCase() + words.map((word) => word[0]!.toUpperCase() + word.slice(1)).join('');
}

/** The OpenAPI path of a route url: `/reports/:id` → `/reports/{id}`. */
export const openApiPath = (url: string) => url.replace(/:(\w+)/g, '{$1}');

/** RFC 9457 problem details as errors.ts writes them (problemBody). */
export const PROBLEM_SCHEMA: JsonSchema = {
  type: 'object',
  description:
    'RFC 9457 problem details, with a stable `code` to switch on and the `requestId` that finds the request in the server log. A validation failure lists each field in `errors`.',
  required: ['type', 'title', 'status', 'code', 'detail', 'instance', 'requestId'],
  properties: {
    type: { type: 'string', format: 'uri', description: '`https://gpos.example/problems/<code, with dashes>`' },
    title: { type: 'string', description: 'A short English title of the code.' },
    status: { type: 'integer', minimum: 400, maximum: 599, description: 'The HTTP status, repeated.' },
    code: { type: 'string', enum: Object.keys(ERROR_STATUS), description: 'Stable: clients switch on it.' },
    detail: { type: 'string', maxLength: LIMITS.errorText, description: 'What failed, in English, for the person who sent the request.' },
    instance: { type: 'string', maxLength: LIMITS.errorInstance, description: 'The path of the request.' },
    requestId: { type: 'string', maxLength: 64, description: 'The request id, also in the `x-request-id` response header.' },
    detailCode: { type: 'string', description: '`detail` as a stable code (`refusal.*`, such as `refusal.user_email_taken`; `request.*` for a request refused whole, such as `request.body_not_json`) where it has one, for clients to say it in their own language; `detailParams` holds the values its text names.' },
    detailParams: { type: 'object', description: 'The values the text of `detailCode` names (strings of at most 200 characters, or numbers).', additionalProperties: { anyOf: [{ type: 'string' }, { type: 'number' }] } },
    successorId: { type: 'string', format: 'uuid', description: 'On a 404 for a network that was merged into another (or replaced by a rebuild) that you may see: the network that holds its reports now.' },
    rejectedObjects: { type: 'integer', minimum: 0, description: 'On a 400 for a STIX bundle refused all or nothing (`POST /stix/bundles` without `partial=true`): how many of its objects were rejected.' },
    totalObjects: { type: 'integer', minimum: 0, description: 'With `rejectedObjects`: how many objects the bundle holds.' },
    firstRejected: {
      type: 'object',
      description: 'With `rejectedObjects`: the first rejected object.',
      required: ['index', 'id'],
      properties: {
        index: { type: 'integer', minimum: 0, description: 'Its index in the bundle’s `objects`.' },
        id: { type: ['string', 'null'], maxLength: 300, description: 'Its `id`, or null when it has none.' },
      },
    },
    errors: {
      type: 'array',
      description: 'One entry per field that failed (validation).',
      items: {
        type: 'object',
        required: ['path', 'message'],
        properties: {
          path: { type: 'string', maxLength: LIMITS.errorPath, description: 'Where: `body.country`, `querystring.limit`, `params.id`…' },
          message: { type: 'string', maxLength: LIMITS.errorText, description: 'What is wrong, in English, ending in ` (got <value>)` when it quotes what was sent: `must be a UUID (got "abc")`.' },
          code: { type: 'string', description: 'A stable code: `validation.<zod issue code>` for a schema check, or a normaliser code such as `phone.too_short`.' },
          params: {
            type: 'object',
            description:
              'The parameters of the constraint or of the code. `value` is what was sent, quoted and bounded (a JSON string literal of at most 60 characters, cut with "…", invisible and control characters escaped; a number or boolean as it is); never for a header, a credential\'s field (a password, an API key, a secret, a token…), an unknown field, an object or a list.',
            additionalProperties: { anyOf: [{ type: 'string' }, { type: 'number' }] },
          },
        },
      },
    },
  },
};

/** The generic text of each error status; an operation's own `errors` text is added to it. */
function errorText(status: number, shape: Shape): string | null {
  switch (status) {
    case 400:
      return '`validation_failed`: a parameter or the body does not match the schema (`errors` names each field); `bad_request`: the body is not valid JSON or cannot be read.';
    case 401:
      return shape.access.public
        ? '`unauthenticated`: an `Authorization` header was sent and is not a valid API key (send none).'
        : '`unauthenticated`: no credentials, or an API key that is not valid, has expired or was revoked, or a session that has ended; `session_expired`: the session ended after `idleMinutes` without a request (SESSION_IDLE_MINUTES), and its cookie is cleared.';
    case 403: {
      const parts = [];
      if (shape.access.rule === 'permission') parts.push('`forbidden`: your role or API key scope does not allow this (see **Access**)');
      if (!SAFE_METHODS.has(shape.method)) parts.push(`\`csrf_failed\`: a write with the session cookie did not echo the CSRF token in \`${CSRF_HEADER}\``);
      return parts.length ? `${parts.join('; ')}.` : null;
    }
    case 404:
      return '`not_found`: there is no such record, or it is one you may not see (the two answers are the same).';
    case 413:
      return `\`payload_too_large\`: the body is larger than ${shape.bodyLimit.toLocaleString('en')} bytes.`;
    case 415:
      return `\`unsupported_media_type\`: the body is not sent as ${list(shape.mediaTypes.map(code))}.`;
    case 429:
      return `\`rate_limited\`: more than ${shape.rateLimit?.max ?? 'the allowed number of'} requests from your address in ${shape.rateLimit?.timeWindow ?? 'the window'}; wait for \`retry-after\` seconds.`;
    case 500:
      return '`internal`: an unexpected failure; its details are in the server log under the `requestId`.';
    default:
      return null;
  }
}

const ERROR_TITLE: Record<number, string> = {
  400: 'Bad request',
  401: 'Unauthenticated',
  403: 'Forbidden',
  404: 'Not found',
  408: 'Request timeout',
  409: 'Conflict',
  413: 'Payload too large',
  415: 'Unsupported media type',
  429: 'Too many requests',
  431: 'Request headers too large',
  500: 'Internal error',
  503: 'Service unavailable',
};

/** What the document needs to know of a route, gathered when its schema is transformed. */
interface Shape {
  method: string;
  access: OperationAccess;
  doc: OperationDoc;
  bodyLimit: number;
  rateLimit: { max: unknown; timeWindow: unknown } | null;
  mediaTypes: string[];
  /** Converted schemas of `doc`, by where they go. */
  requestBody: { description?: string; content: Record<string, JsonSchema> } | null;
  responses: Record<string, { description: string; content?: Record<string, JsonSchema>; headers?: Record<string, unknown> }>;
}

/** A route of the app as the document sees it: every one, hidden or not (the access test walks them). */
export interface DocumentedRoute {
  method: string;
  url: string;
  path: string;
  access: Access | undefined;
  hidden: boolean;
  credentials: 'session' | undefined;
}

const ROUTES = new WeakMap<FastifyInstance, RouteOptions[]>();

/** The routes of an app built with registerOpenApi (HEAD routes left out, as the document leaves them out). */
export function documentedRoutes(app: FastifyInstance): DocumentedRoute[] {
  const routes = ROUTES.get(app);
  if (!routes) throw new Error('This app was not built with registerOpenApi');
  // Read now, not when each route was added: a later onRoute hook may still have set its access rule.
  return routes.map((route) => ({
    method: String(route.method),
    url: route.url,
    path: openApiPath(route.url),
    access: route.config?.access,
    hidden: route.schema?.hide === true,
    credentials: route.schema?.openapi?.credentials,
  }));
}

type TransformInput = Parameters<typeof jsonSchemaTransform>[0] & { route: RouteOptions };

export interface OpenApiOptions {
  /** The API's path prefix, left out of operationIds. */
  prefix: string;
  info: { title: string; version: string; description: string };
}

/**
 * The swagger plugin's `transform` (each route, when the document is first asked for) and
 * `transformObject` (the whole document, once), sharing what the first learns of each route.
 */
export function createOpenApiShaping(options: OpenApiOptions) {
  const shapes = new Map<string, Shape>();

  function convert(input: TransformInput, io: 'input' | 'output', schema: DocSchema): JsonSchema {
    if (!(schema instanceof z.ZodType)) return schema;
    const converted = jsonSchemaTransform({ ...input, schema: io === 'input' ? { body: schema } : { response: { 200: schema } } }).schema as JsonSchema;
    // Left by zod's conversion at the top; the plugin drops them from the route schemas, so here too.
    const { $schema: _schema, $id: _id, ...json } = (io === 'input' ? converted.body : (converted.response as Record<string, JsonSchema>)[200]) as JsonSchema;
    return json;
  }

  function transform(input: TransformInput) {
    const { openapi: doc = {}, ...schema } = input.schema ?? {};
    const result = jsonSchemaTransform({ ...input, schema });
    const out = result.schema as Record<string, unknown>;
    if (out.hide) return result;
    const { route } = input;
    if (typeof route.method !== 'string') throw new Error(`Route ${route.url}: one method per documented route, so that each has one operationId`);
    const method = route.method.toUpperCase();
    const access = route.config?.access;
    if (!access) throw new Error(`Route ${method} ${route.url} declares no access rule (config.access)`);
    const operation = operationAccess(access, doc.credentials);
    const rateLimit = (route.config as { rateLimit?: { max: unknown; timeWindow: unknown } } | undefined)?.rateLimit ?? null;

    out.operationId ??= operationIdOf(method, route.url, options.prefix);
    out.security = securityOf(operation, method);
    out.description = [schema.description, accessLine(operation, method)].filter(Boolean).join('\n\n');
    // The same, for machines: `apiKeys` is the scope needed, `any` or `refused`; `roles` those admitted, or `all`.
    out['x-gpos-access'] = operation.public
      ? { rule: 'public' }
      : {
          rule: operation.rule,
          ...(operation.permission ? { permission: operation.permission } : {}),
          apiKeys: operation.apiKeys ? (operation.apiKeyScope ?? 'any') : 'refused',
          roles: operation.roles,
        };

    const requestBody = doc.requestBody
      ? {
          ...(doc.requestBody.description ? { description: doc.requestBody.description } : {}),
          content: Object.fromEntries(Object.entries(doc.requestBody.content).map(([type, s]) => [type, convert(input, 'input', s)])),
        }
      : null;
    const responses: Shape['responses'] = {};
    for (const [status, response] of Object.entries(doc.responses ?? {})) {
      responses[status] = {
        description: response.description,
        ...(response.content ? { content: Object.fromEntries(Object.entries(response.content).map(([type, s]) => [type, convert(input, 'output', s)])) } : {}),
        ...(response.headers ? { headers: response.headers } : {}),
      };
    }
    shapes.set(`${method} ${openApiPath(route.url)}`, {
      method,
      access: operation,
      doc,
      bodyLimit: route.bodyLimit ?? LIMITS.requestBodyBytes,
      rateLimit,
      mediaTypes: requestBody ? Object.keys(requestBody.content) : ['application/json'],
      requestBody,
      responses,
    });
    return result;
  }

  function transformObject({ openapiObject }: { openapiObject: Record<string, unknown> }) {
    const document = openapiObject as { components: { schemas?: Record<string, unknown>; securitySchemes?: unknown }; paths: Record<string, Record<string, Operation>> };
    document.components.schemas = { ...document.components.schemas, Problem: PROBLEM_SCHEMA };
    document.components.securitySchemes = SECURITY_SCHEMES;
    for (const [path, methods] of Object.entries(document.paths)) {
      for (const [method, operation] of Object.entries(methods)) {
        const shape = shapes.get(`${method.toUpperCase()} ${path}`);
        if (!shape) throw new Error(`The OpenAPI document has ${method.toUpperCase()} ${path}, which no route shaped`);
        shapeOperation(path, operation, shape);
      }
    }
    return openapiObject;
  }

  return { transform, transformObject };
}

interface Operation {
  parameters?: unknown[];
  requestBody?: { required?: boolean; description?: string; content: Record<string, { schema?: unknown }> };
  responses: Record<string, { description: string; content?: Record<string, { schema?: unknown }>; headers?: Record<string, unknown> }>;
}

function shapeOperation(path: string, operation: Operation, shape: Shape): void {
  if (shape.requestBody) {
    operation.requestBody = {
      required: true,
      ...(shape.requestBody.description ? { description: shape.requestBody.description } : {}),
      content: Object.fromEntries(Object.entries(shape.requestBody.content).map(([type, schema]) => [type, { schema }])),
    };
  }
  for (const [status, response] of Object.entries(shape.responses)) {
    const current = operation.responses[status];
    operation.responses[status] = {
      description: response.description,
      ...(response.content ? { content: Object.fromEntries(Object.entries(response.content).map(([type, schema]) => [type, { schema }])) } : current?.content ? { content: current.content } : {}),
      ...(response.headers ? { headers: response.headers } : {}),
    };
  }
  for (const [status, response] of Object.entries(operation.responses)) {
    if (response.description === 'Default Response') response.description = successText(Number(status), shape.method.toLowerCase(), operation);
  }

  const statuses = new Set<number>([401, 500]);
  if (operation.parameters?.length || operation.requestBody) statuses.add(400);
  if (shape.access.rule === 'permission' || (!shape.access.public && !SAFE_METHODS.has(shape.method))) statuses.add(403);
  if (/\{\w+\}/.test(path)) statuses.add(404);
  if (operation.requestBody) {
    statuses.add(413);
    statuses.add(415);
  }
  if (shape.rateLimit) statuses.add(429);
  for (const status of Object.keys(shape.doc.errors ?? {})) statuses.add(Number(status));
  for (const status of [...statuses].sort((a, b) => a - b)) {
    const texts = [errorText(status, shape), shape.doc.errors?.[status as ErrorStatus]].filter(Boolean);
    operation.responses[String(status)] = {
      description: `${ERROR_TITLE[status] ?? 'Error'} — ${texts.join(' ')}`,
      content: { 'application/problem+json': { schema: { $ref: PROBLEM_REF } } },
      ...(status === 429 ? { headers: { 'retry-after': { description: 'Seconds to wait before trying again.', schema: { type: 'integer' } } } } : {}),
    };
  }
}

function successText(status: number, method: string, operation: Operation): string {
  const schema = operation.responses[String(status)]?.content?.['application/json']?.schema as JsonSchema | undefined;
  const properties = (schema?.properties ?? {}) as Record<string, unknown>;
  if (status === 200 && properties.items && 'nextCursor' in properties) {
    const cursor = (operation.parameters as { in?: string; name?: string }[] | undefined)?.some((p) => p.in === 'query' && p.name === 'cursor');
    return cursor ? 'One page of `items`; `nextCursor` is the `cursor` of the next page (null on the last).' : 'All the `items`, newest first, in one page (`nextCursor` is null).';
  }
  if (status === 201) return 'Created: the new record.';
  if (status === 204) return 'Done; the answer has no body.';
  return method === 'get' ? 'Found: the answer below.' : 'Done: the answer below.';
}

/** Registers the OpenAPI document (served by the routes that ask `app.swagger()`), shaped as above. */
export async function registerOpenApi(app: FastifyInstance, options: OpenApiOptions): Promise<void> {
  const routes: RouteOptions[] = [];
  ROUTES.set(app, routes);
  app.addHook('onRoute', (route) => {
    if (route.method !== 'HEAD') routes.push(route);
  });
  const shaping = createOpenApiShaping(options);
  await app.register(fastifySwagger, {
    openapi: { openapi: '3.1.0', info: options.info, components: { securitySchemes: SECURITY_SCHEMES } },
    transform: shaping.transform as never,
    transformObject: shaping.transformObject as never,
  });
}
