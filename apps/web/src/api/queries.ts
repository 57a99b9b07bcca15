/**
 * TanStack Query hooks for every resource the web shell shows. Query keys start with the resource name so
 * a mutation can invalidate everything about it at once.
 */
import { keepPreviousData, useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  ApiKey,
  ApiKeyScope,
  AuditEvent,
  Community,
  CreateOrganisation,
  Locale,
  Me,
  Session,
  Organisation,
  UpdateOrganisation,
  UpdateUser,
  User,
  UserRole,
} from '@gpos/contracts';
import { LIMITS } from '@gpos/contracts';
import { clearPageMemory } from '../lib/page-memory';
import { markSessionEnded } from '../auth/session-ended';
import { api, setCsrfToken, type Page, type QueryValue } from './client';
import type {
  AccessRequest,
  CreatedWebhook,
  CreateReport,
  IndicatorDetail,
  LookupResult,
  NormaliseResponse,
  PlatformEvent,
  RawIndicator,
  Report,
  SetIndicatorStatus,
  WatchKind,
  Warninglist,
  WarninglistEntry,
  Watchlist,
  Webhook,
  WebhookTestResult,
} from './intel-types';
import type { IndicatorType } from '@gpos/contracts';

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

/* ------------------------------------------------------------------ session */

/**
 * Who is signed in, or null: asked of `/auth/session`, which answers a visitor without a 401, and says
 * when the session this tab had just ended unused (a reload after walking away), for the sign-in page.
 */
export async function fetchMe(): Promise<Me | null> {
  const { me, idleMinutes } = await api.get<Session>('/auth/session');
  if (idleMinutes !== undefined) markSessionEnded(idleMinutes);
  setCsrfToken(me?.csrfToken ?? null);
  return me;
}

export function useMe() {
  return useQuery({ queryKey: queryKeys.me, queryFn: fetchMe, staleTime: 5 * 60_000, retry: false });
}

export function useLogin() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: { email: string; password: string }) => api.post<Me>('/auth/login', input),
    onSuccess: (me) => {
      setCsrfToken(me.csrfToken);
      client.setQueryData(queryKeys.me, me);
    },
  });
}

export function useLogout() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => api.post<void>('/auth/logout'),
    onSettled: () => {
      setCsrfToken(null);
      clearPageMemory();
      client.clear();
      client.setQueryData(queryKeys.me, null);
    },
  });
}

export function useUpdateMe() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: { locale?: Locale; displayName?: string }) => api.patch<Me>('/auth/me', input),
    onSuccess: (me) => {
      setCsrfToken(me.csrfToken);
      client.setQueryData(queryKeys.me, me);
    },
  });
}

export function useChangePassword() {
  return useMutation({
    mutationFn: (input: { currentPassword: string; newPassword: string }) => api.post<void>('/auth/password', input),
  });
}

/* ------------------------------------------------------------------ lists */

type Filters = Record<string, QueryValue>;

function usePagedList<T>(key: readonly unknown[], path: string, filters: Filters, enabled = true, refetchInterval: number | false = false) {
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
async function fetchAll<T>(path: string, filters: Filters = {}, maxPages = 20): Promise<T[]> {
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

/* ------------------------------------------------------------------ organisations */

export interface OrganisationFilters extends Filters {
  q?: string;
  type?: string;
  country?: string;
  status?: string;
}

export function useOrganisations(filters: OrganisationFilters) {
  return usePagedList<Organisation>(queryKeys.organisations, '/organisations', filters);
}

/** One organisation (every role may read them): the reader's own, for the short name pages name it by. */
export function useOrganisation(id: string) {
  return useQuery({
    queryKey: [...queryKeys.organisations, 'one', id],
    queryFn: ({ signal }) => api.get<Organisation>(`/organisations/${encodeURIComponent(id)}`, undefined, signal),
    staleTime: 5 * 60_000,
  });
}

export function useAllOrganisations(enabled = true) {
  return useQuery({
    queryKey: [...queryKeys.organisations, 'all'],
    queryFn: () => fetchAll<Organisation>('/organisations'),
    staleTime: 60_000,
    enabled,
  });
}

export function useCreateOrganisation() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: CreateOrganisation) => api.post<Organisation>('/organisations', input),
    onSuccess: () => client.invalidateQueries({ queryKey: queryKeys.organisations }),
  });
}

export function useUpdateOrganisation() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, ...input }: UpdateOrganisation & { id: string }) =>
      api.patch<Organisation>(`/organisations/${encodeURIComponent(id)}`, input),
    onSuccess: () => client.invalidateQueries({ queryKey: queryKeys.organisations }),
  });
}

/* ------------------------------------------------------------------ users */

