import type { Selectable } from 'kysely';
import type { IndicatorType } from '@gpos/contracts';
import type { Db } from '../../db/index.js';
import type { NetworkEventsTable } from '../../db/schema.js';
import { undoRefusal } from './network-decisions.js';
import { organisationsByIds } from './network-viewer.js';
import { visibleMarkingIds, type Viewer } from '../../platform/sharing/index.js';
import { PROBE_CHUNK } from './link-sql.js';
import { hiddenParts } from './network.repository.js';

/** Causes of network events that a person's act set off, at its own time (see eventsShownTo). */
const CAUSED_BY_A_PERSON = new Set(['analyst', 'no_link', 'decision_undone', 'link_confirmed', 'false_positive', 'warninglist', 'organisation_country']);

/**
 * Which of a network's events the viewer is shown. An event's time is when something happened to the
 * whole network, hidden reports included: a merge is the moment a report joined two networks, a split
 * by a removed report the moment it was retracted or corrected, a degree hold's split the moment an
 * identifier's degree crossed its threshold. Told to a viewer who may not see the report behind it, it
 * would date that report (security review, session 25). So an event a person's act caused (a link
 * decision and its split, the merge that rejoins what an undone "does not link" kept apart, a false positive, a warninglist entry, an organisation's new country) is shown;
 * one caused by reports it names, when the viewer may see each of them; any other — a degree hold's, or
 * one from before events named their reports — only when nothing in the network is hidden from the viewer.
 */
export async function eventsShownTo(db: Db, viewer: Viewer, networkId: string, events: { cause: string | null; data: string }[]): Promise<boolean[]> {
  const causes = events.map((e): string[] | 'shown' | 'whole' => {
    if (e.cause !== null && CAUSED_BY_A_PERSON.has(e.cause)) return 'shown';
    // No report named (an event from before events named them, or one an identifier's change set off,
    // such as a merge when a retraction brought a held identifier back under its threshold): the whole network.
    const reports = (JSON.parse(e.data) as { reports?: unknown }).reports;
    return Array.isArray(reports) && reports.length > 0 ? (reports as string[]) : 'whole';
  });
  const named = [...new Set(causes.flatMap((c) => (Array.isArray(c) ? c : [])))];
  const seen = new Set<string>();
  for (let i = 0; i < named.length; i += PROBE_CHUNK) {
    const rows = await db.selectFrom('reports').select('id').where('id', 'in', named.slice(i, i + PROBE_CHUNK)).where('marking_id', 'in', visibleMarkingIds(db, viewer)).execute();
    for (const r of rows) seen.add(r.id);
  }
  const seesWhole = causes.includes('whole') && (await hiddenParts(db, viewer, [networkId])).get(networkId)!.reports === 0;
  return causes.map((c) => (c === 'shown' ? true : c === 'whole' ? seesWhole : c.every((id) => seen.has(id))));
}

/**
 * Each split's other pieces (by event id) that the viewer may see a report of, at most 10 an event: where
 * the reports that left went. A piece it sees nothing of is left out, as it answers as no network.
 */
export async function splitPiecesSeen(db: Db, viewer: Viewer, networkId: string, events: readonly { id: string; kind: string; data: string }[]): Promise<Map<string, string[]>> {
  const intoOf = new Map(events.filter((e) => e.kind === 'split').map((e) => [e.id, ((JSON.parse(e.data) as { into?: string[] }).into ?? []).filter((id) => id !== networkId).slice(0, 10)]));
  const pieces = [...new Set([...intoOf.values()].flat())];
  const seen = new Set<string>();
  for (let i = 0; i < pieces.length; i += PROBE_CHUNK) {
    const rows = await db.selectFrom('report_networks').select('network_id').distinct().where('network_id', 'in', pieces.slice(i, i + PROBE_CHUNK)).where('marking_id', 'in', visibleMarkingIds(db, viewer)).execute();
    for (const r of rows) seen.add(r.network_id);
  }
  return new Map([...intoOf].map(([id, into]) => [id, into.filter((n) => seen.has(n))]));
}

/**
 * A split records one event on each of its pieces (the same data: from, into, sizes), so that every piece
 * has it in its history; when a merge brings pieces back together (an undo, a later shared identifier),
 * their events are relabelled into one network, which then held one event per piece: the web said
 * "Split ×9" for one split into 9. Keeps the first event of each split (the list is newest first).
 */
