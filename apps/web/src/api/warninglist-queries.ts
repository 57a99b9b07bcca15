/** Warninglists: known-benign identifiers that are never flagged and never link reports. */
import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import type { IndicatorType } from '@gpos/contracts';
import { api, type Page } from './client';
import type { RawIndicator, Warninglist, WarninglistEntry } from './intel-types';
import { queryKeys, usePagedList } from './query-kit';

const enc = encodeURIComponent;

/* ------------------------------------------------------------------ warninglists */

export function useWarninglists() {
  return usePagedList<Warninglist>(queryKeys.warninglists, '/warninglists', {});
}

export function useWarninglistEntries(id: string | null) {
  return useInfiniteQuery({
    queryKey: [...queryKeys.warninglists, 'entries', id],
    queryFn: ({ pageParam, signal }) =>
      api.get<Page<WarninglistEntry>>(`/warninglists/${enc(id ?? '')}/entries`, { cursor: pageParam ?? undefined }, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    enabled: Boolean(id),
  });
}

export function useCreateWarninglist() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: { name: string; description?: string }) => api.post<Warninglist>('/warninglists', input),
    onSuccess: () => client.invalidateQueries({ queryKey: queryKeys.warninglists }),
  });
}

export function useAddWarninglistEntries(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (entries: (RawIndicator & { note?: string })[]) => api.post<unknown>(`/warninglists/${enc(id)}/entries`, { entries }),
    onSuccess: () => client.invalidateQueries({ queryKey: queryKeys.warninglists }),
  });
}

export function useRemoveWarninglistEntry(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (entry: { type: IndicatorType; value: string }) => api.delete(`/warninglists/${enc(id)}/entries`, entry),
    onSuccess: () => client.invalidateQueries({ queryKey: queryKeys.warninglists }),
  });
}

