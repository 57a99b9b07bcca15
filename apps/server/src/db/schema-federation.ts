import type { Timestamp } from './schema-timestamp.js';

/** Row types of STIX provenance, the TAXII server's tables and federation peers' (schema.ts). */

/** STIX provenance (005-stix): which STIX object became which local report or indicator, per importing organisation. */
export interface StixObjectsTable {
  organisation_id: string;
  stix_id: string;
  stix_type: string;
  local_type: string;
  local_id: string;
  modified: string | null;
  /** 0: live; 1: revoked (retracted) by its source; 2: withdrawn from this node's audience by its source (stix-import-model.ts, PROVENANCE). */
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

export interface FederationCursorsTable {
  peer_id: string;
  collection_id: string;
  title: string | null;
  added_after: string | null;
  last_sync_at: Timestamp | null;
  objects_received: number;
  last_error: string | null;
}
