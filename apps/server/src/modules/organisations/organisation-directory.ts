import type { ListOrganisationsQuery, Organisation } from '@gpos/contracts';
import type { Db } from '../../db/index.js';
import { decodeCursor, encodeCursor } from '../../platform/pagination.js';
import { toOrganisation } from './organisation.repository.js';

/**
 * The member directory, held in memory. Every screen and many API calls name organisations, the table is
 * small (hundreds of rows) and changes rarely, so lists are served from a sorted snapshot instead of a
 * query per request. Writes in this process refresh it at once; writes made by another node or the CLI
 * show within REFRESH_MS.
 */
const REFRESH_MS = 5_000;

export class OrganisationDirectory {
  private snapshot: { items: Organisation[]; loadedAt: number } | null = null;
  /** Cursors are deterministic per organisation; encoding one per page is measurable on the hot path. */
  private readonly cursors = new Map<string, string>();
  private loading: Promise<Organisation[]> | null = null;

  constructor(private readonly db: Db) {}

  invalidate(): void {
    this.snapshot = null;
    this.cursors.clear();
  }

  async all(): Promise<Organisation[]> {
    if (this.snapshot && Date.now() - this.snapshot.loadedAt < REFRESH_MS) return this.snapshot.items;
    this.loading ??= this.db
      .selectFrom('organisations')
      .selectAll()
      .execute()
      .then((rows) => {
        const items = rows.map(toOrganisation).sort(byNameThenId);
        this.snapshot = { items, loadedAt: Date.now() };
        return items;
      })
      .finally(() => {
        this.loading = null;
      });
    return this.loading;
  }

  /** Name order, then id; the keyset cursor carries both, as the SQL version did. */
  async list(query: ListOrganisationsQuery): Promise<{ items: Organisation[]; nextCursor: string | null }> {
    const after = decodeCursor(query.cursor, ['string', 'id']);
    const needle = query.q?.toLowerCase();
    const items: Organisation[] = [];
    let more = false;
    for (const org of await this.all()) {
      if (after && byNameThenId(org, { name: after[0], id: after[1] }) <= 0) continue;
      if (query.type && org.type !== query.type) continue;
      if (query.country && org.country !== query.country) continue;
      if (query.status && org.status !== query.status) continue;
      if (needle && !org.name.toLowerCase().includes(needle) && !(org.shortName ?? '').toLowerCase().includes(needle)) continue;
      if (items.length === query.limit) {
        more = true;
        break;
      }
      items.push(org);
    }
    const last = items[items.length - 1];
    return { items, nextCursor: more && last ? this.cursorAfter(last) : null };
  }

  private cursorAfter(org: Organisation): string {
    const key = `${org.id}\u0000${org.name}`;
    let cursor = this.cursors.get(key);
    if (cursor === undefined) {
      cursor = encodeCursor([org.name, org.id]);
      this.cursors.set(key, cursor);
    }
    return cursor;
  }
}

function byNameThenId(a: { name: string; id: string }, b: { name: string; id: string }): number {
  if (a.name !== b.name) return a.name < b.name ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}
