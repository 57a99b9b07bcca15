import { describe, expect, it } from 'vitest';
import en from '../../i18n/locales/en.json';
import th from '../../i18n/locales/th.json';
import { historyEntries, type HistoryEvent } from './history';

let n = 0;
const at = (second: number) => `2026-01-01T00:00:${String(second).padStart(2, '0')}.000Z`;
const event = (kind: HistoryEvent['kind'], second: number, extra: Partial<HistoryEvent> = {}): HistoryEvent => ({
  id: `e${++n}`,
  kind,
  indicatorId: 'wallet',
  cause: kind === 'split' ? 'no_link' : kind === 'merge' ? 'shared_indicator' : 'analyst',
  at: at(second),
  undone: false,
  pieces: kind === 'split' || kind === 'merge' ? 2 : null,
  ...extra,
});

describe('network history', () => {
  // A "does not link" on a hub splits it in 9 (one event: the server gives one per split), its undo merges
  // the 8 pieces back (8 merges).
  const decision = event('no_link', 1, { undone: true });
  const split = event('split', 2, { pieces: 9 });
  const undo = event('undo', 3);
  const merges = Array.from({ length: 8 }, () => event('merge', 4));
  const all = [decision, split, undo, ...merges];

  it('folds the splits and merges of one decision and its undo, so the decision stays in sight', () => {
    expect(historyEntries(all).map((e) => [e.event.kind, e.count, e.event.pieces, e.merged])).toEqual([
      // The 8 merges of 2 rejoin the 9 pieces: "9 networks into one", as the split said "into 9 networks".
      ['merge', 8, 2, 9],
      ['undo', 1, null, null],
      ['split', 1, 9, null],
      ['no_link', 1, null, null],
    ]);
    // A merge that absorbed two networks at once counts both; one stored without its pieces counts one.
    expect(historyEntries([event('merge', 4, { pieces: 3 }), event('merge', 4, { pieces: null })]).map((e) => [e.count, e.merged])).toEqual([[2, 4]]);
    // Two splits by the same cause are two; different indicators, causes or numbers of pieces stay apart;
    // decisions are never folded.
    const splits = [event('split', 2), event('split', 2)];
    const other = event('split', 2, { indicatorId: 'phone', cause: 'high_degree' });
    const twice = [event('no_link', 5), event('no_link', 5, { indicatorId: 'phone' })];
    expect(historyEntries([...splits, other, ...twice]).map((e) => e.count)).toEqual([1, 1, 2, 1]);
    expect(historyEntries([event('split', 2), event('split', 2, { pieces: 3 })]).map((e) => e.count)).toEqual([1, 1]);
  });

  it('says how many networks one merge joined, and a merge that an undo caused, in every language', () => {
    for (const locale of [en, th]) {
      const h = locale.networks.history;
      expect(h.mergedPieces).toContain('{{n}}');
      expect(h.causes.decision_undone).not.toBe(h.causes.shared_indicator);
    }
    expect(en.networks.history.mergedPieces.replace('{{n}}', '9')).toBe('9 networks into one');
  });

  it('says an undo event, an undone decision and the Undo button differently, in every language', () => {
    for (const locale of [en, th]) {
      const h = locale.networks.history;
      const labels = [h.kinds.undo, h.undone, h.undo];
      expect(new Set(labels).size, labels.join(' / ')).toBe(3);
    }
  });
});
