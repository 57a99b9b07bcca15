/**
 * TanStack Query hooks for interoperability: importing STIX bundles and MISP events, exporting reports,
 * indicators and networks as STIX 2.1 or MISP, and the federation peers (TAXII 2.1 servers this node
 * pulls from). Files travel as they are (a Blob body, a Blob download) so nothing is re-serialised.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { MISP_LIMITS, type CreatePeer, type MispImportResult, type Peer, type PeerList, type PeerSyncResult, type StixImportResult } from '@gpos/contracts';
import { api, buildUrl, networkFailure, postForStream, readJson, toApiError } from './client';
import { queryKeys } from './query-kit';
import { defaultExportName, filenameFromDisposition, saveFile, type ExportFormat, type ExportKind } from '../features/interop/download';

const enc = encodeURIComponent;

/* ------------------------------------------------------------------ import */

async function postJsonFile<T>(path: string, file: Blob, contentType: string): Promise<T> {
  const response = await postForStream(path, file, contentType);
  return readJson<T>(response);
}

export function importStixBundle(file: Blob, partial: boolean): Promise<StixImportResult> {
  return postJsonFile<StixImportResult>(`/stix/bundles${partial ? '?partial=true' : ''}`, file, 'application/json');
}

export function importMispEvents(file: Blob): Promise<MispImportResult> {
  return postJsonFile<MispImportResult>('/misp/events', file, 'application/json');
}

export type ImportOutcome = { format: 'stix'; result: StixImportResult } | { format: 'misp'; result: MispImportResult };

export function useImportFile() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (input: { format: 'stix' | 'misp'; file: Blob; partial: boolean }): Promise<ImportOutcome> =>
      input.format === 'stix'
        ? { format: 'stix', result: await importStixBundle(input.file, input.partial) }
        : { format: 'misp', result: await importMispEvents(input.file) },
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: queryKeys.reports });
      void client.invalidateQueries({ queryKey: queryKeys.indicators });
    },
  });
}

/* ------------------------------------------------------------------ export */

async function getFile(path: string): Promise<Response> {
  let response: Response;
  try {
    response = await fetch(buildUrl(path), {
      credentials: 'same-origin',
      headers: { accept: 'application/stix+json, application/json, application/problem+json' },
    });
  } catch (cause) {
    throw networkFailure(cause);
  }
  if (!response.ok) throw await toApiError(response);
  return response;
}

/** Thrown before any request when a network has more visible reports than one MISP event may hold. */
export class TooManyReportsError extends Error {
  constructor(readonly reports: number) {
    super(`${reports} reports; at most ${MISP_LIMITS.exportReports} per MISP event`);
    this.name = 'TooManyReportsError';
  }
}

interface NetworkExportDoc {
  nodes: { id: string; kind: 'report' | 'indicator' }[];
}

/** The network's reports the viewer may see (its JSON export lists exactly those). */
async function visibleNetworkReportIds(id: string): Promise<string[]> {
  const doc = await api.get<NetworkExportDoc>(`/networks/${enc(id)}/export`, { format: 'json' });
  return doc.nodes.filter((n) => n.kind === 'report').map((n) => n.id);
}

export function mispExportableKinds(kind: ExportKind): boolean {
  // MISP export takes report ids: a report, or a network's visible reports. An indicator alone is no
  // MISP event (its reports would bring their other identifiers), so it is STIX only.
  return kind !== 'indicator';
}

async function exportResponse(kind: ExportKind, id: string, format: ExportFormat): Promise<Response> {
  if (format === 'stix') return getFile(`/${kind}s/${enc(id)}/stix`);
  const reportIds = kind === 'report' ? [id] : await visibleNetworkReportIds(id);
  if (reportIds.length > MISP_LIMITS.exportReports) throw new TooManyReportsError(reportIds.length);
  const body = new Blob([JSON.stringify({ reportIds })], { type: 'application/json' });
  return postForStream('/misp/export', body, 'application/json');
}

export interface ExportTarget {
  kind: ExportKind;
  id: string;
  format: ExportFormat;
}

/** Fetches the export and saves it as a file; resolves with the file name used. */
export async function downloadExport({ kind, id, format }: ExportTarget): Promise<string> {
  const response = await exportResponse(kind, id, format);
  const name = filenameFromDisposition(response.headers.get('content-disposition')) ?? defaultExportName(kind, id, format);
  let file: Blob;
  try {
    file = await response.blob();
  } catch (cause) {
    throw networkFailure(cause);
  }
  saveFile(name, file);
  return name;
}

export function useDownloadExport() {
  return useMutation({ mutationFn: downloadExport });
}

/* ------------------------------------------------------------------ federation */

export const federationKeys = {
  peers: ['federation', 'peers'] as const,
};

export function usePeers(enabled = true) {
  return useQuery({
    queryKey: federationKeys.peers,
    queryFn: ({ signal }) => api.get<PeerList>('/federation/peers', undefined, signal),
    enabled,
  });
}

export function useCreatePeer() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: CreatePeer) => api.post<Peer>('/federation/peers', input),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: federationKeys.peers });
      // A peer may come with a new organisation to represent it.
      void client.invalidateQueries({ queryKey: queryKeys.organisations });
    },
  });
}

export function useDeletePeer() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.delete(`/federation/peers/${enc(id)}`),
    onSuccess: () => client.invalidateQueries({ queryKey: federationKeys.peers }),
  });
}

export function useSyncPeer() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.post<PeerSyncResult>(`/federation/peers/${enc(id)}/sync`),
    onSettled: () => {
      void client.invalidateQueries({ queryKey: federationKeys.peers });
      void client.invalidateQueries({ queryKey: queryKeys.reports });
      void client.invalidateQueries({ queryKey: queryKeys.indicators });
    },
  });
}
