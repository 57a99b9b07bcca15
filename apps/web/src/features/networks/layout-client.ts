/**
 * Lays a graph out in a web worker when the browser has them, else on the main thread (same function,
 * same positions either way: the layout is deterministic). Unstretched: the explorer stretches it to its
 * canvas' shape (stretchToAspect), and again when that shape changes.
 */
import { layoutGraph, type LayoutEdgeInput, type LayoutNodeInput } from './layout';
import type { LayoutRequest, LayoutResponse } from './layout.worker';

export async function layoutInBackground(
  nodes: readonly LayoutNodeInput[],
  edges: readonly LayoutEdgeInput[],
  signal: AbortSignal,
): Promise<LayoutResponse> {
  const request: LayoutRequest = {
    nodes: nodes.map((n) => ({ id: n.id, cell: n.cell, degree: n.degree })),
    edges: edges.map((e) => ({ source: e.source, target: e.target })),
  };
  if (typeof Worker === 'undefined') return layoutGraph(request.nodes, request.edges);
  let worker: Worker;
  try {
    worker = new Worker(new URL('./layout.worker.ts', import.meta.url), { type: 'module' });
  } catch {
    return layoutGraph(request.nodes, request.edges);
  }
  return new Promise<LayoutResponse>((resolve, reject) => {
    const done = () => {
      worker.terminate();
      signal.removeEventListener('abort', abort);
    };
    const abort = () => {
      done();
      reject(new DOMException('Layout cancelled', 'AbortError'));
    };
    signal.addEventListener('abort', abort);
    worker.onmessage = (event: MessageEvent<LayoutResponse>) => {
      done();
      resolve(event.data);
    };
    worker.onerror = () => {
      // A worker that cannot start (blocked by a policy, say): do the work here instead.
      done();
      resolve(layoutGraph(request.nodes, request.edges));
    };
    worker.postMessage(request);
  });
}
