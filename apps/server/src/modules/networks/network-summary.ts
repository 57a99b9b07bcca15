import type { NetworkSummary, ScamType, listNetworksQuerySchema } from '@gpos/contracts';
import type { z } from 'zod';
import type { NetworkMetrics } from './network-metrics.js';

type ListQuery = z.output<typeof listNetworksQuerySchema>;

/** A network's summary, as the list and the network's page both answer it, from the metrics over what the viewer sees. */
export function summaryOf(id: string, m: NetworkMetrics, labelIndicator: NetworkSummary['labelIndicator'], hidden: NetworkSummary['hidden']): NetworkSummary {
  return {
    id,
    score: m.score,
    reports: m.reports,
    indicators: m.indicators,
    indicatorsByType: m.indicatorsByType,
    victimCountries: m.victimCountries,
    reportingOrganisations: m.reportingOrganisations,
    reportingCountries: m.reportingCountries,
    scamTypes: m.scamTypes as ScamType[],
    lossUsdTotal: m.lossUsdTotal,
    lossUsdMedian: m.lossUsdMedian,
    firstActivity: m.firstActivity,
    lastActivity: m.lastActivity,
    growth7d: m.growth7d,
    growth30d: m.growth30d,
    crossBorder: m.crossBorder,
    activity: m.activity,
    labelIndicator,
    hidden,
  };
}

/** Whether a network's figures (over what the viewer sees) pass a list's filters. */
export const matchesListQuery = (m: NetworkMetrics, q: ListQuery, minReports: number): boolean =>
  m.reports >= minReports &&
  (!q.country || m.victimCountries.includes(q.country) || m.reportingCountries.includes(q.country)) &&
  (!q.scamType || m.scamTypes.includes(q.scamType)) &&
  (!q.indicatorType || (m.indicatorsByType[q.indicatorType] ?? 0) > 0) &&
  (!q.activeSince || (m.lastActivity !== null && m.lastActivity >= new Date(q.activeSince).toISOString())) &&
  (!q.crossBorder || m.crossBorder === (q.crossBorder === 'true'));
