import { balanceBidi } from '../lib/bidi';

/**
 * Something a person typed (a name, a reason, a note), shown inline next to the platform's words: a `<bdi>`,
 * so the browser lays it out as its own run whose direction follows its first letter, and a right-to-left
 * override it leaves open ends at its edge instead of reversing the rest of the line (see lib/bidi.ts).
 * An empty value shows `fallback`.
 */
export function UserText({ children, fallback = '—' }: { children: string | null | undefined; fallback?: string }) {
  if (children === null || children === undefined || children === '') return <>{fallback}</>;
  return <bdi>{balanceBidi(children)}</bdi>;
}

/**
 * Props for a block that holds only text a person typed (a narrative, a reason, a note): each paragraph
 * takes the direction of its first letter, so Arabic or Hebrew reads right to left, aligned to the right.
 */
export const USER_TEXT_BLOCK = { dir: 'auto', 'data-user-text': 'block' } as const;
