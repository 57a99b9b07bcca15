import type { IndicatorType } from '@gpos/contracts';
import type { Db } from '../../db/index.js';
import { chunks } from '../../db/chunks.js';

const SCAN_PAGE = 5_000;
type Row = { id: string; type: string; value: string; benign: number };

/**
 * After a warninglist change, rewrites the `benign` flag of every indicator whose verdict it changed (and of
 * their sightings, which reports show), and returns their ids so network linking can hold or release them.
 * Exact entries are found by key. A domain entry also covers its subdomains and the bare home pages on
 * them, so a change with a domain in it checks every domain and URL indicator, in pages: a rare
 * secretariat action, paid once, instead of a cost on every lookup or link.
 */
export async function reevaluateBenign(
  trx: Db,
  entries: readonly { type: IndicatorType | string; value: string }[],
  isBenign: (type: string, value: string) => boolean,
): Promise<string[]> {
  const flips = new Map<number, string[]>([[0, []], [1, []]]);
  const judge = (rows: Row[]) => {
    for (const row of rows) {
      const verdict = isBenign(row.type, row.value) ? 1 : 0;
      if (verdict !== Number(row.benign)) flips.get(verdict)!.push(row.id);
    }
  };

  const exact = entries.filter((entry) => entry.type !== 'domain');
  for (const part of chunks(exact, 200)) {
    judge(
      await trx
        .selectFrom('indicators')
        .select(['id', 'type', 'value', 'benign'])
        .where((eb) => eb.or(part.map((entry) => eb.and([eb('type', '=', entry.type), eb('value', '=', entry.value)]))))
        .execute(),
    );
  }
  if (entries.some((entry) => entry.type === 'domain')) {
    let after: string | null = null;
    for (;;) {
      let page = trx.selectFrom('indicators').select(['id', 'type', 'value', 'benign']).where('type', 'in', ['domain', 'url']).orderBy('id').limit(SCAN_PAGE);
      if (after !== null) page = page.where('id', '>', after);
      const rows: Row[] = await page.execute();
      judge(rows);
      if (rows.length < SCAN_PAGE) break;
      after = rows[rows.length - 1]!.id;
    }
  }

  for (const [benign, ids] of flips) {
    for (const part of chunks(ids)) {
      await trx.updateTable('indicators').set({ benign }).where('id', 'in', part).execute();
      await trx.updateTable('sightings').set({ benign }).where('indicator_id', 'in', part).execute();
    }
  }
  return [...flips.get(0)!, ...flips.get(1)!];
}
