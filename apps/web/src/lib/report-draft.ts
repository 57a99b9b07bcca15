import type { ReportFormState } from './report-form';

/**
 * A report being written survives the session ending (the app sends its author to sign in again, in the
 * same tab) and a reload. It is kept in sessionStorage: this tab only, and gone when the tab closes — a
 * narrative may hold a victim's details, which must not outlive the tab on a shared computer. One draft
 * per person, with the idempotency key of that draft, so that sending it again after a lost answer
 * cannot store the report twice.
 */
export interface ReportDraft {
  form: ReportFormState;
  idempotencyKey: string;
}

const keyOf = (userId: string) => `gpos.reportDraft.${userId}`;

export function loadDraft(userId: string, storage: Storage | undefined = globalThis.sessionStorage): ReportDraft | null {
  try {
    const text = storage?.getItem(keyOf(userId));
    if (!text) return null;
    const draft = JSON.parse(text) as Partial<ReportDraft>;
    return draft && typeof draft.idempotencyKey === 'string' && draft.form && Array.isArray(draft.form.indicators) ? (draft as ReportDraft) : null;
  } catch {
    return null; // storage off or an unreadable draft: start afresh
  }
}

export function saveDraft(userId: string, draft: ReportDraft, storage: Storage | undefined = globalThis.sessionStorage): void {
  try {
    storage?.setItem(keyOf(userId), JSON.stringify(draft));
  } catch {
    // Full or disabled storage: the form still works, only without a draft.
  }
}

export function clearDraft(userId: string, storage: Storage | undefined = globalThis.sessionStorage): void {
  try {
    storage?.removeItem(keyOf(userId));
  } catch {
    // nothing kept
  }
}

/** Whether the form holds anything its author typed (an untouched form is not worth restoring). */
export function isWorthKeeping(form: ReportFormState, empty: ReportFormState): boolean {
  return JSON.stringify(form) !== JSON.stringify(empty);
}
