/**
 * The network explorer (its own chunk: sigma and graphology load only when a network is opened). Draws
 * the visible graph with WebGL, laid out by `layoutGraph`; click a node (or pick it in the node list,
 * the keyboard and screen-reader equivalent of the canvas) to inspect it, set two reports as "from" and
 * "to" to see the chain of shared identifiers, mark an indicator as "does not link", colour by type,
 * country or Louvain cell.
 */
import { Alert, Badge, Button, Grid, Group, Loader, SegmentedControl, Stack, Switch, Text, TextInput, Title, UnstyledButton } from '@mantine/core';
import Graph from 'graphology';
import type Sigma from 'sigma';
import type { NodeDisplayData } from 'sigma/types';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNetworkGraph, useNetworkPath, type NetworkGraph, type NetworkGraphNode } from '../../api/networks-queries';
import { ErrorAlert } from '../../components/ErrorAlert';
import { countryName } from '../../i18n/countries';
import { tailId } from '../../lib/format';
import { cellLegendName, cellName } from './cell-name';
import {
  COLOUR_MODES,
  INDICATOR_TYPE_COLOURS,
  isIndicatorTypeKey,
  OTHER_COLOUR,
  PATH_COLOUR,
  rankedColours,
  REPORT_COLOUR,
  type ColourMode,
} from './colours';
import { NodePanel, PathPanel } from './ExplorerPanels';
import { createRenderer, writeNodesBox, type NodeAttributes, type ViewState } from './explorer-renderer';
import { stretchToAspect } from './layout';
import { layoutInBackground, prewarmLayoutWorker } from './layout-client';
import { nodeListCaption, nodeListEmpty, nodeSearchText, nodeText } from './node-text';

// This module is loaded while the network page fetches its graph (usePrefetchNetworkExplorer): the layout
// worker's script is fetched and compiled meanwhile, not after the graph arrives.
prewarmLayoutWorker();

const LIST_PAGE = 30;
/** How far the canvas' shape may drift (|ln(new aspect / old)|, ~5%) before the nodes are stretched to it anew. */
const RESTRETCH_LOG_RATIO = 0.05;

export interface ExplorerProps {
  networkId: string;
  /** Whether the viewer may record link decisions. */
  canDecide: boolean;
  onDoesNotLink: (indicator: { id: string; display: string }, contextReportId: string | null) => void;
}

function nodeSize(degree: number): number {
  return Math.min(16, 2.5 + 1.5 * Math.sqrt(Math.max(degree, 0)));
}

function nodeLabel(node: NetworkGraphNode): string {
  return node.kind === 'report' ? `${node.country ?? ''} ${tailId(node.id)}`.trim() : node.label;
}

