/**
 * Watchlists and events: partners watch identifiers, ranges and domains; matches become events on a live
 * stream and signed, retried webhooks.
 */
export { createWatchService, signPayload, retryDelayMs, SIGNATURE_HEADER, type WatchService } from './watch.service.js';
export { watchRoutes } from './watch.routes.js';