export function oneEventPerSplit<E extends { kind: string; data: string }>(events: readonly E[]): E[] {
  const seen = new Set<string>();
  return events.filter((e) => {
    if (e.kind !== 'split') return true;
    if (seen.has(e.data)) return false;
    seen.add(e.data);
    return true;
  });
}

/**
 * How many networks an event concerns: a split, the networks it made (its `into`, the network it left
 * included); a merge, the networks it made one (those it absorbed, and the one that took them). Null for
 * decisions, and for events stored without that data.
 */
export function eventPieces(e: { kind: string; data: string }): number | null {
  if (e.kind === 'split') {
    const into = (JSON.parse(e.data) as { into?: unknown }).into;
    return Array.isArray(into) && into.length >= 2 ? into.length : null;
  }
  if (e.kind === 'merge') {
    const absorbed = (JSON.parse(e.data) as { absorbed?: unknown }).absorbed;
    return Array.isArray(absorbed) && absorbed.length >= 1 ? absorbed.length + 1 : null;
  }
  return null;
}

type StoredEvent = Selectable<NetworkEventsTable>;
/** What a history item says beyond the event's own columns (networkDetailSchema.history). */
export type EventWords = { indicatorType: IndicatorType | null; undoes: 'no_link' | 'confirm_link' | null; undoneBy: { organisation: string | null; reason: string | null } | null; undoable: boolean };

/**
 * The words a history item needs to be said as a sentence: its indicator's type, an undo's undone
 * decision, who undid an undone event and why, and whether undo would take it back now — judged by
 * undoRefusal, the rule the undo route applies, so the page never offers an undo the server refuses.
 * `named`: the events whose indicator the viewer may see (others say none of this, as they name nothing);
 * `mayDecide`: those whose indicator the viewer may decide on (no decisionRefused).
 */
export async function eventWords(db: Db, events: readonly StoredEvent[], named: (e: StoredEvent) => boolean, mayDecide: (e: StoredEvent) => boolean): Promise<Map<string, EventWords>> {
  const shown = events.filter(named);
  const indicatorIds = [...new Set(shown.map((e) => e.indicator_id).filter((id): id is string => id !== null))];
  const types = new Map(indicatorIds.length === 0 ? [] : (await db.selectFrom('indicators').select(['id', 'type']).where('id', 'in', indicatorIds).execute()).map((i) => [i.id, i.type as IndicatorType]));
  const current = new Map(indicatorIds.length === 0 ? [] : (await db.selectFrom('link_decisions').selectAll().where('indicator_id', 'in', indicatorIds).execute()).map((d) => [d.indicator_id, d]));
  const related = [...new Set(shown.flatMap((e) => [e.undone_by_event_id, e.kind === 'undo' ? ((JSON.parse(e.data) as { undoes?: string }).undoes ?? null) : null]).filter((id): id is string => !!id))];
  const others = new Map(related.length === 0 ? [] : (await db.selectFrom('network_events').selectAll().where('id', 'in', related).execute()).map((e) => [e.id, e]));
  const orgs = await organisationsByIds(db, [...others.values()].map((e) => e.actor_organisation_id).filter((id): id is string => id !== null));
  const readEvent = async (id: string) => others.get(id) ?? (await db.selectFrom('network_events').selectAll().where('id', '=', id).executeTakeFirst());
  const words = new Map<string, EventWords>();
  for (const e of events) {
    if (!named(e)) {
      words.set(e.id, { indicatorType: null, undoes: null, undoneBy: null, undoable: false });
      continue;
    }
    const undone = e.kind === 'undo' ? others.get((JSON.parse(e.data) as { undoes?: string }).undoes ?? '') : undefined;
    const by = e.undone_by_event_id ? others.get(e.undone_by_event_id) : undefined;
    const undoable = e.indicator_id !== null && mayDecide(e) && (await undoRefusal(e, current.get(e.indicator_id) ?? null, readEvent)).refusal === null;
    words.set(e.id, {
      indicatorType: e.indicator_id ? (types.get(e.indicator_id) ?? null) : null,
      undoes: undone && (undone.kind === 'no_link' || undone.kind === 'confirm_link') ? undone.kind : null,
      undoneBy: e.undone_at !== null ? { organisation: by?.actor_organisation_id ? (orgs.get(by.actor_organisation_id)?.name ?? null) : null, reason: by?.reason ?? null } : null,
      undoable,
    });
  }
  return words;
}
