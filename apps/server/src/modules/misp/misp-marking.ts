import type { MarkingInput, Tlp } from '@gpos/contracts';
import { say, type MispSaid } from './misp-messages.js';
import { quoteText } from '../../platform/quote-text.js';

/**
 * The GPOS marking of a report made from a MISP event: TLP tags and MISP distribution levels, read so
 * that the audience is never wider than MISP said (docs/misp.md, "Markings").
 */
const TLP_RANK: Readonly<Record<Tlp, number>> = { CLEAR: 0, GREEN: 1, AMBER: 2, 'AMBER+STRICT': 3, RED: 4 };
export const stricterTlp = (a: Tlp, b: Tlp): Tlp => (TLP_RANK[a] >= TLP_RANK[b] ? a : b);

/**
 * MISP TLP tags → the GPOS TLP that never widens them. `tlp:white` is TLP 1.0's name for CLEAR. `tlp:amber`
 * becomes AMBER+STRICT, as a STIX TLP:AMBER does (docs/stix.md): TLP:AMBER reaches the recipient
 * organisation and its clients, while a GPOS AMBER reaches every member of the partnership.
 */
const TLP_TAGS: Readonly<Record<string, Tlp>> = {
  clear: 'CLEAR', white: 'CLEAR', green: 'GREEN', amber: 'AMBER+STRICT', 'amber+strict': 'AMBER+STRICT', 'amber-strict': 'AMBER+STRICT', red: 'RED',
};

/** The TLP a tag names; `unknown` for a `tlp:` tag we cannot read; null for other tags and TLP extensions. */
export function tlpOfTag(tag: string): Tlp | 'unknown' | null {
  const match = /^tlp\s*:\s*(.+)$/i.exec(tag.trim());
  if (!match) return null;
  const level = match[1]!.trim().toLowerCase().replace(/^"|"$/g, '');
  // TLP extensions (tlp:ex:chr — Chatham House Rule…) qualify a level; they are not one.
  if (level.startsWith('ex:')) return null;
  return TLP_TAGS[level] ?? 'unknown';
}

/** Whether a tag is `tlp:amber` itself, which GPOS reads as AMBER+STRICT (and says so). */
const isAmberTag = (tag: string): boolean => /^tlp\s*:\s*"?amber"?$/i.test(tag.trim());

/**
 * The GPOS marking used when a MISP event carries no TLP tag: the platform's report default, the marking
 * a member's own report gets unless they choose another. Unlike STIX (no marking → AMBER+STRICT), MISP
 * states the audience in its distribution, which still narrows this default (0 and 4 → AMBER+STRICT);
 * 1, 2 and 3 let at least the whole MISP community see the event, which a GPOS AMBER (the partnership's
 * members) does not exceed. An event without a distribution (a feed's) leaves the audience to the receiver in
 * MISP too (the feed's configured distribution), and the importing member is that receiver.
 */
export const DEFAULT_TLP: Tlp = 'AMBER';

/**
 * MISP distribution levels → the loosest TLP they allow. 0 (this organisation only) and 4 (a sharing
 * group, which GPOS cannot map onto its communities) allow only the owner organisation; 1 and 2 (this
 * / connected communities) allow members but not the public; 3 (all communities) anything; 5 is
 * "inherit the event's". An unknown level is treated like 0.
 */
function distributionFloor(distribution: number | undefined): { tlp: Tlp; why: (tlp: Tlp, previous: Tlp) => MispSaid } | null {
  switch (distribution) {
    case undefined:
    case 3:
    case 5:
      return null;
    case 1:
      return { tlp: 'GREEN', why: (tlp, previous) => say('misp.note_distribution_community', { tlp, previous }) };
    case 2:
      return { tlp: 'GREEN', why: (tlp, previous) => say('misp.note_distribution_connected', { tlp, previous }) };
    case 0:
      return { tlp: 'AMBER+STRICT', why: (tlp, previous) => say('misp.note_distribution_organisation', { tlp, previous }) };
    case 4:
      return { tlp: 'AMBER+STRICT', why: (tlp, previous) => say('misp.note_distribution_sharing_group', { tlp, previous }) };
    default:
      return { tlp: 'AMBER+STRICT', why: (tlp, previous) => say('misp.note_distribution_unknown', { distribution, tlp, previous }) };
  }
}

export interface MarkingDecision {
  tlp: Tlp;
  marking: MarkingInput;
  /** The decisions taken, as `misp.note_*` messages (English, code and params). */
  said: MispSaid[];
  /** Their English, in the same order. */
  notes: string[];
}

/**
 * The marking of the report made from a MISP event: the strictest TLP among the event's tags and the
 * tags of the attributes kept, made stricter still where a MISP distribution level (event's or a kept
 * attribute's) is narrower than the TLP. Never looser than MISP said (`tlp:amber` is AMBER+STRICT). TLP
 * RED names the importing person (or, for a machine import, the importing organisation) as its only recipient.
 */
export function markingFromMisp(
  input: { tags: readonly string[]; distributions: readonly (number | undefined)[] },
  importer: { organisationId: string; userId: string | null },
): MarkingDecision {
  const said: MispSaid[] = [];
  let tlp: Tlp | null = null;
  for (const tag of input.tags) {
    const level = tlpOfTag(tag);
    if (level === null) continue;
    if (level === 'unknown') {
      said.push(say('misp.note_tlp_tag_unknown', { tag: quoteText(tag) }));
      tlp = tlp ? stricterTlp(tlp, 'AMBER+STRICT') : 'AMBER+STRICT';
      continue;
    }
    if (isAmberTag(tag)) said.push(say('misp.note_tlp_amber'));
    tlp = tlp ? stricterTlp(tlp, level) : level;
  }
  if (tlp === null) {
    said.push(say('misp.note_tlp_default', { tlp: DEFAULT_TLP }));
    tlp = DEFAULT_TLP;
  }
  for (const distribution of input.distributions) {
    const floor = distributionFloor(distribution);
    if (floor && TLP_RANK[floor.tlp] > TLP_RANK[tlp]) {
      said.push(floor.why(floor.tlp, tlp));
      tlp = floor.tlp;
    }
  }
  let marking: MarkingInput = { tlp };
  if (tlp === 'RED') {
    marking = importer.userId
      ? { tlp, recipientUserIds: [importer.userId], redRecipientScope: 'users' }
      : { tlp, recipientOrganisationIds: [importer.organisationId], redRecipientScope: 'organisations' };
    said.push(say(importer.userId ? 'misp.note_red_user' : 'misp.note_red_machine'));
  }
  return { tlp, marking, said, notes: said.map((s) => s.message) };
}
