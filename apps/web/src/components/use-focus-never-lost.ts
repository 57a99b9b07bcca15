import { useEffect } from 'react';

/** What may take focus inside a dialog, in document order. */
const FOCUSABLE = 'button:not([disabled]), [href], input:not([disabled]):not([type="hidden"]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

/**
 * How long after the focused control went away this looks again: after useReturnFocus (20 ms) and Mantine's
 * own attempt (10 ms), which put focus where it belongs when a dialog closes; this only catches what they leave.
 */
const SETTLE_MS = 60;

/**
 * Keeps keyboard focus on the page when the focused control is removed from it. A button that an action
 * replaces — "Does not link" becoming "Undo" once the decision is made, a form that becomes its result, a
 * dialog that becomes the one showing a new secret — took focus with it to <body>, and a keyboard or screen
 * reader user restarted from the top of the page (walkthrough, session 58). Focus goes into the dialog that is
 * open, else to the page's main region, where the reader was working. Focus moved on purpose (a click elsewhere,
 * useReturnFocus, a dialog's own) is left alone: only focus on <body> with its last holder gone is taken up.
 */
export function useFocusNeverLost(): void {
  useEffect(() => {
    let last: Element | null = null;
    let timer: number | null = null;
    const remember = (event: FocusEvent) => {
      if (event.target instanceof Element) last = event.target;
    };
    const recover = () => {
      timer = null;
      const active = document.activeElement;
      if ((active && active !== document.body) || last === null || last.isConnected) return;
      last = null;
      const dialogs = document.querySelectorAll<HTMLElement>('[role="dialog"][aria-modal="true"]');
      const dialog = dialogs.length > 0 ? dialogs[dialogs.length - 1]! : null;
      const target = dialog ? (dialog.querySelector<HTMLElement>(FOCUSABLE) ?? dialog) : document.getElementById('main-content');
      target?.focus({ preventScroll: true });
    };
    const removed = (mutations: MutationRecord[]) => {
      if (timer !== null || !mutations.some((m) => m.removedNodes.length > 0)) return;
      timer = window.setTimeout(recover, SETTLE_MS);
    };
    const observer = new MutationObserver(removed);
    observer.observe(document.body, { childList: true, subtree: true });
    document.addEventListener('focusin', remember);
    return () => {
      observer.disconnect();
      document.removeEventListener('focusin', remember);
      if (timer !== null) window.clearTimeout(timer);
    };
  }, []);
}
