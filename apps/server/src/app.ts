import fs from 'node:fs';
import { Socket } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyRateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import fastifySwaggerUi from '@fastify/swagger-ui';
import Fastify, { LogController, type FastifyInstance } from 'fastify';
import { validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { isConsoleRequestId, LIMITS } from '@gpos/contracts';
import { z } from 'zod';
import type { ServerDeps } from './platform/context.js';
import { registerRequestAuth } from './platform/auth/index.js';
import { clientErrorHandler } from './platform/http/client-errors.js';
import { closeStalledBodies } from './platform/http/stalled-bodies.js';
import { frameworkError, registerErrorHandling } from './platform/http/error-handler.js';
import { registerUtf8JsonParser } from './platform/http/utf8-json.js';
import { createHttpMetrics } from './platform/http/metrics.js';
import { registerOpenApi } from './platform/http/openapi-document.js';
import { databaseRateLimitStore } from './platform/http/rate-limit-store.js';
import { responseSerializerCompiler } from './platform/http/response-serializer.js';
import { securityHeaderStamp } from './platform/http/security-headers.js';
import { ServerClosingError } from './platform/http/server-closing.js';
import { SECRET_FIELDS } from './platform/secret-fields.js';
import { apiKeyRoutes, createApiKeyService } from './modules/api-keys/index.js';
import { auditRoutes, createAuditService } from './modules/audit/index.js';
import { authRoutes, createAuthService, createSessionSweep } from './modules/auth/index.js';
import { communityRoutes, createCommunityService } from './modules/communities/index.js';
import { healthRoutes } from './modules/health/index.js';
import { createOrganisationService, organisationRoutes } from './modules/organisations/index.js';
import { createUserService, userRoutes } from './modules/users/index.js';
import { fxRoutes } from './modules/fx/index.js';
import { indicatorRoutes } from './modules/indicators/index.js';
import { lookupRoutes } from './modules/lookup/index.js';
import { reportRoutes } from './modules/reports/index.js';
import { warninglistRoutes } from './modules/warninglists/index.js';
import { watchRoutes } from './modules/watchlists/index.js';
import { createIntelligence } from './intelligence.js';
import { accessRequestRoutes, createAccessRequestService } from './modules/access-requests/index.js';
import { createNetworkService, networkRoutes } from './modules/networks/index.js';
import { createMispExportService, createMispImportService, createOwnReportLookup, mispRoutes } from './modules/misp/index.js';
import { createStixService, stixRoutes } from './modules/stix/index.js';
import { taxiiRoutes } from './modules/taxii/index.js';
import { isTaxiiPath, sendUnroutedTaxiiPath } from './modules/taxii/taxii.routes.js';
import { createFederationService, federationRoutes } from './modules/federation/index.js';

export const API_PREFIX = '/api/v1';
const NO_QUERY_PARAMETERS = z.strictObject({});
const REQUEST_ID = /^[A-Za-z0-9._:-]{1,64}$/;

/** Secrets that must never reach a log line, wherever they appear in a request or response. */
const REDACT = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-csrf-token"]',
  'res.headers["set-cookie"]',
  ...SECRET_FIELDS.map((name) => `*.${name}`),
];

/**
 * Builds the HTTP application. The order matters: error handling and security headers first, then the
 * actor resolution and access enforcement (so every later route is covered), then the routes, and the
 * web app's static files last.
 */