export default function NetworkExplorer({ networkId, canDecide, onDoesNotLink }: ExplorerProps) {
  const { t, i18n } = useTranslation();
  const [cells, setCells] = useState(false);
  const [mode, setMode] = useState<ColourMode>('type');
  const graphQuery = useNetworkGraph(networkId, { cells });
  const data = graphQuery.data;
  const [selected, setSelected] = useState<string | null>(null);
  const [from, setFrom] = useState<string | null>(null);
  const [to, setTo] = useState<string | null>(null);
  const path = useNetworkPath(networkId, from, to);
  const [filter, setFilter] = useState('');
  const [shown, setShown] = useState(LIST_PAGE);
  const [renderMs, setRenderMs] = useState<number | null>(null);
  const [webglError, setWebglError] = useState(false);
  const containerRef = useRef<HTMLDivElement | null>(null);
  const sigmaRef = useRef<Sigma<NodeAttributes> | null>(null);

  const nodesById = useMemo(() => new Map((data?.nodes ?? []).map((n) => [n.id, n])), [data]);

  // Forget picks that are no longer in the graph (after a split, or a new graph).
  useEffect(() => {
    if (!data) return;
    if (selected && !nodesById.has(selected)) setSelected(null);
    if (from && !nodesById.has(from)) setFrom(null);
    if (to && !nodesById.has(to)) setTo(null);
  }, [data, nodesById, selected, from, to]);

  const colours = useMemo(() => colourMap(data, mode), [data, mode]);

  const pathNodes = useMemo(() => new Set(path.data?.found ? path.data.steps.map((s) => s.id) : []), [path.data]);
  const pathEdges = useMemo(() => {
    const keys = new Set<string>();
    const steps = path.data?.found ? path.data.steps : [];
    for (let i = 1; i < steps.length; i += 1) keys.add(edgeKey(steps[i - 1]!.id, steps[i]!.id));
    return keys;
  }, [path.data]);

  // The identifiers that name the cells: their labels come before other nodes' (when cells are shown).
  const cellNamers = useMemo(() => new Set((data?.cells ?? []).flatMap((c) => (c.topIndicatorId ? [c.topIndicatorId] : []))), [data]);

  // What the reducers read: kept in a ref so a colour or highlight change is a refresh, not a rebuild.
  const view = useRef<ViewState>({ colours, pathNodes, pathEdges, selected, picks: new Set<string>(), cellNamers });
  view.current = { colours, pathNodes, pathEdges, selected, picks: new Set([from, to].filter((v): v is string => v !== null)), cellNamers };

  // Build the graph and the renderer once per graph answer (laid out in a worker); time it from the
  // answer to the first drawn frame.
  useEffect(() => {
    const container = containerRef.current;
    if (!data || !container) return;
    const started = performance.now();
    const cancel = new AbortController();
    let renderer: Sigma<NodeAttributes> | null = null;
    let resized: ResizeObserver | null = null;
    setRenderMs(null);
    // The layout is stretched to the canvas' shape, so that fit-to-view fills it across as well as down:
    // here, from the worker's unstretched layout, so a canvas that changes shape later (the grid's columns
    // settling, a phone turned) is stretched to anew rather than stretched twice.
    const aspectOf = () => (container.clientHeight > 0 ? container.clientWidth / container.clientHeight : undefined);
    layoutInBackground(data.nodes, data.edges, cancel.signal)
      .then((unstretched) => {
        if (cancel.signal.aborted) return;
        let aspect = aspectOf();
        const layout = aspect ? stretchToAspect(unstretched, aspect) : unstretched;
        const graph = new Graph<NodeAttributes>({ type: 'undirected', multi: false, allowSelfLoops: false });
        /** Each node of the graph and its place in the layout (a repeated id keeps its first). */
        const placed: Array<[string, number]> = [];
        data.nodes.forEach((node, i) => {
          if (graph.hasNode(node.id)) return;
          graph.addNode(node.id, { x: layout.x[i] ?? 0, y: layout.y[i] ?? 0, size: nodeSize(node.degree), label: nodeLabel(node), color: REPORT_COLOUR, degree: node.degree });
          placed.push([node.id, i]);
        });
        for (const edge of data.edges) {
          if (edge.source === edge.target || !graph.hasNode(edge.source) || !graph.hasNode(edge.target)) continue;
          const key = edgeKey(edge.source, edge.target);
          if (!graph.hasEdge(key)) graph.addEdgeWithKey(key, edge.source, edge.target);
        }
        try {
          renderer = createRenderer(graph, container, view);
        } catch {
          setWebglError(true);
          return;
        }
        setWebglError(false);
        const drawn = renderer;
        const firstFrame = () => {
          setRenderMs(Math.round(performance.now() - started));
          drawn.off('afterRender', firstFrame);
        };
        drawn.on('afterRender', firstFrame);
        drawn.on('clickNode', ({ node }) => setSelected(node));
        drawn.on('enterNode', () => (container.style.cursor = 'pointer'));
        drawn.on('leaveNode', () => (container.style.cursor = ''));
        writeNodesBox(drawn, container);
        // Sigma sizes its canvas to the container when created and on a window resize only: a container
        // that changed width later (the grid's columns settling, a scroll bar coming or going) kept the
        // old canvas, and the graph sat in its top-left corner. The camera's framing is kept.
        if (typeof ResizeObserver !== 'undefined') {
          resized = new ResizeObserver(() => {
            // A container with no width for a moment (a full-page screenshot, a collapsing column): sigma
            // throws "Container has no width"; the next observation, with a width, resizes it.
            if (container.clientWidth === 0 || container.clientHeight === 0) return;
            drawn.resize();
            const now = aspectOf();
            // A shape changed by more than a few percent: the nodes move to the new stretch (sigma re-frames them).
            if (now && aspect && Math.abs(Math.log(now / aspect)) > RESTRETCH_LOG_RATIO) {
              aspect = now;
              const moved = stretchToAspect(unstretched, now);
              for (const [id, i] of placed) graph.mergeNodeAttributes(id, { x: moved.x[i] ?? 0, y: moved.y[i] ?? 0 });
              drawn.refresh();
            } else drawn.refresh({ skipIndexation: true });
          });
          resized.observe(container);
        }
        sigmaRef.current = drawn;
        drawn.refresh();
      })
      .catch((error: unknown) => {
        if (!(error instanceof DOMException && error.name === 'AbortError')) setWebglError(true);
      });
    return () => {
      cancel.abort();
      resized?.disconnect();
      const drawn = renderer as Sigma<NodeAttributes> | null;
      drawn?.kill();
      if (sigmaRef.current === drawn) sigmaRef.current = null;
    };
  }, [data]);

  useEffect(() => {
    sigmaRef.current?.refresh({ skipIndexation: true });
  }, [colours, pathNodes, pathEdges, selected, from, to]);

  const focusNode = useCallback((id: string) => {
    setSelected(id);
    const renderer = sigmaRef.current;
    const display = renderer?.getNodeDisplayData(id);
    if (renderer && display) void renderer.getCamera().animate({ x: display.x, y: display.y, ratio: 0.25 }, { duration: 400 });
  }, []);

  // The whole graph, as first drawn: sigma's camera at rest frames every node, `stagePadding` px inside the canvas.
  const fitView = useCallback(() => {
    void sigmaRef.current?.getCamera().animatedReset({ duration: 300 });
  }, []);

  // A chain found is shown whole: picking its second report zoomed onto that report alone, and the chain
  // ran off the canvas. The camera frames the chain's nodes; `pathInView` says how many of them it shows.
  const [pathInView, setPathInView] = useState<number | null>(null);
  useEffect(() => {
    setPathInView(null);
    const renderer = sigmaRef.current;
    const points = [...pathNodes].map((id) => renderer?.getNodeDisplayData(id)).filter((d): d is NodeDisplayData => d !== undefined);
    if (!renderer || points.length < 2) return;
    const xs = points.map((p) => p.x);
    const ys = points.map((p) => p.y);
    const extent = Math.max(Math.max(...xs) - Math.min(...xs), Math.max(...ys) - Math.min(...ys));
    const target = { x: (Math.min(...xs) + Math.max(...xs)) / 2, y: (Math.min(...ys) + Math.max(...ys)) / 2, ratio: Math.min(1.2, Math.max(0.1, extent * 1.5)) };
    let current = true;
    void renderer
      .getCamera()
      .animate(target, { duration: 400 })
      .then(() => {
        if (!current || sigmaRef.current !== renderer) return;
        const { width, height } = renderer.getDimensions();
        setPathInView(
          points.filter((p) => {
            const v = renderer.framedGraphToViewport(p);
            return v.x >= 0 && v.x <= width && v.y >= 0 && v.y <= height;
          }).length,
        );
      });
    return () => {
      current = false;
    };
  }, [pathNodes, renderMs]);

  const choose = (next: ColourMode) => {
    setMode(next);
    if (next === 'cell') setCells(true);
  };

  // Worked out once per graph and language, not on every keystroke (thousands of nodes).
  const searchable = useMemo(
    () =>
      [...(data?.nodes ?? [])]
        .sort((a, b) => b.degree - a.degree || a.id.localeCompare(b.id))
        .map((node) => ({ node, text: nodeSearchText(t, node, i18n.language) })),
    [data, t, i18n.language],
  );
  const listed = useMemo(() => {
    const needle = filter.trim().toLocaleLowerCase(i18n.language);
    return (needle ? searchable.filter((s) => s.text.includes(needle)) : searchable).map((s) => s.node);
  }, [searchable, filter, i18n.language]);

  const selectedNode = selected ? nodesById.get(selected) : undefined;
  const nodeCount = data?.nodes.length ?? 0;
  const edgeCount = data?.edges.length ?? 0;

  return (
    <Stack gap="sm" data-testid="network-explorer">
      <Group justify="space-between" wrap="wrap" gap="sm">
        <Group gap="sm" wrap="wrap">
          <Text size="sm" fw={600} id="colour-by-label">
            {t('networks.explorer.colourBy')}
          </Text>
          <SegmentedControl
            aria-labelledby="colour-by-label"
            size="xs"
            value={mode}
            onChange={(v) => choose(COLOUR_MODES.find((m) => m === v) ?? 'type')}
            data={COLOUR_MODES.map((m) => ({ value: m, label: t(`networks.explorer.colour.${m}`) }))}
            data-testid="colour-by"
          />
        </Group>
        <Switch
          label={t('networks.explorer.showCells')}
          checked={cells}
          onChange={(e) => {
            const on = e.currentTarget.checked;
            setCells(on);
            if (!on && mode === 'cell') setMode('type');
          }}
          data-testid="cells-toggle"
        />
      </Group>
      <ErrorAlert error={graphQuery.error} />
      {data?.truncated && (
        <Alert color="blue" variant="light" data-testid="graph-truncated">
          {t('networks.explorer.truncated', { shown: nodeCount })}
        </Alert>
      )}
      {webglError && (
        <Alert color="yellow" variant="light">
          {t('networks.explorer.noWebgl')}
        </Alert>
      )}
      <Grid gutter="md">
        <Grid.Col span={{ base: 12, lg: 8 }}>
          {/* The toolbar is a strip above the canvas, not over it: a button in the canvas' corner hid the
              nodes and labels drawn there. */}
          <div style={{ border: '1px solid var(--mantine-color-gray-3)', borderRadius: 8, background: '#ffffff', overflow: 'hidden' }}>
            <Group justify="space-between" gap="xs" px={8} py={4} mih={38} style={{ borderBottom: '1px solid var(--mantine-color-gray-2)' }}>
              {graphQuery.isPending || (data && renderMs === null && !webglError) ? (
                <Group gap="xs" role="status">
                  <Loader size="xs" />
                  <Text size="sm">{t('networks.explorer.loading')}</Text>
                </Group>
              ) : (
                <span />
              )}
              {renderMs !== null && !webglError && (
                <Button variant="default" size="xs" onClick={fitView} data-testid="graph-fit">
                  {t('networks.explorer.fitView')}
                </Button>
              )}
            </Group>
            <div
              ref={containerRef}
              role="img"
              aria-label={t('networks.explorer.canvasLabel', { nodes: nodeCount, edges: edgeCount })}
              data-testid="graph-canvas"
              data-nodes={nodeCount}
              data-rendered={renderMs !== null ? 'true' : 'false'}
              data-render-ms={renderMs ?? undefined}
              data-path-nodes={pathNodes.size}
              data-path-in-view={pathInView ?? undefined}
              style={{ width: '100%', height: 560 }}
            />
          </div>
          <Legend data={data} mode={mode} colours={colours} />
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 4 }}>
        <Stack gap="sm">
          <NodePanel
            node={selectedNode}
            cell={selectedNode?.cell != null ? data?.cells.find((c) => c.id === selectedNode.cell) : undefined}
            from={from}
            to={to}
            canDecide={canDecide}
            onClose={() => setSelected(null)}
            onFrom={(id) => setFrom(id)}
            onTo={(id) => setTo(id)}
            onDoesNotLink={(node) => onDoesNotLink({ id: node.id, display: node.label }, from ?? to ?? null)}
          />
          <PathPanel
            from={from ? nodesById.get(from) : undefined}
            to={to ? nodesById.get(to) : undefined}
            loading={path.isFetching}
            error={path.error}
            path={path.data}
            onSelect={focusNode}
            onClear={() => {
              setFrom(null);
              setTo(null);
            }}
          />
        </Stack>
        </Grid.Col>
      </Grid>

      {cells && data && data.cells.length > 0 && (
        <section aria-labelledby="cells-title">
          <Title order={3} size="h5" id="cells-title" mb={4}>
            {t('networks.explorer.cellsTitle')}
          </Title>
          <Group gap="xs" wrap="wrap" component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }} data-testid="cells-list">
            {[...data.cells]
              .sort((a, b) => b.reports + b.indicators - (a.reports + a.indicators) || a.id - b.id)
              .map((cell) => (
                <li key={cell.id}>
                  <Badge variant="outline" color="gray" leftSection={<Swatch colour={mode === 'cell' ? cellColour(data, cell.id) : OTHER_COLOUR} />} tt="none">
                    {t('networks.explorer.cellItem', {
                      label: cellName(t, cell),
                      reports: t('networks.explorer.cellReports', { count: cell.reports }),
                      indicators: t('networks.explorer.cellIndicators', { count: cell.indicators }),
                    })}
                  </Badge>
                </li>
              ))}
          </Group>
        </section>
      )}

      <section aria-labelledby="node-list-title">
        <Group justify="space-between" align="flex-end" wrap="wrap" gap="sm">
          <div>
            <Title order={3} size="h5" id="node-list-title">
              {t('networks.explorer.nodeList')}
            </Title>
            <Text size="xs" c="dimmed">
              {nodeListCaption(t, { shown, matched: listed.length, total: nodeCount, filtering: filter.trim() !== '' })}
            </Text>
          </div>
          <TextInput
            label={t('networks.explorer.nodeFilter')}
            size="xs"
            value={filter}
            onChange={(e) => {
              setFilter(e.currentTarget.value);
              setShown(LIST_PAGE);
            }}
            w={260}
            data-testid="node-filter"
          />
        </Group>
        {listed.length === 0 && filter.trim() !== '' && (
          <Group gap="sm" mt="xs" wrap="wrap" data-testid="node-list-empty">
            <Text size="sm" role="status" style={{ overflowWrap: 'break-word' }}>
              {nodeListEmpty(t, filter)}
            </Text>
            <Button
              variant="default"
              size="xs"
              onClick={() => {
                setFilter('');
                setShown(LIST_PAGE);
              }}
            >
              {t('networks.explorer.nodeListClear')}
            </Button>
          </Group>
        )}
        <ul style={{ listStyle: 'none', padding: 0, margin: '8px 0 0', columns: '280px auto', columnGap: 16 }} data-testid="node-list">
          {listed.slice(0, shown).map((node) => (
            <li key={node.id} style={{ breakInside: 'avoid' }}>
              <UnstyledButton
                onClick={() => focusNode(node.id)}
                aria-pressed={node.id === selected}
                data-testid="node-item"
                data-kind={node.kind}
                data-node-id={node.id}
                data-country={node.country ?? undefined}
                className="node-list-button"
                style={{ display: 'flex', gap: 6, alignItems: 'center', padding: '2px 4px', borderRadius: 4, width: '100%', fontWeight: node.id === selected ? 700 : 400 }}
              >
                <Swatch colour={colours.get(node.id) ?? REPORT_COLOUR} />
                <Text size="sm" span className="break-all">
                  {nodeText(t, node, i18n.language)}
                </Text>
              </UnstyledButton>
            </li>
          ))}
        </ul>
        {listed.length > shown && (
          <Button variant="default" size="xs" mt="xs" onClick={() => setShown((s) => s + LIST_PAGE * 4)}>
            {t('common.loadMore')}
          </Button>
        )}
      </section>
    </Stack>
  );
}

