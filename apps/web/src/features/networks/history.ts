import type { NetworkHistoryFoldEvent } from '@gpos/contracts';

// The folding of runs of splits and merges is shared with the CLI (@gpos/contracts, network-history.ts).
export { historyEntries, type HistoryEntry, type NetworkHistoryFoldEvent as HistoryEvent } from '@gpos/contracts';

/**
 * The events an Undo button is shown on: an analyst's decision ("does not link", "confirm link") still in
 * force — not undone, and the newest decision on its indicator not undone (the server undoes decisions as a
 * stack: undoing one brings back the one it replaced, which is then the newest not undone). Splits and
 * merges are not offered: the server undoes a split or merge only as the decision that caused it (the
 * decision's own line says so), and an automatic one not at all — one decides on the indicator instead.
 * An event whose indicator the viewer may not see (indicatorId null) is never offered.
 */
export function undoableEvents(events: readonly NetworkHistoryFoldEvent[]): Set<string> {
  const newest = new Map<string, NetworkHistoryFoldEvent>();
  for (const event of events) {
    if ((event.kind !== 'no_link' && event.kind !== 'confirm_link') || event.undone || event.indicatorId === null) continue;
    const seen = newest.get(event.indicatorId);
    if (!seen || event.at > seen.at) newest.set(event.indicatorId, event);
  }
  return new Set([...newest.values()].map((e) => e.id));
}
