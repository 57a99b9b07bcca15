import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyReply, FastifyRequest } from 'fastify';
import helmet from 'helmet';

/**
 * Security headers from helmet's well-kept defaults plus our CSP, computed once at start and then copied
 * onto every response. (The Fastify wrapper rebuilds helmet for every request, which costs more than our
 * whole authentication step.)
 */
export function securityHeaders(): Record<string, string> {
  const middleware = helmet({
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        frameAncestors: ["'none'"],
        upgradeInsecureRequests: null,
      },
    },
    crossOriginEmbedderPolicy: false,
  });
  const headers: Record<string, string> = {};
  const response = {
    setHeader(name: string, value: string | number | readonly string[]) {
      headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
    },
    removeHeader(name: string) {
      delete headers[name.toLowerCase()];
    },
  };
  middleware({} as IncomingMessage, response as unknown as ServerResponse, () => undefined);
  return headers;
}

/**
 * JSON API responses are never rendered as documents, so they carry the short set the OWASP REST Security
 * Cheat Sheet recommends instead of the page set: fewer bytes on every machine-to-machine call. HSTS is
 * added only on TLS connections, the only place a browser honours it (RFC 6797 §8.1).
 */
export const API_SECURITY_HEADERS: Record<string, string> = {
  'cache-control': 'no-store',
  'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
};
const HSTS = 'max-age=31536000; includeSubDomains';

/**
 * Returns the step that stamps every response with its security headers and its request id (so a caller
 * can quote it to the operators). It runs inside the request-auth hook rather than as a hook of its own:
 * each hook is a step every request pays for, and this one is on the hottest path there is.
 */
export function securityHeaderStamp(apiPrefix: string): (request: FastifyRequest, reply: FastifyReply) => void {
  const pageHeaders = securityHeaders();
  delete pageHeaders['strict-transport-security'];
  return (request, reply) => {
    reply.headers(request.url.startsWith(apiPrefix) ? API_SECURITY_HEADERS : pageHeaders);
    if (request.protocol === 'https') reply.header('strict-transport-security', HSTS);
    reply.header('x-request-id', request.id);
  };
}
