import type { IndicatorType } from '@gpos/contracts';
import type { Db } from '../../db/index.js';
import { canonicalKey } from './normalise/index.js';

/** How many indicators one page of the scan reads (keyset by id: constant memory whatever the table's size). */
const PAGE = 5_000;

/** One stored indicator this version's normalisers no longer give that key to. */
export type CanonicalDrift =
  /** The value now normalises to another key that no indicator holds: the row would be re-keyed in place. */
  | { kind: 'rekey'; id: string; type: string; value: string; now: { type: IndicatorType; value: string } }
  /** …to a key another indicator holds already: the two are one identifier, stored twice. */
  | { kind: 'merge'; id: string; type: string; value: string; now: { type: IndicatorType; value: string }; into: string }
  /** The value is no identifier any more (a rule tightened): said with the normaliser's reason. */
  | { kind: 'refused'; id: string; type: string; value: string; reason: string };

export interface CanonicalRecheck {
  checked: number;
  /** Per type: how many were checked, and how many drifted of each kind. */
  byType: Record<string, { checked: number; rekey: number; merge: number; refused: number }>;
  /** The first `examples` of each kind, in id order. */
  examples: CanonicalDrift[];
  drifted: number;
}

/**
 * Normalises every stored indicator's canonical value again, as this version would key it, and reports
 * those that come out different. Sightings keep no raw value, so a rule that changed (a tracking parameter
 * dropped, a platform alias added) leaves the identifiers stored before it under a key that lookups and new
 * reports no longer reach: a lookup of the same identifier misses, and a new report of it starts a second
 * indicator. The normalisers are idempotent on canonical values (a property test checks it), so a stored
 * value that normalises to something else was written by another version. Read-only.
 */
export async function recheckCanonicalValues(db: Db, options: { examples?: number; onProgress?: (done: number, total: number) => void } = {}): Promise<CanonicalRecheck> {
  const keep = options.examples ?? 10;
  const total = Number((await db.selectFrom('indicators').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
  const result: CanonicalRecheck = { checked: 0, byType: {}, examples: [], drifted: 0 };
  const kept = { rekey: 0, merge: 0, refused: 0 };
  let after: string | null = null;
  for (;;) {
    let page = db.selectFrom('indicators').select(['id', 'type', 'value']);
    if (after !== null) page = page.where('id', '>', after);
    const rows = await page.orderBy('id').limit(PAGE).execute();
    if (rows.length === 0) break;
    after = rows[rows.length - 1]!.id;
    const moved: { row: (typeof rows)[number]; now: { type: IndicatorType; value: string } }[] = [];
    for (const row of rows) {
      const counts = (result.byType[row.type] ??= { checked: 0, rekey: 0, merge: 0, refused: 0 });
      counts.checked += 1;
      const key = canonicalKey({ type: row.type as IndicatorType, value: row.value }, { reporterCountry: null });
      if (!key.ok) {
        counts.refused += 1;
        note({ kind: 'refused', id: row.id, type: row.type, value: row.value, reason: key.reason });
      } else if (key.type !== row.type || key.value !== row.value) {
        moved.push({ row, now: { type: key.type, value: key.value } });
      }
    }
    // Whether each new key is held already: a query per drifted row only, which are few (none on a database
    // this version wrote).
    for (const { row, now } of moved) {
      const holder = await db.selectFrom('indicators').select('id').where('type', '=', now.type).where('value', '=', now.value).executeTakeFirst();
      const counts = result.byType[row.type]!;
      if (holder) {
        counts.merge += 1;
        note({ kind: 'merge', id: row.id, type: row.type, value: row.value, now, into: holder.id });
      } else {
        counts.rekey += 1;
        note({ kind: 'rekey', id: row.id, type: row.type, value: row.value, now });
      }
    }
    result.checked += rows.length;
    options.onProgress?.(result.checked, total);
  }
  return result;

  function note(drift: CanonicalDrift): void {
    result.drifted += 1;
    if (kept[drift.kind] < keep) {
      kept[drift.kind] += 1;
      result.examples.push(drift);
    }
  }
}
