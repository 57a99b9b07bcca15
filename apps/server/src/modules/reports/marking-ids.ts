import type { Db } from '../../db/index.js';
import { chunks } from '../../db/index.js';
import { newId, nowIso } from '../../platform/ids.js';
import { markingFingerprint, markingRow, type Marking } from '../../platform/sharing/index.js';

/**
 * The stored ids of a batch's markings, creating the new ones with set-based statements. A bulk upload
 * whose reports name their own recipients brings dozens of new markings per batch, and ensureMarking
 * (platform/sharing, which single writes keep using) costs three round trips each. Same rows and rules:
 * one row per fingerprint, the creator and RED scope kept only for RED, recipients written by whoever
 * inserted the row. Call inside the write's transaction. Keys of the answer are the given markings.
 */
export async function ensureMarkings(db: Db, markings: readonly Marking[]): Promise<Map<Marking, string>> {
  const fingerprintOf = new Map(markings.map((m) => [m, markingFingerprint(m)]));
  const unique = new Map([...fingerprintOf].map(([m, f]) => [f, m]));
  const stored = await idsByFingerprint(db, [...unique.keys()]);
  const created = [...unique].filter(([f]) => !stored.has(f)).map(([fingerprint, marking]) => ({ id: newId(), fingerprint, marking }));
  if (created.length > 0) {
    const now = nowIso();
    for (const part of chunks(created)) {
      await db
        .insertInto('markings')
        .values(part.map(({ id, fingerprint, marking }) => markingRow(id, fingerprint, marking, now)))
        .onConflict((oc) => oc.column('fingerprint').doNothing())
        .execute();
    }
    // Another writer may have stored the same content meanwhile: its row wins, and its recipients with it.
    for (const [fingerprint, id] of await idsByFingerprint(db, created.map((c) => c.fingerprint))) stored.set(fingerprint, id);
    const ours = created.filter((c) => stored.get(c.fingerprint) === c.id);
    const organisations = ours.flatMap(({ id, marking }) => [...new Set(marking.recipientOrganisationIds)].map((organisation_id) => ({ marking_id: id, organisation_id })));
    const users = ours.flatMap(({ id, marking }) => [...new Set(marking.recipientUserIds)].map((user_id) => ({ marking_id: id, user_id })));
    for (const part of chunks(organisations)) await db.insertInto('marking_recipient_organisations').values(part).execute();
    for (const part of chunks(users)) await db.insertInto('marking_recipient_users').values(part).execute();
  }
  return new Map(markings.map((m) => [m, stored.get(fingerprintOf.get(m)!)!]));
}

async function idsByFingerprint(db: Db, fingerprints: readonly string[]): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  for (const part of chunks(fingerprints)) {
    for (const row of await db.selectFrom('markings').select(['id', 'fingerprint']).where('fingerprint', 'in', part).execute()) found.set(row.fingerprint, row.id);
  }
  return found;
}
