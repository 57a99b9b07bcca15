/**
 * What every resource's query hooks share: the query keys (each starting with the resource's name, so a
 * mutation can invalidate everything about it at once), a paged list that keeps its rows while the next
 * filter loads, and fetching every page of a list for pickers. The hooks live beside it, a module per
 * domain: session-, admin-, intel-, warninglist-, watch-, access-requests-, networks- and interop-queries.
 */
import { keepPreviousData, useInfiniteQuery, useQueryClient } from '@tanstack/react-query';
import { LIMITS } from '@gpos/contracts';
import { api, type Page, type QueryValue } from './client';

export const queryKeys = {
  me: ['me'] as const,
  organisations: ['organisations'] as const,
  users: ['users'] as const,
  apiKeys: ['api-keys'] as const,
  communities: ['communities'] as const,
  audit: ['audit-events'] as const,
  reports: ['reports'] as const,
  indicators: ['indicators'] as const,
  warninglists: ['warninglists'] as const,
  watchlists: ['watchlists'] as const,
  webhooks: ['webhooks'] as const,
  events: ['events'] as const,
  accessRequests: ['access-requests'] as const,
};

/* ------------------------------------------------------------------ lists */

export type Filters = Record<string, QueryValue>;

export function usePagedList<T>(key: readonly unknown[], path: string, filters: Filters, enabled = true, refetchInterval: number | false = false) {
  const client = useQueryClient();
  const queryKey = [...key, 'list', filters];
  return useInfiniteQuery({
    refetchInterval,
    queryKey,
    // A polled list's refetches are the page's doing, not the reader's: they do not keep the session alive.
    queryFn: ({ pageParam, signal }) =>
      (refetchInterval !== false && client.getQueryData(queryKey) !== undefined ? api.poll : api.get)<Page<T>>(path, { ...filters, cursor: pageParam ?? undefined }, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    // Keep showing the current rows while a new filter loads, instead of flashing an empty table.
    placeholderData: keepPreviousData,
    enabled,
  });
}

/** Fetches every page (bounded) — for pickers and id → name lookups. */
export async function fetchAll<T>(path: string, filters: Filters = {}, maxPages = 20): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | null = null;
  for (let i = 0; i < maxPages; i += 1) {
    const page: Page<T> = await api.get<Page<T>>(path, { ...filters, limit: LIMITS.pageSizeMax, cursor });
    items.push(...page.items);
    cursor = page.nextCursor;
    if (!cursor) break;
  }
  return items;
}

