/**
 * After a link decision the networks are recomputed: a "does not link" may split the one on screen, an
 * undo may merge it into another. This finds where the report the analyst was looking at went, by asking
 * each candidate network for its graph around that report (one node: cheap).
 */
import { useQueryClient } from '@tanstack/react-query';
import { api, ApiError } from '../../api/client';
import { networkKeys, type NetworkGraph } from '../../api/networks-queries';

/** Network ids the server names in a decision's answer (`networkIds`, `networks[].id`, `networkId`). */
export function networkIdsIn(answer: unknown): string[] {
  if (typeof answer !== 'object' || answer === null) return [];
  const record = answer as Record<string, unknown>;
  const ids: string[] = [];
  const push = (value: unknown) => {
    if (typeof value === 'string' && !ids.includes(value)) ids.push(value);
  };
  push(record.networkId);
  if (Array.isArray(record.networkIds)) record.networkIds.forEach(push);
  if (Array.isArray(record.networks)) for (const n of record.networks) push(typeof n === 'object' && n !== null ? (n as Record<string, unknown>).id : n);
  return ids;
}

async function holds(networkId: string, reportId: string): Promise<boolean> {
  try {
    const graph = await api.get<NetworkGraph>(`/networks/${encodeURIComponent(networkId)}/graph`, { around: reportId, limit: 1 });
    return graph.nodes.some((n) => n.id === reportId);
  } catch (error) {
    if (error instanceof ApiError && (error.status === 404 || error.status === 400)) return false;
    throw error;
  }
}

async function exists(networkId: string): Promise<boolean> {
  try {
    await api.get<unknown>(`/networks/${encodeURIComponent(networkId)}`);
    return true;
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) return false;
    throw error;
  }
}

export function useFollowReport() {
  const client = useQueryClient();
  /**
   * The network to show next: the one holding `reportId`, else the current one if it still exists.
   * `lost` says the report was not found in any network the answer named.
   */
  return async (currentId: string, reportId: string | null, answer: unknown): Promise<{ id: string | null; lost: boolean }> => {
    await client.invalidateQueries({ queryKey: networkKeys.all });
    const candidates = [currentId, ...networkIdsIn(answer).filter((id) => id !== currentId)];
    if (reportId) {
      for (const id of candidates) if (await holds(id, reportId)) return { id, lost: false };
    }
    for (const id of candidates) if (await exists(id)) return { id, lost: reportId !== null };
    return { id: null, lost: reportId !== null };
  };
}
