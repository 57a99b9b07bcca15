import Graph from 'graphology';
import { describe, expect, it } from 'vitest';
import { neighbourhoodOf } from './neighbourhood';

function star(): Graph {
  const graph = new Graph();
  for (const key of ['hub', 'a', 'b', 'c', 'lone']) graph.addNode(key);
  for (const leaf of ['a', 'b', 'c']) graph.addEdge('hub', leaf);
  return graph;
}

describe('neighbourhoodOf', () => {
  it('gives the neighbours of every centre, with the centres only when asked', () => {
    const graph = star();
    let centres: (string | null)[] = ['a', 'lone'];
    expect([...neighbourhoodOf(graph, () => centres, false)()].sort()).toEqual(['hub']);
    expect([...neighbourhoodOf(graph, () => centres, true)()].sort()).toEqual(['a', 'hub', 'lone']);
    centres = [null, 'gone'];
    expect(neighbourhoodOf(graph, () => centres, true)().size).toBe(0);
  });

  it('works a neighbourhood out again only when its centres change', () => {
    const graph = star();
    let centres: (string | null)[] = ['hub', null];
    const near = neighbourhoodOf(graph, () => centres, false);
    const first = near();
    expect([...first].sort()).toEqual(['a', 'b', 'c']);
    expect(near()).toBe(first);
    centres = [null, 'hub'];
    const moved = near();
    expect(moved).not.toBe(first);
    expect([...moved].sort()).toEqual(['a', 'b', 'c']);
    centres = ['a', null];
    expect([...near()]).toEqual(['hub']);
  });
});
