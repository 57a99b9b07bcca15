/** The partnership's administration: organisations, users, API keys, sharing communities and the audit log. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ApiKey, ApiKeyScope, AuditEvent, Community, CreateOrganisation, Locale, Organisation, UpdateOrganisation, UpdateUser, User, UserRole } from '@gpos/contracts';
import { api } from './client';
import { fetchAll, queryKeys, usePagedList, type Filters } from './query-kit';

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

