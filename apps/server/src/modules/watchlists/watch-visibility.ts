import type { Db } from '../../db/index.js';
import { chunks } from '../../db/chunks.js';
import { canSee, loadMarkings, type Marking, type Viewer } from '../../platform/sharing/index.js';
import type { CommittedBatch } from '../reports/ingest.service.js';
import type { Watch } from './watch-index.js';

/** A watch that an indicator of the batch matched, before the sharing policy has had its say. */
export interface RawMatch {
  watch: Watch;
  indicator: CommittedBatch['indicators'][number];
}

/**
 * What the watching organisation may be told of a match:
 *   visible  a report of the batch that it may see names the indicator: the match, value included;
 *   hidden   only reports it may not see name it, and the watch is exact (it named the value itself): a hit
 *            with the holders' kinds and countries, as lookup answers it, never the report's content.
 * A prefix or domain match that only hidden reports carry is dropped: its value is exactly what the
 * watcher does not know, and telling it would hand over the identifiers of RED or AMBER+STRICT reports.
 */
export type JudgedMatch = (RawMatch & { visible: true; reportIds: string[] }) | (RawMatch & { visible: false; holders: { organisationType: string; country: string }[] });

/**
 * Judges a batch's watch matches by the sharing policy, for the watching organisation as a whole: events
 * go to the organisation (its stream, its webhooks, any of its people and keys), so the viewer is the one
 * an API key of that organisation would be — no person, so RED addressed to named people is not
 * visible to it, whatever organisation they work for (policy.ts). Queries are per batch, never per
 * indicator: the markings the batch's reports carry and the watching organisations' communities
 * (markingJudge) and, for hidden exact hits, the holders (one).
 */
export async function judgeMatches(db: Db, batch: CommittedBatch, matches: readonly RawMatch[]): Promise<JudgedMatch[]> {
  if (matches.length === 0) return [];
  // The markings of the batch's reports that name each matched indicator.
  const matched = new Set(matches.map((m) => m.indicator.id));
  const markingsOf = new Map<string, Set<string>>();
  const reportsOf = new Map<string, { id: string; markingId: string }[]>();
  for (const report of batch.reports) {
    for (const id of report.indicatorIds) {
      if (!matched.has(id)) continue;
      let set = markingsOf.get(id);
      if (!set) markingsOf.set(id, (set = new Set()));
      set.add(report.markingId);
      reportsOf.set(id, [...(reportsOf.get(id) ?? []), { id: report.id, markingId: report.markingId }]);
    }
  }
  const { markings, sees } = await markingJudge(db, [...markingsOf.values()].flatMap((s) => [...s]), matches.map((m) => m.watch.organisationId));

  const judged: (RawMatch & { visible: boolean; reportIds: string[] })[] = [];
  for (const match of matches) {
    // The batch's reports naming it that the organisation may see: the match names them, so that a watcher
    // can count and open them (each still read through the sharing policy).
    const seen = (reportsOf.get(match.indicator.id) ?? []).filter((r) => sees(match.watch.organisationId, r.markingId)).map((r) => r.id);
    if (seen.length > 0) judged.push({ ...match, visible: true, reportIds: seen });
    else if (match.watch.kind === 'exact') judged.push({ ...match, visible: false, reportIds: [] });
  }
  if (judged.every((m) => m.visible)) return judged as JudgedMatch[];

  // Hidden exact hits say who holds them (kind and country of each owner organisation), as lookup does.
  const ownerOf = (markingId: string) => markings.get(markingId)?.ownerOrganisationId;
  const ownerIds = new Set(judged.filter((m) => !m.visible).flatMap((m) => [...(markingsOf.get(m.indicator.id) ?? [])].flatMap((id) => ownerOf(id) ?? [])));
  const owners = new Map<string, { organisationType: string; country: string }>();
  for (const part of chunks([...ownerIds])) {
    for (const o of await db.selectFrom('organisations').select(['id', 'type', 'country']).where('id', 'in', part).execute()) owners.set(o.id, { organisationType: o.type, country: o.country });
  }
  return judged.map((match): JudgedMatch => {
    if (match.visible) return { ...match, visible: true };
    const { reportIds: _none, ...hidden } = match;
    const holders = new Map<string, { organisationType: string; country: string }>();
    for (const id of markingsOf.get(match.indicator.id) ?? []) {
      const owner = owners.get(ownerOf(id) ?? '');
      if (owner) holders.set(`${owner.country}\u0000${owner.organisationType}`, owner);
    }
    return { ...hidden, visible: false, holders: [...holders.values()].sort((a, b) => (a.country + a.organisationType).localeCompare(b.country + b.organisationType)) };
  });
}

