import type Graph from 'graphology';

/**
 * A memoised neighbourhood for the explorer's reducers, which ask it once per node drawn: the neighbours of
 * the nodes `centres` names (with the centres themselves when `withCentres`), computed again only when the
 * centres change. Centres that are null or no longer in the graph are skipped.
 */
export function neighbourhoodOf(graph: Graph, centres: () => ReadonlyArray<string | null>, withCentres: boolean): () => ReadonlySet<string> {
  let cached: { of: string | null; nodes: ReadonlySet<string> } = { of: null, nodes: new Set() };
  return () => {
    const now = centres();
    const of = now.map((c) => c ?? '').join('\u0000');
    if (cached.of !== of) {
      const nodes = new Set<string>();
      for (const centre of now) {
        if (!centre || !graph.hasNode(centre)) continue;
        if (withCentres) nodes.add(centre);
        graph.forEachNeighbor(centre, (n) => nodes.add(n));
      }
      cached = { of, nodes };
    }
    return cached.nodes;
  };
}
