/**
 * A timestamp column as the database returns it: an ISO 8601 UTC string on both engines (see database.ts
 * for the PostgreSQL type parsers that make this so).
 */
export type Timestamp = string;