export async function buildApp(deps: ServerDeps, options: { logger?: boolean; logStream?: NodeJS.WritableStream } = {}): Promise<FastifyInstance> {
  const { config, db } = deps;
  const accessLog = options.logger !== false && ['info', 'debug', 'trace'].includes(config.logLevel);
  const app = Fastify({
    logger:
      options.logger === false
        ? false
        : { level: config.logLevel, redact: { paths: REDACT, censor: '[redacted]' }, ...(options.logStream ? { stream: options.logStream } : {}) },
    bodyLimit: LIMITS.requestBodyBytes,
    trustProxy: config.trustProxy,
    genReqId: (request) => {
      const given = request.headers['x-request-id'];
      // The console's ids are kept for the console: the audit trail names their events' actor so.
      return typeof given === 'string' && REQUEST_ID.test(given) && !isConsoleRequestId(given) ? given : crypto.randomUUID();
    },
    requestIdHeader: false,
    // Fastify's own 503 while closing is plain JSON; the first request step below answers the platform's.
    return503OnClosing: false,
    // One access-log line per request (below) instead of Fastify's two.
    logController: new LogController({ disableRequestLogging: true }),
    // A per-request child logger (to stamp the request id) costs an allocation per request; it is only
    // worth it when access lines are written. Lines about failures name the request id when the logger
    // does not (http/request-log.ts), so they carry it once either way.
    childLoggerFactory: (logger, bindings) => (accessLog ? logger.child(bindings) : logger),
    forceCloseConnections: 'idle',
    routerOptions: { maxParamLength: 200 },
    frameworkErrors: frameworkError,
    // Bytes the HTTP parser refuses before there is a request (client-errors.ts): problem+json as well.
    clientErrorHandler,
  }).withTypeProvider<ZodTypeProvider>();
  // A body that stops arriving is refused 408, not waited for for ever (stalled-bodies.ts).
  closeStalledBodies(app.server, config.bodyIdleTimeoutSeconds, app.log);

  // The API speaks JSON; a body in any other type is refused with 415 rather than parsed as a string.
  app.removeContentTypeParser('text/plain');
  registerUtf8JsonParser(app);
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(responseSerializerCompiler);
  registerErrorHandling(app);
  const metrics = createHttpMetrics(() => deps.handle.poolStats());
  // Limits are counted in the database, so they hold across every server on it (rate-limit-store.ts).
  await app.register(fastifyRateLimit, { global: false, store: databaseRateLimitStore(deps.db) });

  // The document is shaped from the routes' access rules and shapes (openapi-document.ts).
  await registerOpenApi(app, {
    prefix: API_PREFIX,
    info: {
      title: 'GPOS API',
      version: '1',
      description:
        'The API of the Global Partnership against Online Scams platform. Authenticate with an API key (`Authorization: Bearer <API key>`) or, in the web app, the session cookie; ' +
        "each operation's `security` and **Access** line say which, with the API key scope or user roles it needs (also in `x-gpos-access`). " +
        'Errors are RFC 9457 `application/problem+json` (schema `Problem`) with a stable `code`, the `requestId` (also the `x-request-id` header) and, for validation, `errors[]` naming each field. ' +
        'A request that cannot be read as HTTP/1.1 is refused before any operation, on any path, and its connection closed: 400 `bad_request`, 408 `request_timeout` (it did not arrive in full in time), 413 `payload_too_large` (chunk extensions too large), 431 `headers_too_large` (its URL and headers past the size limit).',
    },
  });
  // Before the reference pages' plugin: its routes are added as it registers, and a hook added after them
  // never saw them (they were public only for want of any rule).
  app.addHook('onRoute', (route) => {
    // The reference pages come from a plugin; they show only what /api/v1/openapi.json publishes anyway.
    if (route.url.startsWith('/docs')) route.config = { ...route.config, access: 'public' };
    // A query parameter the API does not know is refused by name (400), on every operation: a misspelt
    // filter (`?organisation=` for `?organisationId=`) must not answer as if none had been given. Routes
    // that take parameters declare them (strictly); the others take none.
    if (route.url.startsWith(API_PREFIX) && !route.schema?.querystring) route.schema = { ...route.schema, querystring: NO_QUERY_PARAMETERS };
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/docs', uiConfig: { docExpansion: 'list', deepLinking: false }, staticCSP: true });

  // Set as close() begins (preClose: the server still takes requests on open connections and finishes those
  // in flight). A request that arrives then is refused with a 503 in the platform's own form
  // (server-closing.ts) by the first step of every request, which pays one boolean test for it.
  let closing = false;
  app.addHook('preClose', async () => {
    closing = true;
  });
  const stampSecurityHeaders = securityHeaderStamp(API_PREFIX);
  registerRequestAuth(app, {
    db,
    metricsToken: config.metricsToken,
    trustProxy: config.trustProxy,
    credentialCache: deps.credentialCache,
    sessionIdleMinutes: config.sessionIdleMinutes,
    first: (request, reply) => {
      stampSecurityHeaders(request, reply);
      if (closing) throw new ServerClosingError();
    },
  });
  app.get('/metrics', { config: { access: 'metrics' }, schema: { hide: true } }, async (_request, reply) => {
    reply.type(metrics.contentType);
    return metrics.render();
  });
  // One hook for all three, as each hook is a step every request pays for.
  app.addHook('onResponse', (request, reply, done) => {
    // Closing, the server closes the connections that are idle then (`forceCloseConnections: 'idle'`); one
    // whose request was in flight becomes idle only now, and kept alive it would hold the shutdown for the
    // keep-alive timeout (72 s), past its grace period (server.ts). It is ended now that this answer is
    // written (`end` flushes first, so an answer already queued behind it goes out too). An injected
    // request has a stand-in for a socket.
    if (closing && request.raw.socket instanceof Socket) request.raw.socket.end();
    const route = request.routeOptions.url ?? 'unmatched';
    metrics.observe(request.method, route, reply.statusCode, reply.elapsedTime);
    if (accessLog) {
      request.log.info({ method: request.method, route, status: reply.statusCode, ms: Math.round(reply.elapsedTime * 10) / 10 }, 'request');
    }
    done();
  });
  await app.register(healthRoutes(db));

  const intelligence = await createIntelligence(deps);
  const services = {
    auth: createAuthService(deps),
    organisations: createOrganisationService(deps, intelligence.organisationHooks),
    users: createUserService(deps),
    apiKeys: createApiKeyService(deps),
    communities: createCommunityService(deps),
    audit: createAuditService(deps),
  };
  // Other processes' writes (another server on the same database, `gpos import`) reach this one's memory.
  app.addHook('onClose', async () => intelligence.lookup.stopFollowing());
  app.addHook('onReady', async () => intelligence.warninglists.start());
  app.addHook('onClose', async () => intelligence.warninglists.stop());
  app.addHook('onReady', async () => intelligence.watch.start(everyMinuteAtMost(app, 'events: reading the events table failed')));
  app.addHook('onClose', async () => intelligence.watch.stop());
  app.addHook('onClose', async () => intelligence.decay.stop());
  app.addHook('onClose', async () => intelligence.networkLinker.stop());
  app.addHook('onClose', async () => intelligence.closeWorkers());
  const federation = createFederationService(deps, intelligence.stixImport);
  app.addHook('onReady', async () => federation.start());
  app.addHook('onClose', async () => federation.stop());
  // Ended sessions (expired, idle) are deleted every few minutes, not only when used again or at a sign-in.
  const sessionSweep = createSessionSweep(db, { idleMinutes: config.sessionIdleMinutes });
  app.addHook('onReady', async () => sessionSweep.start(everyMinuteAtMost(app, 'sessions: sweeping ended sessions failed')));
  app.addHook('onClose', async () => sessionSweep.stop());

  await app.register(
    async (api) => {
      api.get('/openapi.json', { config: { access: 'public' }, schema: { hide: true } }, async () => app.swagger());
      await api.register(authRoutes(services.auth, { sessionTtlHours: config.sessionTtlHours, sessionIdleMinutes: config.sessionIdleMinutes, loginRateLimit: config.loginRateLimit }));
      await api.register(organisationRoutes(services.organisations));
      await api.register(userRoutes(services.users));
      await api.register(apiKeyRoutes(services.apiKeys));
      await api.register(communityRoutes(services.communities));
      await api.register(auditRoutes(services.audit));
      await api.register(reportRoutes(intelligence.reports, intelligence.ingest, intelligence.warninglists));
      await api.register(lookupRoutes(intelligence.lookup));
      await api.register(indicatorRoutes(intelligence.indicators));
      await api.register(warninglistRoutes(intelligence.warninglists));
      await api.register(fxRoutes(intelligence.fx));
      await api.register(watchRoutes(intelligence.watch));
      await api.register(accessRequestRoutes(createAccessRequestService(deps)));
      await api.register(networkRoutes(createNetworkService(deps, intelligence.networkLinker, createAccessRequestService(deps))));
      await api.register(mispRoutes(createMispImportService({ ingest: intelligence.ingest, ownReports: createOwnReportLookup(deps.db) }), createMispExportService(deps)));
      // An imported retraction leaves its network as the report service's does (intelligence.ts, `stixImport`).
      await api.register(stixRoutes(createStixService(deps, intelligence.stixImport)));
      await api.register(federationRoutes(federation));
    },
    { prefix: API_PREFIX },
  );
  // TAXII 2.1 lives outside /api/v1 with its own media type and error resource (docs/taxii.md).
  await app.register(taxiiRoutes(deps, intelligence.stixImport));

  await registerWebApp(app, config.webDistDir);

  // Scans of whole tables, started last and a turn of the event loop after the rest of the start-up, so
  // that `listen` does not wait for them: with a million indicators the lookup filter reads every key
  // (~1.3 s of this thread, logged when done, yielding between pages so that requests are served
  // meanwhile) and the decay sweep reads the indicators by window. Until the filter is complete, lookups
  // ask the database for every key: slower, never wrong. Not once close() has begun (`closing`, above).
  app.addHook('onReady', async () => {
    setTimeout(() => {
      if (closing) return;
      intelligence.lookup.follow(everyMinuteAtMost(app, 'lookup: reading the change feed failed'), (built) =>
        // From here a miss is answered from memory: worth a line in the log, with how long it took.
        app.log.info(built, 'lookup: membership filter built'),
      );
      intelligence.decay.start();
    }, 0);
  });
  return app;
}

/** Logs a background reader's failures at most once a minute: a database that is down fails every poll. */
function everyMinuteAtMost(app: FastifyInstance, message: string): (error: unknown) => void {
  let last = 0;
  return (error) => {
    if (Date.now() - last < 60_000) return;
    last = Date.now();
    app.log.error({ err: error }, message);
  };
}

/** Serves the built single-page app, answering unknown non-API paths with index.html for client routing. */
async function registerWebApp(app: FastifyInstance, configured: string | null): Promise<void> {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const candidates = configured ? [configured] : [path.resolve(here, '../../web/dist'), path.resolve(here, '../../../apps/web/dist')];
  const root = candidates.find((dir) => fs.existsSync(path.join(dir, 'index.html')));
  if (!root) {
    app.get('/', { config: { access: 'public' }, schema: { hide: true } }, async (_request, reply) =>
      reply.type('text/plain').send('GPOS API is running. The web app is not built: run `npm run build`. API reference: /docs'),
    );
    return;
  }
  // `serve: false`: no routes of the plugin's own, so the one route below carries an explicit access rule.
  // `preCompressed`: the build writes .br and .gz copies of the text files (scripts/precompress.mjs), sent
  // by the request's Accept-Encoding. `cacheControl: false`: the route sets Cache-Control itself, since the
  // plugin's retry without a compressed copy (images, fonts) would drop the options a call passes.
  await app.register(fastifyStatic, { root, serve: false, preCompressed: true, cacheControl: false });
  app.get('/*', { config: { access: 'public' }, schema: { hide: true } }, async (request, reply) => {
    let pathname: string;
    try {
      pathname = decodeURIComponent(request.url.split('?')[0] ?? '/');
    } catch {
      return reply.callNotFound();
    }
    // TAXII answers in its own media type and error resource (docs/taxii.md), never problem+json. Its
    // catch-all route `/taxii2/*` takes every path under /taxii2 the router sees; only an encoded slash
    // (`/taxii2%2Fother/`), decoded here, still arrives.
    if (isTaxiiPath(pathname)) return sendUnroutedTaxiiPath(request, reply);
    if (pathname.startsWith(API_PREFIX) || pathname.startsWith('/docs') || pathname.startsWith('/taxii2')) {
      return reply.callNotFound();
    }
    const file = path.resolve(root, `.${pathname}`);
    if (file.startsWith(root + path.sep) && fs.statSync(file, { throwIfNoEntry: false })?.isFile()) {
      // Vite fingerprints everything under assets/, so those never change under the same name.
      const immutable = pathname.startsWith('/assets/');
      return reply
        .header('cache-control', immutable ? 'public, max-age=31536000, immutable' : 'public, max-age=0')
        .header('vary', 'accept-encoding')
        .sendFile(path.relative(root, file));
    }
    return reply.header('cache-control', 'no-cache').header('vary', 'accept-encoding').sendFile('index.html');
  });
}
