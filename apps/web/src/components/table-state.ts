/** The part of a list query `TableState` reads (a TanStack query result has it). */
export interface ListQueryState {
  isPending: boolean;
  isError: boolean;
}

/**
 * What a list's placeholder row says: "loading" until the first answer, "empty" only when the answer
 * came and had no rows. A failed query says nothing here: its error alert does, and "Nothing to show."
 * under it read as "there is none".
 */
export function tableState(query: ListQueryState, rows: number): 'loading' | 'empty' | null {
  if (query.isPending) return 'loading';
  if (query.isError || rows > 0) return null;
  return 'empty';
}
