/**
 * Whether this tab's session ended under its user (a 401 after being signed in), so that the sign-in page
 * can say so instead of appearing without a word. Kept in sessionStorage: the page may be reloaded.
 */
const KEY = 'gpos.sessionEnded';

export function markSessionEnded(): void {
  try {
    globalThis.sessionStorage?.setItem(KEY, '1');
  } catch {
    // storage off: the sign-in page simply says nothing
  }
}

export function sessionEnded(): boolean {
  try {
    return globalThis.sessionStorage?.getItem(KEY) === '1';
  } catch {
    return false;
  }
}

export function clearSessionEnded(): void {
  try {
    globalThis.sessionStorage?.removeItem(KEY);
  } catch {
    // nothing kept
  }
}
