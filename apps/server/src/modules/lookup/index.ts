/**
 * Lookup: batch-friendly identifier search answering from an in-memory membership filter for misses and
 * one query per batch for hits, with counts limited to what the viewer may see.
 */
export { createLookupService, type LookupService } from './lookup.service.js';
export { lookupRoutes } from './lookup.routes.js';
export { MembershipFilter, indicatorKey } from './membership-filter.js';
