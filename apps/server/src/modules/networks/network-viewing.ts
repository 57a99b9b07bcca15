import type { NetworkGraph, networkGraphQuerySchema } from '@gpos/contracts';
import type { z } from 'zod';
import type { ServerDeps } from '../../platform/context.js';
import type { AuditContext } from '../../platform/audit/index.js';
import type { MemberActor } from '../../platform/auth/index.js';
import { notFound } from '../../platform/errors.js';
import { viewerOf } from '../../platform/sharing/index.js';
import { auditRedReads, redReportsAmong } from '../reports/red-reads.js';
import { shortestReportPath, type BipartiteGraph } from './graph/index.js';
import { networkExportFile, type NetworkExportFormat } from './network-export-file.js';
import { networkGraph, reportLabel } from './network-graph.js';
import type { MemberRow } from './network-metrics.js';
import { visibleNetwork } from './network-viewer.js';
import type { VisibleEdge } from './network.repository.js';

type GraphQuery = z.output<typeof networkGraphQuerySchema>;

/**
 * Looking into one network: the chain between two of its reports, the explorer's graph and the export
 * file, each over the reports the viewer may see, their RED reports audited as reads.
 */
export function createNetworkViewing(deps: Pick<ServerDeps, 'db' | 'engine'>) {
  const { db, engine } = deps;

  function bipartite(rows: readonly MemberRow[], edges: readonly VisibleEdge[]) {
    const reportIndex = new Map(rows.map((r, i) => [r.report_id, i]));
    const indicators: string[] = [];
    const indicatorIndex = new Map<string, number>();
    const info = new Map<string, { type: string; display: string }>();
    const g: BipartiteGraph = { reports: rows.map((r) => r.report_id), indicators, edges: [] };
    for (const e of edges) {
      let i = indicatorIndex.get(e.indicator_id);
      if (i === undefined) {
        i = indicators.length;
        indicators.push(e.indicator_id);
        indicatorIndex.set(e.indicator_id, i);
        info.set(e.indicator_id, { type: e.type, display: e.display });
      }
      g.edges.push([reportIndex.get(e.report_id)!, i, e.role]);
    }
    return { g, info, reportById: new Map(rows.map((r) => [r.report_id, r])) };
  }

  return {
    /** The chain between two reports; its RED report steps (label, country, date) are audited as reads, as the graph's nodes are. */
    async path(actor: MemberActor, context: AuditContext, id: string, from: string, to: string) {
      const { rows, edges } = await visibleNetwork(db, actor, id);
      const { g, info, reportById } = bipartite(rows, edges);
      for (const r of [from, to]) if (!reportById.has(r)) throw notFound(`Report ${r} in network ${id}`);
      const steps = shortestReportPath(g, from, to);
      if (!steps) return { found: false, steps: [] };
      await auditRedReads(db, engine, context, await redReportsAmong(db, steps.filter((s) => s.kind === 'report').map((s) => s.id)), 'network_graph');
      return {
        found: true,
        steps: steps.map((s) =>
          s.kind === 'report'
            ? { kind: 'report' as const, id: s.id, label: reportLabel(reportById.get(s.id)!), detail: reportById.get(s.id)!.victim_country }
            : { kind: 'indicator' as const, id: s.id, label: info.get(s.id)!.display, detail: info.get(s.id)!.type },
        ),
      };
    },

    /**
     * The explorer's graph (network-graph.ts: which nodes, and how it reads no more than it shows); its RED
     * report nodes (label, country, date) are audited as reads of those reports.
     */
    async graph(actor: MemberActor, context: AuditContext, id: string, q: GraphQuery): Promise<NetworkGraph> {
      const graph = await networkGraph(db, engine, await viewerOf(db, actor), id, q);
      const reportNodes = graph.nodes.filter((n) => n.kind === 'report').map((n) => n.id);
      await auditRedReads(db, engine, context, await redReportsAmong(db, reportNodes), 'network_graph');
      return graph;
    },

    async export(actor: MemberActor, context: AuditContext, id: string, format: NetworkExportFormat) {
      const { rows, edges } = await visibleNetwork(db, actor, id);
      await auditRedReads(db, engine, context, await redReportsAmong(db, rows.map((r) => r.report_id)), 'network_export');
      return networkExportFile(id, rows, edges, format);
    },
  };
}
