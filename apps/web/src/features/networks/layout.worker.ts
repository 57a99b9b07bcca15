/// <reference lib="webworker" />
/**
 * Runs `layoutGraph` off the main thread, so the page keeps answering while a big network is laid out.
 * Positions come back as transferred buffers (no copy).
 */
import { layoutGraph, type LayoutEdgeInput, type LayoutNodeInput } from './layout';

export interface LayoutRequest {
  nodes: LayoutNodeInput[];
  edges: LayoutEdgeInput[];
}

export interface LayoutResponse {
  x: Float64Array;
  y: Float64Array;
}

const scope = self as unknown as DedicatedWorkerGlobalScope;

scope.onmessage = (event: MessageEvent<LayoutRequest>) => {
  const { x, y } = layoutGraph(event.data.nodes, event.data.edges);
  const response: LayoutResponse = { x, y };
  scope.postMessage(response, [x.buffer, y.buffer]);
};