export interface UserFilters extends Filters {
  organisationId?: string;
  q?: string;
  role?: string;
  status?: string;
}

export function useUsers(filters: UserFilters, enabled = true) {
  return usePagedList<User>(queryKeys.users, '/users', filters, enabled);
}

export function useAllUsers(enabled = true) {
  return useQuery({
    queryKey: [...queryKeys.users, 'all'],
    queryFn: () => fetchAll<User>('/users', {}, 5),
    staleTime: 60_000,
    enabled,
  });
}

export interface CreateUserInput {
  organisationId?: string;
  email: string;
  displayName: string;
  role: UserRole;
  locale?: Locale;
  password?: string;
}

export function useCreateUser() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: CreateUserInput) => api.post<{ user: User; initialPassword: string | null }>('/users', input),
    onSuccess: () => client.invalidateQueries({ queryKey: queryKeys.users }),
  });
}

export function useUpdateUser() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, ...input }: UpdateUser & { id: string }) => api.patch<User>(`/users/${encodeURIComponent(id)}`, input),
    onSuccess: () => client.invalidateQueries({ queryKey: queryKeys.users }),
  });
}

/* ------------------------------------------------------------------ API keys */

export function useApiKeys(filters: { organisationId?: string }) {
  return usePagedList<ApiKey>(queryKeys.apiKeys, '/api-keys', filters);
}

export interface CreateApiKeyInput {
  name: string;
  scopes: ApiKeyScope[];
  expiresAt?: string;
  organisationId?: string;
}

export function useCreateApiKey() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: CreateApiKeyInput) => api.post<{ apiKey: ApiKey; secret: string }>('/api-keys', input),
    onSuccess: () => client.invalidateQueries({ queryKey: queryKeys.apiKeys }),
  });
}

export function useRevokeApiKey() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.delete(`/api-keys/${encodeURIComponent(id)}`),
    onSuccess: () => client.invalidateQueries({ queryKey: queryKeys.apiKeys }),
  });
}

/* ------------------------------------------------------------------ communities */

export function useCommunities() {
  return usePagedList<Community>(queryKeys.communities, '/communities', {});
}

export function useAllCommunities(enabled = true) {
  return useQuery({
    queryKey: [...queryKeys.communities, 'all'],
    queryFn: () => fetchAll<Community>('/communities', {}, 5),
    staleTime: 60_000,
    enabled,
  });
}

export interface CommunityInput {
  name: string;
  description?: string | null;
  memberOrganisationIds: string[];
}

export function useSaveCommunity() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, ...input }: CommunityInput & { id?: string }) =>
      id
        ? api.patch<Community>(`/communities/${encodeURIComponent(id)}`, input)
        : api.post<Community>('/communities', { ...input, description: input.description ?? undefined }),
    onSuccess: () => client.invalidateQueries({ queryKey: queryKeys.communities }),
  });
}

export function useDeleteCommunity() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.delete(`/communities/${encodeURIComponent(id)}`),
    onSuccess: () => client.invalidateQueries({ queryKey: queryKeys.communities }),
  });
}

/* ------------------------------------------------------------------ audit */

export interface AuditFilters extends Filters {
  action?: string;
  actorUserId?: string;
  organisationId?: string;
  targetType?: string;
  targetId?: string;
  from?: string;
  to?: string;
}

export function useAuditEvents(filters: AuditFilters) {
  return usePagedList<AuditEvent>(queryKeys.audit, '/audit-events', filters);
}

export interface AuditVerification {
  ok: boolean;
  checked: number;
  brokenAt: number | null;
  reason: string | null;
}

export function useVerifyAudit() {
  return useMutation({ mutationFn: () => api.get<AuditVerification>('/audit-events/verify') });
}

/* ------------------------------------------------------------------ reports */

const enc = encodeURIComponent;

export interface ReportFilters extends Filters {
  scamType?: string;
  victimCountry?: string;
  organisationId?: string;
  indicatorId?: string;
  communityId?: string;
  status?: string;
  from?: string;
  to?: string;
  /** The reports one bulk upload of the organisation stored (the upload page links here). */
  uploadId?: string;
}

export function useReports(filters: ReportFilters) {
  return usePagedList<Report>(queryKeys.reports, '/reports', filters);
}

export function useReport(id: string | undefined) {
  return useQuery({
    queryKey: [...queryKeys.reports, 'one', id],
    queryFn: () => api.get<Report>(`/reports/${enc(id ?? '')}`),
    enabled: Boolean(id),
  });
}

export function useCreateReport() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: CreateReport) => api.post<Report>('/reports', input),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: queryKeys.reports });
      void client.invalidateQueries({ queryKey: queryKeys.indicators });
    },
  });
}

