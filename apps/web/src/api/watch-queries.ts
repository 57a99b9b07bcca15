/** What an organisation watches and how it hears of it: watchlists, webhooks and the recent events. */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { IndicatorType } from '@gpos/contracts';
import { api } from './client';
import type { CreatedWebhook, PlatformEvent, WatchKind, Watchlist, Webhook, WebhookTestResult } from './intel-types';
import { queryKeys, usePagedList } from './query-kit';

const enc = encodeURIComponent;

/* ------------------------------------------------------------------ watchlists, webhooks, events */

export function useWatchlists() {
  return usePagedList<Watchlist>(queryKeys.watchlists, '/watchlists', {});
}

export function useCreateWatchlist() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: { name: string; kind: WatchKind; indicatorType: IndicatorType; pattern: string }) => api.post<Watchlist>('/watchlists', input),
    onSuccess: () => client.invalidateQueries({ queryKey: queryKeys.watchlists }),
  });
}

export function useDeleteWatchlist() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.delete(`/watchlists/${enc(id)}`),
    onSuccess: () => client.invalidateQueries({ queryKey: queryKeys.watchlists }),
  });
}

/** Polled while shown: how deliveries stand changes with every attempt, and no event tells the page of a retry. */
export const WEBHOOKS_POLL_MS = 10_000;

export function useWebhooks() {
  return usePagedList<Webhook>(queryKeys.webhooks, '/webhooks', {}, true, WEBHOOKS_POLL_MS);
}

export function useRetryWebhook() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.post<Webhook>(`/webhooks/${enc(id)}/retry`),
    onSuccess: () => client.invalidateQueries({ queryKey: queryKeys.webhooks }),
  });
}

export function useCreateWebhook() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (url: string) => api.post<CreatedWebhook>('/webhooks', { url }),
    onSuccess: () => client.invalidateQueries({ queryKey: queryKeys.webhooks }),
  });
}

/** Pauses (`paused`) or resumes (`active`) a webhook; answers it as listed. */
export function useSetWebhookStatus() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, status }: { id: string; status: Webhook['status'] }) => api.patch<Webhook>(`/webhooks/${enc(id)}`, { status }),
    onSuccess: () => client.invalidateQueries({ queryKey: queryKeys.webhooks }),
  });
}

/** Sends a webhook a test delivery now; answers what became of it. */
export function useTestWebhook() {
  return useMutation({ mutationFn: (id: string) => api.post<WebhookTestResult>(`/webhooks/${enc(id)}/test`) });
}

/** Gives a webhook a new signing secret, in this answer only. */
export function useNewWebhookSecret() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.post<CreatedWebhook>(`/webhooks/${enc(id)}/secret`),
    onSuccess: () => client.invalidateQueries({ queryKey: queryKeys.webhooks }),
  });
}

export function useDeleteWebhook() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.delete(`/webhooks/${enc(id)}`),
    onSuccess: () => client.invalidateQueries({ queryKey: queryKeys.webhooks }),
  });
}

export function useRecentEvents() {
  return usePagedList<PlatformEvent>(queryKeys.events, '/events/recent', {});
}
