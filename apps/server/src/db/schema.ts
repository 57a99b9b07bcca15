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
}

export type { ColumnType, Generated };