export function useCorrectReport() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, input }: { id: string; input: Omit<CreateReport, 'idempotencyKey'> }) => api.put<Report>(`/reports/${enc(id)}`, input),
    onSuccess: (report) => {
      client.setQueryData([...queryKeys.reports, 'one', report.id], report);
      void client.invalidateQueries({ queryKey: queryKeys.reports });
      void client.invalidateQueries({ queryKey: queryKeys.indicators });
    },
  });
}

export function useRetractReport() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, reason }: { id: string; reason: string }) => api.post<Report>(`/reports/${enc(id)}/retract`, { reason }),
    onSuccess: (report) => {
      client.setQueryData([...queryKeys.reports, 'one', report.id], report);
      void client.invalidateQueries({ queryKey: queryKeys.reports });
      void client.invalidateQueries({ queryKey: queryKeys.indicators });
    },
  });
}

/** The live preview of canonical forms (POST /normalise); called directly by a debounced effect. */
export function normalise(indicators: RawIndicator[], signal?: AbortSignal) {
  return api.post<NormaliseResponse>('/normalise', { indicators }, signal);
}

/* ------------------------------------------------------------------ lookup and indicators */

/**
 * What to look up, with the hints a report's identifier takes: `country` for a national number of another
 * country than the caller's organisation (phone; bank account with `bankCode`), `chain`, `platform`.
 */
export interface LookupItem {
  value: string;
  type?: IndicatorType;
  country?: string;
  bankCode?: string;
  chain?: string;
  platform?: string;
}

export function useLookupOne() {
  return useMutation({
    mutationFn: (input: LookupItem) =>
      api.get<LookupResult>('/lookup', { value: input.value, type: input.type, country: input.country, bankCode: input.bankCode, chain: input.chain, platform: input.platform }),
  });
}

export function useLookupBatch() {
  return useMutation({
    mutationFn: (items: LookupItem[]) => api.post<{ results: LookupResult[] }>('/lookup', { items }),
  });
}

/**
 * A batch lookup as a query, for a page that shows what the platform knows of its identifiers (one
 * request for all of them). Under `indicators`, so a new report or a status change refreshes it.
 */
export function useLookupMany(items: { value: string; type?: IndicatorType }[], enabled = true) {
  return useQuery({
    queryKey: [...queryKeys.indicators, 'lookup-many', items],
    queryFn: ({ signal }) => api.post<{ results: LookupResult[] }>('/lookup', { items }, signal),
    enabled: enabled && items.length > 0,
  });
}

export function useIndicator(id: string | undefined) {
  return useQuery({
    queryKey: [...queryKeys.indicators, id],
    queryFn: () => api.get<IndicatorDetail>(`/indicators/${enc(id ?? '')}`),
    enabled: Boolean(id),
  });
}

export function useSetIndicatorStatus(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: SetIndicatorStatus) => api.post<unknown>(`/indicators/${enc(id)}/status`, input),
    // The linking section follows: ['networks'] is networkKeys.all (networks-queries.ts, which imports this
    // file), and that hook reads the section again until the linker has caught up with the new status.
    onSuccess: () => Promise.all([client.invalidateQueries({ queryKey: queryKeys.indicators }), client.invalidateQueries({ queryKey: ['networks'] })]),
  });
}

/**
 * "Request access" on a hidden hit: the server hands the exact request to make (`hiddenHit.accessRequest`),
 * posted as is (the client adds `/api/v1`, so an absolute or `/api/v1/…` href is reduced to its path).
 */
export function useRequestAccess() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ href, reason }: { href: string; reason: string }) =>
      api.post<AccessRequest>(href.replace(/^(https?:\/\/[^/]+)?\/api\/v1(?=\/)/, ''), { reason }),
    onSuccess: () => client.invalidateQueries({ queryKey: queryKeys.accessRequests }),
  });
}

/** The access requests the caller's organisation has made. */
export function useAccessRequests() {
  return usePagedList<AccessRequest>(queryKeys.accessRequests, '/access-requests', {});
}

/**
 * The caller organisation's pending access request for an indicator or a network, if any: lets a page
 * say "Request sent — pending" after a reload. `undefined` while loading or when there is none.
 */
export function usePendingAccessRequest(targetType: AccessRequest['targetType'], targetId: string | null | undefined, enabled = true): AccessRequest | undefined {
  const list = usePagedList<AccessRequest>(queryKeys.accessRequests, '/access-requests', {}, enabled && !!targetId);
  if (!targetId) return undefined;
  for (const page of list.data?.pages ?? []) {
    const found = page.items.find((r) => r.targetType === targetType && r.targetId === targetId && r.status === 'pending');
    if (found) return found;
  }
  return undefined;
}

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
