/**
 * Network graph algorithms: pure, in-memory and database-free. This folder owns the shapes a network
 * takes in memory (the bipartite report–indicator graph, a CSR adjacency built once per call), the
 * full rebuild of network membership (`rebuildComponents`, union-find over typed arrays, reports joined
 * only through linkable indicators), the shortest report → indicator → report chain that explains a link,
 * the bounded, connected subgraph the explorer draws (one rule, driven over memory or, batch by batch,
 * over the database), Louvain "cells" inside a network, the GraphML and
 * GEXF exports, and the documented "big fish" ranking score (docs/networks-score.md). The rest of the
 * networks module loads rows (already filtered by the sharing policy) and calls these; nothing here
 * knows about organisations, markings or SQL.
 */
export { UnionFind } from './union-find.js';
export { buildAdjacency, type Adjacency, type BipartiteGraph, type GraphNodeKind, type GraphNodeRef } from './bipartite-graph.js';
export { shortestReportPath, boundedSubgraph, type BoundedSubgraph } from './graph-traversal.js';
export { growAsync, growSync, memoryGrowthSource, type AsyncGrowthSource, type GrowthNode, type GrowthResult, type GrowthSource } from './bounded-growth.js';
export { detectCells, mulberry32 } from './detect-cells.js';
export { toGraphML, toGexf, escapeXml, type NetworkExportDoc } from './graph-export.js';
export { bigFishScore, BIG_FISH_WEIGHTS, type BigFishMetrics } from './big-fish-score.js';
export { rebuildComponents } from './rebuild-components.js';
