/**
 * Lays a graph out in a web worker when the browser has them, else on the main thread (same function,
 * same positions either way: the layout is deterministic). Unstretched: the explorer stretches it to its
 * canvas' shape (stretchToAspect), and again when that shape changes.
 */
import { layoutGraph, type LayoutEdgeInput, type LayoutNodeInput } from './layout';
import type { LayoutRequest, LayoutResponse } from './layout.worker';

/** A worker started before its graph arrived (prewarmLayoutWorker), for the next layout to take. */
let spare: Worker | null = null;

function startWorker(): Worker {
  return new Worker(new URL('./layout.worker.ts', import.meta.url), { type: 'module' });
}

/**
 * Starts a layout worker now, so that its script is fetched and compiled while the graph is fetched:
 * started only once the graph had arrived, the first layout of a network page waited ~0.4 s more for it
 * (walkthrough, session 59: the graph appeared 1.3–1.8 s after the click on a 2-core machine).
 */
export function prewarmLayoutWorker(): void {
  if (spare || typeof Worker === 'undefined') return;
  try {
    spare = startWorker();
  } catch {
    spare = null;
  }
}

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
    worker = spare ?? startWorker();
    spare = null;
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
