import { createHash } from 'node:crypto';
import { uuidV5Under } from './uuid-v5.js';

/**
 * Deterministic STIX identifiers.
 *
 * - Cyber-observables (SCOs): UUIDv5 under the namespace the STIX 2.1 specification fixes for SCOs
 *   (§2.9), over the RFC 8785 (JCS) serialisation of the object's ID-contributing properties. Two
 *   producers anywhere name the same observable with the same id.
 * - Everything GPOS authors (reports, identities, indicators, sightings, markings, networks): UUIDv5
 *   under GPOS's own namespace over `<kind>:<local id…>`. Our local ids are UUIDv7 (version 7), which the
 *   OASIS identifier pattern (`[1-5]` version nibble) refuses, and a stable mapping is what makes a
 *   re-export byte-identical.
 */
export const STIX_SCO_NAMESPACE = '00abedb4-aa42-466c-9c01-fed23315a9b7';
/** uuidv5(URL namespace, 'https://gpos.example/stix/namespace'); fixed forever: changing it renames every object. */
export const GPOS_STIX_NAMESPACE = '803b4367-7bd7-558c-a042-4ffc82ee1a29';

const STIX_ID = /^([a-z][a-z0-9-]+[a-z0-9])--([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[1-5][0-9a-fA-F]{3}-[89abAB][0-9a-fA-F]{3}-[0-9a-fA-F]{12})$/;

/** RFC 8785 canonical JSON: keys sorted by UTF-16 code units, no whitespace, ECMAScript number and string forms. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

const scoUuid = uuidV5Under(STIX_SCO_NAMESPACE);
const gposUuid = uuidV5Under(GPOS_STIX_NAMESPACE);

/** `type--uuidv5` of an SCO from its ID-contributing properties (only those present count). */
export function scoId(type: string, contributing: Record<string, unknown>): string {
  return `${type}--${scoUuid(canonicalJson(contributing))}`;
}

/** `type--uuidv5` of an object GPOS authors, from what identifies it locally. */
export function gposId(type: string, ...parts: string[]): string {
  return `${type}--${gposUuid(`${type}:${parts.join(':')}`)}`;
}

/** A bundle's id is a digest of its content, so the same export is the same bundle. */
export function contentBundleId(serialisedObjects: string): string {
  const digest = createHash('sha256').update(serialisedObjects).digest('hex');
  return `bundle--${gposUuid(digest)}`;
}

export function parseStixId(id: unknown): { type: string; uuid: string } | null {
  if (typeof id !== 'string' || id.length > 300) return null;
  const match = STIX_ID.exec(id);
  return match ? { type: match[1]!, uuid: match[2]!.toLowerCase() } : null;
}

/** STIX timestamps on created/modified must carry milliseconds; ours are ISO strings from either engine. */
export function stixTimestamp(value: string | Date): string {
  return new Date(value).toISOString();
}

/**
 * The extension-definitions GPOS publishes (docs/stix-extensions.md). Ids are UUIDv5 of fixed URLs and
 * never change; a new version of an extension gets a new id.
 */
export const GPOS_EXTENSIONS = {
  phone: 'extension-definition--7d176ec7-51c1-5400-9ff2-e665873c0a3e',
  bankAccount: 'extension-definition--05455e9e-554d-5887-bd88-473d3bf17e62',
  cryptoWallet: 'extension-definition--2d56dafe-8dfc-578a-9efe-06a4bade8b14',
  properties: 'extension-definition--57ee2752-2df5-55a6-bee3-f46d9b4f858e',
} as const;

/** The identity that authors the extension-definitions and GPOS markings' fallback (the platform itself). */
export const GPOS_PLATFORM_IDENTITY = 'identity--9167067e-c595-520f-9bcf-8646266aa479';
