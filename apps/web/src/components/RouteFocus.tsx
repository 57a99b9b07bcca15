import { useEffect, useRef } from 'react';
import { useLocation } from 'react-router-dom';

/** How long a new page may take to show its heading (a record still loading) before focus goes to its main region. */
const HEADING_WAIT_MS = 3000;

/**
 * Whether the reader has pressed a key or a pointer since the document loaded. Until then a change of path
 * is part of loading (a redirect to sign-in, or from an old address), not a navigation the reader made.
 */
let interacted = false;
if (typeof window !== 'undefined') {
  const mark = () => {
    interacted = true;
  };
  window.addEventListener('pointerdown', mark, { capture: true, once: true });
  window.addEventListener('keydown', mark, { capture: true, once: true });
}

/**
 * After a client-side navigation to another page, moves focus to the new page's h1 (tabIndex -1), so a screen
 * reader says where the reader has arrived and Tab continues from the top of the page — as a full page load
 * would, and as accessible single-page apps do (GOV.UK's guidance, React Router's). Focus otherwise stayed on
 * the link followed, and nothing was heard. The page's title (`document.title`) is set by PageHeader.
 *
 * Not on the first load, nor when only the query string or hash changes (filters rewrite the query while
 * the reader types), nor when the new page has put focus somewhere on purpose (a field, a dialog). The
 * outline shows for keyboard readers only (`:focus-visible`: the browser shows it after a key, not a click).
 */
export function RouteFocus(): null {
  const { pathname } = useLocation();
  const previous = useRef<string | null>(null);

  useEffect(() => {
    const before = previous.current;
    previous.current = pathname;
    if (before === null || before === pathname || !interacted) return undefined;
    return focusHeadingWhenShown();
  }, [pathname]);

  return null;
}

/** True when the page has given focus to something of its own: a form field, or anything in a dialog. */
function focusTakenByPage(): boolean {
  const active = document.activeElement;
  if (!(active instanceof HTMLElement) || active === document.body) return false;
  return active.matches('input, textarea, select, [contenteditable], [role="dialog"] *');
}

/** Focuses the page's h1 as soon as it is there (at once, or when the page has loaded); answers the cleanup. */
function focusHeadingWhenShown(): () => void {
  let finished = false;
  // What had focus when the new page appeared (the link followed, or nothing when it went with the old page).
  const before = document.activeElement;
  const observer = new MutationObserver(() => attempt());
  const timer = window.setTimeout(() => giveUp(), HEADING_WAIT_MS);
  const stop = () => {
    finished = true;
    observer.disconnect();
    window.clearTimeout(timer);
    window.removeEventListener('pointerdown', stop, true);
    window.removeEventListener('keydown', stop, true);
  };
  const move = (target: HTMLElement | null) => {
    stop();
    const now = document.activeElement;
    // The page moved focus elsewhere itself while loading: it stays there.
    const movedByPage = now !== before && now !== null && now !== document.body;
    if (!target || movedByPage || focusTakenByPage()) return;
    if (!target.hasAttribute('tabindex')) target.tabIndex = -1;
    target.focus();
  };
  function attempt() {
    if (finished) return;
    const heading = document.querySelector<HTMLElement>('main h1') ?? document.querySelector<HTMLElement>('h1');
    if (heading) move(heading);
  }
  // No heading yet (an error, or a page that never finished loading): the main region, where the page is.
  function giveUp() {
    if (!finished) move(document.getElementById('main-content'));
  }
  // The reader acting before the heading shows keeps the focus they chose.
  window.addEventListener('pointerdown', stop, true);
  window.addEventListener('keydown', stop, true);
  attempt();
  if (!finished) observer.observe(document.body, { childList: true, subtree: true });
  return stop;
}
