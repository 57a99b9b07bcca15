/**
 * The explorer's WebGL renderer (sigma over graphology): how nodes and edges are drawn from the view state
 * (colours, the chain, the selection, the picks, the cells' naming identifiers), which labels show, and
 * where the nodes are drawn, written for the browser tests. NetworkExplorer.tsx builds the graph and owns
 * the state; this module only draws it.
 */
import type Graph from 'graphology';
import Sigma from 'sigma';
import type { EdgeDisplayData, NodeDisplayData } from 'sigma/types';
import { PATH_COLOUR } from './colours';
import { LABEL_RANK } from './label-placement';
import { neighbourhoodOf } from './neighbourhood';
import { placedLabels } from './sigma-labels';
import { viewportBox } from './viewport-box';

/** Font size (px) of the node labels on the canvas. */
const LABEL_SIZE = 13;
const FADED = '#e3e7eb';

export interface NodeAttributes {
  x: number;
  y: number;
  size: number;
  label: string;
  color: string;
  /** How many nodes it links (the graph answer's degree): the hubs' labels go first. */
  degree: number;
}

/** What the reducers read on every refresh (kept in a ref by the explorer). */
export interface ViewState {
  colours: Map<string, string>;
  pathNodes: Set<string>;
  pathEdges: Set<string>;
  selected: string | null;
  picks: Set<string>;
  cellNamers: Set<string>;
}

/** How many of the most connected nodes are hubs, whose labels may stand off their node (label-placement.ts). */
const HUBS = 5;

/** The `count` most connected nodes of at least 2 links (the largest degree first, then the key). */
export function hubsOf(graph: Graph<NodeAttributes>, count: number): Set<string> {
  const nodes: [string, number][] = [];
  graph.forEachNode((key, attrs) => {
    if (attrs.degree >= 2) nodes.push([key, attrs.degree]);
  });
  nodes.sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  return new Set(nodes.slice(0, count).map(([key]) => key));
}

/** Characters of a node's label on the canvas. */
const MAX_LABEL = 24;

/**
 * The WebGL renderer; what it highlights is read from `view` on every refresh. Labels never overlap
 * (sigma-labels.ts): sigma's label grid offers, per screen cell of `labelGridCellSize` px, the largest
 * nodes of at least `labelRenderedSizeThreshold` px (more as one zooms in, `labelDensity`), with the
 * forced ones: the selected node, the picked reports and the chain, the neighbours of the selected node
 * and of the one under the pointer, the identifiers that name the cells, and the hubs (the `HUBS` most
 * connected nodes). They are drawn in that order of importance, the most connected first among equals,
 * each on the first side of its node where it touches no label drawn before, no other node's disc and not
 * the canvas' edge (faded nodes do not count: off the chain, or outside the selected node's neighbourhood);
 * a hub's, with no such side (in the dense middle of a zoomed-out network), stands off its node with a
 * leader line. The boxed ones (selected, picked, hovered) are drawn by `drawHover` instead of sigma's
 * hover renderer, on the side where their box fits the canvas, not always right of the node.
 */
