import type { ColumnType, Generated } from 'kysely';

/**
 * Row types of every table, as the database returns them. Timestamps are ISO 8601 UTC strings on both
 * engines (see database.ts for the PostgreSQL type parsers that make this so).
 */
type Timestamp = string;

export interface OrganisationsTable {
  id: string;
  name: string;
  short_name: string | null;
  type: string;
  country: string;
  status: string;
  joined_at: Timestamp;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface UsersTable {
  id: string;
  organisation_id: string;
  email: string;
  display_name: string;
  role: string;
  status: string;
  locale: string;
  password_hash: string;
  last_login_at: Timestamp | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface SessionsTable {
  id_hash: string;
  user_id: string;
  csrf_token: string;
  created_at: Timestamp;
  expires_at: Timestamp;
  /** The latest request of the session, recorded at most once a minute (session-activity.ts). */
  last_seen_at: Timestamp;
  ip: string | null;
  user_agent: string | null;
}

export interface LoginAttemptsTable {
  key: string;
  failures: number;
  window_started_at: Timestamp;
  locked_until: Timestamp | null;
}

export interface ApiKeysTable {
  id: string;
  organisation_id: string;
  name: string;
  prefix: string;
  secret_hash: string;
  scopes: string;
  created_by_user_id: string | null;
  created_at: Timestamp;
  expires_at: Timestamp | null;
  last_used_at: Timestamp | null;
  revoked_at: Timestamp | null;
}

export interface CommunitiesTable {
  id: string;
  name: string;
  /** The name as compared (communityNameKey), unique per owner (migration 031). */
  name_key: string;
  description: string | null;
  owner_organisation_id: string;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface CommunityMembersTable {
  community_id: string;
  organisation_id: string;
}

export interface MarkingsTable {
  id: string;
  fingerprint: string;
  tlp: string;
  owner_organisation_id: string;
  created_by_user_id: string | null;
  community_id: string | null;
  red_scope: string;
  created_at: Timestamp;
}

export interface MarkingRecipientOrganisationsTable {
  marking_id: string;
  organisation_id: string;
}

export interface MarkingRecipientUsersTable {
  marking_id: string;
  user_id: string;
}

export interface AuditEventsTable {
  seq: number;
  id: string;
  at: Timestamp;
  actor_user_id: string | null;
  actor_api_key_id: string | null;
  actor_organisation_id: string | null;
  /** The organisation the event concerns (its user, key or entry), when that is one (migration 030). */
  subject_organisation_id: string | null;
  action: string;
  target_type: string | null;
  target_id: string | null;
  request_id: string | null;
  summary: string;
  prev_hash: string;
  hash: string;
}

export interface AuditHeadTable {
  id: number;
  seq: number;
  hash: string;
}

export interface SettingsTable {
  key: string;
  value: string;
  updated_at: Timestamp;
}

export interface ReportsTable {
  id: string;
  organisation_id: string;
  marking_id: string;
  created_by_user_id: string | null;
  created_by_api_key_id: string | null;
  scam_type: string;
  channel: string;
  victim_country: string;
  occurred_at: Timestamp;
  loss_amount: number | null;
  loss_currency: string | null;
  loss_usd: number | null;
  narrative: string | null;
  language: string | null;
  confidence: number;
  external_ref: string | null;
  idempotency_key: string | null;
  /** What the report with this key was first sent as (migration 027); null without a key, or made before 027. */
  idempotency_fingerprint: string | null;
  /** The bulk upload that stored the report (migration 032, `POST /reports/bulk?uploadId=`); null otherwise. */
  upload_id: string | null;
  status: string;
  version: number;
  retraction_reason: string | null;
  retracted_at: Timestamp | null;
  source_node: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface IndicatorsTable {
  id: string;
  type: string;
  value: string;
  display: string;
  attributes: string;
  status: string;
  status_reason: string | null;
  status_changed_at: Timestamp | null;
  benign: number;
  first_seen_at: Timestamp;
  last_seen_at: Timestamp;
  report_count: number;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface SightingsTable {
  report_id: string;
  indicator_id: string;
  role: string;
  organisation_id: string;
  marking_id: string;
  victim_country: string;
  scam_type: string;
  occurred_at: Timestamp;
  loss_usd: number | null;
  benign: number;
  created_at: Timestamp;
}

/** What a retracted report named (migration 019), so its STIX objects can be published as revoked. */
export interface RetractedSightingsTable {
  report_id: string;
  indicator_id: string;
  role: string;
  benign: number;
}

export interface IndicatorStatusHistoryTable {
  id: string;
  indicator_id: string;
  status: string;
  reason: string | null;
  actor_user_id: string | null;
  actor_organisation_id: string | null;
  at: Timestamp;
}

export interface WarninglistsTable {
  id: string;
  name: string;
  description: string | null;
  source: string;
  organisation_id: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface WarninglistEntriesTable {
  warninglist_id: string;
  type: string;
  value: string;
  note: string | null;
}

export interface FxRatesTable {
  currency: string;
  valid_from: string;
  usd_per_unit: number;
  source: string;
  updated_at: Timestamp;
}

export interface WatchlistsTable {
  id: string;
  organisation_id: string;
  name: string;
  kind: string;
  indicator_type: string;
  pattern: string;
  created_by_user_id: string | null;
  created_at: Timestamp;
}

/** Secrets of this installation (migration 025): `hit_handle_key`. */
export interface PlatformSecretsTable {
  name: string;
  value: string;
}

/** The hidden hits an organisation's watches have told it of, one per identifier (migration 024). */
export interface OrganisationHiddenHitsTable {
  organisation_id: string;
  indicator_id: string;
  at: Timestamp;
}

export interface WebhooksTable {
  id: string;
  organisation_id: string;
  url: string;
  secret: string;
  status: string;
  created_at: Timestamp;
  /** 1: receives the events about access requests made to the organisation (migration 023). */
  access_requests: Generated<number>;
}

export interface EventsTable {
  id: string;
  organisation_id: string;
  type: string;
  payload: string;
  created_at: Timestamp;
}

export interface WebhookDeliveriesTable {
  event_id: string;
  webhook_id: string;
  status: string;
  attempts: number;
  next_attempt_at: Timestamp;
  last_error: string | null;
  delivered_at: Timestamp | null;
  /** When it was last tried (migration 028; null before its first attempt, or for attempts made before 028). */
  last_attempt_at: Generated<Timestamp | null>;
}

export interface ReportChangesTable {
  seq: Generated<number>;
  report_id: string;
  change: string;
  version: number;
  at: Timestamp;
}

export interface AccessRequestsTable {
  id: string;
  requester_organisation_id: string;
  requester_user_id: string | null;
  target_type: string;
  target_id: string;
  holder_organisation_ids: string;
  reason: string;
  status: string;
  created_at: Timestamp;
}

/** One holding organisation of an access request, and its answer (migration 020). */
export interface AccessRequestHoldersTable {
  request_id: string;
  organisation_id: string;
  decision: string | null;
  note: string | null;
  answered_by_user_id: string | null;
  answered_by_api_key_id: string | null;
  answered_at: Timestamp | null;
  read_at: Timestamp | null;
}

/** A holder's report an access request is about (migration 020). */
export interface AccessRequestReportsTable {
  request_id: string;
  organisation_id: string;
  report_id: string;
}

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
}

export interface NetworkMetaTable {
  id: number;
  drains: number;
}

/** STIX provenance (005-stix): which STIX object became which local report or indicator, per importing organisation. */
export interface StixObjectsTable {
  organisation_id: string;
  stix_id: string;
  stix_type: string;
  local_type: string;
  local_id: string;
  modified: string | null;
  revoked: number;
  source_node: string | null;
  created_by_ref: string | null;
  imported_at: Timestamp;
  updated_at: Timestamp;
}

/** TAXII status resources (006-federation): the outcome of each TAXII POST of objects. */
export interface TaxiiStatusesTable {
  id: string;
  organisation_id: string;
  status: string;
  total_count: number;
  success_count: number;
  failure_count: number;
  pending_count: number;
  /** JSON: [{id, version, message}] */
  successes: string;
  failures: string;
  request_timestamp: Timestamp;
}

/** STIX id of every object a report exports → the report (006-federation), for match[id] and versions. */
export interface TaxiiObjectIndexTable {
  stix_id: string;
  report_id: string;
}

export interface TaxiiStateTable {
  key: string;
  value: string;
}

/** Remote TAXII 2.1 servers this node pulls from (006-federation). */
export interface FederationPeersTable {
  id: string;
  name: string;
  url: string;
  api_root: string | null;
  /** JSON array of collection ids; empty: every readable collection. */
  collection_ids: string;
  organisation_id: string;
  api_key_ciphertext: string;
  api_key_prefix: string;
  interval_minutes: number | null;
  enabled: number;
  last_sync_at: Timestamp | null;
  last_sync_status: string;
  last_error: string | null;
  objects_received: number;
  created_at: Timestamp;
  updated_at: Timestamp;
}

/** One rate-limit window per route and client address (migration 017). */
export interface RateLimitWindowsTable {
  key: string;
  started_ms: number;
  hits: number;
}

/** A turn of work across servers: a scheduled job, a peer's sync (migration 018). */
export interface JobTurnsTable {
  name: string;
  lease_until: Timestamp | null;
  last_finished_at: Timestamp | null;
}

export interface FederationCursorsTable {
  peer_id: string;
  collection_id: string;
  title: string | null;
  added_after: string | null;
  last_sync_at: Timestamp | null;
  objects_received: number;
  last_error: string | null;
}

/** Data rewrites a migration made, each once (migration 026): its marker is written with the rewrite. */
export interface DataMigrationsTable {
  name: string;
  at: Timestamp;
}

export interface Database {
  organisations: OrganisationsTable;
  users: UsersTable;
  sessions: SessionsTable;
  login_attempts: LoginAttemptsTable;
  api_keys: ApiKeysTable;
  communities: CommunitiesTable;
  community_members: CommunityMembersTable;
  markings: MarkingsTable;
  marking_recipient_organisations: MarkingRecipientOrganisationsTable;
  marking_recipient_users: MarkingRecipientUsersTable;
  audit_events: AuditEventsTable;
  audit_head: AuditHeadTable;
  settings: SettingsTable;
  reports: ReportsTable;
  indicators: IndicatorsTable;
  sightings: SightingsTable;
  retracted_sightings: RetractedSightingsTable;
  indicator_status_history: IndicatorStatusHistoryTable;
  warninglists: WarninglistsTable;
  warninglist_entries: WarninglistEntriesTable;
  fx_rates: FxRatesTable;
  watchlists: WatchlistsTable;
  webhooks: WebhooksTable;
  organisation_hidden_hits: OrganisationHiddenHitsTable;
  platform_secrets: PlatformSecretsTable;
  data_migrations: DataMigrationsTable;
  events: EventsTable;
  webhook_deliveries: WebhookDeliveriesTable;
  report_changes: ReportChangesTable;
  access_requests: AccessRequestsTable;
  access_request_holders: AccessRequestHoldersTable;
  access_request_reports: AccessRequestReportsTable;
  report_networks: ReportNetworksTable;
  indicator_networks: IndicatorNetworksTable;
  networks: NetworksTable;
  network_facets: NetworkFacetsTable;
  network_queue: NetworkQueueTable;
  network_events: NetworkEventsTable;
  link_decisions: LinkDecisionsTable;
  link_holds: LinkHoldsTable;
  link_thresholds: LinkThresholdsTable;
  network_meta: NetworkMetaTable;
  network_successors: NetworkSuccessorsTable;
  stix_objects: StixObjectsTable;
  taxii_statuses: TaxiiStatusesTable;
  taxii_object_index: TaxiiObjectIndexTable;
  taxii_state: TaxiiStateTable;
  federation_peers: FederationPeersTable;
  federation_cursors: FederationCursorsTable;
  rate_limit_windows: RateLimitWindowsTable;
  job_turns: JobTurnsTable;
}

export type { ColumnType, Generated };
