import type { IndicatorType } from '@gpos/contracts';
import { isIP } from 'node:net';
import { sql } from 'kysely';
import type { Db } from '../../db/index.js';
import type { ServerDeps } from '../../platform/context.js';
import { appendAudit, type AuditContext } from '../../platform/audit/index.js';
import { AppError, coded, fieldErrorsSummary, notFound, type FieldError } from '../../platform/errors.js';
import { refusals } from '../../platform/refusals.js';
import { newId, nowIso } from '../../platform/ids.js';
import { decodeCursor, pageFrom } from '../../platform/pagination.js';
import { normaliseIndicator, type RawIndicator } from '../indicators/normalise/index.js';
import { isReservedIp } from '../indicators/normalise/ip.normaliser.js';
import { indicatorKey } from '../lookup/membership-filter.js';
import { reevaluateBenign, reevaluateBenignOfTypes } from './benign-reevaluation.js';
import { BUILTIN_WARNINGLISTS } from './builtin-warninglists.js';

/** What else must happen when a change flips indicators between benign and not (network linking). */
export interface WarninglistChangeHooks {
  /** Inside the change's transaction, with the indicators whose verdict flipped. */
  withinChange?: (trx: Db, indicatorIds: string[]) => Promise<void>;
  /** After such a change has committed. */
  afterChange?: () => void;
}

/** The advisory lock under which a server installs the built-in warninglists (no other lock of the platform uses it). */
const BUILTIN_LISTS_LOCK_KEY = 7_340_701;
/** Taken exclusively by a change of entries and shared by ingest batches (see `currentWithin`). */
const ENTRIES_LOCK_KEY = 7_340_702;

/**
 * The rules `isBenign` applies besides the entries, by the types whose verdicts they decide. When a release
 * changes them, the name changes too, and the next start re-judges every stored indicator of those types
 * once (`ensureBuiltins`, recorded in `data_migrations`), so what was linked under the old rules is held.
 */
const BENIGN_RULES = { name: 'benign-rules:reserved-ip', types: ['ip', 'url'] } as const satisfies { name: string; types: readonly IndicatorType[] };

/** A canonical URL's host (an IPv6 address without its brackets), path and query; null if it does not parse. */
function parsedUrl(value: string): { host: string; pathname: string; search: string } | null {
  try {
    const url = new URL(value);
    return { host: url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname, pathname: url.pathname, search: url.search };
  } catch {
    return null;
  }
}

/**
 * Benign by rule rather than by an entry: a reserved IP address, or a URL on one (see `isReservedIp`).
 * Such an identifier never links, and no analyst's decision can make it: it names no one.
 */
export function reservedAddress(type: string, value: string): boolean {
  if (type === 'ip') return isReservedIp(value);
  if (type !== 'url') return false;
  const host = parsedUrl(value)?.host;
  return host !== undefined && isIP(host) !== 0 && isReservedIp(host);
}

/**
 * Warninglists: identifiers known to be benign. Every entry is held in memory (a few thousand values),
 * so the ingest path asks `isBenign` without a query. A domain is benign when it or a parent domain is
 * listed; a URL only when it is the bare home page of such a domain (a path on t.me is still a lead).
 * An IP address in a special-purpose range (private, loopback, CGNAT, documentation…), and a URL on one,
 * is benign by rule: it names no one on the Internet (`isReservedIp`).
 */
