import type { Tlp } from '@gpos/contracts';
import { quoteText as quote } from '../../platform/quote-text.js';
import { inboundTlp, tlpOfMarkingObject, tlpOfStandardId, tlpRank } from '../../platform/sharing/marking.stix.js';
import { live, reject, type Entry, type Group, type Json } from './stix-import-model.js';
import { stixError } from './stix-reasons.js';
import { refsOf } from './stix-refs.js';
import { isScoType } from './stix-validator.js';

/** A marking read on import: its TLP, and whether it is a GPOS audience marking of another node. */
export type FoundMarking = { tlp: Tlp; gpos: boolean };

type Lookup = (ref: string) => Entry | undefined;

const isMarkingPath = (path: string) => path.startsWith('object_marking_refs') || path.startsWith('granular_markings');

/** What one marking reference stands for: a marking-definition of the bundle, or a standard TLP id; null when neither says a TLP. */
function markingOfRef(ref: string, lookup: Lookup): FoundMarking | null {
  const target = lookup(ref);
  if (target?.object) return tlpOfMarkingObject(target.object);
  const tlp = tlpOfStandardId(ref);
  return tlp ? { tlp, gpos: false } : null;
}

/** The TLP markings an object carries, object and granular. */
export function markingsOf(object: Json, lookup: Lookup): FoundMarking[] {
  return refsOf(object)
    .filter((r) => isMarkingPath(r.path))
    .map((r) => markingOfRef(r.ref, lookup))
    .filter((m): m is FoundMarking => m !== null);
}

/**
 * Groupings: GPOS keeps none, but a grouping's markings are its members' audience, as a report's are
 * (MISP's STIX export puts an event's TLP on its grouping alone: a RED event's indicators came in as
 * AMBER+STRICT reports, one each, conformance review, session 58). They narrow every object the grouping
 * refers to (observables aside, as for reports): answered per member. A member of a grouping marked with a
 * marking GPOS cannot read is rejected, as an object carrying that marking itself would be, never imported
 * under a guessed audience.
 */
export function groupingMarkings(entries: Iterable<Entry>, lookup: Lookup): Map<Entry, FoundMarking[]> {
  const byMember = new Map<Entry, FoundMarking[]>();
  for (const grouping of entries) {
    if (grouping.type !== 'grouping' || !live(grouping) || !grouping.object) continue;
    const refs = refsOf(grouping.object);
    const marks: FoundMarking[] = [];
    let unreadable: string | null = null;
    for (const { path, ref } of refs) {
      if (!isMarkingPath(path)) continue;
      const marking = markingOfRef(ref, lookup);
      const target = lookup(ref);
      if (marking) marks.push(marking);
      else if (!target || target.result.status === 'rejected') unreadable ??= ref;
    }
    for (const { path, ref } of refs) {
      if (!path.startsWith('object_refs')) continue;
      const member = lookup(ref);
      if (!member || !live(member) || (member.type && isScoType(member.type))) continue;
      if (unreadable !== null) reject(member, [stixError('object', 'stix.grouping_marking_unreadable', { id: String(grouping.id), ref: quote(unreadable) })]);
      else byMember.set(member, [...(byMember.get(member) ?? []), ...marks]);
    }
  }
  return byMember;
}

/** An object's markings as one text, to tell whether two copies of one version are marked alike. */
export const markingsText = (object: Json | null | undefined): string => JSON.stringify([object?.object_marking_refs ?? [], object?.granular_markings ?? []]);

/**
 * The markings each report (or indicator, or observation) group is held to: its root's, and those of every
 * object it claims, those GPOS does not import too (a RED note or relationship stays RED, and what the report
 * reaches through it is imported under that marking), and of the groupings that name them (`byGrouping`).
 *
 * Observables apart: in a bundle of several reports an observable carries the strictest marking of all that
 * name it (GPOS's exports merge its copies so), which says nothing of one report's audience. But an
 * observable marked stricter than every group that claims it is explained by none of them: its marking
 * narrows them all. Ignored, a GREEN report over a RED domain made the domain GREEN (security review,
 * session 64).
 */
export function reportMarkings(groups: readonly Group[], byGrouping: ReadonlyMap<Entry, FoundMarking[]>, lookup: Lookup): Map<Group, FoundMarking[]> {
  const found = new Map<Group, FoundMarking[]>();
  const claimedBy = new Map<Entry, Group[]>();
  for (const group of groups) {
    const markings = markingsOf(group.root.object!, lookup);
    for (const member of group.members) {
      if (!member.object || !live(member)) continue;
      const observable = member.type !== null && isScoType(member.type);
      if (member !== group.root && !observable) markings.push(...markingsOf(member.object, lookup));
      markings.push(...(byGrouping.get(member) ?? []));
      if (observable) claimedBy.set(member, [...(claimedBy.get(member) ?? []), group]);
    }
    found.set(group, markings);
  }
  for (const [observable, claiming] of claimedBy) {
    const own = markingsOf(observable.object!, lookup);
    if (own.length === 0) continue;
    const strictestClaim = Math.max(...claiming.map((group) => tlpRank(inboundTlp(found.get(group)!))));
    if (tlpRank(inboundTlp(own)) > strictestClaim) for (const group of claiming) found.get(group)!.push(...own);
  }
  return found;
}
