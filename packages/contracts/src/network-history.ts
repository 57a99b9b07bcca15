/**
 * Folding a network's history for reading, shared by the web page (features/networks/history.ts) and
 * `gpos networks show` (cli/network-history-text.ts), so both say one undo the same way.
 */

/** One event of a network's history, as the API gives it (`NetworkDetail['history'][number]`). */
export interface NetworkHistoryFoldEvent {
  id: string;
  kind: 'merge' | 'split' | 'no_link' | 'confirm_link' | 'undo';
  indicatorId: string | null;
  cause: string | null;
  at: string;
  undone: boolean;
  /**
   * How many networks a split made (the server gives one event per split), or a merge made one (one event
   * per network absorbed: 2 when it absorbed one); null for decisions and for events stored without it.
   */
  pieces: number | null;
}

/**
 * A line of the history: an event, or a run of like splits or merges shown once. One split is one event,
 * however many networks it made (its `pieces`): a run of splits is that many splits (`count`). A run of
 * merges is said by the networks it made one (`merged`): an undo that rejoins a split into 9 writes 8
 * merges of 2, read as "9 networks into one", not "Merged ×8".
 */
export interface HistoryEntry<E extends NetworkHistoryFoldEvent> {
  event: E;
  count: number;
  /** For a run of merges: how many networks it made one (each merge adds the networks it absorbed). */
  merged: number | null;
}

/**
 * Newest first, with each run of consecutive splits or merges of the same indicator and cause (what one
 * decision, its undo, or one drain does: a "does not link" on a hub writes a split on every piece, its undo
 * a merge of each piece back) folded into one line. So a decision and its undo stay within the lines shown
 * first instead of being pushed out by their own consequences.
 */
export function historyEntries<E extends NetworkHistoryFoldEvent>(events: readonly E[]): HistoryEntry<E>[] {
  const sorted = [...events].sort((a, b) => b.at.localeCompare(a.at));
  const entries: HistoryEntry<E>[] = [];
  for (const event of sorted) {
    const last = entries[entries.length - 1];
    const alike =
      last !== undefined &&
      (event.kind === 'split' || event.kind === 'merge') &&
      last.event.kind === event.kind &&
      last.event.indicatorId === event.indicatorId &&
      last.event.cause === event.cause &&
      (event.kind === 'merge' || last.event.pieces === event.pieces) &&
      last.event.undone === event.undone;
    // A merge stored without its pieces absorbed one network, as the linker recorded one merge per network it joined.
    const absorbed = event.kind === 'merge' ? (event.pieces ?? 2) - 1 : 0;
    if (alike) {
      last.count += 1;
      if (last.merged !== null) last.merged += absorbed;
    } else entries.push({ event, count: 1, merged: event.kind === 'merge' ? 1 + absorbed : null });
  }
  return entries;
}
