/**
 * Networks: reports that share a linkable indicator belong to one network. This module owns the
 * incremental linker (a queue written by the ingest transaction, drained under one global lock by any
 * server process), the degree guard and analysts' link decisions with their undoable history, the full
 * rebuild that must agree with the incremental state, and the read side — ranking, detail, explanation
 * path, graph, export and access requests — always over the reports the viewer may see. The pure graph
 * algorithms live in ./graph.
 */
export { createNetworkLinker, type NetworkLinker, LINK_CHUNK } from './network-queue.js';
export { createNetworkService, type NetworkService, DEFAULT_MIN_REPORTS } from './network.service.js';
export { networkRoutes } from './network.routes.js';
export { createNetworkAccessRequests } from './network-access-requests.js';
export { inReadSnapshot, rebuildNetworks, type RebuildResult } from './network-rebuild.js';
export { DEGREE_FLOOR, DEGREE_MULTIPLE, P99_MIN_INDICATORS, refreshThresholds, THRESHOLD_RULE, type ThresholdRefresh } from './link-policy.js';
