/**
 * TanStack Query hooks for network discovery (`/networks…`, link decisions, the review queue). Every key
 * starts with `networks`, so a link decision (which may merge or split networks) refreshes them all.
 */
import { useEffect } from 'react';
import { keepPreviousData, useInfiniteQuery, useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type {
  IndicatorLinking,
  LinkDecisionPreview,
  linkDecisionSchema,
  linkReviewItemSchema,
  NetworkDetail,
  NetworkGraph,
  networkPathSchema,
  NetworkSummary,
} from '@gpos/contracts';
import { api, ApiError, type Page, type QueryValue } from './client';
import { queryKeys } from './query-kit';

export type { IndicatorLinking, LinkDecisionPreview, NetworkDetail, NetworkGraph, NetworkSummary };
export type NetworkPath = z.infer<typeof networkPathSchema>;
export type LinkReviewItem = z.infer<typeof linkReviewItemSchema>;
export type LinkDecision = z.infer<typeof linkDecisionSchema>;
export type NetworkHistoryEvent = NetworkDetail['history'][number];
export type NetworkGraphNode = NetworkGraph['nodes'][number];

export const networkKeys = {
  all: ['networks'] as const,
  list: (filters: NetworkFilters) => ['networks', 'list', filters] as const,
  detail: (id: string) => ['networks', 'one', id] as const,
  graph: (id: string, cells: boolean, around: string | undefined) => ['networks', 'graph', id, cells, around ?? null] as const,
  path: (id: string, from: string, to: string) => ['networks', 'path', id, from, to] as const,
  review: (reason: string | undefined) => ['networks', 'review', reason ?? null] as const,
  /** Under `networks`: a link decision (which `useInvalidateNetworks` follows) refreshes it too. */
  linking: (indicatorId: string) => ['networks', 'linking', indicatorId] as const,
  decisionPreview: (indicatorId: string, decision: LinkDecisionPreview['decision']) => ['networks', 'decision-preview', indicatorId, decision] as const,
};

export interface NetworkFilters extends Record<string, QueryValue> {
  country?: string;
  scamType?: string;
  indicatorType?: string;
  minReports?: number;
  activeSince?: string;
  crossBorder?: 'true' | 'false';
}

const enc = encodeURIComponent;

export function useNetworks(filters: NetworkFilters) {
  return useInfiniteQuery({
    queryKey: networkKeys.list(filters),
    queryFn: ({ pageParam, signal }) => api.get<Page<NetworkSummary>>('/networks', { ...filters, cursor: pageParam ?? undefined }, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    placeholderData: keepPreviousData,
  });
}

export function useNetwork(id: string | undefined) {
  return useQuery({
    queryKey: networkKeys.detail(id ?? ''),
    queryFn: ({ signal }) => api.get<NetworkDetail>(`/networks/${enc(id ?? '')}`, undefined, signal),
    enabled: Boolean(id),
  });
}

/**
 * The network holding one report (`GET /networks?report=`, even a lone report's), or null while it is in
 * none the viewer may see. A report just submitted is linked a moment later (the linker drains within
 * about a second), so `waitForLinking` asks again, up to a few seconds, while the answer is still empty.
 */
export function useReportNetwork(reportId: string | undefined, options: { enabled?: boolean; waitForLinking?: boolean } = {}) {
  return useQuery({
    ...reportNetworkQuery(reportId ?? '', options.waitForLinking ?? false),
    enabled: Boolean(reportId) && (options.enabled ?? true),
  });
}

const REPORT_LINKING_RETRY_MS = 1_000;

/** useReportNetwork's query (exported for its test). */
export const reportNetworkQuery = (reportId: string, waitForLinking: boolean) => ({
  queryKey: [...networkKeys.all, 'of-report', reportId],
  queryFn: async ({ signal }: { signal: AbortSignal }): Promise<NetworkSummary | null> => {
    for (let attempt = 0; ; attempt += 1) {
      // Asking again while the linker catches up is the page's doing, not the reader's: it does not keep the
      // session from idling out (api.poll).
      const network = (await (attempt === 0 ? api.get : api.poll)<Page<NetworkSummary>>('/networks', { report: reportId, limit: 1 }, signal)).items[0] ?? null;
      if (network || !waitForLinking || attempt >= 5) return network;
      await new Promise((resolve) => setTimeout(resolve, REPORT_LINKING_RETRY_MS));
      if (signal.aborted) return null;
    }
  },
});

/** The graph query, shared by the explorer and the network page's prefetch so both name the same cache entry. */
export const networkGraphQuery = (id: string, options: { cells: boolean; around?: string; limit?: number }) => ({
  queryKey: networkKeys.graph(id, options.cells, options.around),
  queryFn: ({ signal }: { signal: AbortSignal }) =>
    api.get<NetworkGraph>(`/networks/${enc(id)}/graph`, { cells: options.cells ? 'true' : undefined, around: options.around, limit: options.limit }, signal),
  staleTime: 60_000,
});

export function useNetworkGraph(id: string | undefined, options: { cells: boolean; around?: string; limit?: number }) {
  return useQuery({
    ...networkGraphQuery(id ?? '', options),
    enabled: Boolean(id),
    // The graph is big: keep the last one on screen while a new one (cells, after a split) loads.
    placeholderData: keepPreviousData,
  });
}

/**
 * Starts what the network page's explorer needs — its graph and its code — while the page's detail
 * loads, instead of after it: the explorer mounts only once the detail is there.
 */
export function usePrefetchNetworkExplorer(id: string | undefined, loadExplorer: () => Promise<unknown>) {
  const queryClient = useQueryClient();
  useEffect(() => {
    if (!id) return;
    void queryClient.prefetchQuery(networkGraphQuery(id, { cells: false }));
    void loadExplorer();
  }, [id, queryClient, loadExplorer]);
}

export function useNetworkPath(id: string | undefined, from: string | null, to: string | null) {
  return useQuery({
    queryKey: networkKeys.path(id ?? '', from ?? '', to ?? ''),
    queryFn: ({ signal }) => api.get<NetworkPath>(`/networks/${enc(id ?? '')}/path`, { from, to }, signal),
    enabled: Boolean(id && from && to && from !== to),
  });
}

export function networkExportHref(id: string, format: 'json' | 'graphml' | 'gexf'): string {
  return `/api/v1/networks/${enc(id)}/export?format=${format}`;
}

export function useLinkReview(reason: string | undefined) {
  return useInfiniteQuery({
    queryKey: networkKeys.review(reason),
    queryFn: ({ pageParam, signal }) =>
      api.get<Page<LinkReviewItem>>('/networks/review', { reason, cursor: pageParam ?? undefined }, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    placeholderData: keepPreviousData,
  });
}

/**
 * Whether the linking state lags the indicator's status: the linker applies a status change just after it
 * is saved, so for a moment a false positive may still link or be held for another reason, or an
 * indicator back from false positive may still be held as one. An analyst's decision outranks the status
 * (and is applied before its answer), and a warninglist outranks it too (link-policy.ts).
 */
export function linkingLagsStatus(linking: IndicatorLinking | undefined, status: string): boolean {
  if (!linking) return false;
  const reason = linking.hold?.reason ?? null;
  if (status !== 'false_positive') return reason === 'false_positive';
  return linking.decision === null && reason !== 'false_positive' && reason !== 'warninglist';
}

/**
 * How often the linking state is read again while it lags the status, and a bound on it: no more once the
 * query has been answered this many times (a linker that never catches up must not poll for ever; the
 * section then catches up on its next read). The status is part of the query's key, so each status the
 * page shows starts its own count.
 */
const LAG_POLL_MS = 1000;
const LAG_POLLS = 10;

/**
 * Whether an indicator links reports, into which network, or why it is held (its page's "Linking").
 * Given the indicator's status, it is read again while the linker has not caught up with that status.
 */
export function useIndicatorLinking(indicatorId: string | undefined, status?: string) {
  const client = useQueryClient();
  return useQuery({
    ...indicatorLinkingQuery(client, indicatorId ?? '', status),
    enabled: Boolean(indicatorId),
    // A new status is a new key: the section keeps what it showed until the new answer comes.
    placeholderData: keepPreviousData,
    refetchInterval: (query) => (status !== undefined && query.state.dataUpdateCount <= LAG_POLLS && linkingLagsStatus(query.state.data, status) ? LAG_POLL_MS : false),
  });
}

/** useIndicatorLinking's query (exported for its test). */
export function indicatorLinkingQuery(client: QueryClient, indicatorId: string, status: string | undefined) {
  const queryKey = [...networkKeys.linking(indicatorId), status ?? null];
  return {
    queryKey,
    // Once answered, a read again is the catch-up polling's (or follows a change the reader made, already
    // counted): it does not keep the session from idling out (api.poll).
    queryFn: ({ signal }: { signal: AbortSignal }) =>
      (client.getQueryData(queryKey) === undefined ? api.get : api.poll)<IndicatorLinking>(`/indicators/${enc(indicatorId)}/linking`, undefined, signal),
  };
}

/**
 * What a decision on the indicator would do now — what a "does not link" would split, what a "confirm link"
 * would merge — read each time its dialog opens (never from the cache: another decision or a new report
 * changes it), so that the reviewer confirms knowing it.
 */
export function useLinkDecisionPreview<D extends LinkDecisionPreview['decision']>(indicatorId: string | null, decision: D) {
  return useQuery({
    queryKey: networkKeys.decisionPreview(indicatorId ?? '', decision),
    queryFn: ({ signal }) => api.get<Extract<LinkDecisionPreview, { decision: D }>>(`/indicators/${enc(indicatorId ?? '')}/link-decision-preview`, { decision }, signal),
    enabled: indicatorId !== null,
    staleTime: 0,
    gcTime: 0,
    retry: false,
  });
}

function useInvalidateNetworks() {
  const client = useQueryClient();
  return () => {
    void client.invalidateQueries({ queryKey: networkKeys.all });
    void client.invalidateQueries({ queryKey: queryKeys.indicators });
  };
}

/** "Does not link" (the network may split) or "confirm link", with the analyst's reason. */
export function useLinkDecision() {
  const invalidate = useInvalidateNetworks();
  return useMutation({
    mutationFn: ({ indicatorId, ...body }: LinkDecision & { indicatorId: string }) =>
      api.post<unknown>(`/indicators/${enc(indicatorId)}/link-decision`, body),
    onSuccess: invalidate,
  });
}

export function useUndoLinkDecision() {
  const invalidate = useInvalidateNetworks();
  return useMutation({
    mutationFn: ({ eventId, reason }: { eventId: string; reason: string }) => api.post<unknown>(`/networks/events/${enc(eventId)}/undo`, { reason }),
    onSuccess: invalidate,
    // Refused as things stand (409: undone or replaced meanwhile; 404: no longer shown to you): the page
    // held an old history, so it is reloaded to show the current state and to offer no such Undo again.
    onError: (error) => {
      if (error instanceof ApiError && (error.status === 409 || error.status === 404)) invalidate();
    },
  });
}

/** Asks the holders of a network's hidden reports for access; posted to the href the server gave. */
export function useNetworkAccessRequest() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ href, reason }: { href: string; reason: string }) =>
      api.post<unknown>(href.replace(/^(https?:\/\/[^/]+)?\/api\/v1(?=\/)/, ''), { reason }),
    onSuccess: () => client.invalidateQueries({ queryKey: queryKeys.accessRequests }),
  });
}
