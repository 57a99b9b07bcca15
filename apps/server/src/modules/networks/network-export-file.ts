import { toGexf, toGraphML, type NetworkExportDoc } from './graph/index.js';
import { reportLabel } from './network-graph.js';
import type { MemberRow } from './network-metrics.js';
import type { VisibleEdge } from './network.repository.js';

export type NetworkExportFormat = 'json' | 'graphml' | 'gexf';

/** A network's visible reports and identifiers as a file for graph tools (JSON, GraphML or GEXF), with its media type and name. */
export function networkExportFile(id: string, rows: readonly MemberRow[], edges: readonly VisibleEdge[], format: NetworkExportFormat) {
  const indicators = new Map<string, VisibleEdge>();
  for (const e of edges) indicators.set(e.indicator_id, e);
  const doc: NetworkExportDoc = {
    id,
    nodes: [
      ...rows.map((r) => ({
        id: r.report_id,
        kind: 'report' as const,
        label: reportLabel(r),
        attributes: { scamType: r.scam_type, victimCountry: r.victim_country, reportingCountry: r.organisation_country, occurredAt: r.occurred_at, lossUsdCents: r.loss_usd, confidence: r.confidence },
      })),
      ...[...indicators.values()].map((e) => ({ id: e.indicator_id, kind: 'indicator' as const, label: e.display, attributes: { type: e.type } })),
    ],
    edges: edges.map((e) => ({ source: e.report_id, target: e.indicator_id, role: e.role })),
  };
  const body = format === 'graphml' ? toGraphML(doc) : format === 'gexf' ? toGexf(doc) : JSON.stringify(doc);
  const contentType = format === 'graphml' ? 'application/graphml+xml; charset=utf-8' : format === 'gexf' ? 'application/gexf+xml; charset=utf-8' : 'application/json; charset=utf-8';
  return { body, contentType, filename: `network-${id}.${format}` };
}