function edgeKey(a: string, b: string): string {
  return a < b ? `${a}|${b}` : `${b}|${a}`;
}

function cellColour(data: NetworkGraph, cell: number): string {
  return rankedColours(data.nodes.map((n) => n.cell)).get(cell) ?? OTHER_COLOUR;
}

/** Node id → colour for the chosen mode. */
function colourMap(data: NetworkGraph | undefined, mode: ColourMode): Map<string, string> {
  const out = new Map<string, string>();
  if (!data) return out;
  if (mode === 'type') {
    for (const n of data.nodes) out.set(n.id, n.kind === 'report' ? REPORT_COLOUR : isIndicatorTypeKey(n.type) ? INDICATOR_TYPE_COLOURS[n.type] : OTHER_COLOUR);
  } else if (mode === 'country') {
    const ranked = rankedColours(data.nodes.map((n) => n.country));
    for (const n of data.nodes) out.set(n.id, (n.country && ranked.get(n.country)) || OTHER_COLOUR);
  } else {
    const ranked = rankedColours(data.nodes.map((n) => n.cell));
    for (const n of data.nodes) out.set(n.id, (n.cell !== null && ranked.get(n.cell)) || OTHER_COLOUR);
  }
  return out;
}

function Swatch({ colour }: { colour: string }) {
  return <span aria-hidden style={{ display: 'inline-block', flex: 'none', width: 10, height: 10, borderRadius: 999, background: colour }} />;
}

