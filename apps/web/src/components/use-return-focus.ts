import { useLayoutEffect, useRef } from 'react';

/**
 * Gives focus back to whatever had it when a dialog opened (its "opener"), once the dialog closes.
 *
 * Mantine's modal does this only when its `opened` prop goes from false to true and back; most of our
 * dialogs are mounted already open (`{editing && <Dialog opened … />}`) and unmounted to close, so the
 * keyboard user was left on <body>, at the top of the page. This runs for both ways of closing. If the opener
 * is gone (the row it sat in was deleted) or disabled, focus goes to the page's main region, which is where the reader
 * was working.
 */
export function useReturnFocus(opened: boolean): void {
  const opener = useRef<HTMLElement | null>(null);

  // A layout effect: it runs before Mantine's focus trap moves focus into the dialog (on a timer).
  useLayoutEffect(() => {
    if (!opened) return undefined;
    const active = document.activeElement;
    opener.current = active instanceof HTMLElement && active !== document.body ? active : null;
    return () => {
      const target = opener.current;
      opener.current = null;
      const focusedAtClose = document.activeElement;
      // After the dialog's nodes are gone, and after Mantine's own attempt (10 ms) where it made one.
      window.setTimeout(() => {
        const now = document.activeElement;
        // Something moved focus on purpose meanwhile (a confirmation opened from this dialog, Mantine, the page).
        if (now && now !== document.body && now !== focusedAtClose) return;
        target?.focus({ preventScroll: true });
        // Not there any more, or not focusable now (hidden, disabled).
        if (document.activeElement !== target) document.getElementById('main-content')?.focus({ preventScroll: true });
      }, 20);
    };
  }, [opened]);
}
