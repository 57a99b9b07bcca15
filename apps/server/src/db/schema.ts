import type { ColumnType, Generated } from 'kysely';
import type { Timestamp } from './schema-timestamp.js';
import type { ReportNetworksTable, IndicatorNetworksTable, NetworksTable, NetworkFacetsTable, NetworkQueueTable, NetworkEventsTable, LinkDecisionsTable, LinkHoldsTable, LinkThresholdsTable, NetworkSuccessorsTable, NetworkMetaTable } from './schema-networks.js';
import type { StixObjectsTable, TaxiiStatusesTable, TaxiiObjectIndexTable, TaxiiStateTable, FederationPeersTable, FederationCursorsTable } from './schema-federation.js';

/**
 * Row types of every table, as the database returns them; those of the networks and of STIX, TAXII and
 * federation live in their own files (schema-networks.ts, schema-federation.ts) and are exported from here.
 */

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
  /** When the organisation joined (migration 038); null for a membership from before dates were kept. */
  joined_at: Generated<Timestamp | null>;
}

/** A membership that ended (migration 038): what the sharing policy at a past moment reads (membership-at.ts). */
export interface CommunityMembershipEndsTable {
  community_id: string;
  organisation_id: string;
  joined_at: Timestamp | null;
  left_at: Timestamp;
}

export interface MarkingsTable {
  id: string;
  fingerprint: string;
  tlp: string;
  owner_organisation_id: string;
  created_by_user_id: string | null;
  /** RED only: the API key that made it when no person did (migration 040). */
  created_by_api_key_id: string | null;
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
  /** Why the last attempt failed, as a code (WEBHOOK_DELIVERY_FAILURE_CODES; migration 035: null before it, and for a withdrawn one). */
  last_error_code: Generated<string | null>;
  /**
   * The receiver's HTTP status when it answered the last failed attempt with one (migration 036); null when
   * none answered, for a delivered or withdrawn one, and for attempts made before 036.
   */
  last_http_status: Generated<number | null>;
}

export interface ReportChangesTable {
  seq: Generated<number>;
  report_id: string;
  change: string;
  version: number;
  at: Timestamp;
  /**
   * A correction that changed the report's marking: the marking before it and this version's (migration
   * 037); both null otherwise (a creation, a retraction, a correction keeping the marking, rows before 037).
   * The TAXII feed serves a withdrawal to the audiences a narrowing left (taxii/withdrawals.ts).
   */
  previous_marking_id: string | null;
  marking_id: string | null;
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
  community_membership_ends: CommunityMembershipEndsTable;
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
export type { ReportNetworksTable, IndicatorNetworksTable, NetworksTable, NetworkFacetsTable, NetworkQueueTable, NetworkEventsTable, LinkDecisionsTable, LinkHoldsTable, LinkThresholdsTable, NetworkSuccessorsTable, NetworkMetaTable } from './schema-networks.js';
export type { StixObjectsTable, TaxiiStatusesTable, TaxiiObjectIndexTable, TaxiiStateTable, FederationPeersTable, FederationCursorsTable } from './schema-federation.js';
