import type { AccessRequest } from '../../api/intel-types';

export type HolderGroup = NonNullable<AccessRequest['progress']>['holders'][number];
export type HolderAnswer = 'granted' | 'refused' | 'waiting';

/** Granted first: what the requester can act on; waiting last: what may still change. */
const ANSWERS: readonly HolderAnswer[] = ['granted', 'refused', 'waiting'];

/**
 * The answers of one kind-and-country group of holders, one entry per answer some of them gave (none for
 * answers nobody gave). `count` is null when the group is a single organisation: "granted" says it all,
 * and "1 granted" would read as if more were expected.
 */
export function holderGroupAnswers(group: HolderGroup): { answer: HolderAnswer; count: number | null }[] {
  const size = group.granted + group.refused + group.waiting;
  return ANSWERS.filter((answer) => group[answer] > 0).map((answer) => ({ answer, count: size > 1 ? group[answer] : null }));
}
