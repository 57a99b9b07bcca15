/**
 * A community's member organisations as its page lists them: the viewer's own organisation first (the
 * one they share as), then the others by name; an organisation whose name is not known yet (the
 * directory still loading) by the start of its id.
 */
export function membersInOrder(ids: readonly string[], ownId: string, names: ReadonlyMap<string, string>): { id: string; name: string; own: boolean }[] {
  return ids
    .map((id) => ({ id, name: names.get(id) ?? id.slice(0, 8), own: id === ownId }))
    .sort((a, b) => Number(b.own) - Number(a.own) || a.name.localeCompare(b.name));
}