export function createRenderer(graph: Graph<NodeAttributes>, container: HTMLElement, view: { current: ViewState }): Sigma<NodeAttributes> {
  let hovered: string | null = null;
  // The neighbours of the selected and the hovered node, and the selected node's neighbourhood (itself and
  // its neighbours): each worked out again only when its centres change, not for every node reduced.
  const neighbours = neighbourhoodOf(graph, () => [view.current.selected, hovered], false);
  const focused = neighbourhoodOf(graph, () => [view.current.selected], true);
  /**
   * Whether a node is faded: off the chain while one is shown; else, while a node is selected, outside its
   * neighbourhood (but for the picked reports). Selecting a hub of a dense network zoomed onto a canvas
   * covered with discs, where none of its neighbours' labels found room: they may cover faded discs.
   */
  const faded = (key: string) => {
    const v = view.current;
    if (v.pathNodes.size > 0) return !v.pathNodes.has(key);
    return v.selected !== null && focused().size > 0 && !focused().has(key) && !v.picks.has(key);
  };
  const notFaded = (key: string) => !faded(key);
  // The graph's nodes never change once drawn (a new graph gets a new renderer): its hubs are found once.
  const hubs = hubsOf(graph, HUBS);
  const labels = placedLabels<NodeAttributes>((key) => {
    const v = view.current;
    const weight = graph.getNodeAttribute(key, 'degree');
    // A faded hub (off the chain, outside the selection) gets no label.
    const callout = hubs.has(key) && !faded(key);
    const of = (rank: number, kept: boolean) => ({ rank, kept, weight, callout });
    if (key === v.selected) return of(LABEL_RANK.selected, true);
    if (v.picks.has(key)) return of(LABEL_RANK.picked, true);
    if (key === hovered) return of(LABEL_RANK.hovered, true);
    if (v.pathNodes.has(key)) return of(LABEL_RANK.path, false);
    if (neighbours().has(key)) return of(LABEL_RANK.neighbour, false);
    if (v.cellNamers.has(key)) return of(LABEL_RANK.cell, false);
    return of(hubs.has(key) ? LABEL_RANK.hub : LABEL_RANK.other, false);
  }, notFaded);
  const renderer = new Sigma<NodeAttributes>(graph, container, {
    renderEdgeLabels: false,
    labelSize: LABEL_SIZE,
    labelRenderedSizeThreshold: 5,
    labelGridCellSize: 60,
    labelDensity: 1,
    defaultDrawNodeLabel: labels.draw,
    defaultDrawNodeHover: labels.drawHover,
    defaultEdgeColor: '#c5ccd3',
    zIndex: true,
    minCameraRatio: 0.02,
    maxCameraRatio: 4,
    nodeReducer: (key, attrs) => {
      const v = view.current;
      const out: Partial<NodeDisplayData> = { ...attrs, color: v.colours.get(key) ?? attrs.color };
      // Long handles and URLs ran into their neighbours' labels (and off a phone's canvas): shortened but
      // for the node the reader selected, whose whole value the panel shows as well.
      if (key !== v.selected && attrs.label && attrs.label.length > MAX_LABEL) out.label = `${attrs.label.slice(0, MAX_LABEL - 1)}…`;
      if (v.pathNodes.has(key)) Object.assign(out, { color: PATH_COLOUR, size: attrs.size + 3, forceLabel: true, zIndex: 2 });
      // A faded node keeps its label only under the pointer.
      else if (faded(key)) Object.assign(out, { color: FADED, label: key === hovered ? out.label : '', zIndex: 0 });
      // The selected node's neighbours are drawn over the faded discs around them.
      else if (v.selected !== null && focused().has(key)) out.zIndex = 1;
      if (neighbours().has(key) || v.cellNamers.has(key) || key === hovered || (hubs.has(key) && !faded(key))) out.forceLabel = true;
      if (v.picks.has(key)) Object.assign(out, { forceLabel: true, highlighted: true, zIndex: 3 });
      if (key === v.selected) Object.assign(out, { highlighted: true, forceLabel: true, zIndex: 3, size: (out.size ?? attrs.size) + 2 });
      return out;
    },
    edgeReducer: (key, attrs) => {
      const v = view.current;
      if (v.pathEdges.size > 0) return v.pathEdges.has(key) ? { ...attrs, color: PATH_COLOUR, size: 3, zIndex: 2 } : { ...attrs, color: '#eef0f2', zIndex: 0 };
      // The selected node's own links stand out; the others fade with the nodes they join.
      if (v.selected !== null && focused().size > 0) return graph.hasExtremity(key, v.selected) ? { ...attrs, zIndex: 1 } : { ...attrs, color: '#eef0f2', zIndex: 0 };
      return attrs as Partial<EdgeDisplayData>;
    },
  });
  labels.attach(renderer, container);
  // The node under the pointer and its neighbours show their labels: only their nodes are reduced again.
  const hover = (node: string | null) => {
    const before = [hovered, ...neighbours()];
    hovered = node;
    const nodes = new Set([...before, hovered, ...neighbours()].filter((n): n is string => n !== null));
    renderer.refresh({ partialGraph: { nodes: [...nodes] }, skipIndexation: true });
  };
  renderer.on('enterNode', ({ node }) => hover(node));
  renderer.on('leaveNode', () => hover(null));
  return renderer;
}

/**
 * Writes where the nodes are drawn (`viewportBox`, canvas pixels) to the container's `data-nodes-box`
 * after each frame whose camera or size changed.
 */
export function writeNodesBox(renderer: Sigma<NodeAttributes>, container: HTMLElement): void {
  let seen = '';
  renderer.on('afterRender', () => {
    const { width, height } = renderer.getDimensions();
    const { x, y, ratio, angle } = renderer.getCamera().getState();
    const now = `${x} ${y} ${ratio} ${angle} ${width} ${height}`;
    if (now === seen) return;
    seen = now;
    const box = viewportBox(renderer.getGraph().mapNodes((node) => renderer.framedGraphToViewport(renderer.getNodeDisplayData(node) ?? { x: Number.NaN, y: Number.NaN })));
    container.setAttribute('data-nodes-box', JSON.stringify(box));
  });
}
