import { LIMITS } from '@gpos/contracts';
import type { ServerDeps } from '../../platform/context.js';
import type { AccessRequestService } from '../access-requests/access-request.service.js';
import { createLinkDecisions } from './link-decision.service.js';
import { createLinkReview } from './link-review.js';
import { createNetworkAccessRequests } from './network-access-requests.js';
import { createNetworkReads } from './network-reads.js';
import type { NetworkLinker } from './network-queue.js';
import { createNetworkViewing } from './network-viewing.js';

export { DEFAULT_MIN_REPORTS } from './network-reads.js';

/**
 * Networks as a viewer may see them, and what analysts decide about their links: one service for the
 * routes and the CLI, made of modules with one job each — the ranking list and a network's page
 * (network-reads.ts), its path, graph and export (network-viewing.ts), the link review
 * (link-review.ts), link decisions and their undo (link-decision.service.ts), and access requests for a
 * network's hidden reports (network-access-requests.ts).
 */
export function createNetworkService(deps: Pick<ServerDeps, 'db' | 'engine'>, linker: NetworkLinker, accessRequests: AccessRequestService) {
  return {
    ...createNetworkReads(deps),
    ...createNetworkViewing(deps),
    ...createLinkReview(deps),
    ...createLinkDecisions(deps, linker),
    ...createNetworkAccessRequests(deps, accessRequests),
    limits: { graphNodes: LIMITS.networkGraphNodes },
  };
}

export type NetworkService = ReturnType<typeof createNetworkService>;
