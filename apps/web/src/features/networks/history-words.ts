import type { TFunction } from 'i18next';
import type { NetworkDetail } from '@gpos/contracts';

/**
 * A network's history said as sentences a person reads ("Your analyst decided that the phone number +66…
 * does not link reports"), from the words the server gives each event (`indicatorType`, `undoes`,
 * `undoneBy`, the deciding organisation as `actor`). Pure, so both languages are tested without a page.
 *
 * A sentence is returned as parts, not a string: the indicator is a link on the page, and what a person
 * typed (an organisation's name, a reason) is shown as their own run of text (UserText). Those values are
 * put in after translation, through markers, so a value is never read as i18next syntax.
 */

export type HistoryItem = NetworkDetail['history'][number];

export type SentencePart =
  | { kind: 'text'; text: string }
  | { kind: 'indicator'; text: string; id: string }
  /** An organisation's name, or a person's reason: user text. */
  | { kind: 'user'; text: string };

/**
 * Who reads the history: the names their own organisation goes by (its name, and its short name, which
 * the history names organisations by when they have one), so its own acts say "your".
 */
export interface Reader {
  organisations: readonly string[];
}

const isOwn = (organisation: string, reader: Reader) => reader.organisations.includes(organisation);

type Words = Pick<HistoryItem, 'kind' | 'indicatorId' | 'indicatorDisplay' | 'indicatorType' | 'actor' | 'undoes'>;

const MARK = '\u2063'; // INVISIBLE SEPARATOR: in no translation nor in what is typed into one marker
const marker = (slot: number) => `${MARK}${slot}${MARK}`;

/** Collects the values of one sentence, each replaced by a marker until the translated text is split. */
class Slots {
  readonly values: SentencePart[] = [];
  add(part: SentencePart): string {
    this.values.push(part);
    return marker(this.values.length - 1);
  }
  /** The translated text cut at its markers, each marker replaced by its part. */
  parts(text: string): SentencePart[] {
    const pieces = text.split(new RegExp(`${MARK}(\\d+)${MARK}`));
    const parts: SentencePart[] = [];
    pieces.forEach((piece, i) => {
      if (i % 2 === 1) parts.push(this.values[Number(piece)]!);
      else if (piece !== '') parts.push({ kind: 'text', text: piece });
    });
    return parts;
  }
}

/** "the phone number": an indicator type's label as the middle of a sentence reads it ("URL", "IP address" keep their capitals). */
export function typeInSentence(label: string): string {
  return /^\p{Lu}\p{Ll}/u.test(label) ? label[0]!.toLowerCase() + label.slice(1) : label;
}

/** Translates with values given as they are (markers), never read as i18next nesting or formats. */
function say(t: TFunction, key: string, values: Record<string, string | number> = {}): string {
  return (t as unknown as (k: string, o: object) => string)(key, { replace: values, nest: false, interpolation: { escapeValue: false } });
}

function who(t: TFunction, slots: Slots, organisation: string | null, reader: Reader): string {
  if (organisation === null) return say(t, 'networkReview.who.unknown');
  if (isOwn(organisation, reader)) return say(t, 'networkReview.who.own');
  return say(t, 'networkReview.who.other', { organisation: slots.add({ kind: 'user', text: organisation }) });
}

/** The indicator as a sentence names it: "the phone number +66…", or that the reader may not see it. */
function what(t: TFunction, slots: Slots, event: Words): string | null {
  if (event.indicatorId === null) return event.kind === 'split' || event.kind === 'merge' ? null : say(t, 'networkReview.what.hidden');
  const indicator = slots.add({ kind: 'indicator', text: event.indicatorDisplay ?? event.indicatorId, id: event.indicatorId });
  if (event.indicatorType === null) return say(t, 'networkReview.what.untyped', { indicator });
  return say(t, 'networkReview.what.typed', { type: typeInSentence(say(t, `indicatorTypes.${event.indicatorType}`)), indicator });
}

function sentenceOf(t: TFunction, slots: Slots, event: Words, reader: Reader): string {
  const thing = what(t, slots, event);
  switch (event.kind) {
    case 'no_link':
    case 'confirm_link':
      return say(t, `networkReview.sentence.${event.kind}`, { who: who(t, slots, event.actor, reader), what: thing! });
    case 'undo':
      return say(t, event.undoes ? `networkReview.sentence.undo_${event.undoes}` : 'networkReview.sentence.undo', { who: who(t, slots, event.actor, reader), what: thing! });
    case 'split':
    case 'merge':
      return thing === null ? say(t, `networkReview.sentence.${event.kind}Plain`) : say(t, `networkReview.sentence.${event.kind}`, { what: thing });
  }
}

/** What happened, as one sentence: who did what to which indicator (hidden ones said as such). */
export function historySentence(t: TFunction, event: Words, reader: Reader): SentencePart[] {
  const slots = new Slots();
  return slots.parts(sentenceOf(t, slots, event, reader));
}

/** Who undid an event and why ("Undone by Khmer National Police: checked again"); null when it stands. */
export function undoneBySentence(t: TFunction, undoneBy: HistoryItem['undoneBy'], reader: Reader): SentencePart[] | null {
  if (undoneBy === null) return null;
  const slots = new Slots();
  const { organisation, reason } = undoneBy;
  const whose = organisation === null ? 'unknown' : isOwn(organisation, reader) ? 'own' : 'other';
  const values = {
    ...(organisation !== null && { organisation: slots.add({ kind: 'user', text: organisation }) }),
    ...(reason && { reason: slots.add({ kind: 'user', text: reason }) }),
  };
  return slots.parts(say(t, `networkReview.undoneBy.${whose}${reason ? '' : 'NoReason'}`, values));
}

/** Why an undo the reader asked for was refused, said from the event as the page now knows it. */
export function undoRefusedSentence(t: TFunction, event: Words & Pick<HistoryItem, 'undoneBy'>, refusal: string | undefined, reader: Reader): SentencePart[] {
  const slots = new Slots();
  const lead = say(t, 'networkReview.refused.lead', { sentence: sentenceOf(t, slots, event, reader) });
  let why: string;
  if (event.undoneBy !== null) {
    const organisation = event.undoneBy.organisation;
    why =
      organisation === null ? say(t, 'networkReview.refused.other')
      : isOwn(organisation, reader) ? say(t, 'networkReview.refused.undoneByOwn')
      : say(t, 'networkReview.refused.undoneBy', { organisation: slots.add({ kind: 'user', text: organisation }) });
  } else if (refusal === 'refusal.event_not_in_force' && event.indicatorId !== null) {
    why = say(t, 'networkReview.refused.replaced', { what: what(t, slots, event)! });
  } else why = say(t, 'networkReview.refused.other');
  return slots.parts(`${lead} ${why}`);
}

/** A sentence as plain text (a dialog's heading line, a test). */
export function sentenceText(parts: readonly SentencePart[]): string {
  return parts.map((p) => p.text).join('');
}