/** Whether an organisation as a whole may see what a marking marks, and the markings read to say so. */
export interface MarkingJudge {
  markings: Map<string, Marking>;
  sees(organisationId: string, markingId: string): boolean;
}

/**
 * The sharing policy's decision for organisations as a whole (as for an API key of each: no person),
 * shared by the judgements made when events are recorded (judgeMatches, indicatorViews) and when stored
 * ones are sent (event-rejudge.ts), so both apply one rule. Reads the markings (three statements) and,
 * only when an AMBER marking names a community, the organisations' communities (one); then decides once
 * per (marking, organisation). `sees` answers only for the markings and organisations given.
 */
export async function markingJudge(db: Db, markingIds: readonly string[], organisationIds: readonly string[]): Promise<MarkingJudge> {
  const markings = await loadMarkings(db, [...new Set(markingIds)]);
  const needCommunities = [...markings.values()].some((m) => m.tlp === 'AMBER' && m.communityId !== null);
  const viewers = await organisationViewers(db, [...new Set(organisationIds)], needCommunities);
  const decided = new Map<string, boolean>();
  const sees = (organisationId: string, markingId: string): boolean => {
    const key = `${markingId}\u0000${organisationId}`;
    let answer = decided.get(key);
    if (answer === undefined) {
      const marking = markings.get(markingId);
      const viewer = viewers.get(organisationId);
      // A marking that cannot be read is one nobody may be told about.
      answer = marking !== undefined && viewer !== undefined && canSee(viewer, marking);
      decided.set(key, answer);
    }
    return answer;
  };
  return { markings, sees };
}

/**
 * The viewer of each organisation as a whole, built as `viewerOf` builds an API key's (no person, the
 * organisation's communities), in one statement for all of them — or none when no marking names a
 * community, the only rule that reads them.
 */
async function organisationViewers(db: Db, organisationIds: readonly string[], withCommunities: boolean): Promise<Map<string, Viewer>> {
  const communities = new Map<string, Set<string>>(organisationIds.map((id) => [id, new Set<string>()]));
  if (withCommunities) {
    for (const part of chunks(organisationIds)) {
      for (const r of await db.selectFrom('community_members').select(['organisation_id', 'community_id']).where('organisation_id', 'in', part).execute()) communities.get(r.organisation_id)?.add(r.community_id);
    }
  }
  return new Map(organisationIds.map((id): [string, Viewer] => [id, { kind: 'member', organisationId: id, userId: null, communityIds: communities.get(id)! }]));
}

/** What an organisation as a whole may see of the reports that name an indicator. */
export interface IndicatorView {
  /** It may see at least one of them. */
  some: boolean;
  /** It may see every one of them (false when none names it). */
  all: boolean;
}

/**
 * For each organisation and indicator asked, what the organisation as a whole (as for watch matches: no
 * person) may see of the reports naming the indicator, keyed `organisationId/indicatorId`. One read of the
 * indicators' distinct markings, then markingJudge's decision.
 */
export async function indicatorViews(db: Db, pairs: readonly { organisationId: string; indicatorId: string }[]): Promise<Map<string, IndicatorView>> {
  const views = new Map<string, IndicatorView>();
  if (pairs.length === 0) return views;
  const markingsOf = new Map<string, string[]>();
  for (const part of chunks([...new Set(pairs.map((p) => p.indicatorId))])) {
    for (const row of await db.selectFrom('sightings').select(['indicator_id', 'marking_id']).distinct().where('indicator_id', 'in', part).execute()) {
      const list = markingsOf.get(row.indicator_id) ?? [];
      list.push(row.marking_id);
      markingsOf.set(row.indicator_id, list);
    }
  }
  const { sees } = await markingJudge(db, [...markingsOf.values()].flat(), pairs.map((p) => p.organisationId));
  for (const { organisationId, indicatorId } of pairs) {
    const seen = (markingsOf.get(indicatorId) ?? []).map((id) => sees(organisationId, id));
    views.set(`${organisationId}/${indicatorId}`, { some: seen.some(Boolean), all: seen.length > 0 && seen.every(Boolean) });
  }
  return views;
}
