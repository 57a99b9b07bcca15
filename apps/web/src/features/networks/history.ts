// The folding of runs of splits and merges is shared with the CLI (@gpos/contracts, network-history.ts).
// Where an Undo is offered is the server's word (each event's `undoable`, judged by the rule the undo
// route applies), no longer guessed here; how an event is said: history-words.ts.
export { historyEntries, type HistoryEntry, type NetworkHistoryFoldEvent as HistoryEvent } from '@gpos/contracts';