function Legend({ data, mode, colours }: { data: NetworkGraph | undefined; mode: ColourMode; colours: Map<string, string> }) {
  const { t, i18n } = useTranslation();
  const entries = useMemo(() => {
    if (!data) return [];
    if (mode === 'type') {
      const types = [...new Set(data.nodes.filter((n) => n.kind === 'indicator').map((n) => n.type))].sort();
      return [
        { colour: REPORT_COLOUR, label: t('networks.explorer.report') },
        ...types.map((type) => ({
          colour: isIndicatorTypeKey(type) ? INDICATOR_TYPE_COLOURS[type] : OTHER_COLOUR,
          label: isIndicatorTypeKey(type) ? t(`indicatorTypes.${type}`) : type,
        })),
      ];
    }
    const seen = new Map<string, string>();
    for (const n of data.nodes) {
      const key = mode === 'country' ? n.country : n.cell === null ? null : String(n.cell);
      const colour = colours.get(n.id) ?? OTHER_COLOUR;
      if (colour === OTHER_COLOUR) continue;
      if (key !== null && !seen.has(key)) seen.set(key, colour);
    }
    const cellOf = new Map(data.cells.map((c) => [String(c.id), c]));
    return [
      ...[...seen.entries()].map(([key, colour]) => ({
        colour,
        label: mode === 'country' ? countryName(key, i18n.language) : cellLegendName(t, cellOf.get(key) ?? { id: Number(key), label: null }),
      })),
      { colour: OTHER_COLOUR, label: t('networks.explorer.otherColour') },
    ];
  }, [data, mode, colours, t, i18n.language]);
  if (entries.length === 0) return null;
  return (
    <Group gap="md" wrap="wrap" mt={6} role="list" aria-label={t('networks.explorer.legend')} data-testid="graph-legend">
      {entries.map((e) => (
        <Group key={`${e.colour}-${e.label}`} gap={4} wrap="nowrap" role="listitem">
          <Swatch colour={e.colour} />
          <Text size="xs">{e.label}</Text>
        </Group>
      ))}
      <Group gap={4} wrap="nowrap" role="listitem">
        <Swatch colour={PATH_COLOUR} />
        <Text size="xs">{t('networks.explorer.pathColour')}</Text>
      </Group>
    </Group>
  );
}