export function createWarninglistService({ db, engine }: Pick<ServerDeps, 'db' | 'engine'>, hooks: WarninglistChangeHooks = {}) {
  let benign = new Set<string>();
  /** What the set was read from (see versionOf); another process's change makes it differ. */
  let loaded = '';
  let timer: NodeJS.Timeout | null = null;

  /**
   * The entries' count, the lists' count and their latest change: every change of entries either
   * changes the count or stamps its list's `updated_at` (add and remove entries do both), so a change
   * made through another process shows here without reading the entries themselves.
   */
  async function versionOf(executor: Db): Promise<string> {
    const [entries, lists] = await Promise.all([
      executor.selectFrom('warninglist_entries').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
      executor.selectFrom('warninglists').select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.max('updated_at').as('at')]).executeTakeFirstOrThrow(),
    ]);
    return `${entries.n}:${lists.n}:${lists.at === null ? '' : new Date(lists.at as string).toISOString()}`;
  }

  async function reload(executor: Db = db): Promise<void> {
    const version = await versionOf(executor);
    const rows = await executor.selectFrom('warninglist_entries').select(['type', 'value']).execute();
    benign = new Set(rows.map((r) => indicatorKey(r.type, r.value)));
    loaded = version;
  }

  /** Reloads the entries when another process (a second server on the same database) changed them. */
  async function reloadIfChanged(): Promise<void> {
    if ((await versionOf(db)) !== loaded) await reload();
  }

  /**
   * Runs a change of entries and, in the same transaction, re-judges the indicators it touches: an
   * identifier listed today stops linking networks today, not at its next sighting. The in-memory set
   * follows the transaction (and is read back from the database if it fails).
   */
  async function changeEntries(entries: readonly { type: string; value: string }[], change: (trx: Db) => Promise<void>): Promise<void> {
    let flipped: string[] = [];
    try {
      await db.transaction().execute(async (trx) => {
        if (engine === 'postgres') await sql`select pg_advisory_xact_lock(${ENTRIES_LOCK_KEY})`.execute(trx);
        await change(trx);
        await reload(trx);
        flipped = await reevaluateBenign(trx, entries, isBenign);
        if (flipped.length > 0) await hooks.withinChange?.(trx, flipped);
      });
    } catch (error) {
      await reload();
      throw error;
    }
    if (flipped.length > 0) hooks.afterChange?.();
  }

  function domainListed(host: string): boolean {
    let candidate = host;
    for (;;) {
      if (benign.has(indicatorKey('domain', candidate))) return true;
      const dot = candidate.indexOf('.');
      if (dot < 0) return false;
      candidate = candidate.slice(dot + 1);
    }
  }

  function isBenign(type: string, value: string): boolean {
    if (benign.has(indicatorKey(type, value))) return true;
    if (type === 'domain') return domainListed(value);
    if (type === 'ip') return isReservedIp(value);
    if (type === 'url') {
      // Parsed once here, on the ingest path: the rule of reservedAddress, then the home-page rule.
      const url = parsedUrl(value);
      if (url === null) return false;
      if (isIP(url.host) !== 0) return isReservedIp(url.host);
      return (url.pathname === '/' || url.pathname === '') && url.search === '' && domainListed(url.host);
    }
    return false;
  }

  /**
   * Once per database and BENIGN_RULES: every indicator of the rules' types judged again, those that
   * flipped queued for the linker in the same transaction (the linker's start drains them). A fresh
   * database has nothing to judge and only records the marker.
   */
  async function applyRulesOnce(): Promise<void> {
    const marker = BENIGN_RULES.name;
    const done = async (executor: Db) => (await executor.selectFrom('data_migrations').select('name').where('name', '=', marker).executeTakeFirst()) !== undefined;
    if (await done(db)) return;
    await db.transaction().execute(async (trx) => {
      if (engine === 'postgres') await sql`select pg_advisory_xact_lock(${ENTRIES_LOCK_KEY})`.execute(trx);
      if (await done(trx)) return; // another server started at the same time did it
      const flipped = await reevaluateBenignOfTypes(trx, BENIGN_RULES.types, isBenign);
      if (flipped.length > 0) await hooks.withinChange?.(trx, flipped);
      await trx.insertInto('data_migrations').values({ name: marker, at: nowIso() }).execute();
    });
  }

  /** How the platform writes a stored (canonical) entry; the value itself if it no longer normalises. */
  function displayOf(type: IndicatorType, value: string): string {
    const result = normaliseIndicator({ type, value }, { reporterCountry: null });
    return result.ok ? result.indicator.display : value;
  }

  /**
   * The entries in canonical form, or every refused one at once, each at its own path with the
   * normaliser's code (UX review, session 25: an admin pasting a list was told of one bad line at a time,
   * uncoded). Entries are the platform's, so a national number has no country to take: written as such,
   * its refusal says to give the international form.
   */
  async function canonicalEntries(entries: (RawIndicator & { note?: string | null })[], pathOf = (index: number, field: string) => `body.entries.${index}.${field}`) {
    const errors: FieldError[] = [];
    const canonical = entries.flatMap((entry, index) => {
      // With the hints a report's identifier takes (country, bankCode, chain, platform): an input review
      // found them accepted by the schema and then ignored, refusing `{value: "012345678", country: "KH"}`.
      const { note, ...raw } = entry;
      const result = normaliseIndicator(raw, { reporterCountry: null });
      if (result.ok) return [{ type: result.indicator.type, value: result.indicator.value, note: note ?? null }];
      errors.push({ path: pathOf(index, result.field), message: result.reason, ...(result.code && { code: result.code }), ...(result.params && { params: result.params }) });
      return [];
    });
    if (errors.length > 0) throw new AppError('validation_failed', fieldErrorsSummary(errors, 'The entries are not valid'), { errors });
    return canonical;
  }

  async function editable(id: string) {
    const list = await db.selectFrom('warninglists').selectAll().where('id', '=', id).executeTakeFirst();
    if (!list) throw notFound(`Warninglist ${id}`);
    if (list.source === 'builtin') throw coded('forbidden', refusals.say('refusal.builtin_warninglist_read_only'));
    return list;
  }

  /**
   * First thing in an ingest batch's transaction: waits for a change of entries under way (on PostgreSQL,
   * where other servers make them), then takes up any change committed since the set was loaded, so the
   * batch judges its identifiers by the entries of its own moment. A change re-judges only indicators it
   * can see committed: without this, an identifier listed while a report naming it was being written kept
   * `benign = 0` for good, and linked networks. (SQLite's one writer runs each transaction alone; another
   * process's change there shows in the version.)
   */
  async function currentWithin(trx: Db): Promise<void> {
    if (engine === 'postgres') await sql`select pg_advisory_xact_lock_shared(${ENTRIES_LOCK_KEY})`.execute(trx);
    if ((await versionOf(trx)) !== loaded) await reload(trx);
  }

  return {
    isBenign,
    currentWithin,
    reload,
    /** Takes up other processes' changes every `everyMs` (a server process). */
    start(everyMs = 2_000): void {
      timer ??= setInterval(() => void reloadIfChanged().catch(() => undefined), everyMs);
      timer.unref();
    },
    stop(): void {
      if (timer) clearInterval(timer);
      timer = null;
    },

    /** Installs the shipped lists once (by name), then loads every entry into memory. */
    async ensureBuiltins(): Promise<void> {
      const existing = new Set((await db.selectFrom('warninglists').select('name').where('source', '=', 'builtin').execute()).map((r) => r.name));
      const missing = BUILTIN_WARNINGLISTS.filter((list) => !existing.has(list.name));
      if (missing.length > 0) {
        const lists = await Promise.all(missing.map(async (list) => ({ list, entries: await canonicalEntries(list.entries) })));
        // As an admin's change is: a list a new release ships re-judges what a database already holds. All
        // the missing lists in one change, so their domains cost one pass over the stored domains and URLs,
        // not one per list (a first start on 1M stored indicators: 34.8 s with a pass per list, 14.3 s with one;
        // 3.8 s once the pass read pages along the key index: see judgeAll).
        await changeEntries(
          lists.flatMap(({ entries }) => entries),
          async (trx) => {
            // Servers started at once on a new database: one installs each list, the others find it there.
            if (engine === 'postgres') await sql`select pg_advisory_xact_lock(${BUILTIN_LISTS_LOCK_KEY})`.execute(trx);
            for (const { list, entries } of lists) {
              const installed = await trx.selectFrom('warninglists').select('id').where('source', '=', 'builtin').where('name', '=', list.name).executeTakeFirst();
              if (installed) continue;
              const id = newId();
              const now = nowIso();
              await trx.insertInto('warninglists').values({ id, name: list.name, description: list.description, source: 'builtin', organisation_id: null, created_at: now, updated_at: now }).execute();
              const unique = [...new Map(entries.map((e) => [indicatorKey(e.type, e.value), e])).values()];
              await trx.insertInto('warninglist_entries').values(unique.map((e) => ({ warninglist_id: id, ...e }))).execute();
            }
          },
        );
      }
      await reload();
      await applyRulesOnce();
    },

    async list(query: { cursor?: string; limit: number }) {
      const after = decodeCursor(query.cursor, ['string', 'id']);
      let q = db
        .selectFrom('warninglists as w')
        .select(['w.id', 'w.name', 'w.description', 'w.source', 'w.created_at', 'w.updated_at'])
        .select((eb) => eb.selectFrom('warninglist_entries as e').whereRef('e.warninglist_id', '=', 'w.id').select(eb.fn.countAll<number>().as('n')).as('entries'));
      if (after) {
        const [name, id] = after as [string, string];
        q = q.where((eb) => eb.or([eb('w.name', '>', name), eb.and([eb('w.name', '=', name), eb('w.id', '>', id)])]));
      }
      const rows = await q.orderBy('w.name').orderBy('w.id').limit(query.limit + 1).execute();
      const page = pageFrom(rows, query.limit, (r) => [r.name, r.id]);
      return {
        nextCursor: page.nextCursor,
        items: page.items.map((r) => ({ id: r.id, name: r.name, description: r.description, source: r.source as 'builtin' | 'admin', entries: Number(r.entries ?? 0), createdAt: r.created_at, updatedAt: r.updated_at })),
      };
    },

    async entries(id: string, query: { cursor?: string; limit: number }) {
      if (!(await db.selectFrom('warninglists').select('id').where('id', '=', id).executeTakeFirst())) throw notFound(`Warninglist ${id}`);
      const after = decodeCursor(query.cursor, ['string', 'string']);
      let q = db.selectFrom('warninglist_entries').select(['type', 'value', 'note']).where('warninglist_id', '=', id);
      if (after) {
        const [type, value] = after as [string, string];
        q = q.where((eb) => eb.or([eb('type', '>', type), eb.and([eb('type', '=', type), eb('value', '>', value)])]));
      }
      const rows = await q.orderBy('type').orderBy('value').limit(query.limit + 1).execute();
      const page = pageFrom(rows, query.limit, (r) => [r.type, r.value]);
      return { nextCursor: page.nextCursor, items: page.items.map((r) => ({ type: r.type as IndicatorType, value: r.value, display: displayOf(r.type as IndicatorType, r.value), note: r.note })) };
    },

    async create(context: AuditContext, input: { name: string; description?: string }) {
      const now = nowIso();
      const row = { id: newId(), name: input.name, description: input.description ?? null, source: 'admin', organisation_id: null, created_at: now, updated_at: now };
      await db.transaction().execute(async (trx) => {
        await trx.insertInto('warninglists').values(row).execute();
        await appendAudit(trx, engine, context, { action: 'warninglist.create', targetType: 'warninglist', targetId: row.id, summary: { name: row.name } });
      });
      return { id: row.id, name: row.name, description: row.description, source: 'admin' as const, entries: 0, createdAt: now, updatedAt: now };
    },

    async addEntries(context: AuditContext, id: string, raw: { type?: IndicatorType; value: string; note?: string }[]): Promise<number> {
      await editable(id);
      const entries = [...new Map((await canonicalEntries(raw)).map((e) => [indicatorKey(e.type, e.value), e])).values()];
      await changeEntries(entries, async (trx) => {
        await trx
          .insertInto('warninglist_entries')
          .values(entries.map((e) => ({ warninglist_id: id, ...e })))
          .onConflict((oc) => oc.columns(['warninglist_id', 'type', 'value']).doNothing())
          .execute();
        await trx.updateTable('warninglists').set({ updated_at: nowIso() }).where('id', '=', id).execute();
        await appendAudit(trx, engine, context, { action: 'warninglist.add_entries', targetType: 'warninglist', targetId: id, summary: { entries: entries.length, sample: entries.slice(0, 5).map((e) => `${e.type}:${e.value}`) } });
      });
      return entries.length;
    },

    async removeEntry(context: AuditContext, id: string, entry: RawIndicator & { type: IndicatorType }): Promise<void> {
      await editable(id);
      const [canonical] = await canonicalEntries([entry], (_, field) => `body.${field}`);
      await changeEntries([canonical!], async (trx) => {
        const removed = await trx.deleteFrom('warninglist_entries').where('warninglist_id', '=', id).where('type', '=', canonical!.type).where('value', '=', canonical!.value).executeTakeFirst();
        if (Number(removed.numDeletedRows) === 0) throw notFound(`Entry ${canonical!.type}:${canonical!.value} in warninglist ${id}`);
        await trx.updateTable('warninglists').set({ updated_at: nowIso() }).where('id', '=', id).execute();
        await appendAudit(trx, engine, context, { action: 'warninglist.remove_entry', targetType: 'warninglist', targetId: id, summary: { type: canonical!.type, value: canonical!.value } });
      });
    },

    async remove(context: AuditContext, id: string): Promise<void> {
      const list = await editable(id);
      const entries = await db.selectFrom('warninglist_entries').select(['type', 'value']).where('warninglist_id', '=', id).execute();
      await changeEntries(entries, async (trx) => {
        await trx.deleteFrom('warninglist_entries').where('warninglist_id', '=', id).execute();
        await trx.deleteFrom('warninglists').where('id', '=', id).execute();
        await appendAudit(trx, engine, context, { action: 'warninglist.delete', targetType: 'warninglist', targetId: id, summary: { name: list.name } });
      });
    },
  };
}

export type WarninglistService = ReturnType<typeof createWarninglistService>;
