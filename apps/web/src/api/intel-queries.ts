/** The exchange's core: reports (submit, correct, retract), the live preview of canonical forms, lookups and indicators. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { IndicatorType } from '@gpos/contracts';
import { api } from './client';
import { networkKeys } from './networks-queries';
import type { CreateReport, IndicatorDetail, LookupResult, NormaliseResponse, RawIndicator, Report, SetIndicatorStatus } from './intel-types';
import { queryKeys, usePagedList, type Filters } from './query-kit';

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
    // The linking section follows: that hook reads it again until the linker has caught up with the new status.
    onSuccess: () => Promise.all([client.invalidateQueries({ queryKey: queryKeys.indicators }), client.invalidateQueries({ queryKey: networkKeys.all })]),
  });
}

