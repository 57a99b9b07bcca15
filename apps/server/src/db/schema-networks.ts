import type { Generated } from 'kysely';
import type { Timestamp } from './schema-timestamp.js';

/** Row types of the networks' tables: membership, the linker's queue and events, decisions and holds (schema.ts). */

export interface ReportNetworksTable {
  report_id: string;
  network_id: string;
  version: number;
  open: number;
  marking_id: string;
  organisation_id: string;
  organisation_country: string;
  victim_country: string;
  scam_type: string;
  occurred_at: Timestamp;
  loss_usd: number | null;
  confidence: number;
}

export interface IndicatorNetworksTable {
  indicator_id: string;
  network_id: string;
  type: string;
  open_reports: number;
}

export interface NetworksTable {
  id: string;
  report_count: number;
  indicator_count: number;
  open_reports: number;
  open_indicators: number;
  open_loss_usd: number;
  open_loss_median: number;
  open_confidence_sum: number;
  open_first_at: Timestamp | null;
  open_last_at: Timestamp | null;
  open_victim_countries: number;
  open_reporting_countries: number;
  open_organisations: number;
  cross_border: number;
  growth30d: number;
  score: number;
  median_stale: number;
  created_at: Timestamp;
  updated_at: Timestamp;
  /** What a list entry shows (countries, scam types, indicator types, recent days), JSON; null until the linker writes it (007). */
  list_facts: string | null;
}

export interface NetworkFacetsTable {
  network_id: string;
  kind: string;
  value: string;
  count: number;
}

export interface NetworkQueueTable {
  seq: Generated<number>;
  kind: string;
  target_id: string;
  enqueued_at: Timestamp;
}

export interface NetworkEventsTable {
  id: string;
  network_id: string;
  kind: string;
  indicator_id: string | null;
  cause: string | null;
  reason: string | null;
  actor_user_id: string | null;
  actor_organisation_id: string | null;
  data: string;
  at: Timestamp;
  undone_at: Timestamp | null;
  undone_by_event_id: string | null;
}

export interface LinkDecisionsTable {
  indicator_id: string;
  decision: string;
  reason: string;
  actor_user_id: string | null;
  actor_organisation_id: string | null;
  event_id: string;
  at: Timestamp;
}

export interface LinkHoldsTable {
  indicator_id: string;
  type: string;
  reason: string;
  degree: number;
  threshold: number;
  updated_at: Timestamp;
}

export interface LinkThresholdsTable {
  type: string;
  threshold: number;
  p99: number;
  indicators: number;
  computed_at: Timestamp;
  /** The rule that computed it (link-policy.ts `THRESHOLD_RULE`; migration 013). */
  rule: number;
}

/** Where an id that disappeared went (021): 'merge' (absorbed by the successor) or 'rebuild'. */
export interface NetworkSuccessorsTable {
  network_id: string;
  successor_id: string;
  reason: 'merge' | 'rebuild';
  at: Timestamp;
  /** One of its reports when it disappeared: the id leads where that report is now (migration 039); null before. */
  report_id: string | null;
}

export interface NetworkMetaTable {
  id: number;
  drains: number;
}
